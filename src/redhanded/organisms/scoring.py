"""Answer log-probabilities for a batch of a scenario's arms, with their shared prompt prefix run once.

A scenario's arms share every token before the cue. :func:`grouped_answer_tokens` runs each
group's common prefix once and the arms' remainders on its KV cache; the result equals scoring
each prompt whole (:func:`~redhanded.models.answers.answer_tokens`; checked by a test) with 40%
fewer prompt tokens through the model on the cover-up data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from redhanded.models.answers import answer_sums, answer_token_logprobs, answer_tokens, left_pad

__all__ = ["grouped_answer_logprobs", "grouped_answer_tokens", "shared_prefix"]


def shared_prefix(seqs: Sequence[np.ndarray]) -> int:
    """Length of the token prefix every sequence starts with (each keeps at least one token of its own)."""
    n = min(len(s) for s in seqs) - 1
    if n <= 0:
        return 0
    heads = np.stack([s[:n] for s in seqs])
    differs = np.flatnonzero((heads != heads[0]).any(axis=0))
    return int(differs[0]) if differs.size else n


def grouped_answer_logprobs(
    model: Any,
    prompts: Sequence[np.ndarray],
    runs: Sequence[Sequence[int]],
    answers: Sequence[np.ndarray],
    pad: int,
    device: torch.device,
) -> torch.Tensor:
    """The answers' summed log-probabilities (:func:`grouped_answer_tokens`, summed over tokens)."""
    return answer_sums(*grouped_answer_tokens(model, prompts, runs, answers, pad, device))


def grouped_answer_tokens(
    model: Any,
    prompts: Sequence[np.ndarray],
    runs: Sequence[Sequence[int]],
    answers: Sequence[np.ndarray],
    pad: int,
    device: torch.device,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """:func:`~redhanded.models.answers.answer_tokens` with each run's shared prefix computed once.

    ``runs`` partitions the prompt rows into consecutive groups (a scenario's arms,
    :func:`~redhanded.organisms.examples.scenario_runs`); ``answers`` holds two per prompt. Each
    group's common token prefix runs once; its KV cache is repeated for the group's prompts,
    whose left-padded remainders run on top of it, then the answers on top of those. Padding in
    the middle is masked out, and positions continue across the three passes. Returns
    :func:`~redhanded.models.answers.answer_token_logprobs`'s ``(logp, ids, answer_mask)``.
    """
    cut = [shared_prefix([prompts[i] for i in run]) for run in runs]
    if min(cut) == 0:  # some group shares nothing: score whole prompts
        inputs = left_pad(prompts, pad, device)
        return answer_tokens(model, inputs["input_ids"], inputs["attention_mask"], answers, pad)
    head = left_pad([prompts[run[0]][:k] for run, k in zip(runs, cut, strict=True)], pad, device)
    out = model(**head, use_cache=True, logits_to_keep=1)
    rep = torch.tensor([g for g, run in enumerate(runs) for _ in run], device=device)
    out.past_key_values.batch_select_indices(rep)
    head_mask = head["attention_mask"][rep]
    head_len = head_mask.sum(-1)
    tails = [prompts[i][k:] for run, k in zip(runs, cut, strict=True) for i in run]
    tail = left_pad(tails, pad, device)
    mask = torch.cat([head_mask, tail["attention_mask"]], dim=1)
    out = model(
        input_ids=tail["input_ids"],
        attention_mask=mask,
        position_ids=head_len[:, None] + tail["position_ids"],
        past_key_values=out.past_key_values,
        use_cache=True,
        logits_to_keep=1,
    )
    return answer_token_logprobs(model, out, mask, mask.sum(-1), answers, pad)
