"""One library call per forecast command: config in, report out (no printing, no files)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from redhanded.errors import RedhandedError
from redhanded.forecast.config import RndConfig, SchemingConfig, TrendConfig
from redhanded.forecast.horizons import HorizonResult, fit_horizons
from redhanded.forecast.io import read_release_dates, read_runs, read_trend_table
from redhanded.forecast.rnd import (
    PRESETS,
    Distribution,
    MonteCarloResult,
    RndParams,
    Scenario,
    SweepResult,
    effective_labour,
    monte_carlo,
    progress_ratio,
    research_output,
    sweep,
)
from redhanded.forecast.scheming import (
    Evidence,
    Ledger,
    LedgerResult,
    honeypot_evidence,
    update_ledger,
)
from redhanded.forecast.trends import TrendPoint, TrendResult, fit_trend

__all__ = [
    "Comparison",
    "RndReport",
    "ScenarioSummary",
    "TrendReport",
    "run_rnd",
    "run_scheming",
    "run_trend",
]


_RUN_METRICS = {"p50_horizon_length": "replicates_p50", "p80_horizon_length": "replicates_p80"}


@dataclass(frozen=True)
class TrendReport:
    """Result of ``forecast trend``.

    Attributes:
        trend: The fitted trend (``None`` for run-level data without release dates).
        horizons: Per-model horizons (run-level input only).
        excluded: Models left out of a run-level trend, with the reason.
    """

    trend: TrendResult | None
    horizons: HorizonResult | None
    excluded: tuple[str, ...] = ()


def run_trend(cfg: TrendConfig) -> TrendReport:
    """Read the input named in ``cfg`` and fit horizons and/or the release-date trend."""

    def fit(points: list[TrendPoint], replicates: np.ndarray | None = None) -> TrendResult:
        return fit_trend(
            points,
            metric=cfg.metric,
            since=cfg.since,
            until=cfg.until,
            frontier=cfg.frontier,
            target=cfg.target,
            bootstrap=cfg.bootstrap,
            replicates=replicates,
            n_boot=cfg.n_boot,
            seed=cfg.seed,
            ci_level=cfg.ci_level,
            point_ci_level=cfg.point_ci_level,
        )

    if cfg.input.suffix.lower() != ".jsonl":
        points = read_trend_table(cfg.input, cfg.metric, ci_columns=cfg.ci_columns, where=cfg.where)
        return TrendReport(fit(points), None)
    if cfg.metric not in _RUN_METRICS:
        raise RedhandedError(f"run-level data gives {sorted(_RUN_METRICS)}; pass one of them with --metric")
    runs = read_runs(cfg.input)
    horizons = fit_horizons(
        runs,
        models=cfg.models or None,
        regularization_c=cfg.regularization_c,
        n_boot=cfg.n_boot,
        seed=cfg.seed,
        ci_level=cfg.ci_level,
    )
    if cfg.release_dates is None:
        return TrendReport(None, horizons)
    dates = read_release_dates(cfg.release_dates)
    reps = getattr(horizons, _RUN_METRICS[cfg.metric])
    points, cols, excluded = [], [], []
    for i, f in enumerate(horizons.fits):
        est = f.p50 if cfg.metric == "p50_horizon_length" else f.p80
        if f.model not in dates:
            excluded.append(f"{f.model}: no release date")
        elif not (0 < est.estimate < math.inf):
            excluded.append(f"{f.model}: horizon {est.estimate} cannot go on a log scale")
        else:
            ok_ci = 0 < est.lower <= est.estimate <= est.upper < math.inf
            points.append(
                TrendPoint(
                    f.model,
                    dates[f.model],
                    est.estimate,
                    est.lower if ok_ci else None,
                    est.upper if ok_ci else None,
                )
            )
            cols.append(i)
    trend = fit(points, np.asarray(reps)[:, cols])
    return TrendReport(trend, horizons, tuple(excluded))


@dataclass(frozen=True)
class ScenarioSummary:
    """A scenario and its research output relative to the reference.

    Attributes:
        scenario: The scenario.
        effective_labour: ``L_eff`` relative to the reference scenario.
        output: Research output relative to the reference scenario.
    """

    scenario: Scenario
    effective_labour: float
    output: float


@dataclass(frozen=True)
class Comparison:
    """Progress ratio ``a / b`` at the point parameters, under uncertainty, and on a grid.

    Attributes:
        a: Numerator scenario.
        b: Denominator scenario.
        ratio: At the configured point parameters.
        monte_carlo: Median and interval under the parameter distributions.
        sweep: Ratio over the lambda x sigma grid.
    """

    a: str
    b: str
    ratio: float
    monte_carlo: MonteCarloResult
    sweep: SweepResult


@dataclass(frozen=True)
class RndReport:
    """Result of ``forecast rnd``.

    Attributes:
        params: Point parameters.
        reference: Scenario at which the CES is normalised.
        scenarios: Every scenario used.
        comparisons: One entry per compared pair.
    """

    params: RndParams
    reference: str
    scenarios: tuple[ScenarioSummary, ...]
    comparisons: tuple[Comparison, ...]


def run_rnd(cfg: RndConfig) -> RndReport:
    """Compute every comparison of ``cfg`` at the point, in the sweep and in the Monte Carlo."""
    scen = dict(PRESETS)
    for name, s in cfg.scenarios.items():
        scen[name] = Scenario(name, s.researchers, s.serial_years, s.quality, s.compute, s.description)
    names = {cfg.reference} | {n for pair in cfg.compare for n in pair}
    unknown = sorted(names - set(scen))
    if unknown:
        raise RedhandedError(
            f"unknown scenario(s) {unknown}; presets are {sorted(PRESETS)}, "
            "or define them under [scenarios.NAME]"
        )
    if not cfg.compare:
        raise RedhandedError('nothing to compare; give compare = [["a", "b"]]')
    params = RndParams(cfg.parallel_exponent, cfg.sigma, cfg.labour_share)
    ref = scen[cfg.reference]
    mc = cfg.monte_carlo
    dists = {
        k: Distribution(d.kind, d.low, d.high, d.mode)
        for k in ("parallel_exponent", "sigma", "labour_share")
        if (d := getattr(mc, k)) is not None
    }
    used = [n for n in scen if n in names]
    summaries = tuple(
        ScenarioSummary(
            scen[n],
            float(
                effective_labour(scen[n], params.parallel_exponent)
                / effective_labour(ref, params.parallel_exponent)
            ),
            research_output(scen[n], params, ref),
        )
        for n in used
    )
    comps = tuple(
        Comparison(
            a,
            b,
            progress_ratio(scen[a], scen[b], params, ref),
            monte_carlo(
                scen[a], scen[b], distributions=dists, n=mc.n, seed=mc.seed, level=mc.level, reference=ref
            ),
            sweep(
                scen[a],
                scen[b],
                parallel_exponents=cfg.sweep.parallel_exponents,
                sigmas=cfg.sweep.sigmas,
                labour_share=cfg.labour_share,
                reference=ref,
            ),
        )
        for a, b in cfg.compare
    )
    return RndReport(params, cfg.reference, summaries, comps)


def run_scheming(cfg: SchemingConfig) -> LedgerResult:
    """Build the ledger (including honeypot observations) and update it."""
    items = [
        Evidence(e.name, "factor", e.lr, e.lr_derpy, e.lr_competent, e.spread, e.note) for e in cfg.factors
    ]
    items += [
        Evidence(e.name, "observation", e.lr, e.lr_derpy, e.lr_competent, e.spread, e.note)
        for e in cfg.observations
    ]
    hp = cfg.honeypots
    for run_dir in hp.runs:
        items += honeypot_evidence(run_dir, delta=hp.delta, lr_competent=hp.lr_competent, max_lr=hp.max_lr)
    ledger = Ledger(cfg.prior, tuple(items), cfg.competent_share, cfg.prior_spread)
    return update_ledger(ledger, split=cfg.split, n_draws=cfg.n_draws, seed=cfg.seed, level=cfg.level)
