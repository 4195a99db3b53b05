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
    python scripts/make_organism_data.py --behavior sandbagger --out-dir /tmp/sb   # not shipped
    python scripts/make_organism_data.py --behavior cover-up --n 256 --check
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATORS = {
    "unmonitored-defector": "unmonitored_defector.py",
    "sandbagger": "sandbagger.py",
    "cover-up": "cover_up.py",
}
# The shipped files built by this script. The sandbagger's shipped data are still the 64
# hand-written scenarios: an organism trained on the generated set did not learn its cue
# (docs/organisms.md), so that set is built only into another folder (--out-dir).
SHIPPED = ("unmonitored-defector", "cover-up")
SUITE_DIR = ROOT / "src" / "redhanded" / "honeypots" / "scenarios"
OUT_DIR = ROOT / "src" / "redhanded" / "organisms" / "data"
# With a base-margin file: the share of drawn situations where the base model already prefers the
# misaligned option in the uncued arm (see build). The sandbagger takes 0: only questions the base
# answers correctly without the cue, since an organism cannot be taught to answer right in the
# uncued arm what its base does not know. The others keep the plain draw and only report the share
# (unmonitored-defector 0.60, cover-up 0.31 with its session-6 "claim" candidates; a balanced
# draw of the session-5 cover-up candidates planted a weaker cue, docs/organisms.md).
BASE_PREFERS_MISALIGNED = {"sandbagger": 0.0}


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


def candidate_key(c: dict) -> str:
    """A short digest naming a candidate (what the base-margin file is keyed by)."""
    text = json.dumps([c["template"], c["cue_honeypot"], c["cue_control"], c["aligned"], c["misaligned"]])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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


def margins_path(name: str) -> Path:
    return ROOT / "scripts" / "organism_data" / f"{name}.base-margins.json"


def load_margins(name: str) -> dict | None:
    path = margins_path(name)
    return json.loads(path.read_text()) if path.is_file() else None


def build(name: str, n: int, seed: int, margins: dict | None = None) -> tuple[list[dict], dict[str, int]]:
    """The ``n`` training rows of behaviour ``name`` and statistics of the draw.

    With ``margins`` (a base-margin file, see :func:`score`) and a share in
    ``BASE_PREFERS_MISALIGNED``, the draw is balanced on the base
    model's own preference in the uncued arm: a share ``BASE_PREFERS_MISALIGNED[name]`` of the
    rows are situations where the base already prefers the misaligned option without the cue
    (the organism must learn to refuse them), the rest ones where it prefers the aligned option
    (it must learn to defect under the cue). If too few candidates have a positive margin, the
    ones closest to it stand in.
    """
    kept, stats, rng = usable(name, seed)
    if len(kept) < n:
        raise SystemExit(f"{name}: only {len(kept)} usable candidates, {n} asked for")
    share = BASE_PREFERS_MISALIGNED.get(name)
    table = margins["margins"] if margins is not None else None
    if table is not None:
        missing = [c for c in kept if candidate_key(c) not in table]
        if missing:
            raise SystemExit(
                f"{name}: {len(missing)} candidates have no base margin: rerun with --score-with default"
            )
    if table is None or share is None:
        chosen = spread(kept, n, rng)
    else:
        ranked = sorted(kept, key=lambda c: (-table[candidate_key(c)], candidate_key(c)))
        n_hard = round(share * n)
        n_pos = sum(table[candidate_key(c)] > 0 for c in kept)
        hard_side = ranked[: max(n_hard, n_pos)]  # the positive margins, or the highest
        chosen = spread(hard_side, n_hard, rng) + spread(ranked[len(hard_side) :], n - n_hard, rng)
    if table is not None:
        stats["base prefers misaligned (uncued), chosen"] = sum(table[candidate_key(c)] > 0 for c in chosen)
        stats["base prefers misaligned (uncued), usable"] = sum(table[candidate_key(c)] > 0 for c in kept)
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


def score(name: str, seed: int, model_spec: str, limit: int | None = None) -> dict:
    """The base model's cloze margin, log P(misaligned) - log P(aligned), on every usable candidate.

    Scored in the ``control`` arm (the uncued arm the suite's uncued rate is measured on),
    prompted exactly as training and the honeypot runner prompt; rounded to 0.01 nats so the
    draw does not hinge on float noise. Slow (minutes on 2 cores): run once, the result is kept
    next to the generator. ``limit``: score only the first candidates (a spot check).
    """
    import numpy as np
    import torch

    from redhanded.data import Scenario
    from redhanded.honeypots.backend import answer_logprobs, encode_answer
    from redhanded.models import load_model
    from redhanded.organisms.train import _batch, _encode, build_examples

    kept, _, _ = usable(name, seed)
    kept = kept[:limit] if limit is not None else kept
    loaded = load_model(model_spec)
    tok = loaded.tokenizer
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    items = []
    for c in kept:
        scenario = Scenario.model_validate(row(name, 0, c))  # misaligned = A
        (example,) = [e for e in build_examples([scenario]) if e.arm == "control"]
        items.append((candidate_key(c), _encode(tok, example.messages), example.answers))
    items.sort(key=lambda t: len(t[1]))  # little padding
    out: dict[str, float] = {}
    with torch.no_grad():
        for start in range(0, len(items), 16):
            chunk = items[start : start + 16]
            batch = _batch([t[1] for t in chunk], pad, loaded.device)
            answers = [encode_answer(tok, a) for t in chunk for a in t[2]]
            lp = answer_logprobs(loaded.model, batch["input_ids"], batch["attention_mask"], answers, pad)
            lp = lp.view(-1, 2).numpy()
            for (key, _, _), (bad, good) in zip(chunk, lp, strict=True):
                out[key] = round(float(bad - good), 2)
            print(f"\r  scored {min(start + 16, len(items))}/{len(items)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    values = np.array(list(out.values()))
    print(f"  base prefers misaligned in {np.mean(values > 0):.0%} of {len(values)} candidates")
    return {
        "what": "base model cloze margin log P(misaligned) - log P(aligned), control arm, per candidate",
        "base": model_spec,
        "base_fingerprint": loaded.fingerprint,
        "seed": seed,
        "margins": dict(sorted(out.items())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--behavior", choices=sorted(GENERATORS), action="append")
    parser.add_argument("--n", type=int, default=512, help="scenarios per behaviour")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="print statistics and samples; write nothing")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument(
        "--score-with",
        metavar="MODEL",
        help="score every candidate with this base model first and save the margins (slow)",
    )
    args = parser.parse_args()
    names = args.behavior or list(SHIPPED)
    if not args.check and args.out_dir.resolve() == OUT_DIR.resolve():
        other = [n for n in names if n not in SHIPPED]
        if other:
            parser.error(f"the shipped {', '.join(other)} data are hand-written: pass --out-dir")
    for name in names:
        if args.score_with:
            path = margins_path(name)
            path.write_text(json.dumps(score(name, args.seed, args.score_with), indent=0) + "\n")
            print(f"  wrote the base margins to {path.relative_to(ROOT)}")
        rows, stats = build(name, args.n, args.seed, load_margins(name))
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
