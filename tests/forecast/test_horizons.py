import json
import math
from pathlib import Path

import numpy as np
import pytest

from redhanded.errors import RedhandedError
from redhanded.forecast.horizons import RunTable, fit_horizons, run_weights
from redhanded.forecast.io import read_runs

METR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "metr"


def _metr_rows(path):
    with open(path) as fh:
        return [json.loads(line) for line in fh]


def _sklearn_p50(rows, model):
    """Independent computation (the oracle).

    scikit-learn's LogisticRegression(C=10) on x = log2(human_minutes), y = score_binarized, with
    METR's own precomputed ``invsqrt_task_weight`` column as sample weights (not our weights);
    p50 = 2 ** (-intercept / slope) minutes. This is METR's published recipe.
    """
    from sklearn.linear_model import LogisticRegression

    sub = [r for r in rows if r["alias"] == model]
    y = np.array([r["score_binarized"] for r in sub])
    if y.min() == y.max():
        return None
    x = np.log2([r["human_minutes"] for r in sub]).reshape(-1, 1)
    w = np.array([r["invsqrt_task_weight"] for r in sub])
    fit = LogisticRegression(C=10).fit(x, y, sample_weight=w)
    return 2 ** (-fit.intercept_[0] / fit.coef_[0][0])


@pytest.fixture(scope="module")
def metr_fit():
    path = METR / "all_runs_2025-02_b9a402f.jsonl"
    if not path.is_file():
        pytest.skip(f"shared METR data not available: {path}")
    return _metr_rows(path), fit_horizons(read_runs(path), n_boot=60, seed=1)


def test_p50_within_10_percent_of_sklearn(metr_fit):
    rows, res = metr_fit
    checked = 0
    for f in res.fits:
        ref = _sklearn_p50(rows, f.model)
        if ref is None:  # davinci-002 never succeeds: both give horizon 0
            assert f.p50.estimate == 0.0
            continue
        assert abs(f.p50.estimate - ref) <= 0.10 * ref, f.model
        # tighter: the two solvers agree to sklearn's tolerance
        assert f.p50.estimate == pytest.approx(ref, rel=0.01), f.model
        checked += 1
    assert checked == 10


def test_named_p50_values(metr_fit):
    # values from the sklearn oracle above, rounded (file b9a402f, no SWAA suite)
    _, res = metr_fit
    assert res.fit("Claude 3.5 Sonnet (New)").p50.estimate == pytest.approx(60.52, rel=0.01)
    assert res.fit("GPT-4o").p50.estimate == pytest.approx(6.982, rel=0.01)
    assert res.fit("o1-preview").p50.estimate == pytest.approx(37.9, rel=0.02)


def test_bootstrap_cis_contain_the_point_estimate(metr_fit):
    _, res = metr_fit
    for f in res.fits:
        if f.p50.estimate == 0.0:
            continue
        assert f.p50.lower <= f.p50.estimate <= f.p50.upper, f.model
        assert f.p80.lower <= f.p80.estimate <= f.p80.upper, f.model
        assert f.p50.lower < f.p50.upper
        assert f.p80.estimate < f.p50.estimate
    assert res.replicates_p50.shape == (60, len(res.fits))


def test_weights_match_metr_column(metr_fit):
    rows, _ = metr_fit
    w = run_weights(
        [r["alias"] for r in rows], [r["task_id"] for r in rows], [r["task_family"] for r in rows]
    )
    ref = np.array([r["invsqrt_task_weight"] for r in rows])
    assert np.max(np.abs(w - ref)) <= 1e-8


def _synthetic(b0=2.0, b1=-0.8, n_tasks=40, reps=150, seed=0):
    rng = np.random.default_rng(seed)
    minutes = np.geomspace(0.5, 500, n_tasks)
    m, t, f, h, s = [], [], [], [], []
    for k, mins in enumerate(minutes):
        p = 1 / (1 + math.exp(-(b0 + b1 * math.log2(mins))))
        for _ in range(reps):
            m.append("agent")
            t.append(f"t{k}")
            f.append(f"f{k // 4}")
            h.append(float(mins))
            s.append(int(rng.random() < p))
    return RunTable(tuple(m), tuple(t), tuple(f), tuple(h), tuple(s))


def test_synthetic_recovers_true_horizon():
    # true p50 = 2 ** (2 / 0.8) = 5.66 min; C is large so the penalty barely matters
    res = fit_horizons(_synthetic(), regularization_c=1e6, n_boot=40)
    f = res.fit("agent")
    assert f.p50.estimate == pytest.approx(2**2.5, rel=0.15)
    assert f.slope == pytest.approx(-0.8, rel=0.15)
    assert f.p50.lower <= 2**2.5 <= f.p50.upper


def test_all_fail_model_has_zero_horizon_and_bad_inputs():
    runs = RunTable(
        ("a", "a", "b", "b"),
        ("t1", "t2", "t1", "t2"),
        ("f", "f", "f", "f"),
        (1.0, 8.0, 1.0, 8.0),
        (0, 0, 1, 0),
    )
    res = fit_horizons(runs, n_boot=5)
    assert res.fit("a").p50.estimate == 0.0
    with pytest.raises(RedhandedError, match="unknown model"):
        fit_horizons(runs, models=["zzz"], n_boot=5)
    with pytest.raises(RedhandedError, match="human_minutes"):
        RunTable(("a",), ("t",), ("f",), (0.0,), (1,))
