"""Save and load fitted probes as ``<stem>.safetensors`` (arrays) + ``<stem>.json`` (the rest).

Never pickle. The JSON file names the probe kind (a :data:`PROBES` key), its ``get_params()``,
the learned arrays' shapes, the SHA-256 of the safetensors file, and caller metadata (model
fingerprint, layer, ...). Both files are written atomically (temp file + ``os.replace``), the
arrays first, so a reader never sees a JSON file pointing at a half-written array file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.numpy import load_file, save_file
from sklearn.utils.validation import check_is_fitted

from redhanded._io import atomic_write, atomic_write_text
from redhanded.errors import RedhandedError
from redhanded.probes.base import Probe
from redhanded.probes.registry import PROBES, probe_name

__all__ = ["FORMAT", "FORMAT_VERSION", "load_probe", "save_probe"]

FORMAT = "redhanded-probe"
FORMAT_VERSION = 1


def _paths(path_stem: str | os.PathLike[str]) -> tuple[Path, Path]:
    stem = os.fspath(path_stem)
    return Path(stem + ".safetensors"), Path(stem + ".json")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _json_param(value: Any) -> Any:
    if isinstance(value, torch.dtype):
        return str(value).removeprefix("torch.")
    return value.item() if isinstance(value, np.generic) else value


def _json_value(value: Any) -> Any:
    return value.tolist() if isinstance(value, (np.ndarray, np.generic)) else value


def save_probe(probe: Probe, path_stem: str | os.PathLike[str], metadata: dict[str, Any]) -> None:
    """Write a fitted probe to ``<path_stem>.safetensors`` and ``<path_stem>.json``.

    Args:
        probe: a fitted, registered probe.
        path_stem: the path without suffix, e.g. ``runs/x/probes/layer12``.
        metadata: JSON-serialisable facts to keep beside it (model fingerprint, layer, dataset
            fingerprint, ...); returned unchanged by :func:`load_probe`.

    Raises:
        RedhandedError: if the probe is unfitted or unregistered, or ``metadata`` / the
            parameters are not JSON-serialisable.
    """
    check_is_fitted(probe)
    name = probe_name(probe)
    st_path, json_path = _paths(path_stem)
    arrays = {a: np.ascontiguousarray(getattr(probe, a), dtype=np.float64) for a in probe._fitted_arrays}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "probe": name,
        "params": {k: _json_param(v) for k, v in probe.get_params(deep=False).items()},
        "arrays": {a: list(v.shape) for a, v in arrays.items()},
        "attributes": {a: _json_value(getattr(probe, a)) for a in probe._fitted_values},
        "metadata": metadata,
    }
    try:
        text = json.dumps(header, indent=2, sort_keys=True, allow_nan=True)
    except (TypeError, ValueError) as err:
        raise RedhandedError(
            f"cannot save probe to {json_path}: {err}; pass metadata made of str, numbers, "
            "bools, None, lists and dicts"
        ) from err
    atomic_write(st_path, lambda tmp: save_file(arrays, str(tmp), metadata={"format": FORMAT}))
    header["sha256"] = _sha256(st_path)
    text = json.dumps(header, indent=2, sort_keys=True, allow_nan=True)
    atomic_write_text(json_path, text + "\n")


def load_probe(path_stem: str | os.PathLike[str]) -> tuple[Probe, dict[str, Any]]:
    """Read a probe written by :func:`save_probe`.

    Returns:
        ``(probe, metadata)``: the fitted probe and the metadata dict it was saved with.

    Raises:
        RedhandedError: if a file is missing or corrupt, the arrays do not match the JSON, or the
            format version or probe kind is unknown (the message names the file and the fix).
    """
    st_path, json_path = _paths(path_stem)
    resave = "re-fit and save the probe again"
    try:
        header = json.loads(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RedhandedError(
            f"probe file {json_path} not found: pass the path without its suffix "
            "(the stem that save_probe was given)"
        ) from None
    except IsADirectoryError:
        raise RedhandedError(f"probe file {json_path} is a folder: {resave}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise RedhandedError(f"probe file {json_path} is corrupt ({err}): {resave}") from None
    except RecursionError:
        raise RedhandedError(f"probe file {json_path} is corrupt (nested too deeply): {resave}") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RedhandedError(f"{json_path} is not a redhanded probe file: {resave}")
    version = header.get("format_version")
    if version != FORMAT_VERSION:
        raise RedhandedError(
            f"probe file {json_path} has format version {version!r}, this redhanded reads "
            f"version {FORMAT_VERSION}: upgrade redhanded or {resave}"
        )
    name = header.get("probe")
    if not isinstance(name, str) or name not in PROBES:
        raise RedhandedError(
            f"probe file {json_path} names an unknown probe {name!r} (known: "
            f"{', '.join(sorted(PROBES))}): upgrade redhanded or {resave}"
        )
    try:
        if _sha256(st_path) != header.get("sha256"):
            raise RedhandedError(
                f"probe file {st_path} does not match {json_path} (checksum differs): {resave}"
            )
        arrays = load_file(st_path)
    except FileNotFoundError:
        raise RedhandedError(
            f"probe file {st_path} not found: keep it beside {json_path.name} or {resave}"
        ) from None
    except (OSError, SafetensorError) as err:
        raise RedhandedError(f"probe file {st_path} is corrupt ({err}): {resave}") from None
    cls = PROBES[name]
    try:
        for part in ("params", "arrays", "attributes", "metadata"):
            if not isinstance(header.get(part), dict):
                raise ValueError(f"{part!r} is missing or not an object")
        expected = (set(cls._fitted_arrays), set(cls._fitted_values))
        found = (set(header["arrays"]), set(header["attributes"]))
        if found != expected:
            raise ValueError(f"fitted attributes {found}, expected {expected}")
        probe = cls(**header["params"])
        for attr, shape in header["arrays"].items():
            if list(arrays[attr].shape) != shape:
                raise ValueError(f"{attr} has shape {list(arrays[attr].shape)}, expected {shape}")
            setattr(probe, attr, arrays[attr])
        for attr, value in header["attributes"].items():
            setattr(probe, attr, np.asarray(value) if isinstance(value, list) else value)
        _check_usable(probe)
        metadata: dict[str, Any] = header["metadata"]
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as err:
        raise RedhandedError(f"probe file {json_path} is corrupt ({err!r}): {resave}") from None
    return probe, metadata


def _check_usable(probe: Probe) -> None:
    """A loaded probe must score: a width, a (1, width) direction, two classes, finite numbers.

    Raises:
        ValueError: naming the first attribute that does not fit.
    """
    width = probe.n_features_in_
    if type(width) is not int or width < 1:
        raise ValueError(f"n_features_in_ {width!r} is not a positive integer")
    if probe.coef_.shape != (1, width) or probe.intercept_.shape != (1,):
        raise ValueError(
            f"coef_ {probe.coef_.shape} / intercept_ {probe.intercept_.shape} do not fit width {width}"
        )
    if np.asarray(probe.classes_).shape != (2,):
        raise ValueError(f"classes_ {probe.classes_!r} is not two class labels")
    scores = probe.predict_proba(np.zeros((1, width)))
    if scores.shape != (1, 2) or not np.isfinite(scores).all():
        raise ValueError("the probe does not give a finite score")
