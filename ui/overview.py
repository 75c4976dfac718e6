"""The Overview page: the period's headline KPIs against the previous period to the same point, and won
revenue by month.  A figure the data does not reach reads "—" with the reason, never 0."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from charts import metric_trend
from i18n import fmt_delta, fmt_value
from i18n.messages import render
from metrics import CATALOG, MetricQuery, MetricUnavailable, compute, metric_value, requirements
from metrics.periods import Period, previous_to_same_point
from store import Workspace
from ui import state
from ui.access import is_editor
from ui.demo import demo_banner
from ui.explain_view import driver_line, safe_explain
from ui.period import selected_as_of, selected_period

DRIVER_TRIES = 2  # dimensions tried per tile: eight tiles must stay cheap (the KPI explorer tries five)
HEADLINE = ("won_revenue", "revenue", "new_customers", "win_rate", "csat", "first_response_hours",
            "resolution_rate", "churn_rate")


def render_overview(ws: Workspace) -> None:
    st.title(state.tr("app.title"))
    st.caption(state.tr("app.tagline"))
    demo_banner(ws)
    if ws.is_empty():
        _empty(ws)
        return
    period, as_of = selected_period(ws), selected_as_of(ws)
    st.subheader(state.tr("overview.headline", period=period.label, as_of=as_of.isoformat()))
    tiles = st.columns(4)
    for i, metric_id in enumerate(HEADLINE):
        with tiles[i % 4]:
            _tile(ws, metric_id, period, as_of)
    _won_revenue_chart(ws, as_of)


def _empty(ws: Workspace) -> None:
    st.info(state.tr("empty.workspace"), icon=":material/upload_file:")
    if is_editor() and st.button(state.tr("demo.load"), key="load_demo"):
        from ingest.demo import load_demo

        with st.spinner(state.tr("demo.load")):
            load_demo(ws)
        st.rerun()


def tile_queries(metric_id: str, period: Period, as_of) -> tuple[MetricQuery, MetricQuery, Period]:
    """A tile's two questions: the period to date, and the previous period to the same point (also asked
    ahead of the first visitor by ui/warm.py, so both must ask exactly this)."""
    prev, prev_end = previous_to_same_point(period, as_of)
    return (MetricQuery(metric_id, start=period.start, end=period.end, as_of=as_of),
            MetricQuery(metric_id, start=prev.start, end=prev_end, as_of=prev_end - timedelta(days=1)), prev)


def chart_query(as_of, fiscal_start: int) -> MetricQuery:
    return MetricQuery("won_revenue", grain="month", end=as_of, fiscal_start=fiscal_start)


def _tile(ws: Workspace, metric_id: str, period: Period, as_of) -> None:
    """One KPI: its value to date, the change against the previous period to the same point, and a line under
    it when the data does not cover the period (or covers it only in part)."""
    lang, metric = state.lang(), CATALOG[metric_id]
    missing = requirements(ws, metric_id, lang)
    if missing:
        st.metric(metric.label.get(lang), "—", help=missing[0])
        st.caption(missing[0])
        return
    now_query, before_query, prev = tile_queries(metric_id, period, as_of)
    current, before = metric_value(ws, now_query), metric_value(ws, before_query)
    delta = None
    if current.value is not None and before.value is not None:
        delta = fmt_delta(current.value - before.value, metric.unit, lang)
    st.metric(metric.label.get(lang), fmt_value(current.value, metric.unit, lang, compact=True), delta=delta,
              delta_color="normal" if metric.better == "higher" else "inverse",
              help=state.tr("overview.vs_previous", period=prev.label) + " · " + metric.definition.get(lang))
    note = current.coverage.note() if current.coverage else None
    if delta is not None:  # what moved it: the better of the first two dimensions, the top driver
        line = driver_line(safe_explain(ws, metric_id, period, as_of=as_of, tries=DRIVER_TRIES), top=1)
        if line:
            st.caption(":material/insights: " + line)
    if note is not None:
        st.caption(":material/info: " + render(note, lang))
    elif before.value is None and before.coverage is not None and before.coverage.note() is not None:
        st.caption(":material/info: " + state.tr("overview.no_previous", period=prev.label))


def _won_revenue_chart(ws: Workspace, as_of) -> None:
    lang = state.lang()
    st.subheader(state.tr("overview.won_revenue_by_month"))
    try:
        frame = compute(ws, chart_query(as_of, state.fiscal_start(ws)))
    except MetricUnavailable as exc:
        st.info(exc.message(lang), icon=":material/database:")
        return
    frame = frame.tail(24)
    if frame["value"].isna().all():
        st.info(state.tr("overview.no_won_revenue"), icon=":material/database:")
        return
    fig = metric_trend(data=frame, title=CATALOG["won_revenue"].label.get(lang), unit="currency", lang=lang,
                       kind="bar")
    st.plotly_chart(fig, width="stretch", key="overview_won_revenue")
