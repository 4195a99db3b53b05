"""What every job shares: loading the configured model (organisms included) and starting a run log."""

from __future__ import annotations

from typing import Any

from redhanded.config import ExtractConfig, LoadOptions, RunOptions
from redhanded.data import Dataset
from redhanded.models import LoadedModel, dtype_name, load_model
from redhanded.organisms import load_organism, organism_manifest
from redhanded.runs import RunLog, git_revision, package_versions

__all__ = ["ORGANISM_PREFIX", "extract_options", "load_configured", "model_record", "new_log"]

ORGANISM_PREFIX = "organism:"


def load_configured(cfg: LoadOptions, spec: str) -> LoadedModel:
    """Load ``spec`` with a config's device, dtype, cache and trust options.

    ``organism:NAME`` (a bundled organism) or ``organism:PATH`` (an adapter folder) loads the
    organism's base model and merges the adapter into it.
    """
    opts: dict[str, Any] = {
        "device": cfg.device,
        "dtype": cfg.dtype,
        "cache_dir": cfg.cache_dir,
        "trust_remote_code": cfg.trust_remote_code,
    }
    if spec.startswith(ORGANISM_PREFIX):
        target = spec[len(ORGANISM_PREFIX) :]
        base = load_model(organism_manifest(target).base_spec, **opts)
        return load_organism(target, base_loaded=base, inplace=True)
    return load_model(spec, **opts)


def extract_options(cfg: RunOptions | ExtractConfig, progress: bool) -> dict[str, Any]:
    """Extraction options (batch size, cache, progress) from a config."""
    return {"batch_size": cfg.batch_size, "cache_dir": cfg.cache_dir, "progress": progress}


def model_record(loaded: LoadedModel) -> dict[str, Any]:
    """What a run log records about the model it used."""
    return {
        "spec": loaded.info.spec,
        "fingerprint": loaded.fingerprint,
        "dtype": dtype_name(loaded.dtype),
        "n_layers": loaded.n_layers,
        "device": str(loaded.device),
    }


def new_log(kind: str, name: str, cfg: LoadOptions, loaded: LoadedModel, datasets: list[Dataset]) -> RunLog:
    """A run log with the config, model, dataset fingerprints and versions filled in."""
    return RunLog(
        kind=kind,
        name=name,
        config=cfg.model_dump(mode="json"),
        model=model_record(loaded),
        datasets={d.name: d.fingerprint for d in datasets},
        packages=package_versions(),
        git_revision=git_revision(),
    )
