"""The editable PowerPoint: every slide rebuilt from its blocks (review/blocks.py) as PowerPoint shapes at the
same places: text boxes with runs (bold, colours), rectangles and lines, tables (cell fills and font colours,
column widths), native line and bar charts (python-pptx chart parts holding the series' data: the running
value, the pace, the target, the forecast, the previous period; colours, widths, dashes and markers as
drawn; the axes' ranges and tick formats), and the logo as a picture.  A heat map is a table whose cells
are filled from its colour scale (PowerPoint has no heat-map chart).

Canvas pixels map to the 16:9 slide (13.333 x 7.5 in) at 6350 EMU per pixel, so one pixel is half a
point: a 54 px title is 27 pt.  Every run names a Latin font and an East Asian font, so Chinese renders
in PowerPoint, Keynote and LibreOffice alike.  The slide's title (the ``slide-title`` text, on the title
slide its largest text) is the slide's title placeholder, for the outline view and screen readers.

A slide whose figure cannot be read as blocks keeps its picture (the PNG, or one rendered for it), with
the title as text behind it (``picture_slide``) - the same slide the picture-only export makes.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from review.blocks import Block, ImageBlock, LineBlock, RectBlock, Run, TableBlock, TextBlock, figure_blocks
from review.blocks_chart import BlockKind
from review.layout import SUBTITLE_BOX, TEXT_COLOR, TITLE_BOX
from review.pptx_style import (
    EAST_ASIAN_FONT,
    LATIN_FONT,
    PPTX_HEIGHT_EMU,
    PPTX_WIDTH_EMU,
    TABLE_CELL_PAD,
    colour_of,
    dash_style,
    emu,
    pt,
    set_font,
    visible,
)
from review.text_fit import LINE_HEIGHT

_LOG = logging.getLogger(__name__)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


# ------------------------------------------------------------------------------------------ presentation
def new_presentation():
    """An empty 16:9 presentation and its "Title Only" layout."""
    from pptx import Presentation

    prs = Presentation()
    prs.slide_width, prs.slide_height = PPTX_WIDTH_EMU, PPTX_HEIGHT_EMU
    _theme_fonts(prs)
    for layout in prs.slide_layouts:
        if layout.name == "Title Only":
            return prs, layout
    return prs, prs.slide_layouts[0]


def _theme_fonts(prs) -> None:
    """The theme's heading and body fonts are the deck's (Latin and East Asian, simplified Chinese too), so
    text a user adds later matches the slides."""
    import re

    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*("/><a:ea typeface=")[^"]*"',
                 rf'\g<1>{LATIN_FONT}\g<2>{EAST_ASIAN_FONT}"', xml)
    xml = re.sub(r'(<a:font script="Hans" typeface=")[^"]*"', rf'\g<1>{EAST_ASIAN_FONT}"', xml)
    theme._blob = xml.encode("utf-8")


def _page(prs, layout):
    page = prs.slides.add_slide(layout)
    for ph in list(page.placeholders):  # keep only the title placeholder (no "Click to add text")
        if ph.placeholder_format.type != 1:
            ph._element.getparent().remove(ph._element)
    return page


def picture_slide(prs, layout, *, title: str, key: str, notes: str, png: bytes) -> None:
    """A slide that is its picture: the title as real text placed where it is drawn, stacked behind the
    full-bleed picture (outline view and screen readers get it), the picture's alt text the title too."""
    page = _page(prs, layout)
    placeholder = page.shapes.title
    if placeholder is not None:
        placeholder.text = title
        placeholder.left, placeholder.top = emu(TITLE_BOX.x), emu(TITLE_BOX.y)
        placeholder.width, placeholder.height = emu(TITLE_BOX.w), emu(SUBTITLE_BOX.bottom - TITLE_BOX.y)
        for paragraph in placeholder.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = pt(56)
    picture = page.shapes.add_picture(io.BytesIO(png), 0, 0, width=PPTX_WIDTH_EMU, height=PPTX_HEIGHT_EMU)
    picture.name = f"Slide image: {key}"
    picture._element.nvPicPr.cNvPr.set("descr", title)
    _notes(page, notes)


def _notes(page, notes: str) -> None:
    if notes:
        page.notes_slide.notes_text_frame.text = notes


def native_pptx(slides: Sequence[Any], *, deck_title: str | None = None, pngs: Sequence[bytes] | None = None,
                render: Callable[[Any], bytes] | None = None) -> tuple[bytes, list[str]]:
    """The deck as an editable PPTX and the keys of the slides that had to stay pictures.

    ``slides`` have ``key``, ``title``, ``figure``, ``notes``; a slide that cannot be rebuilt uses its PNG
    from ``pngs`` or ``render(figure)``."""
    prs, layout = new_presentation()
    pictures = []
    for index, slide in enumerate(slides):
        page = None
        try:
            blocks = figure_blocks(slide.figure)
            page = _page(prs, layout)
            native_slide(page, blocks, title=slide.title)
            _notes(page, slide.notes)
        except Exception:  # noqa: BLE001 - one odd slide keeps its picture rather than losing the deck
            _LOG.exception("slide %s kept as a picture", slide.key)
            if page is not None and page in prs.slides:
                _drop_last_slide(prs)
            png = pngs[index] if pngs is not None else (render or _render_one)(slide.figure)
            picture_slide(prs, layout, title=slide.title, key=slide.key, notes=slide.notes, png=png)
            pictures.append(slide.key)
    prs.core_properties.title = deck_title or (slides[0].title if slides else "")
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue(), pictures


def _drop_last_slide(prs) -> None:
    ids = prs.slides._sldIdLst
    last = ids[-1]
    prs.part.drop_rel(last.rId)
    ids.remove(last)


def _render_one(figure: Any) -> bytes:
    from review.render import render_pngs

    return render_pngs([figure])[0]


def native_slide(page, blocks: list[Block], *, title: str) -> None:
    """Draw the blocks on the slide in order; the title text goes into the title placeholder."""
    texts = [b for b in blocks if isinstance(b, TextBlock)]
    title_block = next((b for b in texts if b.name == "slide-title"), None)
    if title_block is None and texts:
        title_block = max(texts, key=lambda b: b.size)
    shapes = page.shapes
    for block in blocks:
        if block is title_block:
            _title(page, block, title)
        elif block.kind == BlockKind.TEXT:
            _text(shapes.add_textbox(emu(block.box.x), emu(block.box.y), emu(block.box.w), emu(block.box.h)),
                  block)
        elif block.kind == BlockKind.RECT:
            _rect(shapes, block)
        elif block.kind == BlockKind.LINE:
            _line(shapes, block)
        elif block.kind == BlockKind.TABLE:
            _table(shapes, block)
        elif block.kind == BlockKind.CHART:
            from review.pptx_chart import add_chart

            add_chart(shapes, block)
        elif block.kind == BlockKind.IMAGE:
            _image(shapes, block)
    if title_block is None and page.shapes.title is not None:  # a slide with no text at all
        page.shapes.title._element.getparent().remove(page.shapes.title._element)


# ------------------------------------------------------------------------------------------ text
def _fill_paragraphs(frame, lines: list[list[Run]], *, size: float, colour: str, align: str) -> None:
    from pptx.enum.text import PP_ALIGN

    alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}.get(align, PP_ALIGN.LEFT)
    for i, line in enumerate(lines or [[]]):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = alignment
        paragraph.line_spacing = pt(size * LINE_HEIGHT)
        for part in line:
            for j, piece in enumerate(part.text.split("\n")):
                if j:
                    paragraph.add_line_break()
                if piece:
                    run = paragraph.add_run()
                    run.text = piece
                    set_font(run.font, size=size, bold=part.bold, colour=part.colour or colour)
                    if _CJK.search(piece):  # proofing and font choice in Chinese
                        run.font._rPr.set("lang", "zh-CN")


def _frame_setup(frame, valign: str, *, wrap: bool = True) -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

    frame.word_wrap = wrap
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE,
                             "bottom": MSO_ANCHOR.BOTTOM}.get(valign, MSO_ANCHOR.TOP)


def _text(shape, block: TextBlock) -> None:
    shape.name = block.name or f"Text: {block.text[:30]}"
    frame = shape.text_frame
    # One line stays one line (a font a little wider than the slide's runs past the box, not onto the next).
    _frame_setup(frame, block.valign, wrap=len(block.lines) > 1)
    _fill_paragraphs(frame, block.lines, size=block.size, colour=block.colour, align=block.align)


def _title(page, block: TextBlock, title: str) -> None:
    placeholder = page.shapes.title
    if placeholder is None:
        _text(page.shapes.add_textbox(emu(block.box.x), emu(block.box.y), emu(block.box.w), emu(block.box.h)),
              block)
        return
    placeholder.left, placeholder.top = emu(block.box.x), emu(block.box.y)
    placeholder.width, placeholder.height = emu(block.box.w), emu(block.box.h)
    frame = placeholder.text_frame
    frame.clear()
    _frame_setup(frame, block.valign)
    lines = block.lines
    if block.name == "slide-title":  # the whole title as written (the drawing may have wrapped or cut it)
        bold = all(r.bold for line in block.lines for r in line)
        lines = [[Run(title, bold=bold)]]
    _fill_paragraphs(frame, lines, size=block.size, colour=block.colour, align=block.align)
    tree = placeholder._element.getparent()
    tree.remove(placeholder._element)  # stacked where the title is drawn: above what came before it
    tree.append(placeholder._element)


# ------------------------------------------------------------------------------------------ shapes
def _rect(shapes, block: RectBlock) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    box = block.box
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(box.x), emu(box.y), max(1, emu(box.w)), max(1, emu(box.h)))
    _plain_style(shape)
    if visible(block.fill):
        shape.fill.solid()
        shape.fill.fore_color.rgb = colour_of(block.fill)
    else:
        shape.fill.background()
    if block.line and block.line_width > 0 and visible(block.line):
        shape.line.color.rgb = colour_of(block.line)
        shape.line.width = pt(block.line_width)
    else:
        shape.line.fill.background()


def _plain_style(shape) -> None:
    """No theme style (its shadow and outline): the shape is exactly its own fill and line."""
    from pptx.oxml.ns import qn

    for style in shape._element.findall(qn("p:style")):
        shape._element.remove(style)


def _line(shapes, block: LineBlock) -> None:
    from pptx.enum.shapes import MSO_CONNECTOR

    line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(block.x0), emu(block.y0), emu(block.x1), emu(block.y1))
    _plain_style(line)
    line.line.color.rgb = colour_of(block.colour)
    line.line.width = pt(block.width)
    line.line.dash_style = dash_style(block.dash)


def _image(shapes, block: ImageBlock) -> None:
    """The logo, fitted inside its box and kept to the box's right/top edge (plotly's sizing="contain")."""
    from PIL import Image

    with Image.open(io.BytesIO(block.data)) as im:
        width, height = im.size
    box = block.box
    scale = min(box.w / max(1, width), box.h / max(1, height))
    w, h = width * scale, height * scale
    shapes.add_picture(io.BytesIO(block.data), emu(box.right - w), emu(box.y), emu(w), emu(h))


# ------------------------------------------------------------------------------------------ tables
def _table(shapes, block: TableBlock) -> None:
    from pptx.enum.text import MSO_ANCHOR

    ncols, nrows = len(block.col_weights), len(block.rows) + 1
    box = block.box
    frame = shapes.add_table(nrows, ncols, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    table = frame.table
    table.first_row, table.horz_banding = True, False
    total = sum(block.col_weights) or 1
    widths = [emu(box.w * w / total) for w in block.col_weights]
    widths[-1] = emu(box.w) - sum(widths[:-1])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    table.rows[0].height = emu(block.header_height)
    for row in list(table.rows)[1:]:
        row.height = emu(block.row_height)
    cells: list[tuple[int, list[Run], str | None, str | None]] = []
    cells += [(0, block.header[c], block.header_fill, block.header_colour) for c in range(ncols)]
    for r, row in enumerate(block.rows, start=1):
        cells += [(r, row[c], block.fills[r - 1][c], block.colours[r - 1][c]) for c in range(ncols)]
    for index, (r, runs, fill, colour) in enumerate(cells):
        c = index % ncols
        cell = table.cell(r, c)
        if visible(fill):
            cell.fill.solid()
            cell.fill.fore_color.rgb = colour_of(fill)
        else:
            cell.fill.background()
        cell.margin_left = cell.margin_right = emu(TABLE_CELL_PAD)
        cell.margin_top = cell.margin_bottom = emu(2)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame_ = cell.text_frame
        frame_.word_wrap = True
        align = block.aligns[c] if c < len(block.aligns) else "left"
        _fill_paragraphs(frame_, [runs], size=block.size, colour=colour or TEXT_COLOR, align=align)


__all__ = ["native_pptx", "new_presentation", "picture_slide"]
