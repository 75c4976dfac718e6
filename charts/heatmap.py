"""Channel x month heatmap for lead cohorts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import apply_theme
from i18n import fmt_value


def cohort_heatmap(
    *,
    cohorts: pd.DataFrame,
    value_column: str,
    title: str,
    unit: str,
    lang: str = "en",
    mature_column: str | None = None,
    height: int = 420,
) -> go.Figure:
    """Rows are channels, columns lead months; immature cells (still accumulating) are dimmed."""
    months = sorted(cohorts["month"].unique())
    channels = list(cohorts.groupby("channel")[value_column].sum().sort_values(ascending=False).index)
    grid = cohorts.pivot_table(index="channel", columns="month", values=value_column, aggfunc="sum")
    grid = grid.reindex(index=channels, columns=months)
    text = [[fmt_value(v, unit, lang, compact=True) if pd.notna(v) else "" for v in row] for row in grid.to_numpy()]
    z = grid.to_numpy(dtype="float64")
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=months,
            y=channels,
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            colorbar={"tickformat": ".0%" if unit == "percent" else "~s"},
        )
    )
    if mature_column and mature_column in cohorts:
        immature = cohorts[~cohorts[mature_column].astype(bool)]
        if len(immature):
            fig.add_trace(
                go.Scatter(
                    x=list(immature["month"]),
                    y=list(immature["channel"]),
                    mode="markers",
                    marker={"symbol": "x-thin", "size": 14, "line": {"width": 1.5, "color": "#9ca3af"}},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    fig.update_layout(title={"text": title, "x": 0}, yaxis={"autorange": "reversed"})
    return apply_theme(fig, height=height)
