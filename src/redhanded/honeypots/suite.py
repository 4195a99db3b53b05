"""The built-in honeypot scenario suite (package data) and user suites from JSONL."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from redhanded.data.jsonl import read_scenarios
from redhanded.data.types import Scenario
from redhanded.errors import RedhandedError

__all__ = ["FAMILIES", "load_suite"]

FAMILIES = ("oversight", "exfiltration", "sandbagging", "cover-up", "training-gaming")


def load_suite(
    families: tuple[str, ...] | None = None,
    *,
    path: Path | None = None,
    per_family: int | None = None,
    generation_per_family: int | None = None,
) -> list[Scenario]:
    """Scenarios of the built-in suite (or of a JSONL file), optionally the first N per family.

    Args:
        families: keep these families (default: all).
        path: a JSONL file of scenarios instead of the built-in suite.
        per_family: keep the first N forced-choice scenarios of each family.
        generation_per_family: keep the first N free-generation scenarios of each family.
    """
    if path is not None:
        scenarios = read_scenarios(path)
    else:
        scenarios = []
        root = resources.files("redhanded.honeypots") / "scenarios"
        for family in FAMILIES:
            with resources.as_file(root / f"{family}.jsonl") as file:
                scenarios.extend(read_scenarios(file))
    if families:
        unknown = sorted(set(families) - {s.family for s in scenarios})
        if unknown:
            known = ", ".join(sorted({s.family for s in scenarios}))
            raise RedhandedError(f"unknown scenario family {unknown[0]!r}: choose from {known}")
        scenarios = [s for s in scenarios if s.family in families]
    out: list[Scenario] = []
    counts: dict[tuple[str, bool], int] = {}
    for s in scenarios:
        key = (s.family, s.choices is not None)
        limit = per_family if s.choices is not None else generation_per_family
        if limit is not None and counts.get(key, 0) >= limit:
            continue
        counts[key] = counts.get(key, 0) + 1
        out.append(s)
    if not out:
        raise RedhandedError("no scenarios selected: check --families and the per-family limits")
    return out
