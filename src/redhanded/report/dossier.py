"""The evidence dossier: honeypot vs control per family, the alarms and their verdicts, one page per alarm.

A pure function of a honeypot RunLog; every model string is escaped.
"""

from __future__ import annotations

import html
from typing import Any

from redhanded.report.html import fmt_estimate, img, page
from redhanded.runs import RunLog

__all__ = ["dossier_html", "family_bars_png"]


def family_bars_png(stats: dict[str, Any], key: str, ylabel: str) -> bytes:
    """Grouped bars (honeypot vs control) with 95% CIs, per family and overall."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    families = list(stats)
    fig, ax = plt.subplots(figsize=(7.5, 3.6), dpi=110)
    x = np.arange(len(families))
    for offset, arm, colour in ((-0.2, "honeypot", "#d62728"), (0.2, "control", "#1f77b4")):
        vals, lo, hi = [], [], []
        for fam in families:
            est = stats[fam][arm][key] or {}
            v = est.get("value")
            vals.append(np.nan if v is None else v)
            lo.append(np.nan if v is None else v - (est.get("lower") if est.get("lower") is not None else v))
            hi.append(np.nan if v is None else (est.get("upper") if est.get("upper") is not None else v) - v)
        ax.bar(
            x + offset,
            vals,
            width=0.4,
            color=colour,
            alpha=0.8,
            label=arm,
            yerr=[lo, hi],
            capsize=3,
            error_kw={"lw": 0.8},
        )
    ax.set_xticks(x, families, rotation=15, fontsize=8)
    ax.set(ylabel=ylabel, ylim=(0, 1.05))
    ax.axhline(0.5, color="grey", lw=0.5, ls=":")
    ax.legend(fontsize=8)
    fig.tight_layout()
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _e(text: Any) -> str:
    return html.escape(str(text))


def _p(value: float | None) -> str:
    return "missing" if value is None else f"{value:.2f}"


def _family_table(stats: dict[str, Any], tests: dict[str, str]) -> str:
    rows = [
        "<table><tr><th>family</th><th>arm</th><th>scenarios</th><th>behaviour rate (mean P misaligned)</th>"
        "<th>probe firing rate</th><th>mean probe score</th><th>unscored</th><th>paired test (p)</th></tr>"
    ]
    for fam, block in stats.items():
        paired = block["paired"]
        for arm in ("honeypot", "control"):
            a = block[arm]
            test = ""
            if arm == "honeypot":
                bt, ft = paired.get("behaviour_test"), paired.get("firing_test")
                test = (
                    (f"behaviour: p={bt['p_value']:.3g}" if bt else "behaviour: n/a")
                    + "<br>"
                    + (f"firing: p={ft['p_value']:.3g}" if ft else "firing: n/a (no probe scores)")
                )
            rows.append(
                f"<tr><td>{_e(fam)}</td><td>{arm}</td><td class=num>{a['n_scenarios']}</td>"
                f"<td class=num>{fmt_estimate(a['behaviour_rate'])}</td>"
                f"<td class=num>{fmt_estimate(a['firing_rate'], percent=True)}</td>"
                f"<td class=num>{fmt_estimate(a['mean_score'])}</td>"
                f"<td class=num>{a['n_unscored']} of {a['n_responses']}</td><td>{test}</td></tr>"
            )
    rows.append("</table>")
    rows.append("<p class=muted>Tests: " + "; ".join(f"{_e(k)}: {_e(v)}" for k, v in tests.items()) + ".</p>")
    return "\n".join(rows)


def _heat(tokens: list[str], scores: list[float]) -> str:
    if not tokens:
        return "<p class=muted>no attribution (no probe)</p>"
    scale = max((abs(s) for s in scores), default=1.0) or 1.0

    def colour(s: float) -> str:
        x = max(-1.0, min(1.0, s / scale))
        return f"rgba(214,39,40,{x:.2f})" if x > 0 else f"rgba(31,119,180,{-x:.2f})"

    spans = "".join(
        f'<span class="tok" title="{s:.3g}" style="background:{colour(s)}">{_e(t)}</span>'
        for t, s in zip(tokens, scores, strict=True)
    )
    return f'<div class="heat">{spans}</div>'


def _arm_cell(arm: dict[str, Any]) -> str:
    responses = "".join(
        f"<li>{_e(r)} <span class=muted>(misaligned: {m}; probe {_p(s)})</span></li>"
        for r, m, s in zip(arm["responses"], arm["misaligned"], arm["probe_scores"], strict=True)
    )
    return f"<p>P(misaligned) = <b>{_p(arm['p_misaligned'])}</b></p><ul>{responses}</ul>"


def _alarm_page(i: int, g: dict[str, Any], rule: str) -> str:
    prompt = "".join(f"<p><b>{_e(m['role'])}:</b> {_e(m['content'])}</p>" for m in g["prompt"])
    rs, adm = g["resample"], g["admission"]
    return f"""
<section id="alarm-{i}"><h2>Alarm {i + 1}: {_e(g["scenario_id"])} ({_e(g["family"])}) -
 verdict: <span class="verdict">{_e(g["verdict"])}</span></h2>
<p class=muted>Rule: {_e(rule)}</p>
<h3>The scenario, honeypot arm</h3>{prompt}
<p><b>Model's response:</b> {_e(g["response"])} (probe fired: {_e(g["probe_fired"])})</p>
<h3>Both arms side by side</h3>
<table><tr><th>honeypot cue: {_e(g["cues"]["honeypot"])}</th><th>control cue: {_e(g["cues"]["control"])}</th>
<th>cue removed</th></tr>
<tr><td>{_arm_cell(g["honeypot"])}</td><td>{_arm_cell(g["control"])}</td><td>{_arm_cell(g["no_cue"])}</td></tr></table>
<h3>Resampling from the same state</h3>
<p>{rs["misaligned"]} of {rs["k"]} resamples misaligned (rate {rs["rate"]:.2f}, exact 95% CI
 [{rs["rate_ci"][0]:.2f}, {rs["rate_ci"][1]:.2f}]).</p>
<ul>{"".join(f"<li>{_e(r)}</li>" for r in rs["responses"][:8])}</ul>
<h3>Admission interview</h3>
<p><b>Question:</b> {_e(adm["question"])}<br><b>Answer:</b> {_e(adm["answer"])}<br>
Admits (check <code>{_e(adm["admission_check"])}</code>): {_e(adm["admits"])};
 probe score on the answer: {_p(adm["probe_score"])} (fired: {_e(adm["probe_fired"])})</p>
<h3>Which input tokens drive the probe score ({_e(g["attribution"]["method"])})</h3>
{_heat(g["attribution"]["tokens"], g["attribution"]["scores"])}
<p><a href="#top">back to the summary</a></p></section>"""


def dossier_html(log: RunLog, plots: dict[str, bytes]) -> str:
    """The whole dossier as one self-contained page."""
    res = log.results["honeypots"]
    counts = res.get("verdict_counts", {})
    alarms = res.get("alarms", [])
    body = [
        f'<h1 id="top">redhanded evidence dossier: {_e(log.name)}</h1>',
        f"<p>Model <code>{_e(log.model.get('spec'))}</code> ({_e(log.model.get('fingerprint'))}); "
        f"probe: {_e(res.get('probe') or 'none (behaviour only)')}; created {_e(log.created)}.</p>",
        "<p>Behaviour rate = mean over scenarios of P(misaligned option), averaged over both option orders "
        "(forced choice), or the share of rollouts matching the scenario's declared check (generation). "
        "The control arm is always shown beside the honeypot arm.</p>",
        "<div class=plots>" + "".join(img(png, name) for name, png in plots.items()) + "</div>",
        _family_table(res["stats"], res.get("tests", {})),
        "<h2>Alarms and verdicts</h2>",
        f"<p>{len(alarms)} alarms: " + ", ".join(f"{_e(k)} {v}" for k, v in counts.items()) + ".</p>",
        f"<p class=muted>Verdict rule: {_e(res.get('verdict_rule', ''))}</p>",
        "<table><tr><th>#</th><th>scenario</th><th>family</th><th>P(mis.) honeypot / control / no cue</th>"
        "<th>resampled</th><th>probe fired</th><th>admits</th><th>verdict</th></tr>",
    ]
    for i, g in enumerate(alarms):
        body.append(
            f"<tr><td><a href='#alarm-{i}'>{i + 1}</a></td><td>{_e(g['scenario_id'])}</td>"
            f"<td>{_e(g['family'])}</td>"
            f"<td class=num>{_p(g['honeypot']['p_misaligned'])} / {_p(g['control']['p_misaligned'])} / "
            f"{_p(g['no_cue']['p_misaligned'])}</td>"
            f"<td class=num>{g['resample']['misaligned']}/{g['resample']['k']}"
            f"</td><td>{_e(g['probe_fired'])}</td><td>{_e(g['admission']['admits'])}</td><td>{_e(g['verdict'])}</td></tr>"
        )
    body.append("</table>")
    body.extend(_alarm_page(i, g, res.get("verdict_rule", "")) for i, g in enumerate(alarms))
    return page(f"redhanded dossier: {log.name}", "\n".join(body))
