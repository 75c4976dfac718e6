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
        state.tr("upload.source"): source_name(info.get("source"), info.get("source_label"), info.get("entity"), lang),
        state.tr("upload.container"): info.get("container"),
        state.tr("upload.encoding"): info.get("encoding") or "—",
        state.tr("upload.sheet"): info.get("sheet") or "—",
        state.tr("upload.header_row"): info.get("header_row"),
        state.tr("upload.delimiter"): _delimiter_name(info.get("delimiter")),
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


def source_name(source: str | None, label: str | None, entity: str | None, lang: str) -> str:
    """The system an export came from, in the reader's language: "generic export" is words, not a name;
    a preset's English label ("Dynamics 365 activities export") becomes the system and the entity."""
    from i18n import t
    from ingest.plan.presets import SOURCE_LABELS

    if not source or source == "generic":
        return t("upload.generic", lang)
    if lang == "en" and label:
        return label
    system = SOURCE_LABELS.get(source, source)
    return t("upload.source_export", lang, system=system, entity=t(f"entity.{entity}", lang)) if entity else system


def system_name(source: str | None) -> str:
    """The CRM an upload came from, by its name ("Salesforce", "纷享销客 Fxiaoke"); no system: words."""
    from ingest.plan.presets import SOURCE_LABELS

    if not source or source == "generic":
        return state.tr("upload.generic")
    return SOURCE_LABELS.get(source, source)


def saved_report(info: dict, lang: str) -> dict[str, pd.DataFrame]:
    """A stored load report as readable tables (what was read and how, which column feeds which field, the
    dates it spans), with headers and field names in the reader's language; never raw JSON."""
    tr = state.tr
    details = [
        (tr("data.report.file"), info.get("file") or "—"),
        (tr("upload.entity"), tr(f"entity.{info['entity']}") if info.get("entity") else "—"),
        (tr("upload.source"), source_name(info.get("source"), info.get("source_label"), info.get("entity"), lang)),
        (tr("data.report.rows_read"), fmt_number(info.get("rows_read") or 0, lang)),
        (tr("upload.rows_loaded"), fmt_number(info.get("rows_loaded") or 0, lang)),
        (tr("upload.rows_rejected"), fmt_number(info.get("rows_rejected") or 0, lang)),
        (tr("upload.cells_unread"), fmt_number(info.get("cells_unread") or 0, lang)),
        (tr("upload.records_replaced"), fmt_number(info.get("records_replaced") or 0, lang)),
        (tr("upload.container"), str(info.get("container") or "—").upper()),
        (tr("upload.encoding"), info.get("encoding") or "—"),
        (tr("upload.sheet"), info.get("sheet") or "—"),
        (tr("upload.header_row"), fmt_number(info["header_row"], lang) if info.get("header_row") else "—"),
        (tr("upload.delimiter"), _delimiter_name(info.get("delimiter"))),
    ]
    tables = {"details": pd.DataFrame(details, columns=[tr("data.report.item"), tr("upload.value")])}
    mapping = info.get("mapping") or {}
    tables["mapping"] = pd.DataFrame(
        [(_field_name(name), header or "—") for name, header in mapping.items()],
        columns=[tr("upload.field"), tr("data.report.column")])
    ranges = info.get("date_ranges") or {}
    tables["dates"] = pd.DataFrame(
        [(_field_name(name), str(span[0])[:10], str(span[1])[:10]) for name, span in ranges.items()],
        columns=[tr("upload.field"), tr("upload.earliest"), tr("upload.latest")])
    return tables


def _field_name(name: str) -> str:
    return state.tr(f"field.{name}") if state.has(f"field.{name}") else name


def _delimiter_name(delimiter: str | None) -> str:
    names = {",": "data.report.comma", ";": "data.report.semicolon", "\t": "data.report.tab", "|": "data.report.pipe"}
    if not delimiter:
        return "—"
    return state.tr(names[delimiter]) if delimiter in names else delimiter


def show_saved_report(info: dict) -> None:
    """The Data page's look at one upload's load report: tables and its warnings as sentences."""
    lang = state.lang()
    tables = saved_report(info, lang)
    st.dataframe(tables["details"], hide_index=True)
    if len(tables["mapping"]):
        st.caption(state.tr("data.report.mapping"))
        st.dataframe(tables["mapping"], hide_index=True)
    if len(tables["dates"]):
        st.caption(state.tr("upload.date_ranges"))
        st.dataframe(tables["dates"], hide_index=True)
    for warning in info.get("warnings") or []:
        st.caption(":material/warning: " + md(warning_text(warning, lang)))


def field_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of canonical fields with each column under its name in the reader's language (the id where
    two names would clash), and empty cells empty rather than "None"."""
    labels = {c: _field_name(c) for c in frame.columns}
    if len(set(labels.values())) < len(labels):
        return frame
    shown = frame.rename(columns=labels)
    for col in shown.columns:
        if shown[col].dtype == object:
            shown[col] = shown[col].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else v)
    return shown
