"""KPI explorer: pick a catalog metric, grain, range and split; see the trend, deltas, definition and SQL."""

from ui import state
from ui.kpi_explorer import render_kpi_explorer

render_kpi_explorer(state.workspace())
