"""The OKR editor page: pick or start an objective, edit it and its key results in one form, save with every
problem said in the user's words (what was typed stays), and start again on a blank objective after a save.
Templates and okrs.yaml import/export below."""

from __future__ import annotations

import streamlit as st

from i18n import t
from i18n.messages import render
from i18n.okr_text import title_in
from metrics import CATALOG
from okr.model import PERIOD_LABEL, TARGET_TYPES, Objective, OKRFileError
from okr.okr_read import load_okrs, objective_from_doc
from okr.okr_write import (
    dump_okrs,
    load_from_workspace,
    objective_to_doc,
    save_to_workspace,
)
from okr.templates import TEMPLATES, instantiate
from okr.validate import TargetRefused, check_trackable
from store import Workspace
from ui import state
from ui.access import require_editor
from ui.okr_form import kr_rows, objective_from_form
from ui.okr_widgets import checkin_editor
from ui.period import selected_period
from ui.target_offers import target_offers

NEW = "__new__"
FORM_VERSION = "editor_form_version"
NEXT_PICK = "editor_pick_next"  # the objective to show on the next run (the picker cannot be set once drawn)


def render_editor(ws: Workspace) -> None:
    st.title(state.tr("editor.title"))
    st.caption(state.tr("editor.caption"))
    require_editor()
    try:
        objectives = load_from_workspace(ws)
    except OKRFileError as exc:
        state.show_error(exc)
        objectives = []
    if "editor_flash" in st.session_state:
        st.success(st.session_state.pop("editor_flash"))
    for note in st.session_state.pop("editor_notes", []):  # advice on what was saved, kept across the rerun
        st.warning(note, icon=":material/rule:")
    current = _pick(ws, objectives)
    _objective_form(ws, objectives, current)
    saved = current.id in {o.id for o in objectives}
    if saved:
        _add_kr(ws, objectives, current)
        _delete_kr(ws, objectives, current)
        checkin_editor(ws, current)
    st.page_link("app_pages/kr_detail.py", label=state.tr("editor.checkins_link"), icon=":material/edit_calendar:")
    _metric_card(current)
    if saved:
        _delete(ws, objectives, current)
    _templates(ws, objectives)
    _yaml(ws, objectives)


def _pick(ws: Workspace, objectives: list[Objective]) -> Objective:
    lang = state.lang()  # captured: Streamlit may call format_func outside the run, without session state
    ids = [o.id for o in objectives]
    if NEXT_PICK in st.session_state:
        st.session_state["editor_pick"] = st.session_state.pop(NEXT_PICK)
    picked = st.selectbox(
        state.tr("editor.objective"), [*ids, NEW], key="editor_pick",
        format_func=lambda i: t("editor.new_objective", lang) if i == NEW
        else f"{i} · {title_in(objectives[ids.index(i)], lang)}")
    if picked in ids:
        return objectives[ids.index(picked)]
    taken, n = set(ids), len(objectives) + 1
    while f"O{n}" in taken:
        n += 1
    return Objective(id=f"O{n}", title={"en": "", "zh": ""}, period=selected_period(ws).label)


def _objective_form(ws: Workspace, objectives: list[Objective], current: Objective) -> None:
    version = st.session_state.get(FORM_VERSION, 0)
    title = current.title if isinstance(current.title, dict) else {"en": current.title, "zh": current.title}
    with st.form(f"objective_{current.id}_{version}"):
        c1, c2 = st.columns(2)
        values = {
            "id": c1.text_input(state.tr("editor.id"), current.id, max_chars=40),
            "period": c2.text_input(state.tr("editor.period"), str(current.period or selected_period(ws).label)),
            "title_en": c1.text_input(state.tr("editor.title_en"), title.get("en", ""), max_chars=200),
            "title_zh": c2.text_input(state.tr("editor.title_zh"), title.get("zh", ""), max_chars=200),
            "owner": c1.text_input(state.tr("editor.owner"), current.owner or "", max_chars=100),
            "team": c2.text_input(state.tr("editor.team"), current.team or "", max_chars=100),
            "description": st.text_area(state.tr("editor.description"), current.description or "", max_chars=2000),
        }
        st.markdown("**" + state.tr("editor.key_results") + "**")
        st.caption(state.tr("editor.value_hint"))
        edited = _kr_grid(current, version)
        if st.form_submit_button(state.tr("editor.save"), type="primary"):
            _save(ws, objectives, current, values, edited.to_dict(orient="records"))


GRID_HEADERS = {"id": "editor.id", "title_en": "editor.title_en", "title_zh": "editor.title_zh",
                "metric": "editor.metric", "target_type": "editor.target_type", "value": "editor.target_value",
                "baseline": "editor.baseline", "weight": "editor.weight", "filters": "editor.filters"}


def _kr_grid(current: Objective, version: int):
    """The key results as an editable grid headed in the user's words; returned with the form's column ids."""
    lang = state.lang()
    headers = {column: state.tr(key) for column, key in GRID_HEADERS.items()}
    config = {
        "id": st.column_config.TextColumn(width="small"),
        "metric": st.column_config.SelectboxColumn(
            options=list(CATALOG),
            format_func=lambda m, _lang=lang: CATALOG[m].label.get(_lang) if m in CATALOG else str(m)),
        "target_type": st.column_config.SelectboxColumn(
            options=[str(t) for t in TARGET_TYPES], format_func=state.labeler("target.")),
        "value": st.column_config.NumberColumn(format="plain"),
        "baseline": st.column_config.NumberColumn(format="plain"),
        "weight": st.column_config.NumberColumn(min_value=0.0, format="%.2g"),
    }
    edited = st.data_editor(
        kr_rows(current).rename(columns=headers), num_rows="dynamic", hide_index=True, width="stretch",
        key=f"krs_{current.id}_{version}", column_config={headers[c]: v for c, v in config.items()})
    return edited.rename(columns={label: column for column, label in headers.items()})


def _save(ws: Workspace, objectives: list[Objective], current: Objective, values: dict, rows: list[dict]) -> None:
    """Check the form, say every problem in the user's words, and store only a trackable objective."""
    result = objective_from_form(values, rows, CATALOG)
    if result.objective is not None and not PERIOD_LABEL.match(str(result.objective.period or "")):
        result.errors.append(("editor.error.period", {"period": result.objective.period}))
    notes = [_say(key, params) for key, params in result.warnings]
    for note in notes:
        st.warning(note, icon=":material/rule:")
    if result.errors:
        for key, params in result.errors:
            st.error(_say(key, params), icon=":material/error:")
        return  # the form keeps what was typed
    if result.objective.id != current.id and result.objective.id in {o.id for o in objectives}:
        st.error(state.tr("editor.error.id_taken", id=result.objective.id), icon=":material/error:")
        return
    if _store(ws, objectives, current.id, result.objective):
        st.session_state["editor_notes"] = notes
        _saved(state.tr("editor.saved_one", id=result.objective.id))


def _store(ws: Workspace, objectives: list[Objective], old_id: str, objective: Objective) -> bool:
    """Store ``objective`` in place of ``old_id`` when its targets can be tracked; else say why (False)."""
    try:
        checked = objective_from_doc(objective_to_doc(objective), source="editor")
        check_trackable(ws, [checked])
    except TargetRefused as exc:
        for message in exc.messages:
            st.error(render(message, state.lang()), icon=":material/error:")
        return False
    except OKRFileError as exc:  # what the form's own checks missed: the reader's sentence, without its source
        st.error(state.tr("editor.error.not_saved", reason=str(exc).removeprefix("editor: ")), icon=":material/error:")
        return False
    ids = [o.id for o in objectives]
    kept = [o for o in objectives if o.id != old_id]
    position = ids.index(old_id) if old_id in ids else len(kept)
    save_to_workspace(ws, kept[:position] + [checked] + kept[position:])
    return True


def _add_kr(ws: Workspace, objectives: list[Objective], current: Objective) -> None:
    """A quick form to add one key result to a saved objective."""
    lang = state.lang()
    target_offers(ws, current, fill={"metric": f"new_metric_{current.id}", "target_type": f"new_type_{current.id}",
                                     "value": f"new_value_{current.id}"})  # a click on an offer fills the form
    with st.form(f"add_kr_{current.id}", clear_on_submit=True):
        st.markdown("**" + state.tr("editor.add_kr") + "**")
        a1, a2, a3 = st.columns([2, 1.4, 1])
        row = {
            "metric": a1.selectbox(state.tr("editor.metric"), list(CATALOG), key=f"new_metric_{current.id}",
                                   format_func=lambda m: CATALOG[m].label.get(lang)),
            "target_type": a2.selectbox(state.tr("editor.target_type"), [str(t) for t in TARGET_TYPES],
                                        key=f"new_type_{current.id}", format_func=state.labeler("target.")),
            "value": a3.number_input(state.tr("editor.target_value"), value=None, format="%.4f",
                                     key=f"new_value_{current.id}"),
        }
        t1, t2 = st.columns(2)
        row["title_en"] = t1.text_input(state.tr("editor.title_en"), key=f"new_title_en_{current.id}", max_chars=200)
        row["title_zh"] = t2.text_input(state.tr("editor.title_zh"), key=f"new_title_zh_{current.id}", max_chars=200)
        st.caption(state.tr("editor.value_hint"))
        if not st.form_submit_button(state.tr("editor.add_kr"), icon=":material/add:"):
            return
    taken, number = {kr.id for kr in current.key_results}, len(current.key_results) + 1
    while f"{current.id}.{number}" in taken:
        number += 1
    rows = [*kr_rows(current).to_dict(orient="records"), {**row, "id": f"{current.id}.{number}"}]
    values = {"id": current.id, "title_en": title_in(current, "en"), "title_zh": title_in(current, "zh"),
              "owner": current.owner, "team": current.team, "period": current.period, "description": current.description}
    result = objective_from_form(values, rows, CATALOG)
    for key, params in result.errors:
        st.error(_say(key, params), icon=":material/error:")
    if result.objective is not None and _store(ws, objectives, current.id, result.objective):
        _saved(state.tr("editor.saved_one", id=current.id), pick=current.id)


def _say(key: str, params: dict) -> str:
    """A form problem in the user's language, the metric named by its label rather than its id."""
    metric = params.get("metric")
    if metric in CATALOG:
        params = {**params, "metric": CATALOG[metric].label.get(state.lang())}
    return state.tr(key, **params)


def _saved(flash: str, pick: str = NEW) -> None:
    """After a save the form starts again on a blank new objective (or on ``pick``), with fresh widgets."""
    st.session_state["editor_flash"] = flash
    st.session_state[NEXT_PICK] = pick
    st.session_state[FORM_VERSION] = st.session_state.get(FORM_VERSION, 0) + 1
    st.rerun()


def _delete_kr(ws: Workspace, objectives: list[Objective], current: Objective) -> None:
    """Delete one key result (and its check-ins); the last one cannot go: an objective needs one."""
    lang = state.lang()
    labels = {kr.id: f"{kr.id} · {title_in(kr, lang) or kr.metric}" for kr in current.key_results}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = c1.selectbox(state.tr("editor.kr_to_delete"), list(labels), key=f"delete_kr_pick_{current.id}",
                          format_func=lambda k: labels.get(k, k))
    if not c2.button(state.tr("editor.delete_kr"), key=f"delete_kr_{current.id}", icon=":material/delete:"):
        return
    if len(current.key_results) <= 1:
        st.error(state.tr("editor.error.last_kr", kr=chosen), icon=":material/error:")
        return
    kept = [kr for kr in current.key_results if kr.id != chosen]
    changed = Objective(id=current.id, title=current.title, owner=current.owner, team=current.team,
                        period=current.period, description=current.description, key_results=kept)
    save_to_workspace(ws, [changed if o.id == current.id else o for o in objectives])
    ws.delete_checkins_of(current.id, [chosen])
    _saved(state.tr("editor.kr_deleted", kr=chosen), pick=current.id)


def _metric_card(current: Objective) -> None:
    lang = state.lang()
    with st.expander(state.tr("editor.metric_card")):
        used = [kr.metric for kr in current.key_results] or list(CATALOG)[:3]
        for metric_id in dict.fromkeys(used):
            metric = CATALOG.get(metric_id)
            if metric:
                st.markdown(f"**{metric.label.get(lang)}** ({metric.cls}): {metric.definition.get(lang)}")


def _delete(ws: Workspace, objectives: list[Objective], current: Objective) -> None:
    confirm = st.checkbox(state.tr("common.confirm_delete"), key=f"confirm_delete_{current.id}")
    if st.button(state.tr("editor.delete_objective"), disabled=not confirm, key=f"delete_{current.id}"):
        save_to_workspace(ws, [o for o in objectives if o.id != current.id])
        ws.delete_checkins_of(current.id)
        _saved(state.tr("editor.deleted", id=current.id))


def _templates(ws: Workspace, objectives: list[Objective]) -> None:
    lang = state.lang()
    st.subheader(state.tr("editor.templates"))
    chosen = st.selectbox(
        state.tr("editor.templates"), list(range(len(TEMPLATES))), key="template_pick", label_visibility="collapsed",
        format_func=lambda i: f"{title_in(TEMPLATES[i], lang)} — "
        + "; ".join(title_in(kr, lang) for kr in TEMPLATES[i].key_results))
    if st.button(state.tr("editor.use_template"), key="use_template", icon=":material/add:"):
        added = instantiate(TEMPLATES[chosen], period=selected_period(ws).label, existing=objectives)
        save_to_workspace(ws, [*objectives, added])
        _saved(state.tr("editor.saved_one", id=added.id), pick=added.id)


def _yaml(ws: Workspace, objectives: list[Objective]) -> None:
    st.subheader(state.tr("editor.yaml"))
    st.download_button(state.tr("editor.export"), data=dump_okrs(objectives).encode("utf-8"), file_name="okrs.yaml",
                       mime="application/x-yaml", icon=":material/download:", key="export_yaml")
    uploaded = st.file_uploader(state.tr("editor.import"), type=["yaml", "yml"], key="import_yaml")
    if uploaded is None or not st.button(state.tr("editor.import"), key="do_import"):
        return
    try:
        imported = load_okrs(uploaded.getvalue().decode("utf-8-sig", errors="replace"), source=uploaded.name)
        check_trackable(ws, imported)
    except TargetRefused as exc:
        for message in exc.messages:
            st.error(render(message, state.lang()), icon=":material/error:")
        return
    except OKRFileError as exc:
        state.show_error(exc)
        return
    save_to_workspace(ws, imported)
    _saved(state.tr("editor.imported", n=len(imported)))
