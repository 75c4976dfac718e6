"""Quarterly review: the deck built from the workspace in one click - a preview of every slide, then the
PNGs as one ZIP, the PPTX (with speaker notes) and the PDF.  Viewers may generate and download."""

from ui import state
from ui.review import render_review

render_review(state.workspace())
