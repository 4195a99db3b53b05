"""Readers for forecast inputs: trend tables (METR YAML, CSV), run-level JSONL, TOML/YAML configs.

Every reader raises :class:`~redhanded.errors.RedhandedError` with the file, the row and the fix
when the input is malformed (a date not in ``YYYY-MM-DD``, a missing column, a bad number).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from redhanded._io import parse_toml, parse_yaml, read_text
from redhanded.errors import RedhandedError
from redhanded.forecast.horizons import RunTable
from redhanded.forecast.trends import TrendPoint

__all__ = [
    "DEFAULT_METRIC",
    "load_mapping",
    "parse_date",
    "read_release_dates",
    "read_runs",
    "read_trend_table",
]

DEFAULT_METRIC = "p50_horizon_length"

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MODEL_COLS = ("model", "model_key", "alias", "name")
_DATE_COLS = ("release_date", "date")


def parse_date(value: object, where: str) -> date:
    """Parse an ISO ``YYYY-MM-DD`` date (or pass a ``date`` through).

    Args:
        value: A ``date``, or a string such as ``"2023-03-14"``.
        where: Where the value came from, for the error message.

    Raises:
        RedhandedError: If the value is not a valid ``YYYY-MM-DD`` date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise RedhandedError(f"{where}: date {text!r} is not in YYYY-MM-DD form; write e.g. 2023-03-14")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RedhandedError(f"{where}: {text!r} is not a real calendar date; fix it") from None


def _number(value: object, where: str) -> float:
    try:
        out = float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise RedhandedError(f"{where}: {value!r} is not a number; fix the cell") from None
    if math.isnan(out):
        raise RedhandedError(f"{where}: value is NaN; drop the row or fill it in")
    return out


def _flag(value: object) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes")


def _parse_where(where: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for w in where:
        if "=" not in w:
            raise RedhandedError(f"filter {w!r} is not COLUMN=VALUE; write e.g. suite_file=x.yaml")
        k, v = w.split("=", 1)
        out.append((k.strip(), v.strip()))
    return out


def _pick(row: Mapping[str, Any], names: Iterable[str]) -> str | None:
    for n in names:
        if n in row:
            return n
    return None


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    """A CSV file's rows as dicts (UTF-8; bad bytes, NUL bytes and broken quoting are errors)."""
    text = read_text(path, "table")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise RedhandedError(f"{path}: not a readable CSV file ({err}); fix the file") from None
    for k, row in enumerate(rows, start=2):
        if None in row:
            raise RedhandedError(f"{path} row {k}: more cells than the header has columns; fix the row")
    return rows


def _str_keys(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in row.items()}


def _rows_to_points(
    rows: list[dict[str, Any]],
    path: Path,
    metric: str,
    ci_columns: tuple[str, str] | None,
    where: Sequence[str],
) -> list[TrendPoint]:
    filters = _parse_where(where)
    rows = [_str_keys(r) for r in rows]
    for col, _ in filters:
        if rows and col not in rows[0]:
            raise RedhandedError(
                f"{path}: filter column {col!r} is not in the table; columns are {sorted(rows[0])}"
            )
    rows = [r for r in rows if all(str(r.get(c, "")) == v for c, v in filters)]
    if not rows:
        raise RedhandedError(f"{path}: no rows (after filters); check the file and --where")
    header = rows[0]
    model_col = _pick(header, _MODEL_COLS)
    date_col = _pick(header, _DATE_COLS)
    if model_col is None or date_col is None:
        raise RedhandedError(
            f"{path}: needs a model column ({'/'.join(_MODEL_COLS)}) and a "
            f"release_date column; found {sorted(header)}"
        )
    value_col = metric if metric in header else ("value" if "value" in header else None)
    if value_col is None:
        raise RedhandedError(
            f"{path}: no column {metric!r} (nor 'value'); pick one of {sorted(header)} with --metric"
        )
    if ci_columns is None:
        for c_lo, c_hi in ((f"{value_col}_ci_low", f"{value_col}_ci_high"), ("ci_low", "ci_high")):
            if c_lo in header and c_hi in header:
                ci_columns = (c_lo, c_hi)
                break
    points = []
    for k, r in enumerate(rows, start=2):
        where_txt = f"{path} row {k} ({r.get(model_col)})"
        for col in (model_col, date_col, value_col):
            if r.get(col) in (None, ""):
                raise RedhandedError(f"{where_txt}: no {col}; fill it in or drop the row")
        lo: float | None = None
        hi: float | None = None
        if ci_columns is not None and r.get(ci_columns[0]) not in (None, ""):
            lo = _number(r[ci_columns[0]], where_txt)
            hi = _number(r.get(ci_columns[1]), where_txt)
        points.append(
            TrendPoint(
                model=str(r[model_col]),
                release_date=parse_date(r[date_col], where_txt),
                value=_number(r[value_col], where_txt),
                ci_low=lo,
                ci_high=hi,
                frontier_flag=_flag(r.get("is_sota", r.get("frontier"))),
            )
        )
    return points


def _metr_yaml_points(doc: Mapping[str, Any], path: Path, metric: str) -> list[TrendPoint]:
    results = doc.get("results")
    if not isinstance(results, Mapping):
        raise RedhandedError(f"{path}: 'results' is not a mapping of model -> entry")
    points = []
    for name, entry in results.items():
        where_txt = f"{path} model {name}"
        if not isinstance(entry, Mapping) or "release_date" not in entry:
            raise RedhandedError(f"{where_txt}: no release_date; add one as YYYY-MM-DD")
        metrics = entry.get("metrics", {})
        if not isinstance(metrics, Mapping):
            raise RedhandedError(f"{where_txt}: 'metrics' is not a mapping of metric -> value")
        metrics = _str_keys(metrics)
        m = metrics.get(metric)
        if m is None:
            raise RedhandedError(
                f"{where_txt}: no metric {metric!r}; available: {sorted(metrics)}; pass one with --metric"
            )
        if isinstance(m, Mapping):
            value = _number(m.get("estimate"), where_txt)
            lo = _number(m["ci_low"], where_txt) if m.get("ci_low") is not None else None
            hi = _number(m["ci_high"], where_txt) if m.get("ci_high") is not None else None
        else:
            value, lo, hi = _number(m, where_txt), None, None
        points.append(
            TrendPoint(
                str(name),
                parse_date(entry["release_date"], where_txt),
                value,
                lo,
                hi,
                _flag(metrics.get("is_sota")),
            )
        )
    return points


def read_trend_table(
    path: Path,
    metric: str = DEFAULT_METRIC,
    *,
    ci_columns: tuple[str, str] | None = None,
    where: Sequence[str] = (),
) -> list[TrendPoint]:
    """Read (model, release date, value[, CI]) points from a METR YAML summary or a CSV file.

    Args:
        path: ``.yaml``/``.yml`` (METR's ``benchmark_results_*.yaml`` layout, or a list of
            row mappings) or ``.csv`` (columns ``model``, ``release_date`` and the metric).
        metric: The metric key (YAML) or value column (CSV; falls back to ``value``).
        ci_columns: CSV columns of the CI ends; default ``<metric>_ci_low/_ci_high`` or
            ``ci_low/ci_high`` when present.
        where: ``COLUMN=VALUE`` filters on CSV/YAML rows (e.g. ``suite_file=...``).

    Raises:
        RedhandedError: On unreadable files, missing columns, bad dates or numbers.
    """
    path = Path(path)
    if not path.is_file():
        raise RedhandedError(f"{path}: no such file; check the path")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        doc = parse_yaml(read_text(path, "table"), str(path))
        if isinstance(doc, Mapping) and "results" in doc:
            if where:
                raise RedhandedError("--where filters apply to CSV or row-list YAML only")
            return _metr_yaml_points(doc, path, metric)
        if isinstance(doc, list) and all(isinstance(r, Mapping) for r in doc):
            return _rows_to_points([dict(r) for r in doc], path, metric, ci_columns, where)
        raise RedhandedError(
            f"{path}: expected METR's layout (a 'results' mapping) or a list "
            "of rows with model, release_date and value"
        )
    if suffix == ".csv":
        return _rows_to_points(_csv_rows(path), path, metric, ci_columns, where)
    raise RedhandedError(
        f"{path}: unsupported file type {suffix!r}; use .yaml, .csv or .jsonl (run-level data)"
    )


def read_runs(path: Path, *, model_key: str = "alias") -> RunTable:
    """Read run-level JSONL (METR's ``all_runs.jsonl`` layout).

    Each line needs ``task_id``, ``task_family``, ``human_minutes``, ``score_binarized`` and the
    model under ``model_key`` (default ``alias``, falling back to ``model``).

    Raises:
        RedhandedError: With the line number of the first malformed line.
    """
    path = Path(path)
    if not path.is_file():
        raise RedhandedError(f"{path}: no such file; check the path")
    cols: dict[str, list[Any]] = {k: [] for k in ("m", "t", "f", "h", "s")}
    for n, line in enumerate(read_text(path, "run file").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            if not isinstance(r, dict):
                raise TypeError(f"a JSON {type(r).__name__}, not an object")
            model = r[model_key] if model_key in r else r["model"]
            vals = (
                str(model),
                str(r["task_id"]),
                str(r["task_family"]),
                float(r["human_minutes"]),
                int(r["score_binarized"]),
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, OverflowError, RecursionError) as err:
            raise RedhandedError(
                f"{path} line {n}: {err.__class__.__name__} {err}; each line needs task_id, "
                f"task_family, human_minutes, score_binarized and {model_key}"
            ) from None
        if not (math.isfinite(vals[3]) and vals[3] > 0 and vals[4] in (0, 1)):
            raise RedhandedError(
                f"{path} line {n}: human_minutes must be a positive number and score_binarized 0 or 1"
            )
        for k, v in zip(cols, vals, strict=True):
            cols[k].append(v)
    return RunTable(tuple(cols["m"]), tuple(cols["t"]), tuple(cols["f"]), tuple(cols["h"]), tuple(cols["s"]))


def read_release_dates(path: Path) -> dict[str, date]:
    """Read a ``model,release_date`` CSV (or YAML mapping model -> date)."""
    path = Path(path)
    if not path.is_file():
        raise RedhandedError(f"{path}: no such file; check the path")
    if path.suffix.lower() in (".yaml", ".yml", ".toml"):
        raw = load_mapping(path)
        return {str(k): parse_date(v, f"{path} model {k}") for k, v in raw.items()}
    rows = _csv_rows(path)
    if not rows or _pick(rows[0], _MODEL_COLS) is None or _pick(rows[0], _DATE_COLS) is None:
        raise RedhandedError(f"{path}: needs columns model and release_date")
    mc = _pick(rows[0], _MODEL_COLS)
    dc = _pick(rows[0], _DATE_COLS)
    assert mc is not None and dc is not None
    return {str(r[mc]): parse_date(r[dc], f"{path} row {k}") for k, r in enumerate(rows, start=2)}


def load_mapping(path: Path) -> dict[str, Any]:
    """Load a TOML or YAML file whose top level is a mapping."""
    path = Path(path)
    if not path.is_file():
        raise RedhandedError(f"{path}: no such file; check the path")
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".yaml", ".yml"):
        raise RedhandedError(f"{path}: use a .toml or .yaml file")
    text = read_text(path, "file")
    doc: Any = parse_toml(text, str(path)) if suffix == ".toml" else parse_yaml(text, str(path))
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise RedhandedError(f"{path}: the top level must be a mapping (key = value)")
    return _str_keys(doc)
