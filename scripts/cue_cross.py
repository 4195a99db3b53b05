r"""Cross an organism's suite questions with every cue sentence: is a miss about the cue or the question.

Every suite scenario of the behaviour is scored (cloze, cued arm) under every honeypot cue
sentence: its own, the other suite scenarios' and the training data's. That gives a matrix of
P(misaligned), questions x cues. The script prints the mean per question and per cue and splits
the variance of logit P into a question part, a cue part and the rest (two-way, additive). If
the cue part is small, every cue sentence is recognised alike and the misses come from the
questions.

docs/organisms.md (session 10) quotes its output:

    .venv/bin/python scripts/cue_cross.py sandbagger --organism sandbagger --out runs/trials/cross.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np


def variance_split(p: np.ndarray) -> dict[str, float]:
    """Total, row (question), column (cue) and residual variance of logit ``p`` (NaNs ignored)."""
    q = np.clip(p, 1e-4, 1 - 1e-4)
    logit = np.log(q / (1 - q))
    grand = np.nanmean(logit)
    rows = np.nanmean(logit, 1) - grand
    cols = np.nanmean(logit, 0) - grand
    rest = logit - grand - rows[:, None] - cols[None, :]
    return {
        "total": float(np.nanvar(logit)),
        "question": float(np.var(rows)),
        "cue": float(np.var(cols)),
        "residual": float(np.nanvar(rest)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("behavior")
    ap.add_argument("--organism", help="a shipped organism's name or an adapter folder [the base model]")
    ap.add_argument("--out", type=Path, help="write the matrix as JSON here")
    a = ap.parse_args()

    from redhanded.honeypots.backend import HFBackend
    from redhanded.honeypots.runner import RunSettings, run_arms
    from redhanded.models import load_model
    from redhanded.organisms.data import training_scenarios
    from redhanded.organisms.load import load_organism
    from redhanded.organisms.validate import suite_scenarios

    base = load_model("default")
    model = load_organism(a.organism, base_loaded=base) if a.organism else base
    suite = list(suite_scenarios(a.behavior))
    suite_cues = [s.arms["honeypot"].cue for s in suite]
    train_cues = sorted({s.arms["honeypot"].cue for s in training_scenarios(a.behavior)} - set(suite_cues))
    cues = suite_cues + train_cues
    items = []
    for s in suite:
        for j, cue in enumerate(cues):
            if cue == s.arms["control"].cue:
                continue
            arms = dict(s.arms, honeypot=s.arms["honeypot"].model_copy(update={"cue": cue}))
            items.append(s.model_copy(update={"id": f"{s.id}|{j}", "arms": arms}))
    t0 = time.time()
    results = run_arms(
        HFBackend(model, None, batch_size=16),
        items,
        arms=("honeypot",),
        settings=RunSettings(scoring="cloze"),
    )
    index = {s.id: i for i, s in enumerate(suite)}
    p = np.full((len(suite), len(cues)), np.nan)
    for r in results:
        sid, j = r.scenario_id.split("|")
        p[index[sid], int(j)] = r.p_misaligned
    n = len(suite_cues)
    split = variance_split(p)
    print(f"{len(items)} scenario-cue pairs scored in {time.time() - t0:.0f} s")
    print(f"own cue: {np.mean(np.diag(p[:, :n])):.3f}")
    print(f"suite cues: {np.nanmean(p[:, :n]):.3f}; training cues: {np.nanmean(p[:, n:]):.3f}")
    print("per question (suite cues):", " ".join(f"{v:.2f}" for v in np.nanmean(p[:, :n], 1)))
    print("per cue (all questions):", " ".join(f"{v:.2f}" for v in np.nanmean(p, 0)))
    print("logit variance: " + ", ".join(f"{k} {v:.2f}" for k, v in split.items()))
    if a.out:
        a.out.write_text(
            json.dumps(
                {
                    "questions": [s.id for s in suite],
                    "cues": cues,
                    "n_suite_cues": n,
                    "p_misaligned": [[None if np.isnan(v) else float(v) for v in row] for row in p],
                    "variance": split,
                }
            )
        )


if __name__ == "__main__":
    main()
