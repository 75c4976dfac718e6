"""The architecture, enforced: nothing below pages/ imports streamlit; SQL identifiers go through one helper."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER_LAYERS = ("store", "ingest", "metrics", "charts", "review", "i18n")


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
    offenders = [str(p.relative_to(ROOT)) for p in files if {"streamlit", "ui", "pages"} & _imports(p)]
    assert offenders == [], f"these modules import streamlit or the page layer: {offenders}"


def test_data_flows_one_way():
    """ingest never imports metrics/charts/review; metrics never imports charts/review; store imports none."""
    rules = {
        "store": {"ingest", "metrics", "charts", "review"},
        "ingest": {"metrics", "charts", "review"},
        "metrics": {"charts", "review", "ingest"},
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
    for folder in ("ingest", "metrics", "charts", "review", "ui", "pages"):
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
    for folder in LOWER_LAYERS + ("ui", "pages"):
        for path in _python_files(folder):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and "quote" in node.name and "ident" in node.name:
                    definers.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert definers == ["store/ident.py:quote_ident"]
