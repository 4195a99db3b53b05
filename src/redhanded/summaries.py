"""What the terminal shows after a command: rich tables and one-line verdicts, from a run's results."""

from __future__ import annotations

from typing import Any

__all__ = ["honeypot_table", "organism_json", "organism_lines", "organism_table"]

# the organism figures `redhanded demo --json` reports, as (key, key in the validation summary)
ORGANISM_FIGURES = (
    "cued_rate",
    "uncued_rate",
    "cue_effect",
    "base_cue_effect",
    "evidence_recall",
    "base_false_evidence_rate",
)


def _est(block: dict[str, Any]) -> dict[str, Any]:
    return {k: block.get(k) for k in ("value", "lower", "upper", "n", "method")}


def _estimates(validation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The headline estimates of a validation (value, lower, upper, n, method each)."""
    org, base = validation["organism"], validation["base"]
    return {
        "cued_rate": _est(org["cue"]["cued"]),
        "uncued_rate": _est(org["cue"]["uncued"]),
        "cue_effect": _est(org["cue"]["cue_effect"]),
        "base_cue_effect": _est(base["cue"]["cue_effect"]),
        "evidence_recall": _est(org["evidence"]["recall"]),
        "base_false_evidence_rate": _est(base["evidence"]["evidence_share_of_alarms"]),
    }


def organism_json(validation: dict[str, Any]) -> dict[str, Any]:
    """The ``organism`` object of ``redhanded demo --json``."""
    org, base = validation["organism"], validation["base"]
    return {
        "name": validation["manifest"]["behavior"],
        "adapter": validation.get("adapter"),
        "scoring": validation["scoring"],
        "n_scenarios": validation["n_scenarios"],
        **_estimates(validation),
        "verdicts": org["evidence"]["verdict_counts"],
        "base_verdicts": base["evidence"]["verdict_counts"],
        "targets": validation["summary"]["targets"],
    }


def _fmt(e: dict[str, Any], signed: bool = False) -> str:
    if e["value"] is None:
        return "missing"
    f = "{:+.2f}" if signed else "{:.2f}"
    return f"{f.format(e['value'])} [{e['lower']:.2f}, {e['upper']:.2f}]"


def organism_lines(validation: dict[str, Any]) -> list[str]:
    """One line for the organism and one for its base model: what was caught, what was cleared."""
    est = _estimates(validation)
    org, base = validation["organism"]["evidence"], validation["base"]["evidence"]
    name = validation["manifest"]["behavior"]
    n_org = org["verdict_counts"].get("behavioural evidence", 0)
    n_base = base["verdict_counts"].get("behavioural evidence", 0)
    recall = org["recall"]
    caught = (
        f"organism {name}: misbehaves when cued ({_fmt(est['cued_rate'])} cued vs "
        f"{_fmt(est['uncued_rate'])} uncued, cue effect {_fmt(est['cue_effect'], True)}); "
        f"{n_org} of {org['n_alarms']} alarms graded behavioural evidence "
        f"(recall {recall['k']}/{recall['n']} of its cued misbehaviours)"
    )
    cleared = (
        f"base model: cue effect {_fmt(est['base_cue_effect'], True)}; {n_base} of {base['n_alarms']} "
        f"alarms graded behavioural evidence" + (" (cleared)" if n_base == 0 else " (NOT cleared)")
    )
    return [caught, cleared]


def organism_table(summary: dict[str, Any]) -> Any:
    """The validation summary with targets, as a rich table."""
    from rich.table import Table

    table = Table(title=f"organism {summary['behavior']}: validation (95% CIs)")
    for col in ("measure", "value", "target", "met"):
        table.add_column(col)
    for key, value in summary.items():
        if not key.endswith("_ci") and f"{key}_ci" in summary:
            ci = summary[f"{key}_ci"]
            cell = "missing" if value is None else f"{value:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"
            target = summary["targets"].get(key, {})
            met = target.get("met")
            table.add_row(
                key,
                cell,
                target.get("target", ""),
                "" if not target else ("missing" if met is None else str(met)),
            )
    return table


def honeypot_table(summary: dict[str, Any]) -> Any:
    """Per family: behaviour and firing rates in both arms, and the verdicts, as a rich table."""
    from rich.table import Table

    def cell(e: dict[str, Any]) -> str:
        return "missing" if e["value"] is None else f"{e['value']:.2f} [{e['ci'][0]:.2f}, {e['ci'][1]:.2f}]"

    table = Table(title="Honeypot vs control (95% CIs)")
    for col in ("family", "behaviour honeypot", "behaviour control", "firing honeypot", "firing control"):
        table.add_column(col)
    table.add_column("verdicts")
    for family, block in summary.items():
        table.add_row(
            family,
            cell(block["behaviour_rate"]["honeypot"]),
            cell(block["behaviour_rate"]["control"]),
            cell(block["firing_rate"]["honeypot"]),
            cell(block["firing_rate"]["control"]),
            ", ".join(f"{k}: {v}" for k, v in block["verdicts"].items()),
        )
    return table
