"""Metrics: the catalog compiled to SQL, periods, OKR model, progress, pacing (pure, no streamlit)."""

from metrics.batch import compute_many
from metrics.catalog import CATALOG, CLASSES, UNITS, Metric, Need, Source, Text, get_metric
from metrics.compile import sql_for_display
from metrics.engine import (
    MetricResult,
    MetricUnavailable,
    compile_sql,
    compute,
    default_as_of,
    forget,
    latest_data_date,
    metric_value,
    requirements,
    today,
)
from metrics.periods import (
    GRAINS,
    Period,
    custom_period,
    fiscal_year,
    next_period,
    parse_period,
    period_containing,
    periods_between,
    previous,
)

__all__ = [
    "CATALOG",
    "CLASSES",
    "GRAINS",
    "UNITS",
    "Metric",
    "MetricResult",
    "MetricUnavailable",
    "Need",
    "Period",
    "Source",
    "Text",
    "compile_sql",
    "compute",
    "compute_many",
    "custom_period",
    "default_as_of",
    "fiscal_year",
    "forget",
    "get_metric",
    "latest_data_date",
    "metric_value",
    "next_period",
    "parse_period",
    "period_containing",
    "periods_between",
    "previous",
    "requirements",
    "sql_for_display",
    "today",
]
