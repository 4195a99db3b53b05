"""Small file helpers with no heavy imports: atomic writes, checksums, and reading user files.

Every file redhanded writes goes through :func:`atomic_write`: the content is written to a temp
file beside the target, flushed, then renamed over it, so a reader (or a resumed run) never sees
half a file. Every user file redhanded reads as text goes through :func:`read_text` (and JSON
through :func:`parse_json`), which turn bad bytes and pathological nesting into a one-line
:class:`~redhanded.errors.RedhandedError` naming the file and line.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from redhanded.errors import RedhandedError

__all__ = [
    "atomic_write",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_writable_dir",
    "decode_utf8",
    "parse_json",
    "parse_toml",
    "parse_yaml",
    "read_text",
    "sha256_file",
]


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temp file beside ``path``, then rename it over ``path``.

    The temp file is removed if ``write`` fails, so an interrupted write leaves the old file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.chmod(0o666 & ~_umask())  # mkstemp makes the file private; a plain write would not
        write(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """Write text atomically (UTF-8)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write bytes atomically."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, write)


def decode_utf8(data: bytes, where: str) -> str:
    """Decode UTF-8 (a leading byte-order mark is dropped); bad bytes name their line and column.

    Raises:
        RedhandedError: ``"<where>, line N: not valid UTF-8 (byte 0xff at column C): ..."``.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        raise RedhandedError(
            f"{where}, line {line}: not valid UTF-8 (byte 0x{data[err.start]:02x} at column "
            f"{err.start - start + 1}): save the file as UTF-8"
        ) from None


def read_text(path: Path, what: str = "file") -> str:
    """A user's text file, decoded as UTF-8, with a one-line error for any problem reading it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RedhandedError(f"{what} {path} does not exist: check the path") from None
    except IsADirectoryError:
        raise RedhandedError(f"{what} {path} is a folder, not a file: pass the file") from None
    except OSError as err:
        raise RedhandedError(f"cannot read {what} {path} ({err.strerror or err}): check the path") from None
    return decode_utf8(data, str(path))


def parse_json(text: str | bytes, where: str) -> Any:
    """``json.loads``, with a one-line error for bad JSON and for nesting too deep to parse."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise RedhandedError(
            f"{where}: not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
        ) from None
    except RecursionError:
        raise RedhandedError(f"{where}: JSON nested too deeply to read") from None
    except UnicodeDecodeError:
        raise RedhandedError(f"{where}: not valid UTF-8: save the file as UTF-8") from None


def parse_yaml(text: str, where: str) -> Any:
    """``yaml.safe_load``, with a one-line error for every way a YAML file can fail to load.

    Besides syntax errors, PyYAML raises ``ValueError`` for impossible dates or bad ``!!int`` /
    ``!!float`` values, and ``RecursionError`` for deep nesting: all become RedhandedErrors.
    """
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = err.problem or type(err).__name__
        raise RedhandedError(f"{where}: not valid YAML ({problem}{at}); fix the file") from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:
        detail = str(err).strip().split("\n")[0] or type(err).__name__
        raise RedhandedError(f"{where}: not valid YAML ({detail}); fix the file") from None
    except RecursionError:
        raise RedhandedError(f"{where}: YAML nested too deeply to read; fix the file") from None


def parse_toml(text: str, where: str) -> Any:
    """``tomllib.loads``, with a one-line error for bad TOML and for nesting too deep to parse."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RedhandedError(f"{where}: not valid TOML ({err}); fix the file") from None
    except RecursionError:
        raise RedhandedError(f"{where}: TOML nested too deeply to read; fix the file") from None


def check_writable_dir(path: Path, flag: str) -> Path:
    """Create ``path`` if needed and check that a file can be written in it, before any work.

    Args:
        path: the folder.
        flag: the option that named it, for the message (e.g. ``"--out-dir"``).

    Raises:
        RedhandedError: the path is a file (or under one), cannot be created, or is read-only.
    """
    path = Path(path).expanduser()
    for parent in (path, *path.parents):
        if parent.exists() and not parent.is_dir():
            raise RedhandedError(f"{flag} {path}: {parent} is a file, not a folder: pass a folder")
        if parent.is_dir():
            break
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path, prefix=".redhanded-write-check.", suffix=".tmp")
        os.close(fd)
        os.unlink(name)
    except OSError as err:
        raise RedhandedError(
            f"{flag} {path} is not writable ({err.strerror or err}): pass a folder you can write to"
        ) from None
    return path
