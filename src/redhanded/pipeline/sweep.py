"""Layer sweep: fit each candidate probe at each layer on the train split, pick by validation AUROC."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from redhanded.activations import Activations
from redhanded.data import Dataset
from redhanded.errors import RedhandedError
from redhanded.metrics import Estimate, auroc
from redhanded.pipeline.features import Features, features
from redhanded.probes import Aggregation, Probe, aggregate_scores, make_probe

__all__ = ["Candidate", "SweepRow", "default_candidates", "default_layers", "dialogue_scores", "sweep"]

Candidate = tuple[str, dict[str, Any]]


def default_layers(n_layers: int) -> list[int]:
    """Every second layer: 2, 4, ..., n_layers."""
    return list(range(2, n_layers + 1, 2))


def default_candidates() -> list[Candidate]:
    """Logistic probes over a C grid, and the plain and covariance-adjusted mean-difference probes."""
    return [("logistic", {"C": c}) for c in (0.001, 0.01, 0.1, 1.0)] + [
        ("mean-diff", {}),
        ("mean-diff", {"covariance_adjusted": True}),
    ]


@dataclass
class SweepRow:
    """One (layer, probe) cell of the sweep."""

    layer: int
    probe: str
    params: dict[str, Any]
    val_auroc: Estimate
    fitted: Probe

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, without the fitted probe."""
        return {
            "layer": self.layer,
            "probe": self.probe,
            "params": self.params,
            "val_auroc": self.val_auroc,
        }


def dialogue_scores(probe: Probe, feats: Features, aggregation: Aggregation) -> tuple[np.ndarray, np.ndarray]:
    """Per-token and per-dialogue scores (``decision_function``, larger = more deceptive)."""
    token = np.asarray(probe.decision_function(feats.X), dtype=np.float64)
    return token, aggregate_scores(token, feats.offsets, aggregation)


def _check_labels(feats: Features, dataset: Dataset, split: str) -> None:
    n_dec = int((feats.labels == 1).sum())
    n_hon = int((feats.labels == 0).sum())
    if n_dec == 0 or n_hon == 0:
        raise RedhandedError(
            f"dataset {dataset.name!r} {split} split has {n_hon} honest and {n_dec} deceptive dialogues: "
            "training needs both classes; use a labelled dataset with honest and deceptive examples"
        )


def sweep(
    acts: Activations,
    dataset: Dataset,
    layers: Sequence[int],
    candidates: Sequence[Candidate],
    *,
    aggregation: Aggregation = "mean",
    n_boot: int = 200,
    seed: int = 0,
) -> tuple[list[SweepRow], SweepRow]:
    """Fit every candidate at every layer on ``train``; score ``validation``; return all rows and the best.

    Ties in validation AUROC go to the earlier row (shallower layer, earlier candidate).
    """
    rows: list[SweepRow] = []
    for layer in layers:
        train = features(acts, layer, dataset, "train")
        val = features(acts, layer, dataset, "validation")
        _check_labels(train, dataset, "train")
        _check_labels(val, dataset, "validation")
        labelled = train.where(train.labels >= 0)
        for name, params in candidates:
            probe = make_probe(name, **params).fit(labelled.X, labelled.token_labels)
            v = val.where(val.labels >= 0)
            _, scores = dialogue_scores(probe, v, aggregation)
            rows.append(
                SweepRow(layer, name, dict(params), auroc(v.labels, scores, n_boot=n_boot, seed=seed), probe)
            )
    best = max(rows, key=lambda r: (r.val_auroc.value, -rows.index(r)))
    return rows, best
