"""The dimensions a metric can be split by: mapped fields of its entity that hold data, and original columns."""

from __future__ import annotations

from typing import Any

from metrics.catalog import get_metric
from store import ENTITIES, quote_ident

MAX_ORIGINAL_COLUMNS = 40
# Original columns with more distinct values than this are ids or free text, not useful splits.
MAX_DISTINCT_FOR_SPLIT = 200


def available_dimensions(ws: Any, metric_id: str) -> list[str]:
    """Canonical dimension fields with data, then unmapped original columns (from ``_extra``)."""
    metric = get_metric(metric_id)
    entity = ENTITIES.get(metric.entity)
    if entity is None:
        return []
    table = quote_ident(entity.name)
    found: list[str] = []
    for name in entity.dimensions:
        distinct = ws.scalar(f"SELECT count(DISTINCT {quote_ident(name)}) FROM {table}")
        if distinct and 1 < distinct <= MAX_DISTINCT_FOR_SPLIT:
            found.append(name)
    extra = ws.execute(
        f"""
        SELECT key, count(DISTINCT value) AS n
        FROM (SELECT unnest(map_keys(_extra)) AS key, unnest(map_values(_extra)) AS value FROM {table})
        GROUP BY key HAVING n BETWEEN 2 AND ? ORDER BY key LIMIT ?
        """,
        [MAX_DISTINCT_FOR_SPLIT, MAX_ORIGINAL_COLUMNS],
    )
    found += [key for key, _ in extra if key not in found]
    return found
