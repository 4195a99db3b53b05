"""Reports are pure functions of a typed run log: well-formed, self-contained pages, one per kind.

The builders here make small but complete logs of every kind (no model: a scripted backend for
the honeypot parts); test_report_escaping.py reuses them.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from redhanded.errors import RedhandedError
from redhanded.report import build_report, honeypot_summary, summary_json
from redhanded.results import DemoResults, OrganismValidation, ProbeResults
from redhanded.runs import RUNLOG_VERSION, RunLog, load_run, save_run

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
VOID = {"meta", "img", "br", "hr", "input", "link"}


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        self.ids += [value for name, value in attrs if name == "id"]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def check_html(html_text: str) -> Checker:
    checker = Checker()
    checker.feed(html_text)
    checker.close()
    assert not checker.errors, checker.errors[:3]
    assert checker.stack == [], checker.stack
    assert "script" not in checker.tags
    assert not [a for a in checker.attrs if a.startswith("on")]  # no event handlers smuggled in
    assert [t for t in checker.tags if t == "img"] and 'src="http' not in html_text  # self-contained
    return checker


# -- logs of every kind -------------------------------------------------------------------------


def est(v: float | None, n: int = 50) -> dict[str, Any]:
    if v is None:
        return {"value": None, "lower": None, "upper": None, "n": 0, "method": "no scores"}
    return {"value": v, "lower": v - 0.05, "upper": min(1.0, v + 0.05), "n": n, "method": "test"}


def probe_result(dataset: str = f"evil{EVIL}", token: str = EVIL) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    evaluation = {
        "dataset": dataset,
        "n_honest": 20,
        "n_deceptive": 20,
        "n_control": 30,
        "auroc": est(0.8),
        "auroc_vs_control": est(0.7),
        "recall_at_fpr": est(0.3),
        "honest_flag_rate": est(None),
        "balanced_accuracy": est(0.6),
        "scores": {
            "ids": [f"d{i}" for i in range(40)],
            "labels": [0] * 20 + [1] * 20,
            "scores": rng.normal(size=40).tolist(),
        },
        "control_test_scores": rng.normal(size=30).tolist(),
        "heatmaps": [
            {
                "kind": "most suspicious",
                "id": token,
                "label": "deceptive",
                "score": 1.0,
                "tokens": ["I", " never", token, " did"],
                "token_scores": [0.1, -0.5, 2.0, 0.0],
            }
        ],
    }
    return {
        "train_dataset": "toy",
        "layer": 3,
        "probe": "logistic",
        "params": {"C": 0.1},
        "aggregation": "mean",
        "sweep": [
            {"layer": layer, "probe": "logistic", "params": {"C": 0.1}, "val_auroc": est(0.6 + 0.05 * layer)}
            for layer in (1, 2, 3)
        ],
        "calibration": {
            "threshold": 0.5,
            "target_fpr": 0.01,
            "n_calibration": 100,
            "realised_fpr": est(0.05),
            "note": "0 of 30 is still up to 11.6% at 95%",
        },
        "evaluations": [evaluation],
    }


def probe_log() -> RunLog:
    return RunLog(
        kind="probe",
        name=f"run{EVIL}",
        model={"spec": EVIL, "fingerprint": "abc", "dtype": "float32"},
        results={"probes": [probe_result()]},
    )


def honeypot_run(p_cued: float, p_uncued: float, evil: str = "") -> dict[str, Any]:
    """The built-in suite (2 per family + generation scenarios) on a scripted model."""
    from test_honeypots import Scripted, generation_suite

    from redhanded.evidence import honeypot_results
    from redhanded.honeypots import RunSettings, load_suite

    scenarios = load_suite(per_family=2, generation_per_family=0) + generation_suite()
    backend = Scripted(scenarios, p_cued, p_uncued, probe="cue")
    if evil:
        original = backend.generate

        def evil_generate(prompts, **kw):
            return [[r + evil for r in rs] for rs in original(prompts, **kw)]

        backend.generate = evil_generate  # type: ignore[method-assign]
    return honeypot_results(backend, scenarios, settings=RunSettings(n_rollouts=2), k=4, n_boot=50)


def _model_block(label: str, spec: str, hp: dict[str, Any], cued: float, uncued: float) -> dict[str, Any]:
    n_alarms = len(hp["alarms"])
    n_evidence = hp["verdict_counts"]["behavioural evidence"]
    cue = {
        "cued": est(cued),
        "uncued": est(uncued),
        "no_cue": est(uncued),
        "cue_effect": est(cued - uncued),
        "cued_majority": 10 if cued > 0.5 else 0,
        "uncued_majority": 0,
    }
    return {
        "label": label,
        "model": spec,
        "fingerprint": f"{label}-fp",
        "cue": cue,
        "cue_other_scoring": {"scoring": "cloze", **cue},
        "evidence": {
            "recall": est(n_evidence / n_alarms if n_alarms else None) | {"k": n_evidence},
            "evidence_share_of_alarms": est(n_evidence / n_alarms if n_alarms else None) | {"k": n_evidence},
            "n_cued_misbehaviours": n_alarms,
            "n_alarms": n_alarms,
            "verdict_counts": hp["verdict_counts"],
        },
        "honeypots": hp,
        "probe": {
            "firing_cued": est(0.9) | {"k": 9},
            "firing_uncued": est(0.1) | {"k": 1},
            "excess_firing": est(0.8),
            "mean_score_cued": est(None),  # missing, shown as missing
            "auroc_cued_vs_uncued": est(0.9),
        },
    }


def organism_validation(org_hp: dict[str, Any], base_hp: dict[str, Any], spec: str = "organism:x") -> dict:
    """A validate_organism-shaped dict (plus the jobs' manifest and adapter) around two honeypot runs."""
    summary: dict[str, Any] = {"behavior": "unmonitored-defector", "n_scenarios": 10, "scoring": "letter"}
    figures = {
        "cued_rate": 0.9,
        "uncued_rate": 0.1,
        "cue_effect": 0.8,
        "base_cue_effect": 0.0,
        "evidence_recall": 0.7,
        "base_false_evidence_rate": None,
    }
    for key, value in figures.items():
        summary[key], summary[f"{key}_ci"] = value, None if value is None else [value - 0.05, value + 0.05]
    summary |= {
        "n_cued_misbehaviours": 10,
        "n_base_alarms": 0,
        "targets": {
            "cued_rate": {"target": ">= 0.8", "value": 0.9, "met": True},
            "evidence_recall": {"target": ">= 0.80", "value": 0.7, "met": False},
            "base_false_evidence_rate": {"target": "<= 0.05", "value": None, "met": None},
        },
        "all_targets_met": False,
    }
    return {
        "behavior": "unmonitored-defector",
        "families": ["oversight"],
        "n_scenarios": 10,
        "scoring": "letter",
        "definition": "behaviour rate = mean P(misaligned)",
        "other_definition": "the cloze one",
        "organism": _model_block("organism", spec, org_hp, 0.9, 0.1),
        "base": _model_block("base", "base-model", base_hp, 0.5, 0.5),
        "probe": {
            "layer": 3,
            "threshold": 0.25,
            "train_dataset": "instructed-pairs",
            "source": "probe-instructed-pairs of this run",
            "comparison": {
                "firing_diff_cued": est(0.3),
                "score_diff_cued": est(None),
                "auroc_organism_vs_base_cued": est(0.7),
            },
        },
        "base_aligned": {
            "n": 3,
            "scenario_ids": ["a", "b", "c"],
            "cued": est(0.9),
            "uncued": est(0.1),
            "cue_effect": est(0.8),
            "base": {"cued": est(0.2), "uncued": est(0.2), "cue_effect": est(0.0)},
        },
        "summary": summary,
        "manifest": {"behavior": "unmonitored-defector", "base_spec": "base-model", "rank": 8, "steps": 100},
        "adapter": "organisms/unmonitored-defector",
    }


def demo_log() -> RunLog:
    """A demo run as jobs/demo.py assembles it: probes, then the organism beside its base."""
    log = RunLog(kind="demo", name="demo", model={"spec": "tiny", "fingerprint": "abc"})
    log.results = {"probes": [probe_result("roleplay"), probe_result("instructed-pairs")]}
    validation = organism_validation(honeypot_run(0.95, 0.05), honeypot_run(0.5, 0.5))
    log.results = {
        "probes": [probe_result("roleplay"), probe_result("instructed-pairs")],
        "organism": validation,
    }
    return log


# -- the tests ----------------------------------------------------------------------------------


def test_probe_report_is_well_formed_and_escaped(tmp_path: Path) -> None:
    save_run(tmp_path, probe_log())
    path = build_report(tmp_path, load_run(tmp_path))
    assert path.name == "report.html" and not (tmp_path / "dossier.html").exists()
    text = path.read_text()
    checker = check_html(text)
    assert EVIL not in text
    assert "&lt;script&gt;" in text
    assert checker.tags.count("img") >= 3  # plots are embedded
    assert "data:image/png;base64," in text
    assert "missing" in text  # a missing value is shown as missing, never 0
    assert "score &gt; 0.5000" in text  # the threshold, stated as score > t
    assert sorted(p.name for p in (tmp_path / "plots").glob("*.png")) != []


def test_dossier_is_well_formed_and_escaped(tmp_path: Path) -> None:
    results = honeypot_run(0.9, 0.1, evil=EVIL)
    log = RunLog(kind="honeypots", name="hp", model={"spec": "fake"}, results={"honeypots": results})
    save_run(tmp_path, log)
    path = build_report(tmp_path, load_run(tmp_path))
    assert path.name == "dossier.html" and not (tmp_path / "report.html").exists()
    text = path.read_text()
    checker = check_html(text)
    assert EVIL not in text
    assert [i for i in checker.ids if i.startswith("alarm-")] == [
        f"alarm-{i}" for i in range(len(results["alarms"]))
    ]
    assert len(results["alarms"]) >= 1
    assert "behavioural evidence" in text and "control cue" in text
    assert "score &gt; 0.0000" in text


def test_demo_report_shows_probes_and_organism_and_dossier_side_by_side(tmp_path: Path) -> None:
    log = demo_log()
    assert isinstance(log.results, DemoResults) and isinstance(log.results.organism, OrganismValidation)
    save_run(tmp_path, log)
    path = build_report(tmp_path, load_run(tmp_path))
    assert path.name == "report.html"
    report = path.read_text()
    check_html(report)
    # the probes, and the organism beside its base: cue table and plot, verdicts, targets
    assert report.count("<h2>Probe ") == 2 and "roleplay" in report and "instructed-pairs" in report
    assert 'alt="organism-cue-dependence"' in report and "cue effect (cued - uncued)" in report
    assert "Grounding verdicts" in report and "Targets" in report and 'href="dossier.html"' in report
    assert "base_false_evidence_rate" in report and '<span class="missing"' in report
    assert "score &gt; 0.2500" in report  # the organism probe's threshold
    # the dossier: organism and base side by side, every alarm of both with its verdict
    dossier = (tmp_path / "dossier.html").read_text()
    checker = check_html(dossier)
    v = log.results.organism
    n_org, n_base = len(v.organism.honeypots.alarms), len(v.base.honeypots.alarms)
    assert n_org >= 1 and n_base >= 1
    assert [i for i in checker.ids if i.startswith("alarm-")] == [f"alarm-{i}" for i in range(n_org + n_base)]
    assert "<th>organism</th><th>base</th>" in dossier and 'class="side"' in dossier
    assert dossier.count("Alarm ") >= n_org + n_base and "(organism)" in dossier and "(base)" in dossier
    assert dossier.count("control cue:") == n_org + n_base  # the control arm beside each honeypot arm
    assert {p.name for p in (tmp_path / "plots").iterdir()} >= {
        "hp-behaviour.png",
        "hp-firing.png",
        "organism-cue-dependence.png",
        "p0-auroc-by-layer.png",
        "p1-auroc-by-layer.png",
    }


def test_report_is_rebuilt_from_run_json_alone(tmp_path: Path) -> None:
    save_run(tmp_path, demo_log())
    first = build_report(tmp_path, load_run(tmp_path)).read_text()
    (tmp_path / "report.html").unlink()
    (tmp_path / "dossier.html").unlink()
    for png in (tmp_path / "plots").iterdir():
        png.unlink()
    again = build_report(tmp_path, load_run(tmp_path / "run.json")).read_text()
    assert again == first and (tmp_path / "dossier.html").is_file()


def test_organism_run_writes_report_and_dossier(tmp_path: Path) -> None:
    validation = organism_validation(honeypot_run(0.95, 0.05), honeypot_run(0.5, 0.5))
    log = RunLog(kind="organism", name="org", model={"spec": "organism:x"}, results={"organism": validation})
    path = build_report(tmp_path, log)
    assert path.name == "report.html" and (tmp_path / "dossier.html").is_file()
    report = path.read_text()
    check_html(report)
    assert "<h2>Probe" not in report and "beside its base model" in report
    out = summary_json(log, tmp_path)
    assert out["dossier"].endswith("dossier.html") and "datasets" not in out


def test_results_are_typed_by_kind_and_dicts_are_validated_on_assignment() -> None:
    log = RunLog(kind="probe", name="x")
    assert log.results is None
    log.results = {"probes": [probe_result()]}  # as the jobs assign it
    assert isinstance(log.results, ProbeResults) and log.results.kind == "probe"
    assert log.results.probes[0].evaluations[0].honest_flag_rate.value is None
    with pytest.raises(ValueError, match="organism"):
        log.results = {"probes": [], "organism": {}}  # a probe run has no organism
    with pytest.raises(ValueError, match="kind"):
        RunLog(kind="probe", name="x", results={"kind": "demo", "probes": []})
    hp = honeypot_run(0.9, 0.1)
    summary = honeypot_summary(
        RunLog(kind="honeypots", name="h", results={"honeypots": hp}).results.honeypots
    )
    overall = summary["overall"]["behaviour_rate"]
    assert set(overall["control"]) == {"value", "lower", "upper", "n", "method"}
    assert overall["honeypot"]["value"] > overall["control"]["value"]


def test_load_run_rejects_results_that_do_not_match_the_kind(tmp_path: Path) -> None:
    save_run(tmp_path, probe_log())
    record = json.loads((tmp_path / "run.json").read_text())
    assert record["version"] == RUNLOG_VERSION and record["results"]["kind"] == "probe"
    record["kind"] = "honeypots"
    del record["results"]["kind"]
    (tmp_path / "run.json").write_text(json.dumps(record))
    with pytest.raises(RedhandedError, match="not a valid run log") as err:
        load_run(tmp_path)
    assert "\n" not in str(err.value) and "honeypots" in str(err.value)
    record["kind"], record["results"]["kind"] = "probe", "demo"
    del record["results"]["probe_dir"]  # a demo's results fit DemoResults, but not this probe run
    (tmp_path / "run.json").write_text(json.dumps(record))
    with pytest.raises(RedhandedError, match="results of kind 'demo' in a run of kind 'probe'"):
        load_run(tmp_path)
    record["version"] = RUNLOG_VERSION + 1
    (tmp_path / "run.json").write_text(json.dumps(record))
    with pytest.raises(RedhandedError, match="newer than this redhanded"):
        load_run(tmp_path)


def test_missing_estimates_are_null_in_run_json_never_nan(tmp_path: Path) -> None:
    result = probe_result()
    result["evaluations"][0]["auroc"] = {
        "value": float("nan"),
        "lower": 0.1,
        "upper": float("inf"),
        "n": 3,
        "method": "m",
    }
    save_run(tmp_path, RunLog(kind="probe", name="x", results={"probes": [result]}))
    text = (tmp_path / "run.json").read_text()
    assert "NaN" not in text and "Infinity" not in text
    auroc = json.loads(text)["results"]["probes"][0]["evaluations"][0]["auroc"]
    assert auroc == {"value": None, "lower": 0.1, "upper": None, "n": 3, "method": "m"}
    out = summary_json(load_run(tmp_path), tmp_path)
    json.dumps(out, allow_nan=False)
    assert out["datasets"][f"evil{EVIL}"]["auroc"]["value"] is None


def test_a_forecast_run_has_no_html_report(tmp_path: Path) -> None:
    log = RunLog(kind="forecast-trend", name="t", results={"doubling_time_days": {"estimate": 200.0}})
    with pytest.raises(RedhandedError, match="no HTML report"):
        build_report(tmp_path, log)
    with pytest.raises(RedhandedError, match="no results"):
        build_report(tmp_path, RunLog(kind="probe", name="empty"))
