"""The architecture, enforced: nothing below app_pages/ imports streamlit; SQL identifiers go through one helper."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER_LAYERS = ("store", "ingest", "metrics", "okr", "charts", "review", "i18n")


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("folder", LOWER_LAYERS)
def test_lower_layers_do_not_import_streamlit(folder):
    files = _python_files(folder)
    assert files, f"{folder}/ has no modules"
    offenders = [str(p.relative_to(ROOT)) for p in files if {"streamlit", "ui", "app_pages"} & _imports(p)]
    assert offenders == [], f"these modules import streamlit or the page layer: {offenders}"


def test_data_flows_one_way():
    """store -> i18n -> ingest | metrics -> okr -> charts -> review: no package imports one to its right."""
    rules = {
        "store": {"ingest", "metrics", "okr", "charts", "review", "i18n"},
        "i18n": {"ingest", "metrics", "okr", "charts", "review"},
        "ingest": {"metrics", "okr", "charts", "review"},
        "metrics": {"okr", "charts", "review", "ingest"},
        "okr": {"charts", "review", "ingest"},
        "charts": {"review", "ingest"},
    }
    offenders = []
    for folder, forbidden in rules.items():
        for path in _python_files(folder):
            bad = forbidden & _imports(path)
            if bad and path.name != "demo.py":  # ingest/demo.py also stores the sample OKRs
                offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert offenders == []


def test_only_the_store_opens_duckdb_connections():
    offenders = []
    for folder in ("ingest", "metrics", "okr", "charts", "review", "ui", "app_pages"):
        for path in _python_files(folder):
            if "duckdb.connect(" in path.read_text(encoding="utf-8"):
                offenders.append(str(path.relative_to(ROOT)))
    for path in (ROOT / "app.py", ROOT / "cli.py"):
        if "duckdb.connect(" in path.read_text(encoding="utf-8"):
            offenders.append(path.name)
    assert offenders == [], "only store/workspace.py may open DuckDB connections"


def test_identifiers_are_quoted_in_one_place():
    """Only store/ident.py defines an identifier-quoting function."""
    definers = []
    for folder in LOWER_LAYERS + ("ui", "app_pages"):
        for path in _python_files(folder):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and "quote" in node.name and "ident" in node.name:
                    definers.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert definers == ["store/ident.py:quote_ident"]


PACKAGES = ("store", "i18n", "ingest", "metrics", "okr", "charts", "review", "ui")


def _module_graph(package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (function-level imports included, imports for type
    annotations only left out)."""
    graph: dict[str, set[str]] = {}
    for path in _python_files(package):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for guard in [n for n in ast.walk(tree) if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)]:
            guard.body = []  # imports for type annotations only: no dependency at run time
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == package:
                    found |= {f"{package}.{a.name}" for a in node.names}
                elif node.module.startswith(package + "."):
                    found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith(package + ".")}
        graph[name] = {m for m in found if m != name}
    return graph


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycles_inside_packages(package):
    graph = _module_graph(package)
    cycles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue  # a name imported from the package's __init__, not a module
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == [], f"import cycles in {package}/: {cycles}"
