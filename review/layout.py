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
import copy
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go

from charts.theme import ACCENT, FONT_FAMILY, GRID, MUTED, SERIES_COLORS

SLIDE_WIDTH = 1920
SLIDE_HEIGHT = 1080
MARGIN_X = 80
TEXT_COLOR = "#111827"
LINE_HEIGHT = 1.3  # plotly's own line spacing for multi-line text (svg_text_utils LINE_SPACING)
ELLIPSIS = "…"
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
    return [_clamp01(x0), _clamp01(x1)], [_clamp01(y0), _clamp01(y1)]


def _clamp01(v: float) -> float:
    return min(1.0, max(0.0, round(v, 6)))


# --------------------------------------------------------------------------------------------- text

_NO_LINE_START = set("，。、；：！？）」』】》〉…,.;:!?)]}%”’")
_NO_LINE_END = set("（「『【《〈([{“‘")
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"  # "24.0\u00a0h" keeps the number and its unit on one line

# Advance widths (1/100 em, rounded up) of printable ASCII in the slide font's Latin glyphs
# (Noto Sans CJK SC Regular / Bold), ' ' .. '~'.
_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
_ASCII_REGULAR = (
    23, 33, 48, 56, 56, 93, 68, 28, 34, 34, 47, 56, 28, 35, 28, 40, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 28,
    28, 56, 56, 56, 48, 95, 61, 66, 64, 69, 59, 56, 69, 73, 30, 54, 65, 55, 82, 73, 75, 64, 75, 64, 60, 60, 73,
    58, 88, 58, 54, 61, 34, 40, 34, 56, 56, 61, 57, 62, 51, 62, 56, 33, 57, 61, 28, 28, 56, 29, 93, 61, 61, 62,
    62, 39, 47, 38, 61, 53, 81, 50, 53, 48, 34, 27, 34, 56,
)
_ASCII_BOLD = (
    23, 37, 58, 59, 59, 97, 74, 33, 38, 38, 51, 59, 33, 37, 33, 39, 59, 59, 59, 59, 59, 59, 59, 59, 59, 59, 33,
    33, 59, 59, 59, 52, 101, 65, 69, 66, 72, 62, 59, 72, 76, 33, 57, 69, 58, 86, 75, 77, 67, 77, 69, 63, 63, 75,
    62, 92, 63, 58, 62, 38, 39, 38, 59, 57, 63, 60, 65, 53, 65, 59, 38, 60, 64, 31, 31, 61, 32, 97, 65, 63, 65,
    65, 44, 50, 43, 64, 58, 87, 57, 58, 52, 38, 30, 38, 59,
)
_EM = {False: dict(zip(_ASCII, (v / 100 for v in _ASCII_REGULAR), strict=True)),
       True: dict(zip(_ASCII, (v / 100 for v in _ASCII_BOLD), strict=True))}
LATIN_SAFETY = 1.04  # other sans fonts (Arial, Helvetica, Inter) are a few per cent wider
OTHER_EM = 0.62  # Latin-1 symbols, Cyrillic, Greek ... without an ASCII base letter


@lru_cache(maxsize=8192)
def char_em(ch: str, bold: bool = False) -> float:
    """Estimated advance of one character in em: CJK full-width (East Asian Width W/F) 1.0, the
    ellipsis and dashes 1.0, ASCII from the font's own widths (+4%), other letters by their base
    letter (é -> e) or 0.62."""
    if unicodedata.east_asian_width(ch) in ("W", "F") or ch in "…—―":
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    table = _EM[bold]
    if ch in table:
        return table[ch] * LATIN_SAFETY
    if ch == "\t":
        return 4 * table[" "]
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base in table:
        return table[base] * LATIN_SAFETY
    return OTHER_EM * (1.06 if bold else 1.0)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated rendered width in pixels of one line of ``text`` at ``size`` px."""
    return sum(char_em(ch, bold) for ch in text) * size


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(paragraph: str) -> list[tuple[bool, str]]:
    """(space_before, token): Latin words stay whole, each CJK character is its own token; closing
    punctuation sticks to the token before it and opening punctuation to the token after it."""
    tokens: list[tuple[bool, str]] = []
    space = False
    word = ""
    glue_next = False

    def push(tok: str) -> None:
        nonlocal space, glue_next
        glue_before = bool(tok) and tok[0] in _NO_LINE_START and not space
        if tokens and (glue_next or glue_before):
            prev_space, prev = tokens[-1]
            tokens[-1] = (prev_space, prev + tok)
        else:
            tokens.append((space, tok))
        glue_next = bool(tok) and tok[-1] in _NO_LINE_END
        space = False

    for ch in paragraph:
        if ch.isspace() and ch not in _NO_BREAK_SPACES:
            if word:
                push(word)
                word = ""
            space = bool(tokens)
        elif _is_cjk(ch):
            if word:
                push(word)
                word = ""
            push(ch)
        else:
            word += ch
    if word:
        push(word)
    return tokens


def _hard_break(token: str, width: float, size: float, bold: bool) -> list[str]:
    """Split one token that is wider than a line into line-sized pieces."""
    pieces, current = [], ""
    for ch in token:
        if current and text_width(current + ch, size, bold=bold) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_text(text: str, *, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy line breaking for a box ``width`` px wide at font ``size`` px; ``\\n`` forces a break."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for space_before, token in _tokens(paragraph):
            candidate = line + (" " if space_before and line else "") + token
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            if text_width(token, size, bold=bold) <= width:
                line = token
            else:
                *full, line = _hard_break(token, width, size, bold)
                lines.extend(full)
        lines.append(line)
    return lines


def ellipsize(text: str, *, width: float, size: float, bold: bool = False) -> str:
    """``text`` cut so that ``text + "…"`` fits ``width`` (at a space when a Latin word would be cut
    and the space is not too far back)."""
    cut = text.rstrip()
    while cut and text_width(cut + ELLIPSIS, size, bold=bold) > width:
        cut = cut[:-1].rstrip()
    rest = text[len(cut):]
    if cut and rest[:1].isalnum() and cut[-1].isalnum() and not _is_cjk(cut[-1]):
        space = cut.rfind(" ")
        if space > len(cut) * 0.6:
            cut = cut[:space]
    cut = cut.rstrip(" ,;:.-—，、；：")
    return cut + ELLIPSIS


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    size: float
    truncated: bool
    line_height: float = LINE_HEIGHT

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * self.line_height


def fit_text(
    text: str,
    *,
    width: float,
    height: float,
    size: float,
    min_size: float | None = None,
    bold: bool = False,
    max_lines: int | None = None,
    line_height: float = LINE_HEIGHT,
) -> FittedText:
    """Wrap ``text`` into a ``width`` x ``height`` px box: shrink from ``size`` towards ``min_size``
    (default 60% of ``size``, at least 10 px) until it fits, else ellipsize the last line that fits."""
    text = str(text if text is not None else "")
    min_size = min(size, min_size if min_size is not None else max(10.0, round(size * 0.6)))
    current = float(size)
    while True:
        lines = wrap_text(text, width=width, size=current, bold=bold)
        fits = math.floor(height / (current * line_height) + 1e-9)  # lines of this size the box holds
        allowed = max(1, fits)
        if max_lines:
            allowed = min(allowed, max_lines)
        # A box lower than one line shrinks the text too (down to min_size), so it never spills out.
        if len(lines) <= allowed and (fits >= 1 or current <= min_size):
            return FittedText(lines, current, False, line_height)
        if current <= min_size:
            break
        current = max(min_size, math.floor(current * 0.94))
    kept = lines[:allowed]
    kept[-1] = ellipsize(kept[-1], width=width, size=current, bold=bold)
    return FittedText(kept, current, True, line_height)


def escape_text(text: str) -> str:
    """Plotly text is pseudo-HTML: keep user text literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup(lines: Sequence[str], bold: bool) -> str:
    body = "<br>".join(escape_text(line) for line in lines)
    return f"<b>{body}</b>" if bold and body else body


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
    # Footer.
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
    return fig


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
        xref="paper", yref="paper", x=_clamp01(box.x / SLIDE_WIDTH), y=_clamp01(1 - box.y / SLIDE_HEIGHT),
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
    _annotation(fig, Box(x, y, w, h), _markup(fitted.lines, bold), size=fitted.size, color=color, align=align,
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
            cells.append(_markup(fitted.lines, bold))
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
    if align is None:
        aligns = ["left"] + ["right"] * (ncols - 1)
    elif isinstance(align, str):
        aligns = [align] * ncols
    else:
        aligns = list(align)
    header_fill = header_fill or slide_meta(fig).get("accent") or ACCENT
    str_rows = [[("" if v is None else str(v)) for v in row] for row in rows]

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
    body_rows = len(body_cells)

    def colour_matrix(matrix: Sequence[Sequence[str | None]] | None, default: Any) -> list[list[Any]]:
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

    fills = colour_matrix(cell_colors, lambda r: "#ffffff" if r % 2 == 0 else "#f6f7f9")
    fonts = colour_matrix(font_colors, TEXT_COLOR)
    (x0, x1), (y0, y1) = px_to_paper(x, y, w, h)
    fig.add_trace(go.Table(
        domain={"x": [x0, x1], "y": [y0, y1]},
        columnwidth=weights,
        header={
            "values": head_cells[0],
            "fill": {"color": header_fill},
            "font": {"size": current, "color": "white", "family": FONT_FAMILY},
            "align": aligns,
            "height": head_h,
            "line": {"color": header_fill, "width": 1},
        },
        cells={
            "values": [[row[c] for row in body_cells] for c in range(ncols)],
            "fill": {"color": fills},
            "font": {"size": current, "color": fonts, "family": FONT_FAMILY},
            "align": aligns,
            "height": min(heights) if heights else line_px + TABLE_ROW_PAD,
            "line": {"color": GRID, "width": 1},
        },
    ))
    return TableFit(current, shown, len(str_rows), [head_h, *heights])


# --------------------------------------------------------------------------------- sub figures

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
    return [_clamp01(lo + d0 * span), _clamp01(lo + d1 * span)]


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
    title_text = ((layout.get("title") or {}).get("text") or "") if show_title else ""
    top = y
    if title_text:
        title_font = (layout.get("title") or {}).get("font") or {}
        title_size = float(title_font.get("size") or (font_size or BASE_FONT_SIZE) * 1.2)
        fitted = add_text_box(fig, x=x + 4, y=y, w=w - 8, h=title_size * LINE_HEIGHT, text=_strip_tags(title_text),
                              size=title_size, bold=True, max_lines=1, color=title_font.get("color") or TEXT_COLOR)
        top = y + fitted.height + 8

    # Legend: its own legendN.  A legend outside the plot area (the usual "above" or "right") gets a
    # strip of the box so it overlaps neither the title nor a neighbouring chart.
    visible_entries = [t for t in data if t.get("showlegend") is not False]
    show_legend = layout.get("showlegend")
    if show_legend is None:
        show_legend = len(visible_entries) > 1 or any(t.get("type") in ("pie", "funnelarea") for t in data)
    legend = copy.deepcopy(layout.get("legend") or {}) if show_legend else None
    legend_size = float(font_size or ((legend or {}).get("font") or {}).get("size") or BASE_FONT_SIZE)
    names = [str(t.get("name") or f"trace {i}") for i, t in enumerate(visible_entries)]
    right_strip = 0.0
    legend_place = "inside"
    if legend is not None:
        legend.setdefault("orientation", "v")
        horizontal = legend["orientation"] == "h"
        lx = float(legend.get("x", 0 if horizontal else 1.02))
        ly = float(legend.get("y", 1.02 if horizontal else 1))
        if horizontal and ly >= 1:
            legend_place = "above"
            entries = [text_width(n, legend_size) + legend_size * 2.6 for n in names] or [0.0]
            rows = max(1, math.ceil(sum(entries) / max(1.0, w - m["l"] - m["r"])))
            legend_top = top
            top += rows * legend_size * 1.6 + 8
        elif not horizontal and lx >= 1:
            legend_place = "right"
            right_strip = min(w * 0.35, max((text_width(n, legend_size) for n in names), default=0.0)
                              + legend_size * 3)
    inner_top = top + (12 if top > y else m["t"])
    inner = Box(x + m["l"], inner_top, max(10, w - m["l"] - m["r"] - right_strip), 0)
    inner = Box(inner.x, inner.y, inner.w, max(10, y + h - m["b"] - inner.y))
    (ix0, ix1), (iy0, iy1) = px_to_paper(*inner.kw().values())
    xspan, yspan = ix1 - ix0, iy1 - iy0

    legend_ref = None
    if legend is not None:
        used["legend"] = used.get("legend", 1) + 1
        legend_ref = f"legend{used['legend']}"
        if legend_place == "above":
            legend.update(x=_clamp01(ix0 + lx * xspan), y=_clamp01(1 - legend_top / SLIDE_HEIGHT),
                          xanchor=legend.get("xanchor", "left"), yanchor="top")
        elif legend_place == "right":
            legend.update(x=_clamp01((inner.right + 16) / SLIDE_WIDTH), y=_clamp01(iy0 + ly * yspan),
                          xanchor="left", yanchor=legend.get("yanchor", "top"))
        else:
            legend.update(x=_clamp01(ix0 + lx * xspan), y=_clamp01(iy0 + ly * yspan))
        legend["xref"], legend["yref"] = "paper", "paper"
        legend.setdefault("bgcolor", "rgba(255,255,255,0)")
        legend["font"] = {**(legend.get("font") or {}), "size": legend_size}

    mapping: dict[str, str] = {}
    new_layout: dict[str, Any] = {}

    def new_ref(kind: str, old: str) -> str:
        if old in mapping:
            return mapping[old]
        used[kind] = used.get(kind, 1) + 1
        ref = kind + str(used[kind])
        mapping[old] = ref
        return ref

    # Axes referenced by traces or defined in layout.
    axis_refs = {t.get(a) or a[0] for t in data if t.get("type", "scatter") not in _DOMAIN_TRACES
                 and _trace_is_cartesian(t) for a in ("xaxis", "yaxis")}
    for key in layout:
        mm = _AXIS_KEY.match(key)
        if mm:
            axis_refs.add(mm.group(1) + (mm.group(2) if mm.group(2) not in ("", "1") else ""))
    for ref in sorted(axis_refs):
        new_ref(ref[0], ref)
    for key in layout:
        mm = _SUBPLOT_KEY.match(key)
        if mm:
            new_ref(mm.group(1), key)

    tick_font = {"size": font_size} if font_size else {}
    for ref in sorted(axis_refs):
        letter, num = ref[0], ref[1:]
        axis = copy.deepcopy(layout.get(f"{letter}axis{num}", {}))
        lo, span = (ix0, xspan) if letter == "x" else (iy0, yspan)
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
            axis["position"] = _clamp01(lo + float(axis["position"]) * span)
        if tick_font:
            axis["tickfont"] = {**tick_font, **(axis.get("tickfont") or {})}
            title = axis.get("title") or {}
            if isinstance(title, dict):
                axis["title"] = {**title, "font": {**tick_font, **(title.get("font") or {})}}
        new_layout[mapping[ref].replace(letter, f"{letter}axis", 1)] = axis

    for key, value in layout.items():
        mm = _SUBPLOT_KEY.match(key)
        if mm:
            sub = copy.deepcopy(value)
            dom = sub.get("domain") or {}
            sub["domain"] = {"x": _map_domain(dom.get("x"), ix0, xspan), "y": _map_domain(dom.get("y"), iy0, yspan)}
            new_layout[mapping[key]] = sub

    colorway = layout.get("colorway") or ((layout.get("template") or {}).get("layout") or {}).get("colorway")
    colorway = colorway or SERIES_COLORS
    if legend_ref:
        new_layout[legend_ref] = legend

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
                trace["domain"] = {"x": _map_domain(dom.get("x"), ix0, xspan),
                                   "y": _map_domain(dom.get("y"), iy0, yspan)}
            else:
                polar_like = {"scatterpolar": "polar", "barpolar": "polar", "scatterternary": "ternary",
                              "scattergeo": "geo", "choropleth": "geo", "scatter3d": "scene",
                              "surface": "scene", "mesh3d": "scene", "scattersmith": "smith"}.get(kind)
                if polar_like:
                    ref = new_ref(polar_like, polar_like)
                    attr = "geo" if polar_like == "geo" else "scene" if polar_like == "scene" else "subplot"
                    trace[attr] = ref
                    if ref not in new_layout:
                        new_layout[ref] = {"domain": {"x": [ix0, ix1], "y": [iy0, iy1]}}
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

    # Layout-wide bar settings: only when the slide has none yet (they apply to the whole slide).
    for key in ("barmode", "bargap", "bargroupgap"):
        if key in layout and fig.layout[key] is None:
            new_layout[key] = layout[key]

    fig.update_layout(**new_layout)
    fig.add_traces(new_traces)
    for shape in layout.get("shapes") or []:
        fig.add_shape(**_remap_refs(shape, mapping, ix0, xspan, iy0, yspan))
    for ann in layout.get("annotations") or []:
        fig.add_annotation(**_remap_refs(ann, mapping, ix0, xspan, iy0, yspan))
    return mapping


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
