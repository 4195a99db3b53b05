"""A spinner on stderr while a long stage runs: the one progress helper the library shares."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

__all__ = ["status_spinner"]


def status_spinner(progress: bool) -> Callable[[str], AbstractContextManager[Any]]:
    """A spinner with a message on stderr while a stage runs (or nothing)."""
    if not progress:
        return lambda _message: nullcontext()
    from rich.console import Console

    console = Console(stderr=True)
    return lambda message: console.status(message)
