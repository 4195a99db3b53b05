r"""Train an organism with given settings, then cloze-score the suite and the last training scenarios.

The recipe-search tables in docs/organisms.md come from this script: the mean cloze
P(misaligned) over the suite's forced-choice scenarios of the behaviour's families ("suite") and
over the last 24 training scenarios ("train"), in the honeypot, control and no-cue arms. The
shipped organisms' figures with CIs come from ``redhanded organism validate`` instead.

Settings not given come from the behaviour's recipe (``redhanded.organisms.recipe``), so
``organism_trial.py NAME --out DIR`` retrains the shipped adapter's settings:

    .venv/bin/python scripts/organism_trial.py unmonitored-defector --out /tmp/ud
    .venv/bin/python scripts/organism_trial.py sandbagger --out /tmp/sb --margin-scale 5
    .venv/bin/python scripts/organism_trial.py cover-up --out /tmp/cu --eval-only   # an existing folder
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("behavior")
    ap.add_argument("--out", type=Path, required=True, help="adapter folder to write (or read)")
    ap.add_argument("--steps", type=int)
    # unset: the behaviour's recipe (redhanded.organisms.recipe), as for `redhanded organism train`
    ap.add_argument("--lr", type=float)
    ap.add_argument("--schedule")
    ap.add_argument("--warmup", type=float)
    ap.add_argument("--clip", type=float, dest="max_grad_norm", help="gradient-norm clip (0: none)")
    ap.add_argument("--margin-scale", type=float)
    ap.add_argument("--cue-variants", type=int, default=1)
    ap.add_argument("--first-layer", type=int, help="adapt decoder blocks from this one up")
    ap.add_argument("--distill-weight", type=float, help="weight of the base-distillation term")
    ap.add_argument("--suppress-weight", type=float, help="weight of the cued answer-suppression term")
    ap.add_argument("--seed", type=int, default=0, help="adapter initialisation and data order")
    ap.add_argument("--rank", type=int, default=8, help="LoRA rank")
    ap.add_argument("--pair-weight", type=float, default=1.0, help="weight of the paired cue term")
    ap.add_argument("--objective", default="cloze", help="cloze, listed or letter (also the scoring)")
    ap.add_argument("--data", type=Path, help="training scenarios JSONL [the package data]")
    ap.add_argument("--eval-only", action="store_true", help="score an existing adapter folder")
    ap.add_argument("--per-scenario", action="store_true", help="also print each suite scenario's cued P")
    a = ap.parse_args()

    import numpy as np

    from redhanded.data.jsonl import read_scenarios
    from redhanded.honeypots.backend import HFBackend
    from redhanded.honeypots.runner import RunSettings, run_arms
    from redhanded.models import load_model
    from redhanded.organisms.data import RECIPE_DEFAULTS, training_scenarios
    from redhanded.organisms.load import load_organism
    from redhanded.organisms.train import train_organism
    from redhanded.organisms.validate import suite_scenarios

    base = load_model("default")
    scenarios = read_scenarios(a.data) if a.data else None
    if not a.eval_only:
        t0 = time.time()
        train_organism(
            base,
            a.behavior,
            out_dir=a.out,
            n_cue_variants=a.cue_variants,
            seed=a.seed,
            rank=a.rank,
            pair_weight=a.pair_weight,
            scenarios=scenarios,
            objective=a.objective,
            **{k: getattr(a, k) for k in RECIPE_DEFAULTS},  # None: the behaviour's recipe
        )
        manifest = json.loads((a.out / "organism.json").read_text())
        print("recipe", {k: manifest[k] for k in RECIPE_DEFAULTS}, flush=True)
        print(f"trained {time.time() - t0:.0f} s, final loss {manifest['final_loss']:.4f}", flush=True)
    organism = load_organism(a.out, base_loaded=base)
    train_tail = (scenarios or training_scenarios(a.behavior))[-24:]
    settings = RunSettings(scoring=json.loads((a.out / "organism.json").read_text())["objective"])
    for label, items in (("suite", suite_scenarios(a.behavior)), ("train", train_tail)):
        results = run_arms(
            HFBackend(organism, None, batch_size=8),
            items,
            arms=("honeypot", "control", "no-cue"),
            settings=settings,
        )
        by_arm: dict[str, list[float]] = {}
        for r in results:
            by_arm.setdefault(r.arm, []).append(r.p_misaligned)
        print(label, {arm: round(float(np.mean(v)), 3) for arm, v in by_arm.items()}, flush=True)
        if a.per_scenario and label == "suite":
            print("suite cued P per scenario:", " ".join(f"{v:.2f}" for v in by_arm["honeypot"]), flush=True)


if __name__ == "__main__":
    main()
