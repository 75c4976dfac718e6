"""A slide's content as a short list of blocks (text, rectangle, line, table, chart, image) in canvas pixels,
read back from the slide's plotly figure: the figure the slide builders draw is the one description of a slide,
so the editable PowerPoint (review/pptx_native.py) shows exactly the numbers, words and colours of the PNG.

What is read, and from where (everything the layout helpers and ``add_subplot_figure`` put on a slide):

* paper annotations (``add_text_box``: box, size, colour, alignment; ``<b>``, ``<br>`` and coloured
  ``<span>`` markup become runs) -> ``TextBlock``; annotations on a chart's axes (the target's value at
  the line's end) are placed through the axis, as plotly places them,
* paper rectangles and lines -> ``RectBlock``/``LineBlock``; lines on a chart's axes (baseline, check-in
  markers) through the axis,
* ``go.Table`` traces -> ``TableBlock`` (cells, fills, font colours, column weights),
* ``go.Heatmap`` traces -> ``TableBlock`` with each cell filled from the colour scale (PowerPoint has no
  heat-map chart; a coloured table stays editable and keeps the numbers),
* scatter and bar traces sharing a pair of axes -> one ``ChartBlock`` (series with their data, colour,
  width, dash and markers, the axes' ranges and ticks, the legend; review/blocks_chart.py),
* layout images (the logo) -> ``ImageBlock``.

The order of the list is the drawing order: shapes below the data, tables and charts, shapes above, images,
text (plotly draws annotations last).
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from typing import Any

from review.blocks_chart import (
    CHART_TRACES,
    BlockKind,
    ChartBlock,
    PaperAxes,
    align_value_axes,
    chart_blocks,
    luminance,
    num,
    paper_x,
    paper_y,
    unpack,
)
from review.layout import SLIDE_HEIGHT, SLIDE_WIDTH, TEXT_COLOR, Box
from review.text_fit import LINE_HEIGHT, text_width


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    colour: str | None = None  # None: the block's colour


@dataclass
class TextBlock:
    box: Box
    lines: list[list[Run]]
    size: float  # px on the 1920-wide canvas
    colour: str
    align: str = "left"
    valign: str = "top"
    name: str = ""
    kind: BlockKind = BlockKind.TEXT

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in line) for line in self.lines)


@dataclass
class RectBlock:
    box: Box
    fill: str | None
    line: str | None = None
    line_width: float = 0
    kind: BlockKind = BlockKind.RECT


@dataclass
class LineBlock:
    x0: float
    y0: float
    x1: float
    y1: float
    colour: str
    width: float
    dash: str = "solid"
    kind: BlockKind = BlockKind.LINE


@dataclass
class TableBlock:
    box: Box
    header: list[list[Run]]
    rows: list[list[list[Run]]]
    col_weights: list[float]
    header_fill: str | None
    header_colour: str
    fills: list[list[str | None]]  # row-major like rows
    colours: list[list[str | None]]
    aligns: list[str]
    size: float
    header_height: float
    row_height: float
    kind: BlockKind = BlockKind.TABLE

    def text_rows(self) -> list[list[str]]:
        """The header and every row as plain text (what a reader of the table sees)."""
        plain = [[_plain(c) for c in self.header]]
        return plain + [[_plain(c) for c in row] for row in self.rows]


@dataclass
class ImageBlock:
    box: Box
    data: bytes
    kind: BlockKind = BlockKind.IMAGE


Block = TextBlock | RectBlock | LineBlock | TableBlock | ChartBlock | ImageBlock


# ------------------------------------------------------------------------------------------ helpers
def _plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


_TAG = re.compile(r"<(/?)(b|i|span|br)\b([^>]*)>", re.IGNORECASE)
_COLOUR = re.compile(r"color\s*:\s*([^;'\"]+)", re.IGNORECASE)


def parse_markup(text: str, *, bold: bool = False) -> list[list[Run]]:
    """Plotly's pseudo-HTML (``<b>``, ``<i>``, ``<span style='color:..'>``, ``<br>``) as lines of runs."""
    lines: list[list[Run]] = [[]]
    bold_depth, colours = (1 if bold else 0), [None]
    pos = 0
    for m in _TAG.finditer(str(text)):
        if m.start() > pos:
            lines[-1].append(Run(html.unescape(text[pos:m.start()]), bold_depth > 0, colours[-1]))
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag == "br":
            lines.append([])
        elif tag == "b":
            bold_depth += -1 if closing else 1
        elif tag == "span":
            if closing:
                colours = colours[:-1] or [None]
            else:
                found = _COLOUR.search(m.group(3))
                colours.append(found.group(1).strip() if found else colours[-1])
        pos = m.end()
    if pos < len(str(text)):
        lines[-1].append(Run(html.unescape(text[pos:]), bold_depth > 0, colours[-1]))
    return [[r for r in line if r.text] for line in lines]


# ------------------------------------------------------------------------------------------ annotations
def _text_block(ann: dict[str, Any], axes: PaperAxes, layout_font: dict[str, Any]) -> TextBlock | None:
    if ann.get("visible") is False or not str(ann.get("text") or "").strip():
        return None
    font = ann.get("font") or {}
    size = float(font.get("size") or layout_font.get("size") or 12)
    colour = font.get("color") or layout_font.get("color") or TEXT_COLOR
    lines = parse_markup(str(ann["text"]))
    px = axes.to_px(ann.get("xref") or "paper", ann.get("x", 0.5), "x")
    py = axes.to_px(ann.get("yref") or "paper", ann.get("y", 0.5), "y")
    if px is None or py is None:
        return None
    w = ann.get("width") or max(text_width(_plain(line), size) for line in lines) + size * 0.4
    h = ann.get("height") or len(lines) * size * LINE_HEIGHT
    xanchor, yanchor = ann.get("xanchor", "auto"), ann.get("yanchor", "auto")
    x = px - w / 2 if xanchor in ("center", "auto") else px - w if xanchor == "right" else px
    y = py - h / 2 if yanchor in ("middle", "auto") else py - h if yanchor == "bottom" else py
    align = ann.get("align") or ("right" if xanchor == "right" else "center" if xanchor in ("center", "auto")
                                 else "left")
    valign = ann.get("valign") or "middle"
    return TextBlock(Box(x, y, float(w), float(h)), lines, size, colour, align, valign, ann.get("name") or "")


# ------------------------------------------------------------------------------------------ shapes
def _shape_block(shape: dict[str, Any], axes: PaperAxes) -> RectBlock | LineBlock | None:
    if shape.get("visible") is False:
        return None
    xref, yref = shape.get("xref") or "paper", shape.get("yref") or "paper"
    x0, x1 = axes.to_px(xref, shape.get("x0"), "x"), axes.to_px(xref, shape.get("x1"), "x")
    y0, y1 = axes.to_px(yref, shape.get("y0"), "y"), axes.to_px(yref, shape.get("y1"), "y")
    if None in (x0, x1, y0, y1):
        return None
    line = shape.get("line") or {}
    width = float(line.get("width", 2) if line.get("width") is not None else 2)
    kind = shape.get("type", "rect" if "path" not in shape else "path")
    if kind == "rect":
        box = Box(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))
        return RectBlock(box, shape.get("fillcolor"), line.get("color") if width > 0 else None, width)
    if kind == "line":
        if xref != "paper" or yref != "paper":  # a line on a chart stays inside its plot area
            x0, x1, y0, y1 = _clip_to_plot(axes, xref, yref, x0, x1, y0, y1)
        return LineBlock(x0, y0, x1, y1, line.get("color") or TEXT_COLOR, width, line.get("dash") or "solid")
    return None


def _clip_to_plot(axes: PaperAxes, xref: str, yref: str, x0, x1, y0, y1):
    def bounds(ref: str, letter: str) -> tuple[float, float]:
        if ref == "paper":
            return (0.0, SLIDE_WIDTH) if letter == "x" else (0.0, SLIDE_HEIGHT)
        d0, d1 = (axes.axis(ref.split(" ")[0]).get("domain") or [0, 1])[:2]
        return (paper_x(d0), paper_x(d1)) if letter == "x" else (paper_y(d1), paper_y(d0))

    (lx, hx), (ly, hy) = bounds(xref, "x"), bounds(yref, "y")
    return (min(max(x0, lx), hx), min(max(x1, lx), hx), min(max(y0, ly), hy), min(max(y1, ly), hy))


# ------------------------------------------------------------------------------------------ tables
def _column_major(value: Any, ncols: int, nrows: int) -> list[list[Any]]:
    """A plotly cell attribute (scalar, one per column, or per column per row) as [column][row]."""
    if not isinstance(value, list | tuple):
        return [[value] * nrows for _ in range(ncols)]
    out = []
    for c in range(ncols):
        col = value[c] if c < len(value) else value[-1] if value else None
        out.append(list(col) if isinstance(col, list | tuple) else [col] * nrows)
    return out


def _table_block(trace: dict[str, Any]) -> TableBlock:
    dom = trace.get("domain") or {}
    (x0, x1), (y0, y1) = dom.get("x", [0, 1]), dom.get("y", [0, 1])
    box = Box(paper_x(x0), paper_y(y1), paper_x(x1) - paper_x(x0), paper_y(y0) - paper_y(y1))
    header, cells = trace.get("header") or {}, trace.get("cells") or {}
    columns = [list(unpack(c)) if isinstance(unpack(c), list) else [c] for c in unpack(cells.get("values")) or []]
    ncols = max(len(columns), len(header.get("values") or []))
    nrows = max((len(c) for c in columns), default=0)
    heads = list(header.get("values") or []) + [""] * ncols
    fills = _column_major((cells.get("fill") or {}).get("color"), ncols, nrows)
    colours = _column_major((cells.get("font") or {}).get("color"), ncols, nrows)
    aligns = _column_major(cells.get("align") or "left", ncols, 1)
    weights = [float(w) for w in (trace.get("columnwidth") or [1] * ncols)][:ncols]
    weights += [1.0] * (ncols - len(weights))

    def at(matrix, c, r):
        return matrix[c][r] if r < len(matrix[c]) else None

    rows = [[_flatten(columns[c][r] if r < len(columns[c]) else "") for c in range(ncols)] for r in range(nrows)]
    head_font = header.get("font") or {}
    return TableBlock(
        box=box, header=[_flatten(h) for h in heads[:ncols]], rows=rows, col_weights=weights,
        header_fill=(header.get("fill") or {}).get("color"), header_colour=head_font.get("color") or "white",
        fills=[[at(fills, c, r) for c in range(ncols)] for r in range(nrows)],
        colours=[[at(colours, c, r) for c in range(ncols)] for r in range(nrows)],
        aligns=[str(a[0] or "left") for a in aligns], size=float((cells.get("font") or {}).get("size") or 14),
        header_height=float(header.get("height") or 28), row_height=float(cells.get("height") or 28))


def _flatten(markup: Any) -> list[Run]:
    """A cell's markup as one line of runs (cells hold at most a few ``<br>`` lines: joined with a break)."""
    lines = parse_markup(str(markup if markup is not None else ""))
    out: list[Run] = []
    for i, line in enumerate(lines):
        if i:
            out.append(Run("\n"))
        out.extend(line)
    return out


def _heatmap_block(trace: dict[str, Any], axes: PaperAxes) -> TableBlock | None:
    """The heat map as a table: a row per y label, a column per x label, each cell filled from the colour
    scale as plotly fills it (min..max of z), its text the trace's text; the labels in the header row and
    the first column."""
    from plotly.colors import get_colorscale, sample_colorscale

    xa, ya = axes.axis(trace.get("xaxis") or "x"), axes.axis(trace.get("yaxis") or "y")
    z = [[num(v) for v in row] for row in unpack(trace.get("z")) or []]
    xs, ys = [str(v) for v in unpack(trace.get("x")) or []], [str(v) for v in unpack(trace.get("y")) or []]
    if not z or not xs or not ys:
        return None
    text = unpack(trace.get("text")) or [[("" if v is None else f"{v:g}") for v in row] for row in z]
    values = [v for row in z for v in row if v is not None]
    lo, hi = num(trace.get("zmin")), num(trace.get("zmax"))
    lo = min(values) if lo is None and values else (lo or 0.0)
    hi = max(values) if hi is None and values else (hi or 1.0)
    scale = trace.get("colorscale") or "Blues"
    scale = get_colorscale(scale) if isinstance(scale, str) else scale
    if trace.get("reversescale"):
        scale = [[1 - float(p), c] for p, c in reversed(scale)]

    def fill(v: float | None) -> str | None:
        if v is None:
            return None
        return sample_colorscale(scale, [0.5 if hi == lo else (v - lo) / (hi - lo)])[0]

    (dx0, dx1), (dy0, dy1) = (xa.get("domain") or [0, 1])[:2], (ya.get("domain") or [0, 1])[:2]
    label_w = min(220.0, max(text_width(y, 18) for y in ys) + 30)
    left = paper_x(dx0) - label_w
    box = Box(left, paper_y(dy1), paper_x(dx1) - left, paper_y(dy0) - paper_y(dy1) + 36)
    rows, fills, colours = [], [], []
    for r in range(len(ys)):  # the deck's heat maps list the first y on top (autorange "reversed")
        cells = [str(text[r][c]) if r < len(text) and c < len(text[r]) else "" for c in range(len(xs))]
        rows.append([[Run(ys[r], True)], *[[Run(c)] for c in cells]])
        row_fills = [fill(z[r][c] if c < len(z[r]) else None) for c in range(len(xs))]
        fills.append([None, *row_fills])
        colours.append([None, *[("white" if f and luminance(f) < 0.5 else TEXT_COLOR) for f in row_fills]])
    font = trace.get("textfont") or {}
    size = float(font.get("size") or 18)
    n = len(rows) + 1
    return TableBlock(box=box, header=[[]] + [[Run(x, True)] for x in xs], rows=rows,
                      col_weights=[label_w] + [(box.w - label_w) / len(xs)] * len(xs), header_fill=None,
                      header_colour=TEXT_COLOR, fills=fills, colours=colours,
                      aligns=["right"] + ["center"] * len(xs), size=size, header_height=box.h / n,
                      row_height=box.h / n)


# ------------------------------------------------------------------------------------------ the slide
def _image_block(image: dict[str, Any]) -> ImageBlock | None:
    source = str(image.get("source") or "")
    if not source.startswith("data:image/") or ";base64," not in source:
        return None
    x, y = float(image.get("x", 0)), float(image.get("y", 1))
    w, h = float(image.get("sizex", 0)) * SLIDE_WIDTH, float(image.get("sizey", 0)) * SLIDE_HEIGHT
    left = paper_x(x) - (w if image.get("xanchor") == "right" else w / 2 if image.get("xanchor") == "center" else 0)
    top = paper_y(y) - (h if image.get("yanchor") == "bottom" else h / 2 if image.get("yanchor") == "middle" else 0)
    return ImageBlock(Box(left, top, w, h), base64.b64decode(source.split(";base64,", 1)[1]))


def figure_blocks(figure: Any) -> list[Block]:
    """The slide's blocks in drawing order (see the module doc); ``figure`` is a go.Figure or its dict."""
    spec = figure.to_dict() if hasattr(figure, "to_dict") else dict(figure)
    layout, data = spec.get("layout") or {}, spec.get("data") or []
    layout = align_value_axes(layout)
    axes = PaperAxes(layout)
    shapes = [(s.get("layer") or "above", _shape_block(s, axes)) for s in layout.get("shapes") or []]
    middle: list[Block] = []
    for trace in data:
        kind = trace.get("type", "scatter")
        if kind == "table":
            middle.append(_table_block(trace))
        elif kind == "heatmap":
            block = _heatmap_block(trace, axes)
            if block is not None:
                middle.append(block)
    middle += chart_blocks([t for t in data if t.get("type", "scatter") in CHART_TRACES], layout, axes)
    images = [b for b in (_image_block(i) for i in layout.get("images") or []) if b is not None]
    texts = [_text_block(a, axes, layout.get("font") or {}) for a in layout.get("annotations") or []]
    return ([b for layer, b in shapes if b is not None and layer == "below"] + middle
            + [b for layer, b in shapes if b is not None and layer != "below"] + images
            + [b for b in texts if b is not None])
