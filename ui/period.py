"""The sidebar's period, as-of date and fiscal-year start, kept in session state for every page."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from metrics import latest_data_date
from metrics.periods import Grain, Period, period_containing, previous
from store import Workspace
from ui import state

PICKER_GRAINS = (Grain.QUARTER, Grain.MONTH, Grain.YEAR)  # the sidebar's choices (weeks: KPI explorer)


def _data_end(ws: Workspace) -> date:
    latest = latest_data_date(ws)
    return latest or state.today()


MAX_AHEAD = 8  # periods after the data's last one offered (up to today's): a quarter the data does not reach yet


def period_options(ws: Workspace, grain: str, fiscal_start: int, count: int = 12) -> list[Period]:
    """The periods from today's back to the one holding the latest data (at most MAX_AHEAD of them, so a
    quarter the data does not reach can be looked at and says why it is empty), then ``count - 1`` before it."""
    data = period_containing(_data_end(ws), grain, fiscal_start)
    ahead = [period_containing(state.today(), grain, fiscal_start)]
    while ahead[-1].start > data.start and len(ahead) <= MAX_AHEAD:
        ahead.append(previous(ahead[-1]))
    options = [p for p in ahead if p.start > data.start][-MAX_AHEAD:] + [data]
    for _ in range(count - 1):
        options.append(previous(options[-1]))
    return options


def data_period_index(ws: Workspace, options: list[Period], grain: str, fiscal_start: int) -> int:
    """Where the period holding the latest data sits in ``options``: the default choice."""
    data = period_containing(_data_end(ws), grain, fiscal_start)
    return next((i for i, p in enumerate(options) if p.label == data.label), 0)


def period_picker(ws: Workspace) -> None:
    fiscal = state.fiscal_start(ws)
    months = list(range(1, 13))
    chosen_fiscal = st.selectbox(
        state.tr("sidebar.fiscal_start"),
        months,
        index=fiscal - 1,
        format_func=state.labeler("month."),
        key=f"fiscal_start_select_{state.lang()}",  # per language: a kept widget would keep the old month names
    )
    if chosen_fiscal != fiscal:
        ws.set_setting("fiscal_start_month", int(chosen_fiscal))
        st.session_state.pop("period_label", None)
        st.rerun()
    grain = st.segmented_control(
        state.tr("sidebar.period"),
        PICKER_GRAINS,
        default=st.session_state.get("period_grain", "quarter"),
        format_func=state.labeler("grain."),
        key=f"period_grain_select_{state.lang()}",
    ) or "quarter"
    st.session_state["period_grain"] = grain
    options = period_options(ws, grain, chosen_fiscal)
    labels = [p.label for p in options]
    current = st.session_state.get("period_label")
    index = labels.index(current) if current in labels else data_period_index(ws, options, grain, chosen_fiscal)
    label = st.selectbox(
        state.tr("sidebar.period"), labels, index=index, key="period_select", label_visibility="collapsed"
    )
    st.session_state["period_label"] = label
    period = options[labels.index(label)]
    as_of = st.date_input(state.tr("sidebar.as_of"), value=default_as_of(ws, period), key=f"as_of_{label}")
    st.session_state["period"] = period
    st.session_state["as_of"] = as_of


def selected_period(ws: Workspace) -> Period:
    period = st.session_state.get("period")
    if period is None:
        period = period_containing(_data_end(ws), "quarter", state.fiscal_start(ws))
    return period


def selected_as_of(ws: Workspace) -> date:
    as_of = st.session_state.get("as_of")
    if as_of is None:
        as_of = default_as_of(ws, selected_period(ws))
    return as_of


def default_as_of(ws: Workspace, period: Period) -> date:
    """The latest data day in the period; the period's last day once the data is past it; for a period the
    data does not reach yet, today (within the period), so its pages say why they are empty."""
    data_end, last = _data_end(ws), period.end - timedelta(days=1)
    if period.start <= data_end <= last:
        return data_end
    if data_end > last:
        return last
    return min(max(state.today(), period.start), last)
