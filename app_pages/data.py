"""Data: row counts per table, the uploads registry with delete, and a look at the rows."""

from ui import state
from ui.data import render_data

render_data(state.workspace())
