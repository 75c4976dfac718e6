"""Channels: lead cohorts by channel and month, with revenue at T+0..T+3 and ROI, as a heatmap and a table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from charts.heatmap import cohort_heatmap
from i18n import fmt_value
from metrics import latest_data_date, requirements
from metrics.channels import HORIZONS, channel_cohorts, channel_summary
from ui import state
from ui.downloads import download_buttons
from ui.text import chart_frame

ws = state.workspace()
lang = state.lang()
st.title(state.tr("channels.title"))
st.caption(state.tr("channels.caption"))

missing = requirements(ws, "new_leads", lang)
if missing:
    st.warning(missing[0], icon=":material/database:")
    st.stop()

latest = latest_data_date(ws) or state.today()
c1, c2, c3, c4 = st.columns(4)
start = c1.date_input(state.tr("kpi.from"), value=date(latest.year - 1, latest.month, 1), key="ch_from")
end = c2.date_input(state.tr("kpi.to"), value=latest, key="ch_to")
horizon = c3.selectbox(state.tr("channels.horizon"), HORIZONS, index=2, format_func=lambda k: f"T+{k}", key="ch_k")
measure = c4.radio(state.tr("channels.measure"), ["revenue", "roi"], horizontal=True, key="ch_measure",
                   format_func=state.labeler("channels."))

cohorts = channel_cohorts(ws, start=start, end=end, as_of=min(end, latest))
if cohorts.empty:
    st.info(state.tr("kpi.no_periods"))
    st.stop()

column = f"{measure}_t{horizon}"
if column not in cohorts:
    needs = requirements(ws, f"channel_{'roi' if measure == 'roi' else 'revenue'}_t{horizon}", lang)
    st.warning(needs[0] if needs else state.tr("kpi.no_periods"), icon=":material/database:")
else:
    unit = "number" if measure == "roi" else "currency"
    title = state.tr("channels.heatmap_title", measure=state.tr(f"channels.{measure}"), k=horizon)
    fig = cohort_heatmap(cohorts=chart_frame(cohorts, "channel"), value_column=column, title=title, unit=unit, lang=lang,
                         mature_column=f"mature_t{horizon}")
    st.plotly_chart(fig, width="stretch", key="channels_heatmap")
    st.caption(state.tr("channels.immature"))

st.subheader(state.tr("channels.summary"))
summary = channel_summary(cohorts)


def _formatted(frame: pd.DataFrame) -> pd.DataFrame:
    units = {"leads": "count", "conversion": "percent", "spend": "currency", "cost_per_lead": "currency"}
    units.update({f"revenue_t{k}": "currency" for k in HORIZONS})
    units.update({f"roi_t{k}": "number" for k in HORIZONS})
    out = pd.DataFrame()
    for col in frame.columns:
        if col in ("channel", "month"):
            out[state.tr(f"channels.col.{col}")] = frame[col]
        elif col in units:
            out[state.tr(f"channels.col.{col}")] = [fmt_value(v, units[col], lang) for v in frame[col]]
    return out


st.dataframe(_formatted(summary), hide_index=True, width="stretch")
st.subheader(state.tr("channels.table"))
st.dataframe(_formatted(cohorts.drop(columns=[c for c in cohorts if c.startswith("mature")])), hide_index=True,
             width="stretch", height=360)
download_buttons(cohorts, "channel_cohorts", key="channels")
