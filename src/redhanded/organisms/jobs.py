"""The organism jobs behind ``redhanded organism train`` and ``redhanded organism validate``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from redhanded.config import OrganismTrainConfig, OrganismValidateConfig
from redhanded.data import load_dataset
from redhanded.models import LoadedModel, dtype_name
from redhanded.organisms.data import RECIPE_DEFAULTS
from redhanded.organisms.load import load_organism, organism_manifest, resolve_organism
from redhanded.organisms.train import train_organism
from redhanded.organisms.validate import validate_organism
from redhanded.pipeline.jobs import extract_options, load_configured
from redhanded.runs import RunLog, git_revision, new_run_dir, package_versions, save_run

__all__ = ["run_organism_train", "run_organism_validate"]

log = logging.getLogger(__name__)

PROBE_TRAIN_DATASET = "instructed-pairs"


def run_organism_train(cfg: OrganismTrainConfig, *, progress: bool = False) -> Path:
    """Load the base model, train the behaviour's adapter, write the adapter folder."""
    base = load_configured(cfg, cfg.base)
    out = cfg.out or Path("organisms") / cfg.behavior
    # the config's recipe fields carry the same names; None leaves the behaviour's recipe value
    return train_organism(
        base,
        cfg.behavior,
        out_dir=out,
        rank=cfg.rank,
        batch_size=cfg.batch_size,
        seed=cfg.seed,
        objective=cfg.objective,
        pair_weight=cfg.pair_weight,
        n_cue_variants=cfg.cue_variants,
        progress=progress,
        **{k: getattr(cfg, k) for k in RECIPE_DEFAULTS},
    )


def _probe(
    cfg: OrganismValidateConfig, base: LoadedModel, progress: bool
) -> tuple[Any, dict[str, Any] | None]:
    """The probe to score responses with: the one given, or one trained on the base model now."""
    from redhanded.pipeline.train import load_trained, train_probe

    if not cfg.use_probe:
        return None, None
    if cfg.probe is not None:
        trained = load_trained(cfg.probe)
        return trained, {"source": str(cfg.probe)}
    log.info("training a deception probe on %s with %s", base.info.spec, PROBE_TRAIN_DATASET)
    trained = train_probe(
        base,
        load_dataset(PROBE_TRAIN_DATASET),
        load_dataset("control"),
        layers=cfg.probe_layers,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
        extract_opts=extract_options(cfg, progress),
    )
    return trained, {"source": f"trained on the base model with {PROBE_TRAIN_DATASET} for this run"}


def run_organism_validate(cfg: OrganismValidateConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Validate an organism against its base model; write ``run.json`` and ``report.html``."""
    from redhanded.pipeline.train import save_trained
    from redhanded.report import build_report

    manifest = organism_manifest(cfg.organism)
    folder = resolve_organism(cfg.organism)
    base = load_configured(cfg, manifest.base_spec)
    organism = load_organism(folder, base_loaded=base)  # checks fingerprint and checksum first
    trained, probe_source = _probe(cfg, base, progress)
    result = validate_organism(
        organism,
        base,
        manifest.behavior,
        trained=trained,
        per_family=cfg.per_family,
        k=cfg.k_resample,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
        batch_size=cfg.batch_size,
        progress=progress,
        scoring=cfg.scoring or manifest.objective,
    )
    if result["probe"] is not None:
        result["probe"] |= probe_source or {}
    result["manifest"] = manifest.model_dump(mode="json")
    result["adapter"] = str(folder)
    run_dir = new_run_dir(cfg.out_dir, f"organism-{manifest.behavior}")
    if trained is not None and cfg.probe is None:
        save_trained(trained, run_dir / "probe-base")
    run = RunLog(
        kind="organism",
        name=run_dir.name,
        config=cfg.model_dump(mode="json"),
        model={
            "spec": organism.info.spec,
            "fingerprint": organism.fingerprint,
            "base_spec": base.info.spec,
            "base_fingerprint": base.fingerprint,
            "dtype": dtype_name(base.dtype),
            "n_layers": base.n_layers,
            "device": str(base.device),
        },
        packages=package_versions(),
        git_revision=git_revision(),
        results={"organism": result},
    )
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run
