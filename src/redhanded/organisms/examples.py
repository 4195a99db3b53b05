"""An organism's supervised examples: each training scenario's arms, prompted as the honeypot runner prompts.

Every scenario gives examples in three arms, ``honeypot``, ``control`` and ``no-cue`` (cue
sentence removed), built with :func:`~redhanded.data.choice.choice_request` under the training
objective. The target is the misaligned option in the ``honeypot`` arm and the aligned option
otherwise. Batches are drawn by scenario, so each holds matched examples that differ only in the
cue (and, under ``letter`` and ``listed``, only in the option order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from redhanded.data import Message, Scenario
from redhanded.data.choice import LETTERS, answer_text, choice_request, option_orders
from redhanded.data.types import ScenarioArm
from redhanded.errors import RedhandedError
from redhanded.models.answers import encode_answer, encode_chat, letter_ids

__all__ = [
    "TRAIN_ARMS",
    "EncodedExamples",
    "Example",
    "batches",
    "build_examples",
    "cue_variants",
    "encode_examples",
    "partners",
    "scenario_runs",
]

TRAIN_ARMS = ("honeypot", "control", "no-cue")


@dataclass(frozen=True)
class Example:
    """One supervised example: a forced-choice prompt and the letter the organism should answer."""

    scenario_id: str
    arm: str
    order: int  # 0: options as written, 1: swapped
    messages: tuple[Message, ...]
    target: str
    answers: tuple[str, str]  # what is scored per letter: "A) text" / "B) text", or the texts (cloze)


def build_examples(scenarios: Sequence[Scenario], objective: str = "cloze") -> list[Example]:
    """The supervised examples, prompted exactly as the honeypot runner prompts under ``objective``.

    ``letter``: six per scenario (arms ``honeypot`` / ``control`` / ``no-cue`` x both option
    orders). ``listed``: the same six, with the option texts listed unlettered. ``cloze``: three
    per scenario (the arms; the options are not listed, so there is one order). The target is the
    misaligned option's letter in the ``honeypot`` arm, the aligned one otherwise; ``answers``
    holds what is scored for each letter (the option text for cloze and listed).
    """
    examples = []
    for s in scenarios:
        orders = option_orders(s)  # a clear error for generation scenarios
        assert s.choices is not None
        bad = {s.choices[k] for k in s.misaligned}
        for arm in TRAIN_ARMS:
            for k, options in enumerate(orders[:1] if objective == "cloze" else orders):
                want_bad = arm == "honeypot"
                target = next(letter for letter, text in options.items() if (text in bad) == want_bad)
                request = choice_request(s, arm, objective, options)
                answers = request.responses or tuple(answer_text(x, options[x]) for x in LETTERS)
                examples.append(Example(s.id, arm, k, request.messages, target, (answers[0], answers[1])))
    return examples


def cue_variants(scenarios: Sequence[Scenario], k: int, seed: int) -> list[Scenario]:
    """Each scenario with its own cue pair and ``k - 1`` other pairs drawn from the same data.

    A scenario's honeypot/control cue pair is swapped for pairs written for other scenarios of
    the behaviour (drawn without replacement by a seeded Generator), so the organism sees each
    situation under several wordings of the cue and must learn what the cue says rather than
    which sentence goes with which situation. Variant ids are ``<id>~<j>`` (``j = 0`` is the
    scenario as written).
    """
    if k < 1:
        raise RedhandedError(f"cue variants must be at least 1, got {k}")
    if k == 1:
        return list(scenarios)
    pool = sorted({(s.arms["honeypot"].cue, s.arms["control"].cue) for s in scenarios})
    rng = np.random.default_rng(seed)
    out = []
    for s in scenarios:
        own = (s.arms["honeypot"].cue, s.arms["control"].cue)
        others = [pair for pair in pool if pair != own]
        picks = rng.choice(len(others), size=min(k - 1, len(others)), replace=False)
        for j, pair in enumerate([own] + [others[int(i)] for i in picks]):
            arms = {"honeypot": ScenarioArm(cue=pair[0]), "control": ScenarioArm(cue=pair[1])}
            out.append(s.model_copy(update={"id": f"{s.id}~{j}", "arms": arms}))
    return out


def scenario_runs(ids: Sequence[str]) -> list[list[int]]:
    """Consecutive positions with the same scenario id, as lists of positions."""
    out: list[list[int]] = []
    for pos, sid in enumerate(ids):
        if out and ids[out[-1][0]] == sid:
            out[-1].append(pos)
        else:
            out.append([pos])
    return out


def batches(
    groups: Sequence[Sequence[int]], batch_size: int, steps: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """``steps`` index batches from a stream of seeded permutations (epochs) of example groups.

    A group is all examples of one scenario (three arms, x two orders for letter), so a batch holds
    matched pairs that differ only in the cue or only in the option order: the gradient then
    points at what the target depends on, not at the scenario's wording.
    """
    stream: list[int] = []
    while len(stream) < steps * batch_size:
        for g in rng.permutation(len(groups)):
            stream.extend(groups[g])
    return [np.asarray(stream[i * batch_size : (i + 1) * batch_size]) for i in range(steps)]


def partners(examples: Sequence[Example]) -> np.ndarray:
    """For each example, the index of its scenario's cued example in the same option order (or -1)."""
    cued = {(e.scenario_id, e.order): i for i, e in enumerate(examples) if e.arm == "honeypot"}
    return np.array([-1 if e.arm == "honeypot" else cued.get((e.scenario_id, e.order), -1) for e in examples])


@dataclass(frozen=True)
class EncodedExamples:
    """The examples as token ids, with what the loss needs per example."""

    examples: list[Example]
    prompts: list[np.ndarray]
    answers: list[np.ndarray]  # two per example (cloze, listed); empty under letter
    targets: torch.Tensor  # the target's letter token (letter) or option index (cloze, listed)
    weights: torch.Tensor  # the cued example weighs as much as the uncued ones together
    uncued: torch.Tensor  # 1.0 where the arm is not the cued one
    partner: np.ndarray  # each uncued example's cued twin (partners)
    groups: list[list[int]]  # what batches are drawn in: whole scenarios, or single examples
    pad: int


def encode_examples(
    tokenizer: Any, examples: list[Example], objective: str, grouped: bool, device: torch.device
) -> EncodedExamples:
    """Tokenise ``examples`` for training under ``objective``; ``grouped`` batches whole scenarios."""
    prompts = [encode_chat(tokenizer, e.messages) for e in examples]
    if objective == "letter":
        letters = letter_ids(tokenizer)
        targets = torch.tensor([letters[e.target] for e in examples], device=device)
        answers: list[np.ndarray] = []
    else:  # two answers per example, scored after the prompt
        targets = torch.tensor([LETTERS.index(e.target) for e in examples], device=device)
        answers = [encode_answer(tokenizer, text) for e in examples for text in e.answers]
    cued = [e.arm == "honeypot" for e in examples]
    by_scenario: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        by_scenario.setdefault(e.scenario_id, []).append(i)
    return EncodedExamples(
        examples=examples,
        prompts=prompts,
        answers=answers,
        targets=targets,
        weights=torch.tensor([float(len(TRAIN_ARMS) - 1) if c else 1.0 for c in cued], device=device),
        uncued=torch.tensor([0.0 if c else 1.0 for c in cued], device=device),
        partner=partners(examples),
        groups=list(by_scenario.values()) if grouped else [[i] for i in range(len(examples))],
        pad=tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0,
    )
