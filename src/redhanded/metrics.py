"""Detection metrics with error bars: pure functions returning frozen results.

Conventions:

* An alarm is ``score > threshold``, strictly; a score equal to the threshold is not an alarm.
* Every estimate carries a CI (:class:`Estimate`); paired tests name themselves
  (:class:`TestResult`).
* A missing score is missing, never 0. Functions here take finite scores only and raise
  :class:`~redhanded.errors.RedhandedError` on NaN, so the caller drops missing rows and reports
  how many there were.
* Misuse raises ``RedhandedError`` naming the problem (mismatched lengths, labels other than
  0/1, a single class where AUROC needs two, a CI level outside (0, 1)). An estimate with a
  missing value (``None``) is returned only where "undefined" is a legitimate outcome: a rate or
  mean over zero samples (``n == 0``), e.g. an arm in which no rollout could be scored.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, BeforeValidator, ConfigDict

from redhanded.errors import RedhandedError

__all__ = [
    "Alternative",
    "Estimate",
    "FiniteOrMissing",
    "TestResult",
    "auroc",
    "auroc_between",
    "balanced_accuracy",
    "bootstrap_ci",
    "clopper_pearson",
    "mcnemar_exact",
    "paired_bootstrap_diff",
    "rate_above",
    "roc_curve",
    "sign_test",
    "small_sample_note",
    "threshold_at_fpr",
]

Alternative = Literal["two-sided", "greater", "less"]

_NAN = float("nan")
# Bootstrap replicates are drawn in chunks of about this many resampled elements.
_CHUNK_ELEMENTS = 1 << 22


def _finite_or_none(x: Any) -> float | None:
    """A finite float, or None for a missing or undefined value (None, NaN, +-inf)."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, OverflowError) as err:  # pydantic reports only a ValueError as invalid input
        raise ValueError(f"expected a number or null, got {type(x).__name__} ({err})") from None
    return f if math.isfinite(f) else None


FiniteOrMissing = Annotated[float | None, BeforeValidator(_finite_or_none)]
"""A float that is missing (``None``) rather than NaN or infinite: JSON holds ``null``, never NaN."""


class Estimate(BaseModel):
    """A point estimate with a confidence interval: the one type every result and report uses.

    Frozen. An undefined value (a rate over zero samples, a CI with no finite bootstrap replicate)
    is ``None``: NaN and infinities passed in are stored as ``None``, so ``run.json`` holds
    ``null``, never NaN, and never 0. Positional construction follows the field order:
    ``Estimate(value, lower, upper, n, method)``.

    Attributes:
        value: the estimate (None when undefined).
        lower: lower CI bound (None when undefined).
        upper: upper CI bound (None when undefined).
        n: the number of samples (pairs, rollouts, dialogues) it rests on.
        method: how the CI was computed, e.g. ``"Clopper-Pearson exact 95%"``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: FiniteOrMissing
    lower: FiniteOrMissing
    upper: FiniteOrMissing
    n: int
    method: str

    def __init__(
        self,
        value: float | None = None,
        lower: float | None = None,
        upper: float | None = None,
        n: int = 0,
        method: str = "",
        /,
        **fields: Any,
    ) -> None:
        positional = {"value": value, "lower": lower, "upper": upper, "n": n, "method": method}
        super().__init__(**(positional | fields))

    @classmethod
    def missing(cls, method: str, n: int = 0) -> Estimate:
        """An estimate that could not be made (no data, no scores): every number is missing."""
        return cls(None, None, None, n, method)

    @property
    def is_missing(self) -> bool:
        """True when the value is undefined."""
        return self.value is None

    def __str__(self) -> str:
        """Format as ``0.912 [0.880, 0.940] (n=200, method)``; a missing number as ``missing``."""

        def f(x: float | None) -> str:
            return "missing" if x is None else f"{x:.3g}"

        return f"{f(self.value)} [{f(self.lower)}, {f(self.upper)}] (n={self.n}, {self.method})"


@dataclass(frozen=True)
class TestResult:
    """The result of a hypothesis test, naming the test.

    Attributes:
        statistic: the test statistic (for the exact binomial tests here, a count).
        p_value: the p-value.
        test: the test's name and sidedness.
        n: the number of informative samples (discordant pairs, non-zero differences).
    """

    __test__ = False  # not a pytest test class

    statistic: float
    p_value: float
    test: str
    n: int


# -- validation ---------------------------------------------------------------------------------


def _vector(name: str, a: ArrayLike) -> NDArray[np.float64]:
    """Return ``a`` as a finite float64 1-D array or raise a one-line RedhandedError."""
    try:
        v = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise RedhandedError(f"{name} must be numeric: {err}") from None
    if v.ndim != 1:
        raise RedhandedError(f"{name} must be 1-D, got shape {v.shape}")
    missing = int(np.isnan(v).sum())
    if missing:
        raise RedhandedError(
            f"{name} has {missing} missing (NaN) value(s) of {v.size}: drop them first and "
            "report how many were missing (a missing score is not a 0)"
        )
    return v


def _labels(name: str, y: ArrayLike) -> NDArray[np.bool_]:
    """Return 0/1 (or bool) labels as a bool array; 1 / True = positive (deceptive)."""
    a = np.asarray(y)
    if a.ndim != 1:
        raise RedhandedError(f"{name} must be 1-D, got shape {a.shape}")
    if a.dtype != np.bool_:
        bad = ~np.isin(a, (0, 1)) if np.issubdtype(a.dtype, np.number) else np.ones(a.size, bool)
        if bad.any():
            raise RedhandedError(
                f"{name} must hold 0/1 labels (1 = deceptive), found {a[bad][:3].tolist()}: "
                "map the labels to 0/1 first"
            )
    return a.astype(bool)


def _same_length(**arrays: NDArray[Any]) -> None:
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise RedhandedError(f"lengths differ: {lengths}; pass one entry per sample")


def _check_ci(ci: float) -> None:
    if not 0.0 < ci < 1.0:
        raise RedhandedError(f"ci must be in (0, 1), e.g. 0.95, got {ci!r}")


def _check_n_boot(n_boot: int) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise RedhandedError(f"n_boot must be a positive integer, got {n_boot!r}")


def _count(name: str, k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise RedhandedError(f"{name} must be a non-negative integer count, got {k!r}")
    return int(k)


def _percentile_ci(boot: NDArray[np.float64], ci: float) -> tuple[float, float]:
    """Percentile interval of the finite bootstrap replicates (NaNs if there are none)."""
    finite = boot[np.isfinite(boot)]
    if finite.size == 0:
        return _NAN, _NAN
    alpha = (1.0 - ci) / 2.0
    lo, hi = np.quantile(finite, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


def _resample_counts(rng: np.random.Generator, n: int, m: int) -> NDArray[np.int64]:
    """``(m, n)`` multiplicities of ``m`` bootstrap resamples (with replacement) of ``n`` items."""
    idx = rng.integers(0, n, size=(m, n)) + (np.arange(m) * n)[:, None]
    return np.bincount(idx.ravel(), minlength=m * n).reshape(m, n)


def _chunks(n_boot: int, n: int) -> list[tuple[int, int]]:
    step = max(1, min(n_boot, _CHUNK_ELEMENTS // max(n, 1)))
    return [(a, min(a + step, n_boot)) for a in range(0, n_boot, step)]


# -- AUROC --------------------------------------------------------------------------------------


def auroc(
    y_true: ArrayLike, scores: ArrayLike, *, n_boot: int = 1000, seed: int = 0, ci: float = 0.95
) -> Estimate:
    """Area under the ROC curve with a stratified bootstrap percentile CI.

    The value equals ``sklearn.metrics.roc_auc_score`` (ties count one half). The CI resamples
    positives and negatives separately (so every resample has both classes), ``n_boot`` times,
    vectorised: each replicate's AUROC is a weighted Mann-Whitney count, computed from one sort.

    Args:
        y_true: ``(n,)`` 0/1 labels, 1 = positive (deceptive).
        scores: ``(n,)`` finite scores, larger = more positive.
        n_boot: bootstrap replicates.
        seed: seed of the bootstrap's ``numpy.random.Generator``.
        ci: confidence level.

    Raises:
        RedhandedError: on NaN scores, mismatched lengths, labels other than 0/1, or a single
            class (AUROC is undefined without both; evaluate on a set that has both).
    """
    y = _labels("y_true", y_true)
    s = _vector("scores", scores)
    _same_length(y_true=y, scores=s)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        raise RedhandedError(
            f"AUROC needs both classes, y_true has {n_pos} positive and {n_neg} negative: "
            "evaluate on a set with deceptive and honest examples"
        )
    return _auroc(s[y], s[~y], n_boot=n_boot, seed=seed, ci=ci)


def auroc_between(
    scores_pos: ArrayLike,
    scores_neg: ArrayLike,
    *,
    n_boot: int = 1000,
    seed: int = 0,
    ci: float = 0.95,
) -> Estimate:
    """AUROC of ``scores_pos`` (e.g. deceptive) against ``scores_neg`` (e.g. control).

    Same as :func:`auroc` on the concatenation with labels 1 then 0.

    Raises:
        RedhandedError: on NaN scores or an empty group.
    """
    pos = _vector("scores_pos", scores_pos)
    neg = _vector("scores_neg", scores_neg)
    if pos.size == 0 or neg.size == 0:
        raise RedhandedError(
            f"AUROC needs both groups, got {pos.size} positive and {neg.size} negative scores: "
            "pass non-empty score arrays"
        )
    return _auroc(pos, neg, n_boot=n_boot, seed=seed, ci=ci)


def _auroc(
    pos: NDArray[np.float64], neg: NDArray[np.float64], *, n_boot: int, seed: int, ci: float
) -> Estimate:
    _check_ci(ci)
    _check_n_boot(n_boot)
    n1, n0 = pos.size, neg.size
    neg_sorted = np.sort(neg)
    left = np.searchsorted(neg_sorted, pos, side="left")  # negatives strictly below each positive
    right = np.searchsorted(neg_sorted, pos, side="right")  # ... below or tied
    value = float((left.sum() + 0.5 * (right - left).sum()) / (n1 * n0))

    # A resample is a multiplicity per positive (wp) and per sorted negative (wn); its AUROC is
    # sum_i wp_i * (#negatives below pos_i + 0.5 #tied), the counts read off cumsum(wn).
    rng = np.random.default_rng(seed)
    boot = np.empty(n_boot)
    for a, b in _chunks(n_boot, n1 + n0):
        m = b - a
        wn = _resample_counts(rng, n0, m)  # (m, n0)
        wp = _resample_counts(rng, n1, m)  # (m, n1)
        cum = np.zeros((m, n0 + 1))
        np.cumsum(wn, axis=1, out=cum[:, 1:])
        below = cum[:, left]  # (m, n1)
        tied = cum[:, right] - below
        boot[a:b] = np.einsum("ij,ij->i", wp, below + 0.5 * tied) / (n1 * n0)
    lo, hi = _percentile_ci(boot, ci)
    return Estimate(value, lo, hi, n1 + n0, f"stratified bootstrap percentile {ci:.0%}, {n_boot} resamples")


def roc_curve(y_true: ArrayLike, scores: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """ROC curve points ``(fpr, tpr)``, both ``(n_points,)``, from ``sklearn.metrics.roc_curve``.

    Raises:
        RedhandedError: on NaN scores, mismatched lengths or labels other than 0/1.
    """
    y = _labels("y_true", y_true)
    s = _vector("scores", scores)
    _same_length(y_true=y, scores=s)
    if y.all() or not y.any():
        raise RedhandedError("a ROC curve needs both classes in y_true: evaluate on a set with both")
    import sklearn.metrics  # imported on use: a run log (and its Estimates) loads without scipy / sklearn

    fpr, tpr, _ = sklearn.metrics.roc_curve(y, s)
    return np.asarray(fpr, dtype=np.float64), np.asarray(tpr, dtype=np.float64)


# -- thresholds and rates -----------------------------------------------------------------------


def threshold_at_fpr(control_scores: ArrayLike, fpr: float = 0.01) -> float:
    """Threshold for alarms (``score > t``) fitted on control (benign) scores.

    The rule: ``t`` is the smallest control score such that the fraction of control scores
    strictly greater than ``t`` is ``<= fpr``. So the realised FPR on the fitting data is at most
    ``fpr`` (ties at ``t`` are not alarms), and with ``fpr < 1 / n`` it is the largest control
    score (no control alarms at all). Realised FPR on fresh controls is an estimate to report
    with :func:`rate_above`.

    Args:
        control_scores: ``(n,)`` finite scores on benign data, ``n >= 1``.
        fpr: target false-positive rate in ``[0, 1]``.

    Raises:
        RedhandedError: on NaN, empty input or ``fpr`` outside ``[0, 1]``.
    """
    s = np.sort(_vector("control_scores", control_scores))
    if s.size == 0:
        raise RedhandedError("control_scores is empty: a threshold needs control data")
    if not 0.0 <= fpr <= 1.0:
        raise RedhandedError(f"fpr must be in [0, 1], e.g. 0.01, got {fpr!r}")
    candidates = np.unique(s)
    n_above = s.size - np.searchsorted(s, candidates, side="right")
    ok = n_above / s.size <= fpr  # non-decreasing in the candidate; true at the maximum
    return float(candidates[int(np.argmax(ok))])


def clopper_pearson(k: int, n: int, ci: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided CI for a binomial proportion ``k / n``.

    Returns:
        ``(lower, upper)``; ``(nan, nan)`` when ``n == 0``.

    Raises:
        RedhandedError: unless ``0 <= k <= n`` are integers and ``0 < ci < 1``.
    """
    k, n = _count("k", k), _count("n", n)
    _check_ci(ci)
    if k > n:
        raise RedhandedError(f"k={k} exceeds n={n}: k counts successes among n")
    if n == 0:
        return _NAN, _NAN
    from scipy.stats import binomtest

    interval = binomtest(k, n).proportion_ci(confidence_level=ci, method="exact")
    return float(interval.low), float(interval.high)


def rate_above(scores: ArrayLike, threshold: float, *, ci: float = 0.95) -> Estimate:
    """Fraction of ``scores`` strictly above ``threshold``, with an exact Clopper-Pearson CI.

    Realised FPR on controls, recall at a threshold, honest-flag rate. With no scores the value
    and CI are missing (``None``, ``n == 0``).

    Raises:
        RedhandedError: on NaN scores or a NaN threshold.
    """
    s = _vector("scores", scores)
    if np.isnan(threshold):
        raise RedhandedError("threshold is NaN: fit it with threshold_at_fpr on control scores")
    k = int((s > threshold).sum())
    lo, hi = clopper_pearson(k, s.size, ci)
    value = k / s.size if s.size else _NAN
    return Estimate(value, lo, hi, s.size, f"Clopper-Pearson exact {ci:.0%}")


def small_sample_note(k: int, n: int, ci: float = 0.95) -> str:
    """Say in plain words what ``k`` of ``n`` allows.

    E.g. ``"0 of 100 is still up to 3.6% at 95%"``, from the two-sided Clopper-Pearson
    interval of :func:`clopper_pearson`.
    """
    lo, hi = clopper_pearson(k, n, ci)
    level = f"{ci * 100:g}%"
    if n == 0:
        return "0 of 0: no data, the rate is unknown"
    if k == 0:
        return f"0 of {n} is still up to {_pct(hi)} at {level}"
    if k == n:
        return f"{n} of {n} is still as low as {_pct(lo)} at {level}"
    return f"{k} of {n} ({_pct(k / n)}) is between {_pct(lo)} and {_pct(hi)} at {level}"


def _pct(x: float) -> str:
    v = 100.0 * x
    return f"{v:.1f}%" if v >= 1.0 else f"{v:.2g}%"


# -- bootstrap ----------------------------------------------------------------------------------


def bootstrap_ci(
    statistic: Callable[..., float],
    *arrays: ArrayLike,
    n_boot: int = 1000,
    seed: int = 0,
    ci: float = 0.95,
    stratify: ArrayLike | None = None,
) -> Estimate:
    """Percentile bootstrap CI of ``statistic(*arrays)``, resampling rows jointly.

    Args:
        statistic: maps the arrays (same length along axis 0) to a float.
        *arrays: one or more arrays; row ``i`` of each belongs to sample ``i`` (pairs stay
            paired).
        n_boot: bootstrap replicates.
        seed: seed of the ``numpy.random.Generator``.
        ci: confidence level.
        stratify: optional ``(n,)`` group labels; each resample keeps every group's size.

    Returns:
        The statistic on the data with a percentile CI over the finite replicates (NaN
        replicates, e.g. a statistic undefined on some resample, are left out). With zero rows
        the value and CI are missing (``None``).

    Raises:
        RedhandedError: on no arrays, mismatched lengths or a bad ``ci`` / ``n_boot``.
    """
    _check_ci(ci)
    _check_n_boot(n_boot)
    if not arrays:
        raise RedhandedError("bootstrap_ci needs at least one array")
    data = [np.asarray(a) for a in arrays]
    _same_length(**{f"array{i}": a for i, a in enumerate(data)})
    n = len(data[0])
    strata = "stratified " if stratify is not None else ""
    method = f"{strata}bootstrap percentile {ci:.0%}, {n_boot} resamples"
    if n == 0:
        return Estimate(_NAN, _NAN, _NAN, 0, method)
    if stratify is None:
        groups = [np.arange(n)]
    else:
        g = np.asarray(stratify)
        _same_length(stratify=g, array0=data[0])
        groups = [np.flatnonzero(g == v) for v in np.unique(g)]
    rng = np.random.default_rng(seed)
    boot = np.empty(n_boot)
    for b in range(n_boot):
        idx = np.concatenate([grp[rng.integers(0, grp.size, grp.size)] for grp in groups])
        boot[b] = statistic(*(a[idx] for a in data))
    lo, hi = _percentile_ci(boot, ci)
    return Estimate(float(statistic(*data)), lo, hi, n, method)


def balanced_accuracy(
    y_true: ArrayLike, y_pred: ArrayLike, *, n_boot: int = 1000, seed: int = 0, ci: float = 0.95
) -> Estimate:
    """Mean per-class recall (as ``sklearn.metrics.balanced_accuracy_score``), bootstrap CI.

    The bootstrap is stratified by ``y_true``, so every resample has every class.

    Raises:
        RedhandedError: on mismatched lengths or fewer than two classes in ``y_true``.
    """
    yt, yp = np.asarray(y_true), np.asarray(y_pred)
    if yt.ndim != 1 or yp.ndim != 1:
        raise RedhandedError(f"y_true and y_pred must be 1-D, got shapes {yt.shape}, {yp.shape}")
    _same_length(y_true=yt, y_pred=yp)
    classes, codes = np.unique(yt, return_inverse=True)
    if classes.size < 2:
        raise RedhandedError(
            f"balanced accuracy needs at least two classes in y_true, got {classes.tolist()}: "
            "evaluate on a set with both honest and deceptive examples"
        )
    correct = (yt == yp).astype(np.float64)
    k = classes.size

    def per_class_recall(c: NDArray[np.intp], ok: NDArray[np.float64]) -> float:
        hits = np.bincount(c, weights=ok, minlength=k)
        return float(np.mean(hits / np.bincount(c, minlength=k)))

    return bootstrap_ci(per_class_recall, codes, correct, n_boot=n_boot, seed=seed, ci=ci, stratify=codes)


# -- paired tests -------------------------------------------------------------------------------


def mcnemar_exact(b: int, c: int, *, alternative: Alternative = "two-sided") -> TestResult:
    """Exact McNemar test: a binomial test of ``b`` out of ``b + c`` discordant pairs at 1/2.

    Args:
        b: pairs where only the first condition is positive (e.g. misbehaves in the honeypot
            arm but not in its control).
        c: pairs where only the second condition is positive.
        alternative: ``"two-sided"`` (default), ``"greater"`` (first positive more often) or
            ``"less"``.

    Returns:
        ``TestResult(statistic=b, ...)``; with no discordant pairs the p-value is 1.0 (no
        evidence either way) and ``n == 0``.
    """
    b, c = _count("b", b), _count("c", c)
    name = f"exact McNemar (binomial on discordant pairs, {alternative})"
    if b + c == 0:
        return TestResult(0.0, 1.0, name, 0)
    from scipy.stats import binomtest

    p = binomtest(b, b + c, 0.5, alternative=alternative).pvalue
    return TestResult(float(b), float(p), name, b + c)


def sign_test(differences: ArrayLike, *, alternative: Alternative = "two-sided") -> TestResult:
    """Exact sign test on paired differences (zeros dropped).

    Args:
        differences: ``(n,)`` finite ``x - y`` per pair.
        alternative: ``"two-sided"`` (default), ``"greater"`` (positive differences more
            likely) or ``"less"``.

    Returns:
        ``TestResult(statistic=#positive, n=#non-zero, ...)``; with no non-zero difference the
        p-value is 1.0.
    """
    d = _vector("differences", differences)
    nonzero = d[d != 0]
    n_pos = int((nonzero > 0).sum())
    name = f"exact sign test (binomial, zeros dropped, {alternative})"
    if nonzero.size == 0:
        return TestResult(0.0, 1.0, name, 0)
    from scipy.stats import binomtest

    p = binomtest(n_pos, nonzero.size, 0.5, alternative=alternative).pvalue
    return TestResult(float(n_pos), float(p), name, int(nonzero.size))


def paired_bootstrap_diff(
    x: ArrayLike, y: ArrayLike, *, n_boot: int = 1000, seed: int = 0, ci: float = 0.95
) -> Estimate:
    """Mean of ``x - y`` over pairs, with a percentile bootstrap CI resampling pairs.

    Vectorised (each replicate's mean is a multiplicity-weighted sum). With no pairs the value
    and CI are missing (``None``).

    Raises:
        RedhandedError: on NaN values or mismatched lengths.
    """
    xa, ya = _vector("x", x), _vector("y", y)
    _same_length(x=xa, y=ya)
    _check_ci(ci)
    _check_n_boot(n_boot)
    d = xa - ya
    n = d.size
    method = f"paired bootstrap percentile {ci:.0%}, {n_boot} resamples"
    if n == 0:
        return Estimate(_NAN, _NAN, _NAN, 0, method)
    rng = np.random.default_rng(seed)
    boot = np.empty(n_boot)
    for a, b in _chunks(n_boot, n):
        boot[a:b] = _resample_counts(rng, n, b - a) @ d / n
    lo, hi = _percentile_ci(boot, ci)
    return Estimate(float(d.mean()), lo, hi, n, method)
