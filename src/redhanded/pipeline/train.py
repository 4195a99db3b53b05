"""Train a deception probe (sweep -> calibrate) and evaluate it on held-out datasets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from redhanded.activations import extract
from redhanded.data import Dataset
from redhanded.errors import RedhandedError
from redhanded.models import LoadedModel, dtype_name
from redhanded.pipeline.calibrate import Calibration, calibrate
from redhanded.pipeline.evaluate import evaluate_scores
from redhanded.pipeline.features import features
from redhanded.pipeline.sweep import Candidate, default_candidates, default_layers, dialogue_scores, sweep
from redhanded.probes import Aggregation, Probe, load_probe, save_probe

__all__ = [
    "TrainedProbe",
    "check_same_model",
    "evaluate_probe",
    "load_trained",
    "save_trained",
    "train_probe",
]

PROBE_STEM = "probe"


@dataclass
class TrainedProbe:
    """A fitted probe with its layer, aggregation, alarm threshold and provenance."""

    probe: Probe
    layer: int
    aggregation: Aggregation
    threshold: float
    meta: dict[str, Any]
    results: dict[str, Any] = field(default_factory=dict)


def _extract(loaded: LoadedModel, dataset: Dataset, layers: Sequence[int], opts: dict[str, Any]):
    return extract(loaded, dataset, layers=layers, **opts)


def train_probe(
    loaded: LoadedModel,
    train: Dataset,
    control: Dataset,
    *,
    layers: Sequence[int] | None = None,
    candidates: Sequence[Candidate] | None = None,
    aggregation: Aggregation = "mean",
    target_fpr: float = 0.01,
    n_boot: int = 1000,
    seed: int = 0,
    extract_opts: dict[str, Any] | None = None,
) -> TrainedProbe:
    """Sweep layers x candidates on ``train`` (train / validation splits), calibrate on ``control``.

    The threshold is fit on the control train + validation splits; the realised FPR is reported
    on the control test split, which is never used for fitting.
    """
    opts = extract_opts or {}
    layers = list(layers) if layers else default_layers(loaded.n_layers)
    candidates = list(candidates) if candidates else default_candidates()
    acts = _extract(loaded, train, layers, opts)
    rows, best = sweep(
        acts, train, layers, candidates, aggregation=aggregation, n_boot=min(n_boot, 200), seed=seed
    )
    control_acts = _extract(loaded, control, [best.layer], opts)
    ctrl = features(control_acts, best.layer, control)
    _, ctrl_scores = dialogue_scores(best.fitted, ctrl, aggregation)
    heldout = np.array([d.split == "test" for d in control.dialogues])
    calib: Calibration = calibrate(ctrl_scores[~heldout], ctrl_scores[heldout], target_fpr)
    meta = {
        "model": loaded.info.spec,
        "model_fingerprint": loaded.fingerprint,
        "dtype": dtype_name(loaded.dtype),
        "layer": best.layer,
        "aggregation": aggregation,
        "positions": "detect",
        "threshold": calib.threshold,
        "target_fpr": target_fpr,
        "train_dataset": train.name,
        "train_fingerprint": train.fingerprint,
        "probe": best.probe,
        "params": best.params,
    }
    results = {
        "train_dataset": train.name,
        "layer": best.layer,
        "probe": best.probe,
        "params": best.params,
        "aggregation": aggregation,
        "sweep": [r.as_dict() for r in rows],
        "calibration": calib.as_dict(),
        "control": {"ids": ctrl.ids, "scores": ctrl_scores.tolist(), "heldout": heldout.tolist()},
        "cache_keys": {train.name: acts.key, control.name: control_acts.key},
    }
    return TrainedProbe(best.fitted, best.layer, aggregation, calib.threshold, meta, results)


def save_trained(trained: TrainedProbe, run_dir: Path) -> Path:
    """Save the probe as ``run_dir/probe.safetensors`` + ``probe.json`` (never pickle)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    save_probe(trained.probe, run_dir / PROBE_STEM, trained.meta)
    return run_dir / f"{PROBE_STEM}.json"


def load_trained(run_dir: Path) -> TrainedProbe:
    """Load a probe saved by :func:`save_trained` (a run directory or the probe's stem)."""
    run_dir = Path(run_dir)
    stem = run_dir / PROBE_STEM if run_dir.is_dir() else run_dir.with_suffix("")
    if not stem.with_suffix(".json").is_file():
        raise RedhandedError(
            f"no probe in {run_dir}: pass a run directory written by 'redhanded probe train'"
        )
    probe, meta = load_probe(stem)
    return TrainedProbe(probe, int(meta["layer"]), meta["aggregation"], float(meta["threshold"]), meta)


def check_same_model(trained: TrainedProbe, loaded: LoadedModel) -> None:
    """A probe only means something on the model it was trained on, or an adapter merged into it.

    A probe trained on a base model may read a model organism built on that base (its
    fingerprint is the base's plus ``+lora-<adapter hash>``): that is how organisms are validated.
    """
    if trained.meta["model_fingerprint"] != loaded.fingerprint.split("+lora-")[0]:
        raise RedhandedError(
            f"the probe was trained on model {trained.meta['model']!r} (fingerprint "
            f"{trained.meta['model_fingerprint'][:24]}...), not on {loaded.info.spec!r} "
            f"({loaded.fingerprint[:24]}...): evaluate with --model {trained.meta['model']} or retrain"
        )


def _heatmaps(loaded: LoadedModel, feats, token_scores, scores, k: int = 3) -> list[dict[str, Any]]:
    """Tokens and token scores of the ``k`` most and ``k`` least suspicious labelled dialogues."""
    labelled = np.flatnonzero(feats.labels >= 0)
    order = labelled[np.argsort(-scores[labelled], kind="stable")]
    chosen = [("most suspicious", i) for i in order[:k]] + [("least suspicious", i) for i in order[::-1][:k]]
    out = []
    for kind, i in chosen:
        lo, hi = feats.offsets[i], feats.offsets[i + 1]
        out.append(
            {
                "kind": kind,
                "id": feats.ids[i],
                "label": {1: "deceptive", 0: "honest"}[int(feats.labels[i])],
                "score": float(scores[i]),
                "tokens": [loaded.tokenizer.decode([int(t)]) for t in feats.token_ids[lo:hi]],
                "token_scores": token_scores[lo:hi].tolist(),
            }
        )
    return out


def evaluate_probe(
    loaded: LoadedModel,
    trained: TrainedProbe,
    datasets: Sequence[Dataset],
    control: Dataset,
    *,
    n_boot: int = 1000,
    seed: int = 0,
    extract_opts: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The four numbers (and balanced accuracy) per dataset, against held-out control data."""
    check_same_model(trained, loaded)
    opts = extract_opts or {}
    layer = trained.layer
    ctrl = features(_extract(loaded, control, [layer], opts), layer, control, "test")
    _, ctrl_scores = dialogue_scores(trained.probe, ctrl, trained.aggregation)
    out = []
    for dataset in datasets:
        acts = _extract(loaded, dataset, [layer], opts)
        feats = features(acts, layer, dataset)
        if not ((feats.labels == 1).any() and (feats.labels == 0).any()):
            raise RedhandedError(
                f"dataset {dataset.name!r} needs honest and deceptive dialogues to evaluate a probe: "
                "use a labelled dataset"
            )
        token_scores, scores = dialogue_scores(trained.probe, feats, trained.aggregation)
        metrics = evaluate_scores(
            scores, feats.labels, ctrl_scores, trained.threshold, n_boot=n_boot, seed=seed
        )
        out.append(
            {
                "dataset": dataset.name,
                "fingerprint": dataset.fingerprint,
                "cache_key": acts.key,
                **metrics,
                "scores": {"ids": feats.ids, "labels": feats.labels.tolist(), "scores": scores.tolist()},
                "control_test_scores": ctrl_scores.tolist(),
                "heatmaps": _heatmaps(loaded, feats, token_scores, scores),
            }
        )
    return out
