"""``redhanded probe train`` and ``redhanded probe eval``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from redhanded.config import ProbeEvalConfig, ProbeTrainConfig, RunOptions
from redhanded.data import Dataset
from redhanded.jobs.common import (
    check_dirs,
    check_layer_option,
    check_model_spec,
    check_texts,
    extract_options,
    keep_on_interrupt,
    load_configured,
    load_datasets,
    new_log,
    start_run,
)
from redhanded.models import LoadedModel
from redhanded.pipeline.sweep import Candidate, default_candidates
from redhanded.pipeline.train import (
    TrainedProbe,
    check_probe_fingerprint,
    check_same_model,
    check_test_data,
    check_training_data,
    evaluate_probe,
    load_trained,
    save_trained,
    train_probe,
)
from redhanded.report import build_report
from redhanded.results import DemoResults, ProbeResults
from redhanded.runs import RunLog, load_run, save_run

__all__ = ["run_probe_eval", "run_probe_train", "train_and_evaluate"]


def _candidates(names: tuple[str, ...]) -> list[Candidate]:
    return [c for c in default_candidates() if c[0] in names]


def train_and_evaluate(
    loaded: LoadedModel,
    train: Dataset,
    control: Dataset,
    tests: list[Dataset],
    cfg: RunOptions,
    *,
    layers: tuple[int, ...] | None,
    candidates: list[Candidate] | None,
    aggregation: str,
    target_fpr: float,
    progress: bool,
    keep: Callable[[TrainedProbe], None] | None = None,
) -> tuple[TrainedProbe, dict[str, Any]]:
    """Train a probe on ``train`` (calibrated on ``control``), then evaluate it on ``tests``.

    ``keep`` is called with the trained probe before the evaluations start, to save it.
    """
    trained = train_probe(
        loaded,
        train,
        control,
        layers=layers,
        candidates=candidates,
        aggregation=aggregation,  # type: ignore[arg-type]
        target_fpr=target_fpr,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
        extract_opts=extract_options(cfg, progress),
    )
    if keep is not None:
        keep(trained)
    evaluations = evaluate_probe(
        loaded,
        trained,
        tests,
        control,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
        extract_opts=extract_options(cfg, progress),
    )
    return trained, trained.results | {"evaluations": evaluations}


def run_probe_train(cfg: ProbeTrainConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Train, calibrate, evaluate on the training set's own test split; save probe, run and report.

    The probe is saved in the run directory as soon as it is trained, before the evaluation.
    """
    train, control = load_datasets([("--dataset", cfg.dataset), ("--control", cfg.control)])
    check_training_data(train, control)
    test = train.split("test")
    check_test_data(test, control)
    check_dirs(cfg, cfg.out_dir)
    check_model_spec(cfg, cfg.model)
    run_dir, run = start_run("probe", f"probe-{train.name}", cfg)
    with keep_on_interrupt(run_dir):
        loaded = load_configured(cfg, cfg.model)
        check_layer_option(loaded, cfg.layers, "--layers")
        check_texts(loaded, [train, control])
        run = new_log("probe", run_dir.name, cfg, loaded, [train, control])
        save_run(run_dir, run)

        def keep(trained: TrainedProbe) -> None:
            save_trained(trained, run_dir)
            run.results = ProbeResults(probes=[_without_cache_keys(trained.results)])
            save_run(run_dir, run)

        trained, result = train_and_evaluate(
            loaded,
            train,
            control,
            [test],
            cfg,
            layers=cfg.layers,
            candidates=_candidates(cfg.probes),
            aggregation=cfg.aggregation,
            target_fpr=cfg.target_fpr,
            progress=progress,
            keep=keep,
        )
        run.cache_keys = result.pop("cache_keys")
        run.results = ProbeResults(probes=[result])
        save_run(run_dir, run)
        build_report(run_dir, run)
    return run_dir, run


def _without_cache_keys(results: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in results.items() if k != "cache_keys"}


def _training_record(probe_dir: Path, trained: TrainedProbe) -> dict[str, Any]:
    """The training sweep from the probe's own run, or what the probe folder itself records."""
    if (probe_dir / "run.json").is_file():
        results = load_run(probe_dir).results
        if isinstance(results, (ProbeResults, DemoResults)) and results.probes:
            return results.probes[0].model_dump(mode="json")
    return {  # a probe folder copied without its run.json
        "train_dataset": trained.meta["train_dataset"],
        "layer": trained.layer,
        "probe": trained.meta["probe"],
        "params": trained.meta["params"],
        "aggregation": trained.aggregation,
        "sweep": [],
        "calibration": {
            "threshold": trained.threshold,
            "target_fpr": trained.meta["target_fpr"],
            "n_calibration": 0,
            "realised_fpr": None,
            "note": "not recorded",
        },
    }


def run_probe_eval(cfg: ProbeEvalConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Evaluate a trained probe on datasets; the run carries the training sweep for the report."""
    trained = load_trained(cfg.probe)
    train_results = _training_record(cfg.probe, trained)
    train_results.pop("cache_keys", None)
    control, *tests = load_datasets(
        [("--control", cfg.control)] + [("--dataset", name) for name in cfg.datasets]
    )
    for test in tests:
        check_test_data(test, control)
    spec = cfg.model or trained.meta["model"]
    fix = f"pass --model {trained.meta['model']} (the probe's own model) or retrain the probe"
    check_dirs(cfg, cfg.out_dir)
    fingerprint = check_model_spec(cfg, spec)
    if fingerprint is not None:
        check_probe_fingerprint(trained, fingerprint, spec, fix)
    run_dir, run = start_run("probe", "probe-eval", cfg)
    with keep_on_interrupt(run_dir):
        loaded = load_configured(cfg, spec)
        check_same_model(trained, loaded, fix)
        check_texts(loaded, [control, *tests])
        evaluations = evaluate_probe(
            loaded,
            trained,
            tests,
            control,
            n_boot=cfg.n_boot,
            seed=cfg.seed,
            extract_opts=extract_options(cfg, progress),
        )
        run = new_log("probe", run_dir.name, cfg, loaded, [control, *tests])
        run.cache_keys = {ev["dataset"]: ev.pop("cache_key") for ev in evaluations}
        run.results = ProbeResults(
            probe_dir=str(cfg.probe), probes=[train_results | {"evaluations": evaluations}]
        )
        save_run(run_dir, run)
        build_report(run_dir, run)
    return run_dir, run
