"""Run directories and the versioned RunLog: the one source for every report.

A run lives in ``runs/<YYYYmmdd-HHMMSS>-<name>/`` with ``run.json`` (a :class:`RunLog`), tables,
saved probes (safetensors + JSON), ``report.html`` and ``plots/*.png``.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from redhanded._io import atomic_write_text
from redhanded.errors import RedhandedError

__all__ = [
    "RUNLOG_VERSION",
    "RunLog",
    "new_run_dir",
    "package_versions",
    "git_revision",
    "load_run",
    "save_run",
]

RUNLOG_VERSION = 1
_PACKAGES = (
    "redhanded",
    "torch",
    "transformers",
    "numpy",
    "scipy",
    "scikit-learn",
    "safetensors",
    "pydantic",
)


class RunLog(BaseModel):
    """Everything a report needs, and everything needed to say how it was made."""

    model_config = ConfigDict(extra="forbid")

    version: int = RUNLOG_VERSION
    kind: str
    name: str
    created: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    config: dict[str, Any] = Field(default_factory=dict)
    model: dict[str, Any] = Field(default_factory=dict)
    datasets: dict[str, str] = Field(default_factory=dict, description="name -> content fingerprint")
    cache_keys: dict[str, str] = Field(default_factory=dict)
    packages: dict[str, str] = Field(default_factory=dict)
    git_revision: str | None = None
    results: dict[str, Any] = Field(default_factory=dict)


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that determine the numbers."""
    out = {}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_revision() -> str | None:
    """The git commit of the redhanded source tree, if it is a checkout (``+dirty`` if modified)."""
    root = Path(__file__).resolve().parents[2]
    try:
        rev = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return rev + ("+dirty" if dirty else "")


def new_run_dir(parent: Path, name: str) -> Path:
    """Create ``parent/<timestamp>-<name>`` (with a suffix if that exists already)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = parent / f"{stamp}-{name}"
    suffix = 1
    while path.exists():
        suffix += 1
        path = parent / f"{stamp}-{name}-{suffix}"
    (path / "plots").mkdir(parents=True)
    return path


def save_run(run_dir: Path, log: RunLog) -> Path:
    """Write ``run.json`` atomically."""
    path = run_dir / "run.json"
    atomic_write_text(path, log.model_dump_json(indent=1))
    return path


def load_run(run_dir: Path | str) -> RunLog:
    """Read ``RUN_DIR/run.json`` (or a path to the file itself)."""
    path = Path(run_dir)
    path = path / "run.json" if path.is_dir() else path
    if not path.is_file():
        raise RedhandedError(f"no run log at {path}: pass a run directory written by redhanded")
    try:
        log = RunLog.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as err:
        raise RedhandedError(
            f"{path} is not a valid run log ({err.errors()[0]['msg']}): re-run the job"
        ) from err
    if log.version > RUNLOG_VERSION:
        raise RedhandedError(
            f"{path} has run-log version {log.version}, newer than this redhanded: upgrade it"
        )
    return log
