"""The picture frame: page config, the workspace, the shared sidebar, and navigation over thin pages."""

from __future__ import annotations

import streamlit as st

from ui import access, state
from ui.registry import PAGES
from ui.sidebar import render_sidebar

st.set_page_config(page_title="CRM OKR Dashboard", page_icon=":material/target:", layout="wide")

lang = state.lang()
access.gate()  # stops here, on every page, until the visitor is let in (when access control is configured)
sections: dict[str, list] = {}
for spec in PAGES:
    if spec.editor_only and not access.is_editor():
        continue
    page = st.Page(spec.path, title=state.tr(spec.title_key), icon=spec.icon, default=spec.default)
    sections.setdefault(state.tr(spec.section_key), []).append(page)

navigation = st.navigation(sections)
try:
    ws = state.workspace()
except Exception as exc:  # the workspace cannot be opened: say why, once, and stop
    state.show_error(exc)
    st.stop()
render_sidebar(ws)
access.logout_button()
navigation.run()
