"""Wide tables (one column per month: Channel | 2024-07 | 2024-08 | ...) turned into one row per cell.

Marketing spend is often kept as a channel x month grid.  When most headers are dates, the raw table is
unpivoted in DuckDB into ``<label columns>, Month, Amount`` so that the usual detection maps it to
spend (channel, period_start, amount).  ``_row`` then numbers the cells (row-major), and the plan says so.
"""

from __future__ import annotations

import duckdb

from ingest.plan.dates import detect_date_format
from store import quote_ident

MIN_DATE_COLUMNS = 3
PERIOD_COLUMN, VALUE_COLUMN = "Month", "Amount"


def date_headers(cur: duckdb.DuckDBPyConnection, columns: list[str]) -> list[str]:
    """The headers that are dates or months ('2024-07', 'Jul 2024', '2024年7月', '2024-07-01')."""
    candidates = [c for c in columns if c and any(ch.isdigit() for ch in c)]
    if len(candidates) < MIN_DATE_COLUMNS:
        return []
    fmt = detect_date_format(cur, candidates)
    if fmt.kind != "strptime":
        return []
    parsed = cur.execute(
        f"SELECT v FROM unnest(?::VARCHAR[]) AS t(v) WHERE {fmt.sql('v')} IS NOT NULL", [candidates]
    ).fetchall()
    return [r[0] for r in parsed]


def unpivot_if_wide(
    cur: duckdb.DuckDBPyConnection, table: str, columns: list[str]
) -> tuple[list[str], str] | None:
    """Unpivot ``table`` in place when it is a label x date grid; returns (new columns, note) or None."""
    dates = date_headers(cur, columns)
    labels = [c for c in columns if c not in dates]
    if len(dates) < MIN_DATE_COLUMNS or len(dates) < len(labels) or not labels or len(labels) > 3:
        return None
    if {PERIOD_COLUMN, VALUE_COLUMN} & set(labels):
        return None
    src = quote_ident(table)
    date_list = ", ".join(quote_ident(c) for c in dates)
    label_list = ", ".join(quote_ident(c) for c in labels)
    tmp = quote_ident(table + "_wide")
    # UNPIVOT drops empty cells by default (no spend booked), which is what a grid means.
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE {tmp} AS SELECT {label_list}, {quote_ident(PERIOD_COLUMN)}, "
        f"{quote_ident(VALUE_COLUMN)}, row_number() OVER (ORDER BY _row, _col) AS _row FROM ("
        f"SELECT *, list_position($dates::VARCHAR[], {quote_ident(PERIOD_COLUMN)}) AS _col FROM "
        f"(UNPIVOT (SELECT {label_list}, {date_list}, _row FROM {src}) ON {date_list} "
        f"INTO NAME {quote_ident(PERIOD_COLUMN)} VALUE {quote_ident(VALUE_COLUMN)}))",
        {"dates": dates},
    )
    cur.execute(f"DROP TABLE {src}")
    cur.execute(f"ALTER TABLE {tmp} RENAME TO {src}")
    n = cur.execute(f"SELECT count(*) FROM {src}").fetchone()[0]
    note = (
        f"One column per month ({dates[0]} … {dates[-1]}): turned into {n} rows of "
        f"{', '.join(labels)}, {PERIOD_COLUMN}, {VALUE_COLUMN}; row numbers count cells."
    )
    return [*labels, PERIOD_COLUMN, VALUE_COLUMN], note
