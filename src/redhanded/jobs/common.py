"""What every job shares: pre-flight checks, loading the configured model, and the run directory.

Every job checks all of its inputs before it loads a model or computes anything (pre-flight):
datasets and scenarios load, the model spec resolves, probe and adapter files are read and their
model fingerprints compared with the model's, and the output and cache folders are writable. It
then creates its run directory and writes ``run.json`` (the config) at once, so a failure or a
Ctrl-C late in the run keeps what was finished; after the model loads, the texts are checked for
the tokenizer's special tokens and the layers against the model, before the expensive work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from redhanded._io import check_writable_dir
from redhanded.config import ExtractConfig, LoadOptions, RunOptions
from redhanded.data import Dataset, Scenario, load_dataset
from redhanded.data.tokenize import check_no_special_tokens, dialogue_texts, scenario_texts
from redhanded.errors import Interrupted, RedhandedError
from redhanded.models import (
    LoadedModel,
    check_layers,
    default_cache_dir,
    dtype_name,
    load_model,
    resolve_device,
    resolve_dtype,
    resolve_spec,
    spec_fingerprint,
)
from redhanded.organisms import check_organism, load_organism
from redhanded.runs import RunLog, git_revision, new_run_dir, package_versions, save_run

__all__ = [
    "ORGANISM_PREFIX",
    "check_dirs",
    "check_layer_option",
    "check_model_spec",
    "check_texts",
    "extract_options",
    "keep_on_interrupt",
    "load_configured",
    "load_datasets",
    "model_record",
    "new_log",
    "start_run",
]

ORGANISM_PREFIX = "organism:"


def check_model_spec(cfg: LoadOptions, spec: str) -> str | None:
    """Pre-flight for a model spec: it resolves, device and dtype are valid; its fingerprint if known.

    ``organism:NAME`` checks the organism's files (manifest, adapter checksum, LoRA config) and
    that its base model is the one it was trained on. Returns the fingerprint the loaded model
    will have (None for a hub id, which is known only once downloaded).
    """
    resolve_dtype(cfg.dtype, resolve_device(cfg.device))
    if spec.startswith(ORGANISM_PREFIX):
        _, manifest = check_organism(spec[len(ORGANISM_PREFIX) :])
        base = spec_fingerprint(manifest.base_spec, cfg.cache_dir)
        if base is not None and base != manifest.base_fingerprint:
            raise RedhandedError(
                f"the organism {spec!r} was trained on a base model {manifest.base_spec!r} with another "
                f"fingerprint than the one found now: retrain the organism on it"
            )
        return f"{manifest.base_fingerprint}+lora-{manifest.adapter_sha256}"
    resolve_spec(spec)
    return spec_fingerprint(spec, cfg.cache_dir)


def check_dirs(cfg: LoadOptions, out_dir: Path | None = None) -> None:
    """Pre-flight: the cache folder (``--cache-dir``) and the output folder (``--out-dir``) are writable."""
    check_writable_dir(cfg.cache_dir or default_cache_dir(), "--cache-dir")
    if out_dir is not None:
        check_writable_dir(out_dir, "--out-dir")


def load_datasets(specs: Sequence[tuple[str, str]]) -> list[Dataset]:
    """Load ``(option, spec)`` pairs; datasets are keyed by name, so two with one name are an error."""
    datasets: list[Dataset] = []
    seen: dict[str, str] = {}
    for option, spec in specs:
        dataset = load_dataset(spec)
        if dataset.name in seen:
            raise RedhandedError(
                f"two datasets are named {dataset.name!r} ({seen[dataset.name]} and {option} {spec}): a "
                "dataset is named by its file name without .jsonl, and runs key results by that name; "
                "rename one of the files"
            )
        seen[dataset.name] = f"{option} {spec}"
        datasets.append(dataset)
    return datasets


def load_configured(cfg: LoadOptions, spec: str) -> LoadedModel:
    """Load ``spec`` with a config's device, dtype, cache and trust options.

    ``organism:NAME`` (a bundled organism) or ``organism:PATH`` (an adapter folder) loads the
    organism's base model and merges the adapter into it.
    """
    opts: dict[str, Any] = {
        "device": cfg.device,
        "dtype": cfg.dtype,
        "cache_dir": cfg.cache_dir,
        "trust_remote_code": cfg.trust_remote_code,
    }
    if spec.startswith(ORGANISM_PREFIX):
        target = spec[len(ORGANISM_PREFIX) :]
        _, manifest = check_organism(target)
        base = load_model(manifest.base_spec, **opts)
        return load_organism(target, base_loaded=base, inplace=True)
    return load_model(spec, **opts)


def check_texts(
    loaded: LoadedModel, datasets: Iterable[Dataset] = (), scenarios: Iterable[Scenario] = ()
) -> None:
    """After the model loads, before any work: no text holds one of the tokenizer's special tokens."""
    for dataset in datasets:
        check_no_special_tokens(loaded.tokenizer, dialogue_texts(dataset.name, dataset.dialogues))
    check_no_special_tokens(loaded.tokenizer, scenario_texts(scenarios))


def check_layer_option(loaded: LoadedModel, layers: Sequence[int] | None, option: str) -> None:
    """The layers an option names exist in the loaded model (checked before any extraction)."""
    if layers is not None:
        check_layers(list(layers), loaded.model, option)


def extract_options(cfg: RunOptions | ExtractConfig, progress: bool) -> dict[str, Any]:
    """Extraction options (batch size, cache, progress) from a config."""
    return {"batch_size": cfg.batch_size, "cache_dir": cfg.cache_dir, "progress": progress}


def model_record(loaded: LoadedModel) -> dict[str, Any]:
    """What a run log records about the model it used."""
    return {
        "spec": loaded.info.spec,
        "fingerprint": loaded.fingerprint,
        "dtype": dtype_name(loaded.dtype),
        "n_layers": loaded.n_layers,
        "device": str(loaded.device),
    }


def start_run(kind: str, name: str, cfg: RunOptions) -> tuple[Path, RunLog]:
    """Create the run directory and write ``run.json`` with the config, before any work."""
    run_dir = new_run_dir(cfg.out_dir, name)
    run = RunLog(
        kind=kind,
        name=run_dir.name,
        config=cfg.model_dump(mode="json"),
        packages=package_versions(),
        git_revision=git_revision(),
    )
    save_run(run_dir, run)
    return run_dir, run


def new_log(kind: str, name: str, cfg: LoadOptions, loaded: LoadedModel, datasets: list[Dataset]) -> RunLog:
    """A run log with the config, model, dataset fingerprints and versions filled in."""
    return RunLog(
        kind=kind,
        name=name,
        config=cfg.model_dump(mode="json"),
        model=model_record(loaded),
        datasets={d.name: d.fingerprint for d in datasets},
        packages=package_versions(),
        git_revision=git_revision(),
    )


@contextmanager
def keep_on_interrupt(run_dir: Path) -> Iterator[None]:
    """Ctrl-C inside a job: say what was kept (the run directory, cached activations) and how to resume."""
    kept = f"what was finished is kept in {run_dir} (run.json says how far it got)"
    resume = "finished activation shards are cached, so the same command resumes the extraction"
    try:
        yield
    except Interrupted as err:
        raise Interrupted(f"{err}; {kept}") from None
    except KeyboardInterrupt:
        raise Interrupted(f"{kept}; {resume}") from None
