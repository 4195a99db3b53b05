"""``redhanded forecast`` commands (no torch import on this path).

Each command parses its options (and an optional TOML/YAML file), builds a frozen config, makes
one library call, then writes ``runs/<stamp>-forecast-<kind>/`` (``run.json`` + ``plots/*.png``)
and prints either rich tables or, with ``--json``, exactly one JSON object on stdout. Heavy
imports (numpy, matplotlib, pydantic) happen inside the commands so ``--help`` stays fast.
"""

import json
from pathlib import Path
from typing import Any, Optional

import typer

app = typer.Typer(
    help="Forecasts that need no model: trends, AI R&D speed, P(scheming).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_OUT_HELP = "parent folder of the run directory"


def _emit_json(obj: dict[str, Any]) -> None:
    typer.echo(json.dumps(obj, allow_nan=False))


def _date(value: Optional[str], option: str) -> Any:
    if value is None:
        return None
    from redhanded.forecast.io import parse_date

    return parse_date(value, option)


def _console() -> Any:
    from rich.console import Console

    return Console()


@app.command()
def trend(
    input: Path = typer.Argument(
        ..., help="METR YAML summary, CSV (model, release_date, value[, ci_low, ci_high]) or run-level JSONL"
    ),
    metric: str = typer.Option(
        "p50_horizon_length",
        help="metric key (YAML) or value column (CSV); JSONL: p50_horizon_length or p80_horizon_length",
    ),
    since: Optional[str] = typer.Option(None, help="window start, YYYY-MM-DD (inclusive)"),
    until: Optional[str] = typer.Option(None, help="window end, YYYY-MM-DD (inclusive)"),
    frontier: str = typer.Option("running-best", help="running-best | flag | all"),
    target: Optional[float] = typer.Option(None, help="forecast the date this value is reached"),
    bootstrap: str = typer.Option("auto", help="auto | runs | summary-ci | case"),
    n_boot: int = typer.Option(1000, help="bootstrap replicates"),
    seed: int = typer.Option(0, help="random seed"),
    ci_level: float = typer.Option(0.95, help="coverage of the reported CIs"),
    where: list[str] = typer.Option([], help="CSV row filter COLUMN=VALUE (repeatable)"),
    release_dates: Optional[Path] = typer.Option(
        None, help="JSONL input: model,release_date CSV to fit a trend from the horizons"
    ),
    model: list[str] = typer.Option([], help="JSONL input: model to fit (repeatable)"),
    out_dir: Path = typer.Option(Path("runs"), help=_OUT_HELP),
    json_out: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """Trend of ln(value) on release date over frontier models: doubling time and window."""
    from redhanded._io import check_writable_dir
    from redhanded.forecast import plots
    from redhanded.forecast._run import jsonable, new_run_dir, write_run
    from redhanded.forecast.commands import run_trend
    from redhanded.forecast.config import TrendConfig, build_config

    check_writable_dir(out_dir, "--out-dir")
    cfg = build_config(
        TrendConfig,
        dict(
            input=input,
            metric=metric,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            frontier=frontier,
            target=target,
            bootstrap=bootstrap,
            n_boot=n_boot,
            seed=seed,
            ci_level=ci_level,
            where=tuple(where),
            release_dates=release_dates,
            models=tuple(model),
        ),
    )
    report = run_trend(cfg)
    run_dir = new_run_dir(out_dir, "trend")
    results: dict[str, Any] = {}
    if report.trend is not None:
        results.update(jsonable(report.trend))
        results["window_text"] = report.trend.window.describe()
        results["summary"] = report.trend.describe()
        plots.plot_trend(report.trend, run_dir / "plots" / "trend.png")
    if report.horizons is not None:
        results["horizons"] = jsonable(report.horizons)
        results["excluded"] = list(report.excluded)
    write_run(run_dir, "trend", cfg, results)
    if json_out:
        _emit_json({"kind": "trend", "run_dir": str(run_dir), **results})
        return
    _print_trend(report, run_dir)


def _print_trend(report: Any, run_dir: Path) -> None:
    from rich.table import Table

    con = _console()
    if report.horizons is not None:
        t = Table(title=f"time horizons (minutes); CI: {report.horizons.ci_method}")
        for col in ("model", "runs", "p50", "p50 CI", "p80", "p80 CI"):
            t.add_column(col)
        for f in report.horizons.fits:
            t.add_row(
                f.model,
                str(f.n_runs),
                f"{f.p50.estimate:.3g}",
                f"{f.p50.lower:.3g}-{f.p50.upper:.3g}",
                f"{f.p80.estimate:.3g}",
                f"{f.p80.lower:.3g}-{f.p80.upper:.3g}",
            )
        con.print(t)
    tr = report.trend
    if tr is not None:
        t = Table(title=f"{tr.metric}: points in the fit (window {tr.window.describe()})")
        for col in ("model", "release date", "value", "CI"):
            t.add_column(col)
        rows = sorted(zip(tr.points, tr.used, strict=True), key=lambda pu: pu[0].release_date)
        for p, used in rows:
            if used:
                ci = f"{p.ci_low:.3g}-{p.ci_high:.3g}" if p.ci_low is not None else ""
                t.add_row(p.model, p.release_date.isoformat(), f"{p.value:.4g}", ci)
        con.print(t)
        g = tr.growth_per_year
        con.print(
            f"[bold]doubling time {tr.doubling_time_days.fmt(1, ' days')}[/bold]  "
            f"window {tr.window.describe()}"
        )
        con.print(
            f"growth {g.estimate:.3g}x per year ({g.level:.0%} CI {g.lower:.3g}-"
            f"{g.upper:.3g}x); R^2 = {tr.r_squared:.3f}"
        )
        if tr.target_date is not None:
            d = tr.target_date

            def s(x: Any) -> str:
                return x.isoformat() if x is not None else "never"

            con.print(
                f"target {tr.target:g} reached {s(d.estimate)} ({d.level:.0%} interval "
                f"{s(d.lower)} to {s(d.upper)})"
            )
        con.print(f"CI: {tr.ci_method}")
    for e in report.excluded:
        con.print(f"left out: {e}")
    con.print(f"run written to {run_dir}")


@app.command()
def rnd(
    config: Optional[Path] = typer.Argument(
        None, help="TOML/YAML with params, scenarios, compare, sweep, monte_carlo"
    ),
    compare: list[str] = typer.Option([], help="pair A/B, e.g. automatedcorp/normalcorp (repeatable)"),
    parallel_exponent: Optional[float] = typer.Option(
        None, "--lambda", help="parallelisation exponent: N researchers count as N^lambda"
    ),
    sigma: Optional[float] = typer.Option(None, help="labour-compute elasticity of substitution"),
    labour_share: Optional[float] = typer.Option(None, help="alpha, labour's weight"),
    n_draws: Optional[int] = typer.Option(None, help="Monte Carlo draws"),
    seed: Optional[int] = typer.Option(None, help="Monte Carlo seed"),
    out_dir: Path = typer.Option(Path("runs"), help=_OUT_HELP),
    json_out: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """AI R&D speed: progress ratios of scenarios (presets normalcorp, slowcorp, automatedcorp)."""
    from redhanded._io import check_writable_dir
    from redhanded.forecast import plots
    from redhanded.forecast._run import jsonable, new_run_dir, write_run
    from redhanded.forecast.commands import run_rnd
    from redhanded.forecast.config import rnd_config
    from redhanded.forecast.io import load_mapping

    check_writable_dir(out_dir, "--out-dir")
    data: dict[str, Any] = load_mapping(config) if config is not None else {}
    cfg = rnd_config(
        data,
        str(config) if config else "options",
        compare=compare,
        n_draws=n_draws,
        seed=seed,
        parallel_exponent=parallel_exponent,
        sigma=sigma,
        labour_share=labour_share,
    )
    report = run_rnd(cfg)
    run_dir = new_run_dir(out_dir, "rnd")
    for c in report.comparisons:
        plots.plot_sweep(c.sweep, run_dir / "plots" / f"sweep_{c.a}_vs_{c.b}.png")
        plots.plot_monte_carlo(c.monte_carlo, run_dir / "plots" / f"mc_{c.a}_vs_{c.b}.png")
    results = jsonable(report)
    write_run(run_dir, "rnd", cfg, results)
    if json_out:
        _emit_json({"kind": "rnd", "run_dir": str(run_dir), **results})
        return
    _print_rnd(report, run_dir)


def _print_rnd(report: Any, run_dir: Path) -> None:
    from rich.table import Table

    con = _console()
    p = report.params
    t = Table(
        title=f"scenarios (relative to {report.reference}; lambda={p.parallel_exponent:g}, "
        f"sigma={p.sigma:g}, alpha={p.labour_share:g})"
    )
    for col in (
        "scenario",
        "researchers",
        "serial years",
        "quality",
        "compute",
        "effective labour",
        "output",
    ):
        t.add_column(col)
    for s in report.scenarios:
        sc = s.scenario
        t.add_row(
            sc.name,
            f"{sc.researchers:g}",
            f"{sc.serial_years:.4g}",
            f"{sc.quality:g}",
            f"{sc.compute:g}",
            f"{s.effective_labour:.4g}",
            f"{s.output:.4g}",
        )
    con.print(t)
    t = Table(title="progress ratios (Monte Carlo over lambda, sigma, alpha)")
    for col in ("a / b", "at point params", "MC median", "MC interval", "P(a > b)"):
        t.add_column(col)
    for c in report.comparisons:
        r = c.monte_carlo.ratio
        t.add_row(
            f"{c.a} / {c.b}",
            f"{c.ratio:.4g}",
            f"{r.estimate:.4g}",
            f"{r.level:.0%}: {r.lower:.3g}-{r.upper:.3g}",
            f"{c.monte_carlo.prob_above_1:.2f}",
        )
    con.print(t)
    con.print(f"run written to {run_dir}")


@app.command()
def scheming(
    ledger: Path = typer.Argument(..., help="TOML/YAML: prior, [[factors]], [[observations]], [honeypots]"),
    honeypot_run: list[Path] = typer.Option(
        [], help="honeypot run directory to read observations from (repeatable)"
    ),
    split: Optional[bool] = typer.Option(
        None, "--split/--no-split", help="report derpy and competent scheming separately"
    ),
    n_draws: Optional[int] = typer.Option(None, help="Monte Carlo draws for the interval"),
    seed: Optional[int] = typer.Option(None, help="Monte Carlo seed"),
    out_dir: Path = typer.Option(Path("runs"), help=_OUT_HELP),
    json_out: bool = typer.Option(False, "--json", help="print one JSON object"),
) -> None:
    """P(scheming) ledger: prior x factors x observations, every step on the odds scale."""
    from redhanded._io import check_writable_dir
    from redhanded.forecast import plots
    from redhanded.forecast._run import jsonable, new_run_dir, write_run
    from redhanded.forecast.commands import run_scheming
    from redhanded.forecast.config import scheming_config
    from redhanded.forecast.io import load_mapping

    check_writable_dir(out_dir, "--out-dir")
    cfg = scheming_config(
        load_mapping(ledger), ledger, honeypot_runs=honeypot_run, split=split, n_draws=n_draws, seed=seed
    )
    result = run_scheming(cfg)
    run_dir = new_run_dir(out_dir, "scheming")
    plots.plot_ledger(result, run_dir / "plots" / "ledger.png")
    results = jsonable(result)
    write_run(run_dir, "scheming", cfg, results)
    if json_out:
        _emit_json({"kind": "scheming", "run_dir": str(run_dir), **results})
        return
    _print_ledger(result, run_dir)


def _print_ledger(result: Any, run_dir: Path) -> None:
    from rich.table import Table

    con = _console()
    split = result.p_derpy is not None
    t = Table(title="P(scheming) ledger (odds scale)")
    cols = ["step", "kind", "LR", "log10 LR", "odds", "P(scheming)"]
    cols += ["P(derpy)", "P(competent)"] if split else []
    for col in cols:
        t.add_column(col)
    for s in result.steps:
        row = [s.name, s.kind, f"{s.lr:.3g}", f"{s.log10_lr:+.2f}", f"{s.odds:.3g}", f"{s.probability:.3f}"]
        if split:
            row += [f"{s.p_derpy:.3f}", f"{s.p_competent:.3f}"]
        t.add_row(*row)
    con.print(t)
    p = result.posterior
    con.print(
        f"[bold]P(scheming) = {p.estimate:.3f}[/bold] ({p.level:.0%} interval "
        f"{p.lower:.3f}-{p.upper:.3f} from the spreads, {result.n_draws} draws)"
    )
    if split:
        d, c = result.p_derpy, result.p_competent
        con.print(
            f"derpy {d.estimate:.3f} ({d.lower:.3f}-{d.upper:.3f}), competent "
            f"{c.estimate:.3f} ({c.lower:.3f}-{c.upper:.3f})"
        )
    con.print(f"run written to {run_dir}")
