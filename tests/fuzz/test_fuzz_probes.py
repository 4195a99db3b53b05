"""Fuzzing probe folders (``probe.json`` + ``probe.safetensors``): load or RedhandedError, nothing else.

The JSON is damaged structurally and at the byte level; the arrays file at the byte level, both
as found (its checksum then fails) and re-signed (the checksum in the JSON updated to match, so
the damaged bytes reach the safetensors reader). A probe that loads must score.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mutations import damaged, mutated_bytes, mutated_json

from redhanded.errors import RedhandedError
from redhanded.pipeline.train import load_trained
from redhanded.probes import make_probe, save_probe

pytestmark = pytest.mark.fuzz

WIDTH = 8


def _meta(kind: str) -> dict:
    return {
        "model": "tiny",
        "model_fingerprint": "files-sha256:abc",
        "dtype": "float32",
        "layer": 2,
        "aggregation": "mean",
        "positions": "detect",
        "threshold": 0.25,
        "target_fpr": 0.01,
        "train_dataset": "instructed-pairs",
        "train_fingerprint": "def",
        "probe": kind,
        "params": {},
    }


@pytest.fixture(scope="module", params=["logistic", "mean-diff"])
def valid(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, WIDTH))
    y = (X[:, 0] > 0).astype(int)
    probe = make_probe(request.param).fit(X, y)
    folder = tmp_path_factory.mktemp("probe")
    save_probe(probe, folder / "probe", _meta(request.param))
    return (folder / "probe.json").read_bytes(), (folder / "probe.safetensors").read_bytes()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-probe")


def _load(folder: Path, header: bytes, arrays: bytes) -> None:
    (folder / "probe.json").write_bytes(header)
    (folder / "probe.safetensors").write_bytes(arrays)
    try:
        trained = load_trained(folder)
    except RedhandedError:
        return
    scores = trained.probe.decision_function(np.zeros((2, trained.probe.n_features_in_)))
    assert scores.shape == (2,) and np.isfinite(scores).all()


def test_the_valid_probe_loads(folder: Path, valid: tuple[bytes, bytes]) -> None:
    (folder / "probe.json").write_bytes(valid[0])
    (folder / "probe.safetensors").write_bytes(valid[1])
    trained = load_trained(folder)
    assert trained.layer == 2 and trained.probe.n_features_in_ == WIDTH


@given(data=st.data())
def test_damaged_probe_json(folder: Path, valid: tuple[bytes, bytes], data: st.DataObject) -> None:
    header, arrays = valid
    _load(folder, data.draw(damaged(header, json.loads(header))), arrays)


@given(data=st.data())
def test_damaged_arrays(folder: Path, valid: tuple[bytes, bytes], data: st.DataObject) -> None:
    header, arrays = valid
    bad = data.draw(mutated_bytes(arrays))
    if data.draw(st.booleans()):  # re-sign, so the damaged bytes reach the safetensors reader
        doc = json.loads(header)
        doc["sha256"] = hashlib.sha256(bad).hexdigest()
        header = json.dumps(doc).encode()
    _load(folder, header, bad)


@given(data=st.data())
def test_damaged_metadata(folder: Path, valid: tuple[bytes, bytes], data: st.DataObject) -> None:
    """The metadata block (layer, threshold, aggregation, model...) damaged on its own."""
    header, arrays = valid
    doc = json.loads(header)
    metadata = data.draw(mutated_json(doc["metadata"]))
    text = json.dumps(doc | {"metadata": "@@META@@"}).replace('"@@META@@"', metadata)
    _load(folder, text.encode(), arrays)
