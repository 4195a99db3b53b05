"""What the terminal shows after a command: rich tables and one-line verdicts, from a run's typed results."""

from __future__ import annotations

from typing import Any

from redhanded.metrics import Estimate
from redhanded.results import OrganismSummary, OrganismValidation

__all__ = ["honeypot_table", "organism_json", "organism_lines", "organism_table"]


def organism_json(validation: OrganismValidation) -> dict[str, Any]:
    """The ``organism`` object of ``redhanded demo --json``: the headline estimates with their CIs."""
    return {
        "name": validation.behavior,
        "adapter": validation.adapter,
        "scoring": validation.scoring,
        "n_scenarios": validation.n_scenarios,
        **{key: est.model_dump(mode="json") for key, est in validation.headline().items()},
        "verdicts": validation.organism.evidence.verdict_counts,
        "base_verdicts": validation.base.evidence.verdict_counts,
        "targets": {k: t.model_dump(mode="json") for k, t in validation.summary.targets.items()},
    }


def _fmt(e: Estimate, signed: bool = False) -> str:
    if e.value is None or e.lower is None or e.upper is None:
        return "missing"
    f = "{:+.2f}" if signed else "{:.2f}"
    return f"{f.format(e.value)} [{e.lower:.2f}, {e.upper:.2f}]"


def organism_lines(validation: OrganismValidation) -> list[str]:
    """One line for the organism and one for its base model: what was caught, what was cleared."""
    est = validation.headline()
    org, base = validation.organism.evidence, validation.base.evidence
    n_org = org.verdict_counts.get("behavioural evidence", 0)
    n_base = base.verdict_counts.get("behavioural evidence", 0)
    caught = (
        f"organism {validation.behavior}: cued {_fmt(est['cued_rate'])} vs uncued {_fmt(est['uncued_rate'])} "
        f"(cue effect {_fmt(est['cue_effect'], True)}); {n_org} of {org.n_alarms} alarms graded "
        f"behavioural evidence, {org.recall.k} of {org.recall.n} cued misbehaviours"
    )
    cleared = (
        f"base model: cue effect {_fmt(est['base_cue_effect'], True)}; {n_base} of {base.n_alarms} "
        "alarms graded behavioural evidence" + (" (cleared)" if n_base == 0 else " (NOT cleared)")
    )
    return [caught, cleared]


def organism_table(summary: OrganismSummary) -> Any:
    """The validation summary with targets, as a rich table."""
    from rich.table import Table

    flat = summary.model_dump(mode="json")
    table = Table(title=f"organism {summary.behavior}: validation (95% CIs)")
    for col in ("measure", "value", "target", "met"):
        table.add_column(col)
    for key, value in flat.items():
        if key.endswith("_ci") or f"{key}_ci" not in flat:
            continue
        ci = flat[f"{key}_ci"]
        cell = "missing" if value is None or ci is None else f"{value:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"
        target = summary.targets.get(key)
        met = "" if target is None else ("missing" if target.met is None else str(target.met))
        table.add_row(key, cell, "" if target is None else target.target, met)
    return table


def honeypot_table(summary: dict[str, Any]) -> Any:
    """Per family: behaviour and firing rates in both arms, and the verdicts, as a rich table."""
    from rich.table import Table

    def cell(e: dict[str, Any]) -> str:
        if e["value"] is None:
            return "missing"
        return f"{e['value']:.2f} [{e['lower']:.2f}, {e['upper']:.2f}]"

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
