"""Sub figures on a slide: a plotly figure (a chart factory's output) placed inside a box of the canvas,
its axes, domains, shapes and annotations remapped so that it draws there as it would alone."""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from charts.theme import SERIES_COLORS
from review.layout import (
    BASE_FONT_SIZE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TEXT_COLOR,
    Box,
    add_text_box,
    clamp01,
    px_to_paper,
)
from review.text_fit import LINE_HEIGHT, text_width

_AXIS_KEY = re.compile(r"^([xy])axis(\d*)$")
_SUBPLOT_KEY = re.compile(r"^(polar|ternary|geo|scene|smith|map|mapbox)(\d*)$")
_DOMAIN_TRACES = {"pie", "table", "indicator", "sunburst", "treemap", "icicle", "funnelarea", "sankey",
                  "parcoords", "parcats"}
_COLOR_TRACES = {"scatter", "scattergl", "bar", "histogram", "box", "violin", "funnel"}
DEFAULT_SUB_MARGIN = {"l": 80, "r": 24, "t": 56, "b": 56}


def _used_numbers(fig: go.Figure) -> dict[str, int]:
    """The highest id in use per subplot kind (x, y, polar, legend, ...)."""
    used: dict[str, int] = {"x": 1, "y": 1, "legend": 1}
    for key in fig.layout.to_plotly_json():
        m = _AXIS_KEY.match(key)
        if m:
            used[m.group(1)] = max(used.get(m.group(1), 1), int(m.group(2) or 1))
            continue
        m = _SUBPLOT_KEY.match(key) or re.match(r"^(legend)(\d*)$", key)
        if m:
            used[m.group(1)] = max(used.get(m.group(1), 1), int(m.group(2) or 1))
    for trace in fig.data:
        for attr in ("xaxis", "yaxis"):
            ref = getattr(trace, attr, None) if attr in trace else None
            if ref:
                used[ref[0]] = max(used.get(ref[0], 1), int(ref[1:] or 1))
    return used


def _map_domain(domain: Sequence[float] | None, lo: float, span: float) -> list[float]:
    d0, d1 = (domain or [0.0, 1.0])[:2]
    return [clamp01(lo + d0 * span), clamp01(lo + d1 * span)]


def add_subplot_figure(
    fig: go.Figure,
    sub_fig: go.Figure,
    *,
    x: float,
    y: float,
    w: float,
    h: float,
    margin: dict[str, float] | None = None,
    font_size: float | None = None,
    show_title: bool = True,
) -> dict[str, str]:
    """Copy a chart (cartesian, domain traces such as pie/indicator/table, or polar-like subplots) into
    the pixel box on the slide, on fresh axes ``xaxisN``/``yaxisN``.  The box includes the chart's
    margins (``margin``, px, default: the chart's own explicit margins or ``DEFAULT_SUB_MARGIN``), its
    title (drawn as a text box at the top when ``show_title``) and its legend (moved to its own
    ``legendN`` placed as in the chart).  Default trace colours are pinned to the chart's colourway so
    each chart keeps the colours it had alone.  ``font_size`` sets tick, axis-title and legend text
    size.  Returns the mapping of the chart's subplot ids to the slide's (e.g. ``{"x": "x3"}``)."""
    src = sub_fig.to_dict()
    layout = src.get("layout", {})
    data = src.get("data", [])
    used = _used_numbers(fig)
    explicit_margin = {k: v for k, v in (layout.get("margin") or {}).items() if k in ("l", "r", "t", "b")}
    m = {**DEFAULT_SUB_MARGIN, **explicit_margin, **(margin or {})}
    top = _draw_title(fig, layout, x=x, y=y, w=w, font_size=font_size, show_title=show_title)
    plan = _legend_plan(layout, data, w=w, m=m, top=top, font_size=font_size)
    top = plan.top
    inner_top = top + (12 if top > y else m["t"])
    inner = Box(x + m["l"], inner_top, max(10, w - m["l"] - m["r"] - plan.right_strip), 0)
    inner = Box(inner.x, inner.y, inner.w, max(10, y + h - m["b"] - inner.y))
    area = _Area(*px_to_paper(*inner.kw().values()), right=inner.right)
    legend_ref = _place_legend(plan, used, area)

    remap = _Remap(used)
    new_layout = _remap_axes(layout, data, remap, area, font_size)
    colorway = layout.get("colorway") or ((layout.get("template") or {}).get("layout") or {}).get("colorway")
    if legend_ref:
        new_layout[legend_ref] = plan.legend
    new_traces = _remap_traces(data, remap, new_layout, area, legend_ref, colorway or SERIES_COLORS)

    # Layout-wide bar settings: only when the slide has none yet (they apply to the whole slide).
    for key in ("barmode", "bargap", "bargroupgap"):
        if key in layout and fig.layout[key] is None:
            new_layout[key] = layout[key]

    fig.update_layout(**new_layout)
    fig.add_traces(new_traces)
    for shape in layout.get("shapes") or []:
        fig.add_shape(**_remap_refs(shape, remap.mapping, area.ix0, area.xspan, area.iy0, area.yspan))
    for ann in layout.get("annotations") or []:
        fig.add_annotation(**_remap_refs(ann, remap.mapping, area.ix0, area.xspan, area.iy0, area.yspan))
    return remap.mapping


class _Area:
    """The chart's plot area on the slide, in paper fractions (and its right edge in pixels)."""

    def __init__(self, xs: list[float], ys: list[float], *, right: float) -> None:
        (self.ix0, self.ix1), (self.iy0, self.iy1) = xs, ys
        self.xspan, self.yspan = self.ix1 - self.ix0, self.iy1 - self.iy0
        self.right = right


class _Remap:
    """The chart's subplot ids -> fresh ids on the slide (``x`` -> ``x3``), numbered after those in use."""

    def __init__(self, used: dict[str, int]) -> None:
        self.used = used
        self.mapping: dict[str, str] = {}

    def ref(self, kind: str, old: str) -> str:
        if old in self.mapping:
            return self.mapping[old]
        self.used[kind] = self.used.get(kind, 1) + 1
        self.mapping[old] = kind + str(self.used[kind])
        return self.mapping[old]


def _draw_title(fig: go.Figure, layout: dict[str, Any], *, x: float, y: float, w: float, font_size: float | None,
                show_title: bool) -> float:
    """The chart's title as a text box at the top of the box; returns where the chart goes on below it."""
    title_text = ((layout.get("title") or {}).get("text") or "") if show_title else ""
    if not title_text:
        return y
    title_font = (layout.get("title") or {}).get("font") or {}
    title_size = float(title_font.get("size") or (font_size or BASE_FONT_SIZE) * 1.2)
    fitted = add_text_box(fig, x=x + 4, y=y, w=w - 8, h=title_size * LINE_HEIGHT, text=_strip_tags(title_text),
                          size=title_size, bold=True, max_lines=1, color=title_font.get("color") or TEXT_COLOR)
    return y + fitted.height + 8


class _LegendPlan:
    def __init__(self, legend: dict[str, Any] | None, place: str, lx: float, ly: float, legend_top: float,
                 top: float, right_strip: float) -> None:
        self.legend, self.place, self.lx, self.ly = legend, place, lx, ly
        self.legend_top, self.top, self.right_strip = legend_top, top, right_strip
        self.size = BASE_FONT_SIZE


def _legend_plan(layout: dict[str, Any], data: list[dict[str, Any]], *, w: float, m: dict[str, float], top: float,
                 font_size: float | None) -> _LegendPlan:
    """Legend: its own legendN.  A legend outside the plot area (the usual "above" or "right") gets a
    strip of the box so it overlaps neither the title nor a neighbouring chart."""
    visible_entries = [t for t in data if t.get("showlegend") is not False]
    show_legend = layout.get("showlegend")
    if show_legend is None:
        show_legend = len(visible_entries) > 1 or any(t.get("type") in ("pie", "funnelarea") for t in data)
    legend = copy.deepcopy(layout.get("legend") or {}) if show_legend else None
    legend_size = float(font_size or ((legend or {}).get("font") or {}).get("size") or BASE_FONT_SIZE)
    names = [str(t.get("name") or f"trace {i}") for i, t in enumerate(visible_entries)]
    plan = _LegendPlan(legend, "inside", 0.0, 0.0, top, top, 0.0)
    plan.size = legend_size
    if legend is None:
        return plan
    legend.setdefault("orientation", "v")
    horizontal = legend["orientation"] == "h"
    plan.lx = float(legend.get("x", 0 if horizontal else 1.02))
    plan.ly = float(legend.get("y", 1.02 if horizontal else 1))
    if horizontal and plan.ly >= 1:
        plan.place = "above"
        entries = [text_width(n, legend_size) + legend_size * 2.6 for n in names] or [0.0]
        rows = max(1, math.ceil(sum(entries) / max(1.0, w - m["l"] - m["r"])))
        plan.top = top + rows * legend_size * 1.6 + 8
    elif not horizontal and plan.lx >= 1:
        plan.place = "right"
        plan.right_strip = min(w * 0.35, max((text_width(n, legend_size) for n in names), default=0.0)
                               + legend_size * 3)
    plan.size = legend_size
    return plan


def _place_legend(plan: _LegendPlan, used: dict[str, int], area: _Area) -> str | None:
    legend = plan.legend
    if legend is None:
        return None
    used["legend"] = used.get("legend", 1) + 1
    legend_ref = f"legend{used['legend']}"
    if plan.place == "above":
        legend.update(x=clamp01(area.ix0 + plan.lx * area.xspan), y=clamp01(1 - plan.legend_top / SLIDE_HEIGHT),
                      xanchor=legend.get("xanchor", "left"), yanchor="top")
    elif plan.place == "right":
        legend.update(x=clamp01((area.right + 16) / SLIDE_WIDTH), y=clamp01(area.iy0 + plan.ly * area.yspan),
                      xanchor="left", yanchor=legend.get("yanchor", "top"))
    else:
        legend.update(x=clamp01(area.ix0 + plan.lx * area.xspan), y=clamp01(area.iy0 + plan.ly * area.yspan))
    legend["xref"], legend["yref"] = "paper", "paper"
    legend.setdefault("bgcolor", "rgba(255,255,255,0)")
    legend["font"] = {**(legend.get("font") or {}), "size": plan.size}
    return legend_ref


def _remap_axes(layout: dict[str, Any], data: list[dict[str, Any]], remap: _Remap, area: _Area,
                font_size: float | None) -> dict[str, Any]:
    """The chart's axes (referenced by traces or defined in its layout) and polar-like subplots on fresh ids,
    their domains inside the plot area, links between them kept."""
    new_layout: dict[str, Any] = {}
    axis_refs = {t.get(a) or a[0] for t in data if t.get("type", "scatter") not in _DOMAIN_TRACES
                 and _trace_is_cartesian(t) for a in ("xaxis", "yaxis")}
    for key in layout:
        mm = _AXIS_KEY.match(key)
        if mm:
            axis_refs.add(mm.group(1) + (mm.group(2) if mm.group(2) not in ("", "1") else ""))
    for ref in sorted(axis_refs):
        remap.ref(ref[0], ref)
    for key in layout:
        mm = _SUBPLOT_KEY.match(key)
        if mm:
            remap.ref(mm.group(1), key)
    for ref in sorted(axis_refs):
        letter = ref[0]
        new_layout[remap.mapping[ref].replace(letter, f"{letter}axis", 1)] = _remap_axis(
            layout, ref, remap.mapping, area, font_size)
    for key, value in layout.items():
        mm = _SUBPLOT_KEY.match(key)
        if mm:
            sub = copy.deepcopy(value)
            dom = sub.get("domain") or {}
            sub["domain"] = {"x": _map_domain(dom.get("x"), area.ix0, area.xspan),
                             "y": _map_domain(dom.get("y"), area.iy0, area.yspan)}
            new_layout[remap.mapping[key]] = sub
    return new_layout


def _remap_axis(layout: dict[str, Any], ref: str, mapping: dict[str, str], area: _Area,
                font_size: float | None) -> dict[str, Any]:
    letter, num = ref[0], ref[1:]
    tick_font = {"size": font_size} if font_size else {}
    axis = copy.deepcopy(layout.get(f"{letter}axis{num}", {}))
    lo, span = (area.ix0, area.xspan) if letter == "x" else (area.iy0, area.yspan)
    axis["domain"] = _map_domain(axis.get("domain"), lo, span)
    axis["automargin"] = False
    for linked in ("anchor", "overlaying", "matches", "scaleanchor"):
        target = axis.get(linked)
        if target and target != "free" and target in mapping:
            axis[linked] = mapping[target]
        elif target and target != "free":
            axis.pop(linked)
    if "anchor" not in axis:
        other = ("y" if letter == "x" else "x") + num
        if other in mapping:
            axis["anchor"] = mapping[other]
    if "position" in axis:
        axis["position"] = clamp01(lo + float(axis["position"]) * span)
    if tick_font:
        axis["tickfont"] = {**tick_font, **(axis.get("tickfont") or {})}
        title = axis.get("title") or {}
        if isinstance(title, dict):
            axis["title"] = {**title, "font": {**tick_font, **(title.get("font") or {})}}
    return axis


_POLAR_LIKE = {"scatterpolar": "polar", "barpolar": "polar", "scatterternary": "ternary", "scattergeo": "geo",
               "choropleth": "geo", "scatter3d": "scene", "surface": "scene", "mesh3d": "scene",
               "scattersmith": "smith"}


def _remap_traces(data: list[dict[str, Any]], remap: _Remap, new_layout: dict[str, Any], area: _Area,
                  legend_ref: str | None, colorway: Sequence[str]) -> list[dict[str, Any]]:
    """The chart's traces on the slide's ids (domain traces inside the plot area), colours pinned."""
    mapping = remap.mapping
    new_traces = []
    for index, trace in enumerate(copy.deepcopy(data)):
        kind = trace.get("type", "scatter")
        if kind in _DOMAIN_TRACES or not _trace_is_cartesian(trace):
            if "subplot" in trace or any(k in trace for k in ("geo", "scene")):
                for attr in ("subplot", "geo", "scene"):
                    if attr in trace and trace[attr] in mapping:
                        trace[attr] = mapping[trace[attr]]
            elif kind in _DOMAIN_TRACES:
                dom = trace.get("domain") or {}
                trace["domain"] = {"x": _map_domain(dom.get("x"), area.ix0, area.xspan),
                                   "y": _map_domain(dom.get("y"), area.iy0, area.yspan)}
            elif kind in _POLAR_LIKE:
                polar_like = _POLAR_LIKE[kind]
                ref = remap.ref(polar_like, polar_like)
                attr = "geo" if polar_like == "geo" else "scene" if polar_like == "scene" else "subplot"
                trace[attr] = ref
                if ref not in new_layout:
                    new_layout[ref] = {"domain": {"x": [area.ix0, area.ix1], "y": [area.iy0, area.iy1]}}
        else:
            trace["xaxis"] = mapping[trace.get("xaxis") or "x"]
            trace["yaxis"] = mapping[trace.get("yaxis") or "y"]
            if kind in _COLOR_TRACES:
                _pin_colour(trace, colorway[index % len(colorway)])
        if legend_ref:
            trace["legend"] = legend_ref
        else:
            trace["showlegend"] = False
        new_traces.append(trace)
    return new_traces


def _strip_tags(text: str) -> str:
    return re.sub(r"<br\s*/?>", " ", re.sub(r"<(?!br)[^>]+>", "", str(text)))


def _trace_is_cartesian(trace: dict[str, Any]) -> bool:
    return trace.get("type", "scatter") in {
        "scatter", "scattergl", "bar", "histogram", "box", "violin", "funnel", "waterfall", "heatmap",
        "contour", "candlestick", "ohlc", "histogram2d", "histogram2dcontour", "image", "carpet",
        "scattercarpet", "contourcarpet", "splom",
    }


def _pin_colour(trace: dict[str, Any], colour: str) -> None:
    marker = trace.setdefault("marker", {})
    if trace.get("type", "scatter") in ("scatter", "scattergl"):
        line = trace.setdefault("line", {})
        if "color" not in line and "color" not in marker:
            line["color"] = colour
            marker["color"] = colour
        elif "color" not in marker:
            marker["color"] = line["color"]
        elif "color" not in line:
            line["color"] = marker["color"]
    elif "color" not in marker:
        marker["color"] = colour


def _remap_refs(item: dict[str, Any], mapping: dict[str, str], ix0: float, xspan: float, iy0: float,
                yspan: float) -> dict[str, Any]:
    item = copy.deepcopy(item)
    for letter, lo, span in (("x", ix0, xspan), ("y", iy0, yspan)):
        ref_key = f"{letter}ref"
        ref = item.get(ref_key) or (letter if letter in mapping else "paper")
        base, _, suffix = ref.partition(" ")
        if base == "paper":
            for key in (f"{letter}", f"{letter}0", f"{letter}1"):
                if key in item and isinstance(item[key], int | float):
                    item[key] = lo + float(item[key]) * span
            item[ref_key] = "paper"
        else:
            new = mapping.get(base, mapping.get(letter, base))
            item[ref_key] = f"{new} {suffix}".strip()
    return item
