"""Overview: the period's headline KPIs and won revenue by month (file -> DuckDB -> metric -> chart)."""

from ui import state
from ui.overview import render_overview

render_overview(state.workspace())
