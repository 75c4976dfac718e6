"""Blocks of a slide that come from its charts (review/blocks.py has the rest): the coordinate mapping from a
chart's axes to canvas pixels, plotly's packed arrays, colours, and scatter/bar traces sharing a pair of axes
read as one ``ChartBlock`` (series with their data, colour, width, dash and markers; the axes' ranges and
ticks; the legend)."""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from review.layout import SLIDE_HEIGHT, SLIDE_WIDTH, TEXT_COLOR, Box
from review.text_fit import text_width


class BlockKind(StrEnum):
    TEXT = "text"
    RECT = "rect"
    LINE = "line"
    TABLE = "table"
    CHART = "chart"
    IMAGE = "image"


def unpack(value: Any) -> Any:
    """A plotly array as a list: ``to_dict`` packs numpy arrays as ``{"dtype", "bdata", "shape"}``."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        import numpy as np

        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            dims = [int(d) for d in str(shape).split(",")] if isinstance(shape, str) else list(shape)
            array = array.reshape(dims)
        return array.tolist()
    if hasattr(value, "tolist"):
        return value.tolist()
    return list(value) if isinstance(value, tuple) else value


@dataclass
class Series:
    name: str
    x: list[Any]
    y: list[float | None]
    colour: str
    width: float = 2
    dash: str = "solid"
    lines: bool = True
    marker_sizes: list[float] = field(default_factory=list)  # one per point, 0 = no marker
    in_legend: bool = True
    bar: bool = False
    horizontal: bool = False


@dataclass
class Axis:
    visible: bool = True
    range: tuple[Any, Any] | None = None
    tickvals: list[Any] = field(default_factory=list)
    ticktext: list[str] = field(default_factory=list)
    grid: str | None = None
    dates: bool = False
    font_size: float = 18
    step: float | None = None  # the tick step PowerPoint is given (its ticks start at the axis minimum)


@dataclass
class ChartBlock:
    frame: Box  # the whole chart: plot area, tick labels, legend
    plot: Box  # the plot area (where the axes' domains are)
    series: list[Series]
    x: Axis
    y: Axis
    legend: bool = False
    legend_size: float = 18
    kind: BlockKind = BlockKind.CHART


def as_day(value: Any) -> date | None:
    """A date from what plotly keeps for a date axis value (date, datetime, Timestamp, 'YYYY-MM-DD...')."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value[:10])
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return None


def num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def paper_x(v: float) -> float:
    return float(v) * SLIDE_WIDTH


def paper_y(v: float) -> float:
    return (1 - float(v)) * SLIDE_HEIGHT


class PaperAxes:
    """Converts a value on one of the slide's axes (or on paper) to canvas pixels."""

    def __init__(self, layout: dict[str, Any]) -> None:
        self.layout = layout

    def axis(self, ref: str) -> dict[str, Any]:
        letter, num = ref[0], ref[1:]
        return self.layout.get(f"{letter}axis{num}") or {}

    def to_px(self, ref: str, value: Any, letter: str) -> float | None:
        """``value`` on axis ``ref`` (or on paper, 0..1) as a canvas pixel along ``letter`` (x or y)."""
        base = (ref or "paper").split(" ")[0]
        if base == "paper":
            number = num(value)
            if number is None:
                return None
            return paper_x(number) if letter == "x" else paper_y(number)
        axis = self.axis(base)
        lo, hi = (axis.get("range") or [None, None])[:2]
        d0, d1 = (axis.get("domain") or [0, 1])[:2]
        v, lo, hi = _scalar(value), _scalar(lo), _scalar(hi)
        if v is None or lo is None or hi is None or hi == lo:
            return None
        frac = d0 + (v - lo) / (hi - lo) * (d1 - d0)
        return paper_x(frac) if letter == "x" else paper_y(frac)


def _scalar(value: Any) -> float | None:
    day = as_day(value)
    if day is not None:
        return float(day.toordinal())
    return num(value)


def luminance(colour: str) -> float:
    r, g, b = rgb_of(colour)[:3]
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def rgb_of(colour: str) -> tuple[int, int, int, float]:
    """(r, g, b, alpha) of '#rgb', '#rrggbb', 'rgb(..)', 'rgba(..)' or a few names; black when unreadable."""
    c = str(colour or "").strip().lower()
    names = {"white": "#ffffff", "black": "#000000", "transparent": "rgba(0,0,0,0)"}
    c = names.get(c, c)
    if c.startswith("#"):
        digits = c[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        try:
            return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0
        except ValueError:
            return 0, 0, 0, 1.0
    m = re.match(r"rgba?\(([^)]*)\)", c)
    if m:
        parts = [p.strip() for p in m.group(1).split(",")]
        r, g, b = (round(float(p)) for p in parts[:3])
        return r, g, b, float(parts[3]) if len(parts) > 3 else 1.0
    return 0, 0, 0, 1.0


# ------------------------------------------------------------------------------------------ charts
CHART_TRACES = {"scatter", "scattergl", "bar"}


def _series(trace: dict[str, Any], dates: bool) -> Series | None:
    xs, ys = list(unpack(trace.get("x")) or []), list(unpack(trace.get("y")) or [])
    if trace.get("fill") == "toself" or not xs or all(v is None for v in xs):
        return None  # a filled band (forecast range) or a legend-only entry: nothing a line chart can hold
    kind = trace.get("type", "scatter")
    horizontal = kind == "bar" and trace.get("orientation") == "h"
    if horizontal:
        xs, ys = ys, xs
    xs = [as_day(v) if dates else v for v in xs]
    line, marker = trace.get("line") or {}, trace.get("marker") or {}
    colour = (marker.get("color") if kind == "bar" else line.get("color")) or marker.get("color") or TEXT_COLOR
    mode = trace.get("mode") or "lines"
    sizes = marker.get("size", 6)
    count = len(xs)
    if "markers" not in mode and kind != "bar":
        marker_sizes = [0.0] * count
    elif isinstance(sizes, list | tuple):
        marker_sizes = [float(s or 0) for s in sizes] + [0.0] * (count - len(sizes))
    else:
        marker_sizes = [float(sizes or 0)] * count
    return Series(name=str(trace.get("name") or ""), x=xs, y=[num(v) for v in ys], colour=str(colour),
                  width=float(line.get("width", 2) if line.get("width") is not None else 2),
                  dash=line.get("dash") or "solid", lines=kind != "bar" and "lines" in mode,
                  marker_sizes=marker_sizes, in_legend=trace.get("showlegend") is not False, bar=kind == "bar",
                  horizontal=horizontal)


def _band_edges(trace: dict[str, Any], dates: bool) -> list[Series]:
    """A filled band drawn as a closed quadrilateral (the forecast range: from the last value out to the
    period end's high and low) as its two outer edges, thin lines in the band's colour on white."""
    xs, ys = list(unpack(trace.get("x")) or []), [num(v) for v in unpack(trace.get("y")) or []]
    if trace.get("fill") != "toself" or len(xs) != 4 or xs[0] != xs[3] or xs[1] != xs[2] or None in ys:
        return []
    xs = [as_day(v) if dates else v for v in xs]
    r, g, b, alpha = rgb_of(trace.get("fillcolor") or "rgba(0,0,0,0.2)")
    strength = min(1.0, alpha * 3)  # an edge is a thin line: stronger than the band it outlines
    colour = "#{:02x}{:02x}{:02x}".format(*(round(255 - strength * (255 - c)) for c in (r, g, b)))
    name = str(trace.get("name") or "")
    return [Series(name=name, x=[xs[0], xs[1]], y=[ys[0], ys[1]], colour=colour, width=2, in_legend=False,
                   marker_sizes=[0, 0]),
            Series(name=name, x=[xs[3], xs[2]], y=[ys[3], ys[2]], colour=colour, width=2, in_legend=False,
                   marker_sizes=[0, 0])]


def _axis(spec: dict[str, Any], values: list[Any]) -> Axis:
    dates = any(as_day(v) is not None and not isinstance(v, int | float) for v in values if v is not None)
    rng = spec.get("range")
    font = spec.get("tickfont") or {}
    return Axis(visible=spec.get("visible") is not False, range=tuple(rng[:2]) if rng else None,
                tickvals=list(spec.get("tickvals") or []), ticktext=[str(t) for t in spec.get("ticktext") or []],
                grid=spec.get("gridcolor") if spec.get("showgrid") is not False else None, dates=dates,
                font_size=float(font.get("size") or 18), step=spec.get("_pptx_step"))


def align_value_axes(layout: dict[str, Any]) -> dict[str, Any]:
    """A copy of the layout whose y axes start on a tick.  PowerPoint puts its ticks at the axis minimum and
    every step from there; plotly's range starts a little below the first tick (0.85 .. 0.91 with ticks at
    0.85, 0.9 is fine; 7.2 .. 26 with ticks at 10, 20 would read 7.2, 17.2).  The minimum moves down to a
    multiple of the tick step, or of a half or a fifth of it, whichever moves it least beyond 15% of the
    span; the step chosen is kept for the chart.  Everything placed on the axis (the target's label,
    baseline and check-in lines) is placed on the same range, so it stays where the chart draws."""
    out = dict(layout)
    for key, spec in layout.items():
        if not (key.startswith("yaxis") and isinstance(spec, dict)):
            continue
        ticks = [v for v in spec.get("tickvals") or [] if isinstance(v, int | float)]
        rng = spec.get("range")
        if len(ticks) < 2 or not rng or not all(isinstance(v, int | float) for v in rng[:2]):
            continue
        lo, hi = float(rng[0]), float(rng[1])
        step = float(ticks[1] - ticks[0])
        for candidate in (step, step / 2, step / 5):
            start = math.floor(round(lo / candidate, 9)) * candidate
            if candidate > 0 and lo - start <= 0.15 * (hi - lo):
                out[key] = {**spec, "range": [start, hi], "_pptx_step": candidate}
                break
    return out


def chart_blocks(traces: list[dict[str, Any]], layout: dict[str, Any], axes: PaperAxes) -> list[ChartBlock]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for trace in traces:
        groups.setdefault((trace.get("xaxis") or "x", trace.get("yaxis") or "y"), []).append(trace)
    charts = []
    for (xref, yref), group in groups.items():
        xa, ya = axes.axis(xref), axes.axis(yref)
        xvalues = [v for t in group for v in unpack(t.get("y") if t.get("orientation") == "h" else t.get("x")) or []]
        x_axis = _axis(xa, xvalues)
        series = [s for t in group for s in ([_series(t, x_axis.dates)] + _band_edges(t, x_axis.dates))
                  if s is not None]
        if not series:
            continue
        (dx0, dx1), (dy0, dy1) = (xa.get("domain") or [0, 1])[:2], (ya.get("domain") or [0, 1])[:2]
        plot = Box(paper_x(dx0), paper_y(dy1), paper_x(dx1) - paper_x(dx0), paper_y(dy0) - paper_y(dy1))
        y_axis = _axis(ya, [])
        legend_ref = group[0].get("legend")
        legend = layout.get(legend_ref) if legend_ref else None
        shown = legend is not None and layout.get("showlegend") is not False and any(s.in_legend for s in series)
        left = (max((text_width(t, y_axis.font_size) for t in y_axis.ticktext), default=0) + 16
                if y_axis.visible else 0)
        bottom = x_axis.font_size * 1.8 if x_axis.visible else 0
        top = plot.y
        if shown and legend.get("y") is not None:
            top = min(plot.y, paper_y(float(legend["y"])))
        frame = Box(plot.x - left, top, plot.w + left, plot.bottom + bottom - top)
        charts.append(ChartBlock(frame, plot, series, x_axis, y_axis, shown,
                                 float((legend or {}).get("font", {}).get("size") or 18)))
    return charts
