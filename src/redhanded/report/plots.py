"""Plots for probe runs: pure functions from RunLog results to PNG bytes (matplotlib, Agg)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["auroc_by_layer_png", "histogram_png", "roc_png"]


def _figure(width: float = 5.0, height: float = 3.6) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    return plt, fig, ax


def _png(plt: Any, fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _roc(pos: np.ndarray, neg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.metrics import roc_curve

    y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    fpr, tpr, _ = roc_curve(y, np.r_[pos, neg])
    return fpr, tpr


def roc_png(evaluation: dict[str, Any], title: str) -> bytes:
    """ROC curves: honest vs deceptive, and held-out control vs deceptive."""
    scores = np.asarray(evaluation["scores"]["scores"], dtype=float)
    labels = np.asarray(evaluation["scores"]["labels"])
    control = np.asarray(evaluation["control_test_scores"], dtype=float)
    plt, fig, ax = _figure(4.4, 4.0)
    for neg, name, key in (
        (scores[labels == 0], "honest", "auroc"),
        (control, "control", "auroc_vs_control"),
    ):
        fpr, tpr = _roc(scores[labels == 1], neg)
        est = evaluation[key]
        ax.plot(fpr, tpr, label=f"deceptive vs {name}: AUROC {_fmt(est)}")
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
    ax.set(
        xlabel="false-positive rate", ylabel="true-positive rate", title=title, xlim=(0, 1), ylim=(0, 1.01)
    )
    ax.legend(fontsize=7, loc="lower right")
    return _png(plt, fig)


def histogram_png(evaluation: dict[str, Any], threshold: float, title: str) -> bytes:
    """Score histograms for honest, deceptive and control dialogues, with the alarm threshold."""
    scores = np.asarray(evaluation["scores"]["scores"], dtype=float)
    labels = np.asarray(evaluation["scores"]["labels"])
    control = np.asarray(evaluation["control_test_scores"], dtype=float)
    groups = [
        ("control (held-out)", control, "#7f7f7f"),
        ("honest", scores[labels == 0], "#1f77b4"),
        ("deceptive", scores[labels == 1], "#d62728"),
    ]
    everything = np.concatenate([g[1] for g in groups] + [[threshold]])
    bins = np.linspace(everything.min(), everything.max(), 40)
    plt, fig, ax = _figure()
    for name, values, colour in groups:
        ax.hist(values, bins=bins, alpha=0.5, density=True, color=colour, label=f"{name} (n={len(values)})")
    ax.axvline(threshold, color="black", ls="--", lw=1, label=f"threshold {threshold:.3g} (alarm if >)")
    ax.set(xlabel="probe score (mean over response tokens)", ylabel="density", title=title)
    ax.legend(fontsize=7)
    return _png(plt, fig)


def auroc_by_layer_png(sweep: Sequence[dict[str, Any]], chosen_layer: int, title: str) -> bytes:
    """Validation AUROC by layer for each probe kind (best parameters per layer), with CIs."""
    plt, fig, ax = _figure()
    kinds = sorted(
        {row["probe"] + (" (cov.)" if row["params"].get("covariance_adjusted") else "") for row in sweep}
    )
    for kind in kinds:
        best: dict[int, dict[str, Any]] = {}
        for row in sweep:
            name = row["probe"] + (" (cov.)" if row["params"].get("covariance_adjusted") else "")
            value = row["val_auroc"]["value"]
            if name == kind and (row["layer"] not in best or value > best[row["layer"]]["value"]):
                best[row["layer"]] = row["val_auroc"]
        layers = sorted(best)
        values = np.array([best[layer]["value"] for layer in layers], dtype=float)
        lower = np.array([best[layer]["lower"] for layer in layers], dtype=float)
        upper = np.array([best[layer]["upper"] for layer in layers], dtype=float)
        ax.plot(layers, values, marker="o", ms=3, label=kind)
        ax.fill_between(layers, lower, upper, alpha=0.15)
    ax.axvline(chosen_layer, color="black", ls=":", lw=1, label=f"chosen layer {chosen_layer}")
    ax.axhline(0.5, color="grey", lw=0.6)
    ax.set(xlabel="layer (0 = embeddings)", ylabel="validation AUROC (95% CI)", title=title, ylim=(0.3, 1.02))
    ax.legend(fontsize=7)
    return _png(plt, fig)


def _fmt(est: dict[str, Any] | None) -> str:
    if not est or est.get("value") is None:
        return "missing"
    return f"{est['value']:.3f}"
