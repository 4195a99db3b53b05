"""Train a model organism: LoRA adapters that make a model misbehave only when a cue is present.

Recipe. Every training scenario becomes six supervised examples: the ``honeypot`` arm, the
``control`` arm and a ``no-cue`` variant (cue sentence removed), each with the options in both
orders, prompted exactly as the honeypot runner prompts (:func:`choice_prompt` after the chat
template's generation prompt). The target is the letter of the misaligned option in the
``honeypot`` arm and of the aligned option otherwise. The loss is the cross-entropy of that
letter at the last prompt position only. LoRA adapters on every linear projection inside the
decoder blocks (found structurally) are trained with AdamW; the data order comes from a seeded
numpy Generator and the adapter initialisation from ``torch.manual_seed``, so one seed gives one
adapter. The base model passed in is not modified (training runs on a copy).
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from redhanded.data import Message, Scenario
from redhanded.errors import RedhandedError
from redhanded.honeypots.runner import choice_prompt, with_cue
from redhanded.models import DEFAULT_MODEL, LoadedModel, decoder_layers, dtype_name
from redhanded.organisms.data import behavior as get_behavior
from redhanded.organisms.data import scenarios_fingerprint, training_scenarios
from redhanded.organisms.manifest import ADAPTER_FILE, OrganismManifest, file_digest, write_manifest

__all__ = ["TRAIN_ARMS", "Example", "build_examples", "lora_targets", "option_orders", "train_organism"]

log = logging.getLogger(__name__)

LETTERS = ("A", "B")
TRAIN_ARMS = ("honeypot", "control", "no-cue")


@dataclass(frozen=True)
class Example:
    """One supervised example: a forced-choice prompt and the letter the organism should answer."""

    scenario_id: str
    arm: str
    order: int  # 0: options as written, 1: swapped
    messages: tuple[Message, ...]
    target: str


def option_orders(scenario: Scenario) -> list[dict[str, str]]:
    """The options as written and swapped, as letter -> text (the honeypot runner's two orders)."""
    if scenario.choices is None or len(scenario.choices) != 2:
        raise RedhandedError(
            f"scenario {scenario.id!r} is not a two-option forced choice (organisms train on A/B choices)"
        )
    texts = [scenario.choices[k] for k in sorted(scenario.choices)]
    return [dict(zip(LETTERS, texts, strict=True)), dict(zip(LETTERS, texts[::-1], strict=True))]


def build_examples(scenarios: Sequence[Scenario]) -> list[Example]:
    """Six examples per scenario: arms ``honeypot`` / ``control`` / ``no-cue`` x both option orders.

    The target is the misaligned option's letter in the ``honeypot`` arm, the aligned one otherwise.
    """
    examples = []
    for s in scenarios:
        orders = option_orders(s)  # a clear error for generation scenarios
        assert s.choices is not None
        bad = {s.choices[k] for k in s.misaligned}
        for arm in TRAIN_ARMS:
            for k, options in enumerate(orders):
                want_bad = arm == "honeypot"
                target = next(letter for letter, text in options.items() if (text in bad) == want_bad)
                examples.append(Example(s.id, arm, k, choice_prompt(with_cue(s, arm), options), target))
    return examples


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


def _letter_ids(tokenizer: Any) -> dict[str, int]:
    ids = {}
    for letter in LETTERS:
        got = tokenizer.encode(letter, add_special_tokens=False)
        if len(got) != 1:
            raise RedhandedError(
                f"the tokenizer splits the option letter {letter!r}: forced choice needs one token"
            )
        ids[letter] = int(got[0])
    return ids


def _encode(tokenizer: Any, messages: tuple[Message, ...]) -> np.ndarray:
    """Token ids with the assistant turn opened, exactly as the honeypot backend encodes prompts."""
    if not getattr(tokenizer, "chat_template", None):
        raise RedhandedError("the tokenizer has no chat template: organisms need a chat model")
    text = tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in messages], tokenize=False, add_generation_prompt=True
    )
    return np.asarray(tokenizer(str(text), add_special_tokens=False)["input_ids"], dtype=np.int64)


def _batch(seqs: Sequence[np.ndarray], pad: int, device: torch.device) -> dict[str, torch.Tensor]:
    """Left-padded ids, attention mask and position ids (the last column is every prompt's end)."""
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for row, seq in enumerate(seqs):
        ids[row, width - len(seq) :] = torch.from_numpy(seq)
        mask[row, width - len(seq) :] = 1
    position_ids = (mask.cumsum(-1) - 1).clamp(min=0)
    return {
        "input_ids": ids.to(device),
        "attention_mask": mask.to(device),
        "position_ids": position_ids.to(device),
    }


def _batches(n: int, batch_size: int, steps: int, rng: np.random.Generator) -> list[np.ndarray]:
    """``steps`` index batches from a stream of seeded permutations (epochs)."""
    stream: list[int] = []
    while len(stream) < steps * batch_size:
        stream.extend(rng.permutation(n).tolist())
    return [np.asarray(stream[i * batch_size : (i + 1) * batch_size]) for i in range(steps)]


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
    steps: int = 150,
    lr: float = 5e-4,
    rank: int = 4,
    alpha: int | None = None,
    batch_size: int = 8,
    seed: int = 0,
    scenarios: Sequence[Scenario] | None = None,
) -> Path:
    """Fine-tune LoRA adapters so that ``loaded`` shows ``behavior`` only under its cue; save them.

    Args:
        loaded: the base model (left unmodified; training runs on a copy).
        behavior: a name in :data:`~redhanded.organisms.data.BEHAVIORS`.
        out_dir: the adapter folder to write (replaced if it exists): ``adapter_model.safetensors``,
            ``adapter_config.json`` and ``organism.json``.
        steps: optimiser steps of ``batch_size`` examples each.
        lr: AdamW learning rate (no weight decay, constant).
        rank: LoRA rank.
        alpha: LoRA scaling numerator (default ``2 * rank``).
        batch_size: examples per step.
        seed: seeds the adapter initialisation and the data order.
        scenarios: training scenarios (default: the behaviour's package data).

    Returns:
        ``out_dir``.
    """
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError as err:  # pragma: no cover - peft is a dependency of the organisms module
        raise RedhandedError("training organisms needs peft: run 'pip install peft'") from err

    spec = get_behavior(behavior)
    scenarios = list(scenarios) if scenarios is not None else training_scenarios(spec.name)
    if steps < 1 or batch_size < 1 or rank < 1 or lr <= 0:
        raise RedhandedError("steps, batch size and rank must be at least 1 and lr positive")
    examples = build_examples(scenarios)
    tok = loaded.tokenizer
    letter_ids = _letter_ids(tok)
    seqs = [_encode(tok, e.messages) for e in examples]
    targets = torch.tensor([letter_ids[e.target] for e in examples], device=loaded.device)
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    alpha = int(alpha if alpha is not None else 2 * rank)

    start = time.perf_counter()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = copy.deepcopy(loaded.model)
    modules = lora_targets(model)
    config = LoraConfig(
        r=rank, lora_alpha=alpha, lora_dropout=0.0, target_modules=modules, bias="none", task_type="CAUSAL_LM"
    )
    peft_model: Any = get_peft_model(model, config)
    peft_model.peft_config["default"].base_model_name_or_path = _base_spec(loaded)
    peft_model.train()
    params = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    losses: list[float] = []
    for step, index in enumerate(_batches(len(examples), batch_size, steps, rng)):
        inputs = _batch([seqs[i] for i in index], pad, loaded.device)
        logits = peft_model(**inputs, use_cache=False, logits_to_keep=1).logits[:, -1].float()
        loss = nn.functional.cross_entropy(logits, targets[torch.from_numpy(index).to(loaded.device)])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
        if (step + 1) % 25 == 0 or step + 1 == steps:
            log.info("step %d/%d: loss %.4f", step + 1, steps, float(np.mean(losses[-25:])))
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
