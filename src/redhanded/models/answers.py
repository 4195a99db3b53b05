"""Chat encoding, left padding and answer log-probabilities: what honeypots and organisms share.

A prompt is encoded with the model's chat template and the assistant turn opened; a forced
choice's answers are scored as token sequences appended right after it. Prompts are left-padded
so every row ends at its last real token, and position ids skip the padding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from redhanded.data import Message
from redhanded.errors import RedhandedError

__all__ = [
    "answer_logprobs",
    "answer_sums",
    "answer_token_logprobs",
    "answer_tokens",
    "answers_after",
    "encode_answer",
    "encode_chat",
    "left_pad",
    "letter_ids",
]


def encode_chat(tokenizer: Any, messages: Sequence[Message]) -> np.ndarray:
    """Token ids of ``messages`` in the model's chat template, with the assistant turn opened."""
    if not getattr(tokenizer, "chat_template", None):
        raise RedhandedError(
            "the tokenizer has no chat template: forced choices and generations need a chat model"
        )
    text = tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in messages], tokenize=False, add_generation_prompt=True
    )
    return np.asarray(tokenizer(str(text), add_special_tokens=False)["input_ids"], dtype=np.int64)


def letter_ids(tokenizer: Any, letters: Sequence[str] = ("A", "B")) -> dict[str, int]:
    """The single token id of each option letter (forced choice by letter needs one token each)."""
    ids = {}
    for letter in letters:
        got = tokenizer.encode(letter, add_special_tokens=False)
        if len(got) != 1:
            raise RedhandedError(
                f"the tokenizer splits the option letter {letter!r}: forced choice needs one token"
            )
        ids[letter] = int(got[0])
    return ids


def left_pad(
    seqs: Sequence[np.ndarray], pad: int, device: torch.device | str = "cpu"
) -> dict[str, torch.Tensor]:
    """Left-padded ``input_ids``, ``attention_mask`` and ``position_ids`` (the last column ends every row)."""
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for row, seq in enumerate(seqs):
        ids[row, width - len(seq) :] = torch.from_numpy(np.asarray(seq, dtype=np.int64))
        mask[row, width - len(seq) :] = 1
    position_ids = (mask.cumsum(-1) - 1).clamp(min=0)
    return {
        "input_ids": ids.to(device),
        "attention_mask": mask.to(device),
        "position_ids": position_ids.to(device),
    }


def encode_answer(tokenizer: Any, text: str) -> np.ndarray:
    """Token ids of an assistant answer, appended right after the opened assistant turn."""
    return np.asarray(tokenizer(text, add_special_tokens=False)["input_ids"], dtype=np.int64)


def answer_logprobs(
    model: Any,
    prompt_ids: torch.Tensor,
    prompt_mask: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> torch.Tensor:
    """Summed log-probability of each answer after its prompt; the prompts run once.

    ``prompt_ids`` / ``prompt_mask`` are left-padded ``(n_prompts, width)``; ``answers`` holds
    ``k * n_prompts`` token arrays, ``k`` per prompt in prompt order. The prompts' KV cache is
    repeated ``k`` times and the right-padded answers run on top of it, so a prompt shared by
    several answers costs one forward pass. Differentiable: organism training uses it too.
    Returns ``(k * n_prompts,)``.
    """
    return answer_sums(*answer_tokens(model, prompt_ids, prompt_mask, answers, pad))


def answer_tokens(
    model: Any,
    prompt_ids: torch.Tensor,
    prompt_mask: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """:func:`answer_logprobs` before the sum: ``(logp, ids, answer_mask)`` per answer token."""
    n_prompts = prompt_ids.shape[0]
    if n_prompts == 0 or len(answers) % n_prompts or any(len(a) == 0 for a in answers):
        raise ValueError("answers must be non-empty, the same number for every prompt")
    positions = (prompt_mask.cumsum(-1) - 1).clamp(min=0)
    out = model(
        input_ids=prompt_ids,
        attention_mask=prompt_mask,
        position_ids=positions,
        use_cache=True,
        logits_to_keep=1,
    )
    return answer_token_logprobs(model, out, prompt_mask, positions[:, -1] + 1, answers, pad)


def answer_sums(logp: torch.Tensor, ids: torch.Tensor, answer_mask: torch.Tensor) -> torch.Tensor:
    """Each answer's summed token log-probability, from :func:`answer_token_logprobs`'s output."""
    return (logp.gather(-1, ids[..., None])[..., 0] * answer_mask).sum(-1)


def answers_after(
    model: Any,
    out: Any,
    mask: torch.Tensor,
    lengths: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> torch.Tensor:
    """The answers' summed log-probabilities on top of a prompt forward pass ``out`` (with its cache).

    ``out`` holds the prompts' last-position logits and KV cache; ``mask`` is the attention mask
    of everything in the cache and ``lengths`` each prompt's real length (where its answers
    start). The cache is repeated ``len(answers) // n_prompts`` times and the right-padded
    answers run on top of it.
    """
    return answer_sums(*answer_token_logprobs(model, out, mask, lengths, answers, pad))


def answer_token_logprobs(
    model: Any,
    out: Any,
    mask: torch.Tensor,
    lengths: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Next-token log-probabilities over the vocabulary at every answer position (see :func:`answers_after`).

    Returns ``(logp, ids, answer_mask)``: ``logp[r, t]`` is the distribution that predicts answer
    ``r``'s token ``t`` (``(n_answers, width, vocab)``), ``ids`` the right-padded answer tokens
    and ``answer_mask`` 1 where a token is real.
    """
    n_prompts = mask.shape[0]
    k = len(answers) // n_prompts
    device = mask.device
    cache = out.past_key_values
    cache.batch_repeat_interleave(k)
    first = torch.log_softmax(out.logits[:, -1].float(), dim=-1).repeat_interleave(k, dim=0)
    width = max(len(a) for a in answers)
    ids = torch.full((len(answers), width), pad, dtype=torch.long)
    answer_mask = torch.zeros((len(answers), width), dtype=torch.long)
    for row, a in enumerate(answers):
        ids[row, : len(a)] = torch.from_numpy(np.asarray(a, dtype=np.int64))
        answer_mask[row, : len(a)] = 1
    ids, answer_mask = ids.to(device), answer_mask.to(device)
    if width == 1:
        return first[:, None], ids, answer_mask
    start = lengths[:, None].repeat_interleave(k, dim=0)
    logits = model(
        input_ids=ids[:, :-1],  # the last answer token predicts nothing that is scored
        attention_mask=torch.cat([mask.repeat_interleave(k, dim=0), answer_mask[:, :-1]], dim=1),
        position_ids=start + torch.arange(width - 1, device=device)[None, :],
        past_key_values=cache,
        use_cache=True,
    ).logits.float()
    # the prompt's last position predicts answer token 0; answer token t predicts token t + 1
    logp = torch.cat([first[:, None], torch.log_softmax(logits, dim=-1)], dim=1)
    return logp, ids, answer_mask
