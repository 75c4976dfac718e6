"""The KR detail page: the trend over this period and the previous ones with target, baseline, pace, forecast
and check-ins; the drill-down by a real dimension; the same period last year; the data and SQL; check-ins
(added, and removed when typed wrong)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from charts.kr_trend import kr_trend
from charts.okr import drilldown_bars
from charts.theme import ACCENT
from i18n import fmt_delta, fmt_percent, fmt_value
from i18n.okr_text import error_text, issue_text, kr_row, title_in
from metrics import CATALOG, MetricQuery, MetricUnavailable, metric_value
from metrics.dimensions import available_dimensions
from metrics.explore import _year_before
from okr.model import KeyResult, Objective
from okr.status import KRStatus
from okr.views import KRSeries, kr_drilldown, kr_series
from store import Workspace
from ui import state
from ui.access import is_editor
from ui.downloads import download_buttons
from ui.explain_view import kr_why
from ui.forecast_trust import forecast_trust
from ui.objectives import saved_objectives
from ui.okr_widgets import STATUS_BADGE
from ui.period import selected_as_of
from ui.text import chart_frame, chart_text, md


def render_kr_detail(ws: Workspace) -> None:
    st.title(state.tr("kr.title"))
    objectives = saved_objectives(ws)
    picked = _pick(objectives) if objectives else None
    if picked is None:
        if objectives:  # objectives without any key result yet
            st.info(state.tr("okr.none"), icon=":material/flag:")
        return
    objective, kr = picked
    grain = st.segmented_control(state.tr("kr.grain"), ["week", "month"], default="week", key="kr_grain",
                                 format_func=state.labeler("grain.")) or "week"
    with st.spinner(state.tr("common.computing")):
        series = kr_series(ws, kr, objective, grain=grain, as_of=selected_as_of(ws))
        trust = forecast_trust(ws, series)  # the forecast's record in past periods; sets its interval
    _header(series.status, trust)
    _trend(series)
    left, right = st.columns(2)
    with left:
        _drilldown(ws, objective, kr, series.status)
    with right:
        _comparisons(ws, kr, series.status)
    kr_why(ws, kr, series.status)
    _data(ws, kr, series)
    _checkins(ws, objective, kr, series)


def _pick(objectives: list[Objective]) -> tuple[Objective, KeyResult] | None:
    lang = state.lang()
    choices = [(o.id, kr.id) for o in objectives for kr in o.key_results]
    if not choices:
        return None
    by_id = {o.id: o for o in objectives}
    wanted = st.session_state.get("kr_detail")
    index = choices.index(tuple(wanted)) if wanted and tuple(wanted) in choices else 0
    pick = st.selectbox(state.tr("kr.pick"), choices, index=index, key="kr_pick",
                        format_func=lambda c: f"{c[1]} · {title_in(by_id[c[0]].kr(c[1]), lang)}  "
                                              f"({title_in(by_id[c[0]], lang)})")
    st.session_state["kr_detail"] = pick
    return by_id[pick[0]], by_id[pick[0]].kr(pick[1])


def _header(status: KRStatus, trust: list[str] = ()) -> None:
    lang = state.lang()
    row = kr_row(status, lang)
    color, icon = STATUS_BADGE[status.status]
    st.badge(state.tr(f"status.{status.status}"), color=color, icon=icon)
    cols = st.columns(5)
    cols[0].metric(state.tr("okr.col.current"), row["current"],
                   help=state.tr("okr.col.pace") + ": " + row["pace"] if row["pace"] else None)
    cols[1].metric(state.tr("okr.col.target"), row["target"])
    cols[2].metric(state.tr("okr.col.baseline"), row["baseline"])
    cols[3].metric(state.tr("okr.col.progress"), row["progress"],
                   help=f"{state.tr('okr.col.expected')}: {row['expected']} · {row['progress_raw']}")
    cols[4].metric(state.tr("okr.col.score"), row["score"])
    if status.error:
        st.warning(state.tr("okr.data_missing", reason=md(error_text(status, lang))), icon=":material/database:")
    else:
        method = state.tr(f"kr.method.{status.forecast_method}") if state.has(f"kr.method.{status.forecast_method}") \
            else status.forecast_method
        st.markdown(state.tr("kr.forecast_line", forecast=row["forecast"], method=method))
        for line in trust:
            st.caption(":material/history: " + line)
        if row["needed"]:
            st.markdown(state.tr("kr.needed_line", needed=row["needed"]))
    for issue in status.warnings:
        st.caption(":material/rule: " + md(issue_text(issue, lang)))


def _trend(series: KRSeries) -> None:
    status, lang = series.status, state.lang()
    if not len(series.points) or series.points["value"].isna().all():
        st.info(state.tr("kr.no_points", metric=status.metric_label.get(lang), period=status.period.label),
                icon=":material/database:")
        return
    labels = {k: state.tr(f"chart.{k}") for k in ("target", "baseline", "pace", "forecast")}
    labels |= {"current": state.tr("chart.this_period"), "previous": state.tr("chart.previous"),
               "limit": state.tr("chart.limit"), "checkin": state.tr("chart.checkin")}
    fig = kr_trend(series=series, lang=lang, compact=False, colour=ACCENT, labels=labels, font_size=14,
                   checkin_days=[c.date for c in series.checkins],
                   checkin_notes=[chart_text(c.comment) if c.comment else "" for c in series.checkins],
                   title=chart_text(f"{status.metric_label.get(lang)} · {status.period.label}"))
    st.plotly_chart(fig, width="stretch", key="kr_trend")


def _drilldown(ws: Workspace, objective: Objective, kr: KeyResult, status: KRStatus) -> None:
    lang = state.lang()
    dims = available_dimensions(ws, kr.metric) if kr.metric in CATALOG and not status.error else []
    dims = [d for d in dims if d not in (kr.filters or {})]
    if not dims:
        st.caption(state.tr("kr.no_drill"))
        return
    by = st.selectbox(state.tr("kr.drill_by"), dims, key=f"drill_{kr.id}", format_func=state.labeler("dim."))
    drill = kr_drilldown(ws, kr, objective, by, as_of=status.as_of)
    if not len(drill) or drill["current"].isna().all():
        st.caption(state.tr("kr.drill_empty", dim=md(by)))
        return
    label = state.tr(f"dim.{by}") if state.has(f"dim.{by}") else by
    st.plotly_chart(drilldown_bars(frame=chart_frame(drill, "segment"), unit=status.unit, lang=lang,
                                   title=state.tr("kr.drill_title", dim=chart_text(label))),
                    width="stretch", key="kr_drill")


def _comparisons(ws: Workspace, kr: KeyResult, status: KRStatus) -> None:
    lang = state.lang()
    if kr.metric in CATALOG and not status.error:
        days = status.period.to_date(status.as_of) - status.period.start
        start = _year_before(status.period.start, "month")
        try:
            last_year = metric_value(ws, MetricQuery(kr.metric, start=start, end=start + days,
                                                     filters=kr.filters or None, as_of=start + days))
        except MetricUnavailable as exc:
            st.caption(md(exc.message(lang)))
        else:
            label = state.tr("kr.same_period_last_year") + f" ({start} – {start + days - date.resolution})"
            change = None if last_year.value is None else status.current - last_year.value
            st.metric(label, fmt_value(last_year.value, status.unit, lang), delta=fmt_delta(change, status.unit, lang),
                      delta_color="normal" if status.better == "higher" else "inverse")
    st.metric(state.tr("kr.previous_period"), fmt_value(status.previous_value, status.unit, lang))


def _data(ws: Workspace, kr: KeyResult, series: KRSeries) -> None:
    status = series.status
    with st.expander(state.tr("common.data_behind")):
        if len(series.points):
            shown = _points_table(series.points)
            st.dataframe(shown, hide_index=True, width="stretch")
            download_buttons(shown, f"kr_{kr.id}", key=f"kr_points_{kr.id}")
        if kr.metric in CATALOG and not status.error:
            from metrics import sql_for_display

            result = metric_value(ws, MetricQuery(kr.metric, start=status.period.start, end=status.period.end,
                                                  filters=kr.filters or None, as_of=status.as_of))
            st.code(sql_for_display(result.sql, result.params), language="sql")
    st.caption(fmt_percent(status.elapsed, state.lang(), decimals=0) + " · " + status.period.label)


def _checkins(ws: Workspace, objective: Objective, kr: KeyResult, series: KRSeries) -> None:
    st.subheader(state.tr("kr.checkins"))
    if series.checkins:
        st.dataframe(pd.DataFrame([{state.tr("kr.date"): c.date, state.tr("kr.confidence"): c.confidence,
                                    state.tr("kr.comment"): c.comment} for c in series.checkins]),
                     hide_index=True, width="stretch")
    else:
        st.caption(state.tr("kr.no_checkins"))
    if not is_editor():
        return
    if series.checkins:
        with st.expander(state.tr("kr.remove_checkin")):
            labels = {c.id: f"{c.date} · {c.confidence or '—'} · {c.comment[:60]}" for c in series.checkins}
            chosen = st.selectbox(state.tr("kr.checkin"), list(labels), format_func=labels.get, key=f"rm_{kr.id}")
            if st.button(state.tr("kr.remove"), key=f"rm_button_{kr.id}", icon=":material/delete:"):
                ws.delete_checkin(int(chosen))
                st.rerun()
    with st.form(f"checkin_{kr.id}", clear_on_submit=True):
        st.markdown("**" + state.tr("kr.add_checkin") + "**")
        c1, c2 = st.columns([1, 1])
        day = c1.date_input(state.tr("kr.date"), value=series.status.as_of)
        confidence = c2.slider(state.tr("kr.confidence"), 1, 10, 7)
        comment = st.text_area(state.tr("kr.comment"), max_chars=2000)
        if st.form_submit_button(state.tr("common.save"), type="primary"):
            ws.add_checkin(kr_id=kr.id, objective_id=objective.id, checkin_date=day, confidence=int(confidence),
                           comment=comment.strip())
            st.success(state.tr("kr.saved_checkin"))
            st.rerun()


def _points_table(points: pd.DataFrame) -> pd.DataFrame:
    """The chart's points under headers in the reader's language; a bucket's last day, not its exclusive end."""
    return pd.DataFrame({
        state.tr("kr.points.period"): points["period_label"],
        state.tr("kr.points.bucket"): points["bucket"],
        state.tr("kr.points.from"): points["bucket_start"],
        state.tr("kr.points.to"): [end - timedelta(days=1) for end in points["bucket_end"]],
        state.tr("kr.points.value"): points["value"],
        state.tr("kr.points.to_date"): points["to_date"],
    })
