"""Fuzzing organism adapter folders (``organism.json``, ``adapter_config.json``, the adapter weights).

A folder is checked before any model loads (:func:`check_organism`) and then applied to its base
(:func:`load_organism`, peft underneath): each damaged folder either loads or raises
RedhandedError, never anything else. Damaged weights are also re-signed (the manifest's SHA-256
updated), so the damaged bytes reach the safetensors reader and peft.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mutations import damaged, mutated_bytes

from redhanded.errors import RedhandedError
from redhanded.models import LoadedModel
from redhanded.organisms import check_organism, load_organism, recipe, train_organism, training_scenarios

pytestmark = pytest.mark.fuzz

BEHAVIOR = "unmonitored-defector"
FILES = ("organism.json", "adapter_config.json", "adapter_model.safetensors")


@pytest.fixture(scope="module")
def adapter(tiny_llama, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A real (one-step) adapter on the tiny model: its three files' bytes."""
    out = tmp_path_factory.mktemp("fuzz-organism") / "organism"
    settings = recipe(BEHAVIOR).model_copy(update={"steps": 1, "batch_size": 3, "cue_variants": 1})
    train_organism(tiny_llama, BEHAVIOR, settings, out_dir=out, scenarios=training_scenarios(BEHAVIOR)[:2])
    return {name: (out / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-adapter") / "organism"


def _try(folder: Path, files: dict[str, bytes], base: LoadedModel) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    try:
        check_organism(folder)
        organism = load_organism(folder, base_loaded=base)
    except RedhandedError:
        return
    assert organism.fingerprint.startswith(base.fingerprint + "+lora-")


def test_the_valid_adapter_loads(tiny_llama, adapter, folder: Path) -> None:
    _try(folder, adapter, tiny_llama)
    assert load_organism(folder, base_loaded=tiny_llama).info.kind == "organism"


@given(data=st.data())
def test_damaged_manifest(tiny_llama, adapter, folder: Path, data: st.DataObject) -> None:
    valid = adapter["organism.json"]
    _try(folder, adapter | {"organism.json": data.draw(damaged(valid, json.loads(valid)))}, tiny_llama)


@given(data=st.data())
def test_damaged_adapter_config(tiny_llama, adapter, folder: Path, data: st.DataObject) -> None:
    valid = adapter["adapter_config.json"]
    _try(folder, adapter | {"adapter_config.json": data.draw(damaged(valid, json.loads(valid)))}, tiny_llama)


@given(data=st.data())
def test_damaged_weights(tiny_llama, adapter, folder: Path, data: st.DataObject) -> None:
    weights = data.draw(mutated_bytes(adapter["adapter_model.safetensors"]))
    manifest = adapter["organism.json"]
    if data.draw(st.booleans()):  # re-sign, so the damaged bytes reach the reader
        doc = json.loads(manifest)
        doc["adapter_sha256"] = "sha256:" + hashlib.sha256(weights).hexdigest()
        manifest = json.dumps(doc).encode()
    _try(folder, adapter | {"adapter_model.safetensors": weights, "organism.json": manifest}, tiny_llama)
