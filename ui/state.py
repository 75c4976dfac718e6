"""Session state shared by the pages: the workspace, the language, the period, and error display."""

from __future__ import annotations

import os
import threading
from datetime import date

import streamlit as st

from i18n import DEFAULT_LANG, LANG_NAMES, LANGS, t
from store import Workspace, WorkspaceError, open_workspace

_DEMO_LOCK = threading.Lock()
NO_DEMO_ENV = "CRM_OKR_NO_DEMO"


def open_current_workspace() -> Workspace:
    """The process-wide workspace; on first start with an empty workspace, the demo is loaded.

    While the app holds a workspace file, command-line commands for it run here (store/remote.py)."""
    ws = open_workspace()
    _serve_commands(ws)
    if ws.is_empty() and not ws.get_setting("demo_cleared", False) and not os.environ.get(NO_DEMO_ENV):
        with _DEMO_LOCK:  # concurrent first sessions load the demo once
            if ws.is_empty():
                from ingest.demo import load_demo

                with st.spinner(t("demo.load", lang())):
                    load_demo(ws)
    return ws


def _serve_commands(ws: Workspace) -> None:
    from store.remote import serve

    def handler(argv: list[str], cwd: str, out, err) -> int:
        import cli  # the terminal twin of the app, at the project root

        return cli.serve_command(ws, argv, cwd)

    serve(ws.target, handler)


def workspace() -> Workspace:
    """The workspace for a page (app.py's frame opened it and drew the sidebar before the page runs)."""
    return open_workspace()


LANG_COOKIE = "crm_okr_lang"
LANG_COOKIE_SECONDS = 400 * 24 * 3600  # a year and a bit: the longest browsers keep a cookie


def lang() -> str:
    """The language of this session: ``?lang=`` when the address names one (an explicit override), else the
    language chosen earlier in this browser (a cookie), else the browser's own language, else the
    workspace's default language."""
    wanted = st.query_params.get("lang")
    if wanted in LANGS and st.session_state.get("lang") != wanted:
        st.session_state["lang"] = wanted
    if "lang" not in st.session_state:
        st.session_state["lang"] = _first_lang()
    return st.session_state["lang"]


def _first_lang() -> str:
    from i18n.negotiate import lang_from_accept_language, lang_from_tag
    from ui import cookies

    remembered = cookies.read(LANG_COOKIE) or _user_languages().get(_signed_in_email() or "")
    if remembered in LANGS:
        return remembered
    browser = lang_from_tag(_context("locale")) or lang_from_accept_language(_accept_language())
    if browser:
        return browser
    try:
        wanted = open_workspace().get_setting("language", DEFAULT_LANG)
    except WorkspaceError:
        wanted = DEFAULT_LANG
    return wanted if wanted in LANGS else DEFAULT_LANG


def _redraw_choices() -> None:
    """Hand every kept single choice (select boxes, text) back to Streamlit as if set by the page.

    A keyed select box keeps the label it showed in the old language ("1月" after a switch to English);
    a value set through session state is sent to the browser again and drawn with the new labels, and the
    choice itself stays. Only plain values: buttons (booleans), uploads and grids cannot be set this way."""
    for key in list(st.session_state.keys()):
        if not isinstance(key, str) or key.startswith("_") or key == "lang":
            continue
        value = st.session_state[key]
        try:  # not None: "no choice" set back would show an empty box (such pickers are keyed per language)
            if _plain(value) or (isinstance(value, tuple | list) and value and all(map(_plain, value))):
                st.session_state[key] = value
        except Exception:  # a widget Streamlit does not let a page set: it keeps its old label
            pass


def _plain(value: object) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _signed_in_email() -> str | None:
    try:
        email = st.user.get("email") if st.user.is_logged_in else None
    except Exception:  # no sign-in configured, or no browser behind this run
        return None
    return email.lower() if isinstance(email, str) and email else None


def _user_languages() -> dict:
    try:
        saved = open_workspace().get_setting("user_languages", {})
    except WorkspaceError:
        return {}
    return saved if isinstance(saved, dict) else {}


def _context(name: str) -> str | None:
    try:
        value = getattr(st.context, name)
    except Exception:  # no browser behind this run (AppTest, a bare script)
        return None
    return value if isinstance(value, str) else None


def _accept_language() -> str | None:
    try:
        value = st.context.headers.get("Accept-Language")
    except Exception:
        return None
    return value if isinstance(value, str) else None


def set_lang(choice: str) -> None:
    """Switch this session to ``choice`` and remember it in this browser, for every page and reload."""
    from ui import cookies

    st.session_state["lang"] = choice
    cookies.queue(LANG_COOKIE, choice, LANG_COOKIE_SECONDS)
    _redraw_choices()
    email = _signed_in_email()
    if email:  # a signed-in user (OIDC) gets the choice on every browser, too
        try:
            open_workspace().set_setting("user_languages", {**_user_languages(), email: choice})
        except WorkspaceError:
            pass  # the cookie still remembers it in this browser
    if "lang" in st.query_params:  # an address that named the old language would switch back on reload
        st.query_params["lang"] = choice


def tr(key: str, **kwargs: object) -> str:
    return t(key, lang(), **kwargs)


def language_switch(container=None) -> None:
    current = lang()
    choice = (container or st.sidebar).radio(
        t("sidebar.language", current),
        LANGS,
        index=LANGS.index(current),
        format_func=lambda code: LANG_NAMES[code],
        horizontal=True,
        key=f"lang_switch_{current}",  # a fresh widget per language, so it never holds the old choice
    )
    if choice != current:
        set_lang(choice)
        st.rerun()


def fiscal_start(ws: Workspace) -> int:
    return int(ws.get_setting("fiscal_start_month", 1) or 1)


def show_error(exc: Exception | str) -> None:
    """A user-caused error as one sentence, never a traceback."""
    from ui.text import md

    message = error_text(exc) if isinstance(exc, Exception) else str(exc)
    message = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
    st.error(md(message), icon=":material/error:")  # messages quote file names, headers and values


def error_text(exc: Exception) -> str:
    """The error's sentence in the reader's language when it carries a translation key (ingest errors do),
    entity and field ids named in the reader's words; else its own (English) message."""
    from i18n import has as _has

    key, params = getattr(exc, "key", None), getattr(exc, "params", None) or {}
    if not key or not _has(key):
        return str(exc)
    current = lang()

    def name(kind: str, value: object) -> str:
        return t(f"{kind}.{value}", current) if _has(f"{kind}.{value}") else str(value)

    values = {k: v for k, v in params.items() if isinstance(v, str | int | float)}
    if "entity" in params:
        values["entity"] = name("entity", params["entity"])
    if "entities" in params:
        values["entities"] = " / ".join(name("entity", e) for e in params["entities"])
    if "fields" in params:
        values["fields"] = ", ".join(name("field", f) for f in params["fields"])
    try:
        return t(key, current, **values)
    except (KeyError, IndexError):  # a key whose sentence wants a value this error lacks
        return str(exc)


def today() -> date:
    """Today in the workspace's time zone (store/clock.py)."""
    from store.clock import today as workspace_today

    return workspace_today(open_workspace())


def has(key: str) -> bool:
    from i18n import has as _has

    return _has(key)


def labeler(prefix: str, *, none_key: str | None = None):
    """A format_func translating ``prefix + value`` in the current language.

    The language is captured now: Streamlit may call format functions outside the script run
    (AppTest does), where session state is not available.
    """
    from i18n import has as _has

    current = lang()

    def label(value: object) -> str:
        if value is None and none_key:
            return t(none_key, current)
        key = f"{prefix}{value}"
        return t(key, current) if _has(key) else str(value)

    return label
