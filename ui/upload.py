"""The Upload page, one panel per dropped file: what was detected and why, the entity when it is uncertain,
the mapping (every edit applied), a preview, Load, the confirmation a replacement needs, and the report.

A file is read and planned once per set of choices (kept in the session), not on every rerun.  The choices
(entity, sheet, mapping, date order) live in ``overrides_<file>``; the mapping grid always shows the plan
that will load, so an edit is applied or visibly refused, never silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import logging

import pandas as pd
import streamlit as st

from i18n import fmt_number
from i18n import has as has_text
from ingest import ENTITY_FIELDS, IngestError, inspect_file, load_export, reason_text, warning_text
from ingest.demo import clear_demo, is_demo
from ingest.errors import ReplaceNotConfirmed
from store import ENTITY_NAMES, Workspace, WorkspaceError
from ui import state
from ui.access import require_editor
from ui.mapping import full_mapping, header_options, mapping_changes, mapping_rows
from ui.text import md
from ui.upload_report import replace_line, show_report, source_name, undo_last_load

MAX_PLANS = 24  # plans kept per session (a plan holds a 20-row preview)
KEEP_DEMO = "upload_keep_demo"


def render(ws: Workspace) -> None:
    st.title(state.tr("upload.title"))
    st.caption(state.tr("upload.caption"))
    require_editor()
    if "upload_flash" in st.session_state:
        st.success(st.session_state.pop("upload_flash"))
    files = st.file_uploader(state.tr("upload.drop"), accept_multiple_files=True, key="upload_files",
                             help=state.tr("upload.drop_help"))
    ready = _demo_answered(ws) if files else True
    for uploaded in files or []:
        with st.container(border=True):
            _file_panel(ws, uploaded, ready)
    if not files:
        counts = ws.table_counts()
        st.caption(state.tr("upload.current", n=fmt_number(sum(counts.values()), state.lang())))
    undo_last_load(ws)


def _demo_answered(ws: Workspace) -> bool:
    """Into a demo workspace the first real upload offers to clear the demo first; True once answered."""
    if not is_demo(ws) or st.session_state.get(KEEP_DEMO):
        return True
    with st.container(border=True):
        st.warning(state.tr("upload.demo_offer"), icon=":material/science:")
        left, right = st.columns(2)
        if left.button(state.tr("upload.demo_clear"), type="primary", key="upload_clear_demo"):
            clear_demo(ws)
            st.session_state["upload_flash"] = state.tr("demo.cleared")
            st.rerun()
        if right.button(state.tr("upload.demo_keep"), key="upload_keep_demo_button"):
            st.session_state[KEEP_DEMO] = True
            st.rerun()
    return False


def _file_key(data: bytes, name: str) -> str:
    return hashlib.sha1(data[:65536] + name.encode()).hexdigest()[:12]


def _plan(ws: Workspace, key: str, data: bytes, name: str, overrides: dict):
    """The file's plan for these choices, read once per session (IngestError propagates)."""
    plans: dict = st.session_state.setdefault("upload_plans", {})
    memo = (key, json.dumps(overrides, sort_keys=True, ensure_ascii=False))
    if memo not in plans:
        if len(plans) >= MAX_PLANS:
            plans.clear()
        plans[memo] = inspect_file(data, name, ws=ws, **overrides)
    return plans[memo]


def _forget_plans(key: str) -> None:
    plans: dict = st.session_state.get("upload_plans", {})
    for memo in [m for m in plans if m[0] == key]:
        del plans[memo]


def _file_panel(ws: Workspace, uploaded, ready: bool) -> None:
    # The bytes Streamlit holds (getvalue() of its BytesIO is that object, not a copy), handed on as they are:
    # the importer writes a text file to a temp file and reads that a chunk at a time, so no second copy is
    # ever in memory.
    data = uploaded.getvalue()
    key = _file_key(data, uploaded.name)
    st.subheader(md(uploaded.name))
    overrides: dict = st.session_state.setdefault(f"overrides_{key}", {})
    try:
        plan = _plan(ws, key, data, uploaded.name, overrides)
    except (IngestError, WorkspaceError) as exc:
        state.show_error(exc)
        return
    undecided = plan.needs_entity_choice and "entity" not in overrides
    _detected(plan, undecided)
    if _choose_entity_and_sheet(plan, key, overrides, undecided) or undecided or not plan.entity:
        return
    _date_orders(plan, key, overrides)
    _questions(plan, key, overrides)
    _mapping_editor(plan, key, overrides)
    st.caption(state.tr("upload.preview"))
    st.dataframe(_labelled(plan.preview), hide_index=True, height=240)
    _load_controls(ws, plan, key, data, uploaded.name, overrides, ready)
    if f"report_{key}" in st.session_state:
        show_report(*st.session_state[f"report_{key}"])


def _detected(plan, undecided: bool) -> None:
    if plan.entity and not undecided:
        st.markdown(state.tr(
            "upload.detected", entity=state.tr(f"entity.{plan.entity}"),
            source=md(source_name(plan.source, plan.source_label, plan.entity, state.lang())),
            confidence=f"{plan.entity_confidence:.0%}",
            rows=fmt_number(plan.row_count, state.lang()) if plan.row_count else "?"))
        with st.expander(state.tr("upload.why")):
            for reason in plan.entity_reasons:
                st.text(reason_text(str(reason), state.lang()))
    elif undecided:
        names = [state.tr(f"entity.{c['entity']}") for c in plan.entity_candidates]
        st.warning(state.tr("upload.entity_uncertain", candidates=" / ".join(names)), icon=":material/help:")
        for cand in plan.entity_candidates:
            with st.expander(state.tr("upload.why_candidate", entity=state.tr(f"entity.{cand['entity']}"))):
                for reason in cand["reasons"]:
                    st.text(reason_text(str(reason), state.lang()))
    else:
        st.warning(state.tr("upload.choose_entity"), icon=":material/help:")


def _choose_entity_and_sheet(plan, key: str, overrides: dict, undecided: bool) -> bool:
    """The entity and sheet boxes; True when a choice changed (the page reruns)."""
    left, right = st.columns(2)
    entity = left.selectbox(
        state.tr("upload.entity"), ENTITY_NAMES,
        index=None if undecided or plan.entity not in ENTITY_NAMES else ENTITY_NAMES.index(plan.entity),
        format_func=state.labeler("entity."), placeholder=state.tr("upload.entity_placeholder"),
        key=f"entity_{key}")
    sheet = None
    if plan.sheets and len(plan.sheets) > 1:
        sheet = right.selectbox(state.tr("upload.sheet"), plan.sheets,
                                index=plan.sheets.index(plan.sheet) if plan.sheet in plan.sheets else 0,
                                key=f"sheet_{key}")
    changed = {}
    if entity and (entity != plan.entity or undecided):
        changed["entity"] = entity
    if sheet and sheet != plan.sheet:
        changed["sheet"] = sheet
    if not changed:
        return False
    overrides.update(changed)
    overrides.pop("mapping", None)  # another entity or sheet: its own detected mapping
    st.session_state.pop(f"pending_{key}", None)
    st.rerun()
    return True


def _date_orders(plan, key: str, overrides: dict) -> None:
    """The plan's warnings; a column whose dates read either way asks which; an answer replans the file."""
    chosen: dict[str, str] = {}
    changed = False
    for warning in plan.warnings:
        if isinstance(warning, dict) and warning.get("code") == "ambiguous_date_order":
            answer = st.radio(
                state.tr("upload.date_order", column=md(warning["column"])), ["dmy", "mdy"],
                index=0 if warning.get("chosen") == "dmy" else 1, format_func=state.labeler("ingest.date_order."),
                horizontal=True, key=f"order_{key}_{warning['field']}")
            chosen[warning["field"]] = answer
            changed |= answer != warning.get("chosen")
        elif not (isinstance(warning, dict) and warning.get("code") == "field_undecided"):  # asked below
            st.warning(md(warning_text(warning, state.lang())), icon=":material/warning:")
    if changed:
        specs = ENTITY_FIELDS[plan.entity]
        overrides["mapping"] = {**full_mapping(specs, plan.mapping), "date_order": chosen}
        st.rerun()


def _questions(plan, key: str, overrides: dict) -> None:
    """The event date or id no column was taken for, when some could be: the user picks one (or none)."""
    none = state.tr("upload.none_of_these")
    for question in plan.questions:
        field = question["field"]
        answer = st.selectbox(state.tr("upload.which_column", field=state.tr(f"field.{field}")),
                              [none, *question["columns"]], key=f"ask_{key}_{field}")
        if answer != none:
            specs = ENTITY_FIELDS[plan.entity]
            overrides["mapping"] = {**full_mapping(specs, plan.mapping, {field: answer}), **_date_order(plan)}
            st.session_state[f"map_version_{key}"] = st.session_state.get(f"map_version_{key}", 0) + 1
            st.rerun()


def _mapping_editor(plan, key: str, overrides: dict) -> None:
    """Canonical field -> column, editable.  An edit becomes part of the file's choices and the page reruns
    with a fresh grid showing the new plan (the grid never holds edits the plan does not have)."""
    specs = ENTITY_FIELDS[plan.entity]
    unmapped = state.tr("upload.not_mapped")
    version = st.session_state.get(f"map_version_{key}", 0)
    edited = st.data_editor(
        pd.DataFrame(mapping_rows(specs, plan.mapping, state.tr, unmapped)),
        column_config={
            "label": st.column_config.TextColumn(state.tr("upload.field"), disabled=True),
            "id": st.column_config.TextColumn(state.tr("upload.field_id"), disabled=True),
            "required": st.column_config.CheckboxColumn(state.tr("upload.required"), disabled=True),
            "header": st.column_config.SelectboxColumn(state.tr("upload.header"),
                                                       options=header_options(plan.columns, unmapped)),
        },
        column_order=["label", "header", "required", "id"], hide_index=True, width="stretch",
        key=f"map_{key}_{plan.entity}_{version}")
    changes = mapping_changes(specs, edited.to_dict(orient="records"), plan.mapping, unmapped)
    if changes:
        overrides["mapping"] = {**full_mapping(specs, plan.mapping, changes), **_date_order(plan)}
        st.session_state[f"map_version_{key}"] = version + 1
        st.session_state.pop(f"pending_{key}", None)
        st.rerun()


def _date_order(plan) -> dict:
    return {"date_order": plan.date_order} if plan.date_order else {}


def _labelled(preview: pd.DataFrame) -> pd.DataFrame:
    """The preview with canonical fields under their translated names (the id where two would clash)."""
    labels = {"_row": state.tr("upload.row_no")}
    labels.update({c: state.tr(f"field.{c}") for c in preview.columns if has_text(f"field.{c}")})
    counts = pd.Series(list(labels.values())).value_counts()
    shown = preview.copy()
    for col in shown.columns:  # an empty cell shows empty, not "None"
        if shown[col].dtype == object or str(shown[col].dtype).startswith("datetime"):
            shown[col] = shown[col].map(lambda v: "" if v is None or pd.isna(v) else str(v))
    return shown.rename(columns={c: (label if counts[label] == 1 else c) for c, label in labels.items()})


def _load_controls(ws, plan, key: str, data: bytes, name: str, overrides: dict, ready: bool) -> None:
    pending = st.session_state.get(f"pending_{key}")
    if pending:
        with st.container(border=True):
            for replaced in pending:
                st.warning(replace_line(replaced), icon=":material/swap_horiz:")
            st.caption(state.tr("upload.replace_explain"))
            left, right = st.columns(2)
            if left.button(state.tr("upload.confirm_replace"), type="primary", key=f"confirm_{key}"):
                _load(ws, plan, key, data, name, overrides, replace=True)
            if right.button(state.tr("upload.cancel_replace"), key=f"cancel_{key}"):
                st.session_state.pop(f"pending_{key}", None)
                st.rerun()
        return
    if st.button(state.tr("upload.load"), key=f"load_{key}", type="primary", disabled=not ready):
        _load(ws, plan, key, data, name, overrides, replace=False)


def _load(ws, plan, key: str, data: bytes, name: str, overrides: dict, *, replace: bool):
    bar = st.progress(0.0, text=state.tr("upload.loading"))

    def progress(fraction: float, message: str) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=state.tr(message))

    # The mapping the grid shows, every field named: the importer's detection fills nothing it does not show.
    mapping = {**full_mapping(ENTITY_FIELDS[plan.entity], plan.mapping), **_date_order(plan)}
    try:
        report = load_export(ws, data, name, entity=plan.entity, sheet=overrides.get("sheet"),
                             mapping=mapping, progress=progress, replace=replace)
    except ReplaceNotConfirmed as exc:
        bar.empty()
        st.session_state[f"pending_{key}"] = [r.as_dict() for r in exc.replacements]
        st.rerun()
        return
    except (IngestError, WorkspaceError) as exc:
        bar.empty()
        state.show_error(exc)
        return
    except Exception as exc:  # a bug, not the file: the load rolled back; say so in one sentence
        logging.getLogger(__name__).exception("unexpected error loading %s", name)
        bar.empty()
        state.show_error(state.tr("upload.unexpected", kind=type(exc).__name__))
        return
    bar.progress(1.0, text=state.tr("upload.done"))
    st.session_state.pop(f"pending_{key}", None)
    _forget_plans(key)  # the mapping is remembered now: the next plan of this file shows it
    st.session_state[f"report_{key}"] = (report.as_dict(), report.rejected)
