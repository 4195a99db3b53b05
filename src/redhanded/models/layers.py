"""Find the decoder blocks of a causal LM without sniffing its name.

Layer convention (the Hugging Face ``hidden_states`` convention, stated once): layer 0 is the
token embeddings, layer ``i`` (1..n_layers) is the residual stream after decoder block ``i``.
We read it *before* any final norm, so layer ``n_layers`` differs from HF's last hidden state,
which many architectures return after the final norm.
"""

from __future__ import annotations

from typing import Any

from torch import nn

from redhanded.errors import RedhandedError

__all__ = ["decoder_layers", "n_layers", "check_layers", "width"]

# Attribute paths to the ModuleList of blocks, by structure (Llama/Gemma/Qwen/Mistral, GPT-2,
# GPT-NeoX, OPT). PEFT wrappers are unwrapped first.
_BLOCK_PATHS = ("model.layers", "transformer.h", "gpt_neox.layers", "model.decoder.layers")


def _unwrap(model: nn.Module) -> nn.Module:
    base = getattr(model, "get_base_model", None)
    return base() if callable(base) else model


def _get(module: nn.Module, path: str) -> nn.Module | None:
    obj: object = module
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj if isinstance(obj, nn.Module) else None


def decoder_layers(model: nn.Module) -> nn.ModuleList:
    """The model's decoder blocks, in order."""
    root = _unwrap(model)
    for path in _BLOCK_PATHS:
        found = _get(root, path)
        if isinstance(found, nn.ModuleList) and len(found) > 0:
            return found
    raise RedhandedError(
        f"cannot find the decoder blocks of {type(root).__name__}: looked for "
        f"{', '.join(_BLOCK_PATHS)}; use a standard Hugging Face causal LM"
    )


def width(model: nn.Module) -> int:
    """The width of the residual stream (``d_model``): the token embeddings' size."""
    embeddings: Any = _unwrap(model).get_input_embeddings()  # type: ignore[operator]
    return int(embeddings.weight.shape[1])


def n_layers(model: nn.Module) -> int:
    """Number of decoder blocks."""
    return len(decoder_layers(model))


def check_layers(layers: list[int], model: nn.Module, option: str | None = None) -> list[int]:
    """Validate layer indices against the model; return them sorted and de-duplicated.

    Args:
        layers: the layer indices.
        model: the model.
        option: the command-line option that gave them (e.g. ``"--probe-layers"``), named in the
            message; a library caller leaves it out.
    """
    total = n_layers(model)
    fix = f"pass {option} within that range" if option else "choose layers within that range"
    if not layers:
        raise RedhandedError(f"no layers requested: the model has layers 0-{total}; {fix}")
    bad = [layer for layer in layers if not 0 <= layer <= total]
    if bad:
        raise RedhandedError(
            f"layer {bad[0]} does not exist: the model has layers 0-{total} "
            f"(0 = embeddings, {total} = last block); {fix}"
        )
    return sorted(set(layers))
