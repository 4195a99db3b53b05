"""Write a run's pages (``report.html``, ``dossier.html``) and ``plots/*.png`` from its typed RunLog.

Which pages a run gets follows its kind:

* ``probe``: ``report.html`` (the probes);
* ``demo``: ``report.html`` (the probes, and the organism beside its base) and, once the
  organism is validated, ``dossier.html`` (the organism's and the base's honeypot results side
  by side);
* ``organism``: ``report.html`` (the organism beside its base) and ``dossier.html``;
* ``honeypots``: ``dossier.html``.
"""

from __future__ import annotations

from pathlib import Path

from redhanded._io import atomic_write_bytes, atomic_write_text
from redhanded.errors import RedhandedError
from redhanded.report.html import DossierColumn, dossier_html, report_html
from redhanded.report.plots import (
    auroc_by_layer_png,
    family_bars_png,
    histogram_png,
    organism_bars_png,
    roc_png,
)
from redhanded.report.summary import honeypot_summary
from redhanded.results import (
    DemoResults,
    HoneypotsResults,
    OrganismResults,
    OrganismValidation,
    ProbeResult,
    ProbeResults,
)
from redhanded.runs import RunLog, load_run

__all__ = ["build_report", "honeypot_summary", "rebuild_report"]


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def _write_plots(run_dir: Path, plots: dict[str, bytes]) -> dict[str, bytes]:
    for name, png in plots.items():
        atomic_write_bytes(run_dir / "plots" / f"{name}.png", png)
    return plots


def _probe_plots(probe: ProbeResult, index: int) -> dict[str, bytes]:
    train = probe.train_dataset
    plots = {
        f"p{index}-auroc-by-layer": auroc_by_layer_png(probe.sweep, probe.layer, f"{train}: AUROC by layer")
    }
    for ev in probe.evaluations:
        key = _safe(ev.dataset)
        plots[f"p{index}-roc-{key}"] = roc_png(ev, f"{train} -> {ev.dataset}")
        plots[f"p{index}-hist-{key}"] = histogram_png(
            ev, probe.calibration.threshold, f"{train} -> {ev.dataset}"
        )
    return plots


def _report(
    run_dir: Path, log: RunLog, probes: list[ProbeResult], validation: OrganismValidation | None
) -> Path:
    """``report.html``: the probes, then the organism beside its base (with a link to the dossier)."""
    probe_plots = [_write_plots(run_dir, _probe_plots(p, i)) for i, p in enumerate(probes)]
    organism_plots = (
        _write_plots(run_dir, {"organism-cue-dependence": organism_bars_png(validation)})
        if validation is not None
        else {}
    )
    heading = "probe report" if validation is None else ("demo" if probes else "organism validation")
    text = report_html(
        log,
        heading=heading,
        probes=probes,
        probe_plots=probe_plots,
        validation=validation,
        organism_plots=organism_plots,
        links={"evidence dossier": "dossier.html"} if validation is not None else {},
    )
    path = run_dir / "report.html"
    atomic_write_text(path, text)
    return path


def _dossier(run_dir: Path, log: RunLog, columns: list[DossierColumn], report_href: str | None) -> Path:
    """``dossier.html``: each column's honeypot results, side by side, every alarm with its verdict."""
    stats = [(c.label, c.hp.stats) for c in columns]
    plots = _write_plots(
        run_dir,
        {
            "hp-behaviour": family_bars_png(stats, "behaviour_rate", "behaviour rate (mean P misaligned)"),
            "hp-firing": family_bars_png(stats, "firing_rate", "probe firing rate"),
        },
    )
    path = run_dir / "dossier.html"
    atomic_write_text(path, dossier_html(log, columns, plots, report_href))
    return path


def _organism_columns(v: OrganismValidation) -> list[DossierColumn]:
    """The organism and its base, side by side (the base's alarms numbered after the organism's)."""
    org, base = v.organism, v.base
    return [
        DossierColumn("organism", org.model, org.fingerprint, org.honeypots),
        DossierColumn("base", base.model, base.fingerprint, base.honeypots, offset=len(org.honeypots.alarms)),
    ]


def build_report(run_dir: Path, log: RunLog) -> Path:
    """Write the run's pages and plots (see the module docstring); return the main page.

    Raises:
        RedhandedError: a run with no results yet, or of a kind with no HTML pages (forecasts).
    """
    run_dir = Path(run_dir)
    (run_dir / "plots").mkdir(parents=True, exist_ok=True)
    results = log.results
    match results:
        case ProbeResults(probes=probes):
            return _report(run_dir, log, probes, None)
        case DemoResults(probes=probes, organism=None):
            return _report(run_dir, log, probes, None)
        case DemoResults(probes=probes, organism=OrganismValidation() as v):
            _dossier(run_dir, log, _organism_columns(v), report_href="report.html")
            return _report(run_dir, log, probes, v)
        case OrganismResults(organism=v):
            _dossier(run_dir, log, _organism_columns(v), report_href="report.html")
            return _report(run_dir, log, [], v)
        case HoneypotsResults(honeypots=hp):
            spec = str(log.model.get("spec", "missing"))
            column = DossierColumn("model", spec, log.model.get("fingerprint"), hp)
            return _dossier(run_dir, log, [column], report_href=None)
        case None:
            raise RedhandedError(f"{run_dir} has no results yet (kind {log.kind!r}): re-run the job")
    raise RedhandedError(
        f"{run_dir} is a {log.kind} run, which has no HTML report: its plots are in {run_dir / 'plots'}"
    )


def rebuild_report(run_dir: Path | str) -> Path:
    """``redhanded report RUN_DIR``: read ``run.json`` and write the run's pages again.

    ``run.json`` is a file the user may have edited or damaged: results that pass the schema but
    do not fit together (a score table whose columns differ in length, an empty sweep...) are
    reported as one line naming the file, not as a traceback from the plotting code.

    Raises:
        RedhandedError: no readable run log, a run with no results or no pages, or results the
            pages cannot be drawn from.
    """
    run_dir = Path(run_dir)
    log = load_run(run_dir)
    folder = run_dir if run_dir.is_dir() else run_dir.parent
    try:
        return build_report(folder, log)
    except RedhandedError:
        raise
    except OSError as err:
        raise RedhandedError(
            f"cannot write the report into {folder} ({err.strerror or err}): check that it is writable"
        ) from None
    except (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        ZeroDivisionError,
        AttributeError,
        OverflowError,
    ) as err:
        detail = str(err).strip().split("\n")[0][:200] or type(err).__name__
        raise RedhandedError(
            f"cannot draw the report from {folder / 'run.json'}: its results do not fit together "
            f"({type(err).__name__}: {detail}); re-run the job that wrote it"
        ) from None
