"""The PowerPoint units, colours, dashes and fonts shared by review/pptx_native.py and review/pptx_chart.py."""

from __future__ import annotations

from review.blocks_chart import rgb_of
from review.layout import SLIDE_WIDTH, TEXT_COLOR

PPTX_WIDTH_EMU = 12_192_000  # 13.333 in
PPTX_HEIGHT_EMU = 6_858_000  # 7.5 in
EMU_PER_PX = PPTX_WIDTH_EMU // SLIDE_WIDTH  # 6350: one canvas pixel is half a point
LATIN_FONT = "Arial"  # the slide font's Latin text fits Arial's widths (review/text_fit.py)
EAST_ASIAN_FONT = "Noto Sans CJK SC"
TABLE_CELL_PAD = 10


def emu(px: float) -> int:
    return round(px * EMU_PER_PX)


def pt(px: float):
    from pptx.util import Pt

    return Pt(round(px / 2, 2))


def colour_of(colour: str | None):
    from pptx.dml.color import RGBColor

    r, g, b, _ = rgb_of(colour or TEXT_COLOR)
    return RGBColor(r, g, b)


def visible(colour: str | None) -> bool:
    return bool(colour) and rgb_of(colour)[3] > 0


def set_font(font, *, size: float, bold: bool = False, colour: str | None = None) -> None:
    """Size (canvas px), weight, colour, and the Latin and East Asian typefaces of a run or a default."""
    from lxml import etree
    from pptx.oxml.ns import qn

    font.size = pt(size)
    font.bold = bold
    if colour is not None:
        font.color.rgb = colour_of(colour)
    font.name = LATIN_FONT
    rpr = font._rPr
    for old in rpr.findall(qn("a:ea")):
        rpr.remove(old)
    ea = etree.SubElement(rpr, qn("a:ea"))
    ea.set("typeface", EAST_ASIAN_FONT)
    latin = rpr.find(qn("a:latin"))
    if latin is not None:  # schema order: latin, ea, cs
        latin.addnext(ea)


_DASHES = {"dot": "ROUND_DOT", "dash": "DASH", "dashdot": "DASH_DOT", "longdash": "LONG_DASH",
           "longdashdot": "LONG_DASH_DOT"}


def dash_style(dash: str):
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    return getattr(MSO_LINE_DASH_STYLE, _DASHES.get(str(dash), "SOLID"))


