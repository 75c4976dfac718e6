"""OKR figures: key-result progress bars against the pace marker, the KR trend, and the drill-down ranking."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import STATUS_COLORS, apply_theme
from i18n import fmt_percent, fmt_value
from store.jsonify import number_or_none as _num


def progress_bars(
    *,
    labels: Sequence[str],
    scores: Sequence[float | None],
    expected: Sequence[float | None],
    statuses: Sequence[str],
    texts: Sequence[str] | None = None,
    hover: Sequence[str] | None = None,
    pace_label: str = "pace",
    height: int | None = None,
    font_size: int = 13,
) -> go.Figure:
    """One horizontal bar per key result: the score (0..1, clipped), coloured by status, with a pace tick;
    ``hover`` (one text per bar) can say the unclipped progress behind a full or empty bar."""
    n = len(labels)
    y = list(range(n))[::-1]
    values = [max(0.0, min(1.0, _num(s) or 0.0)) for s in scores]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=[1.0] * n, y=y, orientation="h", marker_color="#f3f4f6", hoverinfo="skip",
                         showlegend=False, width=0.6))  # the empty track behind each bar
    fig.add_trace(go.Bar(
        x=values, y=y, orientation="h", marker_color=[STATUS_COLORS.get(s, STATUS_COLORS["no_data"]) for s in statuses],
        text=list(texts) if texts is not None else [fmt_percent(v, decimals=0) for v in values],
        textposition="outside", cliponaxis=False, width=0.6, name="score", showlegend=False,
        hovertemplate="%{customdata}<extra></extra>", customdata=list(hover) if hover is not None else list(labels),
    ))
    pace = [(_num(e), yy) for e, yy in zip(expected, y, strict=True) if _num(e) is not None]
    if pace:
        fig.add_trace(go.Scatter(
            x=[min(1.0, max(0.0, e)) for e, _ in pace], y=[yy for _, yy in pace], mode="markers",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#111827"}},
            name=pace_label, hovertemplate=pace_label + ": %{x:.0%}<extra></extra>",
        ))
    fig.update_layout(
        barmode="overlay",
        xaxis={"range": [0, 1.18], "tickformat": ".0%", "tickvals": [0, 0.25, 0.5, 0.75, 1.0]},
        yaxis={"tickvals": y, "ticktext": list(labels), "automargin": True},
        showlegend=bool(pace),
        bargap=0.3,
    )
    fig = apply_theme(fig, height=height or max(160, 46 * n + 70))
    fig.update_layout(font={"size": font_size}, margin={"l": 8, "r": 24, "t": 30, "b": 30})
    return fig


def drilldown_bars(
    *,
    frame: pd.DataFrame,
    unit: str,
    lang: str = "en",
    title: str = "",
    value_column: str = "progress",
    height: int | None = None,
) -> go.Figure:
    """Segments ranked worst first: bar = progress toward the target, clipped to 0-100% (the hover says the
    unclipped figure), coloured by status: better or worse, never by sign."""
    data = frame.copy()
    data["segment"] = data["segment"].astype(str)
    shown = data.iloc[::-1]
    raw = [_num(v) for v in shown[value_column]]
    values = [max(0.0, min(1.0, v)) if v is not None else 0.0 for v in raw]
    text = [f"{fmt_percent(v, lang, decimals=0)} · {fmt_value(c, unit, lang)}" for v, c in
            zip(values, shown["current"], strict=True)]
    hover = [f"{fmt_percent(r, lang, decimals=0)} · {fmt_value(c, unit, lang)}" if r is not None else t
             for r, c, t in zip(raw, shown["current"], text, strict=True)]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=list(shown["segment"]),
            orientation="h",
            marker_color=[STATUS_COLORS.get(s, STATUS_COLORS["no_data"]) for s in shown["status"]],
            text=text,
            textposition="auto",
            customdata=hover,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    fig.update_layout(title={"text": title, "x": 0}, xaxis={"tickformat": ".0%", "range": [0, 1.05]},
                      yaxis={"automargin": True})
    return apply_theme(fig, height=height or max(220, 34 * len(data) + 90))
