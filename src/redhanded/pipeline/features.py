"""Token features of a dataset at one layer, sliced by dialogue, with dialogue labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from redhanded.activations import Activations
from redhanded.data import Dataset
from redhanded.errors import RedhandedError

__all__ = ["Features", "LABEL_CODES", "features", "label_codes"]

LABEL_CODES = {"honest": 0, "deceptive": 1, None: -1}


def label_codes(dataset: Dataset) -> NDArray[np.int64]:
    """Dialogue labels as 1 = deceptive, 0 = honest, -1 = unlabelled."""
    return np.array([LABEL_CODES[d.label] for d in dataset.dialogues], dtype=np.int64)


@dataclass(frozen=True)
class Features:
    """Selected-token activations of some dialogues: ``X`` ``(n_tokens, d)``, CSR ``offsets``."""

    X: NDArray[np.float32]
    offsets: NDArray[np.int64]
    ids: list[str]
    labels: NDArray[np.int64]
    token_ids: NDArray[np.int64]

    @property
    def token_labels(self) -> NDArray[np.int64]:
        """Each token's dialogue label."""
        return np.repeat(self.labels, np.diff(self.offsets))

    def where(self, mask: NDArray[np.bool_]) -> Features:
        """The dialogues where ``mask`` is true."""
        return _take(self.X, self.offsets, self.ids, self.labels, self.token_ids, np.flatnonzero(mask))


def _take(X, offsets, ids, labels, token_ids, index: Sequence[int] | NDArray[np.int64]) -> Features:
    index = np.asarray(index, dtype=np.int64)
    counts = np.diff(offsets)[index]
    rows = (
        np.concatenate([np.arange(offsets[i], offsets[i + 1]) for i in index])
        if len(index)
        else np.zeros(0, dtype=np.int64)
    )
    return Features(
        X=X[rows],
        offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        ids=[ids[i] for i in index],
        labels=labels[index],
        token_ids=token_ids[rows],
    )


def features(acts: Activations, layer: int, dataset: Dataset, split: str | None = None) -> Features:
    """Features of ``dataset`` (or one of its splits) at ``layer``."""
    if acts.dialogue_ids != [d.id for d in dataset.dialogues]:
        raise RedhandedError(f"activations at {acts.root} belong to another dataset than {dataset.name!r}")
    X = acts.layer(layer).numpy()
    labels = label_codes(dataset)
    index = (
        np.arange(len(dataset))
        if split is None
        else np.flatnonzero([d.split == split for d in dataset.dialogues])
    )
    if len(index) == 0:
        raise RedhandedError(f"dataset {dataset.name!r} has no dialogues in split {split!r}")
    return _take(X, acts.offsets, acts.dialogue_ids, labels, acts.token_ids, index)
