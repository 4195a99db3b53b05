"""``redhanded honeypots run``: both arms of every scenario, statistics, grounded alarms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redhanded.config import HoneypotConfig
from redhanded.data import Scenario
from redhanded.evidence import honeypot_results
from redhanded.honeypots import HFBackend, RunSettings, load_suite
from redhanded.jobs.common import (
    ORGANISM_PREFIX,
    check_dirs,
    check_model_spec,
    check_texts,
    keep_on_interrupt,
    load_configured,
    new_log,
    start_run,
)
from redhanded.models import LoadedModel
from redhanded.organisms import organism_manifest
from redhanded.pipeline.train import TrainedProbe, check_probe_fingerprint, check_same_model, load_trained
from redhanded.report import build_report
from redhanded.results import HoneypotsResults
from redhanded.runs import RunLog, save_run

__all__ = ["honeypots_on", "run_honeypots", "suite_of"]


def suite_of(cfg: HoneypotConfig) -> list[Scenario]:
    """The configured scenarios (checked as they load: fields, ``{cue}``, regexes, families)."""
    return load_suite(
        tuple(cfg.families) or None,
        path=cfg.suite,
        per_family=cfg.per_family,
        generation_per_family=cfg.generation_per_family,
    )


def honeypots_on(
    loaded: LoadedModel,
    trained: TrainedProbe | None,
    cfg: HoneypotConfig,
    *,
    scoring: str,
    progress: bool,
    scenarios: list[Scenario],
) -> dict[str, Any]:
    """Run ``scenarios`` (:func:`suite_of`) on a loaded model (and probe), under ``scoring``."""
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
    scenarios = suite_of(cfg)
    spec = cfg.model or (trained.meta["model"] if trained else "default")
    scoring = cfg.scoring or _default_scoring(spec)
    check_dirs(cfg, cfg.out_dir)
    fingerprint = check_model_spec(cfg, spec)
    fix = "pass the probe's own model with --model, or a probe trained on this one"
    if trained is not None and fingerprint is not None:
        check_probe_fingerprint(trained, fingerprint, spec, fix)
    run_dir, run = start_run("honeypots", "honeypots", cfg)
    with keep_on_interrupt(run_dir):
        loaded = load_configured(cfg, spec)
        if trained is not None:
            check_same_model(trained, loaded, fix)
        check_texts(loaded, scenarios=scenarios)
        run = new_log("honeypots", run_dir.name, cfg, loaded, [])
        save_run(run_dir, run)
        results = honeypots_on(loaded, trained, cfg, scoring=scoring, progress=progress, scenarios=scenarios)
        run.results = HoneypotsResults(honeypots=results)
        save_run(run_dir, run)
        build_report(run_dir, run)
    return run_dir, run
