"""Run directories for forecast commands: ``runs/<YYYYmmdd-HHMMSS>-forecast-<kind>/``.

Holds ``run.json`` (a small versioned record) and ``plots/*.png``. Every file is written
atomically (temporary file in the same directory, then rename). The package-wide RunLog will
replace this module later.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tempfile
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from redhanded import __version__

__all__ = ["RUN_VERSION", "ForecastRun", "atomic_write_bytes", "jsonable", "new_run_dir", "write_run"]

RUN_VERSION = 1


class ForecastRun(BaseModel):
    """The record saved as ``run.json``.

    Attributes:
        version: Format version of this record.
        kind: Which forecast command produced it.
        config: The resolved configuration.
        results: The results, as plain JSON.
        package_version: Version of redhanded that wrote it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    kind: Literal["trend", "rnd", "scheming"]
    config: dict[str, Any]
    results: dict[str, Any]
    package_version: str


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


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def new_run_dir(parent: Path, kind: str, now: datetime | None = None) -> Path:
    """Create and return ``parent/<YYYYmmdd-HHMMSS>-forecast-<kind>`` (suffixed if taken)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = Path(parent) / f"{stamp}-forecast-{kind}"
    path, k = base, 1
    while True:
        try:
            path.mkdir(parents=True, exist_ok=False)
            return path
        except FileExistsError:
            k += 1
            path = base.with_name(f"{base.name}-{k}")


def write_run(run_dir: Path, kind: Literal["trend", "rnd", "scheming"], config: Any, results: Any) -> Path:
    """Write ``run.json`` atomically and return its path."""
    record = ForecastRun(
        kind=kind, config=jsonable(config), results=jsonable(results), package_version=__version__
    )
    path = Path(run_dir) / "run.json"
    atomic_write_bytes(path, (record.model_dump_json(indent=2) + "\n").encode("utf-8"))
    return path
