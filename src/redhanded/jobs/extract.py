"""``redhanded extract``: activations of one dataset at some layers, cached."""

from __future__ import annotations

from typing import Any

from redhanded.activations import extract
from redhanded.config import ExtractConfig
from redhanded.jobs.common import (
    check_dirs,
    check_layer_option,
    check_model_spec,
    check_texts,
    load_configured,
    load_datasets,
)

__all__ = ["run_extract"]


def run_extract(cfg: ExtractConfig, *, progress: bool = False) -> dict[str, Any]:
    """Extract (or find in the cache) the activations; what the command prints.

    A Ctrl-C keeps the finished shards; the same command resumes from them.
    """
    (data,) = load_datasets([("--dataset", cfg.dataset)])
    check_dirs(cfg)
    check_model_spec(cfg, cfg.model)
    loaded = load_configured(cfg, cfg.model)
    check_layer_option(loaded, cfg.layers, "--layers")
    check_texts(loaded, [data])
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
