"""Read and write JSONL files of dialogues and scenarios; bad lines are rejected with their number."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from redhanded._io import atomic_write_text, read_text
from redhanded.data.types import Dialogue, Scenario
from redhanded.errors import RedhandedError

__all__ = ["read_jsonl", "read_dialogues", "read_scenarios", "write_jsonl"]

T = TypeVar("T", bound=BaseModel)


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "line"
    return f"{where}: {first['msg'].removeprefix('Value error, ')}"


def read_jsonl(path: str | Path, model: type[T], what: str = "dataset file") -> list[T]:
    """Parse every line of ``path`` as ``model``; blank lines are skipped.

    Raises:
        RedhandedError: naming the file, the line number and the problem (bad UTF-8, bad JSON,
            JSON nested too deeply, a field that does not fit ``model``, a duplicate id).
    """
    path = Path(path)
    if not path.is_file():
        problem = "is a folder, not a file" if path.is_dir() else "does not exist"
        raise RedhandedError(f"{what} {path} {problem}: check the path")
    text = read_text(path, what)
    items: list[T] = []
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as err:
            raise RedhandedError(
                f"{where}: not valid JSON ({err.msg} at column {err.colno}): "
                "each line must be one JSON object"
            ) from None
        except RecursionError:
            raise RedhandedError(f"{where}: JSON nested too deeply to read") from None
        if not isinstance(raw, dict):
            raise RedhandedError(
                f"{where}: a JSON {type(raw).__name__}, not an object: each line must be one "
                f"{model.__name__} object; see 'Data formats' in the README"
            )
        try:
            item = model.model_validate(raw)
        except ValidationError as err:
            raise RedhandedError(
                f"{where}: not a valid {model.__name__} ({_first_error(err)}); "
                "see 'Data formats' in the README"
            ) from None
        except RecursionError:
            raise RedhandedError(f"{where}: JSON nested too deeply to read") from None
        if isinstance(item, Dialogue) and item.detect_text_is_empty():
            raise RedhandedError(
                f"{where}: no detect tokens: the message the probe reads is empty; give it some text "
                "or mark another message with detect=true"
            )
        item_id = str(getattr(item, "id", number))
        if item_id in seen:
            raise RedhandedError(f"{where}: duplicate id {item_id!r}: ids must be unique")
        seen.add(item_id)
        items.append(item)
    if not items:
        raise RedhandedError(f"{what} {path} is empty: it needs at least one JSON line")
    return items


def read_dialogues(path: str | Path) -> list[Dialogue]:
    """Read a JSONL file of :class:`Dialogue`."""
    return read_jsonl(path, Dialogue)


def read_scenarios(path: str | Path) -> list[Scenario]:
    """Read a JSONL file of :class:`Scenario`."""
    return read_jsonl(path, Scenario, "scenario file")


def write_jsonl(path: str | Path, items: Iterable[BaseModel]) -> None:
    """Write items as JSONL atomically (temp file + rename)."""
    text = "".join(item.model_dump_json(exclude_none=True) + "\n" for item in items)
    atomic_write_text(Path(path), text)
