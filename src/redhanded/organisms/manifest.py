"""``organism.json``: what an adapter was trained on and how (versioned; unknown fields are rejected)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from redhanded.errors import RedhandedError
from redhanded.organisms.recipes import TrainRecipe

__all__ = [
    "ADAPTER_FILE",
    "MANIFEST_FILE",
    "OrganismManifest",
    "file_digest",
    "read_manifest",
    "write_manifest",
]

MANIFEST_FILE = "organism.json"
ADAPTER_FILE = "adapter_model.safetensors"  # written by peft's save_pretrained(safe_serialization=True)


class OrganismManifest(BaseModel):
    """The record saved next to a LoRA adapter; the base fingerprint is checked on every load.

    Format 2 embeds the :class:`~redhanded.organisms.recipes.TrainRecipe` the adapter was trained
    with; format 1 (the settings as flat fields) is not read.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: Literal[2] = 2
    behavior: str
    base_spec: str  # how to load the base again: a bundled name or hub id, or an absolute path
    base_fingerprint: str
    recipe: TrainRecipe
    target_modules: tuple[str, ...]  # the LoRA-adapted projections (last name component)
    train_dtype: str
    train_data_fingerprint: str  # data.scenarios_fingerprint of the training scenarios
    n_train_scenarios: int
    n_train_examples: int
    final_loss: float  # mean over the last 10 steps
    train_seconds: float
    adapter_sha256: str  # file_digest of ADAPTER_FILE, checked before every load
    versions: dict[str, str]  # peft, torch, transformers


def file_digest(path: Path) -> str:
    """``sha256:<hex>`` of a file's bytes."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(folder: Path) -> OrganismManifest:
    """Read and validate ``folder/organism.json``."""
    path = folder / MANIFEST_FILE
    if not path.is_file():
        raise RedhandedError(
            f"{folder} is not an organism folder (no {MANIFEST_FILE}): pass a folder written by "
            "'redhanded organism train' or a bundled organism name"
        )
    try:
        return OrganismManifest.model_validate(json.loads(path.read_bytes()))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as err:
        raise RedhandedError(f"{path} is corrupt ({err}): retrain the organism") from None
    except RecursionError:
        raise RedhandedError(f"{path} is corrupt (nested too deeply): retrain the organism") from None
    except ValidationError as err:
        first = err.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        where = ".".join(str(part) for part in first["loc"]) or "organism.json"
        raise RedhandedError(
            f"{path} is corrupt or from an unknown format version ({where}: {msg}): retrain the organism"
        ) from None


def write_manifest(folder: Path, manifest: OrganismManifest) -> None:
    """Write ``folder/organism.json`` atomically."""
    path = folder / MANIFEST_FILE
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(manifest.model_dump(mode="json"), indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)
