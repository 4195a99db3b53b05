"""Fast, cached activation extraction.

* forward hooks on the requested layers; the forward pass stops after the last one (no later
  blocks, no logits);
* batches bucketed by length (dialogues sorted longest first, so padding is small and a memory
  problem shows up in the first batch);
* only the selected tokens are kept, and they stream to safetensors shards;
* a content-keyed cache: the key hashes the model fingerprint, dtype, layers, token selection and
  dataset content, never batch size or device; an interrupted run resumes from finished shards;
  a shard whose checksum does not match is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch
from safetensors import safe_open
from torch import nn

from redhanded.activations.store import (
    STORE_VERSION,
    Activations,
    Manifest,
    sha256_file,
    shard_path,
    write_shard,
)
from redhanded.data.dataset import Dataset
from redhanded.data.tokenize import Tokenized, tokenize_dialogues
from redhanded.errors import Interrupted, RedhandedError
from redhanded.models.device import dtype_name
from redhanded.models.layers import check_layers, decoder_layers, n_layers
from redhanded.models.loading import LoadedModel, default_cache_dir

__all__ = ["Positions", "cache_key", "extract", "find_cached", "select_tokens"]

log = logging.getLogger(__name__)

Positions = Literal["detect", "last", "all"]
_SHARD_TOKENS = 8192  # selected tokens per shard (a whole dialogue never straddles two)


class _StopForward(Exception):
    """Raised by the hook on the last requested layer to end the forward pass early."""


def select_tokens(tokenized: Tokenized, positions: Positions) -> np.ndarray:
    """Indices (within the sequence) of the tokens to keep."""
    if positions == "detect":
        return np.flatnonzero(tokenized.detect)
    if positions == "last":
        return np.flatnonzero(tokenized.detect)[-1:]
    if positions == "all":
        return np.arange(len(tokenized))
    raise RedhandedError(f"unknown positions {positions!r}: use detect, last or all")


def _base_key(fingerprint: str, dtype: torch.dtype, positions: str, dataset: Dataset) -> dict[str, Any]:
    return {
        "store_version": STORE_VERSION,
        "model": fingerprint,
        "dtype": dtype_name(dtype),
        "positions": positions,
        "dataset": dataset.fingerprint,
    }


def cache_key(
    fingerprint: str, dtype: torch.dtype, layers: Sequence[int], positions: str, dataset: Dataset
) -> str:
    """The cache key: what determines the numbers, and nothing else (not batch size or device)."""
    fields = _base_key(fingerprint, dtype, positions, dataset) | {"layers": sorted(set(layers))}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def _base_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:24]


def find_cached(cache_dir: Path, base: dict[str, Any], layers: Sequence[int]) -> Path | None:
    """A complete store with the same base key whose layers include ``layers``."""
    parent = cache_dir / "activations"
    if not parent.is_dir():
        return None
    for root in sorted(parent.glob(_base_hash(base) + "-*")):
        manifest = Manifest.load(root)
        if manifest and manifest.complete and set(layers) <= set(manifest.layers):
            return root
    return None


def _matches(manifest: Manifest | None, dataset: Dataset) -> Manifest | None:
    """The manifest if it describes this dataset's dialogues, else None (a cache miss)."""
    if manifest is None or manifest.dialogue_ids != [d.id for d in dataset.dialogues]:
        return None
    return manifest


def _plan(counts: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
    """Shards of whole dialogues in longest-first order, about ``_SHARD_TOKENS`` selected tokens each."""
    order = np.argsort(-lengths, kind="stable")
    plan: list[list[int]] = [[]]
    used = 0
    for index in order:
        if plan[-1] and used + counts[index] > _SHARD_TOKENS:
            plan.append([])
            used = 0
        plan[-1].append(int(index))
        used += int(counts[index])
    return plan


@contextmanager
def _capture(model: nn.Module, layers: list[int], store: dict[int, torch.Tensor]) -> Iterator[dict]:
    """Hooks that write each requested layer's output into ``store``; the last one stops the pass."""
    blocks = decoder_layers(model)
    state: dict[str, Any] = {"rows": None, "cols": None}
    handles = []
    last = max(layers)

    def make_hook(layer: int):
        def hook(_module: nn.Module, _inputs: Any, output: Any) -> None:
            hidden = output[0] if isinstance(output, tuple) else output
            store[layer] = hidden[state["rows"], state["cols"]].detach().float().cpu()
            if layer == last:
                raise _StopForward

        return hook

    def embeddings_hook(_module: nn.Module, args: tuple, kwargs: dict) -> None:
        # layer 0 is the input of the first block (embeddings, after any position/scale terms)
        hidden = args[0] if args else kwargs["hidden_states"]
        make_hook(0)(_module, args, hidden)

    for layer in layers:
        if layer == 0:
            handles.append(blocks[0].register_forward_pre_hook(embeddings_hook, with_kwargs=True))
        else:
            handles.append(blocks[layer - 1].register_forward_hook(make_hook(layer)))
    try:
        yield state
    finally:
        for handle in handles:
            handle.remove()


def _pad_batch(
    items: list[Tokenized], pad_id: int, side: str, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, list[int]]:
    width = max(len(t) for t in items)
    ids = torch.full((len(items), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    shifts = []
    for row, item in enumerate(items):
        shift = width - len(item) if side == "left" else 0
        ids[row, shift : shift + len(item)] = torch.from_numpy(item.input_ids)
        mask[row, shift : shift + len(item)] = 1
        shifts.append(shift)
    position_ids = (mask.cumsum(-1) - 1).clamp(min=0)
    return ids.to(device), mask.to(device), position_ids.to(device), shifts


def _progress(enabled: bool, total: int, description: str) -> Any:
    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("tokens"),
        TimeRemainingColumn(),
        transient=False,
    )


def extract(
    loaded: LoadedModel,
    dataset: Dataset,
    *,
    layers: Sequence[int],
    positions: Positions = "detect",
    batch_size: int = 16,
    cache_dir: Path | None = None,
    padding_side: Literal["right", "left"] = "right",
    progress: bool = False,
) -> Activations:
    """Extract activations of ``dataset`` at ``layers`` (0 = embeddings, i = after block i).

    Returns an :class:`Activations` backed by a cache directory; a second call with the same
    model, dtype, dataset, positions and layers (or a superset already cached) reads the cache.
    """
    model, tokenizer = loaded.model, loaded.tokenizer
    layers = check_layers(list(layers), model)
    if batch_size < 1:
        raise RedhandedError(f"batch size {batch_size} is not positive: pass --batch-size 1 or more")
    cache_dir = cache_dir or default_cache_dir()
    base = _base_key(loaded.fingerprint, loaded.dtype, positions, dataset)
    cached = find_cached(cache_dir, base, layers)
    root = cached or cache_dir / "activations" / (_base_hash(base) + "-L" + "_".join(map(str, layers)))
    manifest = _matches(Manifest.load(root), dataset)
    if manifest is not None and max(manifest.layers) > n_layers(model):
        manifest = None  # a damaged manifest naming layers the model lacks: rebuild the store
    if manifest is not None and set(layers) <= set(manifest.layers):
        layers = list(manifest.layers)  # a superset store: repair it rather than narrow it
    if manifest is not None and manifest.complete and _verify(root, manifest):
        log.info("activations for %s read from cache %s", dataset.name, root)
        return Activations(root, manifest)

    tokenized = tokenize_dialogues(tokenizer, dataset.dialogues)
    selected = [select_tokens(t, positions) for t in tokenized]
    counts = np.array([len(s) for s in selected], dtype=np.int64)
    lengths = np.array([len(t) for t in tokenized], dtype=np.int64)
    limit = getattr(model.config, "max_position_embeddings", None)
    if limit and lengths.max() > limit:
        longest = dataset.dialogues[int(lengths.argmax())].id
        raise RedhandedError(
            f"dialogue {longest!r} has {lengths.max()} tokens, more than the model's {limit}: "
            "shorten it or drop it from the dataset"
        )
    plan = _plan(counts, lengths)
    if manifest is None or (manifest.plan, manifest.layers, manifest.counts) != (
        plan,
        layers,
        counts.tolist(),
    ):
        manifest = Manifest(
            key=cache_key(loaded.fingerprint, loaded.dtype, layers, positions, dataset),
            key_fields=base | {"layers": layers},
            layers=layers,
            dialogue_ids=[d.id for d in dataset.dialogues],
            plan=plan,
            counts=counts.tolist(),
            shards={},
        )
    root.mkdir(parents=True, exist_ok=True)
    todo = [i for i in range(len(plan)) if not _shard_ok(root, manifest, i)]
    done_tokens = int(sum(counts[plan[i]].sum() for i in range(len(plan)) if i not in todo))
    if len(todo) < len(plan):
        log.info("resuming: %d of %d shards already finished", len(plan) - len(todo), len(plan))
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    with _progress(progress, int(counts.sum()), dataset.name) as bar, _keep_shards(root, manifest, dataset):
        task = (
            bar.add_task(f"extract {dataset.name}", total=int(counts.sum()), completed=done_tokens)
            if bar
            else None
        )
        for shard in todo:
            tensors = _run_shard(
                model,
                plan[shard],
                tokenized,
                selected,
                layers,
                batch_size,
                pad_id,
                padding_side,
                loaded.device,
                bar,
                task,
            )
            manifest.d_model = int(tensors[f"layer.{layers[0]}"].shape[1])
            manifest.shards[str(shard)] = write_shard(root, shard, tensors)
            manifest.save(root)
    return Activations(root, manifest)


@contextmanager
def _keep_shards(root: Path, manifest: Manifest, dataset: Dataset) -> Iterator[None]:
    """Turn Ctrl-C into :class:`Interrupted`, saying which shards are kept and how to resume."""
    try:
        yield
    except KeyboardInterrupt:
        done, total = len(manifest.shards), len(manifest.plan)
        raise Interrupted(
            f"{done} of {total} activation shards of {dataset.name!r} are finished and kept in {root}; "
            "run the same command again to resume from them"
        ) from None


def _run_shard(
    model: nn.Module,
    members: list[int],
    tokenized: list[Tokenized],
    selected: list[np.ndarray],
    layers: list[int],
    batch_size: int,
    pad_id: int,
    padding_side: str,
    device: torch.device,
    bar: Any,
    task: Any,
) -> dict[str, torch.Tensor]:
    outputs: dict[int, list[torch.Tensor]] = {layer: [] for layer in layers}
    store: dict[int, torch.Tensor] = {}
    with _capture(model, layers, store) as state, torch.inference_mode():
        for start in range(0, len(members), batch_size):
            batch = members[start : start + batch_size]
            items = [tokenized[i] for i in batch]
            ids, mask, position_ids, shifts = _pad_batch(items, pad_id, padding_side, device)
            rows = np.concatenate([np.full(len(selected[i]), r) for r, i in enumerate(batch)])
            cols = np.concatenate([selected[i] + shift for i, shift in zip(batch, shifts, strict=True)])
            state["rows"] = torch.from_numpy(rows).to(device)
            state["cols"] = torch.from_numpy(cols).to(device)
            try:
                model(input_ids=ids, attention_mask=mask, position_ids=position_ids, use_cache=False)
            except _StopForward:
                pass
            for layer in layers:
                outputs[layer].append(store.pop(layer))
            if bar is not None:
                bar.advance(task, len(rows))
    tensors = {f"layer.{layer}": torch.cat(outputs[layer]) for layer in layers}
    tensors["token_ids"] = torch.from_numpy(
        np.concatenate([tokenized[i].input_ids[selected[i]] for i in members])
    )
    tensors["positions"] = torch.from_numpy(np.concatenate([selected[i] for i in members]))
    tensors["counts"] = torch.tensor([len(selected[i]) for i in members], dtype=torch.long)
    return tensors


def _shard_ok(root: Path, manifest: Manifest, index: int) -> bool:
    expected = manifest.shards.get(str(index))
    path = shard_path(root, index)
    if expected is None or not path.is_file():
        return False
    if sha256_file(path) != expected:
        log.warning("shard %s failed its checksum; recomputing it", path.name)
        del manifest.shards[str(index)]
        return False
    if not _shard_fits(path, manifest, index):
        log.warning("shard %s does not fit the manifest; recomputing it", path.name)
        del manifest.shards[str(index)]
        return False
    return True


def _shard_fits(path: Path, manifest: Manifest, index: int) -> bool:
    """The shard holds every layer of the manifest, for the dialogues and token counts it plans."""
    try:
        with safe_open(str(path), framework="pt") as fh:
            keys = set(fh.keys())
            counts = fh.get_tensor("counts").tolist() if "counts" in keys else None
    except Exception:  # any unreadable header is a shard to recompute
        return False
    return {f"layer.{layer}" for layer in manifest.layers} <= keys and counts == [
        manifest.counts[i] for i in manifest.plan[index]
    ]


def _verify(root: Path, manifest: Manifest) -> bool:
    return all(_shard_ok(root, manifest, i) for i in range(len(manifest.plan)))
