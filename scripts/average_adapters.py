"""Average the weight changes of several LoRA organism adapters into one adapter folder.

The adapters must share a base, target modules and rank r. The result has rank K x r: the
K adapters' ``lora_A`` stacked along the rank axis and their ``lora_B`` side by side, divided
by K / SCALE, with ``lora_alpha`` multiplied by K. So its weight change is SCALE times the mean
of the K weight changes. ``organism.json`` is the first adapter's, with the rank, alpha and
adapter digest updated. Session 12 used it for the sandbagger's two-seed mean:

    python scripts/average_adapters.py OUT src/redhanded/organisms/adapters/sandbagger SEED1_DIR
    python scripts/organism_trial.py sandbagger --out OUT --eval-only --per-scenario
"""

import argparse
import json
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from redhanded.organisms.manifest import ADAPTER_FILE, MANIFEST_FILE, file_digest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="adapter folder to write")
    ap.add_argument("adapters", type=Path, nargs="+", help="adapter folders to average")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the mean weight change by this")
    a = ap.parse_args()
    k = len(a.adapters)
    weights = [load_file(str(d / ADAPTER_FILE)) for d in a.adapters]
    merged = {}
    for name in weights[0]:
        axis = 0 if "lora_A" in name else 1
        part = torch.cat([w[name] for w in weights], axis)
        merged[name] = (part if axis == 0 else part * (a.scale / k)).contiguous()
    shutil.rmtree(a.out, ignore_errors=True)
    a.out.mkdir(parents=True)
    save_file(merged, str(a.out / ADAPTER_FILE))
    config = json.loads((a.adapters[0] / "adapter_config.json").read_text())
    config["r"] *= k
    config["lora_alpha"] *= k
    (a.out / "adapter_config.json").write_text(json.dumps(config, indent=2))
    manifest = json.loads((a.adapters[0] / MANIFEST_FILE).read_text())
    manifest.update(rank=config["r"], alpha=config["lora_alpha"])
    manifest["adapter_sha256"] = file_digest(a.out / ADAPTER_FILE)
    (a.out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
    print(f"mean of {k} adapters (x {a.scale:g}) -> {a.out}")


if __name__ == "__main__":
    main()
