"""Shared OKR widgets: status badges, navigation to the KR detail page, and the OKR editor's check-in table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from okr.model import Objective
from store import Workspace
from ui import state
from ui.okr_form import checkin_problems

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


def checkin_editor(ws: Workspace, objective: Objective) -> None:
    """The objective's check-ins in one table: correct a date, confidence or comment, or tick Remove, then save."""
    frame = ws.checkins()
    frame = frame[frame["objective_id"] == objective.id]
    with st.expander(state.tr("editor.checkins") + f" ({len(frame)})", expanded=False):
        if frame.empty:
            st.caption(state.tr("kr.no_checkins"))
            return
        st.caption(state.tr("editor.checkins_hint"))
        rows = pd.DataFrame({
            "kr": frame["kr_id"].astype(str), "date": pd.to_datetime(frame["checkin_date"]).dt.date,
            "confidence": frame["confidence"], "comment": frame["comment"].fillna(""), "remove": False,
        }).reset_index(drop=True)
        ids = [int(i) for i in frame["id"]]
        version = st.session_state.get("editor_form_version", 0)
        with st.form(f"checkins_{objective.id}_{version}"):
            edited = st.data_editor(rows, hide_index=True, width="stretch", num_rows="fixed",
                                    key=f"checkin_grid_{objective.id}_{version}", disabled=["kr"],
                                    column_config=_checkin_columns())
            if st.form_submit_button(state.tr("editor.save_checkins"), icon=":material/save:"):
                _save_checkins(ws, ids, rows, edited)


def _checkin_columns() -> dict:
    return {
        "kr": st.column_config.TextColumn(state.tr("editor.checkin_kr"), width="small"),
        "date": st.column_config.DateColumn(state.tr("kr.date"), format="YYYY-MM-DD"),
        "confidence": st.column_config.NumberColumn(state.tr("kr.confidence"), min_value=1, max_value=10, step=1),
        "comment": st.column_config.TextColumn(state.tr("kr.comment"), max_chars=2000),
        "remove": st.column_config.CheckboxColumn(state.tr("editor.checkin_remove"), width="small"),
    }


def _save_checkins(ws: Workspace, ids: list[int], before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Write what changed: removed rows deleted, edited rows corrected; problems said per row, nothing written."""
    records = after.to_dict(orient="records")
    problems = checkin_problems(records)
    for key, params in problems:
        st.error(state.tr(key, **params), icon=":material/error:")
    if problems:
        return
    removed = changed = 0
    for checkin_id, old, new in zip(ids, before.to_dict(orient="records"), records, strict=True):
        if new.get("remove"):
            ws.delete_checkin(checkin_id)
            removed += 1
        elif any(_differs(old[c], new[c]) for c in ("date", "confidence", "comment")):
            confidence = None if pd.isna(new["confidence"]) else int(new["confidence"])
            ws.update_checkin(checkin_id, checkin_date=new["date"], confidence=confidence,
                           comment=str(new["comment"] or "").strip())
            changed += 1
    st.session_state["editor_flash"] = state.tr("editor.checkins_saved", changed=changed, removed=removed)
    st.session_state["editor_form_version"] = st.session_state.get("editor_form_version", 0) + 1
    st.rerun()


def _differs(a: object, b: object) -> bool:
    if pd.isna(a) and pd.isna(b):
        return False
    return str(a) != str(b)
