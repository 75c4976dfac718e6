"""Suggested targets in the OKR editor: for a metric over the objective's period, the likely, stretch and moonshot
targets from the metric's own history (okr/suggest.py), each "reached in k of n past quarters"; one click fills
the key result form's metric, target type and value (the form's widget keys are given by the editor)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from i18n import fmt_value
from i18n.suggest_text import history_rows, offer_rows, step_word, why_none
from metrics import CATALOG
from okr.model import Objective, OKRFileError, resolve_period
from okr.suggest import Basis, Suggestion, suggest
from ui import state
from ui.text import md


def target_offers(ws: Any, objective: Objective, *, fill: dict[str, str]) -> None:
    """The offers for the metric picked here; ``fill`` names the session keys of the key result form's
    ``metric``, ``target_type`` and ``value`` widgets that a click on an offer sets."""
    lang = state.lang()
    with st.expander(state.tr("suggest.title"), expanded=True, icon=":material/insights:"):
        flash = st.session_state.pop(f"offers_flash_{objective.id}", None)
        if flash:
            st.success(flash, icon=":material/check:")
        used = [kr.metric for kr in objective.key_results if kr.metric in CATALOG]
        metrics = list(dict.fromkeys(used + list(CATALOG)))
        metric_id = st.selectbox(state.tr("suggest.metric"), metrics, key=f"offers_metric_{objective.id}",
                                 format_func=lambda m: CATALOG[m].label.get(lang))
        try:
            period = resolve_period(objective, ws)
        except (OKRFileError, ValueError) as exc:
            state.show_error(exc)
            return
        with st.spinner(state.tr("common.computing")):
            offers = suggest(ws, metric_id, period)
        _show(offers, objective.id, fill, lang)


def _show(s: Suggestion, objective_id: str, fill: dict[str, str], lang: str) -> None:
    metric = CATALOG[s.metric]
    unit = str(metric.unit)
    reason = why_none(s, lang)
    if reason:
        st.info(reason, icon=":material/history:")
        return
    st.caption(md(state.tr("suggest.caption", metric=metric.label.get(lang), period=s.period.label,
                           baseline=fmt_value(s.baseline, unit, lang), previous=s.period.previous().label,
                           step=step_word(s.period.grain, lang))))
    if s.history.basis == Basis.SAME_SEASON:
        steps = ", ".join(f"{x.start} → {x.end}" for x in s.history.steps)
        st.caption(state.tr("suggest.same_season", steps=steps))
    columns = st.columns(len(s.offers))
    for column, row in zip(columns, offer_rows(s, unit, lang), strict=True):
        column.metric(row["label"], row["target_text"], delta=row["change_text"],
                      delta_color="normal" if metric.better == "higher" else "inverse")
        column.caption(row["reached_text"])
        column.button(state.tr("suggest.use", target=row["target_text"]), key=f"offer_{objective_id}_{row['kind']}",
                      on_click=_fill, args=(fill, s.metric, row["target"], objective_id,
                                            state.tr("suggest.used", target=row["target_text"],
                                                     metric=metric.label.get(lang))),
                      icon=":material/ads_click:", width="stretch")
    with st.popover(state.tr("suggest.history"), icon=":material/table_rows:"):
        st.dataframe(pd.DataFrame(history_rows(s, unit, lang)), hide_index=True, width="stretch")


def _fill(fill: dict[str, str], metric_id: str, target: float, objective_id: str, flash: str) -> None:
    """A click on an offer (runs before the page, so the form's widgets take these values)."""
    st.session_state[fill["metric"]] = metric_id
    st.session_state[fill["target_type"]] = "to_value"
    st.session_state[fill["value"]] = float(target)
    st.session_state[f"offers_flash_{objective_id}"] = flash
