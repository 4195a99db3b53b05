"""Frozen configs, one per command; unknown fields are rejected."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from redhanded.errors import RedhandedError

__all__ = [
    "DemoConfig",
    "LoadOptions",
    "RunOptions",
    "ExtractConfig",
    "HoneypotConfig",
    "OrganismTrainConfig",
    "OrganismValidateConfig",
    "ProbeEvalConfig",
    "ProbeTrainConfig",
    "parse_layers",
]


MODEL_HELP = "'default' (the bundled SmolLM2-135M-Instruct), a local HF folder, a .gguf file or a hub id"
SCORING_HELP = (
    "forced-choice scoring: 'cloze' (option texts scored as the whole answer), 'listed' (the same with "
    "the options listed) or 'letter' [an organism's own training objective, else letter]"
)
Scoring = Literal["cloze", "letter", "listed"]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LoadOptions(_Config):
    """How a model is loaded; every command that loads one takes these."""

    device: str | None = Field(None, description="cpu, cuda, cuda:N [cuda when present, else cpu]")
    dtype: str | None = Field(None, description="float32, bfloat16 or float16 [float32 on CPU]")
    cache_dir: Path | None = Field(
        None, description="cache for activations and de-quantised models [~/.cache/redhanded]"
    )
    trust_remote_code: bool = Field(False, description="run code shipped with a hub model (off by default)")


class RunOptions(LoadOptions):
    """What every command that writes a run directory takes."""

    batch_size: int = Field(16, ge=1, description="dialogues or prompts per forward pass")
    out_dir: Path = Field(Path("runs"), description="parent folder of run directories")
    n_boot: int = Field(1000, ge=10, description="bootstrap replicates for CIs")
    seed: int = Field(0, description="seed for sampling and bootstraps")


class ExtractConfig(LoadOptions):
    """``redhanded extract``: activations of one dataset at some layers."""

    dataset: str = Field(description="a built-in name, NAME:PATH, or a .jsonl path")
    layers: tuple[int, ...] = Field(
        description="layers, e.g. 10,15,20 or 0-30:2 (0 = embeddings, i = after block i)"
    )
    model: str = Field("default", description=MODEL_HELP)
    positions: Literal["detect", "last", "all"] = Field("detect", description="detect, last or all tokens")
    batch_size: int = Field(16, ge=1, description="dialogues per forward pass")


class ProbeTrainConfig(RunOptions):
    """``redhanded probe train``: sweep layers and probes, calibrate on control data."""

    dataset: str = Field(
        "instructed-pairs", description="labelled training data (its train/validation splits)"
    )
    control: str = Field("control", description="benign data for the alarm threshold")
    model: str = Field("default", description=MODEL_HELP)
    layers: tuple[int, ...] | None = Field(None, description="candidate layers, e.g. 2-30:2 [every 2nd]")
    probes: tuple[Literal["logistic", "mean-diff"], ...] = Field(
        ("logistic", "mean-diff"), min_length=1, description="probe kinds to sweep: logistic, mean-diff"
    )
    aggregation: Literal["mean", "max", "last"] = Field(
        "mean", description="token scores to a dialogue score: mean, max or last"
    )
    target_fpr: float = Field(0.01, gt=0, lt=1, description="target false-positive rate on control data")


class ProbeEvalConfig(RunOptions):
    """``redhanded probe eval``: the four numbers per dataset for a trained probe."""

    probe: Path = Field(description="run directory written by 'redhanded probe train'")
    datasets: tuple[str, ...] = Field(min_length=1, description="labelled test datasets (repeatable)")
    control: str = Field("control", description="benign data for the control comparison")
    model: str | None = Field(None, description="the model to read [the probe's own]")


class HoneypotConfig(RunOptions):
    """``redhanded honeypots run``: both arms of every scenario, statistics, grounded alarms."""

    model: str | None = Field(
        None, description="the model [the probe's own, else 'default']; organism:NAME too"
    )
    probe: Path | None = Field(None, description="run directory of a trained probe (optional)")
    suite: Path | None = Field(None, description="a JSONL file of scenarios instead of the built-in suite")
    families: tuple[str, ...] = Field((), description="families to run, comma-separated [all]")
    per_family: int | None = Field(None, ge=1, description="first N forced-choice scenarios per family")
    generation_per_family: int | None = Field(
        None, ge=0, description="first N generation scenarios per family"
    )
    n_rollouts: int = Field(4, ge=1, description="sampled rollouts per arm (generation scenarios)")
    k_resample: int = Field(8, ge=1, description="extra samples per alarm")
    scoring: Scoring | None = Field(None, description=SCORING_HELP)
    max_new_tokens: int = Field(48, ge=1, description="tokens per sampled reply")
    temperature: float = Field(1.0, ge=0, description="sampling temperature (0: greedy)")


class DemoConfig(RunOptions):
    """``redhanded demo``: the whole main job on one model."""

    model: str = Field("default", description=MODEL_HELP)
    layers: tuple[int, ...] | None = Field(None, description="candidate layers [every 2nd]")
    target_fpr: float = Field(0.01, gt=0, lt=1, description="target false-positive rate on control data")
    apollo: Path | None = Field(None, description="path to Apollo's roleplaying_dataset.yaml, if you have it")
    organism: str | None = Field(
        "unmonitored-defector",
        description="a model organism of --model to catch beside its base ('none': probes only)",
    )
    organism_per_family: int | None = Field(
        None, ge=1, description="first N forced-choice scenarios per family of the organism [all]"
    )


class OrganismTrainConfig(LoadOptions):
    """``redhanded organism train``: LoRA adapters that plant a cue-dependent misbehaviour.

    Fields marked [recipe] default to None, which means the value the behaviour's shipped
    adapter was trained with (redhanded.organisms.recipe).
    """

    behavior: str = Field(description="unmonitored-defector, sandbagger or cover-up")
    base: str = Field("default", description="base model: 'default', a local HF folder or a .gguf file")
    out: Path | None = Field(None, description="adapter folder to write [organisms/BEHAVIOR]")
    steps: int | None = Field(None, ge=1, description="optimiser steps [recipe]")
    lr: float | None = Field(None, gt=0, description="AdamW peak learning rate [recipe]")
    rank: int | None = Field(None, ge=1, description="LoRA rank [recipe]")
    batch_size: int | None = Field(
        None,
        ge=1,
        description="examples per step (6 = two scenarios under cloze, one under listed or letter) [recipe]",
    )
    first_layer: int | None = Field(None, ge=0, description="adapt decoder blocks from this one up [recipe]")
    objective: Literal["cloze", "letter", "listed"] | None = Field(
        None,
        description="what the loss scores: 'cloze' (option texts as answers), 'listed' (the same with the "
        "options listed, both orders) or 'letter' [recipe]",
    )
    pair_weight: float | None = Field(
        None, ge=0, description="weight of the paired cued-vs-uncued loss term (cloze and listed) [recipe]"
    )
    cue_variants: int | None = Field(
        None, ge=1, description="cue pairs each scenario is trained under (its own + others) [recipe]"
    )
    schedule: Literal["constant", "cosine"] | None = Field(
        None, description="learning rate over the steps: 'constant' or 'cosine' (to 0) [recipe]"
    )
    warmup: float | None = Field(
        None, ge=0, lt=1, description="share of the steps with a linear lr warm-up [recipe]"
    )
    max_grad_norm: float | None = Field(
        None, ge=0, description="clip the adapter gradients' global norm to this (0: no clip) [recipe]"
    )
    margin_scale: float | None = Field(
        None, gt=0, description="divide the option-score margins by this in the loss [recipe]"
    )
    distill_weight: float | None = Field(
        None,
        ge=0,
        description="weight of the term that keeps the uncued arms' answer tokens at the base model's "
        "distribution (cloze and listed; 0: off) [recipe]",
    )
    suppress_weight: float | None = Field(
        None,
        ge=0,
        description="weight of the term that pushes the aligned answer's probability to 0 in the cued arm, "
        "at the token where the two answers part (cloze and listed; 0: off) [recipe]",
    )
    seed: int | None = Field(None, description="seeds the adapter initialisation and the data order [recipe]")


class OrganismValidateConfig(RunOptions):
    """``redhanded organism validate``: cue dependence, grounding verdicts and probe, organism vs base."""

    organism: str = Field(description="a bundled organism name or an adapter folder")
    probe: Path | None = Field(None, description="a probe run trained on the base model [train one]")
    use_probe: bool = Field(True, description="score responses with a deception probe")
    probe_layers: tuple[int, ...] | None = Field(
        None, description="candidate layers when training the probe [every 2nd]"
    )
    per_family: int | None = Field(None, ge=1, description="first N forced-choice scenarios per family")
    k_resample: int = Field(8, ge=1, description="extra samples per alarm")
    scoring: Scoring | None = Field(None, description=SCORING_HELP)


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
                lo, hi = (int(x) for x in span.split("-", 1))
                if hi < lo or int(step or 1) < 1:
                    raise RedhandedError(
                        f"cannot read layers {text!r}: a range runs low to high "
                        "with a positive step, e.g. 4-12:2"
                    )
                out.extend(range(lo, hi + 1, int(step or 1)))
            else:
                out.append(int(span))
    except ValueError as err:
        raise RedhandedError(
            f"cannot read layers {text!r}: use comma-separated integers such as 10,15,20 or a range 4-12"
        ) from err
    if not out:
        raise RedhandedError("no layers given: pass --layers such as 10,15,20")
    return tuple(out)
