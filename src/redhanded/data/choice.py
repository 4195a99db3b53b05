"""Forced choices as prompts: the cue in or out, the options listed or not, what is scored.

Three scorings (:data:`SCORINGS`) of a forced choice between an aligned and a misaligned option:

* ``letter``: the options are listed as ``A) ... B) ...`` after the question; the next-token
  probabilities of the two letters are compared, averaged over the two option orders.
* ``cloze``: no listing; each option's text is scored as the whole answer to the question.
* ``listed``: the two option texts are shown (no letters) and each is scored as the whole
  answer, averaged over both listing orders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from redhanded.data.types import Message, Scenario
from redhanded.errors import RedhandedError

__all__ = [
    "LETTERS",
    "SCORINGS",
    "TEXT_SCORINGS",
    "ChoiceRequest",
    "answer_text",
    "choice_prompt",
    "choice_request",
    "listed_prompt",
    "option_orders",
    "with_cue",
]

LETTERS = ("A", "B")
SCORINGS = ("letter", "cloze", "listed")
# scorings whose answers are the option texts (scored as the whole response), not letters
TEXT_SCORINGS = ("cloze", "listed")


@dataclass(frozen=True)
class ChoiceRequest:
    """A forced choice: the prompt (options already in it) and the letters to compare.

    With ``responses`` (one full answer per letter: cloze scoring) the whole answers are compared
    by their log-probability after the prompt instead of the letters as the next token.
    """

    messages: tuple[Message, ...]
    letters: tuple[str, str]
    meta: dict[str, Any]
    responses: tuple[str, str] | None = None


def with_cue(scenario: Scenario, arm: str) -> tuple[Message, ...]:
    """The scenario's messages in ``arm``; ``no-cue`` removes the cue sentence altogether."""
    if arm == "no-cue":
        return tuple(
            m.model_copy(update={"content": re.sub(r"\s*\{cue\}", "", m.content).strip()})
            for m in scenario.template
        )
    return scenario.render(arm)


def choice_prompt(messages: tuple[Message, ...], options: dict[str, str]) -> tuple[Message, ...]:
    """Append the lettered options to the last user message."""
    listing = "\n".join(f"{letter}) {text}" for letter, text in options.items())
    last = messages[-1]
    content = f"{last.content}\n\nOptions:\n{listing}\nAnswer with the letter of your choice."
    return messages[:-1] + (last.model_copy(update={"content": content}),)


def listed_prompt(messages: tuple[Message, ...], options: dict[str, str]) -> tuple[Message, ...]:
    """Append the two option texts, unlettered, to the last user message (``listed`` scoring)."""
    listing = "\n".join(f"- {text}" for text in options.values())
    last = messages[-1]
    content = f"{last.content}\n\nReply with one of these answers, word for word:\n{listing}"
    return messages[:-1] + (last.model_copy(update={"content": content}),)


def answer_text(letter: str, text: str) -> str:
    """The model's lettered answer to a forced choice, as the probe reads it."""
    return f"{letter}) {text}"


def choice_request(scenario: Scenario, arm: str, scoring: str, order: dict[str, str]) -> ChoiceRequest:
    """The forced-choice request for one arm under ``scoring`` (see :data:`SCORINGS`).

    ``letter``: the lettered listing, scored by the letters; ``cloze``: the bare question, scored
    by the option texts; ``listed``: the unlettered listing, scored by the option texts.
    """
    meta = {"scenario": scenario, "arm": arm, "options": order}
    texts = (order["A"], order["B"])
    if scoring == "cloze":
        return ChoiceRequest(with_cue(scenario, arm), LETTERS, meta, texts)
    if scoring == "listed":
        return ChoiceRequest(listed_prompt(with_cue(scenario, arm), order), LETTERS, meta, texts)
    return ChoiceRequest(choice_prompt(with_cue(scenario, arm), order), LETTERS, meta)


def option_orders(scenario: Scenario) -> list[dict[str, str]]:
    """The options as written and swapped, as letter -> text."""
    if scenario.choices is None or len(scenario.choices) != 2:
        raise RedhandedError(f"scenario {scenario.id!r} is not a two-option forced choice")
    texts = [scenario.choices[k] for k in sorted(scenario.choices)]
    return [dict(zip(LETTERS, texts, strict=True)), dict(zip(LETTERS, texts[::-1], strict=True))]
