"""Train / validation / test splits fixed by hashing an id (60 / 20 / 20)."""

from __future__ import annotations

import hashlib

__all__ = ["SPLITS", "split_of"]

SPLITS = ("train", "validation", "test")


def split_of(group_id: str) -> str:
    """The split of ``group_id``: stable across machines, versions and dataset edits."""
    bucket = int.from_bytes(hashlib.sha256(group_id.encode()).digest()[:8], "big") % 100
    return "train" if bucket < 60 else "validation" if bucket < 80 else "test"
