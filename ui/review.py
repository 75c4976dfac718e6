"""The Review page: the deck built from the workspace in one click, a preview of every slide, then
the downloads."""

from __future__ import annotations

from typing import Any

import streamlit as st

from i18n import LANG_NAMES, LANGS, t
from metrics import MetricUnavailable
from review import find_browser
from review.deck import SLIDE_KINDS, DeckError, deck_file_name, deck_key, generate_deck
from store import WorkspaceError
from ui import state
from ui.period import selected_as_of, selected_period
from ui.text import md

CACHE = "review_deck"


def render_review(ws: Any) -> None:
    st.title(state.tr("review.page.title"))
    st.caption(state.tr("review.page.caption"))
    period = selected_period(ws)
    as_of = selected_as_of(ws)
    deck_lang, kinds = _choices()
    st.caption(state.tr("review.page.inputs", period=period.label, as_of=as_of.isoformat()))
    browser_missing = find_browser() is None
    if browser_missing:  # say it before the click: the slides can be built, but not drawn
        st.warning(state.tr("review.error.no_browser"), icon=":material/warning:")
    cached = _deck(ws, period, as_of, deck_lang, kinds)
    error = cached.get("error")
    if error is not None and not (browser_missing and error[0] == "review.error.no_browser"):
        error_key, message = error
        st.warning(state.tr(error_key) if state.has(error_key) else md(message), icon=":material/warning:")
    _preview(cached)
    _downloads(cached)


def _choices() -> tuple[str, list[str]]:
    """The deck's language and the slides chosen."""
    lang = state.lang()
    left, right = st.columns([1, 3])
    # Keyed per UI language: after a switch the deck language follows it and the chips are redrawn in it
    # (a kept widget would hold the old language and its old labels); the slides chosen carry over.
    deck_lang = left.selectbox(state.tr("review.page.language"), LANGS, index=LANGS.index(lang),
                               format_func=lambda code: LANG_NAMES[code], key=f"review_lang_{lang}")
    kinds = right.multiselect(state.tr("review.page.slides"), SLIDE_KINDS,
                              default=st.session_state.get("review_kinds_chosen", list(SLIDE_KINDS)),
                              format_func=lambda kind, ui_lang=lang: t(f"review.kind.{kind}", ui_lang),
                              key=f"review_kinds_{lang}")
    st.session_state["review_kinds_chosen"] = kinds
    return deck_lang, kinds


def _deck(ws: Any, period, as_of, deck_lang: str, kinds: list[str]) -> dict:
    """The deck of these inputs, generated on a click and kept for the session; stops the page until then."""
    key = deck_key(ws, period=period, as_of=as_of, lang=deck_lang, slides=kinds, today=state.today())
    cached = st.session_state.get(CACHE)
    clicked = st.button(state.tr("review.page.generate"), type="primary", disabled=not kinds, key="review_generate",
                        icon=":material/slideshow:")
    if clicked and (cached is None or cached["key"] != key):  # the same inputs: the rendered deck is reused
        try:
            with st.spinner(state.tr("review.page.working")):
                cached = generate_deck(ws, period=period, as_of=as_of, lang=deck_lang, slides=kinds,
                                       today=state.today())
        except (DeckError, MetricUnavailable, WorkspaceError) as exc:  # one sentence saying what to do
            state.show_error(exc)
            st.stop()
        cached["key"] = key
        st.session_state[CACHE] = cached
    if cached is None:
        st.info(state.tr("review.page.hint"), icon=":material/info:")
        st.stop()
    if cached["key"] != key:
        st.info(state.tr("review.page.stale"), icon=":material/refresh:")
        st.stop()
    return cached


def _preview(cached: dict) -> None:
    pngs = cached.get("pngs") or []
    titles = cached["titles"]
    st.subheader(state.tr("review.page.preview", n=len(titles)))
    if pngs:
        grid = st.columns(2)
        for i, (png, title) in enumerate(zip(pngs, titles, strict=True)):
            grid[i % 2].image(png, caption=md(f"{i + 1}. {title}"), width="stretch")
    else:
        st.text("\n".join(f"{i}. {title}" for i, title in enumerate(titles, start=1)))


def _downloads(cached: dict) -> None:
    st.subheader(state.tr("review.page.downloads"))
    stem = deck_file_name(cached["period"], cached["lang"])
    files = cached["files"]
    downloads = (
        ("zip", "review.page.download_zip", f"{stem}-slides.zip", "application/zip"),
        ("pptx", "review.page.download_pptx", f"{stem}.pptx",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("pdf", "review.page.download_pdf", f"{stem}.pdf", "application/pdf"),
        ("outline", "review.page.download_outline", f"{stem}-notes.md", "text/markdown"),
    )
    for col, (fmt, label, name, mime) in zip(st.columns(len(downloads)), downloads, strict=True):
        if fmt in files:
            col.download_button(state.tr(label), data=files[fmt], file_name=name, mime=mime, key=f"review_dl_{fmt}",
                                icon=":material/download:", on_click="ignore", width="stretch")
