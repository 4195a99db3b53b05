"""Tokenise dialogues through the model's chat template, with a per-token ``detect`` mask.

The mask is derived from character spans: the chat template renders the conversation to text,
each message's content is located in that text in order, and a token is a detect token when its
character span overlaps the content of a detect message. Template tokens (role headers,
end-of-turn markers) are never detect tokens. Padding is applied later, per batch, and never
moves the mask because the mask travels with each unpadded sequence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from redhanded.data.types import Dialogue
from redhanded.errors import RedhandedError

__all__ = ["Tokenized", "tokenize_dialogue", "tokenize_dialogues", "render_chat"]


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
