"""OKR editor: add, edit and delete objectives and key results, with the catalog's definitions in view,
templates in both languages, okrs.yaml import and export. Check-ins are added on the KR detail page."""

from ui import state
from ui.okr_editor import render_editor

render_editor(state.workspace())
