"""The scikit-learn estimator contract, the registry, and save/load of every registered probe."""

import json

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from redhanded.errors import RedhandedError
from redhanded.probes import (
    PROBES,
    LabelError,
    LogisticProbe,
    MeanDiffProbe,
    OneClassError,
    load_probe,
    make_probe,
    register_probe,
    save_probe,
)
from redhanded.probes.io import FORMAT_VERSION

# Every registered probe, plus the non-default variants that take other code paths.
ESTIMATORS = [cls() for cls in PROBES.values()] + [
    LogisticProbe(standardize=False, dtype="float64"),
    MeanDiffProbe(covariance_adjusted=True),
    MeanDiffProbe(covariance_adjusted=True, shrinkage=0.5),
]


def test_registry_names():
    assert set(PROBES) >= {"logistic", "mean-diff"}
    assert PROBES["logistic"] is LogisticProbe
    assert PROBES["mean-diff"] is MeanDiffProbe


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_estimator_contract(estimator, check):
    check(estimator)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 16)).astype(np.float32)
    y = (X[:, 0] + 0.5 * X[:, 1] + rng.normal(scale=0.5, size=200) > 0).astype(int)
    return X, y


def test_make_probe_builds_by_name_with_params():
    probe = make_probe("logistic", C=2.0)
    assert isinstance(probe, LogisticProbe)
    assert probe.C == 2.0
    assert isinstance(make_probe("mean-diff", covariance_adjusted=True), MeanDiffProbe)


def test_make_probe_unknown_name_lists_known_names():
    with pytest.raises(RedhandedError, match=r"unknown probe 'nope'.*logistic.*mean-diff"):
        make_probe("nope")


def test_make_probe_unknown_param_names_it():
    with pytest.raises(RedhandedError, match=r"unknown parameter\(s\) Cee .*'logistic'"):
        make_probe("logistic", Cee=1.0)


def test_register_duplicate_name_raises():
    with pytest.raises(RedhandedError, match="already registered"):
        register_probe("logistic")(LogisticProbe)
    assert PROBES["logistic"] is LogisticProbe


def test_one_class_is_a_redhanded_value_error(data):
    X, _ = data
    for est in ESTIMATORS:
        with pytest.raises(OneClassError, match="only one class") as info:
            clone(est).fit(X, np.ones(len(X), dtype=int))
        assert isinstance(info.value, RedhandedError)
        assert isinstance(info.value, ValueError)


def test_three_classes_rejected(data):
    X, _ = data
    y = np.arange(len(X)) % 3
    with pytest.raises(LabelError, match="3 classes"):
        LogisticProbe().fit(X, y)


@pytest.mark.parametrize(
    "bad", [{"C": 0.0}, {"C": -1.0}, {"max_iter": 0}, {"dtype": "int8"}, {"device": "gpu9"}]
)
def test_logistic_bad_params_raise_in_fit(data, bad):
    X, y = data
    probe = LogisticProbe(**bad)  # stored verbatim, validated in fit
    assert probe.get_params()[next(iter(bad))] == next(iter(bad.values()))
    with pytest.raises(RedhandedError):
        probe.fit(X, y)


def test_meandiff_bad_shrinkage_raises(data):
    X, y = data
    with pytest.raises(RedhandedError, match="shrinkage"):
        MeanDiffProbe(covariance_adjusted=True, shrinkage=1.5).fit(X, y)


def test_meandiff_singular_covariance_without_shrinkage_raises():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 50)), np.arange(20) % 2  # d > n: Sigma is singular
    with pytest.raises(RedhandedError, match=r"singular with shrinkage=0.0 \(n=20, d=50\)"):
        MeanDiffProbe(covariance_adjusted=True, shrinkage=0.0).fit(X, y)


def test_continuous_labels_rejected(data):
    X, _ = data
    with pytest.raises(LabelError, match="Unknown label type.*0/1 labels"):
        MeanDiffProbe().fit(X, np.linspace(0, 1, len(X)))


def test_torch_dtype_accepted(data):
    import torch

    X, y = data
    a = LogisticProbe(dtype=torch.float64).fit(X, y).decision_function(X)
    b = LogisticProbe(dtype="float64").fit(X, y).decision_function(X)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: repr(e))
def test_save_load_round_trip(tmp_path, data, estimator):
    X, y = data
    probe = clone(estimator).fit(X, y)
    meta = {"model_fingerprint": "abc123", "layer": 12, "nested": {"a": [1, 2]}}
    stem = tmp_path / "probes" / "layer12"
    save_probe(probe, stem, meta)
    assert (tmp_path / "probes" / "layer12.safetensors").is_file()
    header = json.loads((tmp_path / "probes" / "layer12.json").read_text())
    assert header["format_version"] == FORMAT_VERSION
    assert header["arrays"]["coef_"] == [1, 16]
    # No temp files are left behind.
    assert sorted(p.name for p in (tmp_path / "probes").iterdir()) == [
        "layer12.json",
        "layer12.safetensors",
    ]

    loaded, meta2 = load_probe(str(stem))
    assert type(loaded) is type(probe)
    assert meta2 == meta
    assert loaded.get_params() == probe.get_params()
    np.testing.assert_array_equal(loaded.decision_function(X), probe.decision_function(X))
    np.testing.assert_array_equal(loaded.predict_proba(X), probe.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), probe.predict(X))
    np.testing.assert_array_equal(loaded.classes_, probe.classes_)


def test_save_unfitted_raises(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        save_probe(LogisticProbe(), tmp_path / "p", {})


def test_save_rejects_unserialisable_metadata(tmp_path, data):
    X, y = data
    probe = MeanDiffProbe().fit(X, y)
    with pytest.raises(RedhandedError, match=r"p\.json.*metadata"):
        save_probe(probe, tmp_path / "p", {"bad": object()})
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def saved(tmp_path, data):
    X, y = data
    stem = tmp_path / "p"
    save_probe(LogisticProbe().fit(X, y), stem, {"layer": 3})
    return stem


def test_load_missing_json(tmp_path):
    with pytest.raises(RedhandedError, match=r"nothere\.json not found.*without its suffix"):
        load_probe(tmp_path / "nothere")


def test_load_missing_safetensors(saved):
    saved.with_name("p.safetensors").unlink()
    with pytest.raises(RedhandedError, match=r"p\.safetensors not found"):
        load_probe(saved)


def test_load_corrupt_json(saved):
    saved.with_name("p.json").write_text("{not json")
    with pytest.raises(RedhandedError, match=r"p\.json is corrupt.*re-fit"):
        load_probe(saved)


def test_load_corrupt_safetensors(saved):
    path = saved.with_name("p.safetensors")
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(RedhandedError, match=r"p\.safetensors does not match"):
        load_probe(saved)


def test_load_garbage_safetensors_with_matching_checksum(saved):
    import hashlib

    st, js = saved.with_name("p.safetensors"), saved.with_name("p.json")
    st.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00garbage!")
    header = json.loads(js.read_text())
    header["sha256"] = hashlib.sha256(st.read_bytes()).hexdigest()
    js.write_text(json.dumps(header))
    with pytest.raises(RedhandedError, match=r"p\.safetensors is corrupt"):
        load_probe(saved)


def test_load_unknown_format_version(saved):
    js = saved.with_name("p.json")
    header = json.loads(js.read_text())
    header["format_version"] = FORMAT_VERSION + 1
    js.write_text(json.dumps(header))
    with pytest.raises(RedhandedError, match=r"format version 2.*upgrade redhanded"):
        load_probe(saved)


def test_load_unknown_probe_kind(saved):
    js = saved.with_name("p.json")
    header = json.loads(js.read_text())
    header["probe"] = "sae-feature"
    js.write_text(json.dumps(header))
    with pytest.raises(RedhandedError, match=r"unknown probe 'sae-feature'"):
        load_probe(saved)


def test_load_shape_mismatch(saved):
    js = saved.with_name("p.json")
    header = json.loads(js.read_text())
    header["arrays"]["coef_"] = [1, 99]
    js.write_text(json.dumps(header))
    with pytest.raises(RedhandedError, match=r"p\.json is corrupt.*coef_"):
        load_probe(saved)
