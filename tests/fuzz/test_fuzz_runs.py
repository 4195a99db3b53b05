"""Fuzzing ``run.json`` and the report built from it (``redhanded report RUN_DIR``).

Run logs of every kind with pages (probe, demo, honeypots, organism), as the report tests build
them, are damaged structurally and at the byte level. Loading and rebuilding the report either
works or raises RedhandedError; in particular, results that pass the schema but do not fit
together (score columns of different lengths, an empty sweep...) are one-line errors, not
tracebacks from the plotting code.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mutations import damaged, mutated_json

from redhanded.errors import RedhandedError
from redhanded.report import rebuild_report
from redhanded.results import HoneypotsResults, OrganismResults
from redhanded.runs import RunLog

pytestmark = pytest.mark.fuzz

UNIT = Path(__file__).resolve().parents[1] / "unit"


class Logs(dict):
    """The valid logs by kind (a short repr, so a failing example prints readably)."""

    def __repr__(self) -> str:
        return f"Logs({sorted(self)})"


@pytest.fixture(scope="module")
def logs() -> Logs:
    """One valid run.json per kind with pages, built by the report tests' builders."""
    sys.path.insert(0, str(UNIT))
    try:
        builders = importlib.import_module("test_report_html")
        hp = builders.honeypot_run(0.9, 0.1)
        honeypots = RunLog(kind="honeypots", name="hp", model={"spec": "m", "fingerprint": "f"})
        honeypots.results = HoneypotsResults(honeypots=hp)
        organism = RunLog(kind="organism", name="org", model={"spec": "m", "fingerprint": "f"})
        organism.results = OrganismResults(
            organism=builders.organism_validation(hp, builders.honeypot_run(0.5, 0.5))
        )
        built = {
            "probe": builders.probe_log(),
            "demo": builders.demo_log(),
            "honeypots": honeypots,
            "organism": organism,
        }
    finally:
        sys.path.remove(str(UNIT))
    return Logs({kind: log.model_dump_json() for kind, log in built.items()})


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-run")


def _rebuild(run_dir: Path, data: bytes) -> None:
    (run_dir / "run.json").write_bytes(data)
    try:
        page = rebuild_report(run_dir)
    except RedhandedError:
        return
    assert page.is_file() and page.stat().st_size > 0


@pytest.mark.parametrize("kind", ["probe", "demo", "honeypots", "organism"])
def test_the_valid_logs_rebuild(logs: dict[str, str], run_dir: Path, kind: str) -> None:
    (run_dir / "run.json").write_text(logs[kind])
    assert rebuild_report(run_dir).name in ("report.html", "dossier.html")


@given(data=st.data(), kind=st.sampled_from(["probe", "honeypots", "organism", "demo"]))
def test_damaged_run_json(logs: dict[str, str], run_dir: Path, data: st.DataObject, kind: str) -> None:
    valid = logs[kind]
    _rebuild(run_dir, data.draw(damaged(valid.encode(), json.loads(valid))))


@given(data=st.data(), kind=st.sampled_from(["probe", "honeypots", "organism", "demo"]))
def test_results_that_pass_the_schema(
    logs: dict[str, str], run_dir: Path, data: st.DataObject, kind: str
) -> None:
    """Only the results damaged: most of these still validate, so the report code itself is tested."""
    doc = json.loads(logs[kind])
    results = data.draw(mutated_json(doc["results"]))
    text = json.dumps(doc | {"results": "@@R@@"}).replace('"@@R@@"', results)
    _rebuild(run_dir, text.encode())
