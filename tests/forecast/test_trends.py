import math
from datetime import date, timedelta

import pytest

from redhanded.errors import RedhandedError
from redhanded.forecast.io import read_trend_table
from redhanded.forecast.trends import TrendPoint, fit_trend, frontier_mask

# METR's published doubling times (benchmark_results_1_1.yaml, doubling_time_in_days):
# from_2023_on 130.801 d, all_time_stitched 196.475 d. "Stitched" = the v1.1 suite's points plus
# the three pre-2023 points (GPT-2, davinci-002, GPT-3.5) carried over from v1.0 in the same file.
# Recipe: OLS of ln(p50) on release date over is_sota models, doubling = ln 2 / slope.


def test_metr_from_2023_doubling_time(metr_file):
    points = read_trend_table(metr_file("benchmark_results_1_1.yaml"))
    res = fit_trend(points, since=date(2023, 1, 1), n_boot=300)
    assert abs(res.doubling_time_days.estimate - 130.8) <= 0.5
    assert res.window.since == date(2023, 1, 1)
    assert res.window.first == date(2023, 3, 14)
    assert res.window.last == date(2025, 11, 24)
    assert len(res.models) == 11
    assert "2023-01-01" in res.describe()
    # the summary-only bootstrap is labelled as an approximation and contains the estimate
    assert "APPROXIMATION" in res.ci_method
    d = res.doubling_time_days
    assert d.lower < d.estimate < d.upper
    # METR's run-level CI is 107.3-161.4; the independent summary bootstrap is narrower.
    # measured 113.1-150.9 (width 37.8): narrower than METR's 54.1, but not degenerate
    assert 25.0 <= d.upper - d.lower <= 161.422 - 107.334


def test_metr_all_time_stitched_doubling_time(metr_file):
    points = read_trend_table(metr_file("benchmark_results_1_1.yaml"))
    res = fit_trend(points, n_boot=300)
    assert abs(res.doubling_time_days.estimate - 196.5) <= 0.5
    assert len(res.models) == 14
    assert res.window.first == date(2019, 2, 14)


def test_running_best_frontier_matches_metr_is_sota(metr_file):
    for name in ("benchmark_results_1_1.yaml", "benchmark_results_1_0.yaml"):
        points = read_trend_table(metr_file(name))
        assert frontier_mask(points, "running-best") == frontier_mask(points, "flag")


def test_csv_snapshot_gives_the_same_trend(metr_file):
    points = read_trend_table(
        metr_file("metr_horizons_snapshot_2026-01-30.csv"),
        "p50_min",
        ci_columns=("p50_ci_low", "p50_ci_high"),
        where=["suite_file=benchmark_results_1_1.yaml"],
    )
    res = fit_trend(points, since=date(2023, 1, 1), n_boot=100)
    # the CSV rounds values to 4 decimals
    assert res.doubling_time_days.estimate == pytest.approx(130.8, abs=0.5)


def _exact(doubling: float, n: int = 6, start: date = date(2024, 1, 1)) -> list[TrendPoint]:
    pts = []
    for k in range(n):
        t = 60 * k
        pts.append(TrendPoint(f"m{k}", start + timedelta(days=t), 2.0 * 2 ** (t / doubling)))
    return pts


def test_exact_exponential_recovers_doubling_and_target_date():
    res = fit_trend(_exact(100.0), target=2.0 * 2**10, n_boot=200, bootstrap="case")
    assert res.doubling_time_days.estimate == pytest.approx(100.0, rel=1e-9)
    assert res.r_squared == pytest.approx(1.0, abs=1e-12)
    # target = 2 * 2^10 is reached after 10 doublings = 1000 days after the first point
    assert res.target_date is not None
    assert res.target_date.estimate == date(2024, 1, 1) + timedelta(days=1000)
    # noiseless points: every case resample has the same slope
    assert res.doubling_time_days.lower == pytest.approx(100.0, rel=1e-9)
    assert res.doubling_time_days.upper == pytest.approx(100.0, rel=1e-9)
    assert res.growth_per_year.estimate == pytest.approx(2 ** (365.25 / 100), rel=1e-9)


def test_window_and_frontier_select_points():
    pts = _exact(100.0, n=8)
    # a non-frontier model (worse than its predecessor) is left out by running-best
    pts.append(TrendPoint("laggard", date(2024, 6, 1), 0.5))
    res = fit_trend(pts, since=date(2024, 3, 1), until=date(2024, 12, 1), n_boot=50)
    assert "laggard" not in res.models
    assert all(
        date(2024, 3, 1) <= p.release_date <= date(2024, 12, 1)
        for p, u in zip(res.points, res.used, strict=True)
        if u
    )
    assert res.models == ("m1", "m2", "m3", "m4", "m5")


def test_summary_bootstrap_width_tracks_point_cis():
    pts = []
    for k in range(6):
        v = 2.0 * 2 ** (60 * k / 100)
        pts.append(TrendPoint(f"m{k}", date(2024, 1, 1) + timedelta(days=60 * k), v, v / 2, v * 2))
    wide = fit_trend(pts, n_boot=400).doubling_time_days
    narrow_pts = [TrendPoint(p.model, p.release_date, p.value, p.value / 1.1, p.value * 1.1) for p in pts]
    narrow = fit_trend(narrow_pts, n_boot=400).doubling_time_days
    assert narrow.estimate == pytest.approx(100.0, rel=1e-9)
    assert narrow.lower < 100.0 < narrow.upper
    ratio = (narrow.upper - narrow.lower) / (wide.upper - wide.lower)
    assert 0.01 <= ratio < 1.0


def test_fewer_than_three_points_is_an_error():
    with pytest.raises(RedhandedError, match="at least 3"):
        fit_trend(_exact(100.0, n=2))


def test_non_positive_value_is_an_error():
    pts = _exact(100.0) + [TrendPoint("zero", date(2025, 6, 1), 0.0)]
    with pytest.raises(RedhandedError, match="positive"):
        fit_trend(pts)


def test_bad_window_and_duplicates_are_errors():
    with pytest.raises(RedhandedError, match="after its end"):
        fit_trend(_exact(100.0), since=date(2025, 1, 1), until=date(2024, 1, 1))
    pts = _exact(100.0) + [TrendPoint("m0", date(2025, 6, 1), 5.0)]
    with pytest.raises(RedhandedError, match="more than once"):
        fit_trend(pts)


def test_slope_ci_reaching_zero_gives_unbounded_doubling():
    pts = [
        TrendPoint(f"m{k}", date(2024, 1, 1) + timedelta(days=30 * k), v)
        for k, v in enumerate([1.0, 3.0, 1.1, 3.1, 1.2])
    ]
    res = fit_trend(pts, frontier="all", bootstrap="case", n_boot=400)
    assert math.isinf(res.doubling_time_days.upper)
