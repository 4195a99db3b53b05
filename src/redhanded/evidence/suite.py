"""Run a suite in both arms, compute the excess-firing statistics and ground every alarm."""

from __future__ import annotations

from collections import Counter
from typing import Any

from redhanded._progress import status_spinner
from redhanded.data import Scenario
from redhanded.evidence.grounding import VERDICT_RULE, VERDICTS, ground_alarms
from redhanded.honeypots.backend import Backend
from redhanded.honeypots.runner import ArmResult, RunSettings, run_arms
from redhanded.honeypots.stats import TESTS_USED, family_stats

__all__ = ["honeypot_results"]


def honeypot_results(
    backend: Backend,
    scenarios: list[Scenario],
    *,
    settings: RunSettings,
    k: int = 8,
    n_boot: int = 1000,
    attribute: bool = True,
    progress: bool = False,
    results: list[ArmResult] | None = None,
) -> dict[str, Any]:
    """Arms, statistics, grounded alarms and verdict counts, as a JSON-ready dict.

    ``results`` are arm results already run on these scenarios (they must include both arms;
    a ``no-cue`` arm among them is reused by the grounding step); by default both arms are run.
    """
    status = status_spinner(progress)
    if results is None:
        with status(f"honeypots: {len(scenarios)} scenarios in both arms"):
            results = run_arms(backend, scenarios, settings=settings)
    stats = family_stats(results, n_boot=n_boot, seed=settings.seed)
    with status("honeypots: grounding alarms (resample, cue ablation, admission, attribution)"):
        groundings = ground_alarms(backend, scenarios, results, k=k, settings=settings, attribute=attribute)
    counts: dict[str, dict[str, int]] = {}
    kinds = {s.id: s.choices is not None for s in scenarios}
    for family in stats:
        if family.startswith("overall"):
            chosen = [g for g in groundings if kinds[g.scenario_id] == (family == "overall")]
        else:
            chosen = [
                g
                for g in groundings
                if family == (g.family if kinds[g.scenario_id] else f"{g.family} (generation)")
            ]
        c = Counter(g.verdict for g in chosen)
        counts[family] = {v: c.get(v, 0) for v in VERDICTS}
    total = Counter(g.verdict for g in groundings)
    return {
        "n_scenarios": len(scenarios),
        "settings": settings.__dict__,
        "resample_k": k,
        "threshold": backend.threshold,
        "arms": [r.as_dict() for r in results],
        "stats": stats,
        "tests": TESTS_USED,
        "alarms": [g.data for g in groundings],
        "verdicts_by_family": counts,
        "verdict_counts": {v: total.get(v, 0) for v in VERDICTS},
        "verdict_rule": VERDICT_RULE,
    }
