"""Run directories for forecast commands: ``runs/<YYYYmmdd-HHMMSS>-forecast-<kind>/``.

A forecast run is written like every other run: ``run.json`` is a :class:`~redhanded.runs.RunLog`
of kind ``forecast-trend``, ``forecast-rnd`` or ``forecast-scheming`` (its results kept as the
command computed them, in plain JSON), next to ``plots/*.png``. Files are written atomically
(:mod:`redhanded._io`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from redhanded import runs
from redhanded._io import atomic_write_bytes
from redhanded.results import FORECAST_KINDS

__all__ = ["atomic_write_bytes", "jsonable", "new_run_dir", "write_run"]

ForecastKind = Literal["trend", "rnd", "scheming"]


def jsonable(obj: Any) -> Any:
    """Convert results to plain JSON values.

    Dataclasses become dicts (fields declared with ``repr=False``, such as raw bootstrap arrays,
    are left out), dates become ISO strings, non-finite floats become ``None`` (JSON has no
    infinity: an ``upper`` of ``None`` on a doubling time means unbounded).
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr}
    if isinstance(obj, BaseModel):
        return jsonable(obj.model_dump())
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    return obj


def new_run_dir(parent: Path, kind: ForecastKind) -> Path:
    """Create and return ``parent/<YYYYmmdd-HHMMSS>-forecast-<kind>`` (suffixed if taken), with ``plots/``."""
    return runs.new_run_dir(Path(parent), f"forecast-{kind}")


def write_run(run_dir: Path, kind: ForecastKind, config: Any, results: Any) -> Path:
    """Write ``run.json`` (a RunLog of kind ``forecast-<kind>``) atomically and return its path."""
    log = runs.RunLog(
        kind=FORECAST_KINDS[kind],
        name=Path(run_dir).name,
        config=jsonable(config),
        packages=runs.package_versions(),
        git_revision=runs.git_revision(),
        results=jsonable(results),
    )
    return runs.save_run(Path(run_dir), log)
