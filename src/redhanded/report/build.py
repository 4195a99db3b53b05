"""Write a run's report (``report.html``, ``plots/*.png``) from its RunLog; terminal and JSON summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redhanded._io import atomic_write_bytes, atomic_write_text
from redhanded.errors import RedhandedError
from redhanded.report.dossier import dossier_html, family_bars_png
from redhanded.report.html import probe_report_html
from redhanded.report.organism import organism_bars_png, organism_report_html
from redhanded.report.plots import auroc_by_layer_png, histogram_png, roc_png
from redhanded.runs import RunLog

__all__ = ["build_dossier", "build_report", "honeypot_summary", "summary_json", "summary_table"]


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def _probe_plots(probe: dict[str, Any], index: int) -> dict[str, bytes]:
    train = probe["train_dataset"]
    plots = {
        f"p{index}-auroc-by-layer": auroc_by_layer_png(
            probe["sweep"], probe["layer"], f"{train}: AUROC by layer"
        )
    }
    for ev in probe["evaluations"]:
        key = _safe(ev["dataset"])
        plots[f"p{index}-roc-{key}"] = roc_png(ev, f"{train} -> {ev['dataset']}")
        plots[f"p{index}-hist-{key}"] = histogram_png(
            ev, probe["calibration"]["threshold"], f"{train} -> {ev['dataset']}"
        )
    return plots


def build_dossier(run_dir: Path, log: RunLog) -> Path:
    """Write ``dossier.html`` and its plots for a run with honeypot results."""
    hp = log.results["honeypots"]
    plots = {
        "hp-behaviour": family_bars_png(hp["stats"], "behaviour_rate", "behaviour rate (mean P misaligned)"),
        "hp-firing": family_bars_png(hp["stats"], "firing_rate", "probe firing rate"),
    }
    for name, png in plots.items():
        atomic_write_bytes(run_dir / "plots" / f"{name}.png", png)
    path = run_dir / "dossier.html"
    atomic_write_text(path, dossier_html(log, plots))
    return path


def build_report(run_dir: Path, log: RunLog) -> Path:
    """Write the run's pages (``report.html`` and/or ``dossier.html``) and plots; return the main page."""
    plots_dir = run_dir / "plots"
    plots_dir.mkdir(parents=True, exist_ok=True)
    if "organism" in log.results:
        plots = {"organism-cue-dependence": organism_bars_png(log.results["organism"])}
        for name, png in plots.items():
            atomic_write_bytes(plots_dir / f"{name}.png", png)
        path = run_dir / "report.html"
        atomic_write_text(path, organism_report_html(log, plots))
        return path
    if "honeypots" in log.results:
        dossier = build_dossier(run_dir, log)
        if "probes" not in log.results:
            return dossier
        log = log.model_copy(update={"results": log.results | {"links": {"evidence dossier": dossier.name}}})
    if "probes" not in log.results:
        raise RedhandedError(f"{run_dir} has no results a report can show (kind {log.kind!r})")
    all_plots: dict[str, dict[str, bytes]] = {}
    for i, probe in enumerate(log.results.get("probes", [])):
        all_plots[str(i)] = _probe_plots(probe, i)
        for name, png in all_plots[str(i)].items():
            atomic_write_bytes(plots_dir / f"{name}.png", png)
    path = run_dir / "report.html"
    atomic_write_text(path, probe_report_html(log, all_plots))
    return path


def _est(e: dict[str, Any] | None) -> dict[str, Any]:
    if not e or e.get("value") is None:
        return {"value": None, "ci": None}
    return {"value": e["value"], "ci": [e["lower"], e["upper"]]}


def summary_json(log: RunLog, run_dir: Path) -> dict[str, Any]:
    """The machine-readable summary of a probe run (``--json``)."""
    probes = log.results.get("probes", [])
    out: dict[str, Any] = {"run_dir": str(run_dir), "report": str(run_dir / "report.html")}
    if probes:
        out["layer"] = probes[0]["layer"]
        out["threshold"] = probes[0]["calibration"]["threshold"]
    datasets: dict[str, Any] = {}
    for probe in probes:
        for ev in probe["evaluations"]:
            key = ev["dataset"] if len(probes) == 1 else f"{probe['train_dataset']}->{ev['dataset']}"
            datasets[key] = {
                "train_dataset": probe["train_dataset"],
                "layer": probe["layer"],
                "auroc": _est(ev["auroc"])["value"],
                "auroc_ci": _est(ev["auroc"])["ci"],
                "auroc_vs_control": _est(ev["auroc_vs_control"])["value"],
                "auroc_vs_control_ci": _est(ev["auroc_vs_control"])["ci"],
                "recall_at_fpr": _est(ev["recall_at_fpr"])["value"],
                "recall_at_fpr_ci": _est(ev["recall_at_fpr"])["ci"],
                "honest_flag_rate": _est(ev["honest_flag_rate"])["value"],
                "honest_flag_rate_ci": _est(ev["honest_flag_rate"])["ci"],
                "balanced_accuracy": _est(ev["balanced_accuracy"])["value"],
                "balanced_accuracy_ci": _est(ev["balanced_accuracy"])["ci"],
                "realised_fpr": _est(probe["calibration"]["realised_fpr"])["value"],
            }
    out["datasets"] = datasets
    if "honeypots" in log.results:
        out["dossier"] = str(run_dir / "dossier.html")
        out["honeypots"] = honeypot_summary(log.results["honeypots"])
    return out


def honeypot_summary(hp: dict[str, Any]) -> dict[str, Any]:
    """Per family: behaviour and firing rates per arm with CIs, and the count of each verdict."""
    out: dict[str, Any] = {}
    for family, block in hp["stats"].items():
        out[family] = {
            "behaviour_rate": {arm: _est(block[arm]["behaviour_rate"]) for arm in ("honeypot", "control")},
            "firing_rate": {arm: _est(block[arm]["firing_rate"]) for arm in ("honeypot", "control")},
            "n_unscored": {arm: block[arm]["n_unscored"] for arm in ("honeypot", "control")},
            "verdicts": hp["verdicts_by_family"].get(family, {}),
        }
        if "behaviour_test" in block["paired"]:
            out[family]["behaviour_test_p"] = block["paired"]["behaviour_test"]["p_value"]
    return out


def summary_table(log: RunLog) -> Any:
    """A rich table of the headline numbers for the terminal."""
    from rich.table import Table

    def cell(e: dict[str, Any] | None, pct: bool = False) -> str:
        if not e or e.get("value") is None:
            return "missing"
        f = (lambda x: f"{100 * x:.1f}%") if pct else (lambda x: f"{x:.3f}")
        return f"{f(e['value'])} [{f(e['lower'])}, {f(e['upper'])}]"

    table = Table(title=f"{log.name}: deception probes (95% CIs)")
    for col in (
        "train -> test",
        "layer",
        "AUROC hon/dec",
        "AUROC dec/ctrl",
        "recall@thr",
        "honest flagged",
        "ctrl FPR",
    ):
        table.add_column(col)
    for probe in log.results.get("probes", []):
        for ev in probe["evaluations"]:
            table.add_row(
                f"{probe['train_dataset']} -> {ev['dataset']}",
                str(probe["layer"]),
                cell(ev["auroc"]),
                cell(ev["auroc_vs_control"]),
                cell(ev["recall_at_fpr"], True),
                cell(ev["honest_flag_rate"], True),
                cell(probe["calibration"]["realised_fpr"], True),
            )
    return table
