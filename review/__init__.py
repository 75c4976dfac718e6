"""The quarterly review deck: slide canvas helpers, rendering (one Chromium per deck) and exports.

Slide content (review/slides_*.py, review/deck.py) is built on top of this API.
"""

from review.export import Slide, export_pdf, export_pptx, export_zip, slide_file_name, write_outputs
from review.layout import (
    CONTENT,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    Box,
    TableFit,
    add_progress_bar,
    add_rect,
    add_table,
    add_text_box,
    new_slide,
    number_pages,
    set_page_number,
)
from review.render import MISSING_BROWSER, RenderUnavailable, find_browser, render_figures, render_pngs
from review.subfigure import add_subplot_figure
from review.text_fit import FittedText, fit_text, text_width, wrap_text

__all__ = [
    "CONTENT",
    "MISSING_BROWSER",
    "SLIDE_HEIGHT",
    "SLIDE_WIDTH",
    "Box",
    "FittedText",
    "RenderUnavailable",
    "Slide",
    "TableFit",
    "add_progress_bar",
    "add_rect",
    "add_subplot_figure",
    "add_table",
    "add_text_box",
    "export_pdf",
    "export_pptx",
    "export_zip",
    "find_browser",
    "fit_text",
    "new_slide",
    "number_pages",
    "render_figures",
    "render_pngs",
    "set_page_number",
    "slide_file_name",
    "text_width",
    "wrap_text",
    "write_outputs",
]
