"""Fuzzing the forecast inputs: trend tables (CSV, METR YAML), run-level JSONL, release dates, and
the TOML / YAML configs of ``forecast rnd`` and ``forecast scheming``.

Each damaged input either gives a result or raises RedhandedError, never anything else. The
property covers the whole command short of writing files: read, build the config, compute.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from mutations import damaged, damaged_jsonl, mutated_json

from redhanded.errors import RedhandedError
from redhanded.forecast.commands import run_rnd, run_scheming, run_trend
from redhanded.forecast.config import TrendConfig, build_config, rnd_config, scheming_config
from redhanded.forecast.io import load_mapping, read_release_dates

pytestmark = pytest.mark.fuzz

EXAMPLES = resources.files("redhanded.forecast") / "examples"
RND_TOML = (EXAMPLES / "rnd.toml").read_bytes()
SCHEMING_TOML = (EXAMPLES / "scheming.toml").read_bytes()
DATES_CSV = (EXAMPLES / "metr_release_dates_2025-02.csv").read_bytes()
TREND_CSV = (
    b"model,release_date,value,ci_low,ci_high,is_sota\n"
    b"a,2020-01-01,1.0,0.5,2,True\nb,2021-01-01,2.5,1,4,True\nc,2022-01-01,6,3,9,True\n"
    b"d,2023-01-01,15,9,30,True\ne,2024-01-01,40,20,70,True\n"
)
METR_DOC = {
    "results": {
        name: {
            "release_date": f"20{20 + i}-03-01",
            "metrics": {
                "p50_horizon_length": {
                    "estimate": 2.0**i,
                    "ci_low": 2.0 ** (i - 1),
                    "ci_high": 2.0 ** (i + 1),
                },
                "is_sota": True,
            },
        }
        for i, name in enumerate(["m0", "m1", "m2", "m3", "m4"])
    }
}
RUNS = [
    {
        "alias": f"m{m}",
        "task_id": f"t{t}",
        "task_family": f"f{t % 3}",
        "human_minutes": 2.0**t,
        "score_binarized": int(t < 3 + m),
    }
    for m in range(2)
    for t in range(8)
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-forecast")


def _trend(path: Path, **extra: object) -> None:
    cfg = build_config(TrendConfig, {"input": path, "n_boot": 20, **extra})
    run_trend(cfg)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_the_valid_inputs_work(folder: Path) -> None:
    _trend(_write(folder, "t.csv", TREND_CSV), metric="value")
    _trend(_write(folder, "m.yaml", json.dumps(METR_DOC).encode()))
    runs = _write(folder, "r.jsonl", "\n".join(map(json.dumps, RUNS)).encode())
    _trend(runs)
    assert len(read_release_dates(_write(folder, "d.csv", DATES_CSV))) > 5
    rnd_config(load_mapping(_write(folder, "c.toml", RND_TOML)), n_draws=100)
    scheming_config(load_mapping(_write(folder, "s.toml", SCHEMING_TOML)), folder / "s.toml")


@given(damaged(TREND_CSV))
def test_trend_csv(folder: Path, data: bytes) -> None:
    try:
        _trend(_write(folder, "t.csv", data), metric="value")
    except RedhandedError:
        pass


@given(st.one_of(damaged(json.dumps(METR_DOC).encode(), METR_DOC), mutated_json(METR_DOC).map(str.encode)))
def test_trend_metr_yaml(folder: Path, data: bytes) -> None:
    try:
        _trend(_write(folder, "m.yaml", data))
    except RedhandedError:
        pass


@given(damaged_jsonl(RUNS))
def test_trend_run_jsonl(folder: Path, data: bytes) -> None:
    try:
        _trend(_write(folder, "r.jsonl", data))
    except RedhandedError:
        pass


@given(damaged(DATES_CSV))
def test_release_dates_csv(folder: Path, data: bytes) -> None:
    try:
        dates = read_release_dates(_write(folder, "d.csv", data))
    except RedhandedError:
        return
    assert all(isinstance(k, str) for k in dates)


def _toml_doc(data: bytes) -> dict:
    import tomllib

    return tomllib.loads(data.decode())


@given(
    st.one_of(
        damaged(RND_TOML).map(lambda b: (".toml", b)),
        mutated_json(_toml_doc(RND_TOML)).map(lambda t: (".yaml", t.encode())),
    )
)
def test_rnd_config(folder: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    path = _write(folder, f"c{suffix}", data)
    try:
        cfg = rnd_config(load_mapping(path), str(path), n_draws=100)
        run_rnd(cfg)
    except RedhandedError:
        pass


@given(
    st.one_of(
        damaged(SCHEMING_TOML).map(lambda b: (".toml", b)),
        mutated_json(_toml_doc(SCHEMING_TOML)).map(lambda t: (".yaml", t.encode())),
    )
)
def test_scheming_config(folder: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    path = _write(folder, f"s{suffix}", data)
    try:
        cfg = scheming_config(load_mapping(path), path, n_draws=100)
        run_scheming(cfg)
    except RedhandedError:
        pass


def test_yaml_mutation_round_trip() -> None:
    """A structurally mutated document is still read as YAML (JSON is YAML), so the config is what is tested."""
    assert yaml.safe_load(json.dumps(_toml_doc(RND_TOML))) == json.loads(json.dumps(_toml_doc(RND_TOML)))
