"""Load an organism: check the adapter against its base model, apply it, merge it into the weights.

An organism is a folder with ``adapter_model.safetensors`` + ``adapter_config.json`` (peft) and
``organism.json`` (:class:`~redhanded.organisms.manifest.OrganismManifest`). A bundled organism is
such a folder in the package (``organisms/adapters/<behavior>/``). Loading never unpickles: the
adapter must be a safetensors file whose SHA-256 the manifest records, checked before peft's own
loader (``PeftModel.from_pretrained``) reads it. The LoRA update is merged into the base weights,
so the result is a plain causal LM that every other part of redhanded (hooks, activation cache,
honeypot runner) handles like any model.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import torch
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from redhanded.errors import RedhandedError
from redhanded.models import LoadedModel, ModelInfo
from redhanded.organisms.data import BEHAVIORS
from redhanded.organisms.manifest import ADAPTER_FILE, OrganismManifest, file_digest, read_manifest

__all__ = ["bundled_organisms", "check_organism", "load_organism", "organism_manifest", "resolve_organism"]

_CONFIG_FILE = "adapter_config.json"


def _bundled_root() -> Path:
    return Path(str(resources.files("redhanded.organisms"))) / "adapters"


def bundled_organisms() -> list[str]:
    """Names of the organisms shipped with the package (folders with an ``organism.json``)."""
    root = _bundled_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "organism.json").is_file())


def resolve_organism(name_or_path: str | Path) -> Path:
    """The adapter folder that ``name_or_path`` names: an existing folder, or a bundled organism."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path.resolve()
    name = str(name_or_path)
    bundled = bundled_organisms()
    if name in bundled:
        return _bundled_root() / name
    if name in BEHAVIORS:
        raise RedhandedError(
            f"no bundled adapter for the organism {name!r} in this version: train one with "
            f"'redhanded organism train --behavior {name}' and pass its folder"
        )
    known = ", ".join(bundled) or "none bundled"
    raise RedhandedError(
        f"unknown organism {name!r}: pass an adapter folder or a bundled organism name ({known})"
    )


def organism_manifest(name_or_path: str | Path) -> OrganismManifest:
    """The manifest of an organism (to find its base model before loading it)."""
    return read_manifest(resolve_organism(name_or_path))


class _LoraFields(BaseModel):
    """The LoRA settings redhanded's organisms use, as ``adapter_config.json`` must give them."""

    model_config = ConfigDict(extra="ignore", strict=True)

    r: int = Field(ge=1)
    lora_alpha: int | float = Field(gt=0)
    lora_dropout: int | float = Field(0.0, ge=0, lt=1)
    target_modules: list[str] | str = Field(min_length=1)
    layers_to_transform: list[Annotated[int, Field(ge=0)]] | Annotated[int, Field(ge=0)] | None = None
    bias: Literal["none", "all", "lora_only"] = "none"
    fan_in_fan_out: bool = False
    task_type: str | None = None


# fields that describe an adapter without changing what it computes
_DESCRIPTIVE = {
    "peft_type",
    "peft_version",
    "auto_mapping",
    "base_model_name_or_path",
    "revision",
    "inference_mode",
}


def _lora_config(path: Path, raw: Any) -> Any:
    """A peft ``LoraConfig`` built from the checked fields of ``adapter_config.json``.

    peft is handed this config, never the file: a field redhanded does not use (DoRA, aLoRA,
    layer replication, rank patterns, ...) must keep peft's default, so no setting in the file
    can change what the adapter computes without being checked here.
    """
    from peft import LoraConfig

    if not isinstance(raw, dict) or raw.get("peft_type") != "LORA":
        raise RedhandedError(f"{path} is not a LoRA adapter config: retrain the organism")
    try:
        fields = _LoraFields.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        where = ".".join(str(part) for part in first["loc"]) or "config"
        raise RedhandedError(f"{path}: {where}: {msg}: retrain the organism") from None
    defaults = LoraConfig().to_dict()
    for key, value in raw.items():
        if key in _LoraFields.model_fields or key in _DESCRIPTIVE:
            continue
        default = defaults.get(key)
        if value != default and not (value in (None, False, {}, []) and key not in defaults):
            raise RedhandedError(
                f"{path}: {key} = {value!r}, a LoRA setting redhanded's organisms do not use (peft's "
                f"default is {default!r}): retrain the organism with 'redhanded organism train'"
            )
    try:
        return LoraConfig(**fields.model_dump())
    except (TypeError, ValueError) as err:
        raise RedhandedError(f"{path} is not a usable LoRA config ({err}): retrain the organism") from None


def _check_adapter(folder: Path, manifest: OrganismManifest) -> Any:
    """The adapter's LoRA config, after checking that the weights file is there and unchanged."""
    weights = folder / ADAPTER_FILE
    if not weights.is_file():
        raise RedhandedError(
            f"{folder} has no {ADAPTER_FILE} (only safetensors adapters are loaded): retrain the organism"
        )
    actual = file_digest(weights)
    if actual != manifest.adapter_sha256:
        raise RedhandedError(
            f"{weights} is corrupt or was changed after training (SHA-256 {actual[7:19]}..., "
            f"organism.json expects {manifest.adapter_sha256[7:19]}...): retrain or re-download the organism"
        )
    try:
        raw = json.loads((folder / _CONFIG_FILE).read_bytes())
    except (OSError, ValueError, RecursionError):
        raise RedhandedError(f"{folder / _CONFIG_FILE} is missing or corrupt: retrain the organism") from None
    return _lora_config(folder / _CONFIG_FILE, raw)


def check_organism(name_or_path: str | Path) -> tuple[Path, OrganismManifest]:
    """Check an organism's files before any model is loaded: manifest, adapter checksum, LoRA config.

    Returns:
        The adapter folder and its manifest (whose ``base_fingerprint`` the caller compares with
        the base model's, e.g. :func:`redhanded.models.spec_fingerprint`).
    """
    folder = resolve_organism(name_or_path)
    manifest = read_manifest(folder)
    _check_adapter(folder, manifest)
    return folder, manifest


def _adapter_keys(folder: Path) -> set[str]:
    """The tensor names in the adapter file (read from its safetensors header, no tensor loaded)."""
    from safetensors import safe_open

    with safe_open(str(folder / ADAPTER_FILE), framework="pt") as f:
        return set(f.keys())


def load_organism(
    name_or_path: str | Path, *, base_loaded: LoadedModel, inplace: bool = False
) -> LoadedModel:
    """The base model with the organism's LoRA adapter merged in.

    The adapter is loaded by peft (``PeftModel.from_pretrained``), only after the checks: the
    base fingerprint matches the manifest's, the weights file is a safetensors file whose SHA-256
    is the manifest's, and the config is a LoRA config. peft then reads the safetensors file (it
    prefers it to any pickled ``.bin``), and every tensor in it must land in the model.

    Args:
        name_or_path: an adapter folder written by :func:`~redhanded.organisms.train.train_organism`,
            or the name of a bundled organism.
        base_loaded: the base model the adapter was trained on (its fingerprint must match).
        inplace: merge into ``base_loaded.model`` itself instead of a copy (saves memory; the
            base is then changed).

    Raises:
        RedhandedError: a missing, corrupt or mismatched adapter (wrong base fingerprint).
    """
    from peft import PeftModel, get_peft_model_state_dict
    from safetensors import SafetensorError

    folder = resolve_organism(name_or_path)
    manifest = read_manifest(folder)
    if manifest.base_fingerprint != base_loaded.fingerprint:
        raise RedhandedError(
            f"organism {str(name_or_path)!r} was trained on a base model with fingerprint "
            f"{manifest.base_fingerprint}, but the loaded model {base_loaded.info.spec!r} has "
            f"{base_loaded.fingerprint}: load its base model {manifest.base_spec!r} or retrain the organism"
        )
    lora_config = _check_adapter(folder, manifest)
    model = base_loaded.model if inplace else copy.deepcopy(base_loaded.model)
    try:
        saved = _adapter_keys(folder)
        with torch.random.fork_rng(devices=[]):  # peft initialises LoRA weights before loading them
            peft_model: Any = PeftModel.from_pretrained(
                model,
                str(folder),
                config=lora_config,
                is_trainable=False,
                torch_device=str(base_loaded.device),
            )
    except RuntimeError as err:  # shape mismatches
        first = str(err).strip().splitlines()[0]
        raise RedhandedError(f"the adapter in {folder} does not fit the base model ({first})") from err
    except (SafetensorError, ValueError, TypeError, OSError, KeyError, AttributeError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise RedhandedError(f"cannot read the adapter in {folder} ({first}): retrain the organism") from err
    loaded = set(get_peft_model_state_dict(peft_model))
    if saved != loaded:
        key = sorted(saved ^ loaded)[0]
        raise RedhandedError(
            f"the adapter in {folder} does not match the base model's modules (e.g. {key}): retrain it"
        )
    merged = peft_model.merge_and_unload()
    merged.eval()
    merged.requires_grad_(False)
    info = ModelInfo(
        spec=f"organism:{name_or_path}",
        kind="organism",
        location=str(folder),
        note=f"{manifest.behavior} organism: LoRA r={lora_config.r} on {manifest.base_spec}",
    )
    fingerprint = f"{base_loaded.fingerprint}+lora-{manifest.adapter_sha256}"
    return LoadedModel(
        merged, base_loaded.tokenizer, fingerprint, info, base_loaded.device, base_loaded.dtype
    )
