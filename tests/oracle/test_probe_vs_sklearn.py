"""Probes against oracles: LogisticProbe vs scikit-learn, MeanDiffProbe vs a hand computation."""

import warnings

import numpy as np
import pytest
from scipy.special import expit
from sklearn.covariance import LedoitWolf
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

from redhanded.probes import LogisticProbe, MeanDiffProbe


def make_data(n, d, seed=0, offset=3.0):
    """Correlated, off-centre, unevenly scaled features with a noisy linear label."""
    rng = np.random.default_rng(seed)
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    X = rng.normal(size=(n, d)) @ mix * rng.uniform(0.5, 5.0, size=d) + offset
    w = rng.normal(size=d)
    logit = (X - X.mean(0)) @ w / np.sqrt(d)
    y = (logit + rng.normal(scale=1.0, size=n) > 0).astype(int)
    return X, y


def sklearn_oracle(Xs, y, C):
    lr = LogisticRegression(C=C, tol=1e-12, max_iter=100_000)
    lr.fit(Xs, y)
    return lr


def rel_err(a, b):
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def newton_oracle(Xs, y, C):
    """The exact optimum of sklearn's objective by Newton's method: ``(coef (d,), intercept)``."""
    n, d = Xs.shape
    A = np.hstack([Xs, np.ones((n, 1))])
    reg = np.full(d + 1, 1.0 / (C * n))
    reg[-1] = 0.0  # intercept not penalised
    theta = np.zeros(d + 1)
    for _ in range(100):
        p = expit(A @ theta)
        grad = A.T @ (p - y) / n + reg * theta
        hess = (A * (p * (1 - p))[:, None]).T @ A / n + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.max(np.abs(step)) <= 1e-15:
            break
    assert np.max(np.abs(grad)) <= 1e-14
    return theta[:-1], theta[-1]


CASES = [
    # (n, d, C, standardize)
    (400, 20, 0.01, True),
    (400, 20, 0.1, True),
    (400, 20, 1.0, True),
    (400, 20, 10.0, True),
    (400, 20, 1.0, False),
    (60, 200, 0.1, True),  # d > n
    (60, 200, 1.0, False),  # d > n, raw features
]


@pytest.mark.parametrize(("n", "d", "C", "standardize"), CASES)
def test_logistic_float64_matches_sklearn(n, d, C, standardize):
    X, y = make_data(n, d)
    probe = LogisticProbe(C=C, standardize=standardize, dtype="float64", tol=1e-8, max_iter=5000)
    with warnings.catch_warnings():
        # Both solvers stop on the same relative loss change (64 eps) before reaching tol=1e-8
        # on the ill-conditioned cases; agreement is what is tested.
        warnings.simplefilter("ignore", ConvergenceWarning)
        probe.fit(X, y)
    if standardize:
        scaler = StandardScaler().fit(X)
        np.testing.assert_allclose(probe.mean_, scaler.mean_, rtol=1e-12)
        np.testing.assert_allclose(probe.scale_, scaler.scale_, rtol=1e-10)
        Xs = scaler.transform(X)
    else:
        np.testing.assert_array_equal(probe.mean_, np.zeros(d))
        np.testing.assert_array_equal(probe.scale_, np.ones(d))
        Xs = X
    lr = sklearn_oracle(Xs, y, C)
    ours, theirs = probe.decision_function(X), lr.decision_function(Xs)
    # Measured: 1e-7 (well-conditioned) to 2e-5 (raw features, d > n) relative.
    assert rel_err(probe.coef_, lr.coef_) <= 1e-4
    assert rel_err(ours, theirs) <= 1e-4
    np.testing.assert_allclose(probe.predict_proba(X), lr.predict_proba(Xs), rtol=0, atol=1e-5)
    assert roc_auc_score(y, ours) == pytest.approx(roc_auc_score(y, theirs), abs=1e-6)
    # And against the exact optimum (measured 2e-7 to 1e-5; sklearn itself is 1e-7 to 3e-6 off).
    coef, intercept = newton_oracle(Xs, y, C)
    assert rel_err(probe.coef_[0], coef) <= 5e-5
    assert rel_err(ours, Xs @ coef + intercept) <= 5e-5


@pytest.mark.parametrize("C", [0.01, 0.1, 1.0])
@pytest.mark.parametrize(("tol", "max_rel"), [(1e-4, 5e-3), (1e-5, 1e-3)])
def test_logistic_float32_close_to_sklearn(C, tol, max_rel):
    """float32 data and products (the default), float64 optimiser, vs sklearn fully converged.

    Measured at tol=1e-4 (the default, as sklearn's): 3e-4 to 2.4e-3 relative, the same as
    sklearn's own default fit (5e-4 to 2.5e-3); at 1e-5: 7e-5 to 2e-4. AUROC within 1.4e-5.
    """
    X, y = make_data(2000, 64, seed=1)
    X = X.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        probe = LogisticProbe(C=C, tol=tol).fit(X, y)
    assert probe.get_params()["dtype"] == "float32"
    Xs = StandardScaler().fit_transform(X.astype(np.float64))
    lr = sklearn_oracle(Xs, y, C)
    ours, theirs = probe.decision_function(X), lr.decision_function(Xs)
    assert rel_err(ours, theirs) <= max_rel
    assert roc_auc_score(y, ours) == pytest.approx(roc_auc_score(y, theirs), abs=1e-4)


def test_logistic_labels_any_two_values():
    X, y = make_data(300, 10)
    names = np.array(["honest", "lying"])[y]
    a = LogisticProbe(dtype="float64").fit(X, y)
    b = LogisticProbe(dtype="float64").fit(X, names)
    np.testing.assert_array_equal(b.classes_, ["honest", "lying"])
    np.testing.assert_allclose(a.decision_function(X), b.decision_function(X), rtol=0, atol=0)
    expected = np.where(a.decision_function(X) > 0, "lying", "honest")
    np.testing.assert_array_equal(b.predict(X), expected)
    assert 0.3 <= np.mean(expected == "lying") <= 0.7


def test_logistic_constant_feature_gets_unit_scale():
    X, y = make_data(300, 10)
    X[:, 3] = 1234.5678
    probe = LogisticProbe(dtype="float32").fit(X.astype(np.float32), y)
    assert probe.scale_[3] == 1.0
    assert probe.mean_[3] == pytest.approx(1234.5678, rel=1e-7)
    assert abs(probe.coef_[0, 3]) <= 1e-6


# -- MeanDiffProbe ------------------------------------------------------------------------------


def hand_meandiff(X, y, shrinkage=None):
    """Class means, pooled covariance and direction, written out with loops."""
    n, d = X.shape
    mu = [np.zeros(d), np.zeros(d)]
    count = [0, 0]
    for x, label in zip(X, y, strict=True):
        mu[label] += x
        count[label] += 1
    mu = [m / c for m, c in zip(mu, count, strict=True)]
    diff = mu[1] - mu[0]
    if shrinkage is None:
        direction = diff
        resid = [x - mu[label] for x, label in zip(X, y, strict=True)]
    else:
        sigma = np.zeros((d, d))
        resid = []
        for x, label in zip(X, y, strict=True):
            r = x - mu[label]
            resid.append(r)
            sigma += np.outer(r, r)
        sigma /= n
        target = np.trace(sigma) / d * np.eye(d)
        direction = np.linalg.solve((1 - shrinkage) * sigma + shrinkage * target, diff)
    proj_std = np.sqrt(np.mean([(r @ direction) ** 2 for r in resid]))
    mid = 0.5 * (mu[0] @ direction + mu[1] @ direction)
    decision = np.array([x @ direction - mid for x in X])
    return mu, direction, decision, proj_std


def test_meandiff_matches_hand_computation():
    X, y = make_data(300, 12, seed=2)
    probe = MeanDiffProbe().fit(X, y)
    mu, direction, decision, proj_std = hand_meandiff(X, y)
    np.testing.assert_allclose(probe.means_, np.stack(mu), rtol=1e-12)
    np.testing.assert_allclose(probe.coef_[0], direction, rtol=1e-12)
    np.testing.assert_allclose(probe.decision_function(X), decision, rtol=1e-10, atol=1e-10)
    assert probe.proj_scale_ == pytest.approx(proj_std, rel=1e-12)
    np.testing.assert_allclose(probe.predict_proba(X)[:, 1], expit(decision / proj_std), rtol=1e-12)
    assert probe.shrinkage_ == 0.0


@pytest.mark.parametrize("shrinkage", [0.0, 0.3, 1.0])
def test_meandiff_covariance_adjusted_fixed_shrinkage(shrinkage):
    X, y = make_data(300, 12, seed=3)
    probe = MeanDiffProbe(covariance_adjusted=True, shrinkage=shrinkage).fit(X, y)
    _, direction, decision, proj_std = hand_meandiff(X, y, shrinkage=shrinkage)
    np.testing.assert_allclose(probe.coef_[0], direction, rtol=1e-8)
    np.testing.assert_allclose(probe.decision_function(X), decision, rtol=1e-8, atol=1e-8)
    assert probe.proj_scale_ == pytest.approx(proj_std, rel=1e-10)
    assert probe.shrinkage_ == shrinkage


def test_meandiff_ledoit_wolf_matches_sklearn_shrinkage_d_gt_n():
    X, y = make_data(50, 80, seed=4)
    probe = MeanDiffProbe(covariance_adjusted=True).fit(X, y)
    mu = [X[y == k].mean(0) for k in (0, 1)]
    resid = X - np.where(y[:, None] == 1, mu[1], mu[0])
    lw = LedoitWolf(assume_centered=True).fit(resid)
    assert probe.shrinkage_ == pytest.approx(lw.shrinkage_, rel=1e-10)
    assert 0.0 < probe.shrinkage_ < 1.0
    _, direction, decision, _ = hand_meandiff(X, y, shrinkage=lw.shrinkage_)
    np.testing.assert_allclose(probe.coef_[0], direction, rtol=1e-7)
    np.testing.assert_allclose(probe.decision_function(X), decision, rtol=1e-7, atol=1e-7)


def test_meandiff_full_shrinkage_equals_plain_direction_up_to_scale():
    X, y = make_data(200, 8, seed=5)
    plain = MeanDiffProbe().fit(X, y)
    full = MeanDiffProbe(covariance_adjusted=True, shrinkage=1.0).fit(X, y)
    np.testing.assert_allclose(full.predict_proba(X), plain.predict_proba(X), rtol=1e-10)
    cos = plain.coef_[0] @ full.coef_[0]
    cos /= np.linalg.norm(plain.coef_[0]) * np.linalg.norm(full.coef_[0])
    assert cos == pytest.approx(1.0, abs=1e-12)


def test_meandiff_covariance_adjustment_helps_on_correlated_noise():
    """Noise along a high-variance direction swamps the plain mean difference, not Fisher's."""
    rng = np.random.default_rng(6)
    n, d = 2000, 10
    y = rng.integers(0, 2, n)
    X = rng.normal(size=(n, d))
    X[:, 0] += 0.6 * y  # the signal, in a unit-variance feature
    X[:, 1] = 20 * rng.normal(size=n) + 1.2 * y  # a larger but much noisier mean shift
    plain = roc_auc_score(y, MeanDiffProbe().fit(X, y).decision_function(X))
    fisher = roc_auc_score(y, MeanDiffProbe(covariance_adjusted=True).fit(X, y).decision_function(X))
    assert fisher >= plain + 0.1
    assert 0.6 <= fisher <= 0.75
