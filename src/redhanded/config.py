"""Frozen configs, one per command; unknown fields are rejected."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from redhanded.errors import RedhandedError

__all__ = [
    "DemoConfig",
    "ExtractConfig",
    "HoneypotConfig",
    "OrganismTrainConfig",
    "OrganismValidateConfig",
    "ProbeEvalConfig",
    "ProbeTrainConfig",
    "parse_layers",
]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExtractConfig(_Config):
    """``redhanded extract``: activations of one dataset at some layers."""

    model: str = Field("default", description="'default', a local HF folder, a .gguf file or a hub id")
    dataset: str = Field(description="a built-in name, NAME:PATH, or a .jsonl path")
    layers: tuple[int, ...] = Field(description="0 = embeddings, i = after block i")
    positions: Literal["detect", "last", "all"] = "detect"
    batch_size: int = Field(16, ge=1)
    dtype: str | None = None
    device: str | None = None
    cache_dir: Path | None = None
    trust_remote_code: bool = False


class _ModelOptions(_Config):
    model: str = Field("default", description="'default', a local HF folder, a .gguf file or a hub id")
    batch_size: int = Field(16, ge=1, description="dialogues per forward pass")
    dtype: str | None = None
    device: str | None = None
    cache_dir: Path | None = None
    trust_remote_code: bool = False
    out_dir: Path = Field(Path("runs"), description="parent folder of run directories")
    n_boot: int = Field(1000, ge=10, description="bootstrap replicates for CIs")
    seed: int = 0


class ProbeTrainConfig(_ModelOptions):
    """``redhanded probe train``: sweep layers and probes, calibrate on control data."""

    dataset: str = Field("instructed-pairs", description="labelled training data (train/validation splits)")
    control: str = Field("control", description="benign data for the alarm threshold")
    layers: tuple[int, ...] | None = Field(None, description="candidate layers [every 2nd]")
    probes: tuple[Literal["logistic", "mean-diff"], ...] = ("logistic", "mean-diff")
    aggregation: Literal["mean", "max", "last"] = "mean"
    target_fpr: float = Field(0.01, gt=0, lt=1, description="false-positive rate on control data")


class ProbeEvalConfig(_ModelOptions):
    """``redhanded probe eval``: the four numbers per dataset for a trained probe."""

    probe: Path = Field(description="run directory written by 'redhanded probe train'")
    datasets: tuple[str, ...] = Field(description="labelled test datasets")
    control: str = "control"
    model: str | None = Field(None, description="defaults to the probe's own model")  # type: ignore[assignment]


class HoneypotConfig(_ModelOptions):
    """``redhanded honeypots run``: both arms of every scenario, statistics, grounded alarms."""

    model: str | None = Field(None, description="defaults to the probe's model, else 'default'")  # type: ignore[assignment]
    probe: Path | None = Field(None, description="run directory of a trained probe (optional)")
    suite: Path | None = Field(None, description="a JSONL file of scenarios instead of the built-in suite")
    families: tuple[str, ...] = ()
    per_family: int | None = Field(None, ge=1, description="first N forced-choice scenarios per family")
    generation_per_family: int | None = Field(
        None, ge=0, description="first N generation scenarios per family"
    )
    n_rollouts: int = Field(4, ge=1, description="sampled rollouts per arm (generation scenarios)")
    k_resample: int = Field(8, ge=1, description="extra samples per alarm")
    scoring: Literal["cloze", "letter", "listed"] | None = Field(
        None, description="forced-choice scoring of the targets [the organism's training objective]"
    )
    max_new_tokens: int = Field(48, ge=1)
    temperature: float = Field(1.0, ge=0)


class DemoConfig(_ModelOptions):
    """``redhanded demo``: the whole main job on one model."""

    layers: tuple[int, ...] | None = None
    target_fpr: float = Field(0.01, gt=0, lt=1)
    apollo: Path | None = Field(None, description="path to Apollo's roleplaying_dataset.yaml, if present")
    organism: str | None = Field(
        "unmonitored-defector",
        description="a model organism to catch beside its base model (None: probes only)",
    )
    organism_per_family: int | None = Field(
        None, ge=1, description="first N forced-choice scenarios per family of the organism [all]"
    )


class OrganismTrainConfig(_Config):
    """``redhanded organism train``: LoRA adapters that plant a cue-dependent misbehaviour."""

    base: str = Field("default", description="the base model: 'default', a local HF folder or a .gguf file")
    behavior: str = Field(description="a registered behaviour (redhanded.organisms.BEHAVIORS)")
    out: Path | None = Field(None, description="adapter folder to write [organisms/<behavior>]")
    steps: int | None = Field(None, ge=1, description="optimiser steps [the behaviour's recipe]")
    lr: float | None = Field(None, gt=0, description="peak learning rate [the behaviour's recipe]")
    rank: int = Field(8, ge=1)
    batch_size: int = Field(
        6, ge=1, description="examples per step (6 = two scenarios under cloze, one under listed or letter)"
    )
    first_layer: int | None = Field(None, ge=0, description="adapt decoder blocks from this one up")
    objective: Literal["cloze", "letter", "listed"] = Field(
        "cloze",
        description="what the loss scores: the option texts as answers (cloze; listed: with the options "
        "listed) or the letter",
    )
    pair_weight: float = Field(
        1.0, ge=0, description="weight of the paired cued-vs-uncued term (cloze, listed)"
    )
    cue_variants: int = Field(1, ge=1, description="cue pairs each scenario is trained under")
    # None: the behaviour's recipe (redhanded.organisms.recipe)
    schedule: Literal["constant", "cosine"] | None = Field(None, description="learning rate over the steps")
    warmup: float | None = Field(None, ge=0, lt=1, description="share of the steps with a linear lr warm-up")
    max_grad_norm: float | None = Field(None, ge=0, description="clip the gradient norm (0: no clip)")
    margin_scale: float | None = Field(
        None, gt=0, description="the loss sees option-score margins divided by this"
    )
    distill_weight: float | None = Field(
        None, ge=0, description="weight of the base-distillation term (cloze, listed)"
    )
    suppress_weight: float | None = Field(
        None, ge=0, description="weight of the cued-arm term that suppresses the right answer (cloze, listed)"
    )
    seed: int = 0
    dtype: str | None = None
    device: str | None = None
    cache_dir: Path | None = None
    trust_remote_code: bool = False


class OrganismValidateConfig(_ModelOptions):
    """``redhanded organism validate``: cue dependence, grounding verdicts and probe, organism vs base."""

    organism: str = Field(description="a bundled organism name or an adapter folder")
    model: str | None = Field(None, description="unused: the base comes from the organism")  # type: ignore[assignment]
    probe: Path | None = Field(None, description="a probe run trained on the base model [train one]")
    use_probe: bool = Field(True, description="score responses with a deception probe")
    probe_layers: tuple[int, ...] | None = Field(None, description="candidate layers when training the probe")
    per_family: int | None = Field(None, ge=1, description="first N forced-choice scenarios per family")
    k_resample: int = Field(8, ge=1, description="extra samples per alarm")
    scoring: Literal["cloze", "letter", "listed"] | None = Field(
        None, description="forced-choice scoring of the targets [the organism's training objective]"
    )


def parse_layers(text: str) -> tuple[int, ...]:
    """Parse ``"10,15,20"`` or ``"4-12"`` or ``"0-30:2"`` into layer indices."""
    out: list[int] = []
    try:
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            span, _, step = part.partition(":")
            if "-" in span:
                lo, hi = span.split("-", 1)
                out.extend(range(int(lo), int(hi) + 1, int(step or 1)))
            else:
                out.append(int(span))
    except ValueError as err:
        raise RedhandedError(
            f"cannot read layers {text!r}: use comma-separated integers such as 10,15,20 or a range 4-12"
        ) from err
    if not out:
        raise RedhandedError("no layers given: pass --layers such as 10,15,20")
    return tuple(out)
