"""The metric catalog: every metric's declaration (metrics/catalog_*.py, built from metrics/definitions.py),
collected once, with the internal helper metrics the others are built from."""

from __future__ import annotations

from metrics import catalog_customers, catalog_sales, catalog_service
from metrics.definitions import (  # noqa: F401  (the catalog's vocabulary, re-exported for its users)
    AGGREGATIONS,
    CLASSES,
    DEAL_STATE,
    REGISTRY,
    UNITS,
    Aggregation,
    Better,
    Metric,
    MetricClass,
    MetricUnavailable,
    Need,
    Source,
    Text,
    Unit,
    fold,
)


# --------------------------------------------------------------------------- the catalog
def _collect() -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    for module in (catalog_sales, catalog_customers, catalog_service):
        for metric in module.METRICS:
            if metric.id in out:
                raise ValueError(f"metric {metric.id!r} is defined twice")
            out[metric.id] = metric
    for module in (catalog_sales, catalog_customers, catalog_service):
        for metric in getattr(module, "HELPERS", ()):
            HELPERS[metric.id] = metric
    return out


HELPERS: dict[str, Metric] = {}  # internal building blocks (not shown to users)


def lookup(metric_id: str, catalog: dict[str, Metric] | None = None) -> Metric:
    catalog = CATALOG if catalog is None else catalog
    if metric_id in catalog:
        return catalog[metric_id]
    return HELPERS[metric_id]


CATALOG: dict[str, Metric] = _collect()
REGISTRY.update({**HELPERS, **CATALOG})


def get_metric(metric_id: str) -> Metric:
    """The catalog entry for ``metric_id``."""
    try:
        return CATALOG[metric_id]
    except KeyError:
        raise MetricUnavailable(
            f"There is no metric {metric_id!r}; choose one of {', '.join(sorted(CATALOG))}.",
            zh=f"没有指标 {metric_id!r}；请从以下指标中选择：{', '.join(sorted(CATALOG))}。",
        ) from None
