"""Overview: the period's headline KPIs and won revenue by month (file -> DuckDB -> metric -> chart)."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from charts import metric_trend
from i18n import fmt_delta, fmt_value
from metrics import CATALOG, MetricUnavailable, compute, metric_value, requirements
from metrics.periods import previous
from metrics.query import MetricQuery
from ui import state
from ui.access import is_editor
from ui.demo import demo_banner
from ui.period import selected_as_of, selected_period

ws = state.workspace()
lang = state.lang()
st.title(state.tr("app.title"))
st.caption(state.tr("app.tagline"))

demo_banner(ws)
if ws.is_empty():
    st.info(state.tr("empty.workspace"), icon=":material/upload_file:")
    if is_editor() and st.button(state.tr("demo.load"), key="load_demo"):
        from ingest.demo import load_demo

        with st.spinner(state.tr("demo.load")):
            load_demo(ws)
        st.rerun()
    st.stop()

period = selected_period(ws)
as_of = selected_as_of(ws)
end = min(period.end, as_of + timedelta(days=1))
prev = previous(period)
prev_end = prev.start + (end - period.start)
st.subheader(state.tr("overview.headline", period=period.label, as_of=as_of.isoformat()))

HEADLINE = ("won_revenue", "revenue", "new_customers", "win_rate", "csat", "first_response_hours",
            "resolution_rate", "churn_rate")
tiles = st.columns(4)
for i, metric_id in enumerate(HEADLINE):
    metric = CATALOG[metric_id]
    box = tiles[i % 4]
    missing = requirements(ws, metric_id)
    if missing:
        box.metric(metric.label.get(lang), "—", help=missing[0])
        continue
    current = metric_value(ws, MetricQuery(metric_id, start=period.start, end=end)).value
    before = metric_value(ws, MetricQuery(metric_id, start=prev.start, end=prev_end)).value
    delta = None
    if current is not None and before is not None:
        delta = fmt_delta(current - before, metric.unit, lang)
    box.metric(
        metric.label.get(lang),
        fmt_value(current, metric.unit, lang, compact=True),
        delta=delta,
        delta_color="normal" if metric.better == "higher" else "inverse",
        help=state.tr("overview.vs_previous", period=prev.label) + " · " + metric.definition.get(lang),
    )

st.subheader(state.tr("overview.won_revenue_by_month"))
try:
    frame = compute(ws, MetricQuery("won_revenue", grain="month", end=as_of, fiscal_start=state.fiscal_start(ws)))
except MetricUnavailable as exc:
    state.show_error(exc)
else:
    frame = frame.tail(24)
    fig = metric_trend(
        data=frame, title=CATALOG["won_revenue"].label.get(lang), unit="currency", lang=lang, kind="bar"
    )
    st.plotly_chart(fig, width="stretch", key="overview_won_revenue")
