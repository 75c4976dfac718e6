"""The KPI explorer page: pick a catalog metric, grain, range and split; see the trend, the changes (the
running period against the previous one to the same point), the definition and the SQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from charts import metric_trend
from i18n import fmt_delta, fmt_value
from metrics import CATALOG, CLASSES, MetricQuery, MetricView, latest_data_date, metric_view
from metrics.explore import same_point_values, with_deltas
from metrics.periods import period_containing, previous_to_same_point
from store import Workspace
from ui import state
from ui.downloads import download_buttons
from ui.explain_view import dimension_choice, safe_explain, show_explanation
from ui.text import chart_frame

CLASS_ORDER = ["KPI", "KBI", "KCI"]


def render_kpi_explorer(ws: Workspace) -> None:
    lang = state.lang()
    st.title(state.tr("kpi.title"))
    st.caption(state.tr("kpi.guidance"))
    metric_id = _pick_metric()
    latest = latest_data_date(ws) or state.today()
    c1, c2, c3, c4, c5 = st.columns([1, 1, 1, 1.3, 1])
    grain = c1.selectbox(state.tr("kpi.grain"), ["week", "month", "quarter", "year"], index=1, key="kpi_grain",
                         format_func=state.labeler("grain."))
    first, last = default_range(latest)
    start = c2.date_input(state.tr("kpi.from"), value=first, key="kpi_from")
    end = c3.date_input(state.tr("kpi.to"), value=last, key="kpi_to")
    by_key = f"kpi_by_{metric_id}_{state.lang()}"  # per language: "No split" is drawn in the new one
    query = explorer_query(metric_id, grain, start, end, latest, st.session_state.get(by_key), state.fiscal_start(ws))
    view = metric_view(ws, query)
    if query.by and query.by not in view.dimensions:  # a split the data no longer has
        st.session_state.pop(by_key, None)
        st.rerun()
    c4.selectbox(state.tr("kpi.split"), [None, *view.dimensions], key=by_key,
                 format_func=state.labeler("dim.", none_key="kpi.no_split"))
    kind = c5.radio(state.tr("kpi.chart"), ["line", "bar"], horizontal=True, key="kpi_kind",
                    format_func=state.labeler("kpi.chart_"))
    if view.frame is None:
        st.warning(view.message(lang), icon=":material/database:")
    elif len(view.frame) and view.frame["value"].notna().any():
        _series(ws, view, kind)
        _why(ws, view.query)
    else:
        st.info(state.tr("kpi.no_periods"))
    _definition(view)


def explorer_query(metric_id: str, grain: str, start: date, end: date, latest: date, by: str | None,
                   fiscal_start: int) -> MetricQuery:
    """The chart's question (ui/warm.py asks the default one ahead of the first visitor: the same question)."""
    return MetricQuery(metric_id, grain=grain, start=start, end=end, as_of=min(end, latest), by=by,
                       fiscal_start=fiscal_start)


def default_range(latest: date) -> tuple[date, date]:
    return date(latest.year - 1, 1, 1), latest


def _pick_metric() -> str:
    lang = state.lang()

    def class_label(code: str) -> str:
        name = CLASSES[code][1 if lang == "zh" else 0].split(":")[0].split("：")[0]
        return name if code in name else f"{code} · {name}"

    chosen = st.segmented_control(state.tr("kpi.class"), CLASS_ORDER, default="KPI", key="kpi_class",
                                  format_func=class_label) or "KPI"
    st.caption(CLASSES[chosen][1 if lang == "zh" else 0])
    ids = [m.id for m in CATALOG.values() if m.cls == chosen]
    # Named in the reader's words (the id is for the CLI); keyed per language so a switch redraws the names,
    # and the metric chosen carries over.
    remembered = st.session_state.get(f"kpi_metric_chosen_{chosen}")
    metric = st.selectbox(state.tr("kpi.metric"), ids, index=ids.index(remembered) if remembered in ids else 0,
                          key=f"kpi_metric_{chosen}_{lang}", format_func=lambda i: CATALOG[i].label.get(lang))
    st.session_state[f"kpi_metric_chosen_{chosen}"] = metric
    return metric


def _series(ws: Workspace, view: MetricView, kind: str) -> None:
    lang, frame, metric = state.lang(), view.frame, CATALOG[view.query.metric]
    fig = metric_trend(data=chart_frame(frame, "segment"), title=metric.label.get(lang), unit=metric.unit,
                       lang=lang, kind=kind)
    st.plotly_chart(fig, width="stretch", key="kpi_chart")
    table = with_deltas(frame, view.query.grain, metric.unit, same_point_values(ws, view.query, frame))
    shown = pd.DataFrame({
        state.tr("kpi.period"): table["period"],
        **({state.tr("kpi.segment"): table["segment"]} if view.query.by else {}),
        state.tr("kpi.value"): [fmt_value(v, metric.unit, lang) for v in table["value"]],
        state.tr("kpi.coverage"): [_coverage_text(c, d) for c, d in zip(table["covered_days"], table["days"],
                                                                         strict=True)],
        state.tr("kpi.pop"): [fmt_delta(v, metric.unit, lang) for v in table["pop_change"]],
        state.tr("kpi.pop_pct"): [fmt_delta(v, "percent", lang, relative=True) for v in table["pop_pct"]],
        state.tr("kpi.yoy"): [fmt_delta(v, metric.unit, lang) for v in table["yoy_change"]],
        state.tr("kpi.yoy_pct"): [fmt_delta(v, "percent", lang, relative=True) for v in table["yoy_pct"]],
    })
    if table["pct_left_out"].any():
        st.caption(state.tr("kpi.tiny_base"))
    with st.expander(state.tr("common.data_behind"), expanded=False):
        st.dataframe(shown.iloc[::-1], hide_index=True, width="stretch")
        download_buttons(table, f"{metric.id}_{view.query.grain}", key=f"kpi_{metric.id}")


def _why(ws: Workspace, query: MetricQuery) -> None:
    """The latest period of the chart against the previous one to the same point, split by a dimension
    (by default the one that explains most)."""
    period = period_containing(query.as_of, query.grain, query.fiscal_start or 1)
    prev, _ = previous_to_same_point(period, query.as_of)
    with st.container(border=True):
        st.subheader(state.tr("explain.kpi_title", period=period.label, against=prev.label))
        by = dimension_choice(ws, query.metric, None, key=f"kpi_why_{query.metric}")
        exp = safe_explain(ws, query.metric, period, as_of=query.as_of, by=by)
        if exp is not None:
            show_explanation(exp, key=f"kpi_why_{query.metric}")


def _coverage_text(covered: int, days: int) -> str:
    if not days or covered == days:
        return ""
    return state.tr("coverage.none") if covered == 0 else state.tr("coverage.partial", covered=covered, days=days)


def _definition(view: MetricView) -> None:
    lang, metric = state.lang(), CATALOG[view.query.metric]
    with st.container(border=True):
        st.subheader(metric.label.get(lang))
        better = state.tr("kpi.better_" + metric.better)
        st.markdown(f"**{metric.cls}** · {state.tr('kpi.unit')}: {state.tr('unit.' + metric.unit)} · {better}")
        st.markdown(f"**{state.tr('kpi.definition')}** {metric.definition.get(lang)}")
        st.markdown(f"**{state.tr('kpi.formula')}** {metric.formula.get(lang)}")
        for alternative in metric.alternatives:
            st.caption(":material/tune: " + alternative.get(lang))
        for need in metric.needs:
            st.caption(":material/database: " + need.text.get(lang))
        if view.sql:
            with st.expander(state.tr("common.show_sql")):
                st.code(view.sql, language="sql")
