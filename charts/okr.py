"""OKR figures: key-result progress bars against the pace marker, the KR trend, and the drill-down ranking."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, MUTED, STATUS_COLORS, apply_theme
from i18n import fmt_percent, fmt_value


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


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
    fig.add_trace(
        go.Bar(
            x=[1.0] * n, y=y, orientation="h", marker_color="#f3f4f6", hoverinfo="skip", showlegend=False,
            width=0.6,
        )
    )
    fig.add_trace(
        go.Bar(
            x=values,
            y=y,
            orientation="h",
            marker_color=[STATUS_COLORS.get(s, STATUS_COLORS["no_data"]) for s in statuses],
            text=list(texts) if texts is not None else [fmt_percent(v, decimals=0) for v in values],
            textposition="outside",
            cliponaxis=False,
            width=0.6,
            name="score",
            showlegend=False,
            hovertemplate="%{customdata}<extra></extra>",
            customdata=list(hover) if hover is not None else list(labels),
        )
    )
    pace = [(_num(e), yy) for e, yy in zip(expected, y, strict=True) if _num(e) is not None]
    if pace:
        fig.add_trace(
            go.Scatter(
                x=[min(1.0, max(0.0, e)) for e, _ in pace],
                y=[yy for _, yy in pace],
                mode="markers",
                marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#111827"}},
                name=pace_label,
                hovertemplate=pace_label + ": %{x:.0%}<extra></extra>",
            )
        )
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


def kr_trend(
    *,
    points: pd.DataFrame,
    pace: pd.DataFrame,
    unit: str,
    lang: str = "en",
    title: str = "",
    period_start: date,
    period_end: date,
    target: float | None = None,
    baseline: float | None = None,
    threshold: float | None = None,
    forecast: tuple[float, float, float] | None = None,
    as_of: date | None = None,
    checkins: Sequence[tuple[date, int | None, str]] = (),
    labels: dict[str, str] | None = None,
    height: int = 420,
) -> go.Figure:
    """The KR metric over this period and the previous ones, with target, baseline, pace, forecast, check-ins.

    ``points`` has which ('current' | 'previous_N'), bucket_end, value and to_date (the running value).
    """
    labels = {"target": "target", "baseline": "baseline", "pace": "pace", "forecast": "forecast",
              "checkin": "check-in", "current": "this period", "previous": "previous periods", **(labels or {})}
    fig = go.Figure()
    for which, frame in points.groupby("which", sort=False):
        frame = frame.sort_values("bucket_end")
        if which != "current":
            # A week cut by the period's edge holds a day or two of data: noise, not signal.
            days = (pd.to_datetime(frame["bucket_end"]) - pd.to_datetime(frame["bucket_start"])).dt.days
            frame = frame[days >= 4]
            if frame.empty:
                continue
        y = [(_num(t) if _num(t) is not None else _num(v)) for t, v in zip(frame["to_date"], frame["value"],
                                                                                 strict=True)]
        x = [pd.Timestamp(e) - timedelta(days=1) for e in frame["bucket_end"]]
        current = which == "current"
        fig.add_trace(
            go.Scatter(
                x=x, y=y, mode="lines+markers",
                name=labels["current"] if current else f"{labels['previous']}: {frame['period_label'].iloc[0]}",
                line={"color": ACCENT if current else "#cbd5e1", "width": 3 if current else 2},
                marker={"size": 7 if current else 5},
                customdata=[fmt_value(v, unit, lang) for v in y],
                hovertemplate="%{x|%Y-%m-%d}: %{customdata}<extra></extra>",
            )
        )
    if len(pace):
        fig.add_trace(
            go.Scatter(
                x=list(pace["date"]), y=list(pace["value"]), mode="lines", name=labels["pace"],
                line={"dash": "dot", "color": "#111827", "width": 1.5},
            )
        )
    if target is not None and _num(target) is not None:
        fig.add_shape(type="line", x0=period_start, x1=period_end, y0=target, y1=target,
                      line={"dash": "dash", "color": STATUS_COLORS["done"], "width": 2})
        fig.add_annotation(x=period_end, y=target, text=f"{labels['target']} {fmt_value(target, unit, lang)}",
                           showarrow=False, xanchor="right", yanchor="bottom", font={"color": STATUS_COLORS["done"]})
    if threshold is not None and _num(threshold) is not None and threshold != target:
        fig.add_hline(y=threshold, line={"dash": "dash", "color": STATUS_COLORS["off_track"]})
    if baseline is not None and _num(baseline) is not None:
        fig.add_shape(type="line", x0=period_start, x1=period_end, y0=baseline, y1=baseline,
                      line={"dash": "dot", "color": MUTED, "width": 1})
        fig.add_annotation(x=period_start, y=baseline, text=f"{labels['baseline']} {fmt_value(baseline, unit, lang)}",
                           showarrow=False, xanchor="left", yanchor="top", font={"color": MUTED})
    if forecast is not None and as_of is not None and _num(forecast[0]) is not None:
        current = points[points["which"] == "current"].sort_values("bucket_end")
        last_y = None
        if len(current):
            tail = current.iloc[-1]
            last_y = _num(tail["to_date"]) if _num(tail["to_date"]) is not None else _num(tail["value"])
        end_x = period_end - timedelta(days=1)
        if last_y is not None:
            fig.add_trace(go.Scatter(x=[as_of, end_x], y=[last_y, forecast[0]], mode="lines+markers",
                                     name=labels["forecast"], line={"dash": "dash", "color": "#f97316"},
                                     marker={"size": [0, 9]}))
            low, high = _num(forecast[1]), _num(forecast[2])
            if low is not None and high is not None:
                fig.add_trace(go.Scatter(x=[as_of, end_x, end_x, as_of], y=[last_y, high, low, last_y],
                                         mode="lines", fill="toself", fillcolor="rgba(249,115,22,0.15)",
                                         line={"width": 0}, hoverinfo="skip", showlegend=False,
                                         name="forecast interval"))
    for day, confidence, comment in checkins:
        fig.add_shape(type="line", x0=day, x1=day, yref="paper", y0=0, y1=1,
                      line={"color": "#a855f7", "width": 1, "dash": "dot"})
        fig.add_annotation(x=day, yref="paper", y=1.0, text=f"✎ {confidence or ''}", showarrow=False,
                           hovertext=comment, font={"color": "#a855f7"}, yanchor="bottom")
    fig.add_vrect(x0=period_start, x1=period_end - timedelta(days=1), fillcolor="#eff6ff", opacity=0.5,
                  line_width=0, layer="below")
    fig.update_layout(title={"text": title, "x": 0})
    if unit == "percent":
        fig.update_yaxes(tickformat=".0%")
    fig = apply_theme(fig, height=height)
    # Numeric dates read the same in both languages; the legend sits under the plot, clear of the title.
    fig.update_xaxes(tickformat="%Y-%m-%d")
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0})
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
