"""On-disk activation store: safetensors shards + a JSON manifest with checksums.

A store directory holds ``manifest.json`` and ``shard-NNNNN.safetensors``. Each shard holds the
selected tokens of a fixed, contiguous run of dialogues in the extraction plan (length-sorted
order), with tensors ``layer.L`` ``(n_tokens, d_model)``, ``token_ids`` and ``positions``
``(n_tokens,)`` and ``counts`` ``(n_dialogues_in_shard,)``. The plan never depends on batch size
or device, so an interrupted run resumes from its finished shards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import save_file

from redhanded._io import atomic_write, atomic_write_text, sha256_file
from redhanded.errors import RedhandedError

__all__ = ["Activations", "Manifest", "STORE_VERSION", "atomic_write_text", "sha256_file"]

STORE_VERSION = 1


@dataclass
class Manifest:
    """What a store holds; written after every finished shard."""

    key: str
    key_fields: dict[str, Any]
    layers: list[int]
    dialogue_ids: list[str]
    plan: list[list[int]]  # dialogue indices (dataset order) of each shard
    counts: list[int]  # selected tokens per dialogue, dataset order
    shards: dict[str, str]  # shard index -> sha256 of the finished file
    d_model: int = 0
    version: int = STORE_VERSION

    @property
    def complete(self) -> bool:
        """Every planned shard is finished."""
        return len(self.shards) == len(self.plan)

    def save(self, root: Path) -> None:
        """Write ``manifest.json`` atomically."""
        atomic_write_text(root / "manifest.json", json.dumps(self.__dict__, indent=1))

    @classmethod
    def load(cls, root: Path) -> Manifest | None:
        """Read a manifest; ``None`` if absent, unreadable or inconsistent (the store is then rebuilt).

        A cache must heal: a manifest of the wrong shape (valid JSON or not) is a cache miss,
        never an error, so the next run recomputes the store instead of failing on it every time.
        """
        path = root / "manifest.json"
        if not path.is_file():
            return None
        try:
            raw = json.loads(path.read_bytes())
            manifest = cls(**raw) if isinstance(raw, dict) and raw.get("version") == STORE_VERSION else None
        except (OSError, ValueError, TypeError, RecursionError):
            return None
        return manifest if manifest is not None and manifest._consistent() else None

    def _consistent(self) -> bool:
        """Every field has its type, and the plan, counts, ids and shards describe one dataset."""

        def ints(values: Any) -> bool:
            return isinstance(values, list) and all(type(v) is int for v in values)

        if not (
            isinstance(self.key, str)
            and isinstance(self.key_fields, dict)
            and ints(self.layers)
            and self.layers
            and all(v >= 0 for v in self.layers)
            and isinstance(self.dialogue_ids, list)
            and all(isinstance(i, str) for i in self.dialogue_ids)
            and ints(self.counts)
            and all(c >= 0 for c in self.counts)
            and isinstance(self.plan, list)
            and all(ints(p) for p in self.plan)
            and isinstance(self.shards, dict)
            and all(isinstance(v, str) for v in self.shards.values())
            and type(self.d_model) is int
            and self.d_model >= 0
        ):
            return False
        n = len(self.dialogue_ids)
        planned = sorted(i for part in self.plan for i in part)
        shard_ids = {str(i) for i in range(len(self.plan))}
        return len(self.counts) == n and planned == list(range(n)) and set(self.shards) <= shard_ids


def shard_path(root: Path, index: int) -> Path:
    """Path of shard ``index``."""
    return root / f"shard-{index:05d}.safetensors"


def write_shard(root: Path, index: int, tensors: dict[str, torch.Tensor]) -> str:
    """Write one shard atomically and return its checksum."""
    checksum: list[str] = []

    def write(tmp: Path) -> None:
        save_file({k: v.contiguous() for k, v in tensors.items()}, str(tmp))
        checksum.append(sha256_file(tmp))

    atomic_write(shard_path(root, index), write)
    return checksum[0]


class Activations:
    """Selected-token activations of a dataset, backed by a store directory.

    Tokens are presented in dataset order: the tokens of dialogue ``i`` are rows
    ``offsets[i]:offsets[i+1]`` of :meth:`layer`. ``positions`` is each token's index within its
    dialogue's token sequence; ``token_ids`` its vocabulary id.
    """

    def __init__(self, root: Path, manifest: Manifest) -> None:
        self.root = root
        self.manifest = manifest
        self.key = manifest.key
        self.layers = list(manifest.layers)
        self.dialogue_ids = list(manifest.dialogue_ids)
        counts = np.asarray(manifest.counts, dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        # Row permutation from shard (plan) order to dataset order.
        plan_order = np.concatenate([np.asarray(p, dtype=np.int64) for p in manifest.plan])
        plan_starts = np.zeros(len(counts), dtype=np.int64)
        plan_starts[plan_order] = np.concatenate([[0], np.cumsum(counts[plan_order])[:-1]])
        self._perm = (
            np.concatenate([np.arange(s, s + c) for s, c in zip(plan_starts, counts, strict=True)])
            if len(counts)
            else np.zeros(0, dtype=np.int64)
        )

    @property
    def n_tokens(self) -> int:
        """Number of selected tokens over the dataset."""
        return int(self.offsets[-1])

    @property
    def n_dialogues(self) -> int:
        """Number of dialogues."""
        return len(self.dialogue_ids)

    @property
    def d_model(self) -> int:
        """Width of the residual stream."""
        return self.manifest.d_model

    def _read(self, name: str) -> torch.Tensor:
        parts = []
        for index in range(len(self.manifest.plan)):
            path = shard_path(self.root, index)
            try:
                with safe_open(str(path), framework="pt") as fh:
                    parts.append(fh.get_tensor(name))
            except Exception as err:
                raise RedhandedError(
                    f"activation shard {path} is unreadable ({type(err).__name__}): run the same "
                    "extraction again to recompute it"
                ) from err
        return torch.cat(parts)[torch.from_numpy(self._perm)]

    def layer(self, layer: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """All selected tokens at ``layer``, shape ``(n_tokens, d_model)``, dataset order."""
        if layer not in self.layers:
            raise RedhandedError(f"layer {layer} was not extracted (have {self.layers}): extract it too")
        return self._read(f"layer.{layer}").to(dtype)

    @property
    def token_ids(self) -> np.ndarray:
        """Vocabulary id of each selected token, ``(n_tokens,)``."""
        return self._read("token_ids").numpy()

    @property
    def positions(self) -> np.ndarray:
        """Index of each selected token within its dialogue, ``(n_tokens,)``."""
        return self._read("positions").numpy()

    def dialogue_means(self, layer: int) -> torch.Tensor:
        """Mean selected-token vector per dialogue, ``(n_dialogues, d_model)``."""
        acts = self.layer(layer)
        index = torch.repeat_interleave(
            torch.arange(self.n_dialogues), torch.from_numpy(np.diff(self.offsets))
        )
        sums = torch.zeros(self.n_dialogues, acts.shape[1]).index_add_(0, index, acts)
        return sums / torch.from_numpy(np.diff(self.offsets)).clamp(min=1).unsqueeze(1)

    def __repr__(self) -> str:
        return (
            f"Activations(dialogues={self.n_dialogues}, tokens={self.n_tokens}, "
            f"layers={self.layers}, root='{self.root}')"
        )
