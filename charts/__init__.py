"""Plotly figure factories: keyword-only arguments in, a go.Figure out; no streamlit."""

from charts.theme import STATUS_COLORS, apply_theme
from charts.trend import metric_trend

__all__ = ["STATUS_COLORS", "apply_theme", "metric_trend"]
