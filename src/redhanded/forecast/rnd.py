"""How fast AI R&D goes when labour is automated: a CES model of labour and compute.

Research output over a fixed calendar window (e.g. one year) is::

    output = CES(L_eff / L_ref, K / K_ref)
    CES(l, c) = (alpha * l**rho + (1 - alpha) * c**rho) ** (1 / rho),   rho = (sigma - 1) / sigma
    L_eff = quality * serial_years * researchers ** lambda

* ``sigma`` - elasticity of substitution between labour and compute. ``sigma = 1`` is
  Cobb-Douglas (``l**alpha * c**(1 - alpha)``), ``sigma -> 0`` is Leontief (``min(l, c)``: compute
  is a hard bottleneck), ``sigma -> inf`` is perfect substitutes (``alpha*l + (1-alpha)*c``).
  Source: Whitfill & Wu (2025), "Will Compute Bottlenecks Prevent an Intelligence Explosion?",
  estimate sigma ~ 2.58 (substitutes) in a baseline CES model and ~ -0.10 (complements, i.e.
  ~0) in a "frontier experiments" model - the data do not pin it down, so sweep it.
* ``alpha`` (``labour_share``) - labour's weight at the reference point (normalised CES: at the
  reference scenario ``alpha`` is labour's output elasticity). Default 0.5: illustrative, not
  an estimate.
* ``lambda`` (``parallel_exponent``) - the marginal parallelisation penalty: N researchers
  working in parallel count as ``N**lambda`` (with 0.4, 50x more workers count as
  ``50**0.4 = 4.78x``). Serial speed gets no such penalty, which is the point of the slow
  corporations argument. Default 0.4: an illustrative value, not an estimate.
* ``quality`` - output per researcher per serial year relative to the reference workforce.
* ``serial_years`` - serial (subjective) working time in the window: calendar time x speed.
* ``compute`` - cumulative research compute over the window, relative units.

Because CES is homogeneous of degree one, working ``T`` serial years with labour flow ``L`` and
compute flow ``K / T`` gives ``T * CES(L, K / T) = CES(T * L, K)``: serial time multiplies labour
only, and equal cumulative compute stays equal.

Presets (Greenblatt & Lifland 2025, "Slow corporations as an intuition pump for AI R&D
automation", AI Futures Project blog): ``normalcorp`` (a future frontier lab: 4,000 researchers,
1 year of serial time), ``slowcorp`` (800 researchers, 1 week of serial time), ``automatedcorp``
(200,000 automated researchers, 50 years of serial time), all with equal cumulative compute.
The post also gives SlowCorp lower-quality staff; it does not quantify that, so every preset has
``quality = 1`` - set it yourself to model it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from redhanded.errors import RedhandedError
from redhanded.forecast._stats import Estimate, interval

__all__ = [
    "PRESETS",
    "Distribution",
    "MonteCarloResult",
    "RndParams",
    "Scenario",
    "SweepResult",
    "ces",
    "effective_labour",
    "monte_carlo",
    "progress_ratio",
    "research_output",
    "sweep",
]

_WEEK_IN_YEARS = 7.0 / 365.25


@dataclass(frozen=True)
class Scenario:
    """An R&D organisation over a fixed calendar window.

    Attributes:
        name: Label.
        researchers: Parallel workforce N (headcount or researcher-equivalents), > 0.
        serial_years: Serial working time in the window (calendar time x serial speed), > 0.
        quality: Output per researcher-serial-year relative to the reference workforce, > 0.
        compute: Cumulative research compute in the window, relative units, > 0.
        description: Where the numbers come from.
    """

    name: str
    researchers: float
    serial_years: float
    quality: float = 1.0
    compute: float = 1.0
    description: str = ""

    def __post_init__(self) -> None:
        """Reject non-positive inputs."""
        for attr in ("researchers", "serial_years", "quality", "compute"):
            v = getattr(self, attr)
            if not (v > 0 and math.isfinite(v)):
                raise RedhandedError(f"scenario {self.name!r}: {attr} = {v} must be a positive number")


PRESETS: dict[str, Scenario] = {
    "normalcorp": Scenario(
        "normalcorp",
        researchers=4_000,
        serial_years=1.0,
        description="Greenblatt & Lifland 2025: a future frontier AI company; 4,000 "
        "researchers, 1 year of serial time",
    ),
    "slowcorp": Scenario(
        "slowcorp",
        researchers=800,
        serial_years=_WEEK_IN_YEARS,
        description="Greenblatt & Lifland 2025: 5x smaller workforce, 1 week of serial time "
        "(~50x less), same cumulative compute",
    ),
    "automatedcorp": Scenario(
        "automatedcorp",
        researchers=200_000,
        serial_years=50.0,
        description="Greenblatt & Lifland 2025: 50x more (automated) researchers running 50x "
        "faster: 50 years of serial time, same cumulative compute",
    ),
}


@dataclass(frozen=True)
class RndParams:
    """Parameters of the production model (see the module docstring for meanings and sources).

    Attributes:
        parallel_exponent: lambda; N parallel researchers count as ``N**lambda``. In [0, 1].
        sigma: Elasticity of substitution between labour and compute, >= 0 (``inf`` allowed).
        labour_share: alpha, labour's weight at the reference scenario, in (0, 1).
    """

    parallel_exponent: float = 0.4
    sigma: float = 1.0
    labour_share: float = 0.5

    def __post_init__(self) -> None:
        """Check ranges."""
        if not 0 <= self.parallel_exponent <= 1:
            raise RedhandedError(f"parallel_exponent (lambda) = {self.parallel_exponent} must be in [0, 1]")
        if not self.sigma >= 0:
            raise RedhandedError(
                f"sigma = {self.sigma} must be >= 0 (0: Leontief, 1: Cobb-Douglas, inf: perfect substitutes)"
            )
        if not 0 < self.labour_share < 1:
            raise RedhandedError(f"labour_share (alpha) = {self.labour_share} must be in (0, 1)")


def ces(
    labour: ArrayLike, compute: ArrayLike, labour_share: ArrayLike, sigma: ArrayLike
) -> NDArray[np.float64]:
    """Normalised CES combination of labour and compute (all arguments broadcast).

    ``sigma = 0`` gives ``min(l, c)``, ``sigma = 1`` gives ``l**a * c**(1-a)``, ``sigma = inf``
    gives ``a*l + (1-a)*c``; other values use ``(a*l**rho + (1-a)*c**rho)**(1/rho)`` computed
    in log space, so extreme ``sigma`` is numerically stable.
    """
    lab, com, a, s = np.broadcast_arrays(
        *(np.asarray(v, dtype=np.float64) for v in (labour, compute, labour_share, sigma))
    )
    if np.any(lab <= 0) or np.any(com <= 0):
        raise RedhandedError("labour and compute must be positive")
    ll, lc = np.log(lab), np.log(com)
    la, lb = np.log(a), np.log1p(-a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rho = np.where(np.isinf(s), 1.0, (s - 1.0) / s)
        safe_rho = np.where((np.abs(rho) < 1e-9) | ~np.isfinite(rho), 1.0, rho)
        general = np.logaddexp(la + safe_rho * ll, lb + safe_rho * lc) / safe_rho
    cobb = a * ll + (1 - a) * lc
    out = np.where(np.abs(rho) < 1e-9, cobb, general)
    out = np.where(s == 0, np.minimum(ll, lc), out)
    return np.asarray(np.exp(out), dtype=np.float64)


def effective_labour(scenario: Scenario, parallel_exponent: ArrayLike) -> NDArray[np.float64]:
    """``quality * serial_years * researchers ** lambda``."""
    lam = np.asarray(parallel_exponent, dtype=np.float64)
    return np.asarray(scenario.quality * scenario.serial_years * scenario.researchers**lam, dtype=np.float64)


def _output(
    s: Scenario, ref: Scenario, lam: ArrayLike, sigma: ArrayLike, share: ArrayLike
) -> NDArray[np.float64]:
    lab = effective_labour(s, lam) / effective_labour(ref, lam)
    return ces(lab, s.compute / ref.compute, share, sigma)


def research_output(
    scenario: Scenario, params: RndParams = RndParams(), reference: Scenario | None = None
) -> float:
    """Research output over the window, relative to ``reference`` (default ``normalcorp``)."""
    ref = reference or PRESETS["normalcorp"]
    return float(_output(scenario, ref, params.parallel_exponent, params.sigma, params.labour_share))


def progress_ratio(
    a: Scenario, b: Scenario, params: RndParams = RndParams(), reference: Scenario | None = None
) -> float:
    """How many times more research ``a`` gets done than ``b`` in the same calendar window.

    The CES is normalised at ``reference`` (default ``normalcorp``), where ``labour_share`` is
    labour's output elasticity; away from Cobb-Douglas the ratio depends on that choice.
    """
    return research_output(a, params, reference) / research_output(b, params, reference)


@dataclass(frozen=True)
class SweepResult:
    """Progress ratio of ``a`` over ``b`` on a grid of lambda x sigma.

    Attributes:
        a: Numerator scenario name.
        b: Denominator scenario name.
        labour_share: alpha used.
        parallel_exponents: Grid of lambda (columns).
        sigmas: Grid of sigma (rows).
        ratios: ``ratios[i][j]`` at ``sigmas[i]``, ``parallel_exponents[j]``.
    """

    a: str
    b: str
    labour_share: float
    parallel_exponents: tuple[float, ...]
    sigmas: tuple[float, ...]
    ratios: tuple[tuple[float, ...], ...]


def sweep(
    a: Scenario,
    b: Scenario,
    *,
    parallel_exponents: Sequence[float],
    sigmas: Sequence[float],
    labour_share: float = 0.5,
    reference: Scenario | None = None,
) -> SweepResult:
    """Progress ratio ``a / b`` over a lambda x sigma grid (for a heat-map)."""
    RndParams(labour_share=labour_share)
    for lam_value in parallel_exponents:
        RndParams(parallel_exponent=lam_value)
    for sig_value in sigmas:
        RndParams(sigma=sig_value)
    ref = reference or PRESETS["normalcorp"]
    lam = np.asarray(parallel_exponents, dtype=np.float64)[None, :]
    sig = np.asarray(sigmas, dtype=np.float64)[:, None]
    r = _output(a, ref, lam, sig, labour_share) / _output(b, ref, lam, sig, labour_share)
    return SweepResult(
        a.name,
        b.name,
        labour_share,
        tuple(map(float, parallel_exponents)),
        tuple(map(float, sigmas)),
        tuple(tuple(map(float, row)) for row in r),
    )


DistKind = Literal["fixed", "uniform", "loguniform", "triangular"]


@dataclass(frozen=True)
class Distribution:
    """A distribution for one parameter in :func:`monte_carlo`.

    Attributes:
        kind: ``fixed`` (uses ``low``), ``uniform``, ``loguniform`` (low > 0) or ``triangular``
            (``mode`` required).
        low: Lower bound (or the fixed value).
        high: Upper bound (ignored for ``fixed``).
        mode: Mode of a triangular distribution.
    """

    kind: DistKind
    low: float
    high: float | None = None
    mode: float | None = None

    def __post_init__(self) -> None:
        """Check parameters."""
        if self.kind == "fixed":
            return
        if self.high is None or not self.low <= self.high:
            raise RedhandedError(f"{self.kind} distribution needs low <= high")
        if self.kind == "loguniform" and self.low <= 0:
            raise RedhandedError("loguniform needs low > 0")
        if self.kind == "triangular" and (self.mode is None or not self.low <= self.mode <= self.high):
            raise RedhandedError("triangular needs low <= mode <= high")

    def sample(self, rng: np.random.Generator, n: int) -> NDArray[np.float64]:
        """Draw ``n`` values."""
        if self.kind == "fixed":
            return np.full(n, self.low)
        assert self.high is not None
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, n)
        if self.kind == "loguniform":
            return np.exp(rng.uniform(math.log(self.low), math.log(self.high), n))
        assert self.mode is not None
        if self.low == self.high:
            return np.full(n, self.low)
        return rng.triangular(self.low, self.mode, self.high, n)


DEFAULT_DISTRIBUTIONS: dict[str, Distribution] = {
    # illustrative ranges, not estimates: sweep or replace them with your own
    "parallel_exponent": Distribution("uniform", 0.2, 0.7),
    "sigma": Distribution("loguniform", 0.1, 2.6),
    "labour_share": Distribution("uniform", 0.3, 0.7),
}


@dataclass(frozen=True)
class MonteCarloResult:
    """Distribution of the progress ratio ``a / b`` under parameter uncertainty.

    Attributes:
        a: Numerator scenario name.
        b: Denominator scenario name.
        n: Number of draws.
        seed: Random seed.
        ratio: Median with the central interval at ``level`` (default 80%).
        mean: Mean ratio.
        prob_above_1: Fraction of draws where ``a`` out-researches ``b``.
        distributions: The distributions used, by parameter name.
        samples: The ratio draws (for plotting).
    """

    a: str
    b: str
    n: int
    seed: int
    ratio: Estimate
    mean: float
    prob_above_1: float
    distributions: Mapping[str, Distribution]
    samples: NDArray[np.float64] = field(repr=False)


def monte_carlo(
    a: Scenario,
    b: Scenario,
    *,
    distributions: Mapping[str, Distribution] | None = None,
    n: int = 10_000,
    seed: int = 0,
    level: float = 0.8,
    reference: Scenario | None = None,
) -> MonteCarloResult:
    """Monte Carlo over ``parallel_exponent``, ``sigma`` and ``labour_share``.

    Parameters missing from ``distributions`` use :data:`DEFAULT_DISTRIBUTIONS`. Returns the
    median ratio with its central ``level`` interval (80% by default).
    """
    dists = dict(DEFAULT_DISTRIBUTIONS)
    for k, v in (distributions or {}).items():
        if k not in dists:
            raise RedhandedError(f"unknown parameter {k!r}; use one of {sorted(dists)}")
        dists[k] = v
    if n < 10:
        raise RedhandedError(f"n = {n} draws is too few for an interval; use n >= 10")
    rng = np.random.default_rng(seed)
    lam = dists["parallel_exponent"].sample(rng, n)
    sig = dists["sigma"].sample(rng, n)
    share = dists["labour_share"].sample(rng, n)
    if lam.min() < 0 or lam.max() > 1 or sig.min() < 0 or share.min() <= 0 or share.max() >= 1:
        raise RedhandedError("distributions must keep lambda in [0,1], sigma >= 0 and labour_share in (0,1)")
    ref = reference or PRESETS["normalcorp"]
    r = _output(a, ref, lam, sig, share) / _output(b, ref, lam, sig, share)
    lo, hi = interval(r, level)
    return MonteCarloResult(
        a.name,
        b.name,
        n,
        seed,
        Estimate(float(np.median(r)), lo, hi, level),
        float(r.mean()),
        float((r > 1).mean()),
        dists,
        r,
    )
