"""Activation extraction: redhanded vs a bare forward, output_hidden_states and nnsight.

Run:  .venv/bin/python benchmarks/extract.py [--json] [--n 500] [--n-mem 2000] [--layer 15]

Every method reads the same dialogues (built-in datasets, varied length) on the bundled model,
with the same batch size; (a), (c) and (d) take batches in dataset order, (b) is
``redhanded.activations.extract`` (length buckets, early exit, detect tokens only, streaming to
a fresh cache). Each method runs in its own subprocess, after one warm-up batch, so its peak
extra memory (the kernel's peak RSS above the level after loading and warm-up) is its own.
Ratios are measured side by side in one run; absolute tokens/s on a shared machine are noisy.

(a) forward   : model(**batch) - all 30 blocks and the logits, nothing kept
(b) redhanded : extract(..., layers=[L]) then the same call again (cached)
(c) hidden    : model(**batch, output_hidden_states=True), every layer's detect tokens kept
(d) nnsight   : LanguageModel.trace(batch); model.layers[L-1].output.save(); tracer.stop()
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

METHODS = ("forward", "redhanded", "hidden", "nnsight")


def bench_dataset(n: int):
    """``n`` dialogues cycling through the built-in datasets; later cycles get a distinct system line."""
    from redhanded.data import Dataset, Message, load_dataset

    pools = [list(load_dataset(name).dialogues) for name in ("roleplay", "control", "instructed-pairs")]
    mixed = [d for group in zip(*pools, strict=False) for d in group]
    mixed += [d for pool in pools for d in pool[min(map(len, pools)) :]]
    out = []
    for i in range(n):
        d = mixed[i % len(mixed)]
        cycle = i // len(mixed)
        messages = d.messages
        if cycle:
            messages = (Message(role="system", content=f"Session {cycle}: answer as before."),) + tuple(
                m for m in messages if m.role != "system"
            )
        out.append(d.model_copy(update={"id": f"{d.id}-c{cycle}", "messages": messages}))
    return Dataset(f"bench-{n}", tuple(out))


class PeakRSS:
    """Peak resident memory above the level at entry, read from the kernel's own high-water mark.

    Entering resets the process's peak RSS (``/proc/self/clear_refs`` with 5, Linux), so VmHWM
    on exit is the peak during the block; no sampling thread competes with the work measured.
    """

    @staticmethod
    def _status(field: str) -> int:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError(f"{field} not in /proc/self/status")

    def __enter__(self) -> PeakRSS:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        self.base = self._status("VmRSS")
        return self

    def __exit__(self, *exc: object) -> None:
        self.peak = self._status("VmHWM")

    @property
    def extra_mb(self) -> float:
        return (self.peak - self.base) / 2**20


def worker(method: str, n: int, layer: int, batch_size: int) -> dict:
    import torch

    from redhanded.activations import extract
    from redhanded.data.tokenize import render_chat, tokenize_dialogue
    from redhanded.models import load_model

    loaded = load_model("default", device="cpu", dtype="float32")
    model, tok = loaded.model, loaded.tokenizer
    ds = bench_dataset(n)
    texts = [render_chat(tok, d) for d in ds.dialogues]
    masks = [torch.from_numpy(tokenize_dialogue(tok, d).detect) for d in ds.dialogues]
    n_tokens = sum(len(m) for m in masks)
    tok.padding_side = "right"

    def batches():
        for start in range(0, len(texts), batch_size):
            enc = tok(
                texts[start : start + batch_size], return_tensors="pt", padding=True, add_special_tokens=False
            )
            yield start, enc

    nn_model = None
    if method == "nnsight":
        from nnsight import LanguageModel

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nn_model = LanguageModel(model, tokenizer=tok)

    def run_forward() -> None:
        with torch.inference_mode():
            for _, enc in batches():
                model(**enc, use_cache=False)

    def run_hidden() -> list:
        kept = []
        with torch.inference_mode():
            for start, enc in batches():
                hs = model(**enc, use_cache=False, output_hidden_states=True).hidden_states
                for row in range(enc["input_ids"].shape[0]):
                    mask = masks[start + row]
                    kept.append(torch.stack([h[row, : len(mask)][mask] for h in hs]))
        return kept

    def run_nnsight() -> list:
        kept = []
        assert nn_model is not None
        for start, enc in batches():
            with nn_model.trace(dict(enc)) as tracer:
                hidden = nn_model.model.layers[layer - 1].output.save()
                tracer.stop()
            h = hidden[0] if isinstance(hidden, tuple) else hidden
            for row in range(enc["input_ids"].shape[0]):
                mask = masks[start + row]
                kept.append(h[row, : len(mask)][mask].detach().clone())
        return kept

    # warm-up: one batch through the full model (first-call allocations, weight page-in)
    with torch.inference_mode():
        _, enc = next(batches())
        model(**enc, use_cache=False)
    gc.collect()
    result: dict = {"method": method, "n": n, "tokens": n_tokens}
    kept: list | None = None
    with tempfile.TemporaryDirectory() as cache:
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            if method == "forward":
                run_forward()
            elif method == "hidden":
                kept = run_hidden()
            elif method == "nnsight":
                kept = run_nnsight()
            else:
                acts = extract(loaded, ds, layers=[layer], batch_size=batch_size, cache_dir=Path(cache))
            result["seconds"] = time.perf_counter() - t0
        result["peak_extra_mb"] = mem.extra_mb
        if method == "redhanded":
            t0 = time.perf_counter()
            again = extract(loaded, ds, layers=[layer], batch_size=batch_size, cache_dir=Path(cache))
            result["cached_seconds"] = time.perf_counter() - t0
            assert again.root == acts.root
    del kept  # kept alive until here on purpose: holding the result is part of each method
    return result


def spawn(method: str, n: int, layer: int, batch_size: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            method,
            "--n",
            str(n),
            "--layer",
            str(layer),
            "--batch-size",
            str(batch_size),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{method} worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500, help="dialogues for the speed comparison")
    parser.add_argument("--n-mem", type=int, default=2000, help="dialogues for the 4x memory check")
    parser.add_argument("--layer", type=int, default=15, help="layer read (15 of 30: mid-stack)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worker", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.layer, args.batch_size)))
        return

    runs = {m: spawn(m, args.n, args.layer, args.batch_size) for m in METHODS}
    big = spawn("redhanded", args.n_mem, args.layer, args.batch_size)
    ours = runs["redhanded"]["seconds"]
    summary = {
        "n_dialogues": args.n,
        "tokens": runs["redhanded"]["tokens"],
        "layer": args.layer,
        "batch_size": args.batch_size,
        "tokens_per_s": {m: r["tokens"] / r["seconds"] for m, r in runs.items()},
        "peak_extra_mb": {m: r["peak_extra_mb"] for m, r in runs.items()},
        "speedup_vs_forward": runs["forward"]["seconds"] / ours,
        "speedup_vs_hidden_states": runs["hidden"]["seconds"] / ours,
        "speedup_vs_nnsight": runs["nnsight"]["seconds"] / ours,
        "cache_speedup": ours / runs["redhanded"]["cached_seconds"],
        "mem_growth_4x": big["peak_extra_mb"] / runs["redhanded"]["peak_extra_mb"],
        "n_mem": args.n_mem,
        "peak_extra_mb_4x": big["peak_extra_mb"],
    }
    if args.json:
        print(json.dumps(summary))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Extraction, {args.n} dialogues ({summary['tokens']} tokens), layer {args.layer}, "
        f"batch {args.batch_size}"
    )
    for col in ("method", "tokens/s", "time ratio vs redhanded", "peak extra MB"):
        table.add_column(col, justify="right")
    for m, r in runs.items():
        table.add_row(
            m, f"{r['tokens'] / r['seconds']:.0f}", f"{r['seconds'] / ours:.2f}", f"{r['peak_extra_mb']:.0f}"
        )
    console = Console()
    console.print(table)
    console.print(
        f"cache_speedup {summary['cache_speedup']:.0f}x; mem_growth_4x "
        f"{summary['mem_growth_4x']:.2f} ({summary['peak_extra_mb_4x']:.0f} MB at {args.n_mem})"
    )


if __name__ == "__main__":
    main()
