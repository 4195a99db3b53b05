"""Hypothesis strategies that damage valid files the ways users and adversaries do.

Two families of damage, applied to a known-good file:

* structural (:func:`mutated_json`): drop a field, give it another type, add an unknown field,
  or nest a value deeply, anywhere in the JSON document;
* byte-level (:func:`mutated_bytes`): truncate, flip or insert bytes, splice in invalid UTF-8 or
  thousands of brackets, empty the file, or replace it with random bytes.

Importing this module loads the Hypothesis profile: ``default`` (what ``make test`` runs) tries
25 examples per loader, the same ones every run (derandomised), so the suite stays fast and
repeatable; ``HYPOTHESIS_PROFILE=long pytest -m fuzz`` (``make fuzz``) tries 500 fresh random
examples per loader.
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile(
    "default", max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=_SLOW_OK
)
settings.register_profile("long", max_examples=500, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
INVALID_UTF8 = (b"\xff", b"\xfe\xfe", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\x80abc")
DEPTHS = (40, 3000, 100_000)


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (tuple of keys / indices) into a JSON document, the root included."""
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out += _paths(value, (*prefix, i))
    return out


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


class _Deep:
    """A placeholder that serialises as ``depth`` nested lists (too deep for json.dumps itself)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth


def dumps(doc: Any) -> str:
    """``json.dumps`` that writes :class:`_Deep` placeholders as deeply nested brackets."""
    marks: list[_Deep] = []

    def default(obj: Any) -> Any:
        if isinstance(obj, _Deep):
            marks.append(obj)
            return f"@@DEEP{len(marks) - 1}@@"
        raise TypeError(type(obj).__name__)

    text = json.dumps(doc, default=default)
    for i, mark in enumerate(marks):
        text = text.replace(f'"@@DEEP{i}@@"', _deep(mark.depth))
    return text


@st.composite
def mutated_json(draw: st.DrawFn, doc: Any) -> str:
    """``doc`` with one to three structural changes, serialised as JSON text."""
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["drop", "retype", "add", "nest", "retype"]))
        if not path:
            if op in ("retype", "drop"):
                doc = draw(JSON_VALUES)
            elif op == "nest":
                doc = _Deep(draw(st.sampled_from(DEPTHS)))
            elif isinstance(doc, dict):
                doc[draw(st.text(max_size=8))] = draw(JSON_VALUES)
            continue
        parent: Any = doc
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        if op == "drop":
            del parent[last]
        elif op == "retype":
            parent[last] = draw(JSON_VALUES)
        elif op == "nest":
            parent[last] = _Deep(draw(st.sampled_from(DEPTHS)))
        elif isinstance(parent[last], dict):
            parent[last][draw(st.text(max_size=8))] = draw(JSON_VALUES)
        else:
            parent[last] = draw(JSON_VALUES)
        if isinstance(doc, _Deep):
            break
    return dumps(doc)


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one to three byte-level changes."""
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(["truncate", "flip", "insert", "delete", "utf8", "nest", "empty", "random"])
        )
        at = draw(st.integers(0, len(data)))
        if op == "truncate":
            data = data[:at]
        elif op == "flip" and data:
            i = min(at, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]
        elif op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)) :]
        elif op == "utf8":
            data = data[:at] + draw(st.sampled_from(INVALID_UTF8)) + data[at:]
        elif op == "nest":
            data = data[:at] + _deep(draw(st.sampled_from(DEPTHS))).encode() + data[at:]
        elif op == "empty":
            data = b""
        else:
            data = draw(st.binary(max_size=256))
    return data


def damaged(valid: bytes, doc: Any | None = None) -> st.SearchStrategy[bytes]:
    """A damaged copy of a valid file: structural changes (when ``doc`` is its JSON) or byte-level ones."""
    options = [mutated_bytes(valid), st.binary(max_size=512)]
    if doc is not None:
        options.append(mutated_json(doc).map(str.encode))
    return st.one_of(*options)


@st.composite
def damaged_jsonl(draw: st.DrawFn, rows: list[dict[str, Any]]) -> bytes:
    """A JSONL file of ``rows`` with one row damaged structurally, or the whole file at the byte level."""
    lines = [json.dumps(r) for r in rows]
    valid = ("\n".join(lines) + "\n").encode()
    if draw(st.booleans()):
        return draw(mutated_bytes(valid))
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = draw(mutated_json(rows[i]))
    return ("\n".join(lines) + "\n").encode()
