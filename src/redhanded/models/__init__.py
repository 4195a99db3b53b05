"""Model loading: the bundled default, local HF folders, GGUF files and hub ids."""

from redhanded.models.device import dtype_name, resolve_device, resolve_dtype
from redhanded.models.layers import check_layers, decoder_layers, n_layers, width
from redhanded.models.loading import (
    DEFAULT_MODEL,
    LoadedModel,
    ModelInfo,
    available_models,
    default_cache_dir,
    load_model,
    resolve_spec,
    spec_fingerprint,
)

__all__ = [
    "DEFAULT_MODEL",
    "LoadedModel",
    "ModelInfo",
    "available_models",
    "check_layers",
    "decoder_layers",
    "default_cache_dir",
    "dtype_name",
    "load_model",
    "n_layers",
    "resolve_device",
    "resolve_dtype",
    "resolve_spec",
    "spec_fingerprint",
    "width",
]
