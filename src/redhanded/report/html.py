"""The HTML report: one self-contained file (images embedded), a pure function of a RunLog.

Every string that came from a model or a dataset is escaped.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from redhanded.runs import RunLog

__all__ = ["fmt_estimate", "probe_report_html", "page"]

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left}
th{background:#f5f5f5}.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#777;font-size:.85em}.missing{color:#b00}code{background:#f4f4f4;padding:0 .2em}
.plots img{max-width:48%;margin:.3em;border:1px solid #eee}
.tok{white-space:pre-wrap;padding:1px 0;border-radius:2px}
.heat{border:1px solid #eee;padding:.5em;margin:.4em 0;line-height:1.9}
"""


def page(title: str, body: str) -> str:
    """A complete HTML document."""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def fmt_estimate(est: dict[str, Any] | None, digits: int = 3, percent: bool = False) -> str:
    """``0.912 [0.880, 0.940]``; a missing value is shown as missing, never as 0."""
    if not est or est.get("value") is None:
        return '<span class="missing">missing</span>'

    def f(x: float | None) -> str:
        if x is None:
            return "?"
        return f"{100 * x:.1f}%" if percent else f"{x:.{digits}f}"

    return f'{f(est["value"])} <span class="muted">[{f(est.get("lower"))}, {f(est.get("upper"))}]</span>'


def img(png: bytes, alt: str) -> str:
    """An embedded PNG."""
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _colour(score: float, scale: float) -> str:
    x = max(-1.0, min(1.0, score / scale)) if scale > 0 else 0.0
    return f"rgba(214,39,40,{x:.2f})" if x > 0 else f"rgba(31,119,180,{-x:.2f})"


def heatmap_html(item: dict[str, Any], threshold: float = 0.0) -> str:
    """One dialogue's detect tokens coloured by token score minus the alarm threshold (red = above)."""
    scores = [s - threshold for s in item["token_scores"]]
    scale = max((abs(s) for s in scores), default=1.0) or 1.0
    spans = "".join(
        f'<span class="tok" title="{s + threshold:.3f}" style="background:{_colour(s, scale)}">'
        f"{html.escape(t)}</span>"
        for t, s in zip(item["tokens"], scores, strict=True)
    )
    return (
        f'<div class="heat"><div class="muted">{html.escape(item["kind"])} - {html.escape(item["id"])} '
        f"(label {html.escape(item['label'])}, score {item['score']:.3f})</div>{spans}</div>"
    )


APOLLO_REFERENCE = (
    "Apollo Research's published figures on their role-play data (Goldowsky-Dill et al. 2025, "
    "arXiv 2502.03407): Llama-3.3-70B, layer 22 of 80, logistic probe trained on instructed pairs, "
    "threshold at 1% FPR on Alpaca: "
    "AUROC 0.964, recall 96.1%, about 25% of honest replies flagged. A different, 500x larger model: "
    "compare the method, not the numbers."
)


def _probe_section(probe: dict[str, Any], plots: dict[str, bytes], index: int) -> str:
    cal = probe["calibration"]
    chosen = (
        f"layer <b>{probe['layer']}</b>, probe <b>{html.escape(probe['probe'])}</b> "
        f"{html.escape(str(probe['params']))}, aggregation <b>{html.escape(probe['aggregation'])}</b>"
    )
    threshold = (
        f"Threshold <code>{cal['threshold']:.4g}</code> fit at {100 * cal['target_fpr']:.1f}% FPR on "
        f"{cal['n_calibration']} control dialogues (alarm = <code>score &gt; threshold</code>); realised FPR "
        f"on held-out control: {fmt_estimate(cal['realised_fpr'], percent=True)}. "
        f'<span class="muted">{html.escape(cal["note"])}</span>'
    )
    parts = [
        f"<h2>Probe {index + 1}: trained on <code>{html.escape(probe['train_dataset'])}</code></h2>",
        f"<p>Chosen by validation AUROC over the sweep: {chosen}. {threshold}</p>",
        "<table><tr><th>test dataset</th><th>n honest / deceptive / control</th>"
        "<th>AUROC honest vs deceptive</th><th>AUROC deceptive vs control</th><th>recall at threshold</th>"
        "<th>honest flagged at threshold</th><th>balanced accuracy</th></tr>",
    ]
    for ev in probe["evaluations"]:
        parts.append(
            f"<tr><td>{html.escape(ev['dataset'])}</td>"
            f"<td class=num>{ev['n_honest']} / {ev['n_deceptive']} / "
            f"{ev['n_control']}</td><td class=num>{fmt_estimate(ev['auroc'])}</td>"
            f"<td class=num>{fmt_estimate(ev['auroc_vs_control'])}</td>"
            f"<td class=num>{fmt_estimate(ev['recall_at_fpr'], percent=True)}</td>"
            f"<td class=num>{fmt_estimate(ev['honest_flag_rate'], percent=True)}</td>"
            f"<td class=num>{fmt_estimate(ev['balanced_accuracy'])}</td></tr>"
        )
    parts.append(
        "</table><p class=muted>95% CIs: AUROC and balanced accuracy by stratified bootstrap; rates by "
        "exact Clopper-Pearson intervals.</p>"
    )
    if any(ev["dataset"].startswith("apollo") for ev in probe["evaluations"]):
        parts.append(f"<p class=muted>{html.escape(APOLLO_REFERENCE)}</p>")
    parts.append('<div class="plots">' + "".join(img(png, name) for name, png in plots.items()) + "</div>")
    for ev in probe["evaluations"]:
        parts.append(f"<h3>Token scores on {html.escape(ev['dataset'])}: most and least suspicious</h3>")
        parts.append(
            '<p class="muted">Each token is coloured by its score minus the alarm threshold: red above, '
            "blue below (hover for the score).</p>"
        )
        parts.extend(heatmap_html(item, cal["threshold"]) for item in ev["heatmaps"])
    return "\n".join(parts)


def probe_report_html(log: RunLog, plots: dict[str, dict[str, bytes]]) -> str:
    """The probe report; ``plots[i]`` are the PNGs of probe ``i`` by name."""
    meta = [
        ("model", f"{log.model.get('spec')} ({log.model.get('dtype')})"),
        ("model fingerprint", str(log.model.get("fingerprint"))),
        ("created", log.created),
        ("git revision", str(log.git_revision)),
        ("packages", ", ".join(f"{k} {v}" for k, v in log.packages.items())),
    ]
    body = [f"<h1>redhanded probe report: {html.escape(log.name)}</h1>", "<table>"]
    body += [f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta]
    body.append("</table>")
    body.append(
        "<p class=muted>Rebuild this page from <code>run.json</code> alone: "
        "<code>redhanded report RUN_DIR</code>. "
        "Every figure has a 95% CI; a missing score is shown as missing, never as 0.</p>"
    )
    for i, probe in enumerate(log.results.get("probes", [])):
        body.append(_probe_section(probe, plots.get(str(i), {}), i))
    extra = log.results.get("links")
    if extra:
        body.append(
            "<h2>Also in this run</h2><ul>"
            + "".join(
                f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>'
                for text, href in extra.items()
            )
            + "</ul>"
        )
    return page(f"redhanded: {log.name}", "\n".join(body))
