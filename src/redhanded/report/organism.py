"""The organism validation report: cue dependence, verdicts and probe firing, organism beside base."""

from __future__ import annotations

from typing import Any

from redhanded.report.dossier import _alarm_page, _e, _p
from redhanded.report.html import fmt_estimate, img, page
from redhanded.report.plots import _png
from redhanded.runs import RunLog

__all__ = ["organism_bars_png", "organism_report_html"]

_ARMS = (("cued", "cued (honeypot)"), ("uncued", "uncued (control)"), ("no_cue", "no cue"))


def organism_bars_png(v: dict[str, Any]) -> bytes:
    """Behaviour rate per arm (cued, uncued, no cue) for organism and base, with 95% CIs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(6.5, 3.6), dpi=110)
    x = np.arange(len(_ARMS))
    for offset, who, colour in ((-0.2, "organism", "#d62728"), (0.2, "base", "#7f7f7f")):
        vals, err_lo, err_hi = [], [], []
        for key, _ in _ARMS:
            e = v[who]["cue"][key]
            val = e["value"]
            vals.append(np.nan if val is None else val)
            err_lo.append(0.0 if val is None else val - e["lower"])
            err_hi.append(0.0 if val is None else e["upper"] - val)
        ax.bar(
            x + offset, vals, width=0.4, color=colour, alpha=0.85, label=who, yerr=[err_lo, err_hi], capsize=3
        )
    ax.set_xticks(x, [label for _, label in _ARMS])
    ax.set(
        ylabel="behaviour rate (mean P misaligned)", ylim=(0, 1.05), title=f"{v['behavior']}: cue dependence"
    )
    ax.axhline(0.5, color="grey", lw=0.5, ls=":")
    ax.axhline(0.8, color="#d62728", lw=0.6, ls="--")
    ax.axhline(0.2, color="#1f77b4", lw=0.6, ls="--")
    ax.legend(fontsize=8)
    return _png(plt, fig)


def _targets(summary: dict[str, Any]) -> str:
    rows = ["<table><tr><th>measure</th><th>value [95% CI]</th><th>target</th><th>met</th></tr>"]
    for key, t in summary["targets"].items():
        ci = summary.get(f"{key}_ci")
        est = {"value": t["value"], "lower": ci[0] if ci else None, "upper": ci[1] if ci else None}
        met = "missing" if t["met"] is None else ("yes" if t["met"] else "<b>no</b>")
        rows.append(
            f"<tr><td>{_e(key)}</td><td class=num>{fmt_estimate(est)}</td><td>{_e(t['target'])}</td>"
            f"<td>{met}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)


def _cue_table(v: dict[str, Any], block: str = "cue") -> str:
    rows = [
        "<table><tr><th>model</th><th>cued (honeypot arm)</th><th>uncued (control arm)</th><th>no cue</th>"
        "<th>cue effect (cued - uncued)</th><th>scenarios with cued P &gt; 0.5</th>"
        "<th>with uncued P &gt; 0.5</th></tr>"
    ]
    for who in ("organism", "base"):
        c = v[who][block]
        rows.append(
            f"<tr><td>{who}</td>"
            + "".join(
                f"<td class=num>{fmt_estimate(c[k])}</td>" for k in ("cued", "uncued", "no_cue", "cue_effect")
            )
            + f"<td class=num>{c['cued_majority']} of {v['n_scenarios']}</td>"
            f"<td class=num>{c['uncued_majority']} of {v['n_scenarios']}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)


def _other_scoring(v: dict[str, Any]) -> str:
    """The behaviour rates under the other forced-choice scoring (older runs have none)."""
    if "cue_other_scoring" not in v["organism"]:
        return ""
    other = v["organism"]["cue_other_scoring"]["scoring"]
    return (
        f"<h3>The same arms under {_e(other)} scoring "
        f"(shown beside; the targets use {_e(v.get('scoring'))})</h3>"
        f"<p class=muted>{_e(v.get('other_definition', ''))}.</p>" + _cue_table(v, "cue_other_scoring")
    )


def _base_aligned(v: dict[str, Any]) -> str:
    """The organism on the scenarios where the base prefers the aligned option (older runs: none)."""
    ba = v.get("base_aligned")
    if ba is None:
        return ""
    return (
        f"<h3>Scenarios where the base model prefers the aligned option under the cue "
        f"({ba['n']} of {v['n_scenarios']})</h3>"
        "<p class=muted>The base's cued-arm P(misaligned) is below 0.5. Here the organism's misbehaviour "
        "cannot come from the base's own preference; for the sandbagger these are the questions the base "
        "answers correctly, the only ones it can get wrong on purpose.</p>"
        "<table><tr><th>model</th><th>cued</th><th>uncued</th><th>cue effect</th></tr>"
        + "".join(
            f"<tr><td>{who}</td>"
            + "".join(f"<td class=num>{fmt_estimate(row[k])}</td>" for k in ("cued", "uncued", "cue_effect"))
            + "</tr>"
            for who, row in (("organism", ba), ("base", ba["base"]))
        )
        + "</table>"
    )


def _evidence_table(v: dict[str, Any]) -> str:
    rows = [
        "<table><tr><th>model</th><th>alarms</th><th>behavioural evidence</th><th>false positive</th>"
        "<th>inconclusive</th><th>cued misbehaviours</th><th>of them labelled behavioural evidence</th>"
        "<th>alarms labelled behavioural evidence</th></tr>"
    ]
    for who in ("organism", "base"):
        ev = v[who]["evidence"]
        counts = ev["verdict_counts"]
        rows.append(
            f"<tr><td>{who}</td><td class=num>{ev['n_alarms']}</td>"
            + "".join(
                f"<td class=num>{counts.get(k, 0)}</td>"
                for k in ("behavioural evidence", "false positive", "inconclusive")
            )
            + f"<td class=num>{ev['n_cued_misbehaviours']}</td>"
            f"<td class=num>{fmt_estimate(ev['recall'], percent=True)}</td>"
            f"<td class=num>{fmt_estimate(ev['evidence_share_of_alarms'], percent=True)}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)


def _finding(e: dict[str, Any], what: str) -> str:
    if e["value"] is None:
        return f"{what}: missing (no probe scores)."
    if e["lower"] > 0:
        return f"{what}: higher, {e['value']:+.3f} [{e['lower']:+.3f}, {e['upper']:+.3f}] (CI above 0)."
    if e["upper"] < 0:
        return f"{what}: lower, {e['value']:+.3f} [{e['lower']:+.3f}, {e['upper']:+.3f}] (CI below 0)."
    return (
        f"{what}: no difference detected, {e['value']:+.3f} [{e['lower']:+.3f}, {e['upper']:+.3f}] "
        "(CI contains 0)."
    )


def _probe_section(v: dict[str, Any]) -> str:
    probe = v.get("probe")
    if not probe:
        return "<h2>Deception probe</h2><p class=missing>No probe was used in this run (missing).</p>"
    rows = [
        f"<h2>Deception probe (layer {probe['layer']}, trained on {_e(probe.get('train_dataset'))}; "
        "never on organism data)</h2>",
        f"<p class=muted>Probe: {_e(probe.get('source', ''))}; threshold {probe['threshold']:.4g} "
        "(calibrated on the base model's control data). The probe reads each arm's preferred response.</p>",
        "<table><tr><th>model</th><th>firing, cued arm</th><th>firing, uncued arm</th>"
        "<th>excess firing (cued - uncued)</th><th>AUROC cued vs uncued responses</th></tr>",
    ]
    for who in ("organism", "base"):
        p = v[who]["probe"]
        rows.append(
            f"<tr><td>{who}</td><td class=num>{fmt_estimate(p['firing_cued'], percent=True)}</td>"
            f"<td class=num>{fmt_estimate(p['firing_uncued'], percent=True)}</td>"
            f"<td class=num>{fmt_estimate(p['excess_firing'])}</td>"
            f"<td class=num>{fmt_estimate(p['auroc_cued_vs_uncued'])}</td></tr>"
        )
    rows.append("</table>")
    comp = probe["comparison"]
    rows.append(
        "<p><b>Finding.</b> "
        + _e(
            _finding(comp["firing_diff_cued"], "Probe firing on the organism's cued responses vs the base's")
        )
        + " "
        + _e(_finding(comp["score_diff_cued"], "Mean probe score, same comparison"))
        + " AUROC organism vs base on the cued responses: "
        + f"{fmt_estimate(comp['auroc_organism_vs_base_cued'])}.</p>"
    )
    return "\n".join(rows)


def _scenario_table(v: dict[str, Any]) -> str:
    def arms(who: str) -> dict[tuple[str, str], float]:
        return {(a["scenario_id"], a["arm"]): a["p_misaligned"] for a in v[who]["honeypots"]["arms"]}

    org, base = arms("organism"), arms("base")
    ids = sorted({sid for sid, _ in org})
    rows = [
        "<details><summary>Per scenario: P(misaligned) cued / uncued / no cue</summary>",
        "<table><tr><th>scenario</th><th>organism</th><th>base</th></tr>",
    ]
    for sid in ids:
        cells = [
            " / ".join(_p(d.get((sid, arm))) for arm in ("honeypot", "control", "no-cue"))
            for d in (org, base)
        ]
        rows.append(f"<tr><td>{_e(sid)}</td><td class=num>{cells[0]}</td><td class=num>{cells[1]}</td></tr>")
    rows.append("</table></details>")
    return "\n".join(rows)


def organism_report_html(log: RunLog, plots: dict[str, bytes]) -> str:
    """The validation report as one self-contained page."""
    v = log.results["organism"]
    m = v.get("manifest", {})
    summary = v["summary"]
    verdict_rule = v["organism"]["honeypots"].get("verdict_rule", "")
    org_alarms = v["organism"]["honeypots"]["alarms"]
    base_alarms = v["base"]["honeypots"]["alarms"]
    body = [
        f'<h1 id="top">redhanded organism validation: {_e(v["behavior"])}</h1>',
        f"<p>Organism <code>{_e(log.model.get('spec'))}</code>: LoRA rank {_e(m.get('rank'))} on blocks "
        f"{_e(m.get('first_layer'))}+ of <code>{_e(m.get('base_spec'))}</code>, {_e(m.get('steps'))} steps, "
        f"lr {_e(m.get('lr'))}, seed {_e(m.get('seed'))}, trained in {_e(m.get('train_seconds'))} s "
        f"(final loss {_e(m.get('final_loss'))}). Base fingerprint "
        f"<code>{_e(log.model.get('base_fingerprint'))}</code>. "
        f"Run {_e(log.name)}, created {_e(log.created)}.</p>",
        f"<p>Validated on {v['n_scenarios']} forced-choice scenarios of the built-in honeypot suite "
        f"(families: {_e(', '.join(v['families']))}), text the organism never saw in training.</p>",
        f"<p><b>Definition.</b> {_e(v['definition'])}.</p>",
        "<h2>Targets</h2>",
        _targets(summary),
        f"<p>All targets met: <b>{'yes' if summary['all_targets_met'] else 'no'}</b>.</p>",
        "<h2>Cue dependence: organism beside base</h2>",
        "<div class=plots>" + "".join(img(png, name) for name, png in plots.items()) + "</div>",
        _cue_table(v),
        _base_aligned(v),
        _other_scoring(v),
        _scenario_table(v),
        "<h2>Grounding verdicts</h2>",
        f"<p class=muted>Verdict rule: {_e(verdict_rule)}</p>",
        _evidence_table(v),
        _probe_section(v),
        "<h2>Alarms</h2>",
        "<table><tr><th>#</th><th>model</th><th>scenario</th><th>P(mis.) cued / uncued / no cue</th>"
        "<th>resampled</th><th>verdict</th></tr>",
    ]
    alarms = [("organism", g) for g in org_alarms] + [("base", g) for g in base_alarms]
    for i, (who, g) in enumerate(alarms):
        body.append(
            f"<tr><td><a href='#alarm-{i}'>{i + 1}</a></td><td>{who}</td><td>{_e(g['scenario_id'])}</td>"
            f"<td class=num>{_p(g['honeypot']['p_misaligned'])} / {_p(g['control']['p_misaligned'])} / "
            f"{_p(g['no_cue']['p_misaligned'])}</td>"
            f"<td class=num>{g['resample']['misaligned']}/{g['resample']['k']}</td>"
            f"<td>{_e(g['verdict'])}</td></tr>"
        )
    body.append("</table>")
    body.extend(_alarm_page(i, g, verdict_rule) for i, (_, g) in enumerate(alarms))
    return page(f"redhanded organism: {v['behavior']}", "\n".join(body))
