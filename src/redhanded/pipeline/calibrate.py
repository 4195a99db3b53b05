"""Threshold at a target false-positive rate on benign control data, checked on held-out control data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from redhanded.metrics import Estimate, rate_above, small_sample_note, threshold_at_fpr

__all__ = ["Calibration", "calibrate"]


@dataclass(frozen=True)
class Calibration:
    """An alarm is ``score > threshold`` (strictly)."""

    threshold: float
    target_fpr: float
    n_calibration: int
    realised_fpr: Estimate
    note: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "threshold": self.threshold,
            "target_fpr": self.target_fpr,
            "n_calibration": self.n_calibration,
            "realised_fpr": self.realised_fpr,
            "note": self.note,
            "rule": "alarm = score > threshold",
        }


def calibrate(calibration_scores: np.ndarray, heldout_scores: np.ndarray, target_fpr: float) -> Calibration:
    """Fit the threshold on ``calibration_scores``; report the realised FPR on ``heldout_scores``."""
    threshold = threshold_at_fpr(calibration_scores, target_fpr)
    realised = rate_above(heldout_scores, threshold)
    k = int(np.sum(np.asarray(heldout_scores) > threshold))
    return Calibration(
        threshold, target_fpr, len(calibration_scores), realised, small_sample_note(k, len(heldout_scores))
    )
