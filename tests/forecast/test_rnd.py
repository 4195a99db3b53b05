import math

import numpy as np
import pytest

from redhanded.errors import RedhandedError
from redhanded.forecast.rnd import (
    PRESETS,
    Distribution,
    RndParams,
    Scenario,
    ces,
    effective_labour,
    monte_carlo,
    progress_ratio,
    sweep,
)

A, N, S = PRESETS["automatedcorp"], PRESETS["normalcorp"], PRESETS["slowcorp"]


def test_parallel_penalty_hand_calculation():
    # 50x more workers with lambda = 0.4 count as 50 ** 0.4 = 4.78x
    four = Scenario("x", researchers=4000, serial_years=1)
    fifty = Scenario("y", researchers=200_000, serial_years=1)
    ratio = effective_labour(fifty, 0.4) / effective_labour(four, 0.4)
    assert float(ratio) == pytest.approx(4.78, abs=0.005)
    # automatedcorp also gets 50x serial time with no penalty: 50 * 4.78 = 239.1
    assert float(effective_labour(A, 0.4) / effective_labour(N, 0.4)) == pytest.approx(
        50 * 50**0.4, rel=1e-12
    )


def test_cobb_douglas_hand_calculation():
    # sigma = 1: output = l**alpha * c**(1-alpha); equal compute -> ratio = (50 * 50**0.4)**0.5
    p = RndParams(parallel_exponent=0.4, sigma=1.0, labour_share=0.5)
    assert progress_ratio(A, N, p) == pytest.approx(50**0.7, rel=1e-12)  # 15.46
    assert progress_ratio(A, N, p) == pytest.approx(15.46, abs=0.01)
    # normalcorp vs slowcorp: 1 year vs 1 week serial, 4000 vs 800 researchers
    week = 7 / 365.25
    assert progress_ratio(N, S, p) == pytest.approx((1 / week * 5**0.4) ** 0.5, rel=1e-12)
    # Cobb-Douglas limits: alpha -> 1 gives the labour ratio, alpha -> 0 the compute ratio (1)
    assert progress_ratio(A, N, RndParams(0.4, 1.0, 1 - 1e-9)) == pytest.approx(239.1, rel=1e-3)
    assert progress_ratio(A, N, RndParams(0.4, 1.0, 1e-9)) == pytest.approx(1.0, abs=1e-6)


def test_ces_limits():
    lab, c, a = 8.0, 2.0, 0.3
    # Leontief at sigma -> 0 and exactly 0
    assert float(ces(lab, c, a, 0.0)) == pytest.approx(2.0, rel=1e-12)
    assert float(ces(lab, c, a, 1e-4)) == pytest.approx(2.0, rel=1e-3)
    # perfect substitutes at sigma -> inf and exactly inf: a*l + (1-a)*c = 3.8
    assert float(ces(lab, c, a, math.inf)) == pytest.approx(3.8, rel=1e-12)
    assert float(ces(lab, c, a, 1e6)) == pytest.approx(3.8, rel=1e-4)
    # continuity at sigma = 1 (Cobb-Douglas)
    cd = lab**a * c ** (1 - a)
    assert float(ces(lab, c, a, 1.0)) == pytest.approx(cd, rel=1e-12)
    assert float(ces(lab, c, a, 1.0 + 1e-7)) == pytest.approx(cd, rel=1e-6)
    # sigma = 0.5: rho = -1, harmonic form (a/l + (1-a)/c)^-1
    assert float(ces(lab, c, a, 0.5)) == pytest.approx(1 / (a / lab + (1 - a) / c), rel=1e-12)


def test_preset_ratios_at_the_extremes():
    # compute as a hard bottleneck: equal compute -> automation gives nothing...
    assert progress_ratio(A, N, RndParams(0.4, 0.0, 0.5)) == pytest.approx(1.0, rel=1e-12)
    # ...but slowcorp is limited by its labour
    assert progress_ratio(N, S, RndParams(0.4, 0.0, 0.5)) == pytest.approx(
        1 / (7 / 365.25 * 0.2**0.4), rel=1e-12
    )
    # perfect substitutes: 0.5 * 239.1 + 0.5
    assert progress_ratio(A, N, RndParams(0.4, math.inf, 0.5)) == pytest.approx(
        0.5 * 50**1.4 + 0.5, rel=1e-12
    )


def test_sweep_grid_and_monotonicity():
    res = sweep(A, N, parallel_exponents=[0.0, 0.4, 1.0], sigmas=[0.5, 1.0, 2.0])
    r = np.array(res.ratios)
    assert r.shape == (3, 3)
    assert r[1, 1] == pytest.approx(50**0.7, rel=1e-12)
    assert np.all(np.diff(r, axis=1) > 0)  # more parallel value -> more progress
    assert np.all(np.diff(r, axis=0) > 0)  # labour-abundant: substitutability helps


def test_monte_carlo_interval():
    fixed = {
        k: Distribution("fixed", v)
        for k, v in (("parallel_exponent", 0.4), ("sigma", 1.0), ("labour_share", 0.5))
    }
    mc = monte_carlo(A, N, distributions=fixed, n=100)
    assert mc.ratio.estimate == pytest.approx(50**0.7, rel=1e-12)
    assert mc.ratio.lower == pytest.approx(mc.ratio.upper, rel=1e-12)
    mc = monte_carlo(A, N, n=4000, seed=3)
    assert mc.ratio.level == 0.8
    assert mc.ratio.lower < mc.ratio.estimate < mc.ratio.upper
    assert np.mean(mc.samples <= mc.ratio.upper) == pytest.approx(0.9, abs=0.01)


def test_invalid_parameters():
    with pytest.raises(RedhandedError, match="lambda"):
        RndParams(parallel_exponent=1.5)
    with pytest.raises(RedhandedError, match="labour_share"):
        RndParams(labour_share=1.0)
    with pytest.raises(RedhandedError, match="positive"):
        Scenario("bad", researchers=0, serial_years=1)
    with pytest.raises(RedhandedError, match="unknown parameter"):
        monte_carlo(A, N, distributions={"gamma": Distribution("fixed", 1.0)})
