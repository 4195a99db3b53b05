"""Fuzzing activation-cache manifests: a damaged manifest is a cache miss, and the cache heals.

``Manifest.load`` never raises on a damaged ``manifest.json`` (valid JSON of the wrong shape
included): it returns the manifest or None. ``extract`` on a store with a damaged manifest then
recomputes what it needs and returns the same activations as a clean run, so a broken cache
never fails every later run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from mutations import damaged

from redhanded.activations import Manifest, extract
from redhanded.activations import extraction as extraction_module
from redhanded.data import Dataset, Dialogue, Message

pytestmark = pytest.mark.fuzz


def _dataset() -> Dataset:
    return Dataset(
        "toy",
        tuple(
            Dialogue(
                id=f"d{i}",
                messages=(
                    Message(role="user", content="Tell me one fact."),
                    Message(role="assistant", content="The moon orbits the earth" + " every month" * (i % 3)),
                ),
            )
            for i in range(6)
        ),
    )


@pytest.fixture(scope="module")
def store(tiny_llama, tmp_path_factory: pytest.TempPathFactory):
    """A finished multi-shard store and its activations, to damage and heal."""
    cache = tmp_path_factory.mktemp("fuzz-cache")
    saved = extraction_module._SHARD_TOKENS
    extraction_module._SHARD_TOKENS = 12  # several shards, so plan and shard entries matter
    try:
        acts = extract(tiny_llama, _dataset(), layers=[1, 2], cache_dir=cache)
        reference = acts.layer(2).clone()
        assert len(acts.manifest.plan) >= 3
        yield cache, acts.root, (acts.root / "manifest.json").read_bytes(), reference
    finally:
        extraction_module._SHARD_TOKENS = saved


@given(data=st.data())
def test_a_damaged_manifest_is_a_miss_and_heals(tiny_llama, store, data: st.DataObject) -> None:
    cache, root, valid, reference = store
    (root / "manifest.json").write_bytes(data.draw(damaged(valid, json.loads(valid))))
    loaded = Manifest.load(root)  # never raises
    assert loaded is None or isinstance(loaded, Manifest)
    saved = extraction_module._SHARD_TOKENS
    extraction_module._SHARD_TOKENS = 12
    try:
        healed = extract(tiny_llama, _dataset(), layers=[2], cache_dir=cache)
    finally:
        extraction_module._SHARD_TOKENS = saved
    torch.testing.assert_close(healed.layer(2), reference, atol=1e-5, rtol=1e-4)
    assert Manifest.load(healed.root) is not None  # the store is whole again


def test_valid_json_of_the_wrong_shape_is_a_miss(tmp_path: Path) -> None:
    for doc in ([], "x", 3, {"version": 1}, {"version": 1, "key": 3}, {"version": [1]}):
        (tmp_path / "manifest.json").write_text(json.dumps(doc))
        assert Manifest.load(tmp_path) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: m["counts"].__setitem__(0, m["counts"][0] + 1),  # one dialogue's token count
        lambda m: m["layers"].append(3),  # a layer the shards do not hold
        lambda m: m["layers"].append(99),  # a layer the model does not have
        lambda m: m["plan"].reverse(),  # shards listed in another order
        lambda m: m.__setitem__("dialogue_ids", m["dialogue_ids"][::-1]),  # another dataset's ids
    ],
    ids=["count", "layer", "no-such-layer", "plan", "ids"],
)
def test_a_consistent_but_wrong_manifest_heals(tiny_llama, store, damage) -> None:
    """Damage that keeps the manifest self-consistent is caught by reading the shards' own counts."""
    cache, root, valid, reference = store
    doc = json.loads(valid)
    damage(doc)
    (root / "manifest.json").write_text(json.dumps(doc))
    saved = extraction_module._SHARD_TOKENS
    extraction_module._SHARD_TOKENS = 12
    try:
        healed = extract(tiny_llama, _dataset(), layers=[2], cache_dir=cache)
    finally:
        extraction_module._SHARD_TOKENS = saved
    torch.testing.assert_close(healed.layer(2), reference, atol=1e-5, rtol=1e-4)
