"""Tables that arrive as a grid of cell values in memory (workbook sheets, HTML tables).

Only the top rows (header search), the bottom rows (footer search) and the preview are turned into
text in Python.  The data columns go to DuckDB as typed Arrow arrays (numbers as DOUBLE, dates as
TIMESTAMP) and become text in SQL, so a 200,000-row sheet costs little more than calamine's own read.
The text rules are those of ``ingest.read_workbook.cell_text``: whole numbers without ".0", shortest
round-trip decimals (DuckDB's DOUBLE to VARCHAR matches Python's repr), ISO dates.
"""

from __future__ import annotations

import datetime as dt
import operator
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import zip_longest

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from ingest import header as hdr
from ingest.read_base import TRIM_CHARS, Materialized, ReadError
from store import quote_ident

Values = list[list[object]]  # rows of raw cell values: str ("" when empty), float, int, datetime, None ...
TAIL_ROWS = 200  # rows from the bottom examined for a report footer
_SUBTOTAL_CJK = frozenset(c for c in hdr.SUBTOTAL_FIRST_CHARACTERS if not c.isascii())


def is_empty_row(row: Sequence[object]) -> bool:
    return operator.countOf(row, "") + operator.countOf(row, None) == len(row)


@dataclass
class GridLayout:
    header_row: int  # 1-based row of the header in the grid
    names: list[str]
    columns: list[Sequence[object]]  # raw values of each named column, one per data row (dropped rows too)
    keep: list[bool] | None  # per data row: loaded (None when every row is)
    warnings: list[str]
    dropped_rows: int
    kind: str
    to_text: Callable[[object], str | None]

    @property
    def row_count(self) -> int:
        total = len(self.columns[0]) if self.columns else 0
        return total if self.keep is None else sum(self.keep)

    def text_rows(self, limit: int) -> list[tuple[int, list[str | None]]]:
        """(data row number, cells as text) of the first ``limit`` loaded rows."""
        rows = []
        total = len(self.columns[0]) if self.columns else 0
        for i in range(total):
            if self.keep is None or self.keep[i]:
                rows.append((i + 1, [self.to_text(column[i]) for column in self.columns]))
                if len(rows) >= limit:
                    break
        return rows


def layout_grid(values: Values, to_text: Callable[[object], str | None]) -> GridLayout | None:
    """Find the table in a grid; None when the grid has no values at all."""
    first = next((i for i, row in enumerate(values) if not is_empty_row(row)), None)
    if first is None:
        return None
    head = [[to_text(v) for v in row] for row in values[first : first + hdr.HEADER_SCAN_ROWS]]
    header_index = first + (hdr.find_header(head) or 0)
    header = head[header_index - first]
    body = values[header_index + 1 :]
    width = max(map(len, values[header_index:])) if body else len(header)
    tail_start = max(0, len(body) - TAIL_ROWS)
    tail = [[to_text(v) for v in row] for row in body[tail_start:]]
    junk = hdr.trailing_junk(tail, max(2, hdr.filled(header)))
    body = body[: tail_start + junk.start]
    if len(set(map(len, body))) <= 1:  # workbook rows all have the sheet's width
        columns = list(zip(*body))
    else:
        columns = list(zip_longest(*body, fillvalue=None))
    has_data = [operator.countOf(c, "") + operator.countOf(c, None) < len(c) for c in columns]
    plan = hdr.plan_columns(header, has_data + [False] * (width - len(has_data)))
    kept = [columns[p] if p < len(columns) else (None,) * len(body) for p in plan.positions]
    keep, blank, subtotal = _row_filter(kept)
    warnings = list(plan.warnings)
    footer = junk.warning()
    if footer:
        warnings.append(footer)
    if blank:
        warnings.append(f"Dropped {blank:,} blank row{'s' if blank != 1 else ''}")
    if subtotal:
        warnings.append(f"Dropped {subtotal:,} subtotal row{'s' if subtotal != 1 else ''}")
    layout = GridLayout(
        header_index + 1, plan.names, kept, keep, warnings, blank + subtotal + junk.footer_lines, "records", to_text
    )
    if layout.row_count <= hdr.SUMMARY_MAX_ROWS:
        sample = [cells for _, cells in layout.text_rows(hdr.SUMMARY_MAX_ROWS)]
        layout.kind = hdr.table_kind(plan.names, sample, layout.row_count)
    return layout


def _row_filter(kept: list[Sequence[object]]) -> tuple[list[bool] | None, int, int]:
    """Which data rows to load: not blank, not a subtotal.  One cheap pass over the first column finds
    the few candidates (first cell empty, or text that starts like Total / Grand / Sub / 小计 ...); only
    those are looked at closely, so a 200,000-row sheet is not slowed down."""
    if not kept:
        return None, 0, 0
    candidates = [i for i, v in enumerate(kept[0]) if v == "" or v is None or (type(v) is str and _maybe_total(v))]
    keep: list[bool] | None = None
    blank = subtotal = 0
    leading = kept[: hdr.SUBTOTAL_SCAN_COLUMNS]
    for i in candidates:
        if all(c[i] == "" or c[i] is None for c in kept):
            blank += 1
        else:
            label = next((c[i] for c in leading if not (c[i] == "" or c[i] is None)), None)
            if not (type(label) is str and hdr.is_subtotal([label.strip(TRIM_CHARS)])):
                continue
            subtotal += 1
        keep = keep or [True] * len(kept[0])
        keep[i] = False
    return keep, blank, subtotal


def _maybe_total(text: str) -> bool:
    text = text.lstrip(TRIM_CHARS)
    return text[:1] in _SUBTOTAL_CJK or text[:3].casefold() in ("tot", "gra", "sub")


# ------------------------------------------------------------------ typed Arrow columns
_NUMBER_TEXT = (
    "CASE WHEN {c} = trunc({c}) AND abs({c}) < 9007199254740992 THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) "
    "ELSE CAST({c} AS VARCHAR) END"
)
_TEXT_SQL = {
    "text": "nullif(trim({c}, '" + TRIM_CHARS + "'), '')",
    "cleaned": "{c}",
    "number": _NUMBER_TEXT,
    "integer": "CAST({c} AS VARCHAR)",
    # Excel keeps times as fractions of a day: round away the binary noise (08:25:59.999996).
    "timestamp": "strftime(date_trunc('second', {c} + INTERVAL 500 MILLISECOND), '%Y-%m-%d %H:%M:%S')",
    "date": "strftime({c}, '%Y-%m-%d')",
}


def _arrow_column(values: Sequence[object], to_text: Callable[[object], str | None]) -> tuple[pa.Array, str]:
    """One column as an Arrow array of its own type when it has one type, else as text made in Python."""
    types = set(map(type, values))
    types.discard(type(None))
    empty_strings = operator.countOf(values, "")
    if str in types and operator.countOf(map(type, values), str) == empty_strings:
        types.discard(str)  # only empty cells are strings
    elif str in types:
        if types == {str}:
            return pa.array(values, pa.string()), "text"
        return pa.array([to_text(v) for v in values], pa.string()), "cleaned"
    if empty_strings:
        values = [None if v == "" else v for v in values]
    try:
        if not types:
            return pa.nulls(len(values), pa.string()), "cleaned"
        if types <= {float, int}:
            return (pa.array(values, pa.int64()), "integer") if types == {int} else (pa.array(values, pa.float64()), "number")
        if types == {dt.datetime, dt.date}:
            # calamine returns a date for a date-time cell that falls on midnight: keep the column uniform
            values = [dt.datetime(v.year, v.month, v.day) if type(v) is dt.date else v for v in values]
            types = {dt.datetime}
        if types == {dt.datetime}:
            return pa.array(values, pa.timestamp("us")), "timestamp"
        if types == {dt.date}:
            return pa.array(values, pa.date32()), "date"
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass  # e.g. an integer beyond 64 bits: fall back to text
    return pa.array([to_text(v) for v in values], pa.string()), "cleaned"


class GridSource:
    """Rows already in memory, loaded through one Arrow table (the preview goes the same way, so it
    shows exactly the text that will load)."""

    def __init__(self, layout: GridLayout) -> None:
        self.layout = layout

    def _arrow(self, limit: int | None = None) -> tuple[pa.Table, list[str]]:
        layout = self.layout
        total = len(layout.columns[0]) if layout.columns else 0
        columns: list[Sequence[object]] = layout.columns
        if limit is None:
            numbers = pa.array(np.arange(1, total + 1, dtype=np.int64))
        else:
            rows = [i for i in range(total) if layout.keep is None or layout.keep[i]][:limit]
            columns = [[column[i] for i in rows] for column in columns]
            numbers = pa.array([i + 1 for i in rows], pa.int64())
        arrays, select = [], []
        for k, (values, name) in enumerate(zip(columns, layout.names, strict=True)):
            array, kind = _arrow_column(values, layout.to_text)
            arrays.append(array)
            select.append(f"{_TEXT_SQL[kind].format(c=quote_ident(f'c{k}'))} AS {quote_ident(name)}")
        table = pa.Table.from_arrays([*arrays, numbers], names=[*(f"c{k}" for k in range(len(arrays))), "_row"])
        if limit is None and layout.keep is not None:
            table = table.filter(pa.array(layout.keep, pa.bool_()))
        return table, [*select, quote_ident("_row")]

    def _select(self, cur: duckdb.DuckDBPyConnection, sql_head: str, table: pa.Table, select: list[str]):
        view = f"crm_okr_grid_{uuid.uuid4().hex}"
        cur.register(view, table)
        try:
            return cur.execute(f"{sql_head} SELECT {', '.join(select)} FROM {quote_ident(view)}")
        except duckdb.Error as exc:
            raise ReadError(
                f"The table could not be loaded ({str(exc).splitlines()[0][:200]}); save the file again and retry."
            ) from None
        finally:
            cur.unregister(view)

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        table, select = self._arrow()
        self._select(cur, f"CREATE OR REPLACE TEMP TABLE {quote_ident(table_name)} AS", table, select)
        layout = self.layout
        return Materialized(table.num_rows, list(layout.names), list(layout.warnings), layout.dropped_rows)

    def preview(self, n: int) -> pd.DataFrame:
        table, select = self._arrow(limit=n)
        with duckdb.connect() as con:
            rows = self._select(con, "", table, select[:-1]).fetchall()
        return pd.DataFrame(rows, columns=self.layout.names, dtype=object)

    def close(self) -> None:
        pass
