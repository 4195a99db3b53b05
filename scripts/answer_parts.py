r"""Split each suite question's cloze margin into the parting token and the tokens after it.

For every suite scenario of the behaviour (cloze form) the right and the wrong answer share a
prefix and part at one token ("The capital of France is" -> " Paris" / " Lyon"). The script
prints, per arm and model, the log-probability of each answer's parting token, the summed
log-probability of the tokens after it, and the total margin (wrong minus right), and with
``--generate`` the model's greedy continuation after the shared prefix. docs/organisms.md
(session 11) quotes its output:

    .venv/bin/python scripts/answer_parts.py sandbagger --organism sandbagger --generate
"""

from __future__ import annotations

import argparse

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("behavior")
    ap.add_argument("--organism", required=True, help="a shipped organism's name or an adapter folder")
    ap.add_argument("--generate", action="store_true", help="also print greedy continuations (12 tokens)")
    a = ap.parse_args()

    import torch

    from redhanded.honeypots.backend import encode_answer
    from redhanded.models import load_model
    from redhanded.organisms.load import load_organism
    from redhanded.organisms.train import _encode, _grouped_answer_tokens, _runs, build_examples
    from redhanded.organisms.validate import suite_scenarios

    base = load_model("default")
    organism = load_organism(a.organism, base_loaded=base)
    scenarios = suite_scenarios(a.behavior)
    examples = [e for e in build_examples(scenarios) if e.arm != "no-cue"]
    tok, cpu = base.tokenizer, torch.device("cpu")
    prompts = [_encode(tok, e.messages) for e in examples]
    answers = [encode_answer(tok, text) for e in examples for text in e.answers]
    bad = {s.id: {s.choices[k] for k in s.misaligned} for s in scenarios if s.choices}
    for name, model in (("base", base.model), ("organism", organism.model)):
        print(f"== {name}: parting token wrong / right | after it wrong / right | margin")
        with torch.no_grad():
            for lo in range(0, len(examples), 4):
                index = list(range(lo, min(len(examples), lo + 4)))
                logp, ids, mask = _grouped_answer_tokens(
                    model,
                    [prompts[i] for i in index],
                    _runs([examples[i].scenario_id for i in index]),
                    [answers[2 * i + j] for i in index for j in (0, 1)],
                    0,
                    cpu,
                )
                token = logp.gather(-1, ids[..., None])[..., 0] * mask
                for n, i in enumerate(index):
                    e = examples[i]
                    w = 0 if e.answers[0] in bad[e.scenario_id] else 1
                    a0, a1 = answers[2 * i], answers[2 * i + 1]
                    m = min(len(a0), len(a1))
                    k = int(np.flatnonzero(a0[:m] != a1[:m])[0])
                    tw, tr = token[2 * n + w], token[2 * n + 1 - w]
                    pw, pr = float(tw[k]), float(tr[k])
                    rw, rr = float(tw[k + 1 :].sum()), float(tr[k + 1 :].sum())
                    line = (
                        f"{e.scenario_id} {e.arm:8s} {pw:7.2f} / {pr:7.2f} | {rw:7.2f} / {rr:7.2f} "
                        f"| {pw + rw - pr - rr:+7.2f}"
                    )
                    if a.generate:
                        head = torch.tensor([list(prompts[i]) + list(a0[:k])])
                        out = model.generate(head, max_new_tokens=12, do_sample=False)
                        line += f"  {tok.decode(a0[:k])!r} + {tok.decode(out[0, head.shape[1] :])!r}"
                    print(line)


if __name__ == "__main__":
    main()
