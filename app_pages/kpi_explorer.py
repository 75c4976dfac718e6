"""KPI explorer: pick a catalog metric, grain, range and split; see the trend, deltas, definition and SQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from charts import metric_trend
from i18n import fmt_delta, fmt_value
from metrics import (
    CATALOG,
    CLASSES,
    MetricQuery,
    MetricUnavailable,
    compute,
    latest_data_date,
    requirements,
    sql_for_display,
)
from metrics.dimensions import available_dimensions
from metrics.explore import with_deltas
from ui import state
from ui.downloads import download_buttons
from ui.text import chart_frame

ws = state.workspace()
lang = state.lang()
st.title(state.tr("kpi.title"))
st.caption(state.tr("kpi.guidance"))

classes = ["KPI", "KBI", "KCI"]


def _class_label(code: str, _lang: str = lang) -> str:
    name = CLASSES[code][1 if _lang == "zh" else 0].split(":")[0].split("：")[0]
    return name if code in name else f"{code} · {name}"


chosen_class = st.segmented_control(
    state.tr("kpi.class"), classes, default="KPI", key="kpi_class", format_func=_class_label
) or "KPI"
st.caption(CLASSES[chosen_class][1 if lang == "zh" else 0])
ids = [m.id for m in CATALOG.values() if m.cls == chosen_class]
metric_id = st.selectbox(
    state.tr("kpi.metric"), ids, key=f"kpi_metric_{chosen_class}",
    format_func=lambda i: f"{CATALOG[i].label.get(lang)}  ·  {i}",
)
metric = CATALOG[metric_id]

missing = requirements(ws, metric_id, lang)
latest = latest_data_date(ws) or state.today()
c1, c2, c3, c4, c5 = st.columns([1, 1, 1, 1.3, 1])
grain = c1.selectbox(
    state.tr("kpi.grain"), ["week", "month", "quarter", "year"], index=1, key="kpi_grain",
    format_func=state.labeler("grain."),
)
start = c2.date_input(state.tr("kpi.from"), value=date(latest.year - 1, 1, 1), key="kpi_from")
end = c3.date_input(state.tr("kpi.to"), value=latest, key="kpi_to")
dimensions = [] if missing else available_dimensions(ws, metric_id)
by = c4.selectbox(
    state.tr("kpi.split"), [None, *dimensions], key=f"kpi_by_{metric_id}",
    format_func=state.labeler("dim.", none_key="kpi.no_split"),
)
kind = c5.radio(state.tr("kpi.chart"), ["line", "bar"], horizontal=True, key="kpi_kind",
                format_func=state.labeler("kpi.chart_"))

frame = None
if missing:
    st.warning(missing[0], icon=":material/database:")
else:
    try:
        frame = compute(ws, MetricQuery(metric_id, grain=grain, start=start, end=end, as_of=min(end, latest), by=by, fiscal_start=state.fiscal_start(ws)))
    except MetricUnavailable as exc:
        state.show_error(exc.message(lang))

if frame is not None and len(frame):
    fig = metric_trend(data=chart_frame(frame, "segment"), title=metric.label.get(lang), unit=metric.unit, lang=lang, kind=kind)
    st.plotly_chart(fig, width="stretch", key="kpi_chart")
    table = with_deltas(frame, grain)
    shown = pd.DataFrame({
        state.tr("kpi.period"): table["period"],
        **({state.tr("kpi.segment"): table["segment"]} if by else {}),
        state.tr("kpi.value"): [fmt_value(v, metric.unit, lang) for v in table["value"]],
        state.tr("kpi.pop"): [fmt_delta(v, metric.unit, lang) for v in table["pop_change"]],
        state.tr("kpi.pop_pct"): [fmt_delta(v, "percent", lang, relative=True) for v in table["pop_pct"]],
        state.tr("kpi.yoy"): [fmt_delta(v, metric.unit, lang) for v in table["yoy_change"]],
        state.tr("kpi.yoy_pct"): [fmt_delta(v, "percent", lang, relative=True) for v in table["yoy_pct"]],
    })
    with st.expander(state.tr("common.data_behind"), expanded=False):
        st.dataframe(shown.iloc[::-1], hide_index=True, width="stretch")
        download_buttons(table, f"{metric_id}_{grain}", key=f"kpi_{metric_id}")
elif frame is not None:
    st.info(state.tr("kpi.no_periods"))

with st.container(border=True):
    st.subheader(metric.label.get(lang))
    better = state.tr("kpi.better_" + metric.better)
    st.markdown(
        f"**{metric.cls}** · {state.tr('kpi.unit')}: {state.tr('unit.' + metric.unit)} · {better} · `{metric.id}`"
    )
    st.markdown(f"**{state.tr('kpi.definition')}** {metric.definition.get(lang)}")
    st.markdown(f"**{state.tr('kpi.formula')}** {metric.formula.get(lang)}")
    for alternative in metric.alternatives:
        st.caption(":material/tune: " + alternative.get(lang))
    for need in metric.needs:
        st.caption(":material/database: " + need.text.get(lang))
    if frame is not None and frame.attrs.get("sql"):
        with st.expander(state.tr("common.show_sql")):
            st.code(sql_for_display(frame.attrs["sql"], frame.attrs.get("params", {})), language="sql")
