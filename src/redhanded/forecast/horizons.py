"""METR-style time horizons from run-level agent data.

For each model, success on a task (0/1) is fitted with a logistic curve in
``x = log2(human_minutes)``::

    P(success) = 1 / (1 + exp(-(b0 + b1 * x)))

with per-run weights ``1/sqrt(tasks the model attempted in the task's family)``, shared equally
among the model's runs of that task and normalised to sum to 1 per model, and an L2 penalty on the
slope only, exactly as scikit-learn's ``LogisticRegression(C=10)`` does (objective
``C * sum_i w_i * logloss_i + b1**2 / 2``; the intercept is not penalised). The horizon at success
probability ``p`` is ``2 ** ((logit(p) - b0) / b1)`` minutes.

Confidence intervals come from a hierarchical bootstrap (Kwa et al. 2025, METR): resample task
families with replacement, then tasks within each drawn family, then runs within each
(task, model) cell. The task draws are shared by all models in a replicate, so horizons of
different models are correlated as they are in reality; a trend fitted per replicate keeps that
correlation. As in METR's code, the original weights are kept for resampled runs (a task drawn
twice counts twice).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from redhanded.errors import RedhandedError
from redhanded.forecast._stats import Estimate, interval

__all__ = ["HorizonFit", "HorizonResult", "RunTable", "fit_horizons", "run_weights"]

logger = logging.getLogger(__name__)

_MAX_ITER = 200
_TOL = 1e-10


@dataclass(frozen=True)
class RunTable:
    """Run-level data: one entry per agent run (all sequences have the same length).

    Attributes:
        model: Model (agent) name of each run, e.g. METR's ``alias``.
        task_id: Task of each run.
        task_family: Family of each run's task (tasks are nested in families).
        human_minutes: Time a skilled human needs for the task, in minutes (> 0).
        success: Binarised score of the run, 0 or 1.
    """

    model: tuple[str, ...]
    task_id: tuple[str, ...]
    task_family: tuple[str, ...]
    human_minutes: tuple[float, ...]
    success: tuple[int, ...]

    def __post_init__(self) -> None:
        """Check lengths and values."""
        n = len(self.model)
        lengths = {len(self.task_id), len(self.task_family), len(self.human_minutes), len(self.success)}
        if lengths != {n}:
            raise RedhandedError("run table columns have different lengths; rebuild the table")
        if n == 0:
            raise RedhandedError("the run table is empty; pass a file with at least one run")
        if any(not (m > 0 and math.isfinite(m)) for m in self.human_minutes):
            raise RedhandedError(
                "human_minutes must be positive and finite for every run (it is log-scaled); "
                "drop runs without a human time"
            )
        if any(s not in (0, 1) for s in self.success):
            raise RedhandedError("success must be 0 or 1 for every run; binarise scores first")

    @property
    def models(self) -> list[str]:
        """Distinct model names in order of first appearance."""
        return list(dict.fromkeys(self.model))


@dataclass(frozen=True)
class HorizonFit:
    """One model's logistic fit and horizons.

    Attributes:
        model: Model name.
        n_runs: Number of runs.
        n_tasks: Number of distinct tasks attempted.
        intercept: Fitted ``b0``.
        slope: Fitted ``b1`` per doubling of human minutes (negative when longer tasks are harder).
        p50: Horizon in minutes at 50% success, with its bootstrap CI.
        p80: Horizon in minutes at 80% success, with its bootstrap CI.
        weighted_success: Weighted mean success rate (weights as in the fit).
        n_degenerate: Bootstrap replicates where this model had only successes or only failures
            (horizon set to ``inf`` or 0 in those replicates).
    """

    model: str
    n_runs: int
    n_tasks: int
    intercept: float
    slope: float
    p50: Estimate
    p80: Estimate
    weighted_success: float
    n_degenerate: int


@dataclass(frozen=True)
class HorizonResult:
    """Horizons of every model plus the bootstrap replicates (for a correlated trend CI).

    Attributes:
        fits: One :class:`HorizonFit` per model, in input order.
        regularization_c: The inverse L2 strength ``C`` used.
        n_boot: Number of bootstrap replicates.
        seed: Random seed of the bootstrap.
        ci_method: What the CIs are.
        replicates_p50: Array ``(n_boot, n_models)`` of p50 horizons per replicate.
        replicates_p80: Array ``(n_boot, n_models)`` of p80 horizons per replicate.
    """

    fits: tuple[HorizonFit, ...]
    regularization_c: float
    n_boot: int
    seed: int
    ci_method: str
    replicates_p50: NDArray[np.float64] = field(repr=False)
    replicates_p80: NDArray[np.float64] = field(repr=False)

    def fit(self, model: str) -> HorizonFit:
        """Return the fit for ``model``."""
        for f in self.fits:
            if f.model == model:
                return f
        raise RedhandedError(f"model {model!r} is not in the horizon results; check its name")


def run_weights(
    model: Sequence[str], task_id: Sequence[str], task_family: Sequence[str]
) -> NDArray[np.float64]:
    """METR's ``invsqrt_task_weight``: per run, summing to 1 per model.

    Each task gets ``1/sqrt(n)`` where ``n`` is the number of distinct tasks the same model
    attempted in the task's family; a task's weight is shared equally by its runs; weights are
    then normalised to sum to 1 within each model.
    """
    fam_tasks: dict[tuple[str, str], set[str]] = {}
    runs_per_task: dict[tuple[str, str], int] = {}
    for m, t, f in zip(model, task_id, task_family, strict=True):
        fam_tasks.setdefault((m, f), set()).add(t)
        runs_per_task[(m, t)] = runs_per_task.get((m, t), 0) + 1
    raw = np.array(
        [
            1.0 / math.sqrt(len(fam_tasks[(m, f)])) / runs_per_task[(m, t)]
            for m, t, f in zip(model, task_id, task_family, strict=True)
        ]
    )
    totals: dict[str, float] = {}
    for m, w in zip(model, raw, strict=True):
        totals[m] = totals.get(m, 0.0) + float(w)
    return raw / np.array([totals[m] for m in model])


def _expit(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _fit_batched(
    x: NDArray[np.float64], w: NDArray[np.float64], w1: NDArray[np.float64], c: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Penalised weighted logistic regressions, one per row, by Newton's method.

    Minimises ``c * sum_k [w_k * log(1 + e^z_k) - w1_k * z_k] + b1**2 / 2`` with
    ``z_k = b0 + b1 * x_k`` for every row, where ``w`` is the total weight of a cell and ``w1``
    its weight of successes. Rows must contain both outcomes (checked by the caller).
    """
    rows = x.shape[0]
    b0 = np.zeros(rows)
    b1 = np.zeros(rows)
    tot = w.sum(axis=1)
    rate = np.clip(w1.sum(axis=1) / np.where(tot > 0, tot, 1.0), 1e-6, 1 - 1e-6)
    b0 = np.log(rate / (1 - rate))
    active = np.ones(rows, dtype=bool)
    for _ in range(_MAX_ITER):
        z = b0[:, None] + b1[:, None] * x
        p = _expit(z)
        r = w * p - w1
        g0 = c * r.sum(axis=1)
        g1 = c * (r * x).sum(axis=1) + b1
        s = w * p * (1.0 - p)
        h00 = c * s.sum(axis=1) + 1e-300
        h01 = c * (s * x).sum(axis=1)
        h11 = c * (s * x * x).sum(axis=1) + 1.0
        det = h00 * h11 - h01 * h01
        d0 = (h11 * g0 - h01 * g1) / det
        d1 = (h00 * g1 - h01 * g0) / det
        step = np.maximum(np.abs(d0), np.abs(d1))
        scale = np.minimum(1.0, 5.0 / np.maximum(step, 1e-300))
        d0 = np.where(active, d0 * scale, 0.0)
        d1 = np.where(active, d1 * scale, 0.0)
        b0 = b0 - d0
        b1 = b1 - d1
        active = active & (step > _TOL)
        if not active.any():
            break
    return b0, b1


def _horizon(b0: NDArray[np.float64], b1: NDArray[np.float64], p: float) -> NDArray[np.float64]:
    logit = math.log(p / (1 - p))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        xp = (logit - b0) / b1
        out: NDArray[np.float64] = np.exp2(xp)
    return np.where(b1 == 0, np.inf, out)


@dataclass(frozen=True)
class _Design:
    """Runs grouped into (model, task, x) cells, padded to a (models, cells) matrix."""

    models: list[str]
    x: NDArray[np.float64]  # (M, K) log2 minutes per cell (padding: 0)
    cell_row: NDArray[np.intp]  # per run: model row of its cell
    cell_col: NDArray[np.intp]  # per run: column of its cell
    w: NDArray[np.float64]  # per run weight
    y: NDArray[np.float64]  # per run success


def _design(runs: RunTable, models: list[str]) -> _Design:
    row_of = {m: i for i, m in enumerate(models)}
    keep = [i for i, m in enumerate(runs.model) if m in row_of]
    model = [runs.model[i] for i in keep]
    task = [runs.task_id[i] for i in keep]
    fam = [runs.task_family[i] for i in keep]
    w = run_weights(model, task, fam)
    xs = np.log2(np.array([runs.human_minutes[i] for i in keep], dtype=np.float64))
    y = np.array([runs.success[i] for i in keep], dtype=np.float64)
    cols: list[dict[tuple[str, float], int]] = [{} for _ in models]
    cell_row = np.empty(len(keep), dtype=np.intp)
    cell_col = np.empty(len(keep), dtype=np.intp)
    for j, (m, t, xv) in enumerate(zip(model, task, xs, strict=True)):
        r = row_of[m]
        cell_row[j] = r
        cell_col[j] = cols[r].setdefault((t, float(xv)), len(cols[r]))
    width = max(len(c) for c in cols)
    x = np.zeros((len(models), width))
    x[cell_row, cell_col] = xs
    return _Design(models, x, cell_row, cell_col, w, y)


def _fit_counts(
    d: _Design, mult: NDArray[np.float64], c: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Fit every model with run multiplicities ``mult``; flag all-fail / all-success models."""
    shape = d.x.shape
    wm = np.zeros(shape)
    w1 = np.zeros(shape)
    np.add.at(wm, (d.cell_row, d.cell_col), d.w * mult)
    np.add.at(w1, (d.cell_row, d.cell_col), d.w * d.y * mult)
    tot = wm.sum(axis=1)
    succ = w1.sum(axis=1)
    all_fail = succ <= 0
    all_pass = succ >= tot * (1 - 1e-12)
    degenerate = all_fail | all_pass
    wm[degenerate] = 0.0
    w1[degenerate] = 0.0
    b0, b1 = _fit_batched(d.x, wm, w1, c)
    return b0, b1, all_fail, all_pass


def _horizons(
    b0: NDArray[np.float64],
    b1: NDArray[np.float64],
    all_fail: NDArray[np.bool_],
    all_pass: NDArray[np.bool_],
    p: float,
) -> NDArray[np.float64]:
    h = _horizon(b0, b1, p)
    h = np.where(all_fail, 0.0, h)
    return np.where(all_pass, np.inf, h)


class _Resampler:
    """Hierarchical bootstrap: task families, then tasks within families, then runs per cell."""

    def __init__(self, runs: RunTable, models: list[str]) -> None:
        chosen = set(models)
        keep = [i for i, m in enumerate(runs.model) if m in chosen]
        fam_of_task: dict[str, str] = {}
        for i in keep:
            t, f = runs.task_id[i], runs.task_family[i]
            if fam_of_task.setdefault(t, f) != f:
                raise RedhandedError(
                    f"task {t!r} belongs to two families ({fam_of_task[t]!r} and {f!r}); "
                    "tasks must be nested in families for the hierarchical bootstrap"
                )
        tasks = list(dict.fromkeys(runs.task_id[i] for i in keep))
        task_idx = {t: k for k, t in enumerate(tasks)}
        fams = list(dict.fromkeys(fam_of_task[t] for t in tasks))
        self.fam_tasks = [np.array([task_idx[t] for t in tasks if fam_of_task[t] == f]) for f in fams]
        self.n_tasks = len(tasks)
        # runs grouped by (task, model); order of runs in the design is the order of `keep`
        groups: dict[tuple[int, str], list[int]] = {}
        for j, i in enumerate(keep):
            groups.setdefault((task_idx[runs.task_id[i]], runs.model[i]), []).append(j)
        self.n_runs = len(keep)
        self.order = np.array([j for g in groups.values() for j in g], dtype=np.intp)
        sizes = np.array([len(g) for g in groups.values()], dtype=np.intp)
        self.size = sizes
        self.start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        self.group_task = np.array([k[0] for k in groups], dtype=np.intp)

    def draw(self, rng: np.random.Generator) -> NDArray[np.float64]:
        """Return the multiplicity of each run (in design order) for one replicate."""
        n_f = len(self.fam_tasks)
        task_mult = np.zeros(self.n_tasks, dtype=np.intp)
        for f in rng.integers(n_f, size=n_f):
            members = self.fam_tasks[f]
            np.add.at(task_mult, members[rng.integers(len(members), size=len(members))], 1)
        n_draw = task_mult[self.group_task] * self.size
        gid = np.repeat(np.arange(len(self.size)), n_draw)
        pos = self.start[gid] + (rng.random(gid.size) * self.size[gid]).astype(np.intp)
        counts = np.bincount(pos, minlength=self.n_runs).astype(np.float64)
        mult = np.empty(self.n_runs)
        mult[self.order] = counts
        return mult


def fit_horizons(
    runs: RunTable,
    *,
    models: Sequence[str] | None = None,
    regularization_c: float = 10.0,
    n_boot: int = 1000,
    seed: int = 0,
    ci_level: float = 0.95,
) -> HorizonResult:
    """Fit p50 and p80 horizons per model with hierarchical-bootstrap CIs.

    Args:
        runs: Run-level data.
        models: Models to fit (default: every model in ``runs``, in order of appearance).
        regularization_c: scikit-learn's ``C`` (inverse L2 strength on the slope); METR uses 10.
        n_boot: Bootstrap replicates (METR uses 1000; tests use fewer).
        seed: Seed of the bootstrap's random generator.
        ci_level: Coverage of the percentile CIs.

    Returns:
        One :class:`HorizonFit` per model and the replicate matrices.

    Raises:
        RedhandedError: On unknown model names, too few replicates or bad parameters.
    """
    names = list(models) if models is not None else runs.models
    unknown = [m for m in names if m not in set(runs.model)]
    if unknown:
        raise RedhandedError(f"unknown model(s) {unknown}; the run file has {runs.models}")
    if not names:
        raise RedhandedError("no models selected; pass at least one model name")
    if n_boot < 2:
        raise RedhandedError(f"n_boot={n_boot} is too small for a CI; pass n_boot >= 2")
    if not (regularization_c > 0):
        raise RedhandedError("regularization_c must be positive (sklearn's C); METR uses 10")
    d = _design(runs, names)
    b0, b1, all_fail, all_pass = _fit_counts(d, np.ones(d.w.size), regularization_c)
    for m, slope, bad in zip(names, b1, all_fail | all_pass, strict=True):
        if slope >= 0 and not bad:
            logger.warning(
                "%s: success does not fall with task length (slope %.3g); its horizon is not meaningful",
                m,
                slope,
            )
    p50 = _horizons(b0, b1, all_fail, all_pass, 0.5)
    p80 = _horizons(b0, b1, all_fail, all_pass, 0.8)
    resampler = _Resampler(runs, names)
    rng = np.random.default_rng(seed)
    reps50 = np.empty((n_boot, len(names)))
    reps80 = np.empty((n_boot, len(names)))
    degenerate = np.zeros(len(names), dtype=np.intp)
    for k in range(n_boot):
        rb0, rb1, rf, rp = _fit_counts(d, resampler.draw(rng), regularization_c)
        reps50[k] = _horizons(rb0, rb1, rf, rp, 0.5)
        reps80[k] = _horizons(rb0, rb1, rf, rp, 0.8)
        degenerate += rf | rp
    fits = []
    for i, m in enumerate(names):
        rows = [j for j, mm in enumerate(runs.model) if mm == m]
        w_i = d.w[d.cell_row == i]
        y_i = d.y[d.cell_row == i]
        lo50, hi50 = interval(reps50[:, i], ci_level)
        lo80, hi80 = interval(reps80[:, i], ci_level)
        fits.append(
            HorizonFit(
                model=m,
                n_runs=len(rows),
                n_tasks=len({runs.task_id[j] for j in rows}),
                intercept=float(b0[i]),
                slope=float(b1[i]),
                p50=Estimate(float(p50[i]), lo50, hi50, ci_level),
                p80=Estimate(float(p80[i]), lo80, hi80, ci_level),
                weighted_success=float(np.sum(w_i * y_i) / np.sum(w_i)),
                n_degenerate=int(degenerate[i]),
            )
        )
    return HorizonResult(
        fits=tuple(fits),
        regularization_c=regularization_c,
        n_boot=n_boot,
        seed=seed,
        ci_method=(
            f"hierarchical bootstrap over task families, tasks and runs ({n_boot} replicates, percentile CI)"
        ),
        replicates_p50=reps50,
        replicates_p80=reps80,
    )
