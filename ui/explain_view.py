"""What the pages show of metrics.explain: the driver sentence, the waterfall, the parts and the notes.

The KR detail page, the KPI explorer and the Overview call these; the domain returns an Explanation, this
module says it in the session's language (i18n/explain_text.py) with user text (segment values) made inert.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from charts.waterfall import change_waterfall, explanation_steps
from i18n.explain_text import dim_label, notes, sentence, table_rows, versus
from metrics import CATALOG, MetricUnavailable
from metrics.explain import Explanation, candidate_dimensions, explain
from metrics.periods import Period
from okr.why import explained_against
from store import Workspace
from ui import state
from ui.text import chart_text, md

BEST = ""  # the chooser's option "the dimension that explains most"


def safe_explain(ws: Workspace, metric_id: str, period: Period, *, as_of: date | None, by: str | None = None,
                 filters: dict | None = None, tries: int | None = None,
                 against: Period | None = None) -> Explanation | None:
    """``explain``, or None after showing the one sentence saying why it cannot (never a traceback)."""
    kwargs: dict[str, Any] = {"tries": tries} if tries else {}
    try:
        return explain(ws, metric_id, period, as_of=as_of, by=by or None, filters=filters or None, against=against,
                       **kwargs)
    except MetricUnavailable as exc:
        st.caption(":material/database: " + md(exc.message(state.lang())))
        return None


def dimension_choice(ws: Workspace, metric_id: str, filters: dict | None, key: str) -> str:
    """A chooser of the split: "explains most" (the default) or one of the real dimensions."""
    lang = state.lang()
    dims = candidate_dimensions(ws, metric_id, filters, limit=50)
    if st.session_state.get(key) not in (BEST, *dims):
        st.session_state.pop(key, None)

    def label(dim: str) -> str:
        return state.tr("explain.best") if dim == BEST else dim_label(dim, lang)

    return st.selectbox(state.tr("explain.by"), [BEST, *dims], key=key, format_func=label)


def show_explanation(exp: Explanation, *, key: str, chart: bool = True) -> None:
    """The sentence, the two values compared, the waterfall, the notes and the parts as a table."""
    lang, metric = state.lang(), CATALOG[exp.metric]
    label = metric.label.get(lang)
    st.markdown("**" + md(sentence(exp, label, lang)) + "**")
    if exp.current is not None and exp.previous is not None:
        st.caption(md(versus(exp, lang)) + " · " + md(state.tr(f"explain.method.{exp.method}")))
    for note in notes(exp, lang):
        st.caption(":material/info: " + md(note))
    if exp.total_change is None or not exp.parts:
        return
    if chart and exp.by:
        labels, steps = explanation_steps(exp, lang)
        title = state.tr("explain.chart_title", metric=label, previous=exp.against.label, current=exp.period.label,
                         dim=chart_text(dim_label(exp.by, lang)))
        fig = change_waterfall(previous=exp.previous, current=exp.current, labels=[chart_text(x) for x in labels],
                               changes=steps, unit=exp.unit, lang=lang, previous_label=exp.against.label,
                               current_label=exp.period.label, better=exp.better, title=title, height=360)
        st.plotly_chart(fig, width="stretch", key=f"{key}_waterfall")
    with st.expander(state.tr("explain.parts"), expanded=False):
        st.dataframe(pd.DataFrame(table_rows(exp, lang)), hide_index=True, width="stretch")


def driver_line(exp: Explanation | None, *, top: int = 2) -> str:
    """One short driver sentence (the Overview's tiles), Markdown-safe; "" when there is nothing to say."""
    if exp is None or exp.total_change is None or not exp.by:
        return ""
    lang = state.lang()
    return md(sentence(exp, CATALOG[exp.metric].label.get(lang), lang, top=top, short=True))


def kr_why(ws: Workspace, kr: Any, status: Any) -> None:
    """KR detail, "why it moved": the KR's value to date against its baseline's window (okr/why.py: a rate's whole
    previous period, else the previous period to the same point; the deck says the same), split by the dimension
    chosen, by default the one that explains most."""
    st.subheader(state.tr("explain.title"))
    if kr.metric not in CATALOG or status.error:
        st.caption(state.tr("explain.kr_no_status"))
        return
    filters = dict(kr.filters or {})
    by = dimension_choice(ws, kr.metric, filters, key=f"why_by_{kr.id}")
    with st.spinner(state.tr("common.computing")):
        exp = safe_explain(ws, kr.metric, status.period, as_of=status.as_of, by=by, filters=filters,
                           against=explained_against(status))
    if exp is None:
        return
    if str(status.baseline_source) == "given":
        st.caption(":material/info: " + state.tr("explain.kr_given_baseline"))
    show_explanation(exp, key=f"why_{kr.id}")
