"""The shared sidebar: language, period, as-of date, fiscal-year start, workspace badge."""

from __future__ import annotations

import streamlit as st

from metrics import stale_data
from store import Workspace
from ui import state
from ui.period import period_picker, selected_as_of


def render_sidebar(ws: Workspace) -> None:
    state.language_switch()
    with st.sidebar:
        period_picker(ws)
        for entity, last, days in stale_data(ws, selected_as_of(ws)):  # said once, on every page
            st.caption(":material/schedule: " + state.tr("coverage.stale", entity=state.tr(f"entity.{entity}"),
                                                           date=last.isoformat(), days=days))
        st.divider()
        if ws.get_setting("demo", False):
            st.caption(":material/science: " + state.tr("sidebar.demo_badge"))
        st.caption(state.tr("sidebar.workspace") + ": `" + ws.target.rsplit("/", 1)[-1] + "`")
