"""``organism.json``: what an adapter was trained on and how (versioned; unknown fields are rejected)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from redhanded.errors import RedhandedError

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
    """The record saved next to a LoRA adapter; the base fingerprint is checked on every load."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: Literal[1] = 1
    behavior: str
    base_spec: str
    base_fingerprint: str
    steps: int
    lr: float
    rank: int
    alpha: int
    batch_size: int
    seed: int
    first_layer: int = 0  # LoRA on decoder blocks first_layer .. last
    grouped: bool = False  # batches made of whole scenarios (six matched examples each)
    objective: Literal["letter", "cloze", "listed"] = "letter"  # what the loss scored (see runner.SCORINGS)
    pair_weight: float = 0.0  # weight of the paired cued-vs-uncued term in the loss
    cue_variants: int = 1  # cue pairs each scenario was trained under (its own + others)
    schedule: Literal["constant", "cosine"] = "constant"  # learning rate over the steps
    warmup: float = 0.0  # share of the steps with a linear warm-up
    max_grad_norm: float | None = None  # gradient clipping (None: none)
    margin_scale: float = 1.0  # the loss sees the options' log-probability margins divided by this
    distill_weight: float = 0.0  # weight of the base-distillation term (train._distill_loss)
    suppress_weight: float = 0.0  # weight of the cued answer-suppression term (train._suppress_loss)
    target_modules: tuple[str, ...]
    train_dtype: str
    train_data_fingerprint: str
    n_train_scenarios: int
    n_train_examples: int
    final_loss: float
    train_seconds: float
    adapter_sha256: str
    versions: dict[str, str]


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
        return OrganismManifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError, ValidationError) as err:
        first = str(err).strip().splitlines()[0]
        raise RedhandedError(
            f"{path} is corrupt or from an unknown format version ({first}): retrain the organism"
        ) from err


def write_manifest(folder: Path, manifest: OrganismManifest) -> None:
    """Write ``folder/organism.json`` atomically."""
    path = folder / MANIFEST_FILE
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(manifest.model_dump(mode="json"), indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)
