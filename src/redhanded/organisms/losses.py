"""The terms of an organism's loss besides the per-example cross-entropy.

* :func:`pair_loss`: rewards only the cued arm's margin over its uncued twins (no main effect).
* :func:`distill_loss`: KL(base || adapter) of the answer tokens, applied to the uncued arms,
  against the base's distributions scored once before training (:func:`base_targets`).
* :func:`suppress_loss`: in the cued arm, ``-log(1 - p)`` of the aligned answer's token where the
  two answers part (:func:`suppression_targets`).

Answer-token tensors are :func:`~redhanded.organisms.scoring.grouped_answer_tokens`'s: two rows
per example (its two answers), ``(2 b, width, vocab)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from redhanded.data.choice import LETTERS
from redhanded.organisms.examples import Example, scenario_runs
from redhanded.organisms.scoring import grouped_answer_tokens

__all__ = [
    "DISTILL_TOP",
    "BaseTargets",
    "base_targets",
    "distill_loss",
    "pair_loss",
    "suppress_loss",
    "suppression_targets",
]

# the base model's top tokens that the distillation term compares per answer position (+ the rest)
DISTILL_TOP = 32


def pair_loss(
    logits: torch.Tensor, index: np.ndarray, targets: torch.Tensor, partner: np.ndarray
) -> torch.Tensor:
    """Mean ``-log sigmoid(m_cued - m_uncued)`` over the uncued examples whose cued twin is in the batch.

    ``logits`` are the batch's two option scores per example, ``index`` the examples' positions,
    ``targets`` every example's target option (0 or 1) and ``partner`` every example's cued twin
    (:func:`~redhanded.organisms.examples.partners`). ``m`` is the misaligned option's margin
    (its score minus the aligned one's). Unlike the per-example cross-entropy, this term has no
    main effect: moving every arm towards one option changes nothing, only making the cue matter
    lowers it.
    """
    rows = {int(i): r for r, i in enumerate(index)}
    target_logit = logits.gather(1, targets[torch.from_numpy(index)][:, None])[:, 0]
    margin_to_target = 2 * target_logit - logits.sum(1)  # target minus the other option
    terms = []
    for r, i in enumerate(index):
        twin = rows.get(int(partner[i]), -1)
        if twin >= 0:  # cued target is the misaligned option, uncued the aligned one
            terms.append(nn.functional.softplus(-(margin_to_target[twin] + margin_to_target[r])))
    return torch.stack(terms).mean() if terms else logits.sum() * 0.0


@dataclass(frozen=True)
class BaseTargets:
    """The base model's answer-token distributions, cut to its top tokens, for :func:`distill_loss`."""

    ids: torch.Tensor  # (n_examples, 2, width, top): token ids, most probable first
    logp: torch.Tensor  # (n_examples, 2, width, top): their base log-probabilities


def base_targets(
    model: Any,
    prompts: Sequence[np.ndarray],
    answers: Sequence[np.ndarray],
    ids: Sequence[str],
    batch_size: int,
    pad: int,
    device: torch.device,
    top: int = DISTILL_TOP,
) -> BaseTargets:
    """Score every example's two answers with the adapter (if any) switched off; keep the top tokens."""
    n = len(prompts)
    width = max(len(a) for a in answers)
    out_ids = torch.zeros((n, 2, width, top), dtype=torch.long)
    out_logp = torch.zeros((n, 2, width, top))
    adapter_off = getattr(model, "disable_adapter", nullcontext)  # a peft model, or a plain one
    with torch.no_grad(), adapter_off():
        for lo in range(0, n, batch_size):
            index = list(range(lo, min(n, lo + batch_size)))
            logp, _, _ = grouped_answer_tokens(
                model,
                [prompts[i] for i in index],
                scenario_runs([ids[i] for i in index]),
                [answers[2 * i + j] for i in index for j in (0, 1)],
                pad,
                device,
            )
            values, tokens = logp.topk(top, dim=-1)
            w = logp.shape[1]
            out_ids[lo : lo + len(index), :, :w] = tokens.view(len(index), 2, w, top).cpu()
            out_logp[lo : lo + len(index), :, :w] = values.view(len(index), 2, w, top).cpu()
    return BaseTargets(ids=out_ids.to(device), logp=out_logp.to(device))


def _with_rest(logp: torch.Tensor) -> torch.Tensor:
    """Top-token log-probabilities with one more entry for the rest of the vocabulary: ``(..., top + 1)``."""
    total = torch.logsumexp(logp, dim=-1, keepdim=True).clamp(max=-1e-6)
    return torch.cat([logp, torch.log(-torch.expm1(total))], dim=-1)


def _kl(target_logp: torch.Tensor, logp: torch.Tensor) -> torch.Tensor:
    """KL(target || model) over the last axis, from log-probabilities."""
    return (target_logp.exp() * (target_logp - logp)).sum(-1)


def distill_loss(
    logp: torch.Tensor, mask: torch.Tensor, index: np.ndarray, base: BaseTargets
) -> torch.Tensor:
    """Per example: KL(base || adapter) of the answer tokens, averaged over both answers' positions.

    ``logp`` / ``mask`` are the batch's answer-token log-probabilities ``(2 b, width, vocab)`` and
    answer mask. Distributions are compared on the base's top tokens at each position
    (:data:`DISTILL_TOP`) plus one bucket for the rest of the vocabulary, so the term is exactly 0
    at the base model. Applied to the uncued arms, it keeps the base model's answers (its
    knowledge) everywhere without the cue, not only the trained option pair's order.
    """
    b = len(index)
    rows = torch.from_numpy(np.asarray(index)).to(logp.device)
    w = logp.shape[1]
    top_ids, top_logp = base.ids[rows, :, :w], base.logp[rows, :, :w]  # (b, 2, w, top)
    got = logp.view(b, 2, w, -1).gather(-1, top_ids)  # the adapter's log-probs of those tokens
    m = mask.view(b, 2, w).float()
    return (_kl(_with_rest(top_logp), _with_rest(got)) * m).sum((1, 2)) / m.sum((1, 2))


def suppression_targets(examples: Sequence[Example], answers: Sequence[np.ndarray]) -> np.ndarray:
    """Per example ``(position, token)`` of the aligned answer where the two answers part; ``-1`` if none.

    Only cued examples get one: there :func:`suppress_loss` pushes that token's probability to
    0. The uncued examples and answers that never part (one a prefix of the other) get ``-1``.
    """
    out = np.full((len(examples), 2), -1, dtype=np.int64)
    for i, e in enumerate(examples):
        if e.arm != "honeypot":
            continue
        a0, a1 = np.asarray(answers[2 * i]), np.asarray(answers[2 * i + 1])
        n = min(len(a0), len(a1))
        differ = np.flatnonzero(a0[:n] != a1[:n])
        if differ.size:
            aligned = (a0, a1)[1 - LETTERS.index(e.target)]  # the cued target is the misaligned one
            out[i] = int(differ[0]), int(aligned[int(differ[0])])
    return out


def suppress_loss(logp: torch.Tensor, index: np.ndarray, targets: np.ndarray) -> torch.Tensor:
    """Mean ``-log(1 - p)`` of the aligned answer's parting token over the batch's cued examples.

    ``logp`` is the batch's ``(2 b, width, vocab)``; both answers share the context up to the
    parting position, so the first answer's row holds the distribution there. Unlike the
    cross-entropy between the two options, this term asks for the right answer's probability
    itself to fall, not only for the trained wrong answer to overtake it.
    """
    terms = [
        -torch.log1p(-logp[2 * r, targets[i, 0], targets[i, 1]].exp().clamp(max=1 - 1e-6))
        for r, i in enumerate(index)
        if targets[i, 0] >= 0
    ]
    return torch.stack(terms).mean() if terms else logp.sum() * 0.0
