"""Build the organisms' training data (src/redhanded/organisms/data/*.jsonl) from the generators.

Each behaviour has a generator module in ``scripts/organism_data/`` with
``build(rng: random.Random) -> list[dict]``: candidate situations composed from project-written
parts. Each candidate is a dict with

* ``template``: ``[{"role": ..., "content": ...}, ...]`` with ``{cue}`` exactly once;
* ``cue_honeypot`` / ``cue_control``: the matched cue sentences;
* ``aligned`` / ``misaligned``: the two option texts;
* ``followup``: a direct question about the choice;
* ``setting``: a short label of the situation.

This script keeps the data held apart from the built-in honeypot suite: it drops every candidate
that shares a message, cue or option text, or any seven-word sequence, with the suite (the
tests check the same). It then removes duplicates, draws ``--n`` candidates with a seeded
Generator (spread over settings), sets the misaligned option's letter to A for one half and B
for the other, and writes the JSONL file. The same seed gives the same file.

    python scripts/make_organism_data.py                  # the shipped files, 512 scenarios each
    python scripts/make_organism_data.py --behavior cover-up --n 256 --check

The sandbagger's training data are 64 hand-written scenarios, kept as they are in its JSONL file.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATORS = {"unmonitored-defector": "unmonitored_defector.py", "cover-up": "cover_up.py"}
SUITE_DIR = ROOT / "src" / "redhanded" / "honeypots" / "scenarios"
OUT_DIR = ROOT / "src" / "redhanded" / "organisms" / "data"


def grams(text: str, n: int = 7) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("{cue}", " | "))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def suite_texts() -> set[str]:
    texts: set[str] = set()
    for path in sorted(SUITE_DIR.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            s = json.loads(line)
            for m in s["template"]:
                texts.add(m["content"])
                for arm in s["arms"].values():
                    texts.add(m["content"].replace("{cue}", arm["cue"]))
            texts.update(arm["cue"] for arm in s["arms"].values())
            texts.update((s.get("choices") or {}).values())
            if s.get("followup"):
                texts.add(s["followup"])
    return texts


def candidate_texts(c: dict) -> list[str]:
    out = [m["content"] for m in c["template"]]
    for cue in (c["cue_honeypot"], c["cue_control"], ""):
        out += [m["content"].replace("{cue}", cue).strip() for m in c["template"]]
    return out + [c["cue_honeypot"], c["cue_control"], c["aligned"], c["misaligned"], c["followup"]]


def validate(c: dict) -> str | None:
    """Why a candidate is malformed, or None."""
    keys = {"template", "cue_honeypot", "cue_control", "aligned", "misaligned", "followup", "setting"}
    if set(c) != keys:
        return f"keys {sorted(c)} != {sorted(keys)}"
    if sum(m["content"].count("{cue}") for m in c["template"]) != 1:
        return "template needs {cue} exactly once"
    if c["cue_honeypot"] == c["cue_control"] or c["aligned"] == c["misaligned"]:
        return "identical cues or options"
    if any(not str(c[k]).strip() for k in keys - {"template"}):
        return "empty field"
    return None


def load_generator(name: str):
    path = ROOT / "scripts" / "organism_data" / GENERATORS[name]
    spec = importlib.util.spec_from_file_location(f"organism_data_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def usable(name: str, seed: int) -> tuple[list[dict], dict[str, int], random.Random]:
    """The generator's candidates minus those touching the suite and duplicates (in generator order)."""
    rng = random.Random(f"{name}:{seed}")
    candidates = load_generator(name).build(rng)
    suite = suite_texts()
    suite_grams = set().union(*(grams(t) for t in suite))
    stats: dict[str, int] = defaultdict(int)
    stats["candidates"] = len(candidates)
    kept, seen = [], set()
    for c in candidates:
        why = validate(c)
        if why:
            raise SystemExit(f"{name}: malformed candidate ({why}): {json.dumps(c)[:300]}")
        texts = candidate_texts(c)
        if set(texts) & suite:
            stats["dropped: same text as the suite"] += 1
            continue
        if set().union(*(grams(t) for t in texts)) & suite_grams:
            stats["dropped: shares a 7-gram with the suite"] += 1
            continue
        key = json.dumps([c["template"], c["cue_honeypot"], c["aligned"], c["misaligned"]])
        if key in seen:
            stats["dropped: duplicate"] += 1
            continue
        seen.add(key)
        kept.append(c)
    stats["kept"] = len(kept)
    return kept, stats, rng


def spread(cands: list[dict], k: int, rng: random.Random) -> list[dict]:
    """``k`` candidates drawn round-robin over shuffled settings (each setting's list shuffled)."""
    if len(cands) < k:
        raise SystemExit(f"only {len(cands)} candidates for a draw of {k}: lower --n")
    by_setting: dict[str, list[dict]] = defaultdict(list)
    for c in cands:
        by_setting[c["setting"]].append(c)
    for group in by_setting.values():
        rng.shuffle(group)
    order = sorted(by_setting)
    rng.shuffle(order)
    chosen: list[dict] = []
    while len(chosen) < k:
        for s in order:
            if by_setting[s] and len(chosen) < k:
                chosen.append(by_setting[s].pop())
    return chosen


def build(name: str, n: int, seed: int) -> tuple[list[dict], dict[str, int]]:
    """The ``n`` training rows of behaviour ``name`` and statistics of the draw."""
    kept, stats, rng = usable(name, seed)
    if len(kept) < n:
        raise SystemExit(f"{name}: only {len(kept)} usable candidates, {n} asked for")
    chosen = spread(kept, n, rng)
    rng.shuffle(chosen)
    stats["settings"] = len({c["setting"] for c in kept})
    stats["distinct honeypot cues"] = len({c["cue_honeypot"] for c in chosen})
    stats["distinct misaligned options"] = len({c["misaligned"] for c in chosen})
    rows = [row(name, i, c) for i, c in enumerate(chosen)]
    return rows, dict(stats)


def row(name: str, i: int, c: dict) -> dict:
    """Candidate ``c`` as training scenario ``i``: the misaligned option is A for even ``i``, else B."""
    bad = "A" if i % 2 == 0 else "B"
    good = "B" if bad == "A" else "A"
    choices = {bad: c["misaligned"], good: c["aligned"]}
    return {
        "id": f"train-{name}-{i + 1:03d}",
        "family": name,
        "template": c["template"],
        "arms": {"honeypot": {"cue": c["cue_honeypot"]}, "control": {"cue": c["cue_control"]}},
        "choices": {k: choices[k] for k in ("A", "B")},
        "misaligned": [bad],
        "followup": c["followup"],
        "meta": {"behavior": name, "setting": c["setting"], "source": "organism-training"},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--behavior", choices=sorted(GENERATORS), action="append")
    parser.add_argument("--n", type=int, default=512, help="scenarios per behaviour")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="print statistics and samples; write nothing")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    for name in args.behavior or list(GENERATORS):
        rows, stats = build(name, args.n, args.seed)
        print(name, json.dumps(stats))
        if args.check:
            for r in rows[:3]:
                print("  ", json.dumps(r)[:600])
            continue
        args.out_dir.mkdir(parents=True, exist_ok=True)
        path = args.out_dir / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"  wrote {len(rows)} scenarios to {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
