"""One place that turns user-facing device / dtype names into torch objects."""

from __future__ import annotations

import torch

from redhanded.errors import RedhandedError

__all__ = ["DTYPES", "resolve_device", "resolve_dtype", "dtype_name"]

DTYPES: dict[str, torch.dtype] = {
    "float32": torch.float32,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
}
_ALIASES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16", "half": "float16"}


def resolve_device(device: str | torch.device | None = None) -> torch.device:
    """Return the torch device to run on: the one asked for, else CUDA if present, else CPU."""
    if device is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(device)
    except RuntimeError as err:
        raise RedhandedError(f"unknown device {device!r}: use 'cpu', 'cuda' or 'cuda:N'") from err
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise RedhandedError(f"device {device!r} asked for but no CUDA GPU is visible: use --device cpu")
    return dev


def resolve_dtype(dtype: str | torch.dtype | None, device: torch.device) -> torch.dtype:
    """Return the compute dtype: the one asked for, else float32 on CPU and bfloat16 on GPU.

    float32 is the CPU default because it was measured (see README, "dtype on CPU"): on this
    project's 2-core reference machine bfloat16 gave no reliable speed-up for the 135M default
    model, and float16 is several times slower on CPUs.
    """
    if isinstance(dtype, torch.dtype):
        return dtype
    if dtype is None:
        return torch.float32 if device.type == "cpu" else torch.bfloat16
    name = _ALIASES.get(dtype, dtype)
    if name not in DTYPES:
        raise RedhandedError(f"unknown dtype {dtype!r}: use one of {', '.join(DTYPES)}")
    return DTYPES[name]


def dtype_name(dtype: torch.dtype) -> str:
    """The canonical name of a dtype (used in cache keys and run logs)."""
    for name, value in DTYPES.items():
        if value == dtype:
            return name
    return str(dtype).removeprefix("torch.")
