"""The dataset registry: built-in datasets by name, JSONL files by path, peers' formats by prefix.

``load_dataset`` accepts:

* a registered name, e.g. ``roleplay``;
* ``NAME:ARG`` for loaders that take an argument, e.g. ``apollo-roleplaying:/path/to/file.yaml``;
* a path to a JSONL file of dialogues.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from redhanded.data.dataset import Dataset
from redhanded.data.jsonl import read_dialogues
from redhanded.errors import RedhandedError

__all__ = ["DATASETS", "register_dataset", "load_dataset", "dataset_names"]

Loader = Callable[[str | None], Dataset]
DATASETS: dict[str, Loader] = {}


def register_dataset(name: str) -> Callable[[Loader], Loader]:
    """Register a loader under ``name``; a duplicate name is an error."""

    def decorate(fn: Loader) -> Loader:
        if name in DATASETS:
            raise ValueError(f"dataset {name!r} is registered twice")
        DATASETS[name] = fn
        return fn

    return decorate


def dataset_names() -> list[str]:
    """Registered dataset names."""
    return sorted(DATASETS)


def load_dataset(spec: str) -> Dataset:
    """Load a dataset by registered name, ``NAME:ARG``, or JSONL path."""
    if spec in DATASETS:
        return DATASETS[spec](None)
    name, sep, arg = spec.partition(":")
    if sep and name in DATASETS:
        return DATASETS[name](arg)
    path = Path(spec).expanduser()
    if path.suffix == ".jsonl" or path.is_file():
        return Dataset(path.stem, tuple(read_dialogues(path)))
    raise RedhandedError(
        f"unknown dataset {spec!r}: use a built-in name ({', '.join(sorted(DATASETS))}), "
        "NAME:PATH for a peer's format, or a path to a .jsonl file"
    )
