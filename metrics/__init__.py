"""Metrics: the catalog compiled to SQL, periods, and the engine's one seam (``MetricQuery``).

    from metrics import MetricQuery, compute
    compute(ws, MetricQuery("win_rate", grain="quarter", by="region"))

The names are imported when first used (PEP 562): ``from metrics.facts import ...`` (what a load's report
asks) does not pay for the engine and pandas.
"""

from __future__ import annotations

from store.lazy import lazy_names

_WHERE = {
    "CATALOG": "metrics.catalog",
    "CLASSES": "metrics.catalog",
    "UNITS": "metrics.catalog",
    "Metric": "metrics.catalog",
    "MetricUnavailable": "metrics.catalog",
    "Need": "metrics.catalog",
    "Source": "metrics.catalog",
    "Text": "metrics.catalog",
    "get_metric": "metrics.catalog",
    "sql_for_display": "metrics.compile",
    "MetricResult": "metrics.engine",
    "compile_sql": "metrics.engine",
    "compute": "metrics.engine",
    "compute_many": "metrics.engine",
    "metric_value": "metrics.engine",
    "data_span": "metrics.facts",
    "default_as_of": "metrics.facts",
    "forget": "metrics.facts",
    "latest_data_date": "metrics.facts",
    "requirements": "metrics.facts",
    "setting": "metrics.facts",
    "stale_data": "metrics.facts",
    "GRAINS": "metrics.periods",
    "Grain": "metrics.periods",
    "Period": "metrics.periods",
    "custom_period": "metrics.periods",
    "fiscal_year": "metrics.periods",
    "next_period": "metrics.periods",
    "parse_period": "metrics.periods",
    "period_containing": "metrics.periods",
    "periods_between": "metrics.periods",
    "previous": "metrics.periods",
    "MetricQuery": "metrics.query",
    "MetricView": "metrics.view",
    "metric_view": "metrics.view",
}


__getattr__, __dir__ = lazy_names("metrics", _WHERE, globals())


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
