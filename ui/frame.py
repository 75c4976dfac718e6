"""The frame every page runs in: the access gate, the workspace, the shared sidebar."""

from __future__ import annotations

import time

import streamlit as st

from store import Workspace, WorkspaceBusy
from ui import access, cookies, state
from ui.sidebar import render_sidebar
from ui.warm import warm_in_background

BUSY_RETRY_SECONDS = 2.0


def render_frame() -> Workspace:
    """Gate, open the workspace (loading the demo on first start), draw the sidebar; stop on errors."""
    access.gate()  # stops here until the visitor is let in (when access control is configured)
    try:
        ws = state.open_current_workspace()
    except WorkspaceBusy:  # a command-line job holds the file for a moment: say so and try again
        st.info(state.tr("workspace.busy"), icon=":material/hourglass_top:")
        time.sleep(BUSY_RETRY_SECONDS)
        st.rerun()
    except Exception as exc:  # the workspace cannot be opened: say why, once, and stop
        state.show_error(exc)
        st.stop()
    warm_in_background(ws)  # once per state of the data: the pages' default views, ahead of their first visitor
    render_sidebar(ws)
    access.logout_button()
    cookies.flush(st.sidebar)  # the language or sign-in this browser should remember
    return ws
