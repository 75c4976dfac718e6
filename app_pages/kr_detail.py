"""KR detail: the trend over this period and the previous ones with target, baseline, pace, forecast and
check-ins; the drill-down by a dimension; the same period last year; the data and SQL; check-ins."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.okr import drilldown_bars, kr_trend
from i18n import fmt_delta, fmt_percent, fmt_value
from i18n.okr_text import error_text, issue_text, kr_row, title_in
from metrics import CATALOG, MetricUnavailable, metric_value, sql_for_display
from metrics.dimensions import available_dimensions
from metrics.periods import custom_period
from metrics.query import MetricQuery
from okr.model import OKRFileError
from okr.okr_write import load_from_workspace
from okr.views import kr_drilldown, kr_series
from ui import state
from ui.access import is_editor
from ui.downloads import download_buttons
from ui.okr_widgets import STATUS_BADGE
from ui.period import selected_as_of
from ui.text import chart_frame, chart_text, md

ws = state.workspace()
lang = state.lang()
st.title(state.tr("kr.title"))

try:
    objectives = load_from_workspace(ws)
except OKRFileError as exc:
    state.show_error(exc)
    st.stop()
choices = [(o.id, kr.id) for o in objectives for kr in o.key_results]
if not choices:
    st.info(state.tr("okr.none"), icon=":material/flag:")
    st.stop()
by_id = {o.id: o for o in objectives}
wanted = st.session_state.get("kr_detail")
index = choices.index(tuple(wanted)) if wanted and tuple(wanted) in choices else 0
pick = st.selectbox(
    state.tr("kr.pick"), choices, index=index, key="kr_pick",
    format_func=lambda c: f"{c[1]} · {title_in(by_id[c[0]].kr(c[1]), lang)}  ({title_in(by_id[c[0]], lang)})",
)
st.session_state["kr_detail"] = pick
objective = by_id[pick[0]]
kr = objective.kr(pick[1])
metric = CATALOG.get(kr.metric)

grain = st.segmented_control(state.tr("kr.grain"), ["week", "month"], default="week", key="kr_grain",
                             format_func=state.labeler("grain.")) or "week"
with st.spinner(state.tr("common.computing")):
    series = kr_series(ws, kr, objective, grain=grain, as_of=selected_as_of(ws))
status = series.status
row = kr_row(status, lang)

color, icon = STATUS_BADGE[status.status]
st.badge(state.tr(f"status.{status.status}"), color=color, icon=icon)
cols = st.columns(5)
cols[0].metric(state.tr("okr.col.current"), row["current"])
cols[1].metric(state.tr("okr.col.target"), row["target"])
cols[2].metric(state.tr("okr.col.baseline"), row["baseline"])
cols[3].metric(state.tr("okr.col.progress"), row["progress"], help=state.tr("okr.col.expected") + ": " + row["expected"])
cols[4].metric(state.tr("okr.col.score"), row["score"])
if status.error:
    st.warning(state.tr("okr.data_missing", reason=md(error_text(status, lang))), icon=":material/database:")
else:
    method = state.tr(f"kr.method.{status.forecast_method}") if state.has(f"kr.method.{status.forecast_method}") \
        else status.forecast_method
    st.markdown(state.tr("kr.forecast_line", forecast=row["forecast"], method=method))
    if row["needed"]:
        st.markdown(state.tr("kr.needed_line", needed=row["needed"]))
for issue in status.warnings:
    st.caption(":material/rule: " + md(issue_text(issue, lang)))

if len(series.points):
    fig = kr_trend(
        points=series.points, pace=series.pace, unit=status.unit, lang=lang,
        title=f"{status.metric_label} · {status.period.label}",
        period_start=status.period.start, period_end=status.period.end,
        target=status.target_value, baseline=status.baseline if status.mode == "progress" else None,
        threshold=series.threshold, forecast=tuple(status.forecast), as_of=status.as_of,
        checkins=[(c.date, c.confidence, chart_text(c.comment) if c.comment else c.comment) for c in series.checkins],
        labels={k: state.tr(f"chart.{k}") for k in ("target", "baseline", "pace", "forecast")}
        | {"current": state.tr("chart.this_period"), "previous": state.tr("chart.previous")},
    )
    st.plotly_chart(fig, width="stretch", key="kr_trend")

left, right = st.columns(2)
with left:
    dims = available_dimensions(ws, kr.metric) if metric and not status.error else []
    dims = [d for d in dims if d not in (kr.filters or {})]
    if dims:
        by = st.selectbox(state.tr("kr.drill_by"), dims, key=f"drill_{kr.id}",
                          format_func=state.labeler("dim."))
        drill = kr_drilldown(ws, kr, objective, by, as_of=status.as_of)
        if len(drill):
            label = state.tr(f"dim.{by}") if state.has(f"dim.{by}") else by
            st.plotly_chart(
                drilldown_bars(frame=chart_frame(drill, "segment"), unit=status.unit, lang=lang,
                               title=state.tr("kr.drill_title", dim=chart_text(label))),
                width="stretch", key="kr_drill",
            )
    else:
        st.caption(state.tr("kr.no_drill"))
with right:
    if metric is not None and not status.error:
        days = status.period.to_date(status.as_of) - status.period.start
        last_year_start = status.period.start.replace(year=status.period.start.year - 1)
        try:
            last_year = metric_value(ws, MetricQuery(kr.metric, start=last_year_start, end=last_year_start + days, filters=kr.filters or None, as_of=last_year_start + days))
            same_window = custom_period(last_year_start, last_year_start + days, 1)
            st.metric(
                state.tr("kr.same_period_last_year") + f" ({same_window.start} – {same_window.last_day})",
                fmt_value(last_year.value, status.unit, lang),
                delta=fmt_delta(None if last_year.value is None else status.current - last_year.value,
                                status.unit, lang),
                delta_color="normal" if status.better == "higher" else "inverse",
            )
        except MetricUnavailable as exc:
            st.caption(md(exc.message(lang)))
        st.metric(state.tr("kr.previous_period"), fmt_value(status.previous_value, status.unit, lang))

with st.expander(state.tr("common.data_behind")):
    if len(series.points):
        st.dataframe(series.points, hide_index=True, width="stretch")
        download_buttons(series.points, f"kr_{kr.id}", key=f"kr_points_{kr.id}")
    if metric is not None and not status.error:
        try:
            result = metric_value(ws, MetricQuery(kr.metric, start=status.period.start, end=status.period.end, filters=kr.filters or None, as_of=status.as_of))
            st.code(sql_for_display(result.sql, result.params), language="sql")
        except MetricUnavailable as exc:
            st.caption(md(exc.message(lang)))

st.subheader(state.tr("kr.checkins"))
if series.checkins:
    st.dataframe(pd.DataFrame([{
        state.tr("kr.date"): c.date, state.tr("kr.confidence"): c.confidence, state.tr("kr.comment"): c.comment,
    } for c in series.checkins]), hide_index=True, width="stretch")
else:
    st.caption(state.tr("kr.no_checkins"))
if is_editor():
    with st.form(f"checkin_{kr.id}", clear_on_submit=True):
        st.markdown("**" + state.tr("kr.add_checkin") + "**")
        c1, c2 = st.columns([1, 1])
        day = c1.date_input(state.tr("kr.date"), value=status.as_of)
        confidence = c2.slider(state.tr("kr.confidence"), 1, 10, 7)
        comment = st.text_area(state.tr("kr.comment"), max_chars=2000)
        if st.form_submit_button(state.tr("common.save"), type="primary"):
            ws.add_checkin(kr_id=kr.id, objective_id=objective.id, checkin_date=day, confidence=int(confidence),
                           comment=comment.strip())
            st.success(state.tr("kr.saved_checkin"))
            st.rerun()
st.caption(fmt_percent(status.elapsed, lang, decimals=0) + " · " + status.period.label)
