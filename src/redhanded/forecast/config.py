"""Frozen configs for the forecast commands (unknown fields are rejected).

Field descriptions say what each parameter means; sources are in ``docs/forecast.md`` and in the
docstrings of :mod:`redhanded.forecast.rnd` and :mod:`redhanded.forecast.scheming`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from redhanded.errors import RedhandedError

__all__ = [
    "DistConfig",
    "EvidenceConfig",
    "HoneypotConfig",
    "MonteCarloConfig",
    "RndConfig",
    "ScenarioConfig",
    "SchemingConfig",
    "SweepConfig",
    "TrendConfig",
    "build_config",
    "rnd_config",
    "scheming_config",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


C = TypeVar("C", bound=BaseModel)


def build_config(cls: type[C], data: dict[str, Any], source: str = "options") -> C:
    """Validate ``data`` into ``cls``; turn validation errors into one-line RedhandedErrors."""
    try:
        return cls.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise RedhandedError(
            f"{source}: invalid {loc}: {msg}; fix it ({err.error_count()} problem(s))"
        ) from None
    except RecursionError:
        raise RedhandedError(f"{source}: nested too deeply to read; fix it") from None


class TrendConfig(_Frozen):
    """``redhanded forecast trend``."""

    input: Path = Field(description="METR YAML summary, CSV table, or run-level JSONL")
    metric: str = Field(default="p50_horizon_length", description="metric key / value column")
    since: date | None = Field(default=None, description="window start (inclusive); None: all time")
    until: date | None = Field(default=None, description="window end (inclusive); None: open")
    frontier: Literal["running-best", "flag", "all"] = Field(
        default="running-best",
        description="which points count: new best at their date, the file's is_sota, or all",
    )
    target: float | None = Field(default=None, gt=0, description="value whose arrival date to forecast")
    bootstrap: Literal["auto", "summary-ci", "case", "runs"] = "auto"
    n_boot: int = Field(default=1000, ge=2, description="bootstrap replicates")
    seed: int = 0
    ci_level: float = Field(default=0.95, gt=0, lt=1)
    point_ci_level: float = Field(default=0.95, gt=0, lt=1, description="coverage of published CIs")
    where: tuple[str, ...] = Field(default=(), description="COLUMN=VALUE row filters (CSV)")
    ci_columns: tuple[str, str] | None = None
    release_dates: Path | None = Field(default=None, description="model,release_date CSV for JSONL")
    models: tuple[str, ...] = Field(default=(), description="JSONL: models to fit (default all)")
    regularization_c: float = Field(
        default=10.0, gt=0, description="sklearn C of the logistic fits (METR: 10)"
    )


class ScenarioConfig(_Frozen):
    """A custom R&D scenario (see :class:`redhanded.forecast.rnd.Scenario`)."""

    researchers: float = Field(gt=0)
    serial_years: float = Field(gt=0)
    quality: float = Field(default=1.0, gt=0)
    compute: float = Field(default=1.0, gt=0)
    description: str = ""


class DistConfig(_Frozen):
    """A parameter distribution for the Monte Carlo."""

    kind: Literal["fixed", "uniform", "loguniform", "triangular"]
    low: float
    high: float | None = None
    mode: float | None = None


class SweepConfig(_Frozen):
    """Grid of the sensitivity sweep."""

    parallel_exponents: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    sigmas: tuple[float, ...] = (0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)


class MonteCarloConfig(_Frozen):
    """Monte Carlo over uncertain parameters (missing ones use the module defaults)."""

    n: int = Field(default=10_000, ge=10)
    seed: int = 0
    level: float = Field(default=0.8, gt=0, lt=1)
    parallel_exponent: DistConfig | None = None
    sigma: DistConfig | None = None
    labour_share: DistConfig | None = None


class RndConfig(_Frozen):
    """``redhanded forecast rnd``."""

    parallel_exponent: float = Field(
        default=0.4, ge=0, le=1, description="lambda: N researchers count as N**lambda"
    )
    sigma: float = Field(default=1.0, ge=0, description="labour-compute elasticity (1: Cobb-Douglas)")
    labour_share: float = Field(
        default=0.5, gt=0, lt=1, description="alpha: labour's weight at the reference scenario"
    )
    reference: str = Field(default="normalcorp", description="scenario where the CES is normalised")
    compare: tuple[tuple[str, str], ...] = (("automatedcorp", "normalcorp"), ("normalcorp", "slowcorp"))
    scenarios: dict[str, ScenarioConfig] = Field(default_factory=dict)
    sweep: SweepConfig = Field(default_factory=SweepConfig)
    monte_carlo: MonteCarloConfig = Field(default_factory=MonteCarloConfig)


class EvidenceConfig(_Frozen):
    """One factor or observation (see :class:`redhanded.forecast.scheming.Evidence`)."""

    name: str
    lr: float | None = Field(default=None, gt=0)
    lr_derpy: float | None = Field(default=None, gt=0)
    lr_competent: float | None = Field(default=None, gt=0)
    spread: float = Field(default=1.0, ge=1)
    note: str = ""


class HoneypotConfig(_Frozen):
    """Observations read from honeypot run directories."""

    runs: tuple[Path, ...] = ()
    delta: float = Field(default=0.1, gt=0, lt=1, description="rate increase of a derpy schemer")
    lr_competent: float = Field(default=1.0, gt=0, description="LR of the counts for competent scheming")
    max_lr: float = Field(default=100.0, ge=1, description="clip each honeypot LR to [1/max, max]")


class SchemingConfig(_Frozen):
    """``redhanded forecast scheming``."""

    prior: float = Field(gt=0, lt=1, description="P(scheming) before factors and observations")
    prior_spread: float = Field(default=1.0, ge=1, description="multiplicative uncertainty on the prior odds")
    competent_share: float | None = Field(default=None, gt=0, lt=1)
    factors: tuple[EvidenceConfig, ...] = ()
    observations: tuple[EvidenceConfig, ...] = ()
    honeypots: HoneypotConfig = Field(default_factory=HoneypotConfig)
    split: bool = False
    n_draws: int = Field(default=10_000, ge=1)
    seed: int = 0
    level: float = Field(default=0.8, gt=0, lt=1)


def _mapping(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise RedhandedError(f"{source}: {key} must be a table of key = value, not {type(value).__name__}")
    return dict(value)


def rnd_config(
    data: dict[str, Any],
    source: str = "options",
    *,
    compare: Sequence[str] = (),
    n_draws: int | None = None,
    seed: int | None = None,
    **params: float | None,
) -> RndConfig:
    """``forecast rnd``'s config: a TOML/YAML mapping (may be empty) with the options laid over it.

    Args:
        data: the file's mapping (:func:`redhanded.forecast.io.load_mapping`), or ``{}``.
        source: where ``data`` came from, for messages.
        compare: ``A/B`` pairs from ``--compare``.
        n_draws: Monte Carlo draws (``--n-draws``).
        seed: Monte Carlo seed (``--seed``).
        params: ``parallel_exponent``, ``sigma``, ``labour_share`` given as options.
    """
    data = dict(data)
    data.update({k: v for k, v in params.items() if v is not None})
    if compare:
        pairs = [c.split("/") for c in compare]
        if any(len(p) != 2 or not all(p) for p in pairs):
            raise RedhandedError("--compare takes A/B, e.g. automatedcorp/normalcorp")
        data["compare"] = [tuple(p) for p in pairs]
    mc = _mapping(data, "monte_carlo", source)
    if n_draws is not None:
        mc["n"] = n_draws
    if seed is not None:
        mc["seed"] = seed
    if mc:
        data["monte_carlo"] = mc
    return build_config(RndConfig, data, source)


def scheming_config(
    data: dict[str, Any],
    ledger: Path,
    *,
    honeypot_runs: Sequence[Path] = (),
    split: bool | None = None,
    n_draws: int | None = None,
    seed: int | None = None,
) -> SchemingConfig:
    """``forecast scheming``'s config: the ledger file's mapping with the options laid over it.

    Run directories listed in the ledger (``[honeypots] runs``) are relative to the ledger's folder.
    """
    data = dict(data)
    hp = _mapping(data, "honeypots", str(ledger))
    listed = hp.get("runs", [])
    if not isinstance(listed, list) or not all(isinstance(r, str) for r in listed):
        raise RedhandedError(f"{ledger}: honeypots.runs must be a list of run directories (strings)")
    runs = [ledger.parent / r for r in listed] + list(honeypot_runs)
    if runs:
        hp["runs"] = runs
    if hp:
        data["honeypots"] = hp
    for key, val in (("split", split), ("n_draws", n_draws), ("seed", seed)):
        if val is not None:
            data[key] = val
    return build_config(SchemingConfig, data, str(ledger))
