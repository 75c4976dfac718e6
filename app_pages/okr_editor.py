"""OKR editor: add, edit and delete objectives and key results, with the catalog's definitions in view,
templates in both languages, okrs.yaml import and export. Check-ins are added on the KR detail page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n.okr_text import title_in
from metrics import CATALOG
from okr.model import KeyResult, Objective, OKRFileError, Target
from okr.okr_read import load_okrs, objective_from_doc
from okr.okr_write import dump_okrs, load_from_workspace, objective_to_doc, save_to_workspace
from okr.templates import TEMPLATES, instantiate
from ui import state
from ui.access import require_editor
from ui.period import selected_period

ws = state.workspace()
lang = state.lang()
st.title(state.tr("editor.title"))
st.caption(state.tr("editor.caption"))
require_editor()

TARGET_TYPES = ["to_value", "relative_change", "absolute_change", "stay_below", "stay_above", "reach_count"]
CHANGE_TYPES = {"relative_change", "absolute_change"}

try:
    objectives = load_from_workspace(ws)
except OKRFileError as exc:
    state.show_error(exc)
    objectives = []


def _save(updated: list[Objective]) -> bool:
    """Validate through the okrs.yaml reader (one sentence naming the field on error), then store."""
    try:
        checked = load_okrs(dump_okrs(updated), source="editor")
    except OKRFileError as exc:
        state.show_error(exc)
        return False
    save_to_workspace(ws, checked)
    st.session_state["editor_flash"] = state.tr("editor.saved", n=len(checked))
    return True


def _filters_text(filters: dict) -> str:
    return "; ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in (filters or {}).items())


def _parse_filters(text: str) -> dict:
    out: dict = {}
    for part in (text or "").replace("\n", ";").split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip() and value.strip():
            values = [v.strip() for v in value.split("|") if v.strip()]
            out[key.strip()] = values if len(values) > 1 else values[0]
    return out


def _kr_rows(obj: Objective) -> pd.DataFrame:
    rows = []
    for kr in obj.key_results:
        title = kr.title if isinstance(kr.title, dict) else {"en": kr.title or "", "zh": kr.title or ""}
        amount = kr.target.change if kr.target.type in CHANGE_TYPES else kr.target.value
        rows.append({
            "id": kr.id, "title_en": title.get("en", ""), "title_zh": title.get("zh", ""), "metric": kr.metric,
            "target_type": kr.target.type, "value": amount, "baseline": kr.baseline, "weight": kr.weight,
            "filters": _filters_text(kr.filters),
        })
    columns = ["id", "title_en", "title_zh", "metric", "target_type", "value", "baseline", "weight", "filters"]
    return pd.DataFrame(rows, columns=columns)


def _krs_from(frame: pd.DataFrame, objective_id: str) -> list[KeyResult]:
    krs = []
    for i, r in enumerate(frame.to_dict(orient="records"), start=1):
        if not r.get("metric"):
            continue
        kind = r.get("target_type") or "to_value"
        amount = None if pd.isna(r.get("value")) else float(r["value"])
        target = Target(kind, change=amount) if kind in CHANGE_TYPES else Target(kind, value=amount)
        title = {k: str(r.get(f"title_{k}") or "").strip() for k in ("en", "zh")}
        title = {k: v for k, v in title.items() if v} or None
        krs.append(KeyResult(
            id=str(r.get("id") or f"{objective_id}.{i}").strip(), title=title, metric=r["metric"], target=target,
            filters=_parse_filters(r.get("filters") or ""),
            baseline=None if pd.isna(r.get("baseline")) else float(r["baseline"]),
            weight=None if pd.isna(r.get("weight")) else float(r["weight"]),
        ))
    return krs


if "editor_flash" in st.session_state:
    st.success(st.session_state.pop("editor_flash"))

new_label = state.tr("editor.new_objective")
ids = [o.id for o in objectives]
picked = st.selectbox(
    state.tr("editor.objective"), [*ids, new_label], key="editor_pick",
    format_func=lambda i: i if i == new_label else f"{i} · {title_in(objectives[ids.index(i)], lang)}",
)
current = objectives[ids.index(picked)] if picked in ids else Objective(
    id=f"O{len(objectives) + 1}", title={"en": "", "zh": ""}, period=selected_period(ws).label
)
title = current.title if isinstance(current.title, dict) else {"en": current.title, "zh": current.title}

with st.form(f"objective_{picked}"):
    c1, c2 = st.columns(2)
    obj_id = c1.text_input(state.tr("editor.id"), current.id, max_chars=40)
    period = c2.text_input(state.tr("editor.period"), str(current.period or selected_period(ws).label))
    title_en = c1.text_input(state.tr("editor.title_en"), title.get("en", ""), max_chars=200)
    title_zh = c2.text_input(state.tr("editor.title_zh"), title.get("zh", ""), max_chars=200)
    owner = c1.text_input(state.tr("editor.owner"), current.owner or "", max_chars=100)
    team = c2.text_input(state.tr("editor.team"), current.team or "", max_chars=100)
    description = st.text_area(state.tr("editor.description"), current.description or "", max_chars=2000)
    st.markdown("**" + state.tr("editor.key_results") + "**")
    st.caption(state.tr("editor.value_hint"))
    edited = st.data_editor(
        _kr_rows(current),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"krs_{picked}",
        column_config={
            "id": st.column_config.TextColumn(state.tr("editor.id"), width="small"),
            "title_en": st.column_config.TextColumn(state.tr("editor.title_en")),
            "title_zh": st.column_config.TextColumn(state.tr("editor.title_zh")),
            "metric": st.column_config.SelectboxColumn(
                state.tr("editor.metric"), options=list(CATALOG), required=True,
                format_func=lambda m, _lang=lang: CATALOG[m].label.get(_lang) if m in CATALOG else str(m),
            ),
            "target_type": st.column_config.SelectboxColumn(
                state.tr("editor.target_type"), options=TARGET_TYPES, required=True,
                format_func=state.labeler("target."),
            ),
            "value": st.column_config.NumberColumn(state.tr("editor.target_value"), format="%.4g"),
            "baseline": st.column_config.NumberColumn(state.tr("editor.baseline"), format="%.4g"),
            "weight": st.column_config.NumberColumn(state.tr("editor.weight"), min_value=0.0, format="%.2g"),
            "filters": st.column_config.TextColumn(state.tr("editor.filters")),
        },
    )
    if st.form_submit_button(state.tr("editor.save"), type="primary"):
        updated_title = {k: v for k, v in (("en", title_en.strip()), ("zh", title_zh.strip())) if v}
        doc = objective_to_doc(Objective(
            id=obj_id.strip(), title=updated_title or obj_id.strip(), owner=owner.strip() or None,
            team=team.strip() or None, period=None, description=description.strip() or None,
            key_results=_krs_from(edited, obj_id.strip()),
        ))
        doc["period"] = period.strip() or None
        try:
            replacement = objective_from_doc(doc, source="editor")
        except OKRFileError as exc:
            state.show_error(exc)
        else:
            kept = [o for o in objectives if o.id != picked]
            position = ids.index(picked) if picked in ids else len(kept)
            if _save(kept[:position] + [replacement] + kept[position:]):
                st.rerun()

if picked in ids:
    with st.form(f"add_kr_{picked}", clear_on_submit=True):
        st.markdown("**" + state.tr("editor.add_kr") + "**")
        a1, a2, a3 = st.columns([2, 1.4, 1])
        new_metric = a1.selectbox(state.tr("editor.metric"), list(CATALOG), key=f"new_metric_{picked}",
                                  format_func=lambda m: f"{CATALOG[m].label.get(lang)} · {m}")
        new_type = a2.selectbox(state.tr("editor.target_type"), TARGET_TYPES, key=f"new_type_{picked}",
                                format_func=state.labeler("target."))
        new_value = a3.number_input(state.tr("editor.target_value"), value=0.0, format="%.4g",
                                    key=f"new_value_{picked}")
        t1, t2 = st.columns(2)
        new_title_en = t1.text_input(state.tr("editor.title_en"), key=f"new_title_en_{picked}", max_chars=200)
        new_title_zh = t2.text_input(state.tr("editor.title_zh"), key=f"new_title_zh_{picked}", max_chars=200)
        st.caption(state.tr("editor.value_hint"))
        if st.form_submit_button(state.tr("editor.add_kr"), icon=":material/add:"):
            taken = {kr.id for kr in current.key_results}
            number = len(current.key_results) + 1
            while f"{current.id}.{number}" in taken:
                number += 1
            kind = new_type or "to_value"
            target = (Target(kind, change=float(new_value)) if kind in CHANGE_TYPES
                      else Target(kind, value=float(new_value)))
            title_doc = {k: v for k, v in (("en", new_title_en.strip()), ("zh", new_title_zh.strip())) if v}
            added = KeyResult(id=f"{current.id}.{number}", title=title_doc or None, metric=new_metric, target=target)
            updated = Objective(
                id=current.id, title=current.title, owner=current.owner, team=current.team, period=current.period,
                description=current.description, key_results=[*current.key_results, added],
            )
            if _save([updated if o.id == current.id else o for o in objectives]):
                st.rerun()

st.page_link("app_pages/kr_detail.py", label=state.tr("editor.checkins_link"), icon=":material/edit_calendar:")

with st.expander(state.tr("editor.metric_card")):
    used = [kr.metric for kr in current.key_results] or list(CATALOG)[:3]
    for metric_id in dict.fromkeys(used):
        metric = CATALOG.get(metric_id)
        if metric:
            st.markdown(f"**{metric.label.get(lang)}** (`{metric.id}`, {metric.cls}): {metric.definition.get(lang)}")

if picked in ids:
    confirm = st.checkbox(state.tr("common.confirm_delete"), key=f"confirm_delete_{picked}")
    clicked = st.button(state.tr("editor.delete_objective"), disabled=not confirm, key=f"delete_{picked}")
    if clicked and _save([o for o in objectives if o.id != picked]):
        st.session_state.pop("editor_pick", None)
        st.rerun()

st.subheader(state.tr("editor.templates"))
template_ids = list(range(len(TEMPLATES)))
chosen_template = st.selectbox(
    state.tr("editor.templates"), template_ids, key="template_pick", label_visibility="collapsed",
    format_func=lambda i: f"{title_in(TEMPLATES[i], lang)} — "
    + "; ".join(title_in(kr, lang) for kr in TEMPLATES[i].key_results),
)
if st.button(state.tr("editor.use_template"), key="use_template", icon=":material/add:"):
    added = instantiate(TEMPLATES[chosen_template], period=selected_period(ws).label, existing=objectives)
    if _save([*objectives, added]):
        st.session_state["editor_pick"] = added.id
        st.rerun()

st.subheader(state.tr("editor.yaml"))
st.download_button(
    state.tr("editor.export"), data=dump_okrs(objectives).encode("utf-8"), file_name="okrs.yaml",
    mime="application/x-yaml", icon=":material/download:", key="export_yaml",
)
uploaded = st.file_uploader(state.tr("editor.import"), type=["yaml", "yml"], key="import_yaml")
if uploaded is not None and st.button(state.tr("editor.import"), key="do_import"):
    try:
        imported = load_okrs(uploaded.getvalue().decode("utf-8-sig", errors="replace"), source=uploaded.name)
    except OKRFileError as exc:
        state.show_error(exc)
    else:
        save_to_workspace(ws, imported)
        st.session_state["editor_flash"] = state.tr("editor.imported", n=len(imported))
        st.rerun()
