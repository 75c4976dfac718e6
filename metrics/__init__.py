"""Metrics: the catalog compiled to SQL, periods, and the engine's one seam (``MetricQuery``).

    from metrics import MetricQuery, compute
    compute(ws, MetricQuery("win_rate", grain="quarter", by="region"))
"""

from metrics.catalog import CATALOG, CLASSES, UNITS, Metric, MetricUnavailable, Need, Source, Text, get_metric
from metrics.compile import sql_for_display
from metrics.engine import MetricResult, compile_sql, compute, compute_many, metric_value
from metrics.facts import (
    data_span,
    default_as_of,
    forget,
    latest_data_date,
    requirements,
    setting,
    stale_data,
)
from metrics.periods import (
    GRAINS,
    Grain,
    Period,
    custom_period,
    fiscal_year,
    next_period,
    parse_period,
    period_containing,
    periods_between,
    previous,
)
from metrics.query import MetricQuery
from metrics.view import MetricView, metric_view

__all__ = [
    "CATALOG",
    "CLASSES",
    "GRAINS",
    "UNITS",
    "Grain",
    "Metric",
    "MetricQuery",
    "MetricResult",
    "MetricUnavailable",
    "MetricView",
    "Need",
    "Period",
    "Source",
    "Text",
    "compile_sql",
    "compute",
    "compute_many",
    "custom_period",
    "data_span",
    "default_as_of",
    "fiscal_year",
    "forget",
    "get_metric",
    "latest_data_date",
    "metric_value",
    "metric_view",
    "next_period",
    "parse_period",
    "period_containing",
    "periods_between",
    "previous",
    "requirements",
    "setting",
    "sql_for_display",
    "stale_data",
]
