"""``redhanded organism train`` and ``redhanded organism validate``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from redhanded._io import check_writable_dir
from redhanded.config import OrganismTrainConfig, OrganismValidateConfig
from redhanded.data import Dataset
from redhanded.errors import Interrupted, RedhandedError
from redhanded.jobs.common import (
    check_dirs,
    check_layer_option,
    check_model_spec,
    check_texts,
    extract_options,
    keep_on_interrupt,
    load_configured,
    load_datasets,
    model_record,
    start_run,
)
from redhanded.models import LoadedModel
from redhanded.organisms import TrainRecipe, check_organism, load_organism, recipe
from redhanded.organisms.manifest import MANIFEST_FILE
from redhanded.organisms.train import train_organism
from redhanded.organisms.validate import suite_scenarios, validate_organism
from redhanded.pipeline.train import (
    TrainedProbe,
    check_probe_fingerprint,
    check_same_model,
    check_training_data,
    load_trained,
    save_trained,
    train_probe,
)
from redhanded.report import build_report
from redhanded.results import OrganismResults
from redhanded.runs import RunLog, save_run

__all__ = ["PROBE_TRAIN_DATASET", "run_organism_train", "run_organism_validate", "validate_bundled"]

log = logging.getLogger(__name__)

PROBE_TRAIN_DATASET = "instructed-pairs"


def _check_out_folder(out: Path) -> None:
    """``--out`` is replaced by the new adapter: it must be new, empty, or an organism folder."""
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST_FILE).is_file():
        raise RedhandedError(
            f"--out {out} is a folder with other files in it, which training would replace: pass a new "
            "folder, or the folder of an organism to retrain"
        )
    if out.exists() and not out.is_dir():
        raise RedhandedError(f"--out {out} is a file, not a folder: pass a folder for the adapter")
    check_writable_dir(out.parent, "--out")


def run_organism_train(cfg: OrganismTrainConfig, *, progress: bool = False) -> Path:
    """Check the recipe, load the base model, train the behaviour's adapter, write the adapter folder."""
    given = {k: v for k in TrainRecipe.model_fields if (v := getattr(cfg, k, None)) is not None}
    settings = recipe(cfg.behavior).model_copy(update=given).validated()  # checked before the model loads
    out = cfg.out or Path("organisms") / cfg.behavior
    check_dirs(cfg)
    check_model_spec(cfg, cfg.base)
    _check_out_folder(out)
    base = load_configured(cfg, cfg.base)
    try:
        return train_organism(base, cfg.behavior, settings, out_dir=out, progress=progress)
    except KeyboardInterrupt:
        raise Interrupted(
            f"training stopped before the adapter was written, and {out} is unchanged; "
            "run the same command again to train from the start"
        ) from None


def _probe_data(cfg: OrganismValidateConfig) -> tuple[Dataset, Dataset] | None:
    """The datasets of the probe trained for this run (none when a probe is given or not wanted)."""
    if not cfg.use_probe or cfg.probe is not None:
        return None
    train, control = load_datasets([("training data", PROBE_TRAIN_DATASET), ("control data", "control")])
    check_training_data(train, control)
    return train, control


def _probe(
    cfg: OrganismValidateConfig,
    base: LoadedModel,
    given: TrainedProbe | None,
    data: tuple[Dataset, Dataset] | None,
    progress: bool,
) -> tuple[TrainedProbe | None, dict[str, Any] | None]:
    """The probe to score responses with: the one given, or one trained on the base model now."""
    if given is not None:
        return given, {"source": str(cfg.probe)}
    if data is None:
        return None, None
    log.info("training a deception probe on %s with %s", base.info.spec, PROBE_TRAIN_DATASET)
    trained = train_probe(
        base,
        *data,
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
    other_scoring: bool = True,
) -> dict[str, Any]:
    """Validate an organism (bundled name or adapter folder) beside its already loaded base model."""
    folder, manifest = check_organism(organism_name)
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
        other_scoring=other_scoring,
    )
    if result["probe"] is not None:
        result["probe"] |= probe_source or {}
    result["manifest"] = manifest.model_dump(mode="json")
    result["adapter"] = str(folder)
    result["organism_model"] = model_record(organism)
    return result


def run_organism_validate(cfg: OrganismValidateConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Validate an organism against its base model; write ``run.json`` and ``report.html``.

    A probe trained for the run is saved in ``probe-base/`` as soon as it is trained.
    """
    _, manifest = check_organism(cfg.organism)
    scenarios = suite_scenarios(manifest.behavior, cfg.per_family)
    given = load_trained(cfg.probe) if cfg.use_probe and cfg.probe is not None else None
    fix = (
        f"pass a probe trained on the organism's base model {manifest.base_spec!r} "
        f"(redhanded probe train --model {manifest.base_spec}), or leave out --probe"
    )
    if given is not None:
        check_probe_fingerprint(given, manifest.base_fingerprint, manifest.base_spec, fix)
    data = _probe_data(cfg)
    check_dirs(cfg, cfg.out_dir)
    fingerprint = check_model_spec(cfg, manifest.base_spec)
    if fingerprint is not None and fingerprint != manifest.base_fingerprint:
        raise RedhandedError(
            f"the organism {cfg.organism!r} was trained on a base model {manifest.base_spec!r} with another "
            "fingerprint than the one found now: retrain the organism on it"
        )
    run_dir, run = start_run("organism", f"organism-{manifest.behavior}", cfg)
    with keep_on_interrupt(run_dir):
        base = load_configured(cfg, manifest.base_spec)
        if given is not None:
            check_same_model(given, base, fix)
        check_layer_option(base, cfg.probe_layers if data else None, "--probe-layers")
        check_texts(base, data or (), scenarios)
        trained, probe_source = _probe(cfg, base, given, data, progress)
        if trained is not None and given is None:
            save_trained(trained, run_dir / "probe-base")
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
        organism_model = result.pop("organism_model")
        run.model = {
            "spec": organism_model["spec"],
            "fingerprint": organism_model["fingerprint"],
            "base_spec": base.info.spec,
            "base_fingerprint": base.fingerprint,
            "dtype": organism_model["dtype"],
            "n_layers": base.n_layers,
            "device": str(base.device),
        }
        run.results = OrganismResults(organism=result)
        save_run(run_dir, run)
        build_report(run_dir, run)
    return run_dir, run
