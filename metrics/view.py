"""What a page needs to show one metric, in one call: its series (or why there is none), the data it still
needs, the dimensions it can be split by, and the SQL behind it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from metrics.catalog import MetricUnavailable, get_metric
from metrics.compile import sql_for_display
from metrics.dimensions import available_dimensions
from metrics.engine import compute
from metrics.facts import Facts
from metrics.query import MetricQuery
from store.protocol import WorkspaceLike


@dataclass
class MetricView:
    query: MetricQuery
    frame: pd.DataFrame | None  # None when the metric cannot be computed
    unavailable: MetricUnavailable | None = None  # why not (message(lang) says what to load or choose)
    requirements: list = field(default_factory=list)  # i18n.messages.Text: the data it still needs
    dimensions: list[str] = field(default_factory=list)  # what it can be split by
    sql: str = ""  # the statement with its values written in, for showing

    def message(self, lang: str = "en") -> str:
        if self.requirements:
            return self.requirements[0].get(lang)
        return self.unavailable.message(lang) if self.unavailable is not None else ""


def metric_view(ws: WorkspaceLike, query: MetricQuery) -> MetricView:
    """The metric's series for ``query`` with what the page shows around it."""
    needs = Facts(ws).unmet(get_metric(query.metric))
    if needs:
        return MetricView(query, None, requirements=needs)
    dimensions = available_dimensions(ws, query.metric)
    try:
        frame = compute(ws, query)
    except MetricUnavailable as exc:
        return MetricView(query, None, unavailable=exc, dimensions=dimensions)
    sql = sql_for_display(frame.attrs["sql"], frame.attrs.get("params", {})) if frame.attrs.get("sql") else ""
    return MetricView(query, frame, dimensions=dimensions, sql=sql)
