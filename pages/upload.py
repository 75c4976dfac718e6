"""Upload: drop CRM exports, check what was detected, correct the mapping, load, read the report."""

from __future__ import annotations

import hashlib
import logging

import pandas as pd
import streamlit as st

from i18n import fmt_number
from i18n import has as has_text
from ingest import ENTITY_FIELDS, IngestError, inspect_file, load_export, warning_text
from store import ENTITY_NAMES, WorkspaceError
from ui import state
from ui.access import require_editor
from ui.downloads import download_buttons
from ui.mapping import header_options, mapping_changes, mapping_rows
from ui.text import md

ws = state.workspace()
st.title(state.tr("upload.title"))
st.caption(state.tr("upload.caption"))
require_editor()

files = st.file_uploader(
    state.tr("upload.drop"),
    accept_multiple_files=True,
    key="upload_files",
    help=state.tr("upload.drop_help"),
)


def _file_key(uploaded) -> str:
    return hashlib.sha1(uploaded.getvalue()[:65536] + uploaded.name.encode()).hexdigest()[:12]


def _show_report(info: dict, rejected: pd.DataFrame | None) -> None:
    if info.get("already_loaded"):
        st.info(state.tr("upload.already_loaded", file=md(info["file"]), upload=info.get("upload_id")))
        return
    st.success(
        state.tr(
            "upload.loaded",
            file=md(info["file"]),
            rows=fmt_number(info["rows_loaded"], state.lang()),
            entity=state.tr(f"entity.{info['entity']}"),
        )
    )
    cols = st.columns(3)
    cols[0].metric(state.tr("upload.rows_loaded"), fmt_number(info["rows_loaded"], state.lang()))
    cols[1].metric(state.tr("upload.rows_rejected"), fmt_number(info["rows_rejected"], state.lang()))
    cols[2].metric(state.tr("upload.records_replaced"), fmt_number(info["records_replaced"], state.lang()))
    details = {
        state.tr("upload.source"): info.get("source_label") or info.get("source") or "—",
        state.tr("upload.container"): info.get("container"),
        state.tr("upload.encoding"): info.get("encoding") or "—",
        state.tr("upload.sheet"): info.get("sheet") or "—",
        state.tr("upload.header_row"): info.get("header_row"),
        state.tr("upload.delimiter"): repr(info.get("delimiter")) if info.get("delimiter") else "—",
    }
    st.dataframe(
        pd.DataFrame({state.tr("upload.detail"): list(details), state.tr("upload.value"): list(map(str, details.values()))}),
        hide_index=True,
    )
    ranges = info.get("date_ranges") or {}
    if ranges:
        st.caption(state.tr("upload.date_ranges"))
        st.dataframe(
            pd.DataFrame(
                [(state.tr(f"field.{k}"), v[0], v[1]) for k, v in ranges.items()],
                columns=[state.tr("upload.field"), state.tr("upload.earliest"), state.tr("upload.latest")],
            ),
            hide_index=True,
        )
    for warning in info.get("warnings") or []:
        st.warning(md(warning_text(warning, state.lang())), icon=":material/warning:")
    if rejected is not None and len(rejected):
        with st.expander(state.tr("upload.rejected_rows", n=fmt_number(len(rejected), state.lang()))):
            st.dataframe(rejected.head(500), hide_index=True)
            download_buttons(rejected, f"rejected_{info['file']}", key=f"rej_{info.get('upload_id')}")


def _mapping_editor(plan, key: str) -> dict[str, str | None]:
    """Canonical field -> original header, editable; a preview shows the rows as they will load.
    Fields show by their translated name, with the id the CLI's --map takes beside it."""
    specs = ENTITY_FIELDS[plan.entity]
    unmapped = state.tr("upload.not_mapped")
    edited = st.data_editor(
        pd.DataFrame(mapping_rows(specs, plan.mapping, state.tr, unmapped)),
        column_config={
            "label": st.column_config.TextColumn(state.tr("upload.field"), disabled=True),
            "id": st.column_config.TextColumn(state.tr("upload.field_id"), disabled=True),
            "required": st.column_config.CheckboxColumn(state.tr("upload.required"), disabled=True),
            "header": st.column_config.SelectboxColumn(
                state.tr("upload.header"), options=header_options(plan.columns, unmapped)
            ),
        },
        column_order=["label", "header", "required", "id"],
        hide_index=True,
        key=f"map_{key}_{plan.entity}",
        width="stretch",
    )
    return mapping_changes(specs, edited.to_dict(orient="records"), plan.mapping, unmapped)


def _labelled(preview: pd.DataFrame) -> pd.DataFrame:
    """The preview with canonical fields under their translated names (the id where two would clash)."""
    labels = {"_row": state.tr("upload.row_no")}
    labels.update({c: state.tr(f"field.{c}") for c in preview.columns if has_text(f"field.{c}")})
    counts = pd.Series(list(labels.values())).value_counts()
    return preview.rename(columns={c: (label if counts[label] == 1 else c) for c, label in labels.items()})


for uploaded in files or []:
    key = _file_key(uploaded)
    data = uploaded.getvalue()
    with st.container(border=True):
        st.subheader(md(uploaded.name))
        overrides = st.session_state.setdefault(f"overrides_{key}", {})
        try:
            plan = inspect_file(data, uploaded.name, ws=ws, **overrides)
        except (IngestError, WorkspaceError) as exc:
            state.show_error(exc)
            continue
        confidence = f"{plan.entity_confidence:.0%}" if plan.entity else "—"
        if plan.entity:
            st.markdown(
                state.tr(
                    "upload.detected",
                    entity=state.tr(f"entity.{plan.entity}"),
                    source=plan.source_label or plan.source or state.tr("upload.generic"),
                    confidence=confidence,
                    rows=fmt_number(plan.row_count, state.lang()) if plan.row_count else "?",
                )
            )
        else:
            st.warning(state.tr("upload.choose_entity"), icon=":material/help:")
        with st.expander(state.tr("upload.why")):
            for reason in plan.entity_reasons:
                st.text(str(reason))
        left, right = st.columns(2)
        entity = left.selectbox(
            state.tr("upload.entity"),
            ENTITY_NAMES,
            index=ENTITY_NAMES.index(plan.entity) if plan.entity in ENTITY_NAMES else None,
            format_func=state.labeler("entity."),
            key=f"entity_{key}",
        )
        sheet = None
        if plan.sheets and len(plan.sheets) > 1:
            sheet = right.selectbox(
                state.tr("upload.sheet"),
                plan.sheets,
                index=plan.sheets.index(plan.sheet) if plan.sheet in plan.sheets else 0,
                key=f"sheet_{key}",
            )
        if (entity and entity != plan.entity) or (sheet and sheet != plan.sheet):
            overrides.update({**({"entity": entity} if entity else {}), **({"sheet": sheet} if sheet else {})})
            st.rerun()
        if not plan.entity:
            continue
        date_order: dict[str, str] = {}
        for warning in plan.warnings:
            if isinstance(warning, dict) and warning.get("code") == "ambiguous_date_order":
                date_order[warning["field"]] = st.radio(
                    state.tr("upload.date_order", column=md(warning["column"])),
                    ["dmy", "mdy"],
                    index=0 if warning.get("chosen") == "dmy" else 1,
                    format_func=state.labeler("ingest.date_order."),
                    horizontal=True,
                    key=f"order_{key}_{warning['field']}",
                )
            else:
                st.warning(md(warning_text(warning, state.lang())), icon=":material/warning:")
        changes = _mapping_editor(plan, key)
        if changes or date_order:
            try:
                mapping = {**plan.mapping, **changes, **({"date_order": date_order} if date_order else {})}
                plan = inspect_file(data, uploaded.name, ws=ws, mapping=mapping, **overrides)
            except (IngestError, WorkspaceError) as exc:
                state.show_error(exc)
                continue
        st.caption(state.tr("upload.preview"))
        st.dataframe(_labelled(plan.preview), hide_index=True, height=240)
        if st.button(state.tr("upload.load"), key=f"load_{key}", type="primary"):
            bar = st.progress(0.0, text=state.tr("upload.loading"))

            def progress(fraction: float, message: str, _bar=bar) -> None:
                _bar.progress(min(max(float(fraction), 0.0), 1.0), text=state.tr(message))

            try:
                report = load_export(
                    ws,
                    data,
                    uploaded.name,
                    entity=entity,
                    sheet=sheet,
                    mapping={**plan.mapping, **({"date_order": plan.date_order} if plan.date_order else {})},
                    progress=progress,
                )
            except (IngestError, WorkspaceError) as exc:
                bar.empty()
                state.show_error(exc)
                continue
            except Exception as exc:  # a bug, not the file: the load rolled back; say so in one sentence
                logging.getLogger(__name__).exception("unexpected error loading %s", uploaded.name)
                bar.empty()
                state.show_error(state.tr("upload.unexpected", kind=type(exc).__name__))
                continue
            bar.progress(1.0, text=state.tr("upload.done"))
            st.session_state[f"report_{key}"] = (report.as_dict(), report.rejected)
        if f"report_{key}" in st.session_state:
            _show_report(*st.session_state[f"report_{key}"])

if not files:
    counts = ws.table_counts()
    st.caption(state.tr("upload.current", n=fmt_number(sum(counts.values()), state.lang())))
