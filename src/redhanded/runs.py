"""Run directories and the versioned RunLog: the one source for every report.

A run lives in ``runs/<YYYYmmdd-HHMMSS>-<name>/`` with ``run.json`` (a :class:`RunLog`), tables,
saved probes (safetensors + JSON), ``report.html`` and ``plots/*.png``.

``RunLog.results`` is the typed model of the run's kind (:mod:`redhanded.results`). A job may
assign a plain dict (``run.results = {"probes": [...]}``): the log adds its own ``kind`` and
validates it into that model, so a result that does not fit its kind fails when it is made.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from redhanded._io import atomic_write_text, read_text
from redhanded.errors import RedhandedError
from redhanded.results import Results, RunKind

__all__ = [
    "RUNLOG_VERSION",
    "RunLog",
    "new_run_dir",
    "package_versions",
    "git_revision",
    "load_run",
    "save_run",
]

# 2: results are typed by kind (redhanded.results), one Estimate type, forecast runs included
RUNLOG_VERSION = 2
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
    """Everything a report needs, and everything needed to say how it was made.

    ``results`` is ``None`` until the job sets it; assigning a dict validates it into the model
    of the log's ``kind`` (the ``kind`` is filled in from the log).
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    version: int = RUNLOG_VERSION
    kind: RunKind
    name: str
    created: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    config: dict[str, Any] = Field(default_factory=dict)
    model: dict[str, Any] = Field(default_factory=dict)
    datasets: dict[str, str] = Field(default_factory=dict, description="name -> content fingerprint")
    cache_keys: dict[str, str] = Field(default_factory=dict)
    packages: dict[str, str] = Field(default_factory=dict)
    git_revision: str | None = None
    results: Results | None = None

    @field_validator("results", mode="before")
    @classmethod
    def _add_kind(cls, value: Any, info: ValidationInfo) -> Any:
        """A results dict without a ``kind`` takes the log's."""
        if isinstance(value, dict) and "kind" not in value and "kind" in info.data:
            return {"kind": info.data["kind"], **value}
        return value

    @model_validator(mode="after")
    def _same_kind(self) -> RunLog:
        if self.results is not None and self.results.kind != self.kind:
            raise ValueError(f"results of kind {self.results.kind!r} in a run of kind {self.kind!r}")
        return self


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
    try:
        (path / "plots").mkdir(parents=True)
    except OSError as err:
        raise RedhandedError(
            f"cannot create the run directory {path} ({err.strerror or err}): "
            "pass an --out-dir you can write to"
        ) from None
    return path


def save_run(run_dir: Path, log: RunLog) -> Path:
    """Write ``run.json`` atomically."""
    path = run_dir / "run.json"
    atomic_write_text(path, log.model_dump_json(indent=1))
    return path


def load_run(run_dir: Path | str) -> RunLog:
    """Read ``RUN_DIR/run.json`` (or a path to the file itself).

    Raises:
        RedhandedError: no run log there, one this version cannot read, or results that do not
            match the run's kind (one line naming the first bad field).
    """
    path = Path(run_dir)
    path = path / "run.json" if path.is_dir() else path
    if not path.is_file():
        raise RedhandedError(f"no run log at {path}: pass a run directory written by redhanded")
    text = read_text(path, "run log")
    try:
        head = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise RedhandedError(f"{path} is not a run log (not readable JSON): re-run the job") from err
    if not isinstance(head, dict):
        raise RedhandedError(f"{path} is not a run log (not a JSON object): re-run the job")
    version = head.get("version")
    if isinstance(version, int) and version > RUNLOG_VERSION:
        raise RedhandedError(f"{path} has run-log version {version}, newer than this redhanded: upgrade it")
    try:
        return RunLog.model_validate_json(text)
    except ValidationError as err:
        first = err.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        where = ".".join(str(part) for part in first["loc"]) or "run.json"
        raise RedhandedError(f"{path} is not a valid run log ({where}: {msg}): re-run the job") from None
