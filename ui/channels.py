"""The Channels page: lead cohorts by channel and month, with revenue at T+0..T+3 and ROI, as a heatmap and a
table; when no revenue reaches the cohorts, which link is missing."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from charts.heatmap import cohort_heatmap
from i18n import fmt_value
from i18n.messages import render
from metrics import latest_data_date, requirements
from metrics.channels import HORIZONS, channel_cohorts, channel_summary, revenue_links
from store import Workspace
from ui import state
from ui.downloads import download_buttons
from ui.text import chart_frame

UNITS = {"leads": "count", "conversion": "percent", "spend": "currency", "cost_per_lead": "currency",
         **{f"revenue_t{k}": "currency" for k in HORIZONS}, **{f"roi_t{k}": "number" for k in HORIZONS}}


def render_channels(ws: Workspace) -> None:
    lang = state.lang()
    st.title(state.tr("channels.title"))
    st.caption(state.tr("channels.caption"))
    missing = requirements(ws, "new_leads", lang)
    if missing:
        st.warning(missing[0], icon=":material/database:")
        return
    latest = latest_data_date(ws) or state.today()
    c1, c2, c3, c4 = st.columns(4)
    start = c1.date_input(state.tr("kpi.from"), value=date(latest.year - 1, latest.month, 1), key="ch_from")
    end = c2.date_input(state.tr("kpi.to"), value=latest, key="ch_to")
    horizon = c3.selectbox(state.tr("channels.horizon"), HORIZONS, index=2, format_func=lambda k: f"T+{k}",
                           key="ch_k")
    measure = c4.radio(state.tr("channels.measure"), ["revenue", "roi"], horizontal=True, key="ch_measure",
                       format_func=state.labeler("channels."))
    cohorts = channel_cohorts(ws, start=start, end=end, as_of=min(end, latest))
    if cohorts.empty:
        st.info(state.tr("kpi.no_periods"))
        return
    _heatmap(ws, cohorts, measure, horizon)
    st.subheader(state.tr("channels.summary"))
    st.dataframe(_formatted(channel_summary(cohorts)), hide_index=True, width="stretch")
    st.subheader(state.tr("channels.table"))
    st.dataframe(_formatted(cohorts.drop(columns=[c for c in cohorts if c.startswith("mature")])), hide_index=True,
                 width="stretch", height=360)
    download_buttons(cohorts, "channel_cohorts", key="channels")


def _heatmap(ws: Workspace, cohorts: pd.DataFrame, measure: str, horizon: int) -> None:
    lang = state.lang()
    column = f"{measure}_t{horizon}"
    if column not in cohorts:
        needs = requirements(ws, f"channel_{'roi' if measure == 'roi' else 'revenue'}_t{horizon}", lang)
        st.warning(needs[0] if needs else state.tr("kpi.no_periods"), icon=":material/database:")
        _missing_links(ws)
        return
    if not (cohorts[f"revenue_t{horizon}"].fillna(0) > 0).any() and _missing_links(ws):
        return  # a heatmap of zeros would say "no revenue" where the truth is "no link to revenue"
    unit = "number" if measure == "roi" else "currency"
    title = state.tr("channels.heatmap_title", measure=state.tr(f"channels.{measure}"), k=horizon)
    fig = cohort_heatmap(cohorts=chart_frame(cohorts, "channel"), value_column=column, title=title, unit=unit,
                         lang=lang, mature_column=f"mature_t{horizon}")
    st.plotly_chart(fig, width="stretch", key="channels_heatmap")
    st.caption(state.tr("channels.immature"))


def _missing_links(ws: Workspace) -> bool:
    """Say which link between lead cohorts and revenue is missing; False when every link holds."""
    links = revenue_links(ws)
    if links:
        st.warning(state.tr("channels.no_revenue") + " " + " ".join(render(m, state.lang()) for m in links),
                   icon=":material/link_off:")
    return bool(links)


def _formatted(frame: pd.DataFrame) -> pd.DataFrame:
    lang = state.lang()
    out = pd.DataFrame()
    for col in frame.columns:
        if col in ("channel", "month"):
            out[state.tr(f"channels.col.{col}")] = frame[col]
        elif col in UNITS:
            out[state.tr(f"channels.col.{col}")] = [fmt_value(v, UNITS[col], lang) for v in frame[col]]
    return out
