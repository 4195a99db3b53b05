"""A named, fingerprinted collection of dialogues."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from redhanded.data.types import Dialogue
from redhanded.errors import RedhandedError

__all__ = ["Dataset"]


@dataclass(frozen=True)
class Dataset:
    """Dialogues under one name; :attr:`fingerprint` hashes their full content (order included)."""

    name: str
    dialogues: tuple[Dialogue, ...]
    card: str = ""
    _fingerprint: list[str] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.dialogues:
            raise RedhandedError(f"dataset {self.name!r} is empty: it needs at least one dialogue")

    def __len__(self) -> int:
        return len(self.dialogues)

    @property
    def fingerprint(self) -> str:
        """SHA-256 over every dialogue's canonical JSON, in order."""
        if not self._fingerprint:
            digest = hashlib.sha256()
            for d in self.dialogues:
                digest.update(json.dumps(d.model_dump(mode="json"), sort_keys=True).encode())
                digest.update(b"\n")
            self._fingerprint.append(digest.hexdigest())
        return self._fingerprint[0]

    @property
    def labels(self) -> list[str | None]:
        """Each dialogue's label (``None`` for unlabelled)."""
        return [d.label for d in self.dialogues]

    def split(self, name: str) -> Dataset:
        """The dialogues in split ``name`` (train / validation / test)."""
        chosen = tuple(d for d in self.dialogues if d.split == name)
        if not chosen:
            raise RedhandedError(f"dataset {self.name!r} has no dialogues in split {name!r}")
        return Dataset(f"{self.name}[{name}]", chosen, self.card)

    def summary(self) -> dict[str, int]:
        """Counts by label (``unlabelled`` for None)."""
        return dict(Counter(d.label or "unlabelled" for d in self.dialogues))
