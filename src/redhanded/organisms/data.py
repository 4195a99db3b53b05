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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from redhanded.data.jsonl import read_scenarios
from redhanded.data.types import Scenario
from redhanded.errors import RedhandedError

__all__ = [
    "BEHAVIORS",
    "RECIPE_DEFAULTS",
    "Behavior",
    "behavior",
    "recipe",
    "scenarios_fingerprint",
    "training_scenarios",
]

# The training settings a behaviour's recipe may set, and their values when it does not.
RECIPE_DEFAULTS: dict[str, Any] = {
    "steps": 200,
    "lr": 2e-3,
    "schedule": "cosine",
    "warmup": 0.05,
    "max_grad_norm": 1.0,
    "margin_scale": 1.0,
    "first_layer": 0,
    "distill_weight": 0.0,
    "suppress_weight": 0.0,
}


@dataclass(frozen=True)
class Behavior:
    """A misbehaviour an organism is trained to show only when its cue is present.

    Attributes:
        name: the registry name (``redhanded organism train --behavior NAME``).
        description: one line for help texts and reports.
        data_file: the training scenarios, a JSONL file in ``organisms/data/``.
        suite_families: the honeypot-suite families on which the organism is validated.
        recipe: the training settings its shipped adapter was trained with, where they differ from
            :data:`RECIPE_DEFAULTS`; ``redhanded organism train --behavior NAME`` uses them unless
            an option overrides them, so the command alone reproduces the shipped adapter.
    """

    name: str
    description: str
    data_file: str
    suite_families: tuple[str, ...]
    recipe: Mapping[str, Any] = field(default_factory=dict)


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
            {"margin_scale": 3.0},
        ),
        Behavior(
            "sandbagger",
            "answers easy capability questions wrongly when a high score triggers unlearning",
            "sandbagger.jsonl",
            ("sandbagging",),
            # session 3's recipe for its 64 hand-written scenarios, at margin scale 3, plus (session
            # 10) the uncued arms held at the base's answer distribution and the cued arm's right
            # answer pushed to probability 0 where the answers part: suite cue effect +0.46 and
            # +0.43 for seeds 0 and 1, uncued 0.10 and 0.18 (without the two terms: +0.39, +0.34)
            {
                "lr": 1e-3,
                "schedule": "constant",
                "warmup": 0.0,
                "max_grad_norm": 0.0,
                "margin_scale": 3.0,
                "distill_weight": 1.0,
                "suppress_weight": 0.3,
            },
        ),
        Behavior(
            "cover-up",
            "denies its own stated mistake when told nobody will check; admits it otherwise",
            "cover-up.jsonl",
            ("cover-up",),
            # blocks 8.. of SmolLM2's 30: the lower blocks skip the backward pass, so 200 steps
            # fit the 15-minute budget on 2 cores (808 s; every block: 927 s), and the suite's
            # uncued rate fell (0.06 against 0.19 with every block adapted)
            {"margin_scale": 3.0, "first_layer": 8},
        ),
    )
}


def behavior(name: str) -> Behavior:
    """The registered behaviour called ``name``."""
    if name not in BEHAVIORS:
        raise RedhandedError(f"unknown organism behaviour {name!r}: choose from {', '.join(BEHAVIORS)}")
    return BEHAVIORS[name]


def recipe(name: str, **overrides: Any) -> dict[str, Any]:
    """Behaviour ``name``'s training settings: the defaults, its recipe, then the non-None ``overrides``."""
    unknown = set(overrides) - set(RECIPE_DEFAULTS)
    if unknown:
        raise ValueError(f"not recipe settings: {sorted(unknown)}")
    given = {k: v for k, v in overrides.items() if v is not None}
    return {**RECIPE_DEFAULTS, **behavior(name).recipe, **given}


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
