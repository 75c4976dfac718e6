"""What the Upload page shows after a load: the report as readable tables, warnings, rejected cells, and
"Undo last load" beside it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import fmt_date, fmt_number
from ingest import link_text, warning_text
from store import Workspace, WorkspaceError
from ui import state
from ui.downloads import download_buttons
from ui.text import md


def show_report(info: dict, rejected: pd.DataFrame | None) -> None:
    lang = state.lang()
    if info.get("already_loaded"):
        st.info(state.tr("upload.already_loaded", file=md(info["file"]), upload=info.get("upload_id")))
        return
    st.success(state.tr("upload.loaded", file=md(info["file"]), rows=fmt_number(info["rows_loaded"], lang),
                        entity=state.tr(f"entity.{info['entity']}")))
    cols = st.columns(4)
    cols[0].metric(state.tr("upload.rows_loaded"), fmt_number(info["rows_loaded"], lang))
    cols[1].metric(state.tr("upload.rows_rejected"), fmt_number(info["rows_rejected"], lang))
    cols[2].metric(state.tr("upload.cells_unread"), fmt_number(info.get("cells_unread", 0), lang))
    cols[3].metric(state.tr("upload.records_replaced"), fmt_number(info["records_replaced"], lang))
    for replaced in info.get("replaced") or []:
        st.caption(replace_line(replaced))
    details = {
        state.tr("upload.source"): info.get("source_label") or info.get("source") or "—",
        state.tr("upload.container"): info.get("container"),
        state.tr("upload.encoding"): info.get("encoding") or "—",
        state.tr("upload.sheet"): info.get("sheet") or "—",
        state.tr("upload.header_row"): info.get("header_row"),
        state.tr("upload.delimiter"): repr(info.get("delimiter")) if info.get("delimiter") else "—",
    }
    st.dataframe(pd.DataFrame({state.tr("upload.detail"): list(details),
                               state.tr("upload.value"): list(map(str, details.values()))}), hide_index=True)
    ranges = info.get("date_ranges") or {}
    if ranges:
        st.caption(state.tr("upload.date_ranges"))
        st.dataframe(pd.DataFrame([(state.tr(f"field.{k}"), v[0], v[1]) for k, v in ranges.items()],
                                  columns=[state.tr("upload.field"), state.tr("upload.earliest"),
                                           state.tr("upload.latest")]), hide_index=True)
    for link in info.get("links") or []:
        st.caption(md(link_text(link, lang)))
    for warning in info.get("warnings") or []:
        st.warning(md(warning_text(warning, lang)), icon=":material/warning:")
    if rejected is not None and len(rejected):
        with st.expander(state.tr("upload.rejected_rows", n=fmt_number(len(rejected), lang))):
            st.dataframe(rejected.head(500), hide_index=True)
            download_buttons(rejected, f"rejected_{info['file']}", key=f"rej_{info.get('upload_id')}")


def replace_line(replaced: dict) -> str:
    """"This replaces 1,265 records loaded from Leads.csv on 2026-12-01 10:15", in the user's language."""
    lang = state.lang()
    return state.tr("upload.replaces", records=fmt_number(replaced["records"], lang), file=md(replaced["file"]),
                    date=fmt_date(replaced["loaded_at"], lang, with_time=True))


def undo_last_load(ws: Workspace) -> None:
    """The button that deletes the most recent upload and gives back what it replaced."""
    last = ws.last_upload()
    if last is None:
        return
    lang = state.lang()
    label = state.tr("upload.undo_last", file=md(last["file_name"]))
    if st.button(label, key=f"undo_{last['id']}", icon=":material/undo:"):
        try:
            done = ws.undo_upload(int(last["id"]))
        except WorkspaceError as exc:
            state.show_error(exc)
            return
        st.session_state["upload_flash"] = state.tr(
            "upload.undone", file=md(last["file_name"]), removed=fmt_number(done.removed, lang),
            restored=fmt_number(done.restored, lang))
        for key in [k for k in st.session_state if str(k).startswith(("report_", "plan_"))]:
            del st.session_state[key]
        st.rerun()
