"""Every page, rendered on the demo workspace in Chinese, says its sentences in Chinese; in English, in English.

What counts is what the app writes: titles, captions, alerts, labels of widgets, metrics, expanders and
tabs, the options it offers, buttons and table headers. Data values are the user's (file names, owners,
regions), so table cells are left out and a few words the demo's data and the trade use are allowed.
"""

from __future__ import annotations

import re

import pytest

from tests.apptest_support import build_demo_workspace, copy_workspace, run_page
from ui.registry import PAGES

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
LOWER_WORD = re.compile(r"(?<![\w@./:-])[a-z]{2,}(?![\w@./:-])")
# Words that stay Latin in Chinese text: units, formats, product and trade names, and what the demo's
# data holds (its file names and values are the user's, shown as they are).
LATIN_OK = {
    "csv", "xlsx", "xls", "pptx", "pdf", "png", "zip", "sql", "duckdb", "okr", "okrs", "kpi", "kbi", "csat",
    "nps", "crm", "id", "vs", "yaml", "json", "md", "ok",
}
# The language switch names both languages on purpose, so a reader of either finds it.
SWITCH_TEXTS = {"Language / 语言", "语言 / Language", "中文", "English"}


IDENTIFIER = re.compile(r"(?<![\w.@/-])[a-z]+(?:_[a-z0-9]+)+(?![\w.@/-])")  # customer_id, ordered_at
PYTHON_LITERAL = re.compile(r"\bNone\b|mapping=|\{'|\[\]|\bTrue\b|\bFalse\b")
# Brand names of Chinese CRMs are names in any language.
BRANDS = ("纷享销客", "销售易", "简道云", "淘宝", "天猫")


def developer_words(text: str) -> list[str]:
    """Field ids and Python literals: words for developers, in any language."""
    return IDENTIFIER.findall(text) + PYTHON_LITERAL.findall(text)


def latin_sentence(text: str) -> bool:
    """Two or more ordinary lowercase English words and not one Chinese character: an untranslated sentence."""
    if CJK.search(text):
        return False
    words = [w for w in LOWER_WORD.findall(text) if w not in LATIN_OK]
    return len(words) >= 2


def app_texts(at) -> list[str]:
    """The texts the app itself wrote on the page (not the cells of data tables)."""
    texts: list[str] = []
    for node in at._tree:
        texts.extend(_node_texts(node))
    return [x for x in texts if x and x.strip() and x.strip() not in SWITCH_TEXTS]


def _node_texts(node) -> list[str]:
    kind = getattr(node, "type", "")
    proto = getattr(node, "proto", None)
    if kind in ("title", "header", "subheader", "markdown", "caption", "text", "error", "warning", "info",
                "success", "toast"):
        return [str(node.value)]
    if kind == "dataframe":
        return [str(c) for c in node.value.columns]
    out = [str(getattr(proto, name)) for name in ("label", "help", "placeholder")
           if proto is not None and hasattr(proto, name) and getattr(proto, name, None)]
    if proto is not None and hasattr(proto, "options") and kind in ("selectbox", "radio", "multiselect",
                                                                    "button_group", "select_slider"):
        out += [str(getattr(o, "content", o)) for o in proto.options]
    return out


PAGE_PARAMS = [spec.path for spec in PAGES]  # the OKR editor too: metrics by name, its grid headed in words


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_demo_workspace(tmp_path_factory.getbasetemp() / "words-demo")


@pytest.fixture(scope="module")
def data_words(demo_db) -> list[str]:
    """The demo's own words (file names, original headers): data, shown as the user wrote them."""
    from store import ENTITY_NAMES, Workspace, quote_ident

    ws = Workspace(str(demo_db), read_only=True)
    try:
        words = set(ws.uploads()["file_name"])
        for upload_id in ws.uploads()["id"]:
            words.update(str(h) for h in ((ws.upload_report(int(upload_id)) or {}).get("mapping") or {}).values())
        for entity in ENTITY_NAMES:
            extra = ws.df(f"SELECT DISTINCT unnest(map_keys(_extra)) AS k FROM {quote_ident(entity)}")
            words.update(extra["k"])
    finally:
        ws.close()
    return sorted((w for w in words if w), key=len, reverse=True) + list(BRANDS)


def without(text: str, data: list[str]) -> str:
    for word in data:
        text = text.replace(word, " ").replace(word.replace("_", "\\_").replace(".", "\\."), " ")
    return text


def test_latin_sentence_detector():
    assert latin_sentence("The catalog is grouped as in the brief")
    assert latin_sentence("generic export")
    assert not latin_sentence("通用导出")
    assert not latin_sentence("Salesforce")  # a product name
    assert not latin_sentence("deals.csv · 2025-Q3")
    assert not latin_sentence("Li Na, East")  # people and places are capitalised data
    assert not latin_sentence("按 CSV 导出 the")  # mixed with Chinese: written in Chinese


@pytest.mark.timeout(600)
@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_every_page_speaks_chinese_in_chinese(page, demo_db, data_words, tmp_path):
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page(page, db=str(db), lang="zh")
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert not at.get("json"), "raw JSON is for developers: show a table"
    texts = [without(x, data_words) for x in app_texts(at)]
    english = sorted({x for x in texts if latin_sentence(x)})
    assert not english, f"{page} shows English in the Chinese UI: {english}"
    code = sorted({w for x in texts for w in developer_words(x)})
    assert not code, f"{page} shows developer words: {code}"


@pytest.mark.timeout(600)
@pytest.mark.parametrize("page", PAGE_PARAMS)
def test_every_page_speaks_english_in_english(page, demo_db, data_words, tmp_path):
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page(page, db=str(db), lang="en")
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert not at.get("json"), "raw JSON is for developers: show a table"
    texts = [without(x, data_words) for x in app_texts(at)]
    chinese = sorted({x for x in texts if CJK.search(x)})
    assert not chinese, f"{page} shows Chinese in the English UI: {chinese}"
    code = sorted({w for x in texts for w in developer_words(x)})
    assert not code, f"{page} shows developer words: {code}"


def test_the_translation_table_has_no_developer_words():
    """Every sentence in both languages: no field or type ids, no Python literals, no 'brief'."""
    from i18n import TABLE

    found = []
    for key, entry in TABLE.items():
        for lang, text in entry.items():
            words = re.sub(r"\{[^}]*\}|`[^`]*`", "", text)  # placeholders and quoted commands are not words
            if IDENTIFIER.findall(words) or re.search(r"mapping=|\bbrief\b|简报", words) or (
                    re.search(r"\bNone\b(?! of)", words) and words.strip() != "None"):
                found.append((key, lang, text))
    assert not found, found
