"""Slide canvas helpers: a fixed 1920x1080 plotly figure and things placed on it.

Coordinates
-----------
Every helper takes **pixels on the 1920x1080 canvas, origin at the top-left corner, y growing
downwards** (``x, y`` is the top-left corner of a box, ``w, h`` its size), the way a slide designer
measures.  The helpers convert to plotly paper fractions themselves (the slide has zero margins, so
paper == canvas).  ``px_to_paper`` does the conversion for anything added by hand.

Text
----
Plotly does not wrap text, so text is measured here with a per-character width estimate for the
slide font (``charts.theme.FONT_FAMILY``, Noto Sans CJK SC first): CJK full-width characters 1.0 em,
Latin letters from a table of that font's own advance widths (≈0.5 em on average, 0.28 for "i", 0.93
for "m") plus 4% so that other sans fonts (Arial, Helvetica) fit as well; other scripts 0.62 em.
``fit_text`` wraps (on spaces for Latin, between any two characters for CJK, never putting closing
punctuation at the start of a line), shrinks the font down to ``min_size`` and finally ellipsizes.
Text boxes are also plotly annotations with a fixed width/height, which clip rather than spill.

Layout of a slide (see ``new_slide``): a title band (accent strip, title, subtitle, optional logo) over
``CONTENT`` (x 80..1840, y 236..1000), and a footer line with branding/footer text and page number.
Slide facts (title, accent, lang, page) are kept in ``fig.layout.meta["slide"]``.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from charts.theme import ACCENT, FONT_FAMILY, GRID, MUTED, SERIES_COLORS
from review.text_fit import ELLIPSIS, LINE_HEIGHT, FittedText, escape_text, fit_text, markup_lines

SLIDE_WIDTH = 1920
SLIDE_HEIGHT = 1080
MARGIN_X = 80
TEXT_COLOR = "#111827"
BASE_FONT_SIZE = 20
TITLE_SIZE = 54
TITLE_MIN_SIZE = 34
SUBTITLE_SIZE = 28
FOOTER_SIZE = 18


@dataclass(frozen=True)
class Box:
    """A rectangle on the canvas in pixels: top-left corner (x, y), width w, height h."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def kw(self) -> dict[str, float]:
        """``add_text_box(fig, **box.kw(), text=...)``."""
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h}

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def columns(self, weights: int | Sequence[float], gap: float = 40) -> list[Box]:
        """Split side by side: ``box.columns(3)`` or ``box.columns([2, 1])`` (relative widths)."""
        parts = [1.0] * weights if isinstance(weights, int) else [float(v) for v in weights]
        free = self.w - gap * (len(parts) - 1)
        out, x = [], self.x
        for part in parts:
            width = free * part / sum(parts)
            out.append(Box(x, self.y, width, self.h))
            x += width + gap
        return out

    def rows(self, weights: int | Sequence[float], gap: float = 24) -> list[Box]:
        """Split top to bottom: ``box.rows(2)`` or ``box.rows([1, 3])`` (relative heights)."""
        parts = [1.0] * weights if isinstance(weights, int) else [float(v) for v in weights]
        free = self.h - gap * (len(parts) - 1)
        out, y = [], self.y
        for part in parts:
            height = free * part / sum(parts)
            out.append(Box(self.x, y, self.w, height))
            y += height + gap
        return out


TITLE_BOX = Box(MARGIN_X, 44, SLIDE_WIDTH - 2 * MARGIN_X, 112)
SUBTITLE_BOX = Box(MARGIN_X, 160, SLIDE_WIDTH - 2 * MARGIN_X, 40)
LOGO_BOX = Box(SLIDE_WIDTH - MARGIN_X - 220, 44, 220, 100)
CONTENT = Box(MARGIN_X, 236, SLIDE_WIDTH - 2 * MARGIN_X, 764)
FOOTER_Y = 1016
FOOTER_BOX = Box(MARGIN_X, 1030, SLIDE_WIDTH - 2 * MARGIN_X, 36)


def px_to_paper(x: float, y: float, w: float, h: float) -> tuple[list[float], list[float]]:
    """Pixel box (top-left origin) -> plotly paper ``([x0, x1], [y0, y1])`` (bottom-left origin)."""
    x0, x1 = x / SLIDE_WIDTH, (x + w) / SLIDE_WIDTH
    y0, y1 = 1 - (y + h) / SLIDE_HEIGHT, 1 - y / SLIDE_HEIGHT
    return [clamp01(x0), clamp01(x1)], [clamp01(y0), clamp01(y1)]


def clamp01(v: float) -> float:
    return min(1.0, max(0.0, round(v, 6)))


# ------------------------------------------------------------------------------------------- slide


def slide_meta(fig: go.Figure) -> dict[str, Any]:
    meta = fig.layout.meta
    if isinstance(meta, dict) and isinstance(meta.get("slide"), dict):
        return meta["slide"]
    return {}


def _set_meta(fig: go.Figure, **values: Any) -> None:
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    slide = dict(meta.get("slide") or {})
    slide.update(values)
    meta["slide"] = slide
    fig.layout.meta = meta


def new_slide(
    *,
    title: str,
    subtitle: str | None = None,
    accent: str = ACCENT,
    lang: str,
    footer: str | None = None,
    brand: str | None = None,
    logo_png: bytes | None = None,
    page: int | None = None,
    total: int | None = None,
) -> go.Figure:
    """An empty 1920x1080 slide: accent strip, title band (title wraps to two lines and shrinks,
    then ellipsizes), optional subtitle and logo (top right), footer (brand · footer text, page)."""
    fig = go.Figure()
    fig.update_layout(
        width=SLIDE_WIDTH,
        height=SLIDE_HEIGHT,
        autosize=False,
        margin={"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0, "autoexpand": False},
        paper_bgcolor="white",
        plot_bgcolor="white",
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": TEXT_COLOR},
        colorway=SERIES_COLORS,
        showlegend=True,
        xaxis={"visible": False, "fixedrange": True},
        yaxis={"visible": False, "fixedrange": True},
        hovermode=False,
    )
    _set_meta(fig, title=title, subtitle=subtitle, accent=accent, lang=lang, page=page, total=total)
    # Accent strip along the top and a hairline under the title band.
    fig.add_shape(type="rect", xref="paper", yref="paper", x0=0, x1=1, y0=1 - 12 / SLIDE_HEIGHT, y1=1,
                  line={"width": 0}, fillcolor=accent, layer="below")
    fig.add_shape(type="line", xref="paper", yref="paper", x0=MARGIN_X / SLIDE_WIDTH,
                  x1=1 - MARGIN_X / SLIDE_WIDTH, y0=1 - 214 / SLIDE_HEIGHT, y1=1 - 214 / SLIDE_HEIGHT,
                  line={"color": GRID, "width": 2})
    title_box = TITLE_BOX
    if logo_png:
        title_box = Box(TITLE_BOX.x, TITLE_BOX.y, LOGO_BOX.x - 40 - TITLE_BOX.x, TITLE_BOX.h)
        _add_logo(fig, logo_png)
    if not subtitle:  # the title gets the whole band and sits in its middle
        title_box = Box(title_box.x, title_box.y, title_box.w, SUBTITLE_BOX.bottom - title_box.y)
    add_text_box(fig, **title_box.kw(), text=title, size=TITLE_SIZE, min_size=TITLE_MIN_SIZE, bold=True,
                 color=TEXT_COLOR, valign="bottom" if subtitle else "middle", name="slide-title")
    if subtitle:
        add_text_box(fig, **Box(SUBTITLE_BOX.x, SUBTITLE_BOX.y, title_box.w, SUBTITLE_BOX.h).kw(),
                     text=subtitle, size=SUBTITLE_SIZE, min_size=20, color=MUTED, max_lines=1,
                     name="slide-subtitle")
    _add_footer(fig, brand=brand, footer=footer, accent=accent, page=page, total=total)
    return fig


def _add_footer(fig: go.Figure, *, brand: str | None, footer: str | None, accent: str, page: int | None,
                total: int | None) -> None:
    """The footer line, the brand (in the accent colour) and footer text on the left, the page number right."""
    fig.add_shape(type="line", xref="paper", yref="paper", x0=MARGIN_X / SLIDE_WIDTH,
                  x1=1 - MARGIN_X / SLIDE_WIDTH, y0=1 - FOOTER_Y / SLIDE_HEIGHT, y1=1 - FOOTER_Y / SLIDE_HEIGHT,
                  line={"color": GRID, "width": 1})
    left_w = FOOTER_BOX.w - 200
    parts = [p for p in (brand, footer) if p]
    if parts:
        fitted = fit_text("  ·  ".join(parts), width=left_w, height=FOOTER_BOX.h, size=FOOTER_SIZE,
                          min_size=14, max_lines=1)
        text = escape_text(fitted.lines[0])
        if brand and text.startswith(escape_text(brand)):
            text = f"<b><span style='color:{accent}'>{escape_text(brand)}</span></b>" + text[len(escape_text(brand)):]
        _annotation(fig, Box(FOOTER_BOX.x, FOOTER_BOX.y, left_w, FOOTER_BOX.h), text, size=fitted.size,
                    color=MUTED, align="left", valign="middle", name="slide-footer")
    _annotation(fig, Box(FOOTER_BOX.right - 180, FOOTER_BOX.y, 180, FOOTER_BOX.h), _page_label(page, total),
                size=FOOTER_SIZE, color=MUTED, align="right", valign="middle", name="slide-page")


def _page_label(page: int | None, total: int | None) -> str:
    if page is None:
        return ""
    return f"{page} / {total}" if total else str(page)


def set_page_number(fig: go.Figure, page: int, total: int | None = None) -> None:
    """Write "page / total" into the footer of a slide made by ``new_slide``."""
    fig.update_annotations(selector={"name": "slide-page"}, text=_page_label(page, total))
    _set_meta(fig, page=page, total=total)


def number_pages(figures: Sequence[go.Figure]) -> None:
    """Number a deck's slides 1..N in order."""
    for i, fig in enumerate(figures, start=1):
        set_page_number(fig, i, len(figures))


def _add_logo(fig: go.Figure, logo_png: bytes) -> None:
    source = "data:image/png;base64," + base64.b64encode(logo_png).decode("ascii")
    (x0, x1), (y0, y1) = px_to_paper(*LOGO_BOX.kw().values())
    fig.add_layout_image(source=source, xref="paper", yref="paper", x=x1, y=y1, sizex=x1 - x0, sizey=y1 - y0,
                         xanchor="right", yanchor="top", sizing="contain", layer="above", name="slide-logo")


def _annotation(fig: go.Figure, box: Box, text: str, *, size: float, color: str, align: str,
                valign: str, name: str | None = None) -> None:
    fig.add_annotation(
        xref="paper", yref="paper", x=clamp01(box.x / SLIDE_WIDTH), y=clamp01(1 - box.y / SLIDE_HEIGHT),
        xanchor="left", yanchor="top", width=max(1, box.w), height=max(1, box.h), align=align, valign=valign,
        text=text, showarrow=False, borderpad=0, borderwidth=0, font={"size": size, "color": color},
        name=name,
    )


def add_text_box(
    fig: go.Figure,
    *,
    x: float,
    y: float,
    w: float,
    h: float,
    text: str,
    size: float = BASE_FONT_SIZE,
    color: str = TEXT_COLOR,
    align: str = "left",
    bold: bool = False,
    valign: str = "top",
    min_size: float | None = None,
    max_lines: int | None = None,
    name: str | None = None,
) -> FittedText:
    """Plain ``text`` (no markup; ``\\n`` breaks lines) fitted into the pixel box: wrapped, shrunk to
    ``min_size`` if needed, then ellipsized.  ``align``: left|center|right; ``valign``: top|middle|bottom.
    Returns what was drawn (lines, font size, whether it was truncated)."""
    fitted = fit_text(text, width=w, height=h, size=size, min_size=min_size, bold=bold, max_lines=max_lines)
    _annotation(fig, Box(x, y, w, h), markup_lines(fitted.lines, bold), size=fitted.size, color=color, align=align,
                valign=valign, name=name)
    return fitted


def add_rect(fig: go.Figure, *, x: float, y: float, w: float, h: float, fill: str,
             line: str | None = None, line_width: float = 1, layer: str = "below") -> None:
    """A filled rectangle (card background, highlight) in pixels."""
    (x0, x1), (y0, y1) = px_to_paper(x, y, w, h)
    fig.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=fill,
                  line={"color": line or fill, "width": line_width if line else 0}, layer=layer)


def add_progress_bar(
    fig: go.Figure,
    *,
    x: float,
    y: float,
    w: float,
    h: float,
    value: float | None,
    pace: float | None = None,
    color: str = ACCENT,
    track: str = "#e5e7eb",
) -> None:
    """A horizontal bar: ``value`` (fraction, clipped to 0..1; None draws only the track) filled with
    ``color``; ``pace`` (fraction of the period elapsed, the expected progress) as a dark tick that
    overhangs the bar by a quarter of its height."""
    add_rect(fig, x=x, y=y, w=w, h=h, fill=track, layer="above")
    if value is not None and not (isinstance(value, float) and math.isnan(value)):
        frac = min(1.0, max(0.0, float(value)))
        if frac > 0:
            add_rect(fig, x=x, y=y, w=w * frac, h=h, fill=color, layer="above")
    if pace is not None and not (isinstance(pace, float) and math.isnan(pace)):
        px = x + w * min(1.0, max(0.0, float(pace)))
        over = max(3.0, h * 0.25)
        (x0, _), (y0, y1) = px_to_paper(px, y - over, 0, h + 2 * over)
        fig.add_shape(type="line", xref="paper", yref="paper", x0=x0, x1=x0, y0=y0, y1=y1,
                      line={"color": TEXT_COLOR, "width": 3}, layer="above")


# ------------------------------------------------------------------------------------------- table

TABLE_CELL_PAD = 10  # px inside a cell on the left/right
TABLE_ROW_PAD = 14  # px added to the text height of a row


@dataclass(frozen=True)
class TableFit:
    size: float
    rows_shown: int
    rows_total: int
    row_heights: list[float]

    @property
    def truncated(self) -> bool:
        return self.rows_shown < self.rows_total


def _fit_cells(rows: Sequence[Sequence[str]], widths: Sequence[float], size: float, bold: bool,
               max_lines: int) -> tuple[list[list[str]], list[int]]:
    out, line_counts = [], []
    for row in rows:
        cells, most = [], 1
        for value, width in zip(row, widths, strict=False):
            fitted = fit_text(str(value), width=max(10.0, width - 2 * TABLE_CELL_PAD), height=1e9, size=size,
                              min_size=size, bold=bold, max_lines=max_lines)
            cells.append(markup_lines(fitted.lines, bold))
            most = max(most, len(fitted.lines))
        out.append(cells)
        line_counts.append(most)
    return out, line_counts


def add_table(
    fig: go.Figure,
    *,
    x: float,
    y: float,
    w: float,
    h: float,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float] | None = None,
    cell_colors: Sequence[Sequence[str | None]] | None = None,
    font_colors: Sequence[Sequence[str | None]] | None = None,
    align: str | Sequence[str] | None = None,
    size: float = 22,
    min_size: float = 15,
    header_fill: str | None = None,
    max_lines: int = 2,
) -> TableFit:
    """A plotly table in the pixel box.  ``rows`` are row-major lists of already formatted strings;
    ``col_widths`` relative weights (default equal); ``cell_colors``/``font_colors`` row-major like
    ``rows`` (None = default zebra fill / text colour); ``align`` one value or one per column (default:
    first column left, the rest right).  Cell text wraps to ``max_lines`` lines then ellipsizes; the
    font shrinks to ``min_size`` so every row fits, and if they still do not, the last shown row says
    how many were left out (so the table never scrolls)."""
    ncols = len(header)
    weights = list(col_widths) if col_widths else [1.0] * ncols
    widths = [w * wt / sum(weights) for wt in weights]
    aligns = _aligns(align, ncols)
    header_fill = header_fill or slide_meta(fig).get("accent") or ACCENT
    str_rows = [[("" if v is None else str(v)) for v in row] for row in rows]
    fit = _fit_table(header, str_rows, widths, h=h, size=size, min_size=min_size, max_lines=max_lines)
    body_rows = len(fit.body_cells)
    fills = _colour_matrix(cell_colors, lambda r: "#ffffff" if r % 2 == 0 else "#f6f7f9", ncols, body_rows, fit.shown)
    fonts = _colour_matrix(font_colors, TEXT_COLOR, ncols, body_rows, fit.shown)
    (x0, x1), (y0, y1) = px_to_paper(x, y, w, h)
    fig.add_trace(go.Table(
        domain={"x": [x0, x1], "y": [y0, y1]},
        columnwidth=weights,
        header={
            "values": fit.head_cells[0],
            "fill": {"color": header_fill},
            "font": {"size": fit.size, "color": "white", "family": FONT_FAMILY},
            "align": aligns,
            "height": fit.head_h,
            "line": {"color": header_fill, "width": 1},
        },
        cells={
            "values": [[row[c] for row in fit.body_cells] for c in range(ncols)],
            "fill": {"color": fills},
            "font": {"size": fit.size, "color": fonts, "family": FONT_FAMILY},
            "align": aligns,
            "height": min(fit.heights) if fit.heights else fit.size * LINE_HEIGHT + TABLE_ROW_PAD,
            "line": {"color": GRID, "width": 1},
        },
    ))
    return TableFit(fit.size, fit.shown, len(str_rows), [fit.head_h, *fit.heights])


def _aligns(align: str | Sequence[str] | None, ncols: int) -> list[str]:
    if align is None:
        return ["left"] + ["right"] * (ncols - 1)
    return [align] * ncols if isinstance(align, str) else list(align)


@dataclass
class _FittedTable:
    size: float
    head_cells: list[list[str]]
    body_cells: list[list[str]]
    head_h: float
    heights: list[float]
    shown: int


def _fit_table(header: Sequence[str], str_rows: list[list[str]], widths: list[float], *, h: float, size: float,
               min_size: float, max_lines: int) -> _FittedTable:
    """Shrink the font until every row fits the height (or the minimum size is reached); rows that still do
    not fit are replaced, from the last one that does, by a "…  +N" row."""
    ncols = len(header)
    current = float(size)
    while True:
        head_cells, head_lines = _fit_cells([list(header)], widths, current, True, max_lines)
        body_cells, body_lines = _fit_cells(str_rows, widths, current, False, max_lines)
        line_px = current * LINE_HEIGHT
        head_h = head_lines[0] * line_px + TABLE_ROW_PAD
        heights = [n * line_px + TABLE_ROW_PAD for n in body_lines]
        if head_h + sum(heights) <= h or current <= min_size:
            break
        current = max(min_size, math.floor(current * 0.92))

    shown = len(heights)
    while shown and head_h + sum(heights[:shown]) > h:
        shown -= 1
    if shown < len(str_rows):
        # Replace the last row that fits with a "…  +N" row.
        shown = max(0, shown - 1) if shown else 0
        more = len(str_rows) - shown
        body_cells = body_cells[:shown] + [[f"{ELLIPSIS} +{more}"] + [""] * (ncols - 1)]
        heights = heights[:shown] + [line_px + TABLE_ROW_PAD]
    return _FittedTable(current, head_cells, body_cells, head_h, heights, shown)


def _colour_matrix(matrix: Sequence[Sequence[str | None]] | None, default: Any, ncols: int, body_rows: int,
                   shown: int) -> list[list[Any]]:
    """Column-major colours for plotly: the given row-major colour, else the default (a value or f(row))."""
    cols = []
    for c in range(ncols):
        col = []
        for r in range(body_rows):
            value = None
            if matrix is not None and r < len(matrix) and r < shown and c < len(matrix[r]):
                value = matrix[r][c]
            col.append(value or (default(r) if callable(default) else default))
        cols.append(col)
    return cols
