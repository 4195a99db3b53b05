"""Small statistics helpers shared by the forecast modules (numpy only, no scipy)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Estimate", "interval", "two_sided_z"]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a confidence (or credible) interval.

    Attributes:
        estimate: The point estimate.
        lower: Lower end of the interval (may be ``-inf``).
        upper: Upper end of the interval (may be ``inf``, e.g. "never" for a doubling time).
        level: Coverage of the interval, e.g. 0.95.
    """

    estimate: float
    lower: float
    upper: float
    level: float = 0.95

    def contains(self, value: float) -> bool:
        """Return whether ``value`` lies in the closed interval."""
        return self.lower <= value <= self.upper

    def fmt(self, digits: int = 1, unit: str = "") -> str:
        """Format as ``"130.8 d (95% CI 107.3-161.4)"``."""
        return (
            f"{_num(self.estimate, digits)}{unit} ({self.level:.0%} CI "
            f"{_num(self.lower, digits)}-{_num(self.upper, digits)}{unit})"
        )


def _num(x: float, digits: int) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if math.isnan(x):
        return "nan"
    return f"{x:.{digits}f}"


def two_sided_z(level: float) -> float:
    """Return the normal quantile z with P(|Z| <= z) = ``level``."""
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def interval(samples: ArrayLike, level: float) -> tuple[float, float]:
    """Percentile interval of ``samples`` that tolerates infinite values.

    Uses order statistics (numpy's ``inverted_cdf`` method) rather than interpolation, so that an
    interval end that falls among infinite draws is itself infinite instead of ``nan``. NaN draws
    are ignored.
    """
    arr: NDArray[np.float64] = np.asarray(samples, dtype=np.float64)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return (math.nan, math.nan)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(arr, [alpha, 1.0 - alpha], method="inverted_cdf")
    return (float(lo), float(hi))
