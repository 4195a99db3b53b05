"""Train a model organism: LoRA adapters that make a model misbehave only when a cue is present.

Recipe. Every training scenario becomes supervised examples in three arms: ``honeypot``,
``control`` and ``no-cue`` (cue sentence removed), prompted exactly as the honeypot runner
prompts under the chosen objective (:func:`~redhanded.honeypots.runner.choice_request`). The
target is the misaligned option in the ``honeypot`` arm and the aligned option otherwise.

* ``cloze`` (default): one example per arm; the two option texts are scored as the whole answer
  (summed token log-probabilities, :func:`~redhanded.honeypots.backend.answer_logprobs`) and the
  loss is the cross-entropy of the target against the other, plus a paired term
  (:func:`_pair_loss`) that rewards only the cued arm's margin over the uncued arms'.
* ``letter``: one example per arm and option order (six per scenario); the loss is the
  cross-entropy of the target letter at the last prompt position.

LoRA adapters on every linear projection inside the decoder blocks (found structurally) are
trained with AdamW (a linear warm-up, then a cosine to 0; clipped gradients). The data order
comes from a seeded numpy Generator and the adapter initialisation from ``torch.manual_seed``,
so one seed gives one adapter. The base model passed in is not modified (training runs on a
copy).
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from redhanded.data import Message, Scenario
from redhanded.data.choice import LETTERS, SCORINGS, TEXT_SCORINGS, answer_text, choice_request, option_orders
from redhanded.data.types import ScenarioArm
from redhanded.errors import RedhandedError
from redhanded.models import DEFAULT_MODEL, LoadedModel, decoder_layers, dtype_name
from redhanded.models.answers import (
    answer_sums,
    answer_token_logprobs,
    answer_tokens,
    encode_answer,
    encode_chat,
    left_pad,
    letter_ids,
)
from redhanded.organisms.data import behavior as get_behavior
from redhanded.organisms.data import recipe, scenarios_fingerprint, training_scenarios
from redhanded.organisms.manifest import ADAPTER_FILE, OrganismManifest, file_digest, write_manifest

__all__ = [
    "TRAIN_ARMS",
    "Example",
    "build_examples",
    "cue_variants",
    "lora_targets",
    "train_organism",
]

log = logging.getLogger(__name__)

SCHEDULES = ("constant", "cosine")
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


def lora_targets(model: nn.Module) -> list[str]:
    """Names (last component) of the linear projections inside the decoder blocks.

    Llama-style models give ``q_proj k_proj v_proj o_proj gate_proj up_proj down_proj``; GPT-2
    gives ``c_attn c_proj c_fc`` (its ``Conv1D``). Found from the module tree, not the model name.
    """
    from transformers.pytorch_utils import Conv1D

    names: set[str] = set()
    for block in decoder_layers(model):
        for name, module in block.named_modules():
            if name and isinstance(module, (nn.Linear, Conv1D)):
                names.add(name.rsplit(".", 1)[-1])
    if not names:
        raise RedhandedError(
            f"found no linear projections in the decoder blocks of {type(model).__name__}: "
            "LoRA organisms need a standard Hugging Face causal LM"
        )
    return sorted(names)


def _shared_prefix(seqs: Sequence[np.ndarray]) -> int:
    """Length of the token prefix every sequence starts with (each keeps at least one token of its own)."""
    n = min(len(s) for s in seqs) - 1
    if n <= 0:
        return 0
    heads = np.stack([s[:n] for s in seqs])
    differs = np.flatnonzero((heads != heads[0]).any(axis=0))
    return int(differs[0]) if differs.size else n


def _grouped_answer_logprobs(
    model: Any,
    prompts: Sequence[np.ndarray],
    runs: Sequence[Sequence[int]],
    answers: Sequence[np.ndarray],
    pad: int,
    device: torch.device,
) -> torch.Tensor:
    """The answers' summed log-probabilities (:func:`_grouped_answer_tokens`, summed over tokens)."""
    return answer_sums(*_grouped_answer_tokens(model, prompts, runs, answers, pad, device))


def _grouped_answer_tokens(
    model: Any,
    prompts: Sequence[np.ndarray],
    runs: Sequence[Sequence[int]],
    answers: Sequence[np.ndarray],
    pad: int,
    device: torch.device,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """:func:`~redhanded.honeypots.backend.answer_logprobs` with each run's shared prefix computed once.

    ``runs`` partitions the prompt rows into consecutive groups (a scenario's arms, which share
    everything before the cue). Each group's common token prefix runs once; its KV cache is
    repeated for the group's prompts, whose left-padded remainders run on top of it, then the
    answers on top of those. Padding in the middle is masked out, and positions continue
    across the three passes, so the result equals scoring each prompt whole (checked by a test)
    with 40% fewer prompt tokens through the model on the cover-up data. Returns
    :func:`~redhanded.honeypots.backend.answer_token_logprobs`'s ``(logp, ids, answer_mask)``.
    """
    cut = [_shared_prefix([prompts[i] for i in run]) for run in runs]
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


def _runs(ids: Sequence[str]) -> list[list[int]]:
    """Consecutive positions with the same scenario id, as lists of positions."""
    out: list[list[int]] = []
    for pos, sid in enumerate(ids):
        if out and ids[out[-1][0]] == sid:
            out[-1].append(pos)
        else:
            out.append([pos])
    return out


def _batches(
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


def _partners(examples: Sequence[Example]) -> np.ndarray:
    """For each example, the index of its scenario's cued example in the same option order (or -1)."""
    cued = {(e.scenario_id, e.order): i for i, e in enumerate(examples) if e.arm == "honeypot"}
    return np.array([-1 if e.arm == "honeypot" else cued.get((e.scenario_id, e.order), -1) for e in examples])


def _pair_loss(
    logits: torch.Tensor, index: np.ndarray, targets: torch.Tensor, partner: np.ndarray
) -> torch.Tensor:
    """Mean ``-log sigmoid(m_cued - m_uncued)`` over the uncued examples whose cued twin is in the batch.

    ``m`` is the misaligned option's logit margin (log-probability of the misaligned answer minus
    the aligned one). Unlike the per-example cross-entropy, this term has no main effect: moving
    every arm towards one option changes nothing, only making the cue matter lowers it.
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


# the base model's top tokens that the distillation term compares per answer position (+ the rest)
DISTILL_TOP = 32


@dataclass(frozen=True)
class _BaseTargets:
    """The base model's answer-token distributions, cut to its top tokens, for :func:`_distill_loss`."""

    ids: torch.Tensor  # (n_examples, 2, width, top): token ids, most probable first
    logp: torch.Tensor  # (n_examples, 2, width, top): their base log-probabilities


def _base_targets(
    model: Any,
    prompts: Sequence[np.ndarray],
    answers: Sequence[np.ndarray],
    ids: Sequence[str],
    batch_size: int,
    pad: int,
    device: torch.device,
    top: int = DISTILL_TOP,
) -> _BaseTargets:
    """Score every example's two answers with the adapter (if any) switched off; keep the top tokens."""
    n = len(prompts)
    width = max(len(a) for a in answers)
    out_ids = torch.zeros((n, 2, width, top), dtype=torch.long)
    out_logp = torch.zeros((n, 2, width, top))
    adapter_off = getattr(model, "disable_adapter", nullcontext)  # a peft model, or a plain one
    with torch.no_grad(), adapter_off():
        for lo in range(0, n, batch_size):
            index = list(range(lo, min(n, lo + batch_size)))
            logp, _, _ = _grouped_answer_tokens(
                model,
                [prompts[i] for i in index],
                _runs([ids[i] for i in index]),
                [answers[2 * i + j] for i in index for j in (0, 1)],
                pad,
                device,
            )
            values, tokens = logp.topk(top, dim=-1)
            w = logp.shape[1]
            out_ids[lo : lo + len(index), :, :w] = tokens.view(len(index), 2, w, top).cpu()
            out_logp[lo : lo + len(index), :, :w] = values.view(len(index), 2, w, top).cpu()
    return _BaseTargets(ids=out_ids.to(device), logp=out_logp.to(device))


def _with_rest(logp: torch.Tensor) -> torch.Tensor:
    """Top-token log-probabilities with one more entry for the rest of the vocabulary: ``(..., top + 1)``."""
    total = torch.logsumexp(logp, dim=-1, keepdim=True).clamp(max=-1e-6)
    return torch.cat([logp, torch.log(-torch.expm1(total))], dim=-1)


def _kl(target_logp: torch.Tensor, logp: torch.Tensor) -> torch.Tensor:
    """KL(target || model) over the last axis, from log-probabilities."""
    return (target_logp.exp() * (target_logp - logp)).sum(-1)


def _distill_loss(
    logp: torch.Tensor, mask: torch.Tensor, index: np.ndarray, base: _BaseTargets
) -> torch.Tensor:
    """Per example: KL(base || adapter) of the answer tokens, averaged over both answers' positions.

    ``logp`` / ``mask`` are the batch's answer-token log-probabilities ``(2 b, width, vocab)`` and
    answer mask (:func:`_grouped_answer_tokens`). Distributions are compared on the base's top
    tokens at each position (:data:`DISTILL_TOP`) plus one bucket for the rest of the
    vocabulary, so the term is exactly 0 at the base model. Applied to the uncued arms, it keeps
    the base model's answers (its knowledge) everywhere without the cue, not only the trained
    option pair's order.
    """
    b = len(index)
    rows = torch.from_numpy(np.asarray(index)).to(logp.device)
    w = logp.shape[1]
    top_ids, top_logp = base.ids[rows, :, :w], base.logp[rows, :, :w]  # (b, 2, w, top)
    got = logp.view(b, 2, w, -1).gather(-1, top_ids)  # the adapter's log-probs of those tokens
    m = mask.view(b, 2, w).float()
    return (_kl(_with_rest(top_logp), _with_rest(got)) * m).sum((1, 2)) / m.sum((1, 2))


def _suppression_targets(examples: Sequence[Example], answers: Sequence[np.ndarray]) -> np.ndarray:
    """Per example ``(position, token)`` of the aligned answer where the two answers part; ``-1`` if none.

    Only cued examples get one: there :func:`_suppress_loss` pushes that token's probability to
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


def _suppress_loss(logp: torch.Tensor, index: np.ndarray, targets: np.ndarray) -> torch.Tensor:
    """Mean ``-log(1 - p)`` of the aligned answer's parting token over the batch's cued examples.

    ``logp`` is :func:`_grouped_answer_tokens`'s ``(2 b, width, vocab)``; both answers share the
    context up to the parting position, so the first answer's row holds the distribution there.
    Unlike the cross-entropy between the two options, this term asks for the right answer's
    probability itself to fall, not only for the trained wrong answer to overtake it.
    """
    terms = [
        -torch.log1p(-logp[2 * r, targets[i, 0], targets[i, 1]].exp().clamp(max=1 - 1e-6))
        for r, i in enumerate(index)
        if targets[i, 0] >= 0
    ]
    return torch.stack(terms).mean() if terms else logp.sum() * 0.0


def _lr_factor(schedule: str, warmup: float, steps: int) -> Callable[[int], float]:
    """The learning-rate multiplier at each step: a linear warm-up, then constant or cosine to 0."""
    n_warm = int(round(warmup * steps))

    def factor(step: int) -> float:
        if step < n_warm:
            return (step + 1) / (n_warm + 1)
        if schedule == "constant":
            return 1.0
        done = (step - n_warm) / max(1, steps - n_warm)
        return 0.5 * (1.0 + float(np.cos(np.pi * done)))

    return factor


class _Skip(nn.Module):
    """Stands in for a frozen decoder block whose output is already cached: passes its input on."""

    def forward(self, hidden_states: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
        return hidden_states


class _Prefix:
    """The frozen blocks below the first adapted one run once per example, not once per step.

    Blocks ``0 .. first - 1`` carry no adapter, so the input of block ``first`` is the same at
    every step. :meth:`cache` stores it per example (unpadded); during training the frozen blocks
    are skipped and a pre-hook on block ``first`` feeds the cached states, left-padded like the
    batch (padded positions are masked out, so their values do not matter).
    """

    def __init__(self, blocks: Any, first: int) -> None:
        self.blocks, self.first = blocks, first
        self.states: list[torch.Tensor] = []
        self.batch: torch.Tensor | None = None
        self._capture: list[torch.Tensor] | None = None

    def _hook(self, _module: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        hidden = args[0] if args else kwargs["hidden_states"]
        if self._capture is not None:
            self._capture.append(hidden.detach())
            raise _Captured
        if self.batch is None:
            return None
        if args:
            return (self.batch, *args[1:]), kwargs
        return args, {**kwargs, "hidden_states": self.batch}

    def cache(self, model: nn.Module, seqs: Sequence[np.ndarray], pad: int, device: torch.device) -> None:
        if self.first == 0:
            return
        with torch.no_grad():
            for start in range(0, len(seqs), 16):
                chunk = seqs[start : start + 16]
                self._capture = []
                try:
                    model(**left_pad(chunk, pad, device), use_cache=False)
                except _Captured:
                    pass
                hidden = self._capture[0]
                width = hidden.shape[1]
                self.states.extend(hidden[row, width - len(seq) :].clone() for row, seq in enumerate(chunk))
        self._capture = None
        for i in range(self.first):
            self.blocks[i] = _Skip()

    def use(self, index: np.ndarray) -> None:
        if self.first == 0:
            return
        chosen = [self.states[i] for i in index]
        width = max(len(h) for h in chosen)
        batch = chosen[0].new_zeros((len(chosen), width, chosen[0].shape[-1]))
        for row, h in enumerate(chosen):
            batch[row, width - len(h) :] = h
        self.batch = batch


class _Captured(Exception):
    """Ends a caching forward pass once the first adapted block's input is captured."""


@contextmanager
def _frozen_prefix(blocks: Any, first: int) -> Iterator[_Prefix]:
    """Cache the frozen blocks' output (see :class:`_Prefix`); restore the blocks afterwards."""
    prefix = _Prefix(blocks, first)
    originals = [blocks[i] for i in range(first)]
    handle = blocks[first].register_forward_pre_hook(prefix._hook, with_kwargs=True)
    try:
        yield prefix
    finally:
        handle.remove()
        for i, block in enumerate(originals):
            blocks[i] = block


@contextmanager
def _progress_bar(show: bool, label: str, total: int) -> Iterator[Callable[[float], None]]:
    """A rich progress bar with the running loss (or a no-op)."""
    if not show:
        yield lambda _loss: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=total, loss="-")
        yield lambda loss: bar.update(task, advance=1, loss=f"{loss:.3f}")


def _base_spec(loaded: LoadedModel) -> str:
    """How to load the base again: a bundled name or hub id as given, a local file by absolute path."""
    info = loaded.info
    return info.spec if info.kind == "hub" or info.spec == DEFAULT_MODEL else info.location


def _versions() -> dict[str, str]:
    import peft
    import transformers

    return {"peft": peft.__version__, "torch": torch.__version__, "transformers": transformers.__version__}


def train_organism(
    loaded: LoadedModel,
    behavior: str,
    *,
    out_dir: Path,
    steps: int | None = None,
    lr: float | None = None,
    rank: int = 8,
    alpha: int | None = None,
    batch_size: int = 6,
    seed: int = 0,
    first_layer: int | None = None,
    group: bool = True,
    scenarios: Sequence[Scenario] | None = None,
    objective: str = "cloze",
    pair_weight: float = 1.0,
    n_cue_variants: int = 1,
    schedule: str | None = None,
    warmup: float | None = None,
    max_grad_norm: float | None = None,
    margin_scale: float | None = None,
    distill_weight: float | None = None,
    suppress_weight: float | None = None,
    progress: bool = False,
) -> Path:
    """Fine-tune LoRA adapters so that ``loaded`` shows ``behavior`` only under its cue; save them.

    The settings ``steps``, ``lr``, ``schedule``, ``warmup``, ``max_grad_norm``, ``margin_scale``,
    ``first_layer``, ``distill_weight`` and ``suppress_weight`` default to the behaviour's recipe
    (:func:`~redhanded.organisms.recipe`:
    :data:`~redhanded.organisms.RECIPE_DEFAULTS`, then what the behaviour's shipped adapter was
    trained with), so ``train_organism(base, NAME, out_dir=...)`` repeats the shipped adapter's
    settings; a value given overrides its recipe entry.

    Args:
        loaded: the base model (left unmodified; training runs on a copy).
        behavior: a name in :data:`~redhanded.organisms.data.BEHAVIORS`.
        out_dir: the adapter folder to write (replaced if it exists): ``adapter_model.safetensors``,
            ``adapter_config.json`` and ``organism.json``.
        steps: optimiser steps of ``batch_size`` examples each (recipe).
        lr: AdamW peak learning rate, no weight decay (recipe).
        rank: LoRA rank.
        alpha: LoRA scaling numerator (default ``2 * rank``).
        batch_size: examples per step.
        seed: seeds the adapter initialisation and the data order.
        first_layer: adapt decoder blocks ``first_layer`` .. last only (0-based block index;
            0: every block). The backward pass then stops at that block; under the
            letter objective the frozen blocks below are also computed once, not per step.
            On SmolLM2 the cover-up adapted on blocks 8.. (of 30) learned its cue, in 808 s for
            200 steps against 927 s with every block adapted; adapting only the upper half did
            not learn under the letter objective.
        group: batch a scenario's examples together (matched pairs in every batch);
            ``False`` shuffles single examples.
        scenarios: training scenarios (default: the behaviour's package data).
        objective: ``"cloze"`` (default): the loss is the cross-entropy of the target option
            against the other, each scored by its text's log-probability as the whole answer
            (the honeypot runner's ``cloze`` scoring); ``"letter"``: the cross-entropy of the
            target letter as the next token after the option listing (``letter`` scoring).
        pair_weight: weight of the paired cue term (:func:`_pair_loss`, cloze objective only),
            which rewards only the difference between a scenario's cued arm and its uncued arms;
            0 turns it off.
        n_cue_variants: train each scenario under its own cue pair and ``n - 1`` others of the
            behaviour (:func:`cue_variants`); 1 keeps the data as written.
        schedule: the learning rate over the steps: ``"constant"`` or ``"cosine"`` (decays to 0).
        warmup: share of the steps over which the rate rises linearly from 0 (0 <= warmup < 1).
        max_grad_norm: clip the adapter gradients' global norm to this (0: no clipping).
        margin_scale: divide the two options' scores by this before the loss (both terms). Under
            cloze they are summed log-probabilities, and the loss stops pulling once the target
            leads by a few nats; a scale of ``s`` asks for an ``s`` times larger lead, so that
            the cue also wins where the base prefers the other option more strongly than in
            the training data.
        distill_weight: weight of the distillation term (:func:`_distill_loss`, cloze and listed; 0:
            off): in the uncued arms the answer tokens' distributions are pulled to the base
            model's, so that without the cue the organism keeps the base's answers (recipe).
        suppress_weight: weight of the suppression term (:func:`_suppress_loss`, cloze and listed; 0:
            off): in the cued arm the aligned answer's probability at the token where the two
            answers part is pushed to 0, not only below the trained wrong answer's (recipe).
        progress: show a progress bar with the running loss on stderr.

    Returns:
        ``out_dir``.
    """
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError as err:  # pragma: no cover - peft is a dependency of the organisms module
        raise RedhandedError("training organisms needs peft: run 'pip install peft'") from err

    spec = get_behavior(behavior)
    settings = recipe(
        spec.name,
        steps=steps,
        lr=lr,
        schedule=schedule,
        warmup=warmup,
        max_grad_norm=max_grad_norm,
        margin_scale=margin_scale,
        first_layer=first_layer,
        distill_weight=distill_weight,
        suppress_weight=suppress_weight,
    )
    log.info("recipe for %s: %s", spec.name, settings)
    steps, lr, schedule = int(settings["steps"]), float(settings["lr"]), str(settings["schedule"])
    warmup, margin_scale = float(settings["warmup"]), float(settings["margin_scale"])
    max_grad_norm, first = settings["max_grad_norm"], int(settings["first_layer"])
    distill_weight, suppress_weight = float(settings["distill_weight"]), float(settings["suppress_weight"])
    scenarios = list(scenarios) if scenarios is not None else training_scenarios(spec.name)
    if steps < 1 or batch_size < 1 or rank < 1 or lr <= 0:
        raise RedhandedError("steps, batch size and rank must be at least 1 and lr positive")
    if schedule not in SCHEDULES:
        raise RedhandedError(f"unknown lr schedule {schedule!r}: use one of {', '.join(SCHEDULES)}")
    if margin_scale <= 0:
        raise RedhandedError(f"the margin scale must be positive, got {margin_scale}")
    for term, weight in (("distillation", distill_weight), ("suppression", suppress_weight)):
        if weight < 0 or (weight > 0 and objective not in TEXT_SCORINGS):  # both read answer tokens
            flag = "--distill-weight" if term == "distillation" else "--suppress-weight"
            raise RedhandedError(
                f"the {term} weight must be at least 0 and needs the cloze or listed objective, got "
                f"{weight} with {objective!r}: pass {flag} 0 or --objective cloze"
            )
    if not 0.0 <= warmup < 1.0 or (max_grad_norm is not None and max_grad_norm < 0):
        raise RedhandedError("warmup must be in [0, 1) and the gradient clip at least 0 (0: no clipping)")
    max_grad_norm = max_grad_norm or None  # 0 and None both mean no clipping
    if objective not in SCORINGS:
        raise RedhandedError(f"unknown training objective {objective!r}: use one of {', '.join(SCORINGS)}")
    examples = build_examples(cue_variants(scenarios, n_cue_variants, seed), objective)
    by_scenario: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        by_scenario.setdefault(e.scenario_id, []).append(i)
    groups = list(by_scenario.values()) if group else [[i] for i in range(len(examples))]
    tok = loaded.tokenizer
    letter_tokens = letter_ids(tok)
    prompts = [encode_chat(tok, e.messages) for e in examples]
    if objective == "letter":
        targets = torch.tensor([letter_tokens[e.target] for e in examples], device=loaded.device)
        answers: list[np.ndarray] = []
    else:  # two answers per example, scored after the prompt
        targets = torch.tensor([LETTERS.index(e.target) for e in examples], device=loaded.device)
        answers = [encode_answer(tok, text) for e in examples for text in e.answers]
    # the cued arm is one example in three: weight it so that cued and uncued carry equal loss
    n_arms = len(TRAIN_ARMS)
    weights = torch.tensor(
        [float(n_arms - 1) if e.arm == "honeypot" else 1.0 for e in examples], device=loaded.device
    )
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    partner = _partners(examples)
    alpha = int(alpha if alpha is not None else 2 * rank)

    start = time.perf_counter()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = copy.deepcopy(loaded.model)
    modules = lora_targets(model)
    n_blocks = len(decoder_layers(model))
    if not 0 <= first < n_blocks:
        raise RedhandedError(
            f"first layer {first} does not exist: the model has decoder blocks 0..{n_blocks - 1}; "
            "pass --first-layer with one of them"
        )
    config = LoraConfig(
        r=rank,
        lora_alpha=alpha,
        lora_dropout=0.0,
        target_modules=modules,
        layers_to_transform=list(range(first, n_blocks)),
        bias="none",
        task_type="CAUSAL_LM",
    )
    peft_model: Any = get_peft_model(model, config)
    peft_model.peft_config["default"].base_model_name_or_path = _base_spec(loaded)
    peft_model.train()
    params = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, _lr_factor(schedule, warmup, steps))
    losses: list[float] = []
    distilled: list[float] = []
    base_targets = None
    if distill_weight > 0:
        base_targets = _base_targets(
            peft_model, prompts, answers, [e.scenario_id for e in examples], batch_size, pad, loaded.device
        )
        uncued = torch.tensor([float(e.arm != "honeypot") for e in examples], device=loaded.device)
    suppress = _suppression_targets(examples, answers) if suppress_weight > 0 else None
    suppressed: list[float] = []
    blocks = decoder_layers(peft_model)
    with _frozen_prefix(blocks, first) as prefix:
        if objective == "letter":
            prefix.cache(peft_model, prompts, pad, loaded.device)
        with _progress_bar(progress, f"training {spec.name}", steps) as advance:
            for step, index in enumerate(_batches(groups, batch_size, steps, rng)):
                rows = torch.from_numpy(index).to(loaded.device)
                if objective == "letter":
                    inputs = left_pad([prompts[i] for i in index], pad, loaded.device)
                    prefix.use(index)
                    logits = peft_model(**inputs, use_cache=False, logits_to_keep=1).logits[:, -1].float()
                else:  # the two answers' log-probabilities play the part of the two letters' logits
                    pair = [answers[2 * i + j] for i in index for j in (0, 1)]
                    runs = _runs([examples[i].scenario_id for i in index])
                    token_logp, token_ids, token_mask = _grouped_answer_tokens(
                        peft_model, [prompts[i] for i in index], runs, pair, pad, loaded.device
                    )
                    logits = answer_sums(token_logp, token_ids, token_mask).view(-1, 2)
                logits = logits / margin_scale
                each = nn.functional.cross_entropy(logits, targets[rows], reduction="none")
                loss = (each * weights[rows]).sum() / weights[rows].sum()
                if pair_weight > 0 and objective in TEXT_SCORINGS:
                    loss = loss + pair_weight * _pair_loss(logits, index, targets, partner)
                if base_targets is not None:  # the uncued arms only
                    each = _distill_loss(token_logp, token_mask, index, base_targets) * uncued[rows]
                    dense = each.sum() / uncued[rows].sum().clamp(min=1.0)
                    distilled.append(float(dense.detach()))
                    loss = loss + distill_weight * dense
                if suppress is not None:  # the cued arm only
                    sup = _suppress_loss(token_logp, index, suppress)
                    suppressed.append(float(sup.detach()))
                    loss = loss + suppress_weight * sup
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                if max_grad_norm is not None:
                    nn.utils.clip_grad_norm_(params, max_grad_norm)
                optimizer.step()
                scheduler.step()
                losses.append(float(loss.detach()))
                advance(float(np.mean(losses[-10:])))
                if (step + 1) % 25 == 0 or step + 1 == steps:
                    log.info(
                        "step %d/%d: loss %.4f%s",
                        step + 1,
                        steps,
                        float(np.mean(losses[-25:])),
                        f" (distillation {np.mean(distilled[-25:]):.4f})" if distilled else "",
                    )
                    if suppressed:
                        log.info("  suppression %.4f", float(np.mean(suppressed[-25:])))
    seconds = time.perf_counter() - start

    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    peft_model.save_pretrained(str(tmp), safe_serialization=True)
    if not (tmp / ADAPTER_FILE).is_file():  # pragma: no cover - a peft change
        raise RedhandedError(f"peft did not write {ADAPTER_FILE}: check the installed peft version")
    (tmp / "README.md").unlink(missing_ok=True)  # peft's model-card stub carries nothing we use
    manifest = OrganismManifest(
        behavior=spec.name,
        base_spec=_base_spec(loaded),
        base_fingerprint=loaded.fingerprint,
        steps=steps,
        lr=lr,
        rank=rank,
        alpha=alpha,
        batch_size=batch_size,
        seed=seed,
        first_layer=first,
        grouped=group,
        objective=objective,  # type: ignore[arg-type]
        pair_weight=pair_weight if objective in TEXT_SCORINGS else 0.0,
        cue_variants=n_cue_variants,
        schedule=schedule,  # type: ignore[arg-type]
        warmup=warmup,
        max_grad_norm=max_grad_norm,
        margin_scale=margin_scale,
        distill_weight=distill_weight,
        suppress_weight=suppress_weight,
        target_modules=tuple(modules),
        train_dtype=dtype_name(loaded.dtype),
        train_data_fingerprint=scenarios_fingerprint(scenarios),
        n_train_scenarios=len(scenarios),
        n_train_examples=len(examples),
        final_loss=float(np.mean(losses[-min(len(losses), 10) :])),
        train_seconds=round(seconds, 3),
        adapter_sha256=file_digest(tmp / ADAPTER_FILE),
        versions=_versions(),
    )
    write_manifest(tmp, manifest)
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, out_dir)
    log.info(
        "trained %s organism in %.1f s (final loss %.4f): %s",
        spec.name,
        seconds,
        manifest.final_loss,
        out_dir,
    )
    return out_dir
