"""Frozen configs, one per command; unknown fields are rejected."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ExtractConfig", "parse_layers"]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExtractConfig(_Config):
    """``redhanded extract``: activations of one dataset at some layers."""

    model: str = Field("default", description="'default', a local HF folder, a .gguf file or a hub id")
    dataset: str = Field(description="a built-in name, NAME:PATH, or a .jsonl path")
    layers: tuple[int, ...] = Field(description="0 = embeddings, i = after block i")
    positions: Literal["detect", "last", "all"] = "detect"
    batch_size: int = Field(16, ge=1)
    dtype: str | None = None
    device: str | None = None
    cache_dir: Path | None = None
    trust_remote_code: bool = False


def parse_layers(text: str) -> tuple[int, ...]:
    """Parse ``"10,15,20"`` or ``"4-12"`` or ``"0-30:2"`` into layer indices."""
    from redhanded.errors import RedhandedError

    out: list[int] = []
    try:
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            span, _, step = part.partition(":")
            if "-" in span:
                lo, hi = span.split("-", 1)
                out.extend(range(int(lo), int(hi) + 1, int(step or 1)))
            else:
                out.append(int(span))
    except ValueError as err:
        raise RedhandedError(
            f"cannot read layers {text!r}: use comma-separated integers such as 10,15,20 or a range 4-12"
        ) from err
    if not out:
        raise RedhandedError("no layers given: pass --layers such as 10,15,20")
    return tuple(out)
