"""Messages name only real options: every ``--flag`` in the package's strings is an option of some command.

A static scan of every string literal (messages, help texts, docstrings) in src/redhanded for
``--word`` tokens, against the options of the real CLI (built from the typer app). Flags of other
programs the messages quote (pip, git) are listed explicitly.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import typer

from redhanded import cli

SRC = Path(__file__).resolve().parents[2] / "src" / "redhanded"
# pip's and git's flags quoted in messages, and the "--no-" prefix cli.py puts on boolean options
NOT_OURS = {"--no-deps", "--porcelain", "--untracked-files", "--no"}
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _options(command) -> set[str]:
    """Every option of a command and of its subcommands."""
    out = {o for p in command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")}
    for sub in getattr(command, "commands", {}).values():
        out |= _options(sub)
    return out | {"--help"}


def _unknown_flags(text: str, real: set[str]) -> list[str]:
    return [flag for flag in FLAG.findall(text) if flag not in real | NOT_OURS]


def test_every_flag_named_in_the_package_exists() -> None:
    real = _options(typer.main.get_command(cli.app))
    assert {"--layers", "--probe-layers", "--batch-size", "--out-dir", "--cache-dir", "--fpr"} <= real
    unknown = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                unknown += [
                    f"{path.relative_to(SRC)}:{node.lineno}: {f}" for f in _unknown_flags(node.value, real)
                ]
    assert unknown == []


def test_the_scan_catches_flags_that_do_not_exist() -> None:
    """The check can fail: the flags the issue found in messages are not options."""
    real = _options(typer.main.get_command(cli.app))
    assert _unknown_flags("pass --batch_size 4", real) == ["--batch"]
    assert _unknown_flags("use --target-fpr 0.05", real) == ["--target-fpr"]
    assert _unknown_flags("pass --batch-size 4 and --fpr 0.05", real) == []


def test_no_message_points_to_a_file_outside_the_repository() -> None:
    """Errors pointed to "DESIGN.md section 4", which is not in the repository; they point to the README."""
    cited = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path in sorted(SRC.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "DESIGN.md" in node.value
    ]
    assert cited == []
