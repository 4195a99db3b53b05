"""Per-token probe scores to per-dialogue scores.

Tokens are stored flat with CSR-style ``offsets``: the tokens of dialogue ``i`` are
``scores[offsets[i]:offsets[i + 1]]``. A NaN token score (a missing score) makes the ``mean`` and
``max`` of its dialogue NaN: missing stays missing.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from redhanded.errors import RedhandedError

__all__ = ["AGGREGATIONS", "Aggregation", "aggregate_scores"]

Aggregation = Literal["mean", "max", "last"]
#: The aggregation names :func:`aggregate_scores` accepts.
AGGREGATIONS: tuple[str, ...] = get_args(Aggregation)


def aggregate_scores(
    scores: ArrayLike, offsets: ArrayLike, method: Aggregation = "mean"
) -> NDArray[np.float64]:
    """Reduce token scores to one score per dialogue.

    Args:
        scores: ``(n_tokens,)`` per-token scores.
        offsets: ``(n_dialogues + 1,)`` integers, ``offsets[0] == 0``,
            ``offsets[-1] == n_tokens``, strictly increasing (no dialogue is empty).
        method: ``"mean"`` (default), ``"max"`` or ``"last"`` (the score of the final token).

    Returns:
        ``(n_dialogues,)`` float64 dialogue scores.

    Raises:
        RedhandedError: on an unknown method, malformed offsets, or an empty dialogue (the
            message names the first empty dialogue's index).
    """
    if method not in AGGREGATIONS:
        raise RedhandedError(f"unknown aggregation {method!r}: choose one of {', '.join(AGGREGATIONS)}")
    s = np.asarray(scores, dtype=np.float64)
    off = np.asarray(offsets)
    if s.ndim != 1:
        raise RedhandedError(f"scores must be 1-D (n_tokens,), got shape {s.shape}")
    if off.ndim != 1 or off.size == 0 or not np.issubdtype(off.dtype, np.integer):
        raise RedhandedError(
            f"offsets must be a 1-D integer array of length n_dialogues + 1, got dtype "
            f"{off.dtype} and shape {off.shape}"
        )
    if off[0] != 0 or off[-1] != s.size:
        raise RedhandedError(
            f"offsets must start at 0 and end at n_tokens={s.size}, got {off[0]} and {off[-1]}"
        )
    lengths = np.diff(off)
    if lengths.size and lengths.min() <= 0:
        i = int(np.argmax(lengths <= 0))
        what = "is empty" if lengths[i] == 0 else "has decreasing offsets"
        raise RedhandedError(
            f"dialogue {i} {what} (offsets[{i}]={off[i]}, offsets[{i + 1}]={off[i + 1]}): "
            "drop dialogues without detect tokens before aggregating"
        )
    if lengths.size == 0:
        return np.empty(0)
    return _REDUCERS[method](s, off)


def _mean(s: NDArray[np.float64], off: NDArray[np.integer]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.add.reduceat(s, off[:-1]) / np.diff(off)
    return out


def _max(s: NDArray[np.float64], off: NDArray[np.integer]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.maximum.reduceat(s, off[:-1])
    return out


def _last(s: NDArray[np.float64], off: NDArray[np.integer]) -> NDArray[np.float64]:
    return s[off[1:] - 1]


_REDUCERS = {"mean": _mean, "max": _max, "last": _last}
