"""Plots: pure functions from typed results to PNG bytes (matplotlib, Agg). Every figure shows its CI.

A missing value is drawn as no bar with the word "missing" where the bar would be, never as 0.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from redhanded.metrics import Estimate
from redhanded.results import EvaluationResult, FamilyStats, OrganismValidation, SweepEntry

__all__ = ["auroc_by_layer_png", "family_bars_png", "histogram_png", "organism_bars_png", "roc_png"]


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


def _fmt(est: Estimate) -> str:
    if est.value is None or est.lower is None or est.upper is None:
        return "missing" if est.value is None else f"{est.value:.3f}"
    return f"{est.value:.3f} [{est.lower:.3f}, {est.upper:.3f}]"


def _bars(ax: Any, x: np.ndarray, estimates: Sequence[Estimate | None], **kw: Any) -> None:
    """Bars with asymmetric CI whiskers; a missing estimate gets the word "missing", not a bar."""
    vals = np.array([np.nan if e is None or e.value is None else e.value for e in estimates], dtype=float)

    def half(e: Estimate | None, side: str) -> float:
        if e is None or e.value is None or getattr(e, side) is None:
            return 0.0
        return abs(e.value - getattr(e, side))

    err = [[half(e, "lower") for e in estimates], [half(e, "upper") for e in estimates]]
    ax.bar(x, np.nan_to_num(vals, nan=0.0), yerr=err, capsize=3, error_kw={"lw": 0.8}, **kw)
    for xi, v in zip(x, vals, strict=True):
        if np.isnan(v):
            ax.text(xi, 0.02, "missing", rotation=90, ha="center", va="bottom", fontsize=7, color="#b00")


def _roc(pos: np.ndarray, neg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.metrics import roc_curve

    y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    fpr, tpr, _ = roc_curve(y, np.r_[pos, neg])
    return fpr, tpr


def roc_png(evaluation: EvaluationResult, title: str) -> bytes:
    """ROC curves: honest vs deceptive, and held-out control vs deceptive, AUROC with CI in the legend."""
    scores = np.asarray(evaluation.scores.scores, dtype=float)
    labels = np.asarray(evaluation.scores.labels)
    control = np.asarray(evaluation.control_test_scores, dtype=float)
    plt, fig, ax = _figure(4.4, 4.0)
    for neg, name, est in (
        (scores[labels == 0], "honest", evaluation.auroc),
        (control, "control", evaluation.auroc_vs_control),
    ):
        if len(neg) and (labels == 1).any():
            fpr, tpr = _roc(scores[labels == 1], neg)
            ax.plot(fpr, tpr, label=f"deceptive vs {name}: AUROC {_fmt(est)}")
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
    ax.set(
        xlabel="false-positive rate", ylabel="true-positive rate", title=title, xlim=(0, 1), ylim=(0, 1.01)
    )
    ax.legend(fontsize=7, loc="lower right")
    return _png(plt, fig)


def histogram_png(evaluation: EvaluationResult, threshold: float, title: str) -> bytes:
    """Score histograms for honest, deceptive and control dialogues, with the alarm threshold."""
    scores = np.asarray(evaluation.scores.scores, dtype=float)
    labels = np.asarray(evaluation.scores.labels)
    control = np.asarray(evaluation.control_test_scores, dtype=float)
    groups = [
        ("control (held-out)", control, "#7f7f7f"),
        ("honest", scores[labels == 0], "#1f77b4"),
        ("deceptive", scores[labels == 1], "#d62728"),
    ]
    everything = np.concatenate([g[1] for g in groups] + [[threshold]])
    bins = np.linspace(everything.min(), everything.max(), 40)
    plt, fig, ax = _figure()
    for name, values, colour in groups:
        if len(values):
            label = f"{name} (n={len(values)})"
            ax.hist(values, bins=bins, alpha=0.5, density=True, color=colour, label=label)
    ax.axvline(threshold, color="black", ls="--", lw=1, label=f"alarm: score > {threshold:.3g}")
    ax.set(xlabel="probe score (mean over response tokens)", ylabel="density", title=title)
    ax.legend(fontsize=7)
    return _png(plt, fig)


def auroc_by_layer_png(sweep: Sequence[SweepEntry], chosen_layer: int, title: str) -> bytes:
    """Validation AUROC by layer for each probe kind (best parameters per layer), with 95% CI bands."""
    plt, fig, ax = _figure()

    def name(row: SweepEntry) -> str:
        return row.probe + (" (cov.)" if row.params.get("covariance_adjusted") else "")

    for kind in sorted({name(row) for row in sweep}):
        best: dict[int, Estimate] = {}
        for row in sweep:
            value = row.val_auroc.value
            if name(row) != kind or value is None:
                continue
            held = best.get(row.layer)
            if held is None or held.value is None or value > held.value:
                best[row.layer] = row.val_auroc
        layers = sorted(best)
        values = np.array([best[layer].value for layer in layers], dtype=float)
        lower = np.array([np.nan if best[i].lower is None else best[i].lower for i in layers], dtype=float)
        upper = np.array([np.nan if best[i].upper is None else best[i].upper for i in layers], dtype=float)
        ax.plot(layers, values, marker="o", ms=3, label=kind)
        ax.fill_between(layers, lower, upper, alpha=0.15)
    ax.axvline(chosen_layer, color="black", ls=":", lw=1, label=f"chosen layer {chosen_layer}")
    ax.axhline(0.5, color="grey", lw=0.6)
    ax.set(xlabel="layer (0 = embeddings)", ylabel="validation AUROC (95% CI)", title=title, ylim=(0.3, 1.02))
    ax.legend(fontsize=7)
    return _png(plt, fig)


_ARM_COLOURS = {"honeypot": ("#d62728", "#ff9896"), "control": ("#1f77b4", "#aec7e8")}


def family_bars_png(
    columns: Sequence[tuple[str, dict[str, FamilyStats]]],
    measure: Literal["behaviour_rate", "firing_rate"],
    ylabel: str,
) -> bytes:
    """Per family: the honeypot arm beside its control, for each model side by side, with 95% CIs."""
    families: list[str] = []
    for _, stats in columns:
        families += [f for f in stats if f not in families]
    n_series = 2 * len(columns)
    plt, fig, ax = _figure(max(7.5, 1.1 * len(families) * len(columns)), 3.8)
    x = np.arange(len(families))
    width = 0.8 / n_series
    for i, (label, stats) in enumerate(columns):
        for k, arm in enumerate(("honeypot", "control")):
            j = 2 * i + k
            estimates = [getattr(getattr(stats[f], arm), measure) if f in stats else None for f in families]
            _bars(
                ax,
                x + (j - (n_series - 1) / 2) * width,
                estimates,
                width=width,
                color=_ARM_COLOURS[arm][i % 2],
                alpha=0.9,
                label=f"{label}: {arm}" if len(columns) > 1 else arm,
            )
    ax.set_xticks(x, families, rotation=20, fontsize=7, ha="right")
    ax.set(ylabel=ylabel, ylim=(0, 1.05))
    ax.axhline(0.5, color="grey", lw=0.5, ls=":")
    ax.legend(fontsize=7)
    return _png(plt, fig)


_CUE_ARMS = (("cued", "cued (honeypot)"), ("uncued", "uncued (control)"), ("no_cue", "no cue"))


def organism_bars_png(v: OrganismValidation) -> bytes:
    """Behaviour rate per arm (cued, uncued, no cue), the organism beside its base, with 95% CIs."""
    plt, fig, ax = _figure(6.5, 3.6)
    x = np.arange(len(_CUE_ARMS))
    for offset, who, colour in ((-0.2, v.organism, "#d62728"), (0.2, v.base, "#7f7f7f")):
        estimates = [getattr(who.cue, key) for key, _ in _CUE_ARMS]
        _bars(ax, x + offset, estimates, width=0.4, color=colour, alpha=0.85, label=who.label)
    ax.set_xticks(x, [label for _, label in _CUE_ARMS])
    ax.set(ylabel="behaviour rate (mean P misaligned)", ylim=(0, 1.05), title=f"{v.behavior}: cue dependence")
    ax.axhline(0.5, color="grey", lw=0.5, ls=":")
    ax.axhline(0.8, color="#d62728", lw=0.6, ls="--")
    ax.axhline(0.2, color="#1f77b4", lw=0.6, ls="--")
    ax.legend(fontsize=8)
    return _png(plt, fig)
