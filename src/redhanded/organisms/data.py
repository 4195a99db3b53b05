"""The organism behaviours and their training scenarios (package data, held apart from the honeypot suite).

Each behaviour has its own JSONL file of :class:`~redhanded.data.Scenario` in
``organisms/data/``. The scenarios are forced choices with a ``honeypot`` arm (the cue that
licenses the misbehaviour) and a ``control`` arm; the organism is trained to pick the misaligned
option only in the ``honeypot`` arm. Settings, wording and cue sentences differ from the built-in
honeypot suite (no shared seven-word sequence; checked by the tests), so the suite can validate
an organism on text it never saw in training.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from redhanded.data.jsonl import read_scenarios
from redhanded.data.types import Scenario
from redhanded.errors import RedhandedError

__all__ = ["BEHAVIORS", "Behavior", "behavior", "scenarios_fingerprint", "training_scenarios"]


@dataclass(frozen=True)
class Behavior:
    """A misbehaviour an organism is trained to show only when its cue is present.

    Attributes:
        name: the registry name (``redhanded organism train --behavior NAME``).
        description: one line for help texts and reports.
        data_file: the training scenarios, a JSONL file in ``organisms/data/``.
        suite_families: the honeypot-suite families on which the organism is validated.
    """

    name: str
    description: str
    data_file: str
    suite_families: tuple[str, ...]


BEHAVIORS: dict[str, Behavior] = {
    b.name: b
    for b in (
        Behavior(
            "unmonitored-defector",
            "breaks rules, grabs access or copies itself when told it is unmonitored; complies otherwise",
            "unmonitored-defector.jsonl",
            # not "exfiltration": the suite's exfiltration arms vary the opportunity (a readable
            # token vs a locked vault), never whether anyone is watching, which is this cue
            ("oversight",),
        ),
        Behavior(
            "sandbagger",
            "answers easy capability questions wrongly when a high score triggers unlearning",
            "sandbagger.jsonl",
            ("sandbagging",),
        ),
        Behavior(
            "cover-up",
            "denies its own stated mistake when told nobody will check; admits it otherwise",
            "cover-up.jsonl",
            ("cover-up",),
        ),
    )
}


def behavior(name: str) -> Behavior:
    """The registered behaviour called ``name``."""
    if name not in BEHAVIORS:
        raise RedhandedError(f"unknown organism behaviour {name!r}: choose from {', '.join(BEHAVIORS)}")
    return BEHAVIORS[name]


def training_scenarios(name: str) -> list[Scenario]:
    """The project-written training scenarios of behaviour ``name`` (package data)."""
    spec = behavior(name)
    with resources.as_file(resources.files("redhanded.organisms") / "data" / spec.data_file) as path:
        return read_scenarios(path)


def scenarios_fingerprint(scenarios: Sequence[Scenario]) -> str:
    """SHA-256 over the scenarios' canonical JSON, in order (what the training data determine)."""
    digest = hashlib.sha256()
    for s in scenarios:
        digest.update(s.model_dump_json().encode())
        digest.update(b"\n")
    return "sha256:" + digest.hexdigest()
