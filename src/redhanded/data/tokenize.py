"""Tokenise dialogues through the model's chat template, with a per-token ``detect`` mask.

The mask is derived from character spans: the chat template renders the conversation to text,
each message's content is located in that text in order, and a token is a detect token when its
character span overlaps the content of a detect message. Template tokens (role headers,
end-of-turn markers) are never detect tokens. Padding is applied later, per batch, and never
moves the mask because the mask travels with each unpadded sequence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from redhanded.data.types import Dialogue, Scenario
from redhanded.errors import RedhandedError

__all__ = [
    "Tokenized",
    "check_no_special_tokens",
    "dialogue_texts",
    "render_chat",
    "scenario_texts",
    "special_tokens",
    "tokenize_dialogue",
    "tokenize_dialogues",
]


@dataclass(frozen=True)
class Tokenized:
    """One tokenised dialogue: token ids and the boolean detect mask, both of shape ``(seq,)``."""

    dialogue_id: str
    input_ids: np.ndarray
    detect: np.ndarray

    def __len__(self) -> int:
        return int(self.input_ids.shape[0])


def render_chat(tokenizer: Any, dialogue: Dialogue, *, add_generation_prompt: bool = False) -> str:
    """Render a dialogue to text with the tokenizer's chat template."""
    if not getattr(tokenizer, "chat_template", None):
        raise RedhandedError(
            "the tokenizer has no chat template: use a chat/instruct model or set tokenizer.chat_template"
        )
    messages = [{"role": m.role, "content": m.content} for m in dialogue.messages]
    text = tokenizer.apply_chat_template(
        messages, tokenize=False, add_generation_prompt=add_generation_prompt
    )
    return str(text)


def _content_spans(text: str, dialogue: Dialogue) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for index, message in enumerate(dialogue.messages):
        content = message.content.strip()
        start = text.find(content, cursor) if content else cursor
        if start < 0:
            raise RedhandedError(
                f"dialogue {dialogue.id!r}: the chat template altered message {index} "
                "so its text cannot be located; use plain text content or another template"
            )
        spans.append((start, start + len(content)))
        cursor = start + len(content)
    return spans


def tokenize_dialogue(tokenizer: Any, dialogue: Dialogue) -> Tokenized:
    """Tokenise one dialogue and mark the tokens of its detect messages."""
    text = render_chat(tokenizer, dialogue)
    spans = _content_spans(text, dialogue)
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = np.asarray(encoded["input_ids"], dtype=np.int64)
    offsets = np.asarray(encoded["offset_mapping"], dtype=np.int64).reshape(-1, 2)
    detect = np.zeros(ids.shape[0], dtype=bool)
    for (start, end), flag in zip(spans, dialogue.detect_flags(), strict=True):
        if flag and end > start:
            detect |= (offsets[:, 0] < end) & (offsets[:, 1] > start)
    if not detect.any():
        raise RedhandedError(
            f"dialogue {dialogue.id!r} has no detect tokens (its detect message is empty): "
            "give the assistant message some text or mark another message with detect=true"
        )
    return Tokenized(dialogue.id, ids, detect)


def tokenize_dialogues(tokenizer: Any, dialogues: Sequence[Dialogue]) -> list[Tokenized]:
    """Tokenise many dialogues (see :func:`tokenize_dialogue`)."""
    return [tokenize_dialogue(tokenizer, d) for d in dialogues]


def special_tokens(tokenizer: Any) -> list[str]:
    """The tokenizer's special tokens (chat-template markers such as ``<|im_start|>``), longest first."""
    found = {str(t) for t in getattr(tokenizer, "all_special_tokens", []) or []}
    for added in (getattr(tokenizer, "added_tokens_decoder", None) or {}).values():
        if getattr(added, "special", False):
            found.add(str(added.content))
    return sorted((t for t in found if t), key=lambda t: (-len(t), t))


def dialogue_texts(name: str, dialogues: Iterable[Dialogue]) -> Iterable[tuple[str, str]]:
    """``(where, text)`` for every message of a dataset's dialogues."""
    for d in dialogues:
        for i, m in enumerate(d.messages):
            yield f"dataset {name!r}, dialogue {d.id!r}, message {i}", m.content


def scenario_texts(scenarios: Iterable[Scenario]) -> Iterable[tuple[str, str]]:
    """``(where, text)`` for every text of honeypot scenarios: template, cues, choices, follow-up."""
    for s in scenarios:
        where = f"scenario {s.id!r}"
        for i, m in enumerate(s.template):
            yield f"{where}, template message {i}", m.content
        for arm, cue in s.arms.items():
            yield f"{where}, {arm} cue", cue.cue
        for key, text in (s.choices or {}).items():
            yield f"{where}, choice {key}", text
        if s.followup:
            yield f"{where}, followup", s.followup


def check_no_special_tokens(tokenizer: Any, texts: Iterable[tuple[str, str]]) -> None:
    """Reject text that holds one of the tokenizer's special tokens.

    Such a token in a message is read as the real control token, not as text: ``<|im_start|>``
    in a honeypot cue adds a turn to one arm only, and in a dialogue it moves the detect tokens.

    Raises:
        RedhandedError: naming where the token is, the token and the fix.
    """
    tokens = special_tokens(tokenizer)
    if not tokens:
        return
    pattern = re.compile("|".join(re.escape(t) for t in tokens))
    for where, text in texts:
        found = pattern.search(text)
        if found:
            raise RedhandedError(
                f"{where} contains the model's special token {found.group(0)!r}, which the chat "
                "template reads as a control token (a real turn boundary), not as text: remove it "
                "or write it differently"
            )
