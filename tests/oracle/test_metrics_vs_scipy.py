"""Metrics against scikit-learn / scipy and against slow loop references."""

import dataclasses
import math

import numpy as np
import pytest
from pydantic import ValidationError
from scipy.stats import beta, binomtest
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.metrics import roc_curve as sk_roc_curve

from redhanded.errors import RedhandedError
from redhanded.metrics import (
    Estimate,
    TestResult,
    auroc,
    auroc_between,
    balanced_accuracy,
    bootstrap_ci,
    clopper_pearson,
    mcnemar_exact,
    paired_bootstrap_diff,
    rate_above,
    roc_curve,
    sign_test,
    small_sample_note,
    threshold_at_fpr,
)


def scored(n_pos, n_neg, shift=1.0, seed=0, ties=False):
    rng = np.random.default_rng(seed)
    y = np.r_[np.ones(n_pos, int), np.zeros(n_neg, int)]
    s = rng.normal(size=n_pos + n_neg) + shift * y
    if ties:
        s = np.round(s)  # a handful of distinct values: many ties within and across classes
    perm = rng.permutation(y.size)
    return y[perm], s[perm]


# -- AUROC --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n_pos", "n_neg", "shift", "ties"),
    [(50, 50, 1.0, False), (30, 500, 0.5, False), (400, 40, 2.0, True), (5, 7, 0.0, True)],
)
def test_auroc_value_equals_roc_auc_score(n_pos, n_neg, shift, ties):
    y, s = scored(n_pos, n_neg, shift, ties=ties)
    est = auroc(y, s, n_boot=200)
    assert est.value == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert est.n == n_pos + n_neg
    assert est.lower <= est.value <= est.upper
    assert "stratified bootstrap" in est.method


def test_auroc_perfect_and_reversed():
    y = np.array([0, 0, 1, 1])
    assert auroc(y, [0.1, 0.2, 0.3, 0.4]).value == 1.0
    assert auroc(y, [0.4, 0.3, 0.2, 0.1]).value == 0.0
    assert auroc(y, [1.0, 1.0, 1.0, 1.0]).value == 0.5


@pytest.mark.parametrize("ties", [False, True])
def test_auroc_bootstrap_matches_loop_over_sklearn(ties):
    """The vectorised replicates equal roc_auc_score on the same resamples, one by one."""
    y, s = scored(40, 25, 0.8, seed=3, ties=ties)
    n_boot, seed = 300, 7
    est = auroc(y, s, n_boot=n_boot, seed=seed, ci=0.9)
    pos, neg = s[y == 1], np.sort(s[y == 0])
    rng = np.random.default_rng(seed)  # the same draws, in the same order, as the library
    neg_idx = rng.integers(0, neg.size, size=(n_boot, neg.size))
    pos_idx = rng.integers(0, pos.size, size=(n_boot, pos.size))
    labels = np.r_[np.ones(pos.size), np.zeros(neg.size)]
    boot = [roc_auc_score(labels, np.r_[pos[pos_idx[b]], neg[neg_idx[b]]]) for b in range(n_boot)]
    lo, hi = np.quantile(boot, [0.05, 0.95])
    assert est.lower == pytest.approx(lo, abs=1e-12)
    assert est.upper == pytest.approx(hi, abs=1e-12)


def test_auroc_ci_shrinks_with_n():
    small = auroc(*scored(100, 100, 1.0, seed=1), n_boot=500)
    large = auroc(*scored(1000, 1000, 1.0, seed=1), n_boot=500)
    w_small, w_large = small.upper - small.lower, large.upper - large.lower
    assert 2.0 <= w_small / w_large <= 4.5  # about sqrt(10)
    for est in (small, large):
        assert est.lower <= est.value <= est.upper
        assert est.value == pytest.approx(0.76, abs=0.06)  # Phi(1 / sqrt(2)) = 0.760


def test_auroc_ci_level_and_seed():
    y, s = scored(80, 80, 0.7)
    wide, narrow = auroc(y, s, ci=0.99), auroc(y, s, ci=0.5)
    assert wide.lower < narrow.lower <= narrow.upper < wide.upper
    assert auroc(y, s, seed=1) == auroc(y, s, seed=1)
    assert auroc(y, s, seed=1) != auroc(y, s, seed=2)


def test_auroc_between_equals_auroc_on_concatenation():
    y, s = scored(60, 90, 0.5, seed=4)
    a = auroc_between(s[y == 1], s[y == 0], n_boot=300, seed=3)
    assert a.value == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    ordered = auroc(np.r_[np.ones(60), np.zeros(90)], np.r_[s[y == 1], s[y == 0]], n_boot=300, seed=3)
    assert a == ordered


def test_auroc_large_is_fast_enough():
    import time

    y, s = scored(10_000, 10_000, 0.3)
    t0 = time.perf_counter()
    est = auroc(y, s, n_boot=1000)
    assert time.perf_counter() - t0 <= 10.0  # measured ~0.8 s on 2 cores
    # Width against the Hanley-McNeil (1982) standard error: 2 * 1.96 * SE.
    a, n1, n0 = est.value, 10_000, 10_000
    q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
    se = math.sqrt((a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a)) / (n1 * n0))
    assert est.upper - est.lower == pytest.approx(2 * 1.96 * se, rel=0.1)


@pytest.mark.parametrize(
    ("y", "s", "match"),
    [
        ([1, 1, 1], [0.1, 0.2, 0.3], "both classes.*3 positive and 0 negative"),
        ([0, 1, 2], [0.1, 0.2, 0.3], "0/1 labels.*2"),
        (["a", "b"], [0.1, 0.2], "0/1 labels"),
        ([0, 1], [0.1, np.nan], "1 missing"),
        ([0, 1, 1], [0.1, 0.2], "lengths differ"),
    ],
)
def test_auroc_misuse_raises(y, s, match):
    with pytest.raises(RedhandedError, match=match):
        auroc(y, s)


def test_auroc_bad_ci_and_n_boot():
    y, s = scored(5, 5)
    with pytest.raises(RedhandedError, match="ci must be in"):
        auroc(y, s, ci=95)
    with pytest.raises(RedhandedError, match="n_boot"):
        auroc(y, s, n_boot=0)
    with pytest.raises(RedhandedError, match="both groups"):
        auroc_between([], [0.1])


def test_roc_curve_matches_sklearn():
    y, s = scored(30, 40, ties=True)
    fpr, tpr = roc_curve(y, s)
    sk_fpr, sk_tpr, _ = sk_roc_curve(y, s)
    np.testing.assert_array_equal(fpr, sk_fpr)
    np.testing.assert_array_equal(tpr, sk_tpr)
    assert fpr[0] == 0.0 and tpr[-1] == 1.0


# -- Clopper-Pearson, rates, notes ----------------------------------------------------------------


def beta_reference(k, n, ci):
    a = (1 - ci) / 2
    lo = 0.0 if k == 0 else beta.ppf(a, k, n - k + 1)
    hi = 1.0 if k == n else beta.ppf(1 - a, k + 1, n - k)
    return lo, hi


@pytest.mark.parametrize(
    ("k", "n", "ci"),
    [(0, 100, 0.95), (1, 100, 0.95), (50, 100, 0.95), (100, 100, 0.95), (3, 7, 0.9), (0, 1, 0.99)],
)
def test_clopper_pearson_vs_beta_quantiles(k, n, ci):
    lo, hi = clopper_pearson(k, n, ci)
    ref_lo, ref_hi = beta_reference(k, n, ci)
    assert lo == pytest.approx(ref_lo, abs=1e-10)
    assert hi == pytest.approx(ref_hi, abs=1e-10)


def test_clopper_pearson_zero_of_hundred_golden():
    lo, hi = clopper_pearson(0, 100)
    assert lo == 0.0
    assert hi == pytest.approx(1 - 0.025 ** (1 / 100), abs=1e-12)  # closed form for k = 0
    assert hi == pytest.approx(0.0362, abs=5e-5)


def test_clopper_pearson_edge_cases():
    assert all(math.isnan(v) for v in clopper_pearson(0, 0))
    with pytest.raises(RedhandedError, match="exceeds"):
        clopper_pearson(5, 4)
    with pytest.raises(RedhandedError, match="non-negative integer"):
        clopper_pearson(-1, 4)
    with pytest.raises(RedhandedError, match="non-negative integer"):
        clopper_pearson(1.5, 4)  # type: ignore[arg-type]


def test_small_sample_notes():
    assert small_sample_note(0, 100) == "0 of 100 is still up to 3.6% at 95%"
    assert small_sample_note(100, 100) == "100 of 100 is still as low as 96.4% at 95%"
    assert small_sample_note(0, 100_000) == "0 of 100000 is still up to 0.0037% at 95%"
    assert small_sample_note(5, 100) == "5 of 100 (5.0%) is between 1.6% and 11.3% at 95%"
    assert small_sample_note(0, 0) == "0 of 0: no data, the rate is unknown"
    assert small_sample_note(0, 100, ci=0.99).endswith("at 99%")


def test_rate_above_is_strict_with_exact_ci():
    scores = np.array([0.0, 0.5, 0.5, 0.5, 1.0, 2.0])
    est = rate_above(scores, 0.5)
    assert est.value == pytest.approx(2 / 6, abs=1e-15)  # the three ties are not alarms
    assert (est.lower, est.upper) == clopper_pearson(2, 6)
    assert est.n == 6
    assert "Clopper-Pearson" in est.method
    assert rate_above(scores, -1.0).value == 1.0
    assert rate_above(scores, 2.0).value == 0.0


def test_rate_above_empty_is_missing_not_zero():
    est = rate_above([], 0.5)
    assert est.n == 0
    assert est.value is None and est.lower is None and est.upper is None
    assert est.is_missing and "missing" in str(est)


def test_rate_above_missing_scores_raise():
    with pytest.raises(RedhandedError, match="missing"):
        rate_above([0.1, np.nan], 0.0)
    with pytest.raises(RedhandedError, match="threshold is NaN"):
        rate_above([0.1], float("nan"))


# -- thresholds ---------------------------------------------------------------------------------


def brute_threshold(control, fpr):
    """The rule, literally: the smallest control score t with mean(control > t) <= fpr."""
    return min(t for t in control if np.mean(control > t) <= fpr)


@pytest.mark.parametrize("fpr", [0.0, 0.01, 0.05, 0.1, 0.29, 0.5, 1.0])
@pytest.mark.parametrize("ties", [False, True])
def test_threshold_at_fpr_matches_rule(fpr, ties):
    rng = np.random.default_rng(11)
    control = rng.normal(size=300)
    if ties:
        control = np.round(control * 4) / 4
    t = threshold_at_fpr(control, fpr)
    assert t == brute_threshold(control, fpr)
    realised = rate_above(control, t).value
    assert 0.0 <= realised <= fpr  # realised FPR on the fitting data never exceeds the target


def test_threshold_float_trap():
    control = np.arange(100.0)  # 0.29 * 100 is 28.999999999999996 in floating point
    t = threshold_at_fpr(control, 0.29)
    assert t == 70.0
    assert int((control > t).sum()) == 29


def test_threshold_ties_at_threshold_are_not_alarms():
    control = np.r_[np.zeros(95), np.ones(5)]
    assert threshold_at_fpr(control, 0.01) == 1.0  # 5% above 0 > 1%: the threshold moves up
    assert rate_above(control, 1.0).value == 0.0
    assert threshold_at_fpr(control, 0.05) == 0.0  # exactly 5% strictly above 0 is allowed
    assert rate_above(control, 0.0).value == pytest.approx(0.05, abs=1e-15)


def test_threshold_misuse():
    with pytest.raises(RedhandedError, match="empty"):
        threshold_at_fpr([], 0.01)
    with pytest.raises(RedhandedError, match="fpr must be in"):
        threshold_at_fpr([1.0], 1.5)
    with pytest.raises(RedhandedError, match="missing"):
        threshold_at_fpr([1.0, np.nan], 0.1)


# -- paired tests -------------------------------------------------------------------------------


@pytest.mark.parametrize(("b", "c"), [(1, 9), (9, 1), (5, 5), (0, 7), (30, 12), (1, 0)])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_mcnemar_exact_vs_binomtest(b, c, alternative):
    res = mcnemar_exact(b, c, alternative=alternative)
    assert res.p_value == pytest.approx(binomtest(b, b + c, 0.5, alternative=alternative).pvalue)
    assert res.statistic == b
    assert res.n == b + c
    assert "McNemar" in res.test and alternative in res.test


def test_mcnemar_golden_values():
    assert mcnemar_exact(1, 9).p_value == pytest.approx(2 * (1 + 10) / 1024, abs=1e-15)
    assert mcnemar_exact(5, 5).p_value == pytest.approx(1.0, abs=1e-15)
    none = mcnemar_exact(0, 0)
    assert (none.p_value, none.n) == (1.0, 0)
    with pytest.raises(RedhandedError, match="non-negative integer"):
        mcnemar_exact(-1, 3)


def test_sign_test_vs_binomtest():
    rng = np.random.default_rng(5)
    d = np.round(rng.normal(0.3, 1.0, size=60))  # rounding makes some zeros
    zeros = int((d == 0).sum())
    assert zeros >= 5
    res = sign_test(d)
    n_pos, n_nonzero = int((d > 0).sum()), d.size - zeros
    assert res.n == n_nonzero
    assert res.statistic == n_pos
    assert res.p_value == pytest.approx(binomtest(n_pos, n_nonzero, 0.5).pvalue)
    greater = sign_test(d, alternative="greater")
    assert greater.p_value == pytest.approx(binomtest(n_pos, n_nonzero, 0.5, alternative="greater").pvalue)
    assert "sign test" in res.test
    assert sign_test([0.0, 0.0]).p_value == 1.0


def test_paired_bootstrap_diff_matches_loop():
    rng = np.random.default_rng(8)
    x = rng.normal(1.0, 1.0, 50)
    y = x - 0.3 + rng.normal(0, 0.5, 50)
    est = paired_bootstrap_diff(x, y, n_boot=400, seed=2)
    d = x - y
    assert est.value == pytest.approx(d.mean(), abs=1e-14)
    draws = np.random.default_rng(2).integers(0, 50, size=(400, 50))
    lo, hi = np.quantile([d[i].mean() for i in draws], [0.025, 0.975])
    assert est.lower == pytest.approx(lo, abs=1e-12)
    assert est.upper == pytest.approx(hi, abs=1e-12)
    assert est.lower <= est.value <= est.upper
    assert est.n == 50


def test_paired_bootstrap_diff_ci_shrinks_and_empty_is_missing():
    rng = np.random.default_rng(9)
    widths = []
    for n in (100, 10_000):
        x, y = rng.normal(size=n), rng.normal(size=n)
        est = paired_bootstrap_diff(x, y, n_boot=500)
        widths.append(est.upper - est.lower)
        # The percentile CI of a mean is about +-1.96 sd / sqrt(n), with sd(x - y) = sqrt(2).
        assert est.upper - est.lower == pytest.approx(2 * 1.96 * np.sqrt(2 / n), rel=0.15)
    assert widths[0] / widths[1] == pytest.approx(10.0, rel=0.2)
    assert paired_bootstrap_diff([], []).value is None


# -- balanced accuracy and the generic bootstrap --------------------------------------------------


def test_balanced_accuracy_vs_sklearn():
    rng = np.random.default_rng(10)
    y = (rng.random(300) < 0.2).astype(int)
    pred = np.where(rng.random(300) < 0.8, y, 1 - y)
    est = balanced_accuracy(y, pred, n_boot=300)
    assert est.value == pytest.approx(balanced_accuracy_score(y, pred), abs=1e-12)
    assert est.lower <= est.value <= est.upper
    assert 0.05 <= est.upper - est.lower <= 0.25
    with pytest.raises(RedhandedError, match="two classes"):
        balanced_accuracy([1, 1], [1, 0])


def test_bootstrap_ci_stratified_keeps_group_sizes():
    g = np.r_[np.zeros(30), np.ones(70)]
    est = bootstrap_ci(np.mean, g, stratify=g, n_boot=50)
    assert est.value == est.lower == est.upper == pytest.approx(0.7, abs=1e-15)
    free = bootstrap_ci(np.mean, g, n_boot=200)
    assert free.lower < 0.7 < free.upper
    assert "stratified" in est.method and "stratified" not in free.method


def test_bootstrap_ci_pairs_stay_paired():
    x = np.arange(50.0)
    est = bootstrap_ci(lambda a, b: float(np.mean(a - b)), x, x + 2.0, n_boot=100)
    assert est.value == est.lower == est.upper == -2.0
    assert bootstrap_ci(np.mean, np.array([])).value is None
    with pytest.raises(RedhandedError, match="lengths differ"):
        bootstrap_ci(np.mean, x, x[:3])


def test_results_are_frozen():
    est = rate_above([1.0], 0.0)
    assert isinstance(est, Estimate)
    with pytest.raises(ValidationError, match="frozen"):
        est.value = 0.0  # type: ignore[misc]
    res = mcnemar_exact(3, 1)
    assert isinstance(res, TestResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.p_value = 0.0  # type: ignore[misc]


def test_estimate_stores_undefined_as_null_never_nan():
    est = Estimate(float("nan"), -math.inf, np.float64(0.5), np.int64(3), "m")
    assert (est.value, est.lower, est.upper, est.n) == (None, None, 0.5, 3)
    assert est.model_dump_json() == '{"value":null,"lower":null,"upper":0.5,"n":3,"method":"m"}'
    assert Estimate.model_validate_json(est.model_dump_json()) == est
    assert Estimate(value=0.2, lower=0.1, upper=0.3, n=4, method="k") == Estimate(0.2, 0.1, 0.3, 4, "k")
    assert Estimate.missing("no scores") == Estimate(None, None, None, 0, "no scores")
    with pytest.raises(ValidationError):
        Estimate.model_validate({"value": 0.1, "lower": 0.0, "upper": 0.2, "n": 1, "method": "m", "k": 1})
