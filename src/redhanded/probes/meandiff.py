"""Difference-of-means probe, optionally covariance-adjusted ("mass-mean" probe)."""

from __future__ import annotations

import numbers

import numpy as np
import scipy.linalg
from numpy.typing import NDArray
from sklearn.covariance import ledoit_wolf_shrinkage

from redhanded.errors import RedhandedError
from redhanded.probes.base import Probe
from redhanded.probes.registry import register_probe

__all__ = ["MeanDiffProbe"]


@register_probe("mean-diff")
class MeanDiffProbe(Probe):
    """Project onto the difference of the class means.

    The direction is ``mu1 - mu0`` (deceptive mean minus honest mean), or with
    ``covariance_adjusted=True`` the mass-mean / Fisher direction ``Sigma^-1 (mu1 - mu0)``, where
    ``Sigma`` is the pooled within-class covariance (each row centred on its class mean, divided by
    ``n``) shrunk toward a scaled identity: ``(1 - s) Sigma + s * trace(Sigma) / d * I``.

    ``decision_function(X) = X @ direction - (mu0 + mu1) / 2 @ direction`` (zero halfway between
    the projected class means). ``predict_proba`` is ``sigmoid(decision / proj_scale_)`` with
    ``proj_scale_`` the pooled within-class std of the training projections, so the probabilities
    do not depend on the direction's length; they are a monotone squashing for convenience, not a
    calibrated model.

    Args:
        covariance_adjusted: use ``Sigma^-1 (mu1 - mu0)`` instead of ``mu1 - mu0``.
        shrinkage: ``"ledoit-wolf"`` (estimated from the data) or a fixed ``s`` in ``[0, 1]``;
            used only when ``covariance_adjusted``. ``0`` needs a non-singular ``Sigma``
            (``n > d``).

    Attributes:
        coef_: ``(1, d_model)`` the direction (not normalised).
        intercept_: ``(1,)`` minus the projected midpoint.
        means_: ``(2, d_model)`` class means, rows ordered as ``classes_``.
        proj_scale_: pooled within-class std of the projections (1.0 if that is 0).
        shrinkage_: the shrinkage used (0.0 when not covariance-adjusted).
    """

    _fitted_arrays = ("coef_", "intercept_", "means_")
    _fitted_values = ("classes_", "n_features_in_", "proj_scale_", "shrinkage_")

    def __init__(self, covariance_adjusted: bool = False, shrinkage: str | float = "ledoit-wolf") -> None:
        self.covariance_adjusted = covariance_adjusted
        self.shrinkage = shrinkage

    def _check_params(self) -> None:
        s = self.shrinkage
        ok = s == "ledoit-wolf" or (
            isinstance(s, numbers.Real) and not isinstance(s, bool) and 0.0 <= float(s) <= 1.0
        )
        if not ok:
            raise RedhandedError(f"shrinkage must be 'ledoit-wolf' or a number in [0, 1], got {s!r}")

    def _fit_binary(self, X: NDArray[np.floating], y: NDArray[np.float64]) -> None:
        X = np.asarray(X, dtype=np.float64)
        pos = y == 1.0
        means = np.stack([X[~pos].mean(axis=0), X[pos].mean(axis=0)])  # (2, d)
        centred = X - means[pos.astype(np.intp)]  # (n, d) within-class residuals
        diff = means[1] - means[0]
        self.shrinkage_ = 0.0
        direction = diff
        if self.covariance_adjusted:
            direction = self._adjust(centred, diff)
        proj = centred @ direction
        spread = float(np.sqrt(np.mean(proj**2)))
        self.means_ = means
        self.coef_ = direction.reshape(1, -1).copy()
        self.intercept_ = np.array([-0.5 * float((means[0] + means[1]) @ direction)])
        self.proj_scale_ = spread if np.isfinite(spread) and spread > 0 else 1.0

    def _proba_scale(self) -> float:
        return float(self.proj_scale_)

    def _adjust(self, centred: NDArray[np.float64], diff: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return ``Sigma_shrunk^-1 @ diff`` for the within-class residuals ``centred``."""
        n, d = centred.shape
        sigma = centred.T @ centred / n  # (d, d)
        mu = float(np.trace(sigma)) / d
        if mu <= 0:  # no within-class variation at all: the identity is the only sensible metric
            return diff
        if self.shrinkage == "ledoit-wolf":
            s = float(ledoit_wolf_shrinkage(centred, assume_centered=True))
        else:
            s = float(self.shrinkage)
        self.shrinkage_ = s
        sigma *= 1.0 - s
        sigma.flat[:: d + 1] += s * mu
        try:
            out: NDArray[np.float64] = scipy.linalg.solve(sigma, diff, assume_a="pos")
        except (np.linalg.LinAlgError, scipy.linalg.LinAlgError) as err:
            raise RedhandedError(
                f"the within-class covariance is singular with shrinkage={s} (n={n}, d={d}): "
                "pass shrinkage='ledoit-wolf' or a value > 0"
            ) from err
        return out
