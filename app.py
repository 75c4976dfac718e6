"""The picture frame: page config, the access gate, the workspace, the shared sidebar, and navigation."""

from __future__ import annotations

import streamlit as st

from ui import access, state
from ui.frame import render_frame
from ui.registry import PAGES

st.set_page_config(page_title="CRM OKR Dashboard", page_icon=":material/target:", layout="wide")

state.lang()
access.gate()  # before navigation, so viewers never get editor pages registered
sections: dict[str, list] = {}
for spec in PAGES:
    if spec.editor_only and not access.is_editor():
        continue
    page = st.Page(spec.path, title=state.tr(spec.title_key), icon=spec.icon, default=spec.default)
    sections.setdefault(state.tr(spec.section_key), []).append(page)

navigation = st.navigation(sections)
wanted = access.take_wanted_page()  # the address asked for before sign-in: land there, not on the Overview
for page in (p for pages in sections.values() for p in pages):
    if wanted and page.url_path == wanted and page.url_path != navigation.url_path:
        st.switch_page(page)
render_frame()
navigation.run()
