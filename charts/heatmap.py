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
    """Rows are channels, columns lead months; cells still accumulating (immature) are marked with ``*``."""
    months = sorted(cohorts["month"].unique())
    channels = list(cohorts.groupby("channel")[value_column].sum().sort_values(ascending=False).index)
    grid = cohorts.pivot_table(index="channel", columns="month", values=value_column, aggfunc="sum")
    grid = grid.reindex(index=channels, columns=months)
    immature: set[tuple[str, str]] = set()
    if mature_column and mature_column in cohorts:
        rows = cohorts[~cohorts[mature_column].astype(bool)]
        immature = set(zip(rows["channel"], rows["month"], strict=True))
    text = [
        [
            (fmt_value(v, unit, lang, compact=True) + ("*" if (ch, m) in immature else "")) if pd.notna(v) else ""
            for m, v in zip(months, row, strict=True)
        ]
        for ch, row in zip(channels, grid.to_numpy(), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(dtype="float64"),
            x=months,
            y=channels,
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            showscale=False,
        )
    )
    fig.update_layout(title={"text": title, "x": 0}, yaxis={"autorange": "reversed"}, xaxis={"type": "category"})
    return apply_theme(fig, height=height)
