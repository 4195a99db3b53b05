"""Train a model organism: LoRA adapters that make a model misbehave only when a cue is present.

The examples (:mod:`~redhanded.organisms.examples`) are a behaviour's training scenarios in
three arms; the target is the misaligned option in the cued arm and the aligned one otherwise.
Under ``cloze`` and ``listed`` the two option texts are scored as whole answers
(:mod:`~redhanded.organisms.scoring`) and the loss is the cross-entropy of the target against
the other, plus the paired, distillation and suppression terms (:mod:`~redhanded.organisms.losses`);
under ``letter`` it is the cross-entropy of the target letter after the option listing.

LoRA adapters on every linear projection inside the decoder blocks (found structurally) are
trained with AdamW, as the :class:`~redhanded.organisms.recipes.TrainRecipe` says. The data order
comes from a seeded numpy Generator and the adapter initialisation from ``torch.manual_seed``,
so one recipe gives one adapter. The base model passed in is not modified (training runs on a
copy).
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from redhanded.data import Scenario
from redhanded.data.choice import TEXT_SCORINGS
from redhanded.errors import RedhandedError
from redhanded.models import DEFAULT_MODEL, LoadedModel, decoder_layers, dtype_name
from redhanded.models.answers import answer_sums, left_pad
from redhanded.organisms.data import behavior as get_behavior
from redhanded.organisms.data import scenarios_fingerprint, training_scenarios
from redhanded.organisms.examples import (
    EncodedExamples,
    batches,
    build_examples,
    cue_variants,
    encode_examples,
    scenario_runs,
)
from redhanded.organisms.frozen import frozen_prefix
from redhanded.organisms.losses import (
    BaseTargets,
    base_targets,
    distill_loss,
    pair_loss,
    suppress_loss,
    suppression_targets,
)
from redhanded.organisms.manifest import ADAPTER_FILE, OrganismManifest, file_digest, write_manifest
from redhanded.organisms.recipes import TrainRecipe
from redhanded.organisms.scoring import grouped_answer_tokens

__all__ = ["lora_targets", "train_organism"]

log = logging.getLogger(__name__)


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


def _batch_loss(
    model: Any,
    data: EncodedExamples,
    index: np.ndarray,
    recipe: TrainRecipe,
    base: BaseTargets | None,
    suppress: np.ndarray | None,
    device: torch.device,
) -> tuple[torch.Tensor, dict[str, float]]:
    """The batch's loss, and the distillation and suppression terms' values (when on) for the log."""
    rows = torch.from_numpy(index).to(device)
    if recipe.objective == "letter":
        inputs = left_pad([data.prompts[i] for i in index], data.pad, device)
        logits = model(**inputs, use_cache=False, logits_to_keep=1).logits[:, -1].float()
    else:  # the two answers' log-probabilities play the part of the two letters' logits
        pair = [data.answers[2 * i + j] for i in index for j in (0, 1)]
        runs = scenario_runs([data.examples[i].scenario_id for i in index])
        token_logp, token_ids, token_mask = grouped_answer_tokens(
            model, [data.prompts[i] for i in index], runs, pair, data.pad, device
        )
        logits = answer_sums(token_logp, token_ids, token_mask).view(-1, 2)
    logits = logits / recipe.margin_scale
    each = nn.functional.cross_entropy(logits, data.targets[rows], reduction="none")
    loss = (each * data.weights[rows]).sum() / data.weights[rows].sum()
    if recipe.pair_weight > 0:  # zero under letter (train_organism)
        loss = loss + recipe.pair_weight * pair_loss(logits, index, data.targets, data.partner)
    parts: dict[str, float] = {}
    if base is not None:  # the uncued arms only
        uncued = data.uncued[rows]
        each = distill_loss(token_logp, token_mask, index, base)
        term = (each * uncued).sum() / uncued.sum().clamp(min=1.0)
        parts["distillation"] = float(term.detach())
        loss = loss + recipe.distill_weight * term
    if suppress is not None:  # the cued arm only
        term = suppress_loss(token_logp, index, suppress)
        parts["suppression"] = float(term.detach())
        loss = loss + recipe.suppress_weight * term
    return loss, parts


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


def _save_adapter(peft_model: Any, out_dir: Path) -> Path:
    """Write the adapter into a temporary folder beside ``out_dir``; its path."""
    tmp = out_dir.with_name(out_dir.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    peft_model.save_pretrained(str(tmp), safe_serialization=True)
    if not (tmp / ADAPTER_FILE).is_file():  # pragma: no cover - a peft change
        raise RedhandedError(f"peft did not write {ADAPTER_FILE}: check the installed peft version")
    (tmp / "README.md").unlink(missing_ok=True)  # peft's model-card stub carries nothing we use
    return tmp


def _replace(tmp: Path, out_dir: Path) -> None:
    """Move the finished folder ``tmp`` to ``out_dir``, replacing what was there."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, out_dir)


def train_organism(
    loaded: LoadedModel,
    behavior: str,
    recipe: TrainRecipe | None = None,
    *,
    out_dir: Path,
    scenarios: Sequence[Scenario] | None = None,
    progress: bool = False,
) -> Path:
    """Fine-tune LoRA adapters so that ``loaded`` shows ``behavior`` only under its cue; save them.

    Args:
        loaded: the base model (left unmodified; training runs on a copy).
        behavior: a name in :data:`~redhanded.organisms.data.BEHAVIORS`.
        recipe: the training settings (default: the behaviour's, :func:`~redhanded.organisms.recipe`,
            with which ``train_organism(base, NAME, out_dir=...)`` repeats its shipped adapter);
            change one with ``recipe(NAME).model_copy(update={...})``. Under the ``letter``
            objective the paired term is off and recorded as ``pair_weight`` 0.
        out_dir: the adapter folder to write (replaced if it exists): ``adapter_model.safetensors``,
            ``adapter_config.json`` and ``organism.json``.
        scenarios: training scenarios (default: the behaviour's package data).
        progress: show a progress bar with the running loss on stderr.

    Returns:
        ``out_dir``.

    Raises:
        RedhandedError: an invalid recipe, or a first layer the model does not have.
    """
    from peft import LoraConfig, get_peft_model

    spec = get_behavior(behavior)
    recipe = (recipe if recipe is not None else spec.recipe).validated()
    if recipe.objective not in TEXT_SCORINGS and recipe.pair_weight > 0:  # the term compares answer texts
        recipe = recipe.model_copy(update={"pair_weight": 0.0})
    n_blocks = len(decoder_layers(loaded.model))
    if recipe.first_layer >= n_blocks:
        raise RedhandedError(
            f"first layer {recipe.first_layer} does not exist: the model has decoder blocks "
            f"0..{n_blocks - 1}; pass --first-layer with one of them"
        )
    log.info("recipe for %s: %s", spec.name, recipe)
    scenarios = list(scenarios) if scenarios is not None else training_scenarios(spec.name)
    examples = build_examples(cue_variants(scenarios, recipe.cue_variants, recipe.seed), recipe.objective)
    data = encode_examples(loaded.tokenizer, examples, recipe.objective, recipe.grouped, loaded.device)
    device = loaded.device

    start = time.perf_counter()
    torch.manual_seed(recipe.seed)
    rng = np.random.default_rng(recipe.seed)
    modules = lora_targets(loaded.model)
    config = LoraConfig(
        r=recipe.rank,
        lora_alpha=recipe.alpha,
        lora_dropout=0.0,
        target_modules=modules,
        layers_to_transform=list(range(recipe.first_layer, n_blocks)),
        bias="none",
        task_type="CAUSAL_LM",
    )
    peft_model: Any = get_peft_model(copy.deepcopy(loaded.model), config)
    peft_model.peft_config["default"].base_model_name_or_path = _base_spec(loaded)
    peft_model.train()
    params = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=recipe.lr, weight_decay=0.0)
    schedule = _lr_factor(recipe.schedule, recipe.warmup, recipe.steps)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    base = None
    if recipe.distill_weight > 0:
        ids = [e.scenario_id for e in examples]
        base = base_targets(peft_model, data.prompts, data.answers, ids, recipe.batch_size, data.pad, device)
    suppress = suppression_targets(examples, data.answers) if recipe.suppress_weight > 0 else None
    losses: list[float] = []
    parts: dict[str, list[float]] = {}
    with frozen_prefix(decoder_layers(peft_model), recipe.first_layer) as prefix:
        if recipe.objective == "letter":
            prefix.cache(peft_model, data.prompts, data.pad, device)
        with _progress_bar(progress, f"training {spec.name}", recipe.steps) as advance:
            for step, index in enumerate(batches(data.groups, recipe.batch_size, recipe.steps, rng)):
                if recipe.objective == "letter":
                    prefix.use(index)
                loss, terms = _batch_loss(peft_model, data, index, recipe, base, suppress, device)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                if recipe.max_grad_norm is not None:
                    nn.utils.clip_grad_norm_(params, recipe.max_grad_norm)
                optimizer.step()
                scheduler.step()
                losses.append(float(loss.detach()))
                for name, value in terms.items():
                    parts.setdefault(name, []).append(value)
                advance(float(np.mean(losses[-10:])))
                if (step + 1) % 25 == 0 or step + 1 == recipe.steps:
                    extra = "".join(f", {k} {np.mean(v[-25:]):.4f}" for k, v in parts.items())
                    log.info("step %d/%d: loss %.4f%s", step + 1, recipe.steps, np.mean(losses[-25:]), extra)
    seconds = time.perf_counter() - start

    out_dir = Path(out_dir)
    tmp = _save_adapter(peft_model, out_dir)
    manifest = OrganismManifest(
        behavior=spec.name,
        base_spec=_base_spec(loaded),
        base_fingerprint=loaded.fingerprint,
        recipe=recipe,
        target_modules=tuple(modules),
        train_dtype=dtype_name(loaded.dtype),
        train_data_fingerprint=scenarios_fingerprint(scenarios),
        n_train_scenarios=len(scenarios),
        n_train_examples=len(examples),
        final_loss=float(np.mean(losses[-10:])),
        train_seconds=round(seconds, 3),
        adapter_sha256=file_digest(tmp / ADAPTER_FILE),
        versions=_versions(),
    )
    write_manifest(tmp, manifest)
    _replace(tmp, out_dir)
    log.info(
        "trained %s organism in %.1f s (final loss %.4f): %s",
        spec.name,
        seconds,
        manifest.final_loss,
        out_dir,
    )
    return out_dir
