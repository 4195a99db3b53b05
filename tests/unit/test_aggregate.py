"""Token-to-dialogue aggregation against a Python-loop reference."""

from collections.abc import Callable

import numpy as np
import pytest

from redhanded.errors import RedhandedError
from redhanded.probes import AGGREGATIONS, aggregate_scores

REFERENCE: dict[str, Callable[[np.ndarray], float]] = {
    "mean": lambda s: float(np.mean(s)),
    "max": lambda s: float(np.max(s)),
    "last": lambda s: float(s[-1]),
}


def reference(scores, offsets, method):
    return np.array([REFERENCE[method](scores[offsets[i] : offsets[i + 1]]) for i in range(len(offsets) - 1)])


@pytest.mark.parametrize("method", AGGREGATIONS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_loop_reference(method, seed):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 30, size=200)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    scores = rng.normal(size=offsets[-1]).astype(np.float32)
    out = aggregate_scores(scores, offsets, method)
    assert out.shape == (200,)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, reference(scores.astype(np.float64), offsets, method), rtol=1e-12)


def test_default_is_mean_and_small_example():
    scores = [1.0, 3.0, -2.0, 5.0, 0.5, 0.25]
    offsets = [0, 2, 3, 6]
    np.testing.assert_array_equal(aggregate_scores(scores, offsets), [2.0, -2.0, 5.75 / 3])
    np.testing.assert_array_equal(aggregate_scores(scores, offsets, "max"), [3.0, -2.0, 5.0])
    np.testing.assert_array_equal(aggregate_scores(scores, offsets, "last"), [3.0, -2.0, 0.25])


def test_nan_token_stays_missing():
    out = aggregate_scores([1.0, np.nan, 2.0, 3.0], [0, 2, 4], "max")
    assert np.isnan(out[0])
    assert out[1] == 3.0
    assert np.isnan(aggregate_scores([1.0, np.nan, 2.0], [0, 2, 3])[0])


def test_zero_dialogues():
    assert aggregate_scores(np.empty(0), [0]).shape == (0,)


def test_empty_dialogue_is_named():
    with pytest.raises(RedhandedError, match=r"dialogue 2 is empty"):
        aggregate_scores([1.0, 2.0, 3.0], [0, 1, 2, 2, 3])


@pytest.mark.parametrize(
    ("offsets", "match"),
    [
        ([1, 3], "start at 0"),
        ([0, 2], "end at n_tokens=3"),
        ([0, 2, 1, 3], "dialogue 1 has decreasing offsets"),
        ([0.0, 3.0], "integer"),
        ([], "integer"),
    ],
)
def test_bad_offsets(offsets, match):
    with pytest.raises(RedhandedError, match=match):
        aggregate_scores([1.0, 2.0, 3.0], np.asarray(offsets), "mean")


def test_unknown_method():
    with pytest.raises(RedhandedError, match=r"unknown aggregation 'median'.*mean, max, last"):
        aggregate_scores([1.0], [0, 1], "median")  # type: ignore[arg-type]
