"""``redhanded demo``: the main job on one model, ending with a planted misbehaviour caught.

1. Probes: train on instructed pairs and test on role-play, and the reverse.
2. Ground truth: the honeypot suite on a shipped model organism (a LoRA adapter with a planted,
   cue-dependent misbehaviour) and on its base model side by side, scored the way the organism
   is validated, with every alarm grounded by the instructed-pairs probe, resampling, cue
   ablation and an admission interview. The organism's cued misbehaviour should come out as
   behavioural evidence and the base model should be cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from redhanded.config import DemoConfig
from redhanded.errors import RedhandedError
from redhanded.jobs.common import (
    check_dirs,
    check_layer_option,
    check_model_spec,
    check_texts,
    keep_on_interrupt,
    load_configured,
    load_datasets,
    new_log,
    start_run,
)
from redhanded.jobs.organism import PROBE_TRAIN_DATASET, validate_bundled
from redhanded.jobs.probe import train_and_evaluate
from redhanded.organisms import check_organism
from redhanded.organisms.validate import suite_scenarios
from redhanded.pipeline.train import TrainedProbe, check_test_data, check_training_data, save_trained
from redhanded.report import build_report
from redhanded.results import DemoResults
from redhanded.runs import RunLog, save_run

__all__ = ["run_demo"]


def _saver(folder: Path) -> Callable[[TrainedProbe], None]:
    def keep(trained: TrainedProbe) -> None:
        save_trained(trained, folder)

    return keep


def run_demo(cfg: DemoConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Probes in and out of distribution, then an organism beside its base; one report and dossier.

    Each probe is saved as soon as it is trained, and ``run.json`` after each part, so a failure
    or a Ctrl-C in the organism part keeps the probes.
    """
    manifest = check_organism(cfg.organism)[1] if cfg.organism else None  # unknown: fails before any work
    specs = [("", PROBE_TRAIN_DATASET), ("", "roleplay"), ("", "control")]
    if cfg.apollo:
        specs.append(("--apollo", f"apollo-roleplaying:{cfg.apollo}"))
    pairs, roleplay, control, *apollo = load_datasets(specs)
    plan = (
        (pairs, [roleplay, *apollo, pairs.split("test")]),
        (roleplay, [pairs, roleplay.split("test")]),
    )
    for train, tests in plan:
        check_training_data(train, control)
        for test in tests:
            check_test_data(test, control)
    scenarios = suite_scenarios(manifest.behavior, cfg.organism_per_family) if manifest else []
    check_dirs(cfg, cfg.out_dir)
    fingerprint = check_model_spec(cfg, cfg.model)
    if manifest is not None and fingerprint is not None and manifest.base_fingerprint != fingerprint:
        raise RedhandedError(
            f"the organism {cfg.organism!r} is built on {manifest.base_spec!r}, not on "
            f"--model {cfg.model!r}: pass that model, an organism built on this one, or --organism none"
        )
    run_dir, run = start_run("demo", "demo", cfg)
    with keep_on_interrupt(run_dir):
        loaded = load_configured(cfg, cfg.model)
        if manifest is not None and manifest.base_fingerprint != loaded.fingerprint:
            raise RedhandedError(
                f"the organism {cfg.organism!r} is built on {manifest.base_spec!r}, not on "
                f"--model {cfg.model!r}: pass that model, an organism built on this one, or --organism none"
            )
        check_layer_option(loaded, cfg.layers, "--layers")
        check_texts(loaded, [pairs, roleplay, control, *apollo], scenarios)
        run = new_log("demo", run_dir.name, cfg, loaded, [pairs, roleplay, control, *apollo])
        save_run(run_dir, run)
        probes: list[dict] = []
        trained_pairs: TrainedProbe | None = None
        # each probe is tested out of distribution, and on its own data's held-out test split for reference
        for train, tests in plan:
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
                keep=_saver(run_dir / f"probe-{train.name}"),
            )
            run.cache_keys.update(result.pop("cache_keys"))
            for ev in result["evaluations"]:
                run.cache_keys[ev["dataset"]] = ev.pop("cache_key")
            probes.append(result)
            if train is pairs:
                trained_pairs = trained
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
                other_scoring=False,  # `organism validate` adds the letter-scored rates
            )
            result.pop("organism_model")
            run.results = DemoResults(probes=probes, organism=result)
            save_run(run_dir, run)
        build_report(run_dir, run)
    return run_dir, run
