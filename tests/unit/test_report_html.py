"""Reports are well-formed HTML, self-contained, and escape every model / dataset string."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import numpy as np

from redhanded.report import build_report
from redhanded.runs import RunLog, load_run, save_run

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
VOID = {"meta", "img", "br", "hr", "input", "link"}


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def _check(html_text: str) -> Checker:
    checker = Checker()
    checker.feed(html_text)
    checker.close()
    assert not checker.errors, checker.errors[:3]
    assert checker.stack == [], checker.stack
    assert "script" not in checker.tags
    assert not [a for a in checker.attrs if a.startswith("on")]  # no event handlers smuggled in
    return checker


def _est(v: float) -> dict:
    return {"value": v, "lower": v - 0.05, "upper": min(1.0, v + 0.05), "n": 50, "method": "test"}


def probe_log() -> RunLog:
    rng = np.random.default_rng(0)
    evaluation = {
        "dataset": f"evil{EVIL}",
        "n_honest": 20,
        "n_deceptive": 20,
        "n_control": 30,
        "auroc": _est(0.8),
        "auroc_vs_control": _est(0.7),
        "recall_at_fpr": _est(0.3),
        "honest_flag_rate": {"value": None, "lower": None, "upper": None, "n": 0, "method": "none"},
        "balanced_accuracy": _est(0.6),
        "scores": {
            "ids": [f"d{i}" for i in range(40)],
            "labels": [0] * 20 + [1] * 20,
            "scores": rng.normal(size=40).tolist(),
        },
        "control_test_scores": rng.normal(size=30).tolist(),
        "heatmaps": [
            {
                "kind": "most suspicious",
                "id": EVIL,
                "label": "deceptive",
                "score": 1.0,
                "tokens": ["I", " never", EVIL, " did"],
                "token_scores": [0.1, -0.5, 2.0, 0.0],
            }
        ],
    }
    probe = {
        "train_dataset": "toy",
        "layer": 3,
        "probe": "logistic",
        "params": {"C": 0.1},
        "aggregation": "mean",
        "sweep": [
            {"layer": layer, "probe": "logistic", "params": {"C": 0.1}, "val_auroc": _est(0.6 + 0.05 * layer)}
            for layer in (1, 2, 3)
        ],
        "calibration": {
            "threshold": 0.5,
            "target_fpr": 0.01,
            "n_calibration": 100,
            "realised_fpr": _est(0.05),
            "note": "0 of 30 is still up to 11.6% at 95%",
        },
        "evaluations": [evaluation],
    }
    return RunLog(
        kind="probe",
        name=f"run{EVIL}",
        model={"spec": EVIL, "fingerprint": "abc", "dtype": "float32"},
        results={"probes": [probe]},
    )


def test_probe_report_is_well_formed_and_escaped(tmp_path: Path) -> None:
    log = probe_log()
    save_run(tmp_path, log)
    path = build_report(tmp_path, load_run(tmp_path))
    text = path.read_text()
    checker = _check(text)
    assert EVIL not in text
    assert "&lt;script&gt;" in text
    assert checker.tags.count("img") >= 3  # plots are embedded
    assert "data:image/png;base64," in text
    assert "missing" in text  # a missing value is shown as missing, never 0
    assert sorted(p.name for p in (tmp_path / "plots").glob("*.png")) != []


def test_dossier_is_well_formed_and_escaped(tmp_path: Path) -> None:
    from test_honeypots import Scripted, generation_suite

    from redhanded.evidence import honeypot_results
    from redhanded.honeypots import RunSettings, load_suite

    scenarios = load_suite(per_family=2, generation_per_family=0) + generation_suite()
    backend = Scripted(scenarios, 0.9, 0.1, probe="cue")
    original = backend.generate

    def evil_generate(prompts, **kw):
        return [[r + EVIL for r in rs] for rs in original(prompts, **kw)]

    backend.generate = evil_generate  # type: ignore[method-assign]
    results = honeypot_results(backend, scenarios, settings=RunSettings(n_rollouts=2), k=4, n_boot=100)
    log = RunLog(kind="honeypots", name="hp", model={"spec": "fake"}, results={"honeypots": results})
    save_run(tmp_path, log)
    path = build_report(tmp_path, load_run(tmp_path))
    assert path.name == "dossier.html"
    text = path.read_text()
    _check(text)
    assert EVIL not in text
    assert text.count('id="alarm-') == len(results["alarms"]) >= 1
    assert "behavioural evidence" in text and "control" in text
