"""One look for every figure: fonts that render Chinese, status colours, margins."""

from __future__ import annotations

import plotly.graph_objects as go

# Noto Sans CJK renders Chinese (fonts-noto-cjk); the rest are fallbacks for English.
FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Inter, Helvetica Neue, Arial, Microsoft YaHei, sans-serif"
ACCENT = "#2563eb"
GRID = "#e5e7eb"
MUTED = "#6b7280"
STATUS_COLORS = {
    "done": "#15803d",
    "on_track": "#22c55e",
    "at_risk": "#f59e0b",
    "off_track": "#dc2626",
    "met": "#15803d",
    "missed": "#b91c1c",
    "no_data": "#9ca3af",
}
SERIES_COLORS = ["#2563eb", "#f97316", "#10b981", "#a855f7", "#ef4444", "#0ea5e9", "#eab308", "#64748b"]


def apply_theme(fig: go.Figure, *, height: int | None = None) -> go.Figure:
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 13, "color": "#111827"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 48, "r": 16, "t": 48, "b": 40},
        colorway=SERIES_COLORS,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_xaxes(showgrid=False, linecolor=GRID)
    fig.update_yaxes(gridcolor=GRID, zerolinecolor=GRID)
    if height:
        fig.update_layout(height=height)
    return fig
