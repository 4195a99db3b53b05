"""Train a deception probe (sweep -> calibrate) and evaluate it on held-out datasets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, ValidationError

from redhanded.activations import extract
from redhanded.data import Dataset
from redhanded.errors import RedhandedError
from redhanded.models import LoadedModel, dtype_name
from redhanded.models import width as model_width
from redhanded.pipeline.calibrate import Calibration, calibrate
from redhanded.pipeline.evaluate import evaluate_scores
from redhanded.pipeline.features import features
from redhanded.pipeline.sweep import Candidate, default_candidates, default_layers, dialogue_scores, sweep
from redhanded.probes import Aggregation, Probe, load_probe, save_probe

__all__ = [
    "ProbeMeta",
    "TrainedProbe",
    "check_probe_fingerprint",
    "check_same_model",
    "check_test_data",
    "check_training_data",
    "evaluate_probe",
    "load_trained",
    "save_trained",
    "train_probe",
]

PROBE_STEM = "probe"


class ProbeMeta(BaseModel):
    """What ``probe.json`` records about a trained probe (checked on load: a probe folder is user input)."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(min_length=1)
    model_fingerprint: str = Field(min_length=1)
    layer: int = Field(ge=0)
    aggregation: Literal["mean", "max", "last"]
    threshold: FiniteFloat
    target_fpr: float
    train_dataset: str
    probe: str
    params: dict[str, Any]


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


def _counts(dataset: Dataset, split: str | None = None) -> tuple[int, int, int]:
    """(honest, deceptive, all) dialogues of a dataset or of one split."""
    chosen = [d for d in dataset.dialogues if split is None or d.split == split]
    return sum(d.label == "honest" for d in chosen), sum(d.label == "deceptive" for d in chosen), len(chosen)


def check_training_data(train: Dataset, control: Dataset) -> None:
    """What :func:`train_probe` needs, checked before any activation is extracted.

    Raises:
        RedhandedError: a train or validation split without both classes, or control data
            without dialogues to calibrate on (train / validation splits) and to check the
            threshold on (test split).
    """
    for split in ("train", "validation"):
        honest, deceptive, _ = _counts(train, split)
        if not (honest and deceptive):
            raise RedhandedError(
                f"dataset {train.name!r} {split} split has {honest} honest and {deceptive} deceptive "
                "dialogues: training needs both classes in its train and validation splits; use a "
                "labelled dataset with honest and deceptive examples (or set meta.split)"
            )
    calibration = sum(d.split != "test" for d in control.dialogues)
    heldout = len(control) - calibration
    if not (calibration and heldout):
        raise RedhandedError(
            f"control dataset {control.name!r} has {calibration} dialogues to calibrate on (train and "
            f"validation splits) and {heldout} held out (test split): it needs both; use a larger "
            "control set (or set meta.split)"
        )


def check_test_data(dataset: Dataset, control: Dataset) -> None:
    """What :func:`evaluate_probe` needs, checked before any activation is extracted.

    Raises:
        RedhandedError: a test dataset without both classes, or control data without a test split.
    """
    honest, deceptive, _ = _counts(dataset)
    if not (honest and deceptive):
        raise RedhandedError(
            f"dataset {dataset.name!r} has {honest} honest and {deceptive} deceptive dialogues: "
            "evaluating a probe needs both; use a labelled dataset"
        )
    if not any(d.split == "test" for d in control.dialogues):
        raise RedhandedError(
            f"control dataset {control.name!r} has no dialogues in its test split, which the "
            "comparison with control data reads: use a larger control set (or set meta.split)"
        )


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
    """Load a probe saved by :func:`save_trained` (a run directory or the probe's stem).

    Raises:
        RedhandedError: no probe there, or a probe file that is corrupt or lacks a field.
    """
    run_dir = Path(run_dir)
    stem = run_dir / PROBE_STEM if run_dir.is_dir() else run_dir.with_suffix("")
    if not stem.with_suffix(".json").is_file():
        raise RedhandedError(
            f"no probe in {run_dir}: pass a run directory written by 'redhanded probe train'"
        )
    probe, raw = load_probe(stem)
    try:
        meta = ProbeMeta.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        where = ".".join(str(part) for part in first["loc"]) or "metadata"
        raise RedhandedError(
            f"probe file {stem.with_suffix('.json')} is corrupt (metadata.{where}: {msg}): "
            "re-run 'redhanded probe train'"
        ) from None
    return TrainedProbe(probe, meta.layer, meta.aggregation, meta.threshold, meta.model_dump())


def check_probe_fingerprint(trained: TrainedProbe, fingerprint: str, spec: str, fix: str) -> None:
    """A probe only means something on the model it was trained on, or an adapter merged into it.

    A probe trained on a base model may read a model organism built on that base (its
    fingerprint is the base's plus ``+lora-<adapter hash>``): that is how organisms are validated.

    Args:
        trained: the probe.
        fingerprint: the model's fingerprint (``LoadedModel.fingerprint`` or
            ``models.spec_fingerprint``, which needs no loading).
        spec: the model, as the user named it.
        fix: what the user can do, e.g. ``"pass --model default or retrain the probe"``.
    """
    if trained.meta["model_fingerprint"] != fingerprint.split("+lora-")[0]:
        raise RedhandedError(
            f"the probe was trained on model {trained.meta['model']!r} (fingerprint "
            f"{trained.meta['model_fingerprint'][:24]}...), not on {spec!r} ({fingerprint[:24]}...): {fix}"
        )


def check_same_model(trained: TrainedProbe, loaded: LoadedModel, fix: str | None = None) -> None:
    """The probe belongs to ``loaded`` (:func:`check_probe_fingerprint`) and fits its width and layers."""
    fix = fix or f"pass the probe's model {trained.meta['model']!r} or retrain the probe"
    check_probe_fingerprint(trained, loaded.fingerprint, loaded.info.spec, fix)
    width = model_width(loaded.model)
    if trained.probe.n_features_in_ != width:
        raise RedhandedError(
            f"the probe reads {trained.probe.n_features_in_} features but {loaded.info.spec!r} has width "
            f"{width}: the probe file does not belong to this model; {fix}"
        )
    if trained.layer > loaded.n_layers:
        raise RedhandedError(
            f"the probe reads layer {trained.layer} but {loaded.info.spec!r} has layers 0-{loaded.n_layers}: "
            f"the probe file does not belong to this model; {fix}"
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
