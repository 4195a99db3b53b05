"""Extraction on tiny random models: equals a full forward pass, caches, resumes, repairs shards."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from redhanded.activations import cache_key, extract
from redhanded.activations import extraction as extract_module
from redhanded.data import Dataset, Dialogue, Message
from redhanded.data.tokenize import tokenize_dialogue
from redhanded.errors import Interrupted, RedhandedError
from redhanded.models import load_model


def make_dataset(n: int = 12, name: str = "toy") -> Dataset:
    words = "the quick brown fox jumps over the lazy dog water boils at sea level".split()
    dialogues = []
    for i in range(n):
        reply = " ".join(words[: 2 + (i * 5) % 13])
        dialogues.append(
            Dialogue(
                id=f"{name}-{i}",
                messages=(
                    Message(role="user", content=f"Tell me one fact about the world {i}."),
                    Message(role="assistant", content=reply.capitalize() + "."),
                ),
                label="honest" if i % 2 else "deceptive",
            )
        )
    return Dataset(name, tuple(dialogues))


def full_forward(loaded, dialogue: Dialogue, layer: int) -> torch.Tensor:
    tok = tokenize_dialogue(loaded.tokenizer, dialogue)
    with torch.no_grad():
        out = loaded.model(input_ids=torch.from_numpy(tok.input_ids)[None], output_hidden_states=True)
    return out.hidden_states[layer][0][torch.from_numpy(tok.detect)]


@pytest.mark.parametrize("arch_fixture", ["tiny_llama_dir", "tiny_gpt2_dir"])
def test_early_exit_equals_full_forward(arch_fixture: str, request, tmp_path: Path) -> None:
    loaded = load_model(
        str(request.getfixturevalue(arch_fixture)), device="cpu", dtype="float32", cache_dir=tmp_path
    )
    ds = make_dataset()
    acts = extract(loaded, ds, layers=[0, 1, 3], batch_size=5, cache_dir=tmp_path)
    assert acts.n_dialogues == len(ds)
    for i, d in enumerate(ds.dialogues):
        for layer in (0, 1, 3):
            got = acts.layer(layer)[acts.offsets[i] : acts.offsets[i + 1]]
            want = full_forward(loaded, d, layer)
            assert got.shape == want.shape
            torch.testing.assert_close(got, want, atol=1e-5, rtol=1e-4)


def test_left_and_right_padding_agree(tiny_llama, tmp_path: Path) -> None:
    ds = make_dataset()
    right = extract(tiny_llama, ds, layers=[2], batch_size=6, cache_dir=tmp_path / "r").layer(2)
    left = extract(
        tiny_llama, ds, layers=[2], batch_size=6, cache_dir=tmp_path / "l", padding_side="left"
    ).layer(2)
    torch.testing.assert_close(left, right, atol=1e-5, rtol=1e-4)


def test_batch_size_does_not_change_numbers_or_key(tiny_llama, tmp_path: Path) -> None:
    ds = make_dataset()
    a = extract(tiny_llama, ds, layers=[2], batch_size=1, cache_dir=tmp_path / "a")
    b = extract(tiny_llama, ds, layers=[2], batch_size=7, cache_dir=tmp_path / "b")
    assert a.key == b.key
    torch.testing.assert_close(a.layer(2), b.layer(2), atol=1e-5, rtol=1e-4)


def test_cache_key_tracks_what_determines_the_numbers(tiny_llama) -> None:
    ds = make_dataset()
    fp, dt = tiny_llama.fingerprint, tiny_llama.dtype
    base = cache_key(fp, dt, [2], "detect", ds)
    last = ds.dialogues[-1]
    new_messages = last.messages[:-1] + (Message(role="assistant", content="An edited reply."),)
    edited = Dataset(ds.name, ds.dialogues[:-1] + (last.model_copy(update={"messages": new_messages}),))
    assert cache_key(fp, dt, [2], "detect", make_dataset()) == base
    assert cache_key(fp, dt, [2], "detect", edited) != base
    assert cache_key(fp, dt, [3], "detect", ds) != base
    assert cache_key(fp, torch.bfloat16, [2], "detect", ds) != base
    assert cache_key(fp, dt, [2], "last", ds) != base
    assert cache_key("other-model", dt, [2], "detect", ds) != base


def test_cached_rerun_and_layer_subset_do_no_forward(tiny_llama, tmp_path: Path, monkeypatch) -> None:
    ds = make_dataset()
    first = extract(tiny_llama, ds, layers=[1, 2, 3], cache_dir=tmp_path)

    def boom(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(extract_module, "_run_shard", boom)
    again = extract(tiny_llama, ds, layers=[2], cache_dir=tmp_path)
    assert again.root == first.root
    torch.testing.assert_close(again.layer(2), first.layer(2), atol=0, rtol=0)


def test_positions_last_and_all(tiny_llama, tmp_path: Path) -> None:
    ds = make_dataset(4)
    last = extract(tiny_llama, ds, layers=[1], positions="last", cache_dir=tmp_path)
    every = extract(tiny_llama, ds, layers=[1], positions="all", cache_dir=tmp_path)
    assert last.n_tokens == 4
    lengths = [len(tokenize_dialogue(tiny_llama.tokenizer, d)) for d in ds.dialogues]
    assert every.n_tokens == sum(lengths)


def test_resume_after_interrupt(tiny_llama, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(extract_module, "_SHARD_TOKENS", 20)
    ds = make_dataset(12)
    reference = extract(tiny_llama, ds, layers=[2], cache_dir=tmp_path / "ref").layer(2)
    real = extract_module._run_shard
    calls = {"n": 0}

    def dies_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(extract_module, "_run_shard", dies_on_third)
    with pytest.raises(Interrupted, match=r"^2 of \d+ activation shards of 'toy' are finished and kept in .*resume"):
        extract(tiny_llama, ds, layers=[2], cache_dir=tmp_path / "run")
    shards = sorted((tmp_path / "run").rglob("shard-*.safetensors"))
    assert len(shards) == 2  # two finished shards kept, nothing half-written
    assert not list((tmp_path / "run").rglob("*.tmp*"))
    calls["n"] = -100  # no more interruptions; count how many shards the resume computes
    resumed = extract(tiny_llama, ds, layers=[2], cache_dir=tmp_path / "run")
    n_shards = len(resumed.manifest.plan)
    assert n_shards >= 4
    assert calls["n"] == -100 + n_shards - 2
    torch.testing.assert_close(resumed.layer(2), reference, atol=1e-5, rtol=1e-4)


def test_corrupted_shard_is_detected_and_recomputed(tiny_llama, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(extract_module, "_SHARD_TOKENS", 20)
    ds = make_dataset(12)
    acts = extract(tiny_llama, ds, layers=[2], cache_dir=tmp_path)
    reference = acts.layer(2).clone()
    victim = sorted(acts.root.glob("shard-*.safetensors"))[1]
    others = {p: p.read_bytes() for p in acts.root.glob("shard-*.safetensors") if p != victim}
    raw = bytearray(victim.read_bytes())
    raw[-10:] = b"\x00" * 10
    victim.write_bytes(bytes(raw))
    repaired = extract(tiny_llama, ds, layers=[2], cache_dir=tmp_path)
    torch.testing.assert_close(repaired.layer(2), reference, atol=1e-5, rtol=1e-4)
    for path, data in others.items():  # no finished shard was rewritten
        assert path.read_bytes() == data


def test_bad_layers(tiny_llama, tmp_path: Path) -> None:
    with pytest.raises(RedhandedError, match="layer 9 does not exist: the model has layers 0-4"):
        extract(tiny_llama, make_dataset(2), layers=[2, 9], cache_dir=tmp_path)
    with pytest.raises(RedhandedError, match="no layers"):
        extract(tiny_llama, make_dataset(2), layers=[], cache_dir=tmp_path)


def test_dialogue_without_detect_tokens(tiny_llama, tmp_path: Path) -> None:
    d = Dialogue(
        id="silent", messages=(Message(role="user", content="hi"), Message(role="assistant", content=" "))
    )
    with pytest.raises(RedhandedError, match="'silent' has no detect tokens"):
        extract(tiny_llama, Dataset("x", (d,)), layers=[1], cache_dir=tmp_path)


def test_dialogue_means(tiny_llama, tmp_path: Path) -> None:
    ds = make_dataset(5)
    acts = extract(tiny_llama, ds, layers=[1], cache_dir=tmp_path)
    means = acts.dialogue_means(1)
    full = acts.layer(1)
    for i in range(5):
        want = full[acts.offsets[i] : acts.offsets[i + 1]].mean(0)
        torch.testing.assert_close(means[i], want)
    assert np.array_equal(np.diff(acts.offsets) > 0, np.ones(5, dtype=bool))
