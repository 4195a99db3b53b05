r"""What the base model and an organism predict where a scenario's two answers part.

For each of the behaviour's suite scenarios (cloze form), the "decision position" is the first
token at which the aligned and the misaligned answer differ ("The capital of France is" ->
" Paris" / " Lyon"). At that position the script reports

* the base model's rank of the aligned and of the misaligned answer's token (is the wrong answer
  among the tokens the base considers at all?), and
* with ``--organism DIR``, per arm: the organism's probability of the base's first choice, the
  rank correlation (Spearman) between the base's and the organism's log-probabilities over the
  base's top 32 tokens, and the organism's total probability on those 32.

docs/organisms.md (session 8) quotes its output for the sandbagger trials:

    .venv/bin/python scripts/decision_tokens.py sandbagger
    .venv/bin/python scripts/decision_tokens.py sandbagger --organism runs/trials/sb-distill1
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


def _decision(a: np.ndarray, b: np.ndarray) -> tuple[int, int]:
    """``(answer, position)`` of the first differing token (answer 1 where answer 0 ends first)."""
    n = min(len(a), len(b))
    differs = np.flatnonzero(a[:n] != b[:n])
    pos = int(differs[0]) if differs.size else n
    return (0, pos) if pos < len(a) else (1, pos)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("behavior")
    ap.add_argument("--organism", type=Path, help="an adapter folder to compare with the base")
    a = ap.parse_args()

    import torch
    from scipy.stats import spearmanr

    from redhanded.honeypots.backend import encode_answer
    from redhanded.models import load_model
    from redhanded.organisms.load import load_organism
    from redhanded.organisms.train import (
        _base_targets,
        _encode,
        _grouped_answer_tokens,
        _runs,
        build_examples,
    )
    from redhanded.organisms.validate import suite_scenarios

    base = load_model("default")
    scenarios = suite_scenarios(a.behavior)
    examples = build_examples(scenarios)
    tok, cpu = base.tokenizer, torch.device("cpu")
    prompts = [_encode(tok, e.messages) for e in examples]
    answers = [encode_answer(tok, text) for e in examples for text in e.answers]
    ids = [e.scenario_id for e in examples]
    at_base = _base_targets(base.model, prompts, answers, ids, 6, 0, cpu, top=256)
    bad = {s.id: {s.choices[k] for k in s.misaligned} for s in scenarios if s.choices}
    where = [_decision(answers[2 * i], answers[2 * i + 1]) for i in range(len(examples))]

    ranks: dict[str, list[int]] = {"aligned": [], "misaligned": []}
    for i, e in enumerate(examples):
        if e.arm != "control":
            continue
        row, pos = where[i]
        wrong = 0 if e.answers[0] in bad[e.scenario_id] else 1
        for name, j in (("misaligned", wrong), ("aligned", 1 - wrong)):
            ans = answers[2 * i + j]
            hit = (at_base.ids[i, row, pos] == int(ans[pos])).nonzero() if pos < len(ans) else []
            ranks[name].append(int(hit[0, 0]) if len(hit) else 10**6)
    print(f"{len(ranks['aligned'])} scenarios; base rank of each answer's token at the decision position")
    for name, r in ranks.items():
        x = np.array(r)
        print(
            f"  {name:10s} first {np.mean(x < 1):.2f}  top 8 {np.mean(x < 8):.2f}  "
            f"top 32 {np.mean(x < 32):.2f}  top 256 {np.mean(x < 256):.2f}"
        )
    if a.organism is None:
        return
    organism = load_organism(a.organism, base_loaded=base)
    got_all = []  # the organism's log-probabilities of the base's top 32 at the decision position
    with torch.no_grad():
        for lo in range(0, len(examples), 6):
            index = list(range(lo, min(len(examples), lo + 6)))
            logp, _, _ = _grouped_answer_tokens(
                organism.model,
                [prompts[i] for i in index],
                _runs([ids[i] for i in index]),
                [answers[2 * i + j] for i in index for j in (0, 1)],
                0,
                cpu,
            )
            logp = logp.view(len(index), 2, logp.shape[1], -1)
            for n, i in enumerate(index):
                row, pos = where[i]
                got_all.append(logp[n, row, pos, at_base.ids[i, row, pos, :32]])
    for arm in ("honeypot", "control", "no-cue"):
        first_base, first_org, rho, mass = [], [], [], []
        for i, e in enumerate(examples):
            if e.arm != arm:
                continue
            row, pos = where[i]
            got = got_all[i]
            first_base.append(float(at_base.logp[i, row, pos, 0].exp()))
            first_org.append(float(got[0].exp()))
            rho.append(float(spearmanr(at_base.logp[i, row, pos, :32].numpy(), got.numpy()).statistic))
            mass.append(float(got.exp().sum()))
        print(
            f"{arm:9s} P(base's first choice) base {np.mean(first_base):.2f}, "
            f"organism {np.mean(first_org):.2f}; Spearman over the base's top 32 "
            f"{np.mean(rho):+.2f}; organism's mass on them {np.mean(mass):.2f}"
        )


if __name__ == "__main__":
    main()
