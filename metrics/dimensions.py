"""The dimensions a metric can be split by: the real ones, never free text.

A split is worth offering when it groups rows into a few named groups: the mapped dimension fields that
managers drill by (owner, team, region, channel, product, segment, and for tickets agent, type, category,
priority) holding 2 to MAX_DISTINCT_FOR_SPLIT values, then original columns kept in ``_extra`` with at most
MAX_DISTINCT_ORIGINAL short values (a comment column such as 意见与建议 is free text: one value per row).
Remembered on the workspace until its data changes.
"""

from __future__ import annotations

from typing import Any

from metrics.catalog import get_metric
from store import ENTITIES, quote_ident

# The mapped fields offered as splits, in the order they are offered (the first is the default).
SPLIT_FIELDS = ("owner", "team", "region", "channel", "product", "segment", "agent", "type", "category",
                "priority", "stage", "status")
MAX_DISTINCT_FOR_SPLIT = 200
MAX_ORIGINAL_COLUMNS = 40
MAX_DISTINCT_ORIGINAL = 30  # an original column with more values is an id, a name or free text
MAX_AVERAGE_LENGTH = 40  # characters: product and campaign names run to ~40; longer values are sentences
MAX_DISTINCT_SHARE = 0.5  # nearly one value per row: not a grouping (judged from MIN_ROWS_FOR_SHARE rows on)
MIN_ROWS_FOR_SHARE = 20


def available_dimensions(ws: Any, metric_id: str) -> list[str]:
    """Mapped dimension fields with data, then original columns that group rows (see the module docstring)."""
    metric = get_metric(metric_id)
    entity = ENTITIES.get(metric.entity)
    if entity is None or ws is None:
        return []
    return ws.memo.get(("dimensions", entity.name), lambda: _dimensions(ws, entity))


def _dimensions(ws: Any, entity: Any) -> list[str]:
    table = quote_ident(entity.name)
    offered = [f for f in SPLIT_FIELDS if f in entity.dimensions]
    found: list[str] = []
    if offered:
        counts = ws.execute(f"SELECT {', '.join(f'count(DISTINCT {quote_ident(f)})' for f in offered)} FROM {table}")[0]
        found = [f for f, n in zip(offered, counts, strict=True) if n and 1 < n <= MAX_DISTINCT_FOR_SPLIT]
    extra = ws.execute(
        f"""
        SELECT key, count(DISTINCT value) AS n, avg(length(value)) AS len, count(*) AS rows
        FROM (SELECT unnest(map_keys(_extra)) AS key, unnest(map_values(_extra)) AS value FROM {table})
        GROUP BY key HAVING n BETWEEN 2 AND ? ORDER BY key LIMIT ?
        """,
        [MAX_DISTINCT_ORIGINAL, MAX_ORIGINAL_COLUMNS],
    )
    found += [key for key, n, length, rows in extra
              if key not in found and length <= MAX_AVERAGE_LENGTH
              and (rows < MIN_ROWS_FOR_SHARE or n <= MAX_DISTINCT_SHARE * rows)]
    return found
