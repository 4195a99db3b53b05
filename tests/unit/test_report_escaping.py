"""Model outputs are untrusted text: every string of a run log reaches the page escaped.

Three payloads are appended to EVERY string of a probe, a honeypot, an organism and a demo log
(responses, dialogue tokens in heatmaps, alarm responses, admission answers, attribution
tokens, prompts, cues, scenario ids, families, dataset names, model specs, run names, CI
methods, and the keys of every mapping), each tagged with the field it went into. The pages must
then hold no script element, no event-handler attribute and no payload verbatim, and the field
tags prove that each model-text field was rendered (escaped), so the test cannot pass by
leaving them out.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from pydantic import BaseModel
from test_report_html import demo_log, honeypot_run, organism_validation, probe_result

from redhanded.report import build_report
from redhanded.runs import RunLog

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' onmouseover='x")
# the model-text fields that every page must show, by the field name they are stored under
PROBE_FIELDS = {"dataset", "tokens", "id", "train_dataset", "spec", "note"}
HONEYPOT_FIELDS = {
    "responses",
    "response",
    "answer",
    "question",
    "tokens",
    "scenario_id",
    "family",
    "content",
}
ORGANISM_FIELDS = {"model", "behavior", "definition", "scenario_id", "spec", "adapter"}


def poison(obj: Any, payload: str, field: str = "", keys: bool = True) -> Any:
    """Append ``⟦field⟧payload`` to every string in ``obj``, and to every mapping key.

    A string in a mapping is tagged with its key. Left as they are: each ``kind`` (it picks the
    results type) and the keys of the log's ``model`` record (``spec``, ``fingerprint``: field
    names, not text).
    """
    if isinstance(obj, BaseModel):
        update = {
            name: poison(
                getattr(obj, name), payload, name, keys=not (isinstance(obj, RunLog) and name == "model")
            )
            for name in type(obj).model_fields
            if name != "kind"
        }
        return obj.model_copy(update=update)
    if isinstance(obj, dict):
        return {
            (poison(k, payload, field) if keys else k): poison(v, payload, str(k)) for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [poison(v, payload, field) for v in obj]
    if isinstance(obj, str):
        return f"{obj}⟦{field}⟧{payload}"
    return obj


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]


def check_page(text: str, payload: str, fields: set[str]) -> None:
    parser = Elements()
    parser.feed(text)
    assert "script" not in parser.tags
    assert not [a for a in parser.attrs if a.startswith("on")], "an event handler got into the page"
    assert set(parser.tags) <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b", "br", "code", "span",
        "div", "table", "tr", "th", "td", "ul", "li", "a", "img", "section", "details", "summary",
    }  # fmt: skip
    assert payload not in text and "<script" not in text.lower()
    shown = {field for field in fields if f"⟦{field}⟧{escape(payload)}" in text}
    assert shown == fields, f"not shown escaped: {sorted(fields - shown)}"


def _logs() -> dict[str, RunLog]:
    hp_org, hp_base = honeypot_run(0.95, 0.05), honeypot_run(0.5, 0.5)
    return {
        "probe": RunLog(
            kind="probe",
            name="probe",
            model={"spec": "tiny", "fingerprint": "f"},
            datasets={"roleplay": "sha"},
            results={"probes": [probe_result("roleplay", " lie")]},
        ),
        "honeypots": RunLog(
            kind="honeypots", name="hp", model={"spec": "tiny"}, results={"honeypots": hp_org}
        ),
        "organism": RunLog(
            kind="organism",
            name="org",
            model={"spec": "organism:x"},
            results={"organism": organism_validation(hp_org, hp_base)},
        ),
        "demo": demo_log(),
    }


@pytest.fixture(scope="module")
def logs() -> dict[str, RunLog]:
    return _logs()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_model_text_field_is_escaped_on_every_page(logs, payload: str, tmp_path: Path) -> None:
    pages = {
        "probe": {"report.html": PROBE_FIELDS},
        "honeypots": {"dossier.html": HONEYPOT_FIELDS | {"spec"}},
        "organism": {"report.html": ORGANISM_FIELDS, "dossier.html": HONEYPOT_FIELDS | {"model"}},
        "demo": {"report.html": PROBE_FIELDS | ORGANISM_FIELDS, "dossier.html": HONEYPOT_FIELDS | {"model"}},
    }
    for kind, log in logs.items():
        run_dir = tmp_path / kind
        bad = poison(log, payload)
        assert isinstance(bad, RunLog) and bad.kind == log.kind
        build_report(run_dir, bad)
        for page, fields in pages[kind].items():
            check_page((run_dir / page).read_text(encoding="utf-8"), payload, fields)
