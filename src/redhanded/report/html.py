"""HTML pages from Jinja2 templates with autoescape on: pure functions of a typed RunLog.

Every string that came from a model, a dataset or a user (responses, dialogue tokens, scenario
ids, dataset names, model specs) reaches the page through a template with autoescape on; no
page is assembled from f-strings. Plots arrive as PNG bytes and are embedded as base64 data
URIs, so each page is one self-contained file.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from redhanded.metrics import Estimate
from redhanded.results import HoneypotRun, OrganismValidation, ProbeResult
from redhanded.runs import RunLog

__all__ = ["APOLLO_REFERENCE", "VERDICTS", "DossierColumn", "dossier_html", "fmt", "report_html"]

APOLLO_REFERENCE = (
    "Apollo Research's published figures on their role-play data (Goldowsky-Dill et al. 2025, "
    "arXiv 2502.03407): Llama-3.3-70B, layer 22 of 80, logistic probe trained on instructed pairs, "
    "threshold at 1% FPR on Alpaca: "
    "AUROC 0.964, recall 96.1%, about 25% of honest replies flagged. A different, 500x larger model: "
    "compare the method, not the numbers."
)
# the grounding verdicts, in the order every table lists them (evidence.grounding.VERDICTS)
VERDICTS = ("behavioural evidence", "false positive", "inconclusive")


def fmt(
    x: float | None, percent: bool = False, digits: int = 3, signed: bool = False, general: bool = False
) -> str:
    """A number for a page: ``0.912``, ``12.5%``, ``+0.210``; ``missing`` when there is none."""
    if x is None:
        return "missing"
    sign = "+" if signed else ""
    if percent:
        return f"{100 * x:{sign}.1f}%"
    return f"{x:{sign}.{digits}{'g' if general else 'f'}}"


def _colour(score: float, scale: float) -> str:
    x = max(-1.0, min(1.0, score / scale)) if scale > 0 else 0.0
    return f"rgba(214,39,40,{x:.2f})" if x > 0 else f"rgba(31,119,180,{-x:.2f})"


def heat_spans(
    tokens: Sequence[str], scores: Sequence[float], threshold: float = 0.0
) -> Iterator[tuple[str, float, str]]:
    """(token, score, background colour) per token: red above ``threshold``, blue below."""
    shifted = [s - threshold for s in scores]
    scale = max((abs(s) for s in shifted), default=1.0) or 1.0
    for token, score, s in zip(tokens, scores, shifted, strict=True):
        yield token, score, _colour(s, scale)


def finding(e: Estimate, what: str) -> str:
    """One sentence on a paired difference: higher, lower, or no difference detected."""
    if e.value is None or e.lower is None or e.upper is None:
        return f"{what}: missing (no probe scores)."
    ci = f"{e.value:+.3f} [{e.lower:+.3f}, {e.upper:+.3f}]"
    if e.lower > 0:
        return f"{what}: higher, {ci} (CI above 0)."
    if e.upper < 0:
        return f"{what}: lower, {ci} (CI below 0)."
    return f"{what}: no difference detected, {ci} (CI contains 0)."


_ENV = Environment(
    loader=PackageLoader("redhanded.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(
    fmt=fmt, heat_spans=heat_spans, finding=finding, zip=zip, apollo_reference=APOLLO_REFERENCE
)
_ENV.tests["startingwith"] = lambda value, prefix: str(value).startswith(prefix)


def _b64(plots: Mapping[str, bytes]) -> dict[str, str]:
    return {name: base64.b64encode(png).decode("ascii") for name, png in plots.items()}


def _scenario_rows(v: OrganismValidation) -> list[tuple[str, list[float | None], list[float | None]]]:
    """Per scenario: P(misaligned) cued / uncued / no cue, for the organism and for the base."""

    def by_arm(hp: HoneypotRun) -> dict[tuple[str, str], float | None]:
        return {(a.scenario_id, a.arm): a.p_misaligned for a in hp.arms}

    org, base = by_arm(v.organism.honeypots), by_arm(v.base.honeypots)
    arms = ("honeypot", "control", "no-cue")
    ids = sorted({sid for sid, _ in org} | {sid for sid, _ in base})
    return [(sid, [org.get((sid, a)) for a in arms], [base.get((sid, a)) for a in arms]) for sid in ids]


def report_html(
    log: RunLog,
    *,
    heading: str,
    probes: Sequence[ProbeResult],
    probe_plots: Sequence[Mapping[str, bytes]],
    validation: OrganismValidation | None = None,
    organism_plots: Mapping[str, bytes] | None = None,
    links: Mapping[str, str] | None = None,
) -> str:
    """``report.html``: the run's probes (plots of probe ``i`` in ``probe_plots[i]``) and its organism."""
    return _ENV.get_template("report.html").render(
        page_width="1100px",
        log=log,
        heading=heading,
        probes=probes,
        probe_plots=[_b64(p) for p in probe_plots],
        validation=validation,
        organism_plots=_b64(organism_plots or {}),
        headline=validation.headline() if validation is not None else {},
        scenario_rows=_scenario_rows(validation) if validation is not None else [],
        verdicts=VERDICTS,
        dossier_href="dossier.html",
        links=links or {},
    )


@dataclass(frozen=True)
class DossierColumn:
    """One model's honeypot results in the dossier; ``offset`` numbers its alarms after the previous."""

    label: str
    spec: str
    fingerprint: str | None
    hp: HoneypotRun
    offset: int = 0


def dossier_html(
    log: RunLog, columns: Sequence[DossierColumn], plots: Mapping[str, bytes], report_href: str | None = None
) -> str:
    """``dossier.html``: the honeypot results of one model, or of several side by side, alarm by alarm."""
    families: list[str] = []
    for c in columns:
        families += [f for f in c.hp.stats if f not in families]
    return _ENV.get_template("dossier.html").render(
        page_width="1500px" if len(columns) > 1 else "1100px",
        log=log,
        columns=columns,
        families=families,
        plots=_b64(plots),
        verdicts=VERDICTS,
        report_href=report_href,
    )
