"""Organism training step: LoRA on every decoder block vs on blocks ``--first-layer`` and up.

Run:  .venv/bin/python benchmarks/organism_first_layer.py [--json] [--behavior cover-up]
      [--first-layer 8] [--steps 8]

The same batches of a behaviour's training data (two scenarios x three arms, the recipe's batch
of 6), forward and backward through the cloze loss's two answer scores per prompt (the shared
prefix path that training uses), on two LoRA copies of the bundled model: ``all`` adapts every
block, ``upper`` only blocks ``first_layer`` .. last, so autograd stops the backward pass at that
block. The two are timed alternately, batch by batch, after a warm-up; ``step_speedup`` = all
time / upper time. ``adapter_share`` is the upper copy's adapter parameters over the full one's.
"""

from __future__ import annotations

import argparse
import copy
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--behavior", default="cover-up")
    parser.add_argument("--first-layer", type=int, default=8)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import torch
    from peft import LoraConfig, get_peft_model

    from organism_step import emit, training_batches  # this folder is on sys.path when run as a script
    from redhanded.models import decoder_layers, load_model
    from redhanded.organisms.examples import scenario_runs
    from redhanded.organisms.scoring import grouped_answer_logprobs
    from redhanded.organisms.train import lora_targets

    loaded = load_model("default")
    tok = loaded.tokenizer
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    n_blocks = len(decoder_layers(loaded.model))
    if not 0 < args.first_layer < n_blocks:
        raise SystemExit(f"--first-layer must be in 1..{n_blocks - 1} for this model")
    models = {}
    for name, first in (("all", 0), ("upper", args.first_layer)):
        config = LoraConfig(
            r=8,
            lora_alpha=16,
            target_modules=lora_targets(loaded.model),
            layers_to_transform=list(range(first, n_blocks)),
        )
        models[name] = get_peft_model(copy.deepcopy(loaded.model), config)
    n_params = {k: sum(p.numel() for p in m.parameters() if p.requires_grad) for k, m in models.items()}
    examples, prompts, answers, batches = training_batches(loaded, args.behavior, args.steps)
    times = {"all": 0.0, "upper": 0.0}

    def step(name: str, index: list[int]) -> None:
        model = models[name]
        runs = scenario_runs([examples[i].scenario_id for i in index])
        pair = [answers[2 * i + j] for i in index for j in (0, 1)]
        lp = grouped_answer_logprobs(model, [prompts[i] for i in index], runs, pair, pad, loaded.device)
        lp.sum().backward()
        model.zero_grad(set_to_none=True)

    torch.manual_seed(0)
    for n, index in enumerate(batches):
        for name in ("all", "upper") if n % 2 else ("upper", "all"):
            t0 = time.perf_counter()
            step(name, index)
            if n > 0:  # the first batch warms up
                times[name] += time.perf_counter() - t0
    out = {
        "behavior": args.behavior,
        "first_layer": args.first_layer,
        "n_blocks": n_blocks,
        "steps_timed": args.steps,
        "all_s": round(times["all"], 2),
        "upper_s": round(times["upper"], 2),
        "step_speedup": round(times["all"] / times["upper"], 3),
        "adapter_share": round(n_params["upper"] / n_params["all"], 3),
    }
    emit(out, args.json)


if __name__ == "__main__":
    main()
