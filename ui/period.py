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


def period_options(ws: Workspace, grain: str, fiscal_start: int, count: int = 12) -> list[Period]:
    """The period holding the latest data, then the ones before it."""
    current = period_containing(_data_end(ws), grain, fiscal_start)
    options = [current]
    for _ in range(count - 1):
        options.append(previous(options[-1]))
    return options


def period_picker(ws: Workspace) -> None:
    fiscal = state.fiscal_start(ws)
    months = list(range(1, 13))
    chosen_fiscal = st.selectbox(
        state.tr("sidebar.fiscal_start"),
        months,
        index=fiscal - 1,
        format_func=state.labeler("month."),
        key="fiscal_start_select",
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
        key="period_grain_select",
    ) or "quarter"
    st.session_state["period_grain"] = grain
    options = period_options(ws, grain, chosen_fiscal)
    labels = [p.label for p in options]
    current = st.session_state.get("period_label")
    index = labels.index(current) if current in labels else 0
    label = st.selectbox(
        state.tr("sidebar.period"), labels, index=index, key="period_select", label_visibility="collapsed"
    )
    st.session_state["period_label"] = label
    period = options[labels.index(label)]
    default_as_of = min(_data_end(ws), period.end - timedelta(days=1))
    as_of = st.date_input(state.tr("sidebar.as_of"), value=default_as_of, key=f"as_of_{label}")
    st.session_state["period"] = period
    st.session_state["as_of"] = as_of


def selected_period(ws: Workspace) -> Period:
    period = st.session_state.get("period")
    if period is None:
        period = period_options(ws, "quarter", state.fiscal_start(ws), count=1)[0]
    return period


def selected_as_of(ws: Workspace) -> date:
    as_of = st.session_state.get("as_of")
    if as_of is None:
        period = selected_period(ws)
        as_of = min(_data_end(ws), period.end - timedelta(days=1))
    return as_of
