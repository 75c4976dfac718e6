"""The Data page: row counts per table, the uploads registry with delete and backup, and a look
at the rows."""

from __future__ import annotations

from typing import Any

import streamlit as st

from i18n import fmt_date, fmt_number
from store import ENTITY_NAMES, WorkspaceError
from store.backup import backup_workspace
from ui import state
from ui.access import is_editor
from ui.downloads import download_buttons
from ui.remember import remembered
from ui.text import md
from ui.upload_report import field_labels, show_saved_report, system_name


def render_data(ws: Any) -> None:
    lang = state.lang()
    st.title(state.tr("data.title"))
    counts = remembered(ws, ("table_counts",), ws.table_counts)
    cols = st.columns(4)
    for i, name in enumerate(ENTITY_NAMES):
        cols[i % 4].metric(state.tr(f"entity.{name}"), fmt_number(counts[name], lang))
    st.subheader(state.tr("data.uploads"))
    uploads = ws.uploads()
    if uploads.empty:
        st.info(state.tr("empty.workspace"))
    else:
        _uploads(ws, uploads, lang)
    if "data_flash" in st.session_state:
        st.success(st.session_state.pop("data_flash"))
    if is_editor() and not uploads.empty:
        _backup(ws)
    _browse(ws, counts, lang)


def _uploads(ws: Any, uploads, lang: str) -> None:
    """The uploads registry, one upload's report and rejected rows, and deleting it."""
    shown = uploads.assign(
        entity=uploads["entity"].map(lambda e: state.tr(f"entity.{e}")),
        source=uploads["source"].map(system_name),
        loaded_at=uploads["loaded_at"].map(lambda d: fmt_date(d, lang, with_time=True)),
    ).drop(columns=["sha256"])
    shown.columns = [state.tr(f"data.col.{c}") for c in shown.columns]
    st.dataframe(shown, hide_index=True, width="stretch")
    ids = list(uploads["id"])
    labels = {int(r.id): f"#{r.id} · {r.file_name}" for r in uploads.itertuples()}
    chosen = st.selectbox(state.tr("data.pick_upload"), ids, format_func=lambda i: labels[int(i)], key="data_upload")
    report = ws.upload_report(int(chosen)) or {}
    with st.expander(state.tr("data.report")):
        show_saved_report(report)
        rejected = ws.rejected_rows(int(chosen))
        if len(rejected):
            st.caption(state.tr("upload.rejected_rows", n=fmt_number(len(rejected), lang)))
            st.dataframe(rejected.head(500), hide_index=True)
            download_buttons(rejected, f"rejected_{chosen}", key=f"rejected_{chosen}")
    if not is_editor():
        return
    confirm = st.checkbox(state.tr("data.confirm_delete", upload=md(labels[int(chosen)])), key=f"confirm_{chosen}")
    if st.button(state.tr("data.delete"), disabled=not confirm, key=f"delete_{chosen}", type="primary"):
        try:
            removed = ws.delete_upload(int(chosen))
        except WorkspaceError as exc:
            state.show_error(exc)
        else:
            st.session_state["data_flash"] = state.tr("data.deleted", n=fmt_number(removed, lang))
            st.rerun()


def _backup(ws: Any) -> None:
    with st.expander(state.tr("data.backup")):
        st.caption(state.tr("data.backup_caption"))
        if st.button(state.tr("data.make_backup"), key="make_backup", icon=":material/backup:"):
            st.session_state["backup_blob"] = backup_workspace(ws)
        if "backup_blob" in st.session_state:
            st.download_button(
                state.tr("data.download_backup"), data=st.session_state["backup_blob"],
                file_name=f"crm-okr-backup-{state.today().isoformat()}.zip", mime="application/zip",
                key="download_backup", icon=":material/download:",
            )


def _browse(ws: Any, counts: dict, lang: str) -> None:
    st.subheader(state.tr("data.browse"))
    entity = st.selectbox(
        state.tr("upload.entity"), ENTITY_NAMES, format_func=state.labeler("entity."), key="data_entity"
    )
    if counts[entity]:
        # Sorting the first rows out of 5M deals takes 2 s: once per state of the data, for every session.
        frame = remembered(ws, ("sample_rows", entity, 1000), lambda: ws.sample_rows(entity, 1000))
        st.caption(state.tr("data.first_rows", n=fmt_number(len(frame), lang), total=fmt_number(counts[entity], lang)))
        st.dataframe(field_labels(frame), hide_index=True, width="stretch")
        download_buttons(frame, entity, key=f"browse_{entity}")
    else:
        st.caption(state.tr("data.no_rows"))
