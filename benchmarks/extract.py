"""Activation extraction: redhanded vs its physical limit, a bare forward, output_hidden_states, nnsight.

Run:  .venv/bin/python benchmarks/extract.py [--json] [--n 500] [--n-slow 50] [--n-mem 2000] [--layer 15]

Every method reads built-in dialogues of varied length on the bundled model, with the same batch
size; (a), (c) and (d) take batches in dataset order, (b) is ``redhanded.activations.extract``
(length buckets, early exit, detect tokens only, streaming to a fresh cache) and (e) runs the very
batches (b) runs, built by redhanded's own bucketing (``_plan``) and padding (``_pad_batch``).
(a), (b), (c) and (d) each run in their own subprocess, after one warm-up batch, so each one's
peak extra memory (the kernel's peak RSS above the level after loading and warm-up) is its own.
Ratios are measured side by side in one run; absolute tokens/s on a shared machine are noisy.

(a) forward   : model(**batch) - all 30 blocks and the logits, nothing kept
(b) redhanded : extract(..., layers=[L]) then the same call again (cached)
(c) hidden    : model(**batch, output_hidden_states=True), every layer's detect tokens kept
(d) nnsight   : LanguageModel.trace(batch); model.layers[L-1].output.save(); tracer.stop()
(e) limit     : the embeddings and blocks 0..L-1 on (b)'s batches (a hook on block L-1 raises to
                stop the pass), nothing captured: the floor for any extractor of layer L

How each ratio is formed (always two methods on the same dialogues):

* ``speedup_vs_nnsight``: (d)'s time / (b)'s time, both on all ``--n`` dialogues.
* ``speedup_vs_forward`` and ``speedup_vs_hidden_states``: the slow baselines (a) and (c) read
  only the first ``--n-slow`` dialogues of the ``--n``, so their time is divided by (b)'s time on
  those same dialogues (an ``extract`` call of its own on that subset, fresh cache, in the (b)
  process after its main run).
* ``limit_ratio``: (b)'s time / (e)'s time on all ``--n`` dialogues, on the batches of (b)'s main
  run, taken in the (b) process after it. The batches go in groups of ``--pair-batches``; per
  group, one ``extract`` call on that group's dialogues (fresh cache; it re-buckets them into the
  same batches, which is checked) and (e) on those batches, in alternating order, so that load
  from other work on the machine falls on both alike. The ratio is the sum of (b) over the sum of
  (e); ``limit_ratio_quartiles`` are those of the per-group ratios (their median resists bursts
  of load). Everything (b) adds to a bare truncated forward (tokenizing, hooks, token selection,
  shard writing and its checksum, the manifest) is in it; per-call costs (one shard file and
  manifest per group instead of per ~8k selected tokens) make it slightly pessimistic.
* ``cache_speedup``: (b)'s first call / its second (cached) call on the ``--n`` dialogues.
* ``mem_growth_4x``: (b)'s peak extra memory at ``--n-mem`` dialogues / at ``--n``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
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


class _StopForward(Exception):
    """Raised by (e)'s hook after block L-1: the rest of the model never runs."""


def bucketed_batches(loaded, ds, batch_size: int) -> list[tuple[list[int], tuple]]:
    """The batches ``extract`` runs for ``ds``, each as (dialogue indices, (ids, mask, position_ids)).

    Built by redhanded's own tokenizing, token selection, bucketing (``_plan``: longest first, in
    shards) and padding (``_pad_batch``), so they are the very tensors ``extract`` feeds the model.
    """
    import numpy as np

    from redhanded.activations.extraction import _pad_batch, _plan, select_tokens
    from redhanded.data.tokenize import tokenize_dialogues

    tok = loaded.tokenizer
    tokenized = tokenize_dialogues(tok, ds.dialogues)
    counts = np.array([len(select_tokens(t, "detect")) for t in tokenized], dtype=np.int64)
    lengths = np.array([len(t) for t in tokenized], dtype=np.int64)
    pad_id = tok.pad_token_id if tok.pad_token_id is not None else 0
    out = []
    for shard in _plan(counts, lengths):
        for start in range(0, len(shard), batch_size):
            members = shard[start : start + batch_size]
            ids, mask, position_ids, _ = _pad_batch(
                [tokenized[i] for i in members], pad_id, "right", loaded.device
            )
            out.append((members, (ids, mask, position_ids)))
    return out


def run_limit(model, batches: list[tuple], layer: int) -> float:
    """(e): seconds for the embeddings and blocks 0..layer-1 on ``batches``, nothing captured."""
    import torch

    from redhanded.models.layers import decoder_layers

    def stop(*_: object) -> None:
        raise _StopForward

    blocks = decoder_layers(model)
    handle = (
        blocks[layer - 1].register_forward_hook(stop) if layer else blocks[0].register_forward_pre_hook(stop)
    )
    try:
        t0 = time.perf_counter()
        with torch.inference_mode():
            for ids, mask, position_ids in batches:
                try:
                    model(input_ids=ids, attention_mask=mask, position_ids=position_ids, use_cache=False)
                except _StopForward:
                    pass
        return time.perf_counter() - t0
    finally:
        handle.remove()


def limit_pairs(loaded, ds, layer: int, batch_size: int, group: int) -> list[dict]:
    """(b) and (e) side by side on the batches of ``extract(ds)``, ``group`` batches at a time.

    The batches come in groups of ``group`` consecutive ones (never across a shard). Per group, one
    ``extract`` call on just that group's dialogues (fresh cache; it buckets them into the same
    batches, which is checked) and (e) on those batches, alternating which goes first.
    """
    import torch

    from redhanded.activations import extract
    from redhanded.data import Dataset

    seen: list = []

    def record(_module: object, _args: tuple, kwargs: dict) -> None:
        seen.append(kwargs["input_ids"])

    groups: list[list] = []
    for members, batch in bucketed_batches(loaded, ds, batch_size):
        # a partial batch (a shard's last) ends its group, so re-bucketing a group gives its batches
        if not groups or len(groups[-1]) == group or len(groups[-1][-1][0]) < batch_size:
            groups.append([])
        groups[-1].append((members, batch))
    out = []
    for k, items in enumerate(groups):
        part = Dataset(f"{ds.name}-group{k}", tuple(ds.dialogues[i] for m, _ in items for i in m))
        batches = [b for _, b in items]
        row = {"n": len(part), "tokens": int(sum(int(b[1].sum()) for b in batches))}
        for which in ("limit", "redhanded") if k % 2 == 0 else ("redhanded", "limit"):
            if which == "limit":
                row["limit_s"] = run_limit(loaded.model, batches, layer)
                continue
            seen.clear()
            handle = loaded.model.register_forward_pre_hook(record, with_kwargs=True)
            try:
                with tempfile.TemporaryDirectory() as cache:
                    t0 = time.perf_counter()
                    extract(loaded, part, layers=[layer], batch_size=batch_size, cache_dir=Path(cache))
                    row["redhanded_s"] = time.perf_counter() - t0
            finally:
                handle.remove()
            if len(seen) != len(batches) or not all(
                torch.equal(a, b[0]) for a, b in zip(seen, batches, strict=False)
            ):
                raise SystemExit(f"group {k}: extract ran other batches than the limit's")
        out.append(row)
    return out


def worker(method: str, n: int, layer: int, batch_size: int, n_slow: int, pair_batches: int) -> dict:
    import torch

    from redhanded.activations import extract
    from redhanded.data import Dataset
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
            if n_slow:  # the main run only, not the memory check
                subset = Dataset(f"bench-{n_slow}", ds.dialogues[:n_slow])  # what (a) and (c) read
                with tempfile.TemporaryDirectory() as fresh:
                    t0 = time.perf_counter()
                    extract(loaded, subset, layers=[layer], batch_size=batch_size, cache_dir=Path(fresh))
                    result["subset_seconds"] = time.perf_counter() - t0
                result["pairs"] = limit_pairs(loaded, ds, layer, batch_size, pair_batches)
    del kept  # kept alive until here on purpose: holding the result is part of each method
    return result


def spawn(method: str, n: int, args: argparse.Namespace, n_slow: int = 0) -> dict:
    """Run one method in a fresh process; ``n_slow`` > 0 adds (b)'s subset run and the (e) pairs."""
    t0 = time.perf_counter()
    flags = {"--n": n, "--n-slow": n_slow, "--pair-batches": args.pair_batches}
    flags |= {"--layer": args.layer, "--batch-size": args.batch_size}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", method, *(x for kv in flags.items() for x in map(str, kv))],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{method} worker failed:\n{out.stderr[-3000:]}")
    print(f"{method} on {n} dialogues: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500, help="dialogues for the speed comparison")
    parser.add_argument(
        "--n-slow",
        type=int,
        default=50,
        help="dialogues for the slow baselines (a) and (c): the first of --n",
    )
    parser.add_argument("--n-mem", type=int, default=2000, help="dialogues for the 4x memory check")
    parser.add_argument("--layer", type=int, default=15, help="layer read (15 of 30: mid-stack)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--pair-batches", type=int, default=2, help="batches per side-by-side (b) / (e) pair for limit_ratio"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worker", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = worker(args.worker, args.n, args.layer, args.batch_size, args.n_slow, args.pair_batches)
        print(json.dumps(result))
        return
    if not 0 < args.n_slow <= args.n:
        parser.error(f"--n-slow {args.n_slow} must be between 1 and --n {args.n}")
    if args.pair_batches < 1:
        parser.error(f"--pair-batches {args.pair_batches} must be 1 or more")

    runs = {
        "forward": spawn("forward", args.n_slow, args),
        "redhanded": spawn("redhanded", args.n, args, n_slow=args.n_slow),
        "hidden": spawn("hidden", args.n_slow, args),
        "nnsight": spawn("nnsight", args.n, args),
    }
    big = spawn("redhanded", args.n_mem, args)
    ours = runs["redhanded"]["seconds"]
    ours_slow = runs["redhanded"].pop("subset_seconds")  # (b) on the dialogues (a) and (c) read
    pairs = runs["redhanded"].pop("pairs")
    runs["limit"] = {
        "n": args.n,
        "tokens": sum(p["tokens"] for p in pairs),
        "seconds": sum(p["limit_s"] for p in pairs),
    }
    assert runs["limit"]["tokens"] == runs["redhanded"]["tokens"]
    per_pair = [p["redhanded_s"] / p["limit_s"] for p in pairs]
    quartiles = statistics.quantiles(per_pair, n=4) if len(per_pair) > 1 else per_pair * 3
    ratio = {  # a method's time / redhanded's time on the same dialogues
        "forward": runs["forward"]["seconds"] / ours_slow,
        "redhanded": 1.0,
        "hidden": runs["hidden"]["seconds"] / ours_slow,
        "nnsight": runs["nnsight"]["seconds"] / ours,
        "limit": runs["limit"]["seconds"] / sum(p["redhanded_s"] for p in pairs),
    }
    summary = {
        "n_dialogues": args.n,
        "tokens": runs["redhanded"]["tokens"],
        "n_slow": args.n_slow,
        "tokens_slow": runs["forward"]["tokens"],
        "layer": args.layer,
        "batch_size": args.batch_size,
        "tokens_per_s": {m: r["tokens"] / r["seconds"] for m, r in runs.items()},
        "peak_extra_mb": {m: r["peak_extra_mb"] for m, r in runs.items() if "peak_extra_mb" in r},
        "speedup_vs_forward": ratio["forward"],
        "speedup_vs_hidden_states": ratio["hidden"],
        "speedup_vs_nnsight": ratio["nnsight"],
        "limit_ratio": 1 / ratio["limit"],
        "limit_ratio_pairs": len(pairs),
        "limit_ratio_quartiles": quartiles,
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
    for col in ("method", "dialogues", "tokens/s", "time / redhanded, same dialogues", "peak extra MB"):
        table.add_column(col, justify="right")
    for m, r in runs.items():
        mb = f"{r['peak_extra_mb']:.0f}" if "peak_extra_mb" in r else "-"
        table.add_row(m, str(r["n"]), f"{r['tokens'] / r['seconds']:.0f}", f"{ratio[m]:.2f}", mb)
    console = Console()
    console.print(table)
    q = summary["limit_ratio_quartiles"]
    console.print(
        f"limit_ratio {summary['limit_ratio']:.3f} (per pair of {args.pair_batches} batches, quartiles "
        f"{q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f} over {len(pairs)}); cache_speedup "
        f"{summary['cache_speedup']:.0f}x; mem_growth_4x {summary['mem_growth_4x']:.2f} "
        f"({summary['peak_extra_mb_4x']:.0f} MB at {args.n_mem})"
    )


if __name__ == "__main__":
    main()
