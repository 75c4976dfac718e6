"""A metric over periods, optionally split by a segment."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, apply_theme
from i18n import fmt_value, t

TO_DATE = {"en": " (to date)", "zh": "（截至目前）"}


def _coverage_notes(frame: pd.DataFrame, lang: str) -> list[str]:
    if "covered_days" not in frame or "days" not in frame:
        return [""] * len(frame)
    notes = []
    for covered, days in zip(frame["covered_days"], frame["days"], strict=True):
        if days and covered == 0:
            notes.append(" · " + t("coverage.none", lang))
        elif days and covered < days:
            notes.append(" · " + t("coverage.partial", lang, covered=int(covered), days=int(days)))
        else:
            notes.append("")
    return notes


def _axis_format(unit: str) -> dict:
    if unit == "percent":
        return {"tickformat": ".0%"}
    if unit in ("currency", "count"):
        return {"tickformat": "~s" if unit == "currency" else ",d"}
    return {}


def metric_trend(
    *,
    data: pd.DataFrame,
    title: str,
    unit: str,
    lang: str = "en",
    kind: str = "line",
    target: float | None = None,
    target_label: str | None = None,
    height: int = 380,
) -> go.Figure:
    """``data`` has columns period, value and optionally segment (one trace per segment)."""
    fig = go.Figure()
    frames = [(None, data)] if "segment" not in data or data["segment"].isna().all() else list(
        data.groupby("segment", sort=False, dropna=False)
    )
    for name, frame in frames:
        values = [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in frame["value"]]
        partial = list(frame["partial"]) if "partial" in frame else [False] * len(values)
        # A running period is shown to date: hollow marker, and said so in the hover text; so is a period the
        # data covers only in part, or not at all (no bar, no point: never a 0).
        text = [fmt_value(v, unit, lang, compact=True) + (TO_DATE[lang] if p else "") + note for v, p, note in
                zip(values, partial, _coverage_notes(frame, lang), strict=True)]
        common = {
            "x": list(frame["period"]),
            "y": values,
            "name": str(name) if name is not None else title,
            "customdata": text,
            "hovertemplate": "%{x}: %{customdata}<extra>%{fullData.name}</extra>",
        }
        if kind == "bar":
            fig.add_trace(go.Bar(**common, marker_color=ACCENT if name is None else None))
        else:
            fig.add_trace(
                go.Scatter(
                    **common,
                    mode="lines+markers",
                    line={"width": 2.5, "color": ACCENT if name is None else None},
                    marker={"symbol": ["circle-open" if p else "circle" for p in partial], "size": 8},
                )
            )
    if target is not None:
        fig.add_hline(
            y=target,
            line={"dash": "dash", "color": "#16a34a"},
            annotation_text=target_label or fmt_value(target, unit, lang),
            annotation_position="top left",
        )
    fig.update_layout(title={"text": title, "x": 0, "xanchor": "left"}, showlegend=len(frames) > 1)
    # Period labels (2025-03, 2025-Q1, 2025-W07, FY2026) are categories, not dates: plotly would otherwise
    # parse some of them and print English month names on a Chinese page.
    fig.update_xaxes(type="category")
    fig.update_yaxes(**_axis_format(unit))
    return apply_theme(fig, height=height)
