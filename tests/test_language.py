"""Which language a visitor gets, and the CLI's --lang: browser tags and headers, the CLI's defaults."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cli
from i18n import t
from i18n.negotiate import lang_from_accept_language, lang_from_tag


@pytest.mark.parametrize(("tag", "expected"), [
    ("zh-CN", "zh"), ("zh_Hant_TW", "zh"), ("ZH", "zh"), ("en-US", "en"), ("en", "en"),
    ("fr-FR", None), ("", None), (None, None), ("english", None),
])
def test_lang_from_tag(tag, expected):
    assert lang_from_tag(tag) == expected


@pytest.mark.parametrize(("header", "expected"), [
    ("en-US,en;q=0.9", "en"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("fr-FR,fr;q=0.9,en;q=0.8,zh;q=0.7", "en"),  # French first, but not offered: the next one offered
    ("en;q=0.5, zh;q=0.8", "zh"),  # weights decide, not the order
    ("zh;q=0.8, en;q=0.8", "zh"),  # a tie keeps the order the user chose
    ("en;q=0, zh;q=0.1", "zh"),  # q=0 means "not this one"
    ("en;q=abc", None),
    ("de, fr", None),
    ("", None),
    (None, None),
])
def test_lang_from_accept_language(header, expected):
    assert lang_from_accept_language(header) == expected


weighted = st.tuples(st.sampled_from(["en", "en-GB", "zh", "zh-CN", "fr", "de-AT", "ja"]),
                     st.integers(min_value=1, max_value=1000))


@given(st.lists(weighted, min_size=1, max_size=6))
def test_accept_language_picks_the_heaviest_offered_language(entries):
    header = ", ".join(f"{tag};q={weight / 1000:.3f}" for tag, weight in entries)
    offered = [(weight, -i, lang_from_tag(tag)) for i, (tag, weight) in enumerate(entries) if lang_from_tag(tag)]
    expected = max(offered)[2] if offered else None
    assert lang_from_accept_language(header) == expected


def _args(lang=None) -> argparse.Namespace:
    return argparse.Namespace(lang=lang)


def test_cli_lang_flag_wins_over_the_workspace(ws, monkeypatch):
    ws.set_setting("language", "zh")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli._lang(_args("en"), ws) == "en"


def test_cli_lang_defaults_to_the_workspace_then_the_terminal(ws, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli._lang(_args(), ws) == "zh"  # no workspace language: the terminal's
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert cli._lang(_args(), ws) == "en"
    ws.set_setting("language", "zh")
    assert cli._lang(_args(), ws) == "zh"  # the workspace's language (Settings) before the terminal's


def test_every_command_takes_lang():
    parser = cli.build_parser()
    for command in ("tables", "okr", "review", "metrics"):
        extra = ["--out", "x"] if command == "review" else []
        assert parser.parse_args([command, "--lang", "zh", *extra]).lang == "zh"
    with pytest.raises(SystemExit):
        parser.parse_args(["okr", "--lang", "fr"])


# ---------------------------------------------------------------- the app's first choice (AppTest seeds the locale)
def _first_visit(locale: str | None, workspace_lang: str, tmp_path, app_env, query_lang: str | None = None):
    from streamlit.testing.v1 import AppTest

    from store import Workspace, close_shared
    from tests.apptest_support import APP

    db = tmp_path / "ws.duckdb"
    seeded = Workspace(str(db))
    seeded.set_setting("language", workspace_lang)
    seeded.close()
    close_shared()
    app_env.setenv("CRM_OKR_DB", str(db))
    app_env.setenv("CRM_OKR_NO_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=60)
    if locale:
        at.context["locale"] = locale
    if query_lang:
        at.query_params["lang"] = query_lang
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("locale", "workspace_lang", "expected"), [
    ("en-US", "zh", "en"),  # an English browser opens in English, whatever the workspace's default
    ("zh-CN", "en", "zh"),
    ("fr-FR", "en", "en"),  # a language the app does not offer: the workspace's default
    (None, "zh", "zh"),
])
def test_first_visit_follows_the_browser(locale, workspace_lang, expected, tmp_path, app_env):
    at = _first_visit(locale, workspace_lang, tmp_path, app_env)
    assert at.session_state["lang"] == expected
    assert at.title[0].value == t("app.title", expected)


def test_lang_in_the_address_overrides_the_browser(tmp_path, app_env):
    at = _first_visit("zh-CN", "zh", tmp_path, app_env, query_lang="en")
    assert at.session_state["lang"] == "en"


# ---------------------------------------------------------------- errors the pages say in the reader's words
def test_missing_column_error_in_the_readers_words(ws, monkeypatch):
    from ingest import IngestError, load_export
    from ui import state

    data = b"Note,Comment\nhello,there\nagain,here\n"
    with pytest.raises(IngestError) as caught:
        load_export(ws, data, "notes.csv", entity="deals")
    error = caught.value
    assert "mapping={" not in str(error) and "--map" in str(error)  # the CLI's words in the English message
    assert error.key == "ingest.error.missing_required" and error.params["entity"] == "deals"
    monkeypatch.setattr(state, "lang", lambda: "zh")
    said = state.error_text(error)
    assert said.startswith("notes.csv 中没有对应 ") and "商机" in said, said
    assert not any(f in said for f in error.params["fields"]), "field ids are translated"


def test_a_signed_in_users_language_follows_them_to_any_browser(tmp_path, app_env):
    from streamlit.testing.v1 import AppTest

    from store import Workspace, close_shared
    from tests.apptest_support import APP

    db = tmp_path / "ws.duckdb"
    seeded = Workspace(str(db))
    seeded.set_setting("user_languages", {"boss@example.com": "en"})
    seeded.close()
    close_shared()
    app_env.setenv("CRM_OKR_DB", str(db))
    app_env.setenv("CRM_OKR_NO_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "zh-CN"  # a Chinese browser, but the user chose English before
    at.user = {"is_logged_in": True, "email": "Boss@Example.com"}
    at.run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    switch = next(r for r in at.radio if r.key.startswith("lang_switch_"))
    switch.set_value("zh").run()
    close_shared()
    assert Workspace(str(db), read_only=True).get_setting("user_languages") == {"boss@example.com": "zh"}
