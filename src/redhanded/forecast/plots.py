"""Plots for the forecast commands (matplotlib, Agg backend, imported lazily).

Each function draws one PNG from a result object and writes it atomically.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redhanded.forecast._run import atomic_write_bytes

if TYPE_CHECKING:
    from redhanded.forecast.rnd import MonteCarloResult, SweepResult
    from redhanded.forecast.scheming import LedgerResult
    from redhanded.forecast.trends import TrendResult

__all__ = ["plot_ledger", "plot_monte_carlo", "plot_sweep", "plot_trend"]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> Path:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    _pyplot().close(fig)
    atomic_write_bytes(path, buf.getvalue())
    return path


def _day(ordinal: float) -> date:
    return date.fromordinal(1) + timedelta(days=round(ordinal) - 1)


def plot_trend(result: TrendResult, path: Path) -> Path:
    """Log-scale value vs release date: points (frontier filled), the fit and its band."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 5))
    for used in (False, True):
        pts = [p for p, u in zip(result.points, result.used, strict=True) if u == used]
        if not pts:
            continue
        xs = [p.release_date for p in pts]
        ys = [p.value for p in pts]
        lo = [p.value - p.ci_low if p.ci_low is not None else 0.0 for p in pts]
        hi = [p.ci_high - p.value if p.ci_high is not None else 0.0 for p in pts]
        ax.errorbar(
            xs,
            ys,
            yerr=[lo, hi],
            fmt="o",
            capsize=2,
            color="C0" if used else "0.6",
            alpha=1.0 if used else 0.6,
            label="in fit (frontier, window)" if used else "not in fit",
        )
    days = [_day(b[0]) for b in result.band]
    ax.plot(days, [math.exp(b[1]) for b in result.band], color="C1", label="fit")
    ax.fill_between(
        days,
        [math.exp(b[2]) for b in result.band],
        [math.exp(b[3]) for b in result.band],
        color="C1",
        alpha=0.2,
        label=f"{result.doubling_time_days.level:.0%} band",
    )
    if result.target is not None:
        ax.axhline(result.target, color="0.3", ls="--", lw=1, label=f"target {result.target:g}")
    ax.set_yscale("log")
    ax.set_xlabel("release date")
    ax.set_ylabel(result.metric)
    d = result.doubling_time_days
    ax.set_title(f"doubling time {d.fmt(0, ' d')}\nwindow {result.window.describe()}", fontsize=10)
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    return _save(fig, path)


def plot_sweep(result: SweepResult, path: Path) -> Path:
    """Heat-map of the progress ratio over lambda (x) and sigma (y), log colour scale."""
    plt = _pyplot()
    from matplotlib.colors import LogNorm

    fig, ax = plt.subplots(figsize=(7, 5))
    z = [list(row) for row in result.ratios]
    im = ax.imshow(
        z,
        origin="lower",
        aspect="auto",
        cmap="viridis",
        norm=LogNorm(vmin=min(map(min, z)), vmax=max(map(max, z))),
    )
    ax.set_xticks(range(len(result.parallel_exponents)), [f"{v:.2g}" for v in result.parallel_exponents])
    ax.set_yticks(range(len(result.sigmas)), [f"{v:.2g}" for v in result.sigmas])
    for i, row in enumerate(z):
        for j, v in enumerate(row):
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=6, color="w")
    ax.set_xlabel("lambda (parallelisation exponent)")
    ax.set_ylabel("sigma (labour-compute elasticity)")
    ax.set_title(f"progress ratio {result.a} / {result.b} (alpha = {result.labour_share:g})", fontsize=10)
    fig.colorbar(im, ax=ax, label="ratio")
    return _save(fig, path)


def plot_monte_carlo(result: MonteCarloResult, path: Path) -> Path:
    """Histogram of the Monte Carlo progress ratios (log x axis) with the interval."""
    import numpy as np

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    s = result.samples
    bins = np.geomspace(max(float(s.min()), 1e-12), max(float(s.max()), 1e-12) * 1.0001, 60)
    ax.hist(s, bins=bins, color="C0", alpha=0.8)
    ax.set_xscale("log")
    r = result.ratio
    for v in (r.lower, r.upper):
        ax.axvline(v, color="C1", ls="--")
    ax.axvline(r.estimate, color="C1")
    ax.set_xlabel(f"progress ratio {result.a} / {result.b}")
    ax.set_title(f"median {r.estimate:.3g}, {r.level:.0%} interval {r.lower:.3g}-{r.upper:.3g}", fontsize=10)
    return _save(fig, path)


def plot_ledger(result: LedgerResult, path: Path) -> Path:
    """Bars of each step's log10 likelihood ratio, with P(scheming) after each step."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(result.steps) + 1.5))
    names = [s.name for s in result.steps]
    vals = [s.log10_lr for s in result.steps]
    ax.barh(range(len(names)), vals, color=["C2" if v < 0 else "C3" for v in vals])
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", lw=1)
    for i, s in enumerate(result.steps):
        ax.text(0, i, f"  P = {s.probability:.3f}", va="center", fontsize=8)
    ax.set_xlabel("log10 likelihood ratio (odds of scheming)")
    p = result.posterior
    ax.set_title(
        f"P(scheming) = {p.estimate:.3f} ({p.level:.0%} interval {p.lower:.3f}-{p.upper:.3f})", fontsize=10
    )
    return _save(fig, path)
