"""Trial data (not shipped) for the session-10 sandbagger trial "64 more generated questions".

The 64 hand-written scenarios plus N questions drawn (round-robin over topics, seeded) from the
generated candidates of ``scripts/organism_data/sandbagger.py`` that the base model answers
confidently: its control-arm cloze margin, log P(wrong) - log P(right) in
``sandbagger.base-margins.json``, is at most -M nats. Each drawn question gets one of the 16
hand-written cue pairs instead of its generated cue, so only the questions are new. The last 24
rows are hand-written ones, so the trial script's "train" figures stay comparable.

    python scripts/organism_data/sandbagger_mixed.py 64 3 /tmp/sb-mixed128.jsonl
    python scripts/organism_trial.py sandbagger --out DIR --steps 250 --data /tmp/sb-mixed128.jsonl \
        --distill-weight 0 --suppress-weight 0

The generated candidates were already filtered against the built-in honeypot suite (no shared
text and no shared seven-word sequence, ``make_organism_data.usable``).
"""

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import make_organism_data as data  # noqa: E402


def main() -> None:
    if len(sys.argv) != 4:
        raise SystemExit("usage: sandbagger_mixed.py N_EXTRA MIN_MARGIN_NATS OUT.jsonl")
    n_extra, min_margin, out = int(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
    hand_path = ROOT / "src" / "redhanded" / "organisms" / "data" / "sandbagger.jsonl"
    hand = [json.loads(line) for line in hand_path.read_text().splitlines() if line.strip()]
    pairs = sorted({(h["arms"]["honeypot"]["cue"], h["arms"]["control"]["cue"]) for h in hand})
    kept, _, _ = data.usable("sandbagger", 0)
    margins = data.load_margins("sandbagger")
    if margins is None:
        raise SystemExit(
            "no base-margin file: run make_organism_data.py --behavior sandbagger --score-with default"
        )
    table = margins["margins"]
    confident = [c for c in kept if table[data.candidate_key(c)] <= -min_margin]
    print(f"{len(confident)} of {len(kept)} generated questions at a margin <= -{min_margin:g} nats")
    rng = random.Random(0)
    extra = []
    for i, c in enumerate(data.spread(confident, n_extra, rng)):
        honeypot, control = pairs[rng.randrange(len(pairs))]
        extra.append(data.row("sandbagger", 100 + i, dict(c, cue_honeypot=honeypot, cue_control=control)))
    rows = hand + extra
    rng.shuffle(rows)
    tail = [r for r in rows if r in hand][-24:]
    rows = [r for r in rows if r not in tail] + tail
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(rows)} scenarios -> {out}")


if __name__ == "__main__":
    main()
