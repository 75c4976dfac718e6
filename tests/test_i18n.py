"""One translation table: every key in both languages, every key a page uses exists, no literals in pages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from i18n import LANGS, TABLE, fmt_delta, fmt_number, fmt_percent, fmt_value, t

ROOT = Path(__file__).resolve().parent.parent
PAGE_FILES = sorted((ROOT / "app_pages").glob("*.py")) + [ROOT / "app.py"] + sorted((ROOT / "ui").glob("*.py"))
# Streamlit calls whose first argument is text shown to the user.
DISPLAY_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "info", "warning", "error",
    "success", "button", "checkbox", "radio", "selectbox", "multiselect", "slider", "text_input",
    "text_area", "number_input", "date_input", "file_uploader", "download_button", "expander", "toggle",
    "metric", "tabs", "form_submit_button", "segmented_control", "color_picker", "spinner", "toast",
}


def test_every_key_has_every_language():
    missing = [f"{key}:{lang}" for key, entry in TABLE.items() for lang in LANGS if not entry.get(lang)]
    assert missing == []


def test_chinese_text_is_chinese():
    """A zh entry identical to its en entry is an untranslated string (names and symbols aside)."""
    suspicious = [
        key for key, entry in TABLE.items()
        if entry["zh"] == entry["en"] and re.search(r"[a-z]{4,}", entry["en"]) and " / " not in entry["en"]
    ]
    assert suspicious == []


def _literal_display_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in DISPLAY_CALLS or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and re.search(r"[A-Za-z\u4e00-\u9fff]{2,}",
                                                                                          first.value):
            found.append(f"{path.name}:{node.lineno}: {first.value[:40]!r}")
    return found


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_no_hard_coded_text_in_pages(path):
    assert _literal_display_strings(path) == []


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_page_keys_exist(path):
    text = path.read_text(encoding="utf-8")
    keys = set(re.findall(r"""\btr\(\s*["']([a-z0-9_.]+)["']\s*[,)]""", text))
    missing = sorted(k for k in keys if k not in TABLE)
    assert missing == []


def test_t_formats_and_falls_back():
    assert t("upload.loaded", "en", file="a.csv", rows="3", entity="Deals") == "a.csv: 3 Deals rows loaded."
    assert t("no.such.key", "zh") == "no.such.key"


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (1234567.8, "currency", "en", "1,234,568"),
        (1234567.8, "count", "en", "1,234,568"),
        (0.1234, "percent", "en", "12.3%"),
        (0.1234, "percent", "zh", "12.3%"),
        (26.04, "hours", "en", "26.0 h"),
        (26.04, "hours", "zh", "26.0 小时"),
        (45.25, "days", "zh", "45.2 天"),
        (None, "count", "en", "—"),
        (float("nan"), "percent", "en", "—"),
    ],
)
def test_fmt_value(value, unit, lang, expected):
    assert fmt_value(value, unit, lang) == expected


def test_compact_numbers_per_language():
    assert fmt_number(1_234_567, "en", compact=True) == "1.23M"
    assert fmt_number(1_234_567, "zh", compact=True) == "123.5万"
    assert fmt_number(350_000_000, "zh", compact=True) == "3.5亿"
    assert fmt_percent(0.05, signed=True) == "+5.0%"
    assert fmt_delta(0.031, "percent", "en") == "+3.1 pts"
    assert fmt_delta(-0.2, "percent", "en", relative=True) == "-20.0%"


@pytest.mark.parametrize(
    ("sentence", "chinese"),
    [
        ("Dropped 1 blank row", "已删除 1 个空行"),
        ("Dropped 2 subtotal rows", "已删除 2 个小计/合计行"),
        ("Dropped 7 footer lines (Salesforce report footer)", "已删除 7 行页脚（Salesforce 报表页脚）"),
        ('Skipped 3 Dynamics 365 "(Do Not Modify)" columns', "已跳过 3 个 Dynamics 365 “(Do Not Modify)” 隐藏列"),
        ("Line 12 had bytes that are not valid UTF-8; they were replaced with \ufffd", "第 12 行含有无效的 UTF-8 字节，已替换为 �"),
        ("Something new the reader says", "Something new the reader says"),
    ],
)
def test_reader_warnings_are_translated(sentence, chinese):
    from ingest import warning_text

    assert warning_text(sentence, "zh") == chinese
    assert warning_text(sentence, "en") == sentence
    # The plan carries a reader's sentence as a warning dict (the Upload page shows those).
    assert warning_text({"code": "reader", "message": sentence, "count": 0}, "zh") == chinese
    assert warning_text({"code": "reader", "message": sentence, "count": 0}, "en") == sentence
