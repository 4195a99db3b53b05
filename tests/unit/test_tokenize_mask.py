"""The detect mask is exactly the tokens of the detect messages' content, on three template styles."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import build_tokenizer
from redhanded.data import Dialogue, Message, read_dialogues
from redhanded.data.tokenize import tokenize_dialogue
from redhanded.errors import RedhandedError

DIALOGUE = Dialogue(
    id="d1",
    messages=(
        Message(role="system", content="Pretend you are an honest person."),
        Message(role="user", content="Tell me one fact about the world."),
        Message(role="assistant", content="Water boils at one hundred degrees at sea level."),
    ),
    label="honest",
)
# The token that must immediately follow the detect content, per template.
END_OF_TURN = {"chatml": "<|im_end|>", "llama3": "<|eot_id|>", "gemma": "<end_of_turn>"}


def _decode(tokenizer, ids) -> list[str]:
    return [tokenizer.decode([int(i)]) for i in ids]


@pytest.mark.parametrize("template", ["chatml", "llama3", "gemma"])
def test_mask_is_exactly_the_assistant_content(template: str) -> None:
    tokenizer = build_tokenizer(template)
    tok = tokenize_dialogue(tokenizer, DIALOGUE)
    pieces = _decode(tokenizer, tok.input_ids)
    idx = np.flatnonzero(tok.detect)
    # contiguous, and decodes to exactly the content
    assert idx.tolist() == list(range(idx[0], idx[-1] + 1))
    assert "".join(pieces[i] for i in idx).strip() == DIALOGUE.messages[-1].content
    # the next token closes the turn; the one before is template (a newline), not content
    assert pieces[idx[-1] + 1] == END_OF_TURN[template]
    assert pieces[idx[0] - 1].strip() == ""
    # nothing outside the assistant content is marked
    assert int(tok.detect.sum()) == len(idx)


@pytest.mark.parametrize("template", ["chatml", "llama3", "gemma"])
def test_explicit_detect_flags_mark_several_messages(template: str) -> None:
    tokenizer = build_tokenizer(template)
    d = Dialogue(
        id="d2",
        messages=(
            Message(role="user", content="Tell me one fact about the world.", detect=True),
            Message(role="assistant", content="The moon orbits the earth.", detect=True),
            Message(role="user", content="Sure?"),
            Message(role="assistant", content="Yes."),
        ),
    )
    tok = tokenize_dialogue(tokenizer, d)
    pieces = _decode(tokenizer, tok.input_ids)
    marked = "".join(p if m else "|" for p, m in zip(pieces, tok.detect, strict=True))
    runs = [r.strip() for r in marked.split("|") if r.strip()]
    assert runs == ["Tell me one fact about the world.", "The moon orbits the earth."]


def test_default_detect_is_last_assistant_message() -> None:
    d = Dialogue(
        id="x",
        messages=(
            Message(role="user", content="a"),
            Message(role="assistant", content="b"),
            Message(role="user", content="c"),
            Message(role="assistant", content="d"),
        ),
    )
    assert d.detect_flags() == [False, False, False, True]


@pytest.mark.slow
def test_smollm2_real_template_mask(smollm2) -> None:
    tokenizer = smollm2.tokenizer
    tok = tokenize_dialogue(tokenizer, DIALOGUE)
    pieces = _decode(tokenizer, tok.input_ids)
    idx = np.flatnonzero(tok.detect)
    assert "".join(pieces[i] for i in idx) == DIALOGUE.messages[-1].content
    assert pieces[idx[-1] + 1] == "<|im_end|>"
    assert "".join(pieces[: idx[0]]).endswith("<|im_start|>assistant\n")
    assert idx.tolist() == list(range(idx[0], idx[-1] + 1))


def test_empty_detect_message_is_an_error(tmp_path) -> None:
    rows = [
        {
            "id": "empty",
            "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "  "}],
        }
    ]
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(rows[0]) + "\n")
    with pytest.raises(
        RedhandedError, match="line 1: no detect tokens: the message the probe reads is empty"
    ):
        read_dialogues(path)  # rejected when the file is read, with its line
    tokenizer = build_tokenizer("chatml")
    d = Dialogue(
        id="empty", messages=(Message(role="user", content="hi"), Message(role="assistant", content="  "))
    )
    with pytest.raises(RedhandedError, match="no detect tokens"):  # and again where tokens are chosen
        tokenize_dialogue(tokenizer, d)
