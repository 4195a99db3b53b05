"""Whole jobs behind the CLI commands: each takes a config and writes one run directory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from redhanded.config import DemoConfig, HoneypotConfig, ProbeEvalConfig, ProbeTrainConfig
from redhanded.data import Dataset, load_dataset
from redhanded.models import LoadedModel, dtype_name, load_model
from redhanded.pipeline.sweep import default_candidates
from redhanded.pipeline.train import (
    TrainedProbe,
    check_same_model,
    evaluate_probe,
    load_trained,
    save_trained,
    train_probe,
)
from redhanded.report import build_report
from redhanded.runs import RunLog, git_revision, load_run, new_run_dir, package_versions, save_run

__all__ = [
    "extract_options",
    "load_configured",
    "run_demo",
    "run_honeypots",
    "run_probe_eval",
    "run_probe_train",
]

log = logging.getLogger(__name__)


def load_configured(cfg: Any, spec: str) -> LoadedModel:
    """Load ``spec`` with a config's device, dtype, cache and trust options."""
    return load_model(
        spec,
        device=cfg.device,
        dtype=cfg.dtype,
        cache_dir=cfg.cache_dir,
        trust_remote_code=cfg.trust_remote_code,
    )


def extract_options(cfg: Any, progress: bool) -> dict[str, Any]:
    """Extraction options (batch size, cache, progress) from a config."""
    return {"batch_size": cfg.batch_size, "cache_dir": cfg.cache_dir, "progress": progress}


def _candidates(names: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    return [c for c in default_candidates() if c[0] in names]


def _new_log(kind: str, name: str, cfg: Any, loaded: LoadedModel, datasets: list[Dataset]) -> RunLog:
    return RunLog(
        kind=kind,
        name=name,
        config=cfg.model_dump(mode="json"),
        model={
            "spec": loaded.info.spec,
            "fingerprint": loaded.fingerprint,
            "dtype": dtype_name(loaded.dtype),
            "n_layers": loaded.n_layers,
            "device": str(loaded.device),
        },
        datasets={d.name: d.fingerprint for d in datasets},
        packages=package_versions(),
        git_revision=git_revision(),
    )


def _train_and_eval(
    loaded: LoadedModel,
    train: Dataset,
    control: Dataset,
    tests: list[Dataset],
    cfg: Any,
    layers: Any,
    candidates: Any,
    aggregation: str,
    progress: bool,
) -> tuple[TrainedProbe, dict]:
    trained = train_probe(
        loaded,
        train,
        control,
        layers=layers,
        candidates=candidates,
        aggregation=aggregation,  # type: ignore[arg-type]
        target_fpr=cfg.target_fpr,
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
    trained, result = _train_and_eval(
        loaded,
        train,
        control,
        [train.split("test")],
        cfg,
        cfg.layers,
        _candidates(cfg.probes),
        cfg.aggregation,
        progress,
    )
    run_dir = new_run_dir(cfg.out_dir, f"probe-{train.name}")
    save_trained(trained, run_dir)
    run = _new_log("probe", run_dir.name, cfg, loaded, [train, control])
    run.cache_keys = result.pop("cache_keys")
    run.results = {"probes": [result]}
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run


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
    try:
        train_results = dict(load_run(cfg.probe).results["probes"][0])
    except Exception:  # the probe may have been copied without its run.json
        train_results = {
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
    train_results.pop("cache_keys", None)
    run_dir = new_run_dir(cfg.out_dir, "probe-eval")
    run = _new_log("probe", run_dir.name, cfg, loaded, [control, *tests])
    run.cache_keys = {ev["dataset"]: ev.pop("cache_key") for ev in evaluations}
    run.results = {"probe_dir": str(cfg.probe), "probes": [train_results | {"evaluations": evaluations}]}
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run


def run_demo(cfg: DemoConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """The main job: train on instructed-pairs -> test on role-play, and the reverse; one report."""
    loaded = load_configured(cfg, cfg.model)
    pairs, roleplay, control = (
        load_dataset("instructed-pairs"),
        load_dataset("roleplay"),
        load_dataset("control"),
    )
    apollo = [load_dataset(f"apollo-roleplaying:{cfg.apollo}")] if cfg.apollo else []
    probes, cache_keys = [], {}
    run_dir = new_run_dir(cfg.out_dir, "demo")
    # each probe is tested out of distribution, and on its own data's held-out test split for reference
    for train, tests in (
        (pairs, [roleplay, *apollo, pairs.split("test")]),
        (roleplay, [pairs, roleplay.split("test")]),
    ):
        trained, result = _train_and_eval(
            loaded, train, control, tests, cfg, cfg.layers, None, "mean", progress
        )
        cache_keys.update(result.pop("cache_keys"))
        for ev in result["evaluations"]:
            cache_keys[ev["dataset"]] = ev.pop("cache_key")
        probes.append(result)
        save_trained(trained, run_dir / f"probe-{train.name}")
    run = _new_log("demo", run_dir.name, cfg, loaded, [pairs, roleplay, control, *apollo])
    run.cache_keys = cache_keys
    run.results = {"probes": probes}
    if cfg.honeypots:
        from redhanded.honeypots.jobs import run_honeypots_on

        hp_cfg = HoneypotConfig(
            probe=run_dir / f"probe-{pairs.name}",
            per_family=4,
            generation_per_family=1,
            n_rollouts=4,
            k_resample=8,
            seed=cfg.seed,
            batch_size=cfg.batch_size,
            n_boot=cfg.n_boot,
        )
        trained = load_trained(run_dir / f"probe-{pairs.name}")
        run.results["honeypots"] = run_honeypots_on(
            loaded, trained, hp_cfg, cache_dir=cfg.cache_dir, progress=progress
        )
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run


def run_honeypots(cfg: HoneypotConfig, *, progress: bool = False) -> tuple[Path, RunLog]:
    """Run the honeypot suite on a model (with a probe if given) and write the dossier."""
    from redhanded.honeypots.jobs import run_honeypots_on

    trained = load_trained(cfg.probe) if cfg.probe else None
    loaded = load_configured(cfg, cfg.model or (trained.meta["model"] if trained else "default"))
    if trained is not None:
        check_same_model(trained, loaded)
    results = run_honeypots_on(loaded, trained, cfg, cache_dir=cfg.cache_dir, progress=progress)
    run_dir = new_run_dir(cfg.out_dir, "honeypots")
    run = _new_log("honeypots", run_dir.name, cfg, loaded, [])
    run.results = {"honeypots": results}
    save_run(run_dir, run)
    build_report(run_dir, run)
    return run_dir, run
