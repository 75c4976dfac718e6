"""A sheet that arrives as Arrow text columns (ingest.read_xlsx): find the table, then load it in SQL.

The same steps as ``ingest.read_grid.layout_grid`` (header under titles, footer, blank and subtotal rows,
columns without header or data), done on Arrow arrays: only the top rows, the bottom rows and the few
candidate subtotal rows become Python strings.

fastexcel's text is made to read like ``ingest.read_cells.cell_text`` (the general workbook reader):
``TRUE``/``FALSE``, ``0`` for ``-0``, whole seconds, a column of midnight dates as plain dates, a time of
day as ``HH:MM:SS`` and a column of durations (Excel keeps them as days since 1900) as ``H:MM:SS``.
The rules exist twice, as SQL for loading and as Python for previews, and a test holds them equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingest import header as hdr
from ingest.read_base import TRIM_CHARS, Materialized, clean_cell, no_gc
from ingest.read_grid import TAIL_ROWS, create_from_arrow
from store import quote_ident

if TYPE_CHECKING:  # previews only; loading never imports pandas
    import pandas as pd

_SAMPLE = 1000  # values looked at before a whole column is
_DATE_ONLY = r"^\d{4}-\d\d-\d\d 00:00:00$"
_SERIAL = r"^(1899-12-3[01]|1900-\d\d-\d\d) \d\d:\d\d:\d\d(\.\d+)?$"
_SUBTOTAL_START = r"^[ \t\r\n]*((?i:to|gr|su)|小计|合计|总计|小計|合計|總計)"


class Declined(Exception):
    """A sheet this path leaves to the general reader (ingest.read_workbook)."""


@dataclass
class ArrowLayout:
    header_row: int  # 1-based row of the header in the sheet
    names: list[str]
    columns: list[pa.Array]  # trimmed text of each named column, one per data row (dropped rows too)
    kinds: list[str]  # per column: "text", "date" (midnight dates) or "duration" (days since 1900)
    keep: np.ndarray | None  # per data row: loaded (None when every row is)
    warnings: list[str] = field(default_factory=list)
    dropped_rows: int = 0
    kind: str = "records"

    @property
    def row_count(self) -> int:
        total = len(self.columns[0]) if self.columns else 0
        return total if self.keep is None else int(self.keep.sum())

    def text_rows(self, limit: int) -> list[tuple[int, list[str | None]]]:
        """(data row number, cells as they will load) of the first ``limit`` loaded rows."""
        total = len(self.columns[0]) if self.columns else 0
        rows = np.arange(total) if self.keep is None else np.flatnonzero(self.keep)
        rows = rows[:limit]
        if not len(rows):
            return []
        index = _index(rows)
        cells = [
            [_python_text(v, kind) for v in column.take(index).to_pylist()]
            for column, kind in zip(self.columns, self.kinds, strict=True)
        ]
        return [(int(r) + 1, [c[i] for c in cells]) for i, r in enumerate(rows)]


def layout_batch(batch: pa.RecordBatch, first_row: int) -> ArrowLayout | None:
    """Find the table in a sheet read as text; None when it has no values.  ``first_row`` is the sheet row
    of the batch's first row (fastexcel starts at the first row with a value)."""
    with no_gc():
        return _layout(batch, first_row)


def _layout(batch: pa.RecordBatch, first_row: int) -> ArrowLayout | None:
    # Cells of only spaces are already null (fastexcel's whitespace_as_null); the others are trimmed in SQL.
    columns = batch.columns
    total = batch.num_rows
    head = _rows(columns, 0, hdr.HEADER_SCAN_ROWS + 20)
    first = next((i for i, row in enumerate(head) if not hdr.is_blank(row)), None)
    if first is None:
        if total > len(head):  # only spaces in the first rows: rare enough for the general reader
            raise Declined("no value in the first rows")
        return None
    header_index = first + (hdr.find_header(head[first : first + hdr.HEADER_SCAN_ROWS]) or 0)
    header = head[header_index]
    body_start = header_index + 1
    tail_start = max(body_start, total - TAIL_ROWS)
    junk = hdr.trailing_junk(_rows(columns, tail_start, total - tail_start), max(2, hdr.filled(header)))
    body_end = tail_start + junk.start
    body = [c.slice(body_start, body_end - body_start) for c in columns]
    plan = hdr.plan_columns(header, [_has_text(c) for c in body])
    kept = [body[p] for p in plan.positions]
    keep, blank, subtotal = _row_filter(kept)
    warnings = list(plan.warnings)
    footer = junk.warning()
    if footer:
        warnings.append(footer)
    if blank:
        warnings.append(f"Dropped {blank:,} blank row{'s' if blank != 1 else ''}")
    if subtotal:
        warnings.append(f"Dropped {subtotal:,} subtotal row{'s' if subtotal != 1 else ''}")
    layout = ArrowLayout(
        header_row=first_row + header_index,
        names=plan.names,
        columns=kept,
        kinds=[column_kind(c) for c in kept],
        keep=keep,
        warnings=warnings,
        dropped_rows=blank + subtotal + junk.footer_lines,
    )
    if layout.row_count <= hdr.SUMMARY_MAX_ROWS:
        sample = [cells for _, cells in layout.text_rows(hdr.SUMMARY_MAX_ROWS)]
        layout.kind = hdr.table_kind(plan.names, sample, layout.row_count)
    return layout


def _rows(columns: Sequence[pa.Array], start: int, count: int) -> list[list[str | None]]:
    """Rows ``start``.. as lists of trimmed text (None for an empty cell)."""
    values = [c.slice(start, count).to_pylist() for c in columns]
    return [[clean_cell(v) for v in row] for row in zip(*values, strict=True)] if values else []


def _filled(column: pa.Array) -> pa.Array:
    """True where the cell has text, False where it is empty or missing (never null)."""
    return pc.and_kleene(pc.is_valid(column), pc.cast(pc.utf8_length(column), pa.bool_()))


def _nonzero(mask: pa.Array) -> np.ndarray:
    """Positions where ``mask`` is true (Array.to_numpy would import pandas, which loading never needs)."""
    found = pc.indices_nonzero(mask)
    return np.frombuffer(found.buffers()[1], dtype=np.uint64)[found.offset : found.offset + len(found)]


def _index(positions: np.ndarray) -> pa.Array:
    return pa.Array.from_buffers(pa.int64(), len(positions), [None, pa.py_buffer(positions.astype(np.int64))])


def _has_text(column: pa.Array) -> bool:
    return column.null_count < len(column)


def _row_filter(kept: list[pa.Array]) -> tuple[np.ndarray | None, int, int]:
    """Which data rows to load: not blank, not a subtotal.  Candidates (first cell empty, or starting like
    Total / Grand / Sub / 小计 ...) are found in Arrow; only those are looked at in Python."""
    if not kept or not len(kept[0]):
        return None, 0, 0
    first = kept[0]
    candidate = pc.or_kleene(pc.invert(_filled(first)), pc.match_substring_regex(first, pattern=_SUBTOTAL_START))
    where = _nonzero(candidate)
    if not len(where):
        return None, 0, 0
    index = _index(where)
    cells = [[clean_cell(v) for v in c.take(index).to_pylist()] for c in kept]
    keep = np.ones(len(first), bool)
    blank = subtotal = 0
    for k, i in enumerate(where):
        row = [c[k] for c in cells]
        if hdr.is_blank(row):
            blank += 1
        elif hdr.is_subtotal(row):
            subtotal += 1
        else:
            continue
        keep[i] = False
    if not (blank or subtotal):
        return None, 0, 0
    return keep, blank, subtotal


# ------------------------------------------------------------------ fastexcel's text, corrected
def column_kind(column: pa.Array) -> str:
    """"date" when every value is a midnight date-time, "duration" when every value is a time since
    1899-12-31 and some pass a day (a duration cell), else "text"."""
    if _every(column, _DATE_ONLY):
        return "date"
    if _every(column, _SERIAL) and pc.any(pc.starts_with(column, pattern="1900-")).as_py():
        return "duration"
    return "text"


def _every(column: pa.Array, pattern: str) -> bool:
    """Every value matches (nulls aside), and there is one.  Values are fastexcel's, so dates and
    durations have no surrounding spaces."""
    if column.null_count == len(column):
        return False
    for part in (column.slice(0, _SAMPLE), column):  # most columns fail on their first values
        if not pc.all(pc.match_substring_regex(part, pattern=pattern)).as_py():
            return False
    return True


_LAST_SECOND = "TIMESTAMP '1899-12-31 23:59:59'"  # a time of day rounded up to midnight stays in its day
_ROUNDED = "date_trunc('second', TRY_CAST({x} AS TIMESTAMP) + INTERVAL 500 MILLISECOND)"
_TEXT_SQL = (
    "CASE WHEN {x} IN ('true', 'false') THEN upper({x}) WHEN {x} = '-0' THEN '0' "
    "WHEN {x} LIKE '1899-12-31 __:__:__%' THEN coalesce(strftime(CASE WHEN " + _ROUNDED + " > " + _LAST_SECOND
    + " THEN " + _LAST_SECOND + " ELSE " + _ROUNDED + " END, '%H:%M:%S'), {x}) "
    "WHEN {x} LIKE '____-__-__ __:__:__.%' THEN coalesce(strftime(" + _ROUNDED + ", '%Y-%m-%d %H:%M:%S'), {x}) "
    "ELSE {x} END"
)
# Excel counts days from 1899-12-31 and has a 29 February 1900, so from March 1900 one day more.
_DURATION_SECONDS = (
    "((date_diff('microsecond', CASE WHEN {x} < '1900-03-01' THEN TIMESTAMP '1899-12-31' "
    "ELSE TIMESTAMP '1899-12-30' END, CAST({x} AS TIMESTAMP)) + 500000) // 1000000)"
)
_KIND_SQL = {
    "text": _TEXT_SQL,
    "date": "left({x}, 10)",
    "duration": "printf('%d:%02d:%02d', {s} // 3600, {s} // 60 % 60, {s} % 60)".replace(
        "{s}", "(" + _DURATION_SECONDS + ")"
    ),
}


def text_sql(column: str, kind: str) -> str:
    """SQL for the text of a column of ``kind`` (already trimmed: DuckDB's trim with a character list costs
    five times Arrow's)."""
    x = f"nullif({column}, '')"
    return _KIND_SQL[kind].format(x=x)


_EXCEL_EPOCH, _LEAP_BUG_END = dt.datetime(1899, 12, 31), dt.datetime(1900, 3, 1)


def _rounded(value: str) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return (stamp + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _python_text(value: str | None, kind: str) -> str | None:
    """What ``text_sql`` makes of one cell (for previews and the layout's own look at the rows)."""
    value = clean_cell(value)
    if not value:
        return None
    if kind == "date":
        return value[:10]
    if kind == "duration":
        stamp = dt.datetime.fromisoformat(value)
        base = _EXCEL_EPOCH if stamp < _LEAP_BUG_END else _EXCEL_EPOCH - dt.timedelta(days=1)
        seconds = ((stamp - base) // dt.timedelta(microseconds=1) + 500_000) // 1_000_000  # half up, as in SQL
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if value in ("true", "false"):
        return value.upper()
    if value == "-0":
        return "0"
    if value.startswith("1899-12-31 ") and len(value) >= 19:
        stamp = _rounded(value)
        if stamp is None:
            return value
        return "23:59:59" if stamp.year > 1899 else stamp.strftime("%H:%M:%S")
    if len(value) > 20 and value[19] == "." and value[4] == "-" and value[10] == " ":
        stamp = _rounded(value)
        return value if stamp is None else stamp.strftime("%Y-%m-%d %H:%M:%S")
    return value


class ArrowSource:
    """A laid-out sheet, loaded through one registered Arrow table and one SQL statement."""

    def __init__(self, layout: ArrowLayout) -> None:
        self.layout = layout

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        layout = self.layout
        selects = [
            f"{text_sql(quote_ident(f'c{k}'), kind)} AS {quote_ident(name)}"
            for k, (name, kind) in enumerate(zip(layout.names, layout.kinds, strict=True))
        ]
        arrays = [
            pc.utf8_trim(column, characters=TRIM_CHARS) if kind == "text" else column
            for column, kind in zip(layout.columns, layout.kinds, strict=True)
        ]
        create_from_arrow(cur, table_name, arrays, selects, layout.keep)
        return Materialized(layout.row_count, list(layout.names), list(layout.warnings), layout.dropped_rows)

    def preview(self, n: int) -> pd.DataFrame:
        import pandas as pd

        rows = [cells for _, cells in self.layout.text_rows(n)]
        return pd.DataFrame(rows, columns=self.layout.names, dtype=object)

    def close(self) -> None:
        pass

