"""Stable content fingerprints of model files, cached by (path, size, mtime) so a file is hashed once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from redhanded._io import atomic_write_text

__all__ = ["file_sha256", "files_fingerprint"]

_CHUNK = 1 << 22


def _index_path(cache_dir: Path) -> Path:
    return cache_dir / "file-hashes.json"


def file_sha256(path: Path, cache_dir: Path | None = None) -> str:
    """SHA-256 of a file's bytes; remembered in ``cache_dir`` keyed by path, size and mtime."""
    path = path.resolve()
    stat = path.stat()
    key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    index: dict[str, str] = {}
    if cache_dir is not None and _index_path(cache_dir).is_file():
        try:
            index = json.loads(_index_path(cache_dir).read_text())
        except (OSError, json.JSONDecodeError):
            index = {}
        if key in index:
            return index[key]
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    value = digest.hexdigest()
    if cache_dir is not None:
        index[key] = value
        atomic_write_text(_index_path(cache_dir), json.dumps(index, indent=0, sort_keys=True))
    return value


def files_fingerprint(paths: Iterable[Path], root: Path, cache_dir: Path | None = None) -> str:
    """One hash over several files' contents and their names relative to ``root``."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(file_sha256(path, cache_dir).encode())
    return digest.hexdigest()
