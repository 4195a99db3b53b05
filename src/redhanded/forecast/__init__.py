"""Forecast tools that need no model: capability trends, AI R&D speed, a P(scheming) ledger.

Submodules:

* :mod:`redhanded.forecast.horizons` - METR-style time horizons from run-level data
  (weighted logistic fits, hierarchical bootstrap).
* :mod:`redhanded.forecast.trends` - the trend of ln(value) on release date over frontier models,
  doubling time with a CI, the date a target value is reached.
* :mod:`redhanded.forecast.rnd` - research output from labour and compute (CES), the
  Greenblatt & Lifland presets, sensitivity sweeps and Monte Carlo.
* :mod:`redhanded.forecast.scheming` - a P(scheming) evidence ledger on the odds scale.

The public names are imported lazily, so ``redhanded forecast --help`` does not pay for numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redhanded.forecast.horizons import HorizonFit, HorizonResult, RunTable, fit_horizons
    from redhanded.forecast.rnd import (
        PRESETS,
        MonteCarloResult,
        RndParams,
        Scenario,
        SweepResult,
        ces,
        effective_labour,
        monte_carlo,
        progress_ratio,
        research_output,
        sweep,
    )
    from redhanded.forecast.scheming import Evidence, Ledger, LedgerResult, update_ledger
    from redhanded.forecast.trends import TrendPoint, TrendResult, fit_trend, frontier_mask

__all__ = [
    "PRESETS",
    "Evidence",
    "HorizonFit",
    "HorizonResult",
    "Ledger",
    "LedgerResult",
    "MonteCarloResult",
    "RndParams",
    "RunTable",
    "Scenario",
    "SweepResult",
    "TrendPoint",
    "TrendResult",
    "ces",
    "effective_labour",
    "fit_horizons",
    "fit_trend",
    "frontier_mask",
    "monte_carlo",
    "progress_ratio",
    "research_output",
    "sweep",
    "update_ledger",
]

_HOME = {
    "HorizonFit": "horizons",
    "HorizonResult": "horizons",
    "RunTable": "horizons",
    "fit_horizons": "horizons",
    "PRESETS": "rnd",
    "MonteCarloResult": "rnd",
    "RndParams": "rnd",
    "Scenario": "rnd",
    "SweepResult": "rnd",
    "ces": "rnd",
    "effective_labour": "rnd",
    "monte_carlo": "rnd",
    "progress_ratio": "rnd",
    "research_output": "rnd",
    "sweep": "rnd",
    "Evidence": "scheming",
    "Ledger": "scheming",
    "LedgerResult": "scheming",
    "update_ledger": "scheming",
    "TrendPoint": "trends",
    "TrendResult": "trends",
    "fit_trend": "trends",
    "frontier_mask": "trends",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its submodule on first use."""
    if name not in _HOME:
        raise AttributeError(f"module 'redhanded.forecast' has no attribute {name!r}")
    module = importlib.import_module(f"redhanded.forecast.{_HOME[name]}")
    return getattr(module, name)
