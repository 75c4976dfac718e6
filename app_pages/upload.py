"""Upload: drop CRM exports, check what was detected, correct the mapping, load, read the report."""

from ui import state
from ui.upload import render

render(state.workspace())
