"""The key-result trend, drawn once for the KR detail page and the deck (small on objective slides, large in
deep dives), and the KPI sparkline.  Axis ticks are chosen and formatted here (``i18n.fmt``), so they read
like the rest of the page or slide in both languages and do not depend on plotly's number formatting."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from charts.numbers import missing
from charts.theme import FONT_FAMILY, GRID, MUTED, STATUS_COLORS
from i18n import fmt_value, t
from okr.views import KRSeries

FORECAST = "#f97316"
PREVIOUS = "#94a3b8"
CHECKIN = "#a855f7"
TARGET = STATUS_COLORS["done"]
LIMIT = STATUS_COLORS["off_track"]


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` round tick values covering [low, high]."""
    if missing(low) or missing(high):
        return []
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(1, count - 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(low / step) * step
    ticks, v = [], start
    while v <= high + step * 0.5 and len(ticks) < 12:
        ticks.append(round(v, 10))
        v += step
    return ticks


def value_axis(values: Sequence[float], unit: str, lang: str, *, count: int = 4, floor_zero: bool = False) -> dict:
    """A y axis spanning ``values`` with padded range and ticks formatted by unit."""
    clean = [float(v) for v in values if not missing(v)]
    if not clean:
        return {"visible": False}
    low, high = min(clean), max(clean)
    if floor_zero or (low >= 0 and unit in ("count", "currency") and low < 0.35 * high):
        low = 0.0
    pad = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
    lo, hi = (low if low == 0 else low - pad), high + pad
    if unit == "percent":
        lo, hi = max(lo, -0.02 if low >= 0 else lo), min(hi, 1.02) if high <= 1 else hi
    ticks = [v for v in nice_ticks(lo, hi, count) if lo - 1e-12 <= v <= hi + 1e-12]
    return {
        "range": [lo, hi],
        "tickvals": ticks,
        "ticktext": [tick_text(v, unit, lang) for v in ticks],
        "gridcolor": GRID,
        "zeroline": False,
        "showline": False,
        "ticks": "",
        "fixedrange": True,
    }


def tick_text(value: float, unit: str, lang: str) -> str:
    """An axis label: the slide formatter, compact, without a trailing '.0' ('80%', '10K', '40 d')."""
    return re.sub(r"(\d)\.0+(?=\D|$)", r"\1", fmt_value(value, unit, lang, compact=True))


def month_axis(start: date, end: date, lang: str, *, every: int = 1) -> dict:
    """A date axis over [start, end] with a tick at each month start (short month names)."""
    ticks, d = [], date(start.year, start.month, 1)
    if d < start:
        d = _next_month(d)
    while d <= end:
        ticks.append(d)
        for _ in range(every):
            d = _next_month(d)
    names = [t(f"month.{d.month}", lang) for d in ticks]
    names = [n[:3] if lang == "en" else n for n in names]
    return {
        "range": [start - timedelta(days=1), end + timedelta(days=1)],
        "tickvals": ticks,
        "ticktext": names,
        "showgrid": False,
        "linecolor": GRID,
        "ticks": "",
        "fixedrange": True,
    }


def robust_values(values: Sequence[float], core: Sequence[float]) -> list[float]:
    """The values the y axis should span: the ``core`` ones (target, latest value, forecast ...) and any
    other value not far outside them, so one wild early point (a running ratio over a few days) does not
    squash the chart; lines beyond the range are clipped at the edge."""
    kept = [float(v) for v in core if not missing(v)]
    if not kept:
        return [float(v) for v in values if not missing(v)]
    lo, hi = min(kept), max(kept)
    span = max(hi - lo, abs(hi) * 0.1, 1e-9)
    return kept + [float(v) for v in values if not missing(v) and lo - span <= float(v) <= hi + span]


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _line_points(frame: pd.DataFrame, *, running_only: bool = False) -> tuple[list[date], list[float]]:
    """(day, value) per bucket: the running value to the bucket's end (else the bucket's own value unless
    ``running_only``)."""
    frame = frame.sort_values("bucket_end")
    xs, ys = [], []
    for end, to_date, value in zip(frame["bucket_end"], frame["to_date"], frame["value"], strict=True):
        y = to_date if not missing(to_date) or running_only else value
        if missing(y):
            continue
        xs.append(pd.Timestamp(end).date() - timedelta(days=1))
        ys.append(float(y))
    return xs, ys


def kr_trend(*, series: KRSeries, lang: str, compact: bool, colour: str = "#2563eb",
             labels: dict[str, str] | None = None, checkin_days: Sequence[date] = (), font_size: int = 18,
             title: str = "", checkin_notes: Sequence[str] = ()) -> go.Figure:
    """The key result over its period: the running value (``colour``), the pace line (dotted), the target
    (dashed green, red for a limit), the forecast to the period end (dashed orange, with its range), and
    when not ``compact`` the baseline, the previous period's running value on the same days (grey; only
    where the series has it), a legend and check-in markers."""
    ks = series.status
    labels = labels or {}
    points = series.points
    fig = go.Figure()
    current = points[points["which"] == "current"] if len(points) else points
    xs, ys = _line_points(current) if len(current) else ([], [])
    ys_all: list[float] = []
    if not compact and len(points):
        ys_all += _add_previous(fig, points, ks.period, labels)
    ys_all += _add_pace(fig, series.pace, ks, labels, compact)
    if xs:
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=labels.get("current", "this period"),
                                 legendrank=1, line={"color": colour, "width": 4 if compact else 5},
                                 marker={"size": 7 if compact else 10}))
        ys_all += ys
        ys_all += _add_forecast(fig, ks, xs[-1], ys[-1], labels, compact)
    ys_all += _add_target(fig, ks, labels, lang, compact, font_size)
    if not compact:
        ys_all += _add_baseline(fig, ks, labels, lang, font_size)
    _add_checkins(fig, checkin_days, checkin_notes, labels, compact, font_size)
    core = [ks.target_value, ks.baseline if not ks.accumulating else math.nan, ks.forecast.point,
            ks.forecast.low, ks.forecast.high]
    core += ys[len(ys) // 3:] if ys else []
    if len(series.pace):
        core.append(list(series.pace["value"])[-1])
    _layout(fig, ks, robust_values(ys_all, core), lang=lang, compact=compact, font_size=font_size, title=title)
    if not xs:
        fig.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           text=labels.get("no_data", "no data"), font={"size": font_size + 2, "color": MUTED})
    return fig


def _add_previous(fig: go.Figure, points: pd.DataFrame, period, labels: dict) -> list[float]:
    """The previous period's running value moved onto this period's days (grey)."""
    before = points[points["which"] == "previous_1"]
    if not len(before):
        return []
    shift = period.start - pd.Timestamp(before["bucket_start"].min()).date() + timedelta(
        days=int(before["offset_days"].min()))
    bx, by = _line_points(before, running_only=True)
    kept = [(x + shift, y) for x, y in zip(bx, by, strict=True) if x + shift <= period.last_day]
    if not kept:
        return []
    fig.add_trace(go.Scatter(x=[x for x, _ in kept], y=[y for _, y in kept], mode="lines",
                             name=labels.get("previous", "previous"), legendrank=5,
                             line={"color": PREVIOUS, "width": 3}))
    return [y for _, y in kept]


def _add_pace(fig: go.Figure, pace: pd.DataFrame, ks, labels: dict, compact: bool) -> list[float]:
    if not len(pace) or ks.mode == "threshold":
        return []
    pv = [float(v) for v in pace["value"] if not missing(v)]
    if pv:
        fig.add_trace(go.Scatter(x=list(pace["date"]), y=list(pace["value"]), mode="lines",
                                 name=labels.get("pace", "pace"), legendrank=3,
                                 line={"color": "#111827", "width": 2.5 if compact else 3, "dash": "dot"}))
    return pv


def _add_forecast(fig: go.Figure, ks, last_x: date, last_y: float, labels: dict, compact: bool) -> list[float]:
    """From the last point to the period end, with its range; none once the period is over."""
    fc = ks.forecast
    if ks.period_over or missing(fc.point):
        return []
    end_x = ks.period.last_day
    out = []
    if not missing(fc.low) and not missing(fc.high) and fc.low != fc.high:
        fig.add_trace(go.Scatter(x=[last_x, end_x, end_x, last_x], y=[last_y, fc.high, fc.low, last_y],
                                 fill="toself", fillcolor="rgba(249,115,22,0.15)", line={"width": 0},
                                 mode="lines", showlegend=False, name="forecast range"))
        out += [fc.low, fc.high]
    fig.add_trace(go.Scatter(x=[last_x, end_x], y=[last_y, fc.point], mode="lines+markers",
                             name=labels.get("forecast", "forecast"), legendrank=2,
                             line={"color": FORECAST, "width": 3, "dash": "dash"},
                             marker={"size": [0, 11 if compact else 14], "color": FORECAST}))
    return out + [fc.point]


def _add_target(fig: go.Figure, ks, labels: dict, lang: str, compact: bool, font_size: int) -> list[float]:
    target = ks.target_value
    if missing(target):
        return []
    limit = ks.mode in ("threshold", "ceiling")
    colour = LIMIT if limit else TARGET
    period = ks.period
    fig.add_trace(go.Scatter(x=[period.start, period.last_day], y=[target, target], mode="lines",
                             name=labels.get("limit" if limit else "target", "target"), legendrank=4,
                             line={"color": colour, "width": 3, "dash": "dash"}))
    fig.add_annotation(x=period.last_day, y=target, xref="x", yref="y", xanchor="right", yanchor="bottom",
                       text=fmt_value(target, ks.unit, lang), showarrow=False,
                       font={"color": colour, "size": font_size if compact else font_size + 4})
    return [target]


def _add_baseline(fig: go.Figure, ks, labels: dict, lang: str, font_size: int) -> list[float]:
    """A dotted line at the baseline, for a change on a rate or a level (a running total starts at zero)."""
    if missing(ks.baseline) or ks.mode != "progress" or ks.accumulating:
        return []
    period = ks.period
    fig.add_shape(type="line", x0=period.start, x1=period.last_day, y0=ks.baseline, y1=ks.baseline,
                  xref="x", yref="y", line={"color": MUTED, "width": 2, "dash": "dot"})
    fig.add_annotation(x=period.start, y=ks.baseline, xref="x", yref="y", xanchor="left", yanchor="top",
                       text=f"{labels.get('baseline', 'baseline')} {fmt_value(ks.baseline, ks.unit, lang)}",
                       showarrow=False, font={"color": MUTED, "size": font_size + 2})
    return [ks.baseline]


def _add_checkins(fig: go.Figure, days: Sequence[date], notes: Sequence[str], labels: dict, compact: bool,
                  font_size: int) -> None:
    for day in days:
        fig.add_shape(type="line", x0=day, x1=day, xref="x", yref="paper", y0=0, y1=1,
                      line={"color": CHECKIN, "width": 2, "dash": "dot"})
    for day, note in zip(days, notes, strict=False):  # the comment in the marker's hover text
        fig.add_annotation(x=day, xref="x", yref="paper", y=1.0, text="✎", showarrow=False, hovertext=note or None,
                           yanchor="bottom", font={"color": CHECKIN, "size": font_size})
    if days and not compact:  # a legend entry for the check-in lines
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=labels.get("checkin", "check-in"),
                                 legendrank=6, line={"color": CHECKIN, "width": 2, "dash": "dot"}))


def _layout(fig: go.Figure, ks, ys: list[float], *, lang: str, compact: bool, font_size: int, title: str) -> None:
    period = ks.period
    fig.update_layout(
        xaxis=month_axis(period.start, period.last_day, lang, every=1 if period.days <= 200 else 3),
        yaxis=value_axis(ys, ks.unit, lang, count=3 if compact else 5, floor_zero=ks.accumulating),
        showlegend=not compact,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": font_size + 2}},
        margin={"l": 96 if not compact else 84, "r": 16, "t": 12 if compact else (110 if title else 56), "b": 40},
        font={"family": FONT_FAMILY, "size": font_size, "color": MUTED},
        title={"text": title, "x": 0} if title else None,
        plot_bgcolor="white",
        paper_bgcolor="white",
    )


def sparkline(values: Sequence[float], *, colour: str) -> go.Figure:
    """A bare line (no axes) of the monthly values, the last point marked."""
    ys = [float(v) if not missing(v) else None for v in values]
    xs = list(range(len(ys)))
    clean = [v for v in ys if v is not None]
    fig = go.Figure()
    if clean:
        low, high = min(clean), max(clean)
        pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 3},
                                 connectgaps=True, showlegend=False))
        last = max(i for i, v in enumerate(ys) if v is not None)
        fig.add_trace(go.Scatter(x=[last], y=[ys[last]], mode="markers", marker={"color": colour, "size": 10},
                                 showlegend=False))
        fig.update_layout(yaxis={"visible": False, "range": [low - pad, high + pad], "fixedrange": True})
    fig.update_layout(xaxis={"visible": False, "range": [-0.3, max(1, len(ys) - 1) + 0.3], "fixedrange": True},
                      margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False)
    return fig
