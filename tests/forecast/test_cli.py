import json
import subprocess
import sys
from pathlib import Path

import pytest

from redhanded.cli import main
from redhanded.runs import RUNLOG_VERSION, RunLog, load_run

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "redhanded" / "forecast" / "examples"


def run_cli(monkeypatch, capsys, *args):
    """Run ``redhanded ARGS`` in-process; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["redhanded", *map(str, args)])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_trend_json_reproduces_metr(monkeypatch, capsys, tmp_path, metr_file):
    path = metr_file("benchmark_results_1_1.yaml")
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "forecast",
        "trend",
        path,
        "--since",
        "2023-01-01",
        "--json",
        "--n-boot",
        "200",
        "--out-dir",
        tmp_path,
    )
    assert code == 0
    obj = json.loads(out)  # exactly one JSON object
    key = next(k for k in obj if "doubling" in k)
    assert abs(obj[key]["estimate"] - 130.8) <= 0.5
    assert obj["window"]["since"] == "2023-01-01"
    run_dir = Path(obj["run_dir"])
    record = json.loads((run_dir / "run.json").read_text())
    assert record["version"] == RUNLOG_VERSION and record["kind"] == "forecast-trend"
    assert record["results"]["kind"] == "forecast-trend"
    assert abs(record["results"][key]["estimate"] - 130.8) <= 0.5
    assert set(record) == set(RunLog.model_fields)  # the same run log as every other command
    log = load_run(run_dir)
    assert log.kind == "forecast-trend" and log.config["since"] == "2023-01-01"
    assert log.packages["redhanded"] and abs(getattr(log.results, key)["estimate"] - 130.8) <= 0.5
    assert (run_dir / "plots" / "trend.png").stat().st_size > 1000
    assert run_dir.parent == tmp_path and run_dir.name.endswith("-forecast-trend")


def test_trend_human_output_prints_window(monkeypatch, capsys, tmp_path, metr_file):
    path = metr_file("benchmark_results_1_1.yaml")
    code, out, _ = run_cli(
        monkeypatch, capsys, "forecast", "trend", path, "--n-boot", "50", "--out-dir", tmp_path
    )
    assert code == 0
    assert "doubling time 196.5" in out
    assert "window all time" in out


def test_trend_from_runs_with_release_dates(monkeypatch, capsys, tmp_path, metr_file):
    path = metr_file("all_runs_2025-02_b9a402f.jsonl")
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "forecast",
        "trend",
        path,
        "--release-dates",
        EXAMPLES / "metr_release_dates_2025-02.csv",
        "--since",
        "2023-01-01",
        "--n-boot",
        "30",
        "--json",
        "--out-dir",
        tmp_path,
    )
    assert code == 0
    obj = json.loads(out)
    assert obj["bootstrap"] == "runs"
    d = obj["doubling_time_days"]
    assert d["lower"] <= d["estimate"] <= (d["upper"] or float("inf"))
    assert {f["model"] for f in obj["horizons"]["fits"]} >= {"o1", "GPT-4o"}
    assert any("human" in e for e in obj["excluded"])


def _csv(tmp_path, rows):
    p = tmp_path / "t.csv"
    p.write_text("model,release_date,value\n" + "".join(f"{r}\n" for r in rows))
    return p


@pytest.mark.parametrize(
    "rows, extra, message",
    [
        (["a,2023-01-01,1", "b,2023-06-01,2", "c,2024-01-01,4"], ["--since", "01/01/2023"], "YYYY-MM-DD"),
        (["a,2023/01/01,1", "b,2023-06-01,2", "c,2024-01-01,4"], [], "YYYY-MM-DD"),
        (["a,2023-01-01,1", "b,2023-06-01,2"], [], "at least 3"),
        (["a,2023-01-01,1", "b,2023-06-01,0", "c,2024-01-01,4"], [], "positive"),
        (["a,2023-01-01,1", "b,2023-06-01,2", "c,2024-01-01,4"], ["--frontier", "best"], "frontier"),
    ],
)
def test_malformed_inputs_exit_2(monkeypatch, capsys, tmp_path, rows, extra, message):
    code, out, err = run_cli(
        monkeypatch,
        capsys,
        "forecast",
        "trend",
        _csv(tmp_path, rows),
        "--metric",
        "value",
        "--out-dir",
        tmp_path,
        *extra,
    )
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_rnd_json_and_example(monkeypatch, capsys, tmp_path):
    code, out, _ = run_cli(
        monkeypatch, capsys, "forecast", "rnd", "--json", "--n-draws", "500", "--out-dir", tmp_path
    )
    assert code == 0
    obj = json.loads(out)
    ratios = {(c["a"], c["b"]): c for c in obj["comparisons"]}
    auto = ratios[("automatedcorp", "normalcorp")]
    assert auto["ratio"] == pytest.approx(50**0.7, rel=1e-9)
    mc = auto["monte_carlo"]["ratio"]
    assert mc["level"] == 0.8 and mc["lower"] <= mc["estimate"] <= mc["upper"]
    assert ratios[("normalcorp", "slowcorp")]["ratio"] == pytest.approx(9.966, abs=0.001)
    plots = sorted(p.name for p in (Path(obj["run_dir"]) / "plots").iterdir())
    assert "sweep_automatedcorp_vs_normalcorp.png" in plots

    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "forecast",
        "rnd",
        EXAMPLES / "rnd.toml",
        "--n-draws",
        "200",
        "--lambda",
        "0.5",
        "--json",
        "--out-dir",
        tmp_path,
    )
    assert code == 0
    obj = json.loads(out)
    assert obj["params"]["parallel_exponent"] == 0.5
    half = next(c for c in obj["comparisons"] if c["b"] == "half_quality_automated")
    assert half["ratio"] == pytest.approx(2**0.5, rel=1e-9)  # Cobb-Douglas, alpha 0.5


def test_rnd_unknown_scenario_and_field_exit_2(monkeypatch, capsys, tmp_path):
    code, _, err = run_cli(
        monkeypatch, capsys, "forecast", "rnd", "--compare", "fastcorp/x", "--out-dir", tmp_path
    )
    assert code == 2 and "unknown scenario" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("lambda = 0.3\n")
    code, _, err = run_cli(monkeypatch, capsys, "forecast", "rnd", bad, "--out-dir", tmp_path)
    assert code == 2 and "lambda" in err


def test_scheming_json_with_honeypot_run(monkeypatch, capsys, tmp_path):
    hp = tmp_path / "hp-run"
    hp.mkdir()
    (hp / "run.json").write_text(
        json.dumps(
            {
                "results": {
                    "arms": {"honeypot": {"n": 50, "misaligned": 1}, "control": {"n": 50, "misaligned": 1}}
                }
            }
        )
    )
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "forecast",
        "scheming",
        EXAMPLES / "scheming.toml",
        "--honeypot-run",
        hp,
        "--split",
        "--n-draws",
        "500",
        "--json",
        "--out-dir",
        tmp_path,
    )
    assert code == 0
    obj = json.loads(out)
    steps = obj["steps"]
    assert steps[0]["name"] == "prior" and steps[0]["probability"] == pytest.approx(0.25)
    # factors 1.5 x 1.0 x 1.3 on odds 1/3 -> 0.65
    assert steps[3]["odds"] == pytest.approx(0.65)
    assert steps[-1]["name"].startswith("honeypots:")
    drop = steps[-2]["p_derpy"] - steps[-1]["p_derpy"]  # a reassuring honeypot run lowers it
    assert 0.0 < drop <= steps[-2]["p_derpy"]
    post = obj["posterior"]
    assert post["lower"] <= post["estimate"] <= post["upper"]
    assert (Path(obj["run_dir"]) / "plots" / "ledger.png").is_file()


def test_scheming_bad_prior_exit_2(monkeypatch, capsys, tmp_path):
    led = tmp_path / "l.toml"
    led.write_text("prior = 1.5\n")
    code, _, err = run_cli(monkeypatch, capsys, "forecast", "scheming", led, "--out-dir", tmp_path)
    assert code == 2 and "prior" in err


def test_forecast_cli_imports_no_torch_or_numpy():
    code = (
        "import sys, redhanded.cli; "
        "bad = [m for m in ('torch', 'numpy', 'matplotlib', 'scipy') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
