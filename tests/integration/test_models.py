"""Model loading: local folders, fingerprints, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redhanded.errors import RedhandedError
from redhanded.models import load_model, resolve_spec


def test_local_dir_loads_with_stable_fingerprint(tiny_llama_dir: Path, tmp_path: Path) -> None:
    a = load_model(str(tiny_llama_dir), device="cpu", cache_dir=tmp_path)
    b = load_model(str(tiny_llama_dir), device="cpu", cache_dir=tmp_path / "other")
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint.startswith("files-sha256:")
    assert a.n_layers == 4
    model, tokenizer, fingerprint = a
    assert fingerprint == a.fingerprint


def test_fingerprint_changes_with_weights(tiny_llama_dir: Path, tmp_path: Path) -> None:
    from conftest import build_model_dir

    other = build_model_dir(tmp_path / "other", "llama", seed=1)
    assert (
        load_model(str(other), device="cpu", cache_dir=tmp_path).fingerprint
        != load_model(str(tiny_llama_dir), device="cpu", cache_dir=tmp_path).fingerprint
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("/no/such/model", "unknown model '/no/such/model'"),
        ("./missing.gguf", "does not exist"),
        ("not-a-model", "unknown model 'not-a-model'"),
    ],
)
def test_unknown_models_are_one_line_errors(spec: str, message: str) -> None:
    with pytest.raises(RedhandedError, match=message) as info:
        resolve_spec(spec)
    assert "\n" not in str(info.value)


def test_folder_without_config(tmp_path: Path) -> None:
    with pytest.raises(RedhandedError, match="no config.json"):
        resolve_spec(str(tmp_path))


def test_hub_ids_resolve_without_loading() -> None:
    info = resolve_spec("HuggingFaceTB/SmolLM2-135M-Instruct")
    assert info.kind == "hub"


def test_broken_weights_are_a_clear_error(tiny_llama_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_llama_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(RedhandedError, match="could not load model"):
        load_model(str(broken), device="cpu", cache_dir=tmp_path)


def test_bad_dtype_and_device() -> None:
    from redhanded.models import resolve_device, resolve_dtype

    with pytest.raises(RedhandedError, match="unknown dtype"):
        resolve_dtype("float8", resolve_device("cpu"))
    with pytest.raises(RedhandedError, match="unknown device"):
        resolve_device("tpu-ish")
