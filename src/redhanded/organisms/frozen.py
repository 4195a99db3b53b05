"""Frozen decoder blocks below the first adapted one, run once per example instead of once per step.

With LoRA on blocks ``first_layer`` .. last (:class:`~redhanded.organisms.recipes.TrainRecipe`),
the blocks below carry no adapter, so the input of block ``first_layer`` is the same at every
step. Under the ``letter`` objective (one forward pass per prompt) training caches it per example
and skips the frozen blocks; the cached path trains the same adapter (checked by a test).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch
from torch import nn

from redhanded.models.answers import left_pad

__all__ = ["FrozenPrefix", "frozen_prefix"]


class _Skip(nn.Module):
    """Stands in for a frozen decoder block whose output is already cached: passes its input on."""

    def forward(self, hidden_states: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
        return hidden_states


class FrozenPrefix:
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
        """Store block ``first``'s input for every sequence, then swap the frozen blocks for skips."""
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
        """Feed the cached states of examples ``index`` (left-padded) to block ``first`` next."""
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
def frozen_prefix(blocks: Any, first: int) -> Iterator[FrozenPrefix]:
    """Cache the frozen blocks' output (see :class:`FrozenPrefix`); restore the blocks afterwards."""
    prefix = FrozenPrefix(blocks, first)
    originals = [blocks[i] for i in range(first)]
    handle = blocks[first].register_forward_pre_hook(prefix._hook, with_kwargs=True)
    try:
        yield prefix
    finally:
        handle.remove()
        for i, block in enumerate(originals):
            blocks[i] = block
