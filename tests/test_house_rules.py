"""The house rules a newcomer can rely on: modules stay small, functions stay short unless a note says why.

Generated tables and the demo generator are exempt (they are data, not logic); tests are not checked.
A function may run longer than 60 lines when a comment in its first lines says why ("Longer than 60 lines").
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("app.py", "cli.py", "app_pages", "benchmarks", "charts", "i18n", "ingest", "metrics", "okr", "review",
           "store", "ui")
EXEMPT_FILES = {"sample_data/generate.py"}
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
WHY = "Longer than 60 lines"


def _modules() -> list[Path]:
    out: list[Path] = []
    for name in CHECKED:
        path = ROOT / name
        out += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [p for p in out if str(p.relative_to(ROOT)) not in EXEMPT_FILES]


def test_no_module_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert long == {}, "split these modules by what they do"


def test_no_function_over_60_lines_without_a_note_saying_why():
    long = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                head = "\n".join(lines[node.lineno - 1: node.lineno + 12])
                if size > MAX_FUNCTION_LINES and WHY not in head:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({size} lines)")
    assert long == [], "split these functions, or say in their first lines why they are long"
