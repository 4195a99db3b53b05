"""``redhanded organism train`` and ``redhanded organism validate``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from redhanded.config import OrganismTrainConfig, OrganismValidateConfig
from redhanded.data import load_dataset
from redhanded.jobs.common import extract_options, load_configured, model_record
from redhanded.models import LoadedModel
from redhanded.organisms import TrainRecipe, load_organism, organism_manifest, recipe, resolve_organism
from redhanded.organisms.train import train_organism
from redhanded.organisms.validate import validate_organism
from redhanded.pipeline.train import TrainedProbe, load_trained, save_trained, train_probe
from redhanded.report import build_report
from redhanded.results import OrganismResults
from redhanded.runs import RunLog, git_revision, new_run_dir, package_versions, save_run

__all__ = ["PROBE_TRAIN_DATASET", "run_organism_train", "run_organism_validate", "validate_bundled"]

log = logging.getLogger(__name__)

PROBE_TRAIN_DATASET = "instructed-pairs"


def run_organism_train(cfg: OrganismTrainConfig, *, progress: bool = False) -> Path:
    """Check the recipe, load the base model, train the behaviour's adapter, write the adapter folder."""
    given = {k: v for k in TrainRecipe.model_fields if (v := getattr(cfg, k, None)) is not None}
    settings = recipe(cfg.behavior).model_copy(update=given).validated()  # checked before the model loads
    base = load_configured(cfg, cfg.base)
    out = cfg.out or Path("organisms") / cfg.behavior
    return train_organism(base, cfg.behavior, settings, out_dir=out, progress=progress)


def _probe(
    cfg: OrganismValidateConfig, base: LoadedModel, progress: bool
) -> tuple[TrainedProbe | None, dict[str, Any] | None]:
    """The probe to score responses with: the one given, or one trained on the base model now."""
    if not cfg.use_probe:
        return None, None
    if cfg.probe is not None:
        return load_trained(cfg.probe), {"source": str(cfg.probe)}
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


def validate_bundled(
    organism_name: str,
    base: LoadedModel,
    trained: TrainedProbe | None,
    probe_source: dict[str, Any] | None,
    *,
    per_family: int | None,
    k_resample: int,
    scoring: str | None,
    n_boot: int,
    seed: int,
    batch_size: int,
    progress: bool,
) -> dict[str, Any]:
    """Validate an organism (bundled name or adapter folder) beside its already loaded base model."""
    manifest = organism_manifest(organism_name)
    folder = resolve_organism(organism_name)
    organism = load_organism(folder, base_loaded=base)  # checks fingerprint and checksum first
    result = validate_organism(
        organism,
        base,
        manifest.behavior,
        trained=trained,
        per_family=per_family,
        k=k_resample,
        n_boot=n_boot,
        seed=seed,
        batch_size=batch_size,
        progress=progress,
        scoring=scoring or manifest.recipe.objective,
    )
    if result["probe"] is not None:
        result["probe"] |= probe_source or {}
    result["manifest"] = manifest.model_dump(mode="json")
    result["adapter"] = str(folder)
    result["organism_model"] = model_record(organism)
    return result


def run_organism_validate(cfg: OrganismValidateConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Validate an organism against its base model; write ``run.json`` and ``report.html``."""
    manifest = organism_manifest(cfg.organism)
    base = load_configured(cfg, manifest.base_spec)
    trained, probe_source = _probe(cfg, base, progress)
    result = validate_bundled(
        cfg.organism,
        base,
        trained,
        probe_source,
        per_family=cfg.per_family,
        k_resample=cfg.k_resample,
        scoring=cfg.scoring,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
        batch_size=cfg.batch_size,
        progress=progress,
    )
    run_dir = new_run_dir(cfg.out_dir, f"organism-{manifest.behavior}")
    if trained is not None and cfg.probe is None:
        save_trained(trained, run_dir / "probe-base")
    organism_model = result.pop("organism_model")
    run = RunLog(
        kind="organism",
        name=run_dir.name,
        config=cfg.model_dump(mode="json"),
        model={
            "spec": organism_model["spec"],
            "fingerprint": organism_model["fingerprint"],
            "base_spec": base.info.spec,
            "base_fingerprint": base.fingerprint,
            "dtype": organism_model["dtype"],
            "n_layers": base.n_layers,
            "device": str(base.device),
        },
        packages=package_versions(),
        git_revision=git_revision(),
        results=OrganismResults(organism=result),
    )
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run
