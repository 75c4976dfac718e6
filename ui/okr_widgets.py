"""Shared OKR widgets: status badges and navigation to the KR detail page."""

from __future__ import annotations

import streamlit as st

STATUS_BADGE = {
    "done": ("green", ":material/check_circle:"),
    "on_track": ("green", ":material/trending_up:"),
    "at_risk": ("orange", ":material/warning:"),
    "off_track": ("red", ":material/trending_down:"),
    "met": ("green", ":material/verified:"),
    "missed": ("red", ":material/cancel:"),
    "no_data": ("gray", ":material/help:"),
}


def open_kr_detail(objective_id: str, kr_id: str) -> None:
    st.session_state["kr_detail"] = (objective_id, kr_id)
    st.switch_page("app_pages/kr_detail.py")
