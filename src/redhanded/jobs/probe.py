"""``redhanded probe train`` and ``redhanded probe eval``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redhanded.config import ProbeEvalConfig, ProbeTrainConfig, RunOptions
from redhanded.data import Dataset, load_dataset
from redhanded.jobs.common import extract_options, load_configured, new_log
from redhanded.models import LoadedModel
from redhanded.pipeline.sweep import Candidate, default_candidates
from redhanded.pipeline.train import TrainedProbe, evaluate_probe, load_trained, save_trained, train_probe
from redhanded.report import build_report
from redhanded.results import DemoResults, ProbeResults
from redhanded.runs import RunLog, load_run, new_run_dir, save_run

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
) -> tuple[TrainedProbe, dict[str, Any]]:
    """Train a probe on ``train`` (calibrated on ``control``), then evaluate it on ``tests``."""
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
    """Train, calibrate, evaluate on the training set's own test split; save probe, run and report."""
    loaded = load_configured(cfg, cfg.model)
    train, control = load_dataset(cfg.dataset), load_dataset(cfg.control)
    trained, result = train_and_evaluate(
        loaded,
        train,
        control,
        [train.split("test")],
        cfg,
        layers=cfg.layers,
        candidates=_candidates(cfg.probes),
        aggregation=cfg.aggregation,
        target_fpr=cfg.target_fpr,
        progress=progress,
    )
    run_dir = new_run_dir(cfg.out_dir, f"probe-{train.name}")
    save_trained(trained, run_dir)
    run = new_log("probe", run_dir.name, cfg, loaded, [train, control])
    run.cache_keys = result.pop("cache_keys")
    run.results = ProbeResults(probes=[result])
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run


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
    loaded = load_configured(cfg, cfg.model or trained.meta["model"])
    control = load_dataset(cfg.control)
    tests = [load_dataset(name) for name in cfg.datasets]
    evaluations = evaluate_probe(
        loaded,
        trained,
        tests,
        control,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
        extract_opts=extract_options(cfg, progress),
    )
    train_results = _training_record(cfg.probe, trained)
    train_results.pop("cache_keys", None)
    run_dir = new_run_dir(cfg.out_dir, "probe-eval")
    run = new_log("probe", run_dir.name, cfg, loaded, [control, *tests])
    run.cache_keys = {ev["dataset"]: ev.pop("cache_key") for ev in evaluations}
    run.results = ProbeResults(
        probe_dir=str(cfg.probe), probes=[train_results | {"evaluations": evaluations}]
    )
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run
