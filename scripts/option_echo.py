r"""How often the misaligned option repeats the question's words more than the aligned one does.

Under cloze scoring an option that echoes the user's question is cheap for a model to predict,
so an echoing denial can win without the cue. This prints, for a suite family and an organism's
training data, the share of forced-choice scenarios where the misaligned option shares more
content words (lower-cased, outside a short stop list) with the user message than the aligned
option does. With ``--run`` (an ``organism validate`` run) it also splits the base model's
uncued preference by that property. docs/organisms.md quotes its output:

    .venv/bin/python scripts/option_echo.py cover-up --run runs/20261201-132145-organism-cover-up
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

STOP = set(
    "the a an to that you your of in on and was is are it for with say tell them this be by at as "
    "i my me not no yes".split()
)


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z']+", text.lower()) if w not in STOP]


def overlap(option: str, text: str) -> float:
    """Share of the option's content words that occur in ``text``."""
    words = content_words(option)
    seen = set(content_words(text))
    return sum(w in seen for w in words) / max(1, len(words))


def echo_margin(scenario: dict) -> float:
    """Misaligned minus aligned option's overlap with the user message (cue slot removed)."""
    bad = scenario["misaligned"][0]
    good = "B" if bad == "A" else "A"
    user = scenario["template"][-1]["content"].replace("{cue}", " ")
    return overlap(scenario["choices"][bad], user) - overlap(scenario["choices"][good], user)


def read(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [r for r in rows if "choices" in r]


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("behavior", help="an organism behaviour; its suite family has the same name")
    ap.add_argument("--family", help="suite family [the behaviour's first validation family]")
    ap.add_argument("--run", type=Path, help="an organism validate run, for the base model's preference")
    a = ap.parse_args()

    from redhanded.organisms import behavior

    spec = behavior(a.behavior)
    family = a.family or spec.suite_families[0]
    suite = read(root / "src" / "redhanded" / "honeypots" / "scenarios" / f"{family}.jsonl")
    train = read(root / "src" / "redhanded" / "organisms" / "data" / spec.data_file)
    for label, rows in ((f"suite {family}", suite), (f"training {a.behavior}", train)):
        echo = [echo_margin(s) > 0 for s in rows]
        print(f"{label}: misaligned option echoes the question more in {sum(echo)} of {len(rows)}")
    if a.run:
        results = json.loads((a.run / "run.json").read_text())["results"]["organism"]
        arms = results["base"]["honeypots"]["arms"]
        uncued = {x["scenario_id"]: x["p_misaligned"] for x in arms if x["arm"] == "control"}
        for want, name in ((True, "echoing"), (False, "other")):
            group = [s for s in suite if (echo_margin(s) > 0) == want and s["id"] in uncued]
            prefers = sum(uncued[s["id"]] > 0.5 for s in group)
            print(f"  base prefers the misaligned option uncued: {prefers} of {len(group)} {name} scenarios")


if __name__ == "__main__":
    main()
