"""``redhanded extract``: activations of one dataset at some layers, cached."""

from __future__ import annotations

from typing import Any

from redhanded.activations import extract
from redhanded.config import ExtractConfig
from redhanded.data import load_dataset
from redhanded.jobs.common import load_configured

__all__ = ["run_extract"]


def run_extract(cfg: ExtractConfig, *, progress: bool = False) -> dict[str, Any]:
    """Extract (or find in the cache) the activations; what the command prints."""
    data = load_dataset(cfg.dataset)
    loaded = load_configured(cfg, cfg.model)
    acts = extract(
        loaded,
        data,
        layers=cfg.layers,
        positions=cfg.positions,
        batch_size=cfg.batch_size,
        cache_dir=cfg.cache_dir,
        progress=progress,
    )
    return {
        "activations": str(acts.root),
        "dialogues": acts.n_dialogues,
        "tokens": acts.n_tokens,
        "layers": acts.layers,
        "d_model": acts.d_model,
        "key": acts.key,
    }
