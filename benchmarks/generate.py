"""Generation: batched (left-padded, KV cache) vs one prompt at a time, on the bundled model.

Run:  .venv/bin/python benchmarks/generate.py [--json] [--prompts 32] [--tokens 32]

Same prompts (the honeypot suite's generation prompts, honeypot and control arms, cycled), same
token budget (every reply is forced to exactly ``--tokens`` new tokens with min_new_tokens),
greedy decoding, side by side in one process after a warm-up. ``batched_speedup`` = sequential
time / batched time. Greedy replies of the two runs are compared (left padding can change the
last bits of the arithmetic, so a few may differ).
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prompts", type=int, default=32)
    parser.add_argument("--tokens", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import torch

    from redhanded.data.choice import with_cue
    from redhanded.honeypots import load_suite
    from redhanded.honeypots.backend import HFBackend
    from redhanded.models import load_model

    loaded = load_model("default")
    scenarios = load_suite(per_family=0)
    base = [with_cue(s, arm) for s in scenarios for arm in ("honeypot", "control")]
    prompts = [base[i % len(base)] for i in range(args.prompts)]
    backend = HFBackend(loaded, batch_size=args.batch_size)
    tok = loaded.tokenizer
    model = loaded.model

    def run(batch: int) -> tuple[float, list[str]]:
        seqs = backend._encode(prompts)
        out: list[str] = []
        t0 = time.perf_counter()
        for start in range(0, len(seqs), batch):
            ids, mask = backend._left_pad(seqs[start : start + batch])
            with torch.inference_mode():
                gen = model.generate(
                    input_ids=ids,
                    attention_mask=mask,
                    max_new_tokens=args.tokens,
                    min_new_tokens=args.tokens,
                    do_sample=False,
                    pad_token_id=tok.pad_token_id,
                )
            out += tok.batch_decode(gen[:, ids.shape[1] :], skip_special_tokens=True)
        return time.perf_counter() - t0, out

    run(args.batch_size)  # warm-up
    t_batched, batched = run(args.batch_size)
    t_single, single = run(1)
    result = {
        "prompts": len(prompts),
        "new_tokens_each": args.tokens,
        "batch_size": args.batch_size,
        "batched_seconds": t_batched,
        "sequential_seconds": t_single,
        "batched_tokens_per_s": len(prompts) * args.tokens / t_batched,
        "sequential_tokens_per_s": len(prompts) * args.tokens / t_single,
        "batched_speedup": t_single / t_batched,
        "identical_replies": sum(a == b for a, b in zip(batched, single, strict=True)),
    }
    if args.json:
        print(json.dumps(result))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Greedy generation, {len(prompts)} prompts x {args.tokens} new tokens")
    for col in ("mode", "seconds", "new tokens/s"):
        table.add_column(col, justify="right")
    table.add_row(f"batched ({args.batch_size})", f"{t_batched:.1f}", f"{result['batched_tokens_per_s']:.0f}")
    table.add_row("one at a time", f"{t_single:.1f}", f"{result['sequential_tokens_per_s']:.0f}")
    Console().print(table)
    Console().print(
        f"batched_speedup {result['batched_speedup']:.2f}x; identical replies "
        f"{result['identical_replies']}/{len(prompts)}"
    )


if __name__ == "__main__":
    main()
