"""The demo banner: what the demo is, and clearing it (with a confirmation) for a real fresh start."""

from __future__ import annotations

import streamlit as st

from ingest.demo import clear_demo, is_demo
from store import Workspace
from ui import state
from ui.access import is_editor

CONFIRMING = "demo_clear_confirming"


def demo_banner(ws: Workspace) -> None:
    if not is_demo(ws):
        return
    with st.container(border=True):
        st.info(state.tr("demo.banner"), icon=":material/science:")
        if not is_editor():
            return
        if not st.session_state.get(CONFIRMING):
            if st.button(state.tr("demo.clear"), key="clear_demo"):
                st.session_state[CONFIRMING] = True
                st.rerun()
            return
        st.warning(state.tr("demo.clear_confirm"), icon=":material/warning:")
        left, right = st.columns(2)
        if left.button(state.tr("demo.clear_yes"), type="primary", key="clear_demo_yes"):
            clear_demo(ws)
            st.session_state.pop(CONFIRMING, None)
            st.rerun()
        if right.button(state.tr("demo.clear_no"), key="clear_demo_no"):
            st.session_state.pop(CONFIRMING, None)
            st.rerun()
