"""A ``ChartBlock`` as a native PowerPoint chart (python-pptx chart part with its embedded workbook): a line
chart (a bar chart when the traces are bars) whose series are the slide's traces with the same data,
colours, widths, dashes and markers.  Lines that span the period with two points (the pace, the target, the
forecast) are series too: the chart holds every x of every series as its categories and joins a series'
points across the categories it has no value for (``dispBlanksAs span``), so they draw straight as on the
slide.  A filled band (the forecast range) has no line-chart form: review/blocks_chart.py gives its two edges.

The plot area is placed where the figure's axes are (a manual inner layout), the value axis gets the
figure's range, tick step and a number format read from its tick labels ('80%', '10K', '¥1,200'), the date
axis a tick per month labelled like the slide ('Jul' / '7月')."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from review.blocks_chart import Axis, ChartBlock, Series
from review.pptx_style import EAST_ASIAN_FONT, LATIN_FONT, colour_of, dash_style, emu, pt, set_font

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def chart_categories(series: Sequence[Series]) -> list[Any]:
    """The chart's categories: every x of every series, in order (dates by date)."""
    seen = {x for s in series for x in s.x if x is not None}
    try:
        return sorted(seen)
    except TypeError:
        return list(dict.fromkeys(x for s in series for x in s.x if x is not None))


def series_values(series: Series, categories: Sequence[Any]) -> list[float | None]:
    """The series' values on the chart's categories (None where it has no point)."""
    by_x = {x: y for x, y in zip(series.x, series.y, strict=False) if x is not None}
    return [by_x.get(c) for c in categories]


def number_format(axis: Axis) -> str:
    """An Excel number format that writes the axis' tick values as the slide's tick labels do."""
    pairs = [(v, t) for v, t in zip(axis.tickvals, axis.ticktext, strict=False) if isinstance(v, int | float) and v]
    if not pairs:
        return "General"
    value, text = pairs[-1]
    match = re.search(r"-?[\d.,]+", text)
    if not match:
        return "General"
    decimals = max((len(m.group(1)) for _, t in pairs for m in [re.search(r"\d\.(\d+)", t)] if m), default=0)
    digits = "0" + ("." + "0" * decimals if decimals else "")
    prefix, suffix = text[:match.start()].lstrip("-−"), text[match.end():]
    try:
        shown = float(match.group().replace(",", ""))
    except ValueError:
        return "General"
    if suffix.startswith("%"):
        return digits + "%"
    ratio = abs(value / shown) if shown else 1
    if 500 <= ratio < 5000:
        body = "#,##" + digits + ","
    elif 5e5 <= ratio < 5e6:
        body = "#,##" + digits + ",,"
    elif 5e8 <= ratio < 5e9:
        body = "#,##" + digits + ",,,"
    elif 0.5 <= ratio < 5:
        body = "#,##" + digits
    else:  # 万 / 亿 steps have no Excel scaling: plain numbers
        return "#,##0"
    return _quoted(prefix) + body + _quoted(suffix)


def _quoted(text: str) -> str:
    return f'"{text}"' if text else ""


def add_chart(shapes, block: ChartBlock):
    """The chart on the slide at the block's frame; returns the python-pptx chart."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    series = block.series
    categories = chart_categories(series)
    data = CategoryChartData(number_format=number_format(block.y))
    data.categories = categories
    for s in series:
        data.add_series(s.name or " ", series_values(s, categories))
    bars = all(s.bar for s in series)
    if bars:
        kind = XL_CHART_TYPE.BAR_CLUSTERED if series[0].horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    else:
        kind = XL_CHART_TYPE.LINE_MARKERS if any(max(s.marker_sizes or [0]) > 0 for s in series) else XL_CHART_TYPE.LINE
    frame = block.frame
    graphic = shapes.add_chart(kind, emu(frame.x), emu(frame.y), emu(frame.w), emu(frame.h), data)
    graphic.name = "Chart: " + ", ".join(s.name for s in series if s.name)[:60]
    chart = graphic.chart
    chart.has_title = False
    chart.font.size = pt(block.x.font_size)
    chart.font.name = LATIN_FONT
    for s, plotted in zip(series, chart.plots[0].series, strict=True):
        _style_series(plotted, s, categories)
    _axes(chart, block, categories)
    _legend(chart, block)
    _plot_area(chart, block)
    _no_frame(chart)
    return chart


def _style_series(plotted, s: Series, categories: list[Any]) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE

    if s.bar:
        plotted.format.fill.solid()
        plotted.format.fill.fore_color.rgb = colour_of(s.colour)
        return
    plotted.smooth = False
    line = plotted.format.line
    if s.lines:
        line.color.rgb = colour_of(s.colour)
        line.width = pt(s.width)
        line.dash_style = dash_style(s.dash)
    else:
        line.fill.background()
    sizes = s.marker_sizes or [0]
    if max(sizes) <= 0:
        plotted.marker.style = XL_MARKER_STYLE.NONE
        return
    uniform = len(set(sizes)) == 1
    plotted.marker.style = XL_MARKER_STYLE.CIRCLE if uniform else XL_MARKER_STYLE.NONE
    if uniform:
        _marker(plotted.marker, sizes[0], s.colour)
        return
    for x, size in zip(s.x, sizes, strict=False):
        if size > 0 and x is not None:  # only these points get a marker (the forecast's end point)
            point = plotted.points[categories.index(x)]
            point.marker.style = XL_MARKER_STYLE.CIRCLE
            _marker(point.marker, size, s.colour)


def _marker(marker, size_px: float, colour: str) -> None:
    marker.size = max(2, min(72, round(size_px / 2 + 1)))
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = colour_of(colour)
    marker.format.line.color.rgb = colour_of(colour)


def _axes(chart, block: ChartBlock, categories: list[Any]) -> None:
    value_axis, category_axis = chart.value_axis, chart.category_axis
    y, x = block.y, block.x
    if y.range and all(isinstance(v, int | float) for v in y.range):
        value_axis.minimum_scale, value_axis.maximum_scale = float(y.range[0]), float(y.range[1])
    if y.step:
        value_axis.major_unit = float(y.step)
    value_axis.has_major_gridlines = y.grid is not None
    if y.grid is not None:
        value_axis.major_gridlines.format.line.color.rgb = colour_of(y.grid)
        value_axis.major_gridlines.format.line.width = pt(1)
    value_axis.format.line.fill.background()
    value_axis.tick_labels.number_format = number_format(y)
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.visible = y.visible
    category_axis.visible = x.visible
    category_axis.format.line.color.rgb = colour_of("#e5e7eb")
    for axis, spec in ((value_axis, y), (category_axis, x)):
        set_font(axis.tick_labels.font, size=spec.font_size, colour="#6b7280")
    if categories and isinstance(categories[0], date):
        _month_ticks(category_axis, x)
    _cross_between(chart, "midCat" if not all(s.bar for s in block.series) else "between")


def _month_ticks(category_axis, x: Axis) -> None:
    """A tick and label at each month (as the slide's month axis), labelled 'Jul' or '7月'."""
    from lxml import etree

    chinese = any("月" in t for t in x.ticktext)
    category_axis.tick_labels.number_format = 'm"月"' if chinese else "mmm"
    category_axis.tick_labels.number_format_is_linked = False
    ax = category_axis._element
    for tag in ("baseTimeUnit", "majorUnit", "majorTimeUnit"):
        for old in ax.findall(f"{{{_C}}}{tag}"):
            ax.remove(old)
    anchor = ax.find(f"{{{_C}}}lblOffset")
    for tag, value in (("baseTimeUnit", "days"), ("majorUnit", "1"), ("majorTimeUnit", "months")):
        element = etree.Element(f"{{{_C}}}{tag}", val=value)
        if anchor is not None:
            anchor.addnext(element)
            anchor = element
        else:
            ax.append(element)


def _cross_between(chart, how: str) -> None:
    for element in chart._chartSpace.xpath(".//c:valAx/c:crossBetween"):
        element.set("val", how)
    for element in chart._chartSpace.xpath(".//c:dispBlanksAs"):
        element.set("val", "span")
    if not chart._chartSpace.xpath(".//c:dispBlanksAs"):
        from lxml import etree

        plot_vis = chart._chartSpace.xpath(".//c:chart/c:plotVisOnly")
        element = etree.Element(f"{{{_C}}}dispBlanksAs", val="span")
        if plot_vis:
            plot_vis[0].addnext(element)
        else:
            chart._chartSpace.xpath(".//c:chart")[0].append(element)


def _legend(chart, block: ChartBlock) -> None:
    from lxml import etree
    from pptx.enum.chart import XL_LEGEND_POSITION

    chart.has_legend = block.legend
    if not block.legend:
        return
    legend = chart.legend
    legend.position = XL_LEGEND_POSITION.TOP
    legend.include_in_layout = False
    set_font(legend.font, size=block.legend_size, colour="#6b7280")
    element = legend._element
    position = element.find(f"{{{_C}}}legendPos")
    for index, s in enumerate(block.series):
        if s.in_legend:
            continue
        entry = etree.Element(f"{{{_C}}}legendEntry")
        etree.SubElement(entry, f"{{{_C}}}idx", val=str(index))
        etree.SubElement(entry, f"{{{_C}}}delete", val="1")
        position.addnext(entry)


def _plot_area(chart, block: ChartBlock) -> None:
    """The plot area (inside the axes) where the figure's axes are, as fractions of the chart's frame."""
    from lxml import etree

    frame, plot = block.frame, block.plot
    area = chart._chartSpace.xpath(".//c:plotArea")[0]
    for old in area.findall(f"{{{_C}}}layout"):
        area.remove(old)
    layout = etree.Element(f"{{{_C}}}layout")
    manual = etree.SubElement(layout, f"{{{_C}}}manualLayout")
    etree.SubElement(manual, f"{{{_C}}}layoutTarget", val="inner")
    etree.SubElement(manual, f"{{{_C}}}xMode", val="edge")
    etree.SubElement(manual, f"{{{_C}}}yMode", val="edge")
    for tag, value in (("x", (plot.x - frame.x) / frame.w), ("y", (plot.y - frame.y) / frame.h),
                       ("w", plot.w / frame.w), ("h", plot.h / frame.h)):
        etree.SubElement(manual, f"{{{_C}}}{tag}", val=f"{min(1.0, max(0.0, value)):.4f}")
    area.insert(0, layout)


def _no_frame(chart) -> None:
    """No background or border around the chart (the slide's card shows through, as in the figure)."""
    from lxml import etree

    space = chart._chartSpace
    for old in space.findall(f"{{{_C}}}spPr"):
        space.remove(old)
    sppr = etree.Element(f"{{{_C}}}spPr")
    etree.SubElement(sppr, f"{{{_A}}}noFill")
    ln = etree.SubElement(sppr, f"{{{_A}}}ln")
    etree.SubElement(ln, f"{{{_A}}}noFill")
    anchor = space.find(f"{{{_C}}}txPr")
    if anchor is not None:
        anchor.addprevious(sppr)
    else:
        space.append(sppr)


__all__ = ["EAST_ASIAN_FONT", "add_chart", "chart_categories", "number_format", "series_values"]
