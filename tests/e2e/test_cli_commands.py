"""Every CLI command as a user runs it, on the tiny test model: exit 0, the JSON it prints, and the
run.json it writes read back as its typed run log.

One module-scoped chain: ``probe train`` -> ``probe eval`` -> ``honeypots run`` -> ``report``, and
``organism train`` (a tiny adapter on the tiny model) -> ``organism validate`` -> ``demo`` with that
organism. ``extract`` and its bad inputs are in test_cli_extract.py; ``forecast`` in
tests/forecast/test_cli.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_model_dir
from redhanded.runs import load_run

LAYERS = "1,2,3"


def run(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "redhanded", *args],
        capture_output=True,
        text=True,
        env={
            "REDHANDED_CACHE_DIR": str(home / "cache"),
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "HF_HUB_OFFLINE": "1",
            "OMP_NUM_THREADS": "1",
        },
        timeout=900,
    )


def ok(out: subprocess.CompletedProcess) -> dict:
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stderr == ""  # under --json: no progress bars, spinners or notices, only errors
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-home")


@pytest.fixture(scope="module")
def tiny_llama_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama whose context holds the longest built-in dialogue."""
    return build_model_dir(tmp_path_factory.mktemp("tiny-long"), "llama", max_positions=2048)


@pytest.fixture(scope="module")
def probe_run(tiny_llama_dir: Path, home: Path) -> dict:
    return ok(
        run(
            "probe",
            "train",
            "--model",
            str(tiny_llama_dir),
            "--layers",
            LAYERS,
            "--probes",
            "logistic",
            "--n-boot",
            "50",
            "--out-dir",
            str(home / "runs"),
            "--json",
            home=home,
        )  # fmt: skip
    )


def test_models_lists_what_is_offline(home: Path) -> None:
    found = ok(run("models", "--json", home=home))
    assert isinstance(found, list)
    assert all({"spec", "kind", "location"} <= set(m) for m in found)


def test_probe_train_writes_a_probe_run(probe_run: dict) -> None:
    run_dir = Path(probe_run["run_dir"])
    log = load_run(run_dir)
    assert log.kind == "probe"
    probes = log.results.probes
    assert len(probes) == 1 and probes[0].layer == probe_run["layer"] and probe_run["layer"] in (1, 2, 3)
    assert probes[0].calibration.threshold == pytest.approx(probe_run["threshold"])
    auroc = probe_run["datasets"]["instructed-pairs[test]"]["auroc"]
    assert 0.0 <= auroc["lower"] <= auroc["value"] <= auroc["upper"] <= 1.0
    assert (run_dir / "probe.safetensors").is_file() and (run_dir / "report.html").is_file()


def test_probe_eval_scores_another_dataset(probe_run: dict, home: Path) -> None:
    out = ok(
        run(
            "probe",
            "eval",
            "--probe",
            probe_run["run_dir"],
            "--dataset",
            "roleplay",
            "--n-boot",
            "50",
            "--out-dir",
            str(home / "runs"),
            "--json",
            home=home,
        )  # fmt: skip
    )
    log = load_run(out["run_dir"])
    assert log.kind == "probe"
    (evaluation,) = log.results.probes[0].evaluations
    assert evaluation.dataset == "roleplay"
    assert out["datasets"]["roleplay"]["auroc"]["value"] == pytest.approx(evaluation.auroc.value)
    assert evaluation.n_honest + evaluation.n_deceptive == 260


def test_honeypots_run_states_its_scoring(probe_run: dict, home: Path) -> None:
    out = ok(
        run(
            "honeypots",
            "run",
            "--probe",
            probe_run["run_dir"],
            "--families",
            "oversight,cover-up",
            "--per-family",
            "2",
            "--generation-per-family",
            "0",
            "--scoring",
            "cloze",
            "--resample",
            "2",
            "--n-boot",
            "50",
            "--out-dir",
            str(home / "runs"),
            "--json",
            home=home,
        )  # fmt: skip
    )
    assert out["scoring"] == "cloze"
    assert set(out["honeypots"]) >= {"oversight", "cover-up"}
    log = load_run(out["run_dir"])
    assert log.kind == "honeypots"
    hp = log.results.honeypots
    assert hp.settings.scoring == "cloze" and hp.n_scenarios == 4
    assert {a.arm for a in hp.arms} == {"honeypot", "control"} and len(hp.arms) == 8
    assert all(a.details["scoring"] == "cloze" for a in hp.arms)
    assert Path(out["dossier"]).is_file()


def test_report_rebuilds_from_run_json(probe_run: dict, home: Path) -> None:
    page = Path(probe_run["run_dir"]) / "report.html"
    before = page.read_text()
    page.unlink()
    out = run("report", probe_run["run_dir"], home=home)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == page and page.read_text() == before


@pytest.fixture(scope="module")
def tiny_organism(tiny_llama_dir: Path, home: Path) -> dict:
    return ok(
        run(
            "organism",
            "train",
            "--behavior",
            "unmonitored-defector",
            "--base",
            str(tiny_llama_dir),
            "--out",
            str(home / "organism"),
            "--steps",
            "2",
            "--json",
            home=home,
        )  # fmt: skip
    )


def test_organism_train_writes_an_adapter(tiny_organism: dict) -> None:
    folder = Path(tiny_organism["adapter"])
    assert (folder / "adapter_model.safetensors").is_file() and (folder / "organism.json").is_file()
    assert tiny_organism["behavior"] == "unmonitored-defector"


def test_organism_validate_writes_its_run(tiny_organism: dict, home: Path) -> None:
    out = ok(
        run(
            "organism",
            "validate",
            tiny_organism["adapter"],
            "--no-probe-scores",
            "--per-family",
            "2",
            "--resample",
            "2",
            "--n-boot",
            "50",
            "--out-dir",
            str(home / "runs"),
            "--json",
            home=home,
        )  # fmt: skip
    )
    log = load_run(out["run_dir"])
    assert log.kind == "organism"
    validation = log.results.organism
    assert validation.n_scenarios == 2 and validation.scoring == "cloze"
    assert out["cued_rate"] == pytest.approx(validation.summary.model_dump()["cued_rate"])
    lo, hi = out["cued_rate_ci"]
    assert 0.0 <= lo <= out["cued_rate"] <= hi <= 1.0


def test_demo_runs_probes_then_the_organism_beside_its_base(
    tiny_llama_dir: Path, tiny_organism: dict, home: Path
) -> None:
    out = ok(
        run(
            "demo",
            "--model",
            str(tiny_llama_dir),
            "--layers",
            LAYERS,
            "--organism",
            tiny_organism["adapter"],
            "--organism-per-family",
            "2",
            "--n-boot",
            "50",
            "--out-dir",
            str(home / "runs"),
            "--json",
            home=home,
        )  # fmt: skip
    )
    assert {"instructed-pairs->roleplay", "roleplay->instructed-pairs"} <= set(out["datasets"])
    organism = out["organism"]
    assert organism["name"] == "unmonitored-defector" and organism["n_scenarios"] == 2
    for key in ("cued_rate", "uncued_rate", "cue_effect", "evidence_recall", "base_false_evidence_rate"):
        est = organism[key]
        assert set(est) >= {"value", "lower", "upper", "n", "method"}
        if est["value"] is not None:
            assert est["lower"] <= est["value"] <= est["upper"]
    log = load_run(out["run_dir"])
    assert log.kind == "demo" and len(log.results.probes) == 2
    assert log.results.organism.organism.label == "organism" and log.results.organism.base.label == "base"
    dossier = Path(out["dossier"]).read_text()
    assert "organism" in dossier and "base" in dossier


def test_demo_without_the_organism(tiny_llama_dir: Path, home: Path) -> None:
    out = ok(
        run(
            "demo",
            "--model",
            str(tiny_llama_dir),
            "--layers",
            "2",
            "--organism",
            "none",
            "--n-boot",
            "50",
            "--out-dir",
            str(home / "runs"),
            "--json",
            home=home,
        )  # fmt: skip
    )
    assert "organism" not in out
    assert load_run(out["run_dir"]).results.organism is None
