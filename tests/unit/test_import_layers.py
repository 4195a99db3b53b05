"""Imports run one way: data -> models -> activations -> probes -> ... -> jobs -> cli.

A static check over the package's source (no module is imported): every ``redhanded`` import,
at module level or inside a function, must point at the importing package's own layer or one
below it; the module graph has no cycle; and only the CLI imports lazily (to start fast), so no
function-level import can hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "redhanded"

# lowest first; a package may import from its own layer and the layers before it
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(names.split())
    for names in (
        "__init__ errors _io _progress metrics results runs",
        "data",
        "models",
        "activations",
        "probes",
        "pipeline",
        "honeypots",
        "evidence",
        "organisms",
        "report",
        "forecast",
        "config jobs",
        "summaries",
        "cli __main__",
    )
)
LAZY_IMPORTS_ALLOWED = {"redhanded.cli", "redhanded.forecast.cli"}  # heavy libraries load only when a command runs


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top(module: str) -> str:
    """The first-level package (or module) of a dotted redhanded name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(module: str) -> int:
    top = _top(module)
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module}: package {top!r} is in no layer; add it to LAYERS")


def _imports() -> list[tuple[str, str, int, bool]]:
    """(importer, imported module, line, at module level) for every redhanded import."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        importer = _module_name(path)
        top_level = {id(node) for node in tree.body}
        for node in tree.body:  # imports for the type checker only never run
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                top_level |= {id(child) for child in ast.walk(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name == "redhanded" or name.startswith("redhanded."):
                    out.append((importer, name, node.lineno, id(node) in top_level))
    return out


IMPORTS = _imports()


def test_the_check_sees_the_package() -> None:
    importers = {imp for imp, *_ in IMPORTS}
    assert {"redhanded.cli", "redhanded.jobs.demo", "redhanded.honeypots.backend"} <= importers
    assert len(IMPORTS) > 150


@pytest.mark.parametrize(("importer", "imported", "line", "_top_level"), IMPORTS)
def test_no_upward_import(importer: str, imported: str, line: int, _top_level: bool) -> None:
    assert _layer(imported) <= _layer(importer), (
        f"{importer} (line {line}) imports {imported}, a higher layer: move what both need below both"
    )


def test_only_the_cli_imports_lazily() -> None:
    lazy = [f"{imp}:{line} -> {name}" for imp, name, line, top in IMPORTS if not top]
    lazy = [x for x in lazy if x.split(":")[0] not in LAZY_IMPORTS_ALLOWED]
    assert lazy == []


def _resolve(name: str, modules: set[str]) -> str:
    """The module a dotted name lands on (``from redhanded.data import X`` -> ``redhanded.data``)."""
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def test_no_import_cycle() -> None:
    modules = {_module_name(p) for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for importer, imported, _line, _top in IMPORTS:
        target = _resolve(imported, modules)
        if target != importer:
            graph[importer].add(target)
    # a package's __init__ re-exports its submodules; a submodule importing its own package's
    # __init__ would close a loop, and that is what the search finds
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for nxt in sorted(graph[m]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(modules):
        if m not in state and (cycle := visit(m)):
            pytest.fail("import cycle: " + " -> ".join(cycle))
