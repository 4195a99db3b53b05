"""Organism training step: a scenario's shared prefix run once vs every arm's prompt run whole.

Run:  .venv/bin/python benchmarks/organism_step.py [--json] [--behavior cover-up] [--steps 8]

The same batches of a behaviour's training data (two scenarios x three arms, the shipped
recipe's batch of 6), on a LoRA copy of the bundled model, forward and backward through the cloze
loss's two answer scores per prompt. ``whole``: each prompt left-padded and run whole
(``answer_logprobs``); ``shared``: each scenario's common prefix once, then the arms' remainders
on its cache (``grouped_answer_logprobs``, what training uses). The two are timed alternately,
batch by batch, after a warm-up; ``step_speedup`` = whole time / shared time. ``max_abs_diff`` is
the largest difference between the two paths' answer log-probabilities, ``token_share`` the
share of prompt tokens the shared path runs.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any


def training_batches(
    loaded: Any, behavior: str, steps: int
) -> tuple[list[Any], list[Any], list[Any], list[list[int]]]:
    """The first ``steps + 1`` batches of ``behavior``'s cloze examples (6 = two scenarios x three arms).

    Returns the examples, their encoded prompts, the two encoded answers per example (flat, in
    example order) and the batches as example indices; the first batch is for warming up.
    """
    from redhanded.models.answers import encode_answer, encode_chat
    from redhanded.organisms.data import training_scenarios
    from redhanded.organisms.examples import build_examples

    tok = loaded.tokenizer
    examples = build_examples(training_scenarios(behavior)[: 2 * (steps + 1)])
    prompts = [encode_chat(tok, e.messages) for e in examples]
    answers = [encode_answer(tok, t) for e in examples for t in e.answers]
    batches = [list(range(6 * i, 6 * i + 6)) for i in range(steps + 1)]
    return examples, prompts, answers, batches


def emit(out: dict[str, Any], as_json: bool) -> None:
    """Print the figures: one JSON line, or a name and value per line."""
    if as_json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:14s} {v}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--behavior", default="cover-up")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import numpy as np
    import torch
    from peft import LoraConfig, get_peft_model

    from redhanded.models import load_model
    from redhanded.models.answers import answer_logprobs, left_pad
    from redhanded.organisms.examples import scenario_runs
    from redhanded.organisms.scoring import grouped_answer_logprobs, shared_prefix
    from redhanded.organisms.train import lora_targets

    loaded = load_model("default")
    tok = loaded.tokenizer
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    model = get_peft_model(
        loaded.model, LoraConfig(r=8, lora_alpha=16, target_modules=lora_targets(loaded.model))
    )
    examples, prompts, answers, batches = training_batches(loaded, args.behavior, args.steps)
    times = {"whole": 0.0, "shared": 0.0}
    diffs, tokens, kept = [], 0, 0

    def step(path: str, index: list[int]) -> torch.Tensor:
        seqs = [prompts[i] for i in index]
        pair = [answers[2 * i + j] for i in index for j in (0, 1)]
        if path == "whole":
            inputs = left_pad(seqs, pad, loaded.device)
            lp = answer_logprobs(model, inputs["input_ids"], inputs["attention_mask"], pair, pad)
        else:
            runs = scenario_runs([examples[i].scenario_id for i in index])
            lp = grouped_answer_logprobs(model, seqs, runs, pair, pad, loaded.device)
        lp.sum().backward()
        model.zero_grad(set_to_none=True)
        return lp.detach()

    for n, index in enumerate(batches):
        got = {}
        for path in ("whole", "shared") if n % 2 else ("shared", "whole"):
            t0 = time.perf_counter()
            got[path] = step(path, index)
            if n > 0:  # the first batch warms up
                times[path] += time.perf_counter() - t0
        diffs.append(float((got["whole"] - got["shared"]).abs().max()))
        runs = scenario_runs([examples[i].scenario_id for i in index])
        for run in runs:
            k = shared_prefix([prompts[index[p]] for p in run])
            lens = [len(prompts[index[p]]) for p in run]
            tokens += sum(lens)
            kept += k + sum(n_ - k for n_ in lens)
    out = {
        "behavior": args.behavior,
        "steps_timed": args.steps,
        "whole_s": round(times["whole"], 2),
        "shared_s": round(times["shared"], 2),
        "step_speedup": round(times["whole"] / times["shared"], 3),
        "token_share": round(kept / tokens, 3),
        "max_abs_diff": float(np.max(diffs)),
    }
    emit(out, args.json)


if __name__ == "__main__":
    main()
