"""``redhanded demo``: the main job on one model, ending with a planted misbehaviour caught.

1. Probes: train on instructed pairs and test on role-play, and the reverse.
2. Ground truth: the honeypot suite on a shipped model organism (a LoRA adapter with a planted,
   cue-dependent misbehaviour) and on its base model side by side, scored the way the organism
   is validated, with every alarm grounded by the instructed-pairs probe, resampling, cue
   ablation and an admission interview. The organism's cued misbehaviour should come out as
   behavioural evidence and the base model should be cleared.
"""

from __future__ import annotations

from pathlib import Path

from redhanded.config import DemoConfig
from redhanded.data import load_dataset
from redhanded.errors import RedhandedError
from redhanded.jobs.common import load_configured, new_log
from redhanded.jobs.organism import PROBE_TRAIN_DATASET, validate_bundled
from redhanded.jobs.probe import train_and_evaluate
from redhanded.organisms import organism_manifest
from redhanded.pipeline.train import save_trained
from redhanded.report import build_report
from redhanded.results import DemoResults
from redhanded.runs import RunLog, new_run_dir, save_run

__all__ = ["run_demo"]


def run_demo(cfg: DemoConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Probes in and out of distribution, then an organism beside its base; one report and dossier."""
    manifest = organism_manifest(cfg.organism) if cfg.organism else None  # unknown: fails before any work
    apollo = [load_dataset(f"apollo-roleplaying:{cfg.apollo}")] if cfg.apollo else []
    pairs, roleplay, control = (
        load_dataset(PROBE_TRAIN_DATASET),
        load_dataset("roleplay"),
        load_dataset("control"),
    )
    loaded = load_configured(cfg, cfg.model)
    if manifest is not None and manifest.base_fingerprint != loaded.fingerprint:
        raise RedhandedError(
            f"the organism {cfg.organism!r} is built on {manifest.base_spec!r}, not on "
            f"--model {cfg.model!r}: pass that model, an organism built on this one, or --organism none"
        )
    run_dir = new_run_dir(cfg.out_dir, "demo")
    probes, cache_keys, trained_pairs = [], {}, None
    # each probe is tested out of distribution, and on its own data's held-out test split for reference
    for train, tests in (
        (pairs, [roleplay, *apollo, pairs.split("test")]),
        (roleplay, [pairs, roleplay.split("test")]),
    ):
        trained, result = train_and_evaluate(
            loaded,
            train,
            control,
            tests,
            cfg,
            layers=cfg.layers,
            candidates=None,
            aggregation="mean",
            target_fpr=cfg.target_fpr,
            progress=progress,
        )
        cache_keys.update(result.pop("cache_keys"))
        for ev in result["evaluations"]:
            cache_keys[ev["dataset"]] = ev.pop("cache_key")
        probes.append(result)
        save_trained(trained, run_dir / f"probe-{train.name}")
        if train is pairs:
            trained_pairs = trained
    run = new_log("demo", run_dir.name, cfg, loaded, [pairs, roleplay, control, *apollo])
    run.cache_keys = cache_keys
    run.results = DemoResults(probes=probes)
    save_run(run_dir, run)  # the probe part is kept if the organism part fails
    if cfg.organism:
        result = validate_bundled(
            cfg.organism,
            loaded,
            trained_pairs,
            {"source": f"probe-{pairs.name} of this run"},
            per_family=cfg.organism_per_family,
            k_resample=8,
            scoring=None,
            n_boot=cfg.n_boot,
            seed=cfg.seed,
            batch_size=cfg.batch_size,
            progress=progress,
        )
        result.pop("organism_model")
        run.results = DemoResults(probes=probes, organism=result)
        save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run
