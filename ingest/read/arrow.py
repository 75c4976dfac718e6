"""A sheet that arrives as Arrow text columns (ingest.read.xlsx_fast): find the table, then load it in SQL.

The same steps as ``ingest.read.grid.layout_grid`` (header under titles, footer, blank and subtotal rows,
columns without header or data), done on Arrow arrays: only the top rows, the bottom rows and the few
candidate subtotal rows become Python strings.

fastexcel's text is made to read like the general workbook reader's by ``ingest.read.excel_text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingest.read import header as hdr
from ingest.read.base import TRIM_CHARS, Materialized, no_gc
from ingest.read.excel_text import DateSystem, column_kind, exact_sql, header_text, python_text, text_sql
from ingest.read.grid import TAIL_ROWS, create_from_arrow
from store import quote_ident

if TYPE_CHECKING:  # previews only; loading never imports pandas
    import pandas as pd

_SUBTOTAL_START = r"^((?i:to|gr|su)|小计|合计|总计|小計|合計|總計)"


class Declined(Exception):
    """A sheet this path leaves to the general reader (ingest.read.workbook)."""


@dataclass
class ArrowLayout:
    header_row: int  # 1-based row of the header in the sheet
    names: list[str]
    columns: list[pa.Array]  # trimmed text of each named column, one per data row (dropped rows too)
    kinds: list[str]  # per column: "text", "date" or "duration" (ingest.read.excel_text.column_kind)
    keep: np.ndarray | None  # per data row: loaded (None when every row is)
    system: DateSystem = field(default_factory=DateSystem)
    sheet_columns: list[int] = field(default_factory=list)  # the sheet column (0 = A) of each named column
    body_start: int = 0  # the batch row of data row 1
    batch_rows: int = 0  # rows in the batch read
    exact: dict[int, pa.Array] = field(default_factory=dict)  # column -> its cells read as DOUBLE (see read_xlsx)
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
        cells = []
        for k, (column, kind) in enumerate(zip(self.columns, self.kinds, strict=True)):
            values = column.take(index).to_pylist()
            numbers = self.exact[k].take(index).to_pylist() if k in self.exact else [None] * len(values)
            cells.append([python_text(v, kind, self.system, n) for v, n in zip(values, numbers, strict=True)])
        return [(int(r) + 1, [c[i] for c in cells]) for i, r in enumerate(rows)]


def layout_batch(
    batch: pa.RecordBatch, first_row: int, first_column: int = 0, system: DateSystem | None = None
) -> ArrowLayout | None:
    """Find the table in a sheet read as text; None when it has no values.  ``first_row`` (1-based) and
    ``first_column`` (0-based) place the batch in the sheet: fastexcel starts at the first cell with a value,
    and a column without a header is named after its sheet column ("Unnamed 6" for F)."""
    with no_gc():
        return _layout(batch, first_row, first_column, system or DateSystem())


def _layout(batch: pa.RecordBatch, first_row: int, offset: int, system: DateSystem) -> ArrowLayout | None:
    columns = [pc.utf8_trim(c, characters=TRIM_CHARS) for c in batch.columns]
    total = batch.num_rows
    head = _rows(columns, 0, hdr.HEADER_SCAN_ROWS + 20)
    first = next((i for i, row in enumerate(head) if not hdr.is_blank(row)), None)
    if first is None:
        if total > len(head):  # only spaces in the first rows: rare enough for the general reader
            raise Declined("no value in the first rows")
        return None
    header_index = first + (hdr.find_header(head[first : first + hdr.HEADER_SCAN_ROWS]) or 0)
    header = [header_text(v, system) for v in head[header_index]]
    body_start = header_index + 1
    tail_start = max(body_start, total - TAIL_ROWS)
    junk = hdr.trailing_junk(_rows(columns, tail_start, total - tail_start), max(2, hdr.filled(header)))
    body_end = tail_start + junk.start
    body = [c.slice(body_start, body_end - body_start) for c in columns]
    # Positions count from column A, as on the general path (the sheet's empty columns have no data).
    plan = hdr.plan_columns([None] * offset + header, [False] * offset + [_has_text(c) for c in body])
    kept = [body[p - offset] for p in plan.positions]
    keep, blank, subtotal = _row_filter(kept)
    warnings = hdr.layout_warnings(plan.warnings, junk, blank, subtotal)
    layout = ArrowLayout(
        header_row=first_row + header_index,
        names=plan.names,
        columns=kept,
        kinds=[column_kind(c, system) for c in kept],
        keep=keep,
        warnings=warnings,
        dropped_rows=blank + subtotal + junk.footer_lines,
        system=system,
        sheet_columns=list(plan.positions),
        body_start=body_start,
        batch_rows=total,
    )
    if layout.row_count <= hdr.SUMMARY_MAX_ROWS:
        sample = [cells for _, cells in layout.text_rows(hdr.SUMMARY_MAX_ROWS)]
        layout.kind = hdr.table_kind(plan.names, sample, layout.row_count)
    return layout


def _rows(columns: Sequence[pa.Array], start: int, count: int) -> list[list[str | None]]:
    """Rows ``start``.. as lists of trimmed text (None for an empty cell)."""
    values = [c.slice(start, count).to_pylist() for c in columns]
    return [[v or None for v in row] for row in zip(*values, strict=True)] if values else []


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
    return column.null_count < len(column) and bool(pc.any(_filled(column)).as_py())


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
    cells = [[v or None for v in c.take(index).to_pylist()] for c in kept]
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


class ArrowSource:
    """A laid-out sheet, loaded through one registered Arrow table and one SQL statement."""

    def __init__(self, layout: ArrowLayout) -> None:
        self.layout = layout

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        layout = self.layout
        arrays, selects = list(layout.columns), []
        for k, (name, kind) in enumerate(zip(layout.names, layout.kinds, strict=True)):
            column = quote_ident(f"c{k}")
            sql = text_sql(column, kind, layout.system)
            if k in layout.exact:
                arrays.append(layout.exact[k])
                sql = exact_sql(sql, column, quote_ident(f"c{len(arrays) - 1}"))
            selects.append(f"{sql} AS {quote_ident(name)}")
        create_from_arrow(cur, table_name, arrays, selects, layout.keep)
        return Materialized(layout.row_count, list(layout.names), list(layout.warnings), layout.dropped_rows)

    def preview(self, n: int) -> pd.DataFrame:
        import pandas as pd

        rows = [cells for _, cells in self.layout.text_rows(n)]
        return pd.DataFrame(rows, columns=self.layout.names, dtype=object)

    def close(self) -> None:
        pass

