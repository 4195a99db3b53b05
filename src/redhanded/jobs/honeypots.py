"""``redhanded honeypots run``: both arms of every scenario, statistics, grounded alarms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redhanded.config import HoneypotConfig
from redhanded.evidence import honeypot_results
from redhanded.honeypots import HFBackend, RunSettings, load_suite
from redhanded.jobs.common import ORGANISM_PREFIX, load_configured, new_log
from redhanded.models import LoadedModel
from redhanded.organisms import organism_manifest
from redhanded.pipeline.train import TrainedProbe, check_same_model, load_trained
from redhanded.report import build_report
from redhanded.results import HoneypotsResults
from redhanded.runs import RunLog, new_run_dir, save_run

__all__ = ["honeypots_on", "run_honeypots"]


def honeypots_on(
    loaded: LoadedModel, trained: TrainedProbe | None, cfg: HoneypotConfig, *, scoring: str, progress: bool
) -> dict[str, Any]:
    """Run the configured suite on a loaded model (and probe), under ``scoring``."""
    scenarios = load_suite(
        tuple(cfg.families) or None,
        path=cfg.suite,
        per_family=cfg.per_family,
        generation_per_family=cfg.generation_per_family,
    )
    backend = HFBackend(loaded, trained, batch_size=cfg.batch_size, cache_dir=cfg.cache_dir)
    settings = RunSettings(
        n_rollouts=cfg.n_rollouts,
        max_new_tokens=cfg.max_new_tokens,
        temperature=cfg.temperature,
        seed=cfg.seed,
        scoring=scoring,
    )
    out = honeypot_results(
        backend, scenarios, settings=settings, k=cfg.k_resample, n_boot=cfg.n_boot, progress=progress
    )
    out["probe"] = str(cfg.probe) if cfg.probe else None
    return out


def _default_scoring(spec: str) -> str:
    """An organism's own training objective; ``letter`` for any other model."""
    if spec.startswith(ORGANISM_PREFIX):
        return organism_manifest(spec[len(ORGANISM_PREFIX) :]).recipe.objective
    return "letter"


def run_honeypots(cfg: HoneypotConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Run the honeypot suite on a model (with a probe if given) and write the dossier."""
    trained = load_trained(cfg.probe) if cfg.probe else None
    spec = cfg.model or (trained.meta["model"] if trained else "default")
    scoring = cfg.scoring or _default_scoring(spec)
    loaded = load_configured(cfg, spec)
    if trained is not None:
        check_same_model(trained, loaded)
    results = honeypots_on(loaded, trained, cfg, scoring=scoring, progress=progress)
    run_dir = new_run_dir(cfg.out_dir, "honeypots")
    run = new_log("honeypots", run_dir.name, cfg, loaded, [])
    run.results = HoneypotsResults(honeypots=results)
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run
