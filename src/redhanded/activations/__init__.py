"""Activation extraction (hooks, early exit, length buckets, streaming) and its cache."""

from redhanded.activations.extraction import Positions, cache_key, extract, select_tokens
from redhanded.activations.store import Activations, Manifest

__all__ = ["Activations", "Manifest", "Positions", "cache_key", "extract", "select_tokens"]
