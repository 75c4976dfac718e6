"""The Objectives page: one card per objective with its score and status (met or missed once the period has
ended), each key result with baseline, current, target, progress against the pace marker, forecast and what
is still needed; filters by period, owner and team; SMART warnings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.okr import progress_bars
from i18n import fmt_percent
from i18n.okr_text import error_text, issue_text, kr_row, title_in
from okr.model import Objective, OKRFileError
from okr.okr_write import load_from_workspace
from okr.smart import scorecard_issues
from okr.status import ObjectiveStatus
from okr.track import track
from store import Workspace
from ui import state
from ui.okr_widgets import STATUS_BADGE, open_kr_detail
from ui.period import selected_as_of
from ui.text import chart_text, md


def saved_objectives(ws: Workspace) -> list[Objective]:
    """The workspace's objectives; when there are none (or they cannot be read) the page says so and gets []."""
    try:
        objectives = load_from_workspace(ws)
    except OKRFileError as exc:
        state.show_error(exc)
        return []
    if not objectives:
        st.info(state.tr("okr.none"), icon=":material/flag:")
    return objectives


def render_objectives(ws: Workspace) -> None:
    lang = state.lang()
    st.title(state.tr("okr.title"))
    st.caption(state.tr("okr.caption"))
    objectives = saved_objectives(ws)
    if not objectives:
        return
    chosen = _filtered(objectives)
    for issue in scorecard_issues(chosen):
        st.warning(md(issue_text(issue, lang)), icon=":material/rule:")
    requested = selected_as_of(ws)
    with st.spinner(state.tr("common.computing")):
        statuses = track(ws, chosen, as_of=requested)
    st.caption(state.tr("okr.grade_zone"))
    for obj in statuses:
        with st.container(border=True):
            _card(obj, requested)


def _filtered(objectives: list[Objective]) -> list[Objective]:
    all_label = state.tr("okr.all")
    f1, f2, f3 = st.columns(3)
    period = f1.selectbox(state.tr("okr.filter_period"),
                          [all_label, *sorted({str(o.period) for o in objectives if o.period is not None})],
                          key="okr_period")
    owner = f2.selectbox(state.tr("okr.filter_owner"), [all_label, *sorted({o.owner for o in objectives if o.owner})],
                         key="okr_owner")
    team = f3.selectbox(state.tr("okr.filter_team"), [all_label, *sorted({o.team for o in objectives if o.team})],
                        key="okr_team")
    return [o for o in objectives if period in (all_label, str(o.period)) and owner in (all_label, o.owner)
            and team in (all_label, o.team)]


def _card(obj: ObjectiveStatus, requested) -> None:
    lang = state.lang()
    head, score_col = st.columns([4, 1])
    head.subheader(md(f"{obj.objective.id} · {title_in(obj.objective, lang)}"))
    head.caption(state.tr(
        "okr.objective_meta", owner=md(obj.objective.owner or "—"), team=md(obj.objective.team or "—"),
        period=obj.period.label, as_of=obj.as_of.isoformat(), elapsed=fmt_percent(obj.elapsed, lang, decimals=0)))
    score_col.metric(state.tr("okr.score"), fmt_percent(obj.score, lang, decimals=0))
    color, icon = STATUS_BADGE[obj.status]
    score_col.badge(state.tr(f"status.{obj.status}"), color=color, icon=icon)
    rows = [kr_row(kr, lang) for kr in obj.krs]
    st.plotly_chart(progress_bars(
        labels=[chart_text(f"{kr.kr.id} {title_in(kr.kr, lang)}") for kr in obj.krs],
        scores=[kr.score for kr in obj.krs],
        expected=[kr.expected if kr.mode != "threshold" and not kr.period_over else None for kr in obj.krs],
        statuses=[kr.status for kr in obj.krs],
        texts=[f"{r['current']} / {r['target']}" for r in rows],
        hover=[chart_text(state.tr("okr.bar_hover", kr=f"{r['id']} {r['title']}", progress=r["progress_raw"],
                                   status=state.tr(f"status.{r['status']}"))) for r in rows],
        pace_label=state.tr("okr.pace")), width="stretch", key=f"bars_{obj.objective.id}")
    _table(rows)
    for kr in obj.krs:
        if not kr.error and kr.as_of < min(requested, obj.period.last_day):  # its data ends before that day
            st.caption(state.tr("okr.measured_to", kr=md(kr.kr.id), date=kr.as_of.isoformat()))
        if kr.error:
            st.warning(state.tr("okr.data_missing", reason=md(error_text(kr, lang))), icon=":material/database:")
    warnings = list(obj.warnings) + [w for kr in obj.krs for w in kr.warnings]
    if warnings:
        with st.expander(state.tr("okr.smart_warnings", n=len(warnings))):
            for issue in warnings:
                st.markdown("- " + md((f"{issue.kr_id}: " if issue.kr_id else "") + issue_text(issue, lang)))
    buttons = st.columns(min(len(obj.krs), 5) or 1)
    for i, kr in enumerate(obj.krs):
        if buttons[i % len(buttons)].button(f"{state.tr('okr.open_detail')} {md(kr.kr.id)}",
                                            key=f"detail_{obj.objective.id}_{kr.kr.id}", icon=":material/query_stats:"):
            open_kr_detail(obj.objective.id, kr.kr.id)


def _table(rows: list[dict]) -> None:
    columns = {"kr": "okr.col.kr", "baseline": "okr.col.baseline", "current": "okr.col.current",
               "pace": "okr.col.pace", "target": "okr.col.target", "progress": "okr.col.progress",
               "expected": "okr.col.expected", "status": "okr.col.status", "forecast": "okr.col.forecast",
               "needed": "okr.col.needed"}
    frame = pd.DataFrame({
        "kr": [f"{r['id']} {r['title']}" for r in rows],
        **{k: [r[k] for r in rows] for k in ("baseline", "current", "pace", "target", "progress", "expected")},
        "status": [state.tr(f"status.{r['status']}") for r in rows],
        "forecast": [r["forecast"] for r in rows],
        "needed": [r["needed"] for r in rows],
    })
    if not any(r["pace"] for r in rows):
        frame = frame.drop(columns=["pace"])
    config = {k: st.column_config.TextColumn(state.tr(v), width="large" if k in ("kr", "needed") else None)
              for k, v in columns.items() if k in frame}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
