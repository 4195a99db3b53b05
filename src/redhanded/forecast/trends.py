"""Capability trends anchored on release dates: ln(value) ~ release date over frontier models.

The recipe is METR's (Kwa et al. 2025, "Measuring AI Ability to Complete Long Tasks"):

1. Mark the *frontier* models: those that set a new best value at their release date (decided on
   all points, before any window is applied; METR's ``is_sota``).
2. Keep the frontier models released inside the chosen window (``since`` / ``until``, inclusive).
3. Ordinary least squares of ``ln(value)`` on the release date in days.
   Doubling time = ``ln 2 / slope``.
4. CI: bootstrap replicates give slopes; the percentile interval of the slope is inverted into a
   doubling-time interval (a slope CI reaching 0 gives an upper doubling time of ``inf``).

Bootstraps, from best to worst:

* ``runs`` - replicate values from the hierarchical bootstrap of run-level data
  (:func:`redhanded.forecast.horizons.fit_horizons`); task draws are shared by all models, so the
  correlation of errors across models is kept. This is what METR publishes.
* ``summary-ci`` - an approximation from published per-model CIs: each model's ``ln(value)`` is
  drawn independently from a two-piece normal matching its CI. Too narrow: the errors of different
  models are positively correlated (they share tasks), and that correlation is lost.
* ``case`` - resample the models themselves with replacement (when no CIs are given); an
  approximation that ignores the measurement error of each point.

A doubling time is meaningless without its window: :meth:`TrendResult.describe` always prints both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from redhanded.errors import RedhandedError
from redhanded.forecast._stats import Estimate, interval, two_sided_z

__all__ = [
    "BootstrapKind",
    "DateEstimate",
    "FrontierRule",
    "TrendPoint",
    "TrendResult",
    "Window",
    "fit_trend",
    "frontier_mask",
]

FrontierRule = Literal["running-best", "flag", "all"]
BootstrapKind = Literal["auto", "summary-ci", "case", "runs"]

_LN2 = math.log(2.0)
_DAYS_PER_YEAR = 365.25

_CI_LABELS = {
    "runs": "hierarchical bootstrap of run-level data (task families, tasks, runs), shared across models",
    "summary-ci": "APPROXIMATION: summary-only bootstrap from published per-model CIs, drawn "
    "independently per model; too narrow, because correlated task errors are lost",
    "case": "APPROXIMATION: case bootstrap over models (resampling the points); ignores each "
    "point's own measurement error",
}


@dataclass(frozen=True)
class TrendPoint:
    """One model on the trend plot.

    Attributes:
        model: Model name.
        release_date: Public release date.
        value: The metric (e.g. p50 horizon in minutes); must be positive (log scale).
        ci_low: Lower end of the published CI of ``value`` (optional).
        ci_high: Upper end of the published CI of ``value`` (optional).
        frontier_flag: The source's own frontier flag (METR's ``is_sota``), if any.
    """

    model: str
    release_date: date
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    frontier_flag: bool | None = None


@dataclass(frozen=True)
class Window:
    """The release-date window of a trend.

    Attributes:
        since: Requested start (inclusive), or ``None`` for all time.
        until: Requested end (inclusive), or ``None`` for open-ended.
        first: Release date of the first point used.
        last: Release date of the last point used.
    """

    since: date | None
    until: date | None
    first: date
    last: date

    def describe(self) -> str:
        """Return e.g. ``"2023-01-01..open (points 2023-03-14..2025-11-24)"``."""
        a = self.since.isoformat() if self.since else "all time"
        b = self.until.isoformat() if self.until else "open"
        return f"{a}..{b} (points {self.first.isoformat()}..{self.last.isoformat()})"


@dataclass(frozen=True)
class DateEstimate:
    """When the trend reaches a target value; ``None`` means never (non-positive slope).

    Attributes:
        estimate: Date on the point fit.
        lower: Early end of the interval.
        upper: Late end of the interval (``None``: the interval includes "never").
        level: Coverage of the interval.
    """

    estimate: date | None
    lower: date | None
    upper: date | None
    level: float


@dataclass(frozen=True)
class TrendResult:
    """A fitted release-date trend with CIs.

    Attributes:
        metric: Name of the value being trended (e.g. ``p50_horizon_length``).
        window: The window and the dates of the points used.
        frontier_rule: How frontier points were chosen.
        models: Names of the points used, in date order.
        slope_per_year: Slope of ``ln(value)`` per year, with CI.
        doubling_time_days: ``ln 2 / slope`` in days, with CI (percentiles of slope, inverted).
        growth_per_year: Multiplicative growth per year, with CI.
        reference_date: Date at which ``intercept`` is the fitted ``ln(value)``.
        intercept: Fitted ``ln(value)`` at ``reference_date``.
        r_squared: Coefficient of determination of the point fit.
        target: Target value, if one was asked for.
        target_date: When the fit reaches ``target``, with interval.
        bootstrap: The bootstrap kind used.
        ci_method: A label of what the CIs are (approximations say so).
        n_boot: Replicates requested.
        n_boot_used: Replicates that gave a finite slope.
        points: All points given (plotted), in input order.
        used: For each of ``points``, whether it entered the fit.
        band: ``(ordinal_day, fit, lower, upper)`` rows of the fitted ``ln(value)`` band.
    """

    metric: str
    window: Window
    frontier_rule: str
    models: tuple[str, ...]
    slope_per_year: Estimate
    doubling_time_days: Estimate
    growth_per_year: Estimate
    reference_date: date
    intercept: float
    r_squared: float
    target: float | None
    target_date: DateEstimate | None
    bootstrap: str
    ci_method: str
    n_boot: int
    n_boot_used: int
    points: tuple[TrendPoint, ...] = field(repr=False)
    used: tuple[bool, ...] = field(repr=False)
    band: tuple[tuple[float, float, float, float], ...] = field(repr=False)

    def describe(self) -> str:
        """One line: the doubling time, its CI and always the window beside it."""
        d = self.doubling_time_days
        return (
            f"{self.metric}: doubling time {d.fmt(1, ' d')} over window "
            f"{self.window.describe()}, {len(self.models)} points "
            f"(frontier: {self.frontier_rule}); "
            f"CI: {self.ci_method}"
        )


def frontier_mask(points: Sequence[TrendPoint], rule: FrontierRule = "running-best") -> list[bool]:
    """Mark the frontier points.

    Args:
        points: All points (any order).
        rule: ``running-best`` - a point is frontier if no point released on or before its date
            has a higher value (ties at the best count); ``flag`` - the source's
            ``frontier_flag`` (e.g. METR's ``is_sota``); ``all`` - every point.

    Returns:
        One boolean per point, in input order.
    """
    if rule == "all":
        return [True] * len(points)
    if rule == "flag":
        missing = [p.model for p in points if p.frontier_flag is None]
        if missing:
            raise RedhandedError(
                f"frontier rule 'flag' needs a frontier flag (is_sota) on every point; "
                f"missing for {missing[:3]}; use --frontier running-best"
            )
        return [bool(p.frontier_flag) for p in points]
    if rule != "running-best":
        raise RedhandedError(f"unknown frontier rule {rule!r}; use running-best, flag or all")
    out = []
    for p in points:
        best = max(q.value for q in points if q.release_date <= p.release_date)
        out.append(p.value >= best)
    return out


def _validate(points: Sequence[TrendPoint]) -> None:
    names = [p.model for p in points]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise RedhandedError(
            f"model(s) {dup} appear more than once; keep one row per model (filter rows first)"
        )
    for p in points:
        if not (p.value > 0 and math.isfinite(p.value)):
            raise RedhandedError(
                f"model {p.model!r} has value {p.value}; a trend on a log scale needs positive "
                "finite values; drop that row or choose another metric"
            )
        if (p.ci_low is None) != (p.ci_high is None):
            raise RedhandedError(f"model {p.model!r} has only one CI end; give both or neither")
        if p.ci_low is not None and p.ci_high is not None and not (0 < p.ci_low <= p.value <= p.ci_high):
            raise RedhandedError(
                f"model {p.model!r}: CI {p.ci_low}-{p.ci_high} must be positive and contain "
                f"the value {p.value}; fix the row"
            )


def _ols(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Row-wise least squares of ``y`` (..., n) on ``x`` (..., n): (intercept at 0, slope)."""
    xm = x.mean(axis=-1, keepdims=True)
    ym = y.mean(axis=-1, keepdims=True)
    sxx = ((x - xm) ** 2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        b = ((x - xm) * (y - ym)).sum(axis=-1) / sxx
    a = ym[..., 0] - b * xm[..., 0]
    return a, b


def _replicates(
    kind: str,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    sel: list[TrendPoint],
    n_boot: int,
    rng: np.random.Generator,
    point_ci_level: float,
    reps: NDArray[np.float64] | None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Bootstrap (intercept, slope) pairs; non-finite ones are NaN."""
    n = len(sel)
    if kind == "summary-ci":
        z = two_sided_z(point_ci_level)
        lo = np.log([p.ci_low for p in sel if p.ci_low is not None])
        hi = np.log([p.ci_high for p in sel if p.ci_high is not None])
        s_lo = (y - lo) / z
        s_hi = (hi - y) / z
        draws = rng.standard_normal((n_boot, n))
        yy = y + draws * np.where(draws > 0, s_hi, s_lo)
        return _ols(np.broadcast_to(x, yy.shape), yy)
    if kind == "case":
        idx = rng.integers(n, size=(n_boot, n))
        return _ols(x[idx], y[idx])
    assert reps is not None
    with np.errstate(divide="ignore", invalid="ignore"):
        yy = np.log(reps)
    a, b = _ols(np.broadcast_to(x, yy.shape), yy)
    bad = ~np.isfinite(yy).all(axis=1)
    return np.where(bad, np.nan, a), np.where(bad, np.nan, b)


def _to_date(day: float) -> date | None:
    if not math.isfinite(day) or day > date.max.toordinal() or day < 1:
        return None
    return date.fromordinal(int(round(day)))


def fit_trend(
    points: Sequence[TrendPoint],
    *,
    metric: str = "value",
    since: date | None = None,
    until: date | None = None,
    frontier: FrontierRule = "running-best",
    target: float | None = None,
    bootstrap: BootstrapKind = "auto",
    replicates: NDArray[np.float64] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    ci_level: float = 0.95,
    point_ci_level: float = 0.95,
) -> TrendResult:
    """Fit the trend of ``ln(value)`` on release date over frontier points in a window.

    Args:
        points: All models (frontier status is decided on all of them, before windowing).
        metric: Name of the value, for labels.
        since: First release date to include (inclusive); ``None`` for all time.
        until: Last release date to include (inclusive); ``None`` for open-ended.
        frontier: Which points count (see :func:`frontier_mask`).
        target: A value whose arrival date to forecast, in the metric's units.
        bootstrap: ``auto`` picks ``runs`` when ``replicates`` is given, else ``summary-ci``
            when every used point has a CI, else ``case``.
        replicates: Array ``(n_boot, len(points))`` of bootstrap values per point, columns in
            the order of ``points`` (from :func:`~redhanded.forecast.horizons.fit_horizons`).
        n_boot: Replicates for ``summary-ci`` and ``case`` (ignored for ``runs``).
        seed: Random seed.
        ci_level: Coverage of the reported CIs.
        point_ci_level: Coverage of the published per-point CIs (METR's are 95%).

    Returns:
        The fitted :class:`TrendResult`.

    Raises:
        RedhandedError: With fewer than 3 points in the window, non-positive values, a bad
            window or a bootstrap that cannot run on this input.
    """
    _validate(points)
    if since and until and since > until:
        raise RedhandedError(f"window start {since} is after its end {until}; swap them")
    if target is not None and not (target > 0 and math.isfinite(target)):
        raise RedhandedError(f"target {target} must be a positive number (log scale)")
    if not 0 < ci_level < 1 or not 0 < point_ci_level < 1:
        raise RedhandedError("CI levels must lie strictly between 0 and 1, e.g. 0.95")
    front = frontier_mask(points, frontier)
    used = [
        f and (since is None or p.release_date >= since) and (until is None or p.release_date <= until)
        for p, f in zip(points, front, strict=True)
    ]
    order = sorted((i for i, u in enumerate(used) if u), key=lambda i: points[i].release_date)
    sel = [points[i] for i in order]
    window_txt = f"{since or 'all time'}..{until or 'open'}"
    if len(sel) < 3:
        raise RedhandedError(
            f"only {len(sel)} {frontier} point(s) in window {window_txt}; a trend needs at least "
            "3 (more than two data points); widen the window or use --frontier all"
        )
    if len({p.release_date for p in sel}) < 2:
        raise RedhandedError("all points in the window share one release date; widen the window")
    ref = sel[0].release_date
    x = np.array([(p.release_date - ref).days for p in sel], dtype=np.float64)
    y = np.log(np.array([p.value for p in sel], dtype=np.float64))
    a0, b0 = (float(v) for v in _ols(x, y))
    resid = y - (a0 + b0 * x)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - float((resid**2).sum()) / ss_tot if ss_tot > 0 else 1.0

    kind = _pick_bootstrap(bootstrap, sel, replicates, points)
    reps_used = None
    if kind == "runs":
        assert replicates is not None
        reps_used = np.asarray(replicates, dtype=np.float64)[:, order]
    rng = np.random.default_rng(seed)
    a_b, b_b = _replicates(kind, x, y, sel, n_boot, rng, point_ci_level, reps_used)
    ok = np.isfinite(a_b) & np.isfinite(b_b)
    a_b, b_b = a_b[ok], b_b[ok]
    if b_b.size < 2:
        raise RedhandedError(
            "the bootstrap produced no usable replicates (zero or infinite values); "
            "use --bootstrap case or more runs"
        )
    s_lo, s_hi = interval(b_b, ci_level)
    slope = Estimate(b0 * _DAYS_PER_YEAR, s_lo * _DAYS_PER_YEAR, s_hi * _DAYS_PER_YEAR, ci_level)
    doubling = Estimate(
        _LN2 / b0 if b0 > 0 else math.inf,
        _LN2 / s_hi if s_hi > 0 else math.inf,
        _LN2 / s_lo if s_lo > 0 else math.inf,
        ci_level,
    )
    growth = Estimate(math.exp(slope.estimate), math.exp(slope.lower), math.exp(slope.upper), ci_level)

    target_date = None
    end = float(x[-1])
    if target is not None:
        lt = math.log(target)
        t_hat = (lt - a0) / b0 if b0 > 0 else math.inf
        with np.errstate(divide="ignore", invalid="ignore"):
            t_b = np.where(b_b > 0, (lt - a_b) / b_b, np.inf)
        t_lo, t_hi = interval(t_b, ci_level)
        o = ref.toordinal()
        target_date = DateEstimate(_to_date(o + t_hat), _to_date(o + t_lo), _to_date(o + t_hi), ci_level)
        if math.isfinite(t_hat):
            end = max(end, min(t_hat, end + 10 * _DAYS_PER_YEAR))
    grid = np.linspace(0.0, end, 120)
    fits_b = a_b[:, None] + b_b[:, None] * grid[None, :]
    alpha = (1 - ci_level) / 2
    band_lo, band_hi = np.quantile(fits_b, [alpha, 1 - alpha], axis=0)
    band = tuple(
        (float(ref.toordinal() + g), float(a0 + b0 * g), float(lo), float(hi))
        for g, lo, hi in zip(grid, band_lo, band_hi, strict=True)
    )
    return TrendResult(
        metric=metric,
        window=Window(since, until, sel[0].release_date, sel[-1].release_date),
        frontier_rule=frontier,
        models=tuple(p.model for p in sel),
        slope_per_year=slope,
        doubling_time_days=doubling,
        growth_per_year=growth,
        reference_date=ref,
        intercept=a0,
        r_squared=r2,
        target=target,
        target_date=target_date,
        bootstrap=kind,
        ci_method=_CI_LABELS[kind],
        n_boot=n_boot if kind != "runs" else int(ok.size),
        n_boot_used=int(b_b.size),
        points=tuple(points),
        used=tuple(used),
        band=band,
    )


def _pick_bootstrap(
    kind: BootstrapKind,
    sel: list[TrendPoint],
    replicates: NDArray[np.float64] | None,
    points: Sequence[TrendPoint],
) -> str:
    has_ci = all(p.ci_low is not None for p in sel)
    if kind == "auto":
        return "runs" if replicates is not None else ("summary-ci" if has_ci else "case")
    if kind == "runs":
        if replicates is None:
            raise RedhandedError("bootstrap 'runs' needs run-level replicates; pass a runs file")
        if np.ndim(replicates) != 2 or np.shape(replicates)[1] != len(points):
            raise RedhandedError("replicates must have shape (n_boot, number of points)")
    if kind == "summary-ci" and not has_ci:
        missing = [p.model for p in sel if p.ci_low is None]
        raise RedhandedError(
            f"bootstrap 'summary-ci' needs a CI on every point; missing for {missing[:3]}; "
            "use --bootstrap case"
        )
    if kind not in _CI_LABELS:
        raise RedhandedError(f"unknown bootstrap {kind!r}; use auto, runs, summary-ci or case")
    return kind
