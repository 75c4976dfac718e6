"""Objectives: one card per objective with its score and status, each KR with baseline, current, target,
progress against the pace marker, status and forecast; filters by period, owner and team; SMART warnings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.okr import progress_bars
from i18n import fmt_percent
from i18n.okr_text import error_text, issue_text, kr_row, title_in
from okr.model import OKRFileError
from okr.okr_write import load_from_workspace
from okr.smart import scorecard_issues
from okr.track import track
from ui import state
from ui.okr_widgets import STATUS_BADGE, open_kr_detail
from ui.period import selected_as_of
from ui.text import chart_text, md

ws = state.workspace()
lang = state.lang()
st.title(state.tr("okr.title"))
st.caption(state.tr("okr.caption"))

try:
    objectives = load_from_workspace(ws)
except OKRFileError as exc:
    state.show_error(exc)
    st.stop()
if not objectives:
    st.info(state.tr("okr.none"), icon=":material/flag:")
    st.stop()

periods = sorted({str(o.period) for o in objectives if o.period is not None})
owners = sorted({o.owner for o in objectives if o.owner})
teams = sorted({o.team for o in objectives if o.team})
all_label = state.tr("okr.all")
f1, f2, f3 = st.columns(3)
period_filter = f1.selectbox(state.tr("okr.filter_period"), [all_label, *periods], key="okr_period")
owner_filter = f2.selectbox(state.tr("okr.filter_owner"), [all_label, *owners], key="okr_owner")
team_filter = f3.selectbox(state.tr("okr.filter_team"), [all_label, *teams], key="okr_team")
chosen = [
    o for o in objectives
    if (period_filter == all_label or str(o.period) == period_filter)
    and (owner_filter == all_label or o.owner == owner_filter)
    and (team_filter == all_label or o.team == team_filter)
]

for issue in scorecard_issues(chosen):
    st.warning(md(issue_text(issue, lang)), icon=":material/rule:")

with st.spinner(state.tr("common.computing")):
    statuses = track(ws, chosen, as_of=selected_as_of(ws))
st.caption(state.tr("okr.grade_zone"))

for obj in statuses:
    with st.container(border=True):
        head, score_col = st.columns([4, 1])
        head.subheader(md(f"{obj.objective.id} · {title_in(obj.objective, lang)}"))
        head.caption(state.tr(
            "okr.objective_meta", owner=md(obj.objective.owner or "—"), team=md(obj.objective.team or "—"),
            period=obj.period.label, as_of=obj.as_of.isoformat(), elapsed=fmt_percent(obj.elapsed, lang, decimals=0),
        ))
        score_col.metric(state.tr("okr.score"), fmt_percent(obj.score, lang, decimals=0))
        color, icon = STATUS_BADGE[obj.status]
        score_col.badge(state.tr(f"status.{obj.status}"), color=color, icon=icon)
        fig = progress_bars(
            labels=[chart_text(f"{kr.kr.id} {title_in(kr.kr, lang)}") for kr in obj.krs],
            scores=[kr.score for kr in obj.krs],
            expected=[kr.expected if kr.mode != "threshold" else None for kr in obj.krs],
            statuses=[kr.status for kr in obj.krs],
            texts=[f"{kr_row(kr, lang)['current']} / {kr_row(kr, lang)['target']}" for kr in obj.krs],
            pace_label=state.tr("okr.pace"),
        )
        st.plotly_chart(fig, width="stretch", key=f"bars_{obj.objective.id}")
        rows = [kr_row(kr, lang) for kr in obj.krs]
        table = pd.DataFrame({
            state.tr("okr.col.kr"): [f"{r['id']} {r['title']}" for r in rows],
            state.tr("okr.col.baseline"): [r["baseline"] for r in rows],
            state.tr("okr.col.current"): [r["current"] for r in rows],
            state.tr("okr.col.target"): [r["target"] for r in rows],
            state.tr("okr.col.progress"): [r["progress"] for r in rows],
            state.tr("okr.col.expected"): [r["expected"] for r in rows],
            state.tr("okr.col.status"): [state.tr(f"status.{r['status']}") for r in rows],
            state.tr("okr.col.forecast"): [r["forecast"] for r in rows],
            state.tr("okr.col.needed"): [r["needed"] for r in rows],
        })
        st.dataframe(table, hide_index=True, width="stretch")
        for kr in obj.krs:
            if kr.error:
                st.warning(state.tr("okr.data_missing", reason=md(error_text(kr, lang))), icon=":material/database:")
        warnings = list(obj.warnings) + [w for kr in obj.krs for w in kr.warnings]
        if warnings:
            with st.expander(state.tr("okr.smart_warnings", n=len(warnings))):
                for issue in warnings:
                    prefix = f"{issue.kr_id}: " if issue.kr_id else ""
                    st.markdown("- " + md(prefix + issue_text(issue, lang)))
        buttons = st.columns(min(len(obj.krs), 5) or 1)
        for i, kr in enumerate(obj.krs):
            if buttons[i % len(buttons)].button(
                f"{state.tr('okr.open_detail')} {md(kr.kr.id)}", key=f"detail_{obj.objective.id}_{kr.kr.id}",
                icon=":material/query_stats:",
            ):
                open_kr_detail(obj.objective.id, kr.kr.id)
