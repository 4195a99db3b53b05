"""Machine-readable (``--json``) and terminal summaries of a run: pure functions of its typed log.

Every estimate is written as the one :class:`~redhanded.metrics.Estimate` shape (value, lower,
upper, n, method); a missing number is ``null``, never 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redhanded.errors import RedhandedError
from redhanded.metrics import Estimate
from redhanded.results import (
    DemoResults,
    HoneypotRun,
    HoneypotsResults,
    OrganismResults,
    ProbeResult,
    ProbeResults,
)
from redhanded.runs import RunLog

__all__ = ["honeypot_summary", "summary_json", "summary_table"]


def _probes(log: RunLog) -> list[ProbeResult]:
    return log.results.probes if isinstance(log.results, (ProbeResults, DemoResults)) else []


def _has_dossier(log: RunLog) -> bool:
    r = log.results
    if isinstance(r, DemoResults):
        return r.organism is not None
    return isinstance(r, (HoneypotsResults, OrganismResults))


def summary_json(log: RunLog, run_dir: Path) -> dict[str, Any]:
    """The machine-readable summary of a run (``--json``): its pages and headline numbers."""
    if log.results is None:
        raise RedhandedError(f"{run_dir}: the run has no results (kind {log.kind!r}): re-run the job")
    out: dict[str, Any] = {"run_dir": str(run_dir), "kind": log.kind}
    if not isinstance(log.results, HoneypotsResults):
        out["report"] = str(run_dir / "report.html")
    if _has_dossier(log):
        out["dossier"] = str(run_dir / "dossier.html")
    probes = _probes(log)
    if probes:
        out["layer"] = probes[0].layer
        out["threshold"] = probes[0].calibration.threshold
        out["alarm_rule"] = "score > threshold"
        datasets: dict[str, Any] = {}
        for probe in probes:
            for ev in probe.evaluations:
                key = ev.dataset if len(probes) == 1 else f"{probe.train_dataset}->{ev.dataset}"
                realised = probe.calibration.realised_fpr
                datasets[key] = {
                    "train_dataset": probe.train_dataset,
                    "layer": probe.layer,
                    "threshold": probe.calibration.threshold,
                    **{
                        name: getattr(ev, name).model_dump()
                        for name in (
                            "auroc",
                            "auroc_vs_control",
                            "recall_at_fpr",
                            "honest_flag_rate",
                            "balanced_accuracy",
                        )
                    },
                    "realised_fpr": None if realised is None else realised.model_dump(),
                }
        out["datasets"] = datasets
    if isinstance(log.results, HoneypotsResults):
        out["scoring"] = log.results.honeypots.settings.scoring
        out["honeypots"] = honeypot_summary(log.results.honeypots)
    return out


def honeypot_summary(hp: HoneypotRun) -> dict[str, Any]:
    """Per family: behaviour and firing rates per arm (each an Estimate dict), unscored counts, verdicts."""
    out: dict[str, Any] = {}
    arms = ("honeypot", "control")
    for family, block in hp.stats.items():
        out[family] = {
            "behaviour_rate": {arm: getattr(block, arm).behaviour_rate.model_dump() for arm in arms},
            "firing_rate": {arm: getattr(block, arm).firing_rate.model_dump() for arm in arms},
            "n_unscored": {arm: getattr(block, arm).n_unscored for arm in arms},
            "verdicts": hp.verdicts_by_family.get(family, {}),
        }
        if block.paired.behaviour_test is not None:
            out[family]["behaviour_test_p"] = block.paired.behaviour_test.p_value
    return out


def _cell(e: Estimate | None, pct: bool = False) -> str:
    if e is None or e.value is None:
        return "missing"

    def f(x: float | None) -> str:
        if x is None:
            return "missing"
        return f"{100 * x:.1f}%" if pct else f"{x:.3f}"

    return f"{f(e.value)} [{f(e.lower)}, {f(e.upper)}]"


def summary_table(log: RunLog) -> Any:
    """A rich table of the probes' headline numbers for the terminal."""
    from rich.table import Table

    table = Table(title=f"{log.name}: deception probes (95% CIs; alarm = score > threshold)")
    for col in (
        "train -> test",
        "layer",
        "threshold",
        "AUROC hon/dec",
        "AUROC dec/ctrl",
        "recall@thr",
        "honest flagged",
        "ctrl FPR",
    ):
        table.add_column(col)
    for probe in _probes(log):
        for ev in probe.evaluations:
            table.add_row(
                f"{probe.train_dataset} -> {ev.dataset}",
                str(probe.layer),
                f"{probe.calibration.threshold:.4g}",
                _cell(ev.auroc),
                _cell(ev.auroc_vs_control),
                _cell(ev.recall_at_fpr, True),
                _cell(ev.honest_flag_rate, True),
                _cell(probe.calibration.realised_fpr, True),
            )
    return table
