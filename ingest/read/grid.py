"""Tables that arrive as a grid of cell values in memory (workbook sheets, HTML tables).

Only the top rows (header search), the bottom rows (footer search) and the preview are turned into
text in Python.  The data columns go to DuckDB as typed Arrow arrays (numbers as DOUBLE, dates as
TIMESTAMP) and become text in SQL, so a 200,000-row sheet costs little more than calamine's own read.
The arrays are built from buffers (numpy, pyarrow's StringBuilder), never with ``pa.array()``: its first
call imports pandas, a fifth of a second a load does not need.
The text rules are those of ``ingest.read.workbook.cell_text``: whole numbers without ".0", shortest
round-trip decimals (DuckDB's DOUBLE to VARCHAR matches Python's repr), ISO dates.
"""

from __future__ import annotations

import datetime as dt
import operator
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingest.read import header as hdr
from ingest.read.base import TRIM_CHARS, Materialized, ReadError, clean_cell, no_gc
from ingest.read.cells import datetime_text, float_text
from store import quote_ident

if TYPE_CHECKING:  # previews only; loading never imports pandas
    import pandas as pd

Values = list[list[object]]  # rows of raw cell values: str ("" when empty), float, int, datetime, None ...
TAIL_ROWS = 200  # rows from the bottom examined for a report footer
# The first two characters of every label the subtotal pattern accepts, in any letter case (a cheap
# first test on 200,000 first cells; a cell starting with spaces is always looked at closely).
_TOTAL_STARTS = frozenset(
    [
        a + b
        for word in ("to", "gr", "su")
        for a in (word[0], word[0].upper())
        for b in (word[1], word[1].upper())
    ]
    + ["小计", "合计", "总计", "小計", "合計", "總計"]
)


_FIRST_TWO = operator.itemgetter(slice(0, 2))
_FIRST_ONE = operator.itemgetter(slice(0, 1))
_SPACES = frozenset(TRIM_CHARS)


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

    def text_rows(self, limit: int, *, raw: bool = False) -> list[tuple[int, list]]:
        """(data row number, cells) of the first ``limit`` loaded rows, as text (or as raw values)."""
        rows = []
        total = len(self.columns[0]) if self.columns else 0
        for i in range(total):
            if self.keep is None or self.keep[i]:
                cells = [column[i] for column in self.columns]
                rows.append((i + 1, cells if raw else [self.to_text(v) for v in cells]))
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
    if body and min(map(len, body)) < width:  # HTML rows may be ragged or all shorter than the header
        body = [list(row) + [None] * (width - len(row)) for row in body]
    row_width = len(body[0]) if body else 0
    has_data = [any(row[p] != "" and row[p] is not None for row in body) for p in range(row_width)]
    plan = hdr.plan_columns(header, has_data + [False] * (width - row_width))
    # Column by column (C-level itemgetter): four times faster than zip(*rows) and only for kept columns.
    kept = [list(map(operator.itemgetter(p), body)) for p in plan.positions]
    keep, blank, subtotal = _row_filter(kept)
    warnings = hdr.layout_warnings(plan.warnings, junk, blank, subtotal)
    layout = GridLayout(
        header_index + 1,
        plan.names,
        kept,
        keep,
        warnings,
        blank + subtotal + junk.footer_lines,
        "records",
        to_text,
    )
    if layout.row_count <= hdr.SUMMARY_MAX_ROWS:
        sample = [cells for _, cells in layout.text_rows(hdr.SUMMARY_MAX_ROWS)]
        layout.kind = hdr.table_kind(plan.names, sample, layout.row_count)
    return layout


def _empty(value: object) -> bool:
    """An empty cell: nothing, or text of only spaces (as ``clean_cell`` reads it)."""
    return value is None or (type(value) is str and not value.strip(TRIM_CHARS))


def _row_filter(kept: list[Sequence[object]]) -> tuple[list[bool] | None, int, int]:
    """Which data rows to load: not blank, not a subtotal.  One cheap pass over the first column finds
    the few candidates (first cell empty, or text that starts like Total / Grand / Sub / 小计 ...); only
    those are looked at closely, so a 200,000-row sheet is not slowed down."""
    if not kept:
        return None, 0, 0
    first = kept[0]
    if not operator.countOf(first, "") and not operator.countOf(first, None):
        # The usual sheet, checked at C speed: no empty first cell, and no text starting like a total.
        types = set(map(type, first))
        if str not in types or (
            types == {str}
            and _TOTAL_STARTS.isdisjoint(map(_FIRST_TWO, first))
            and _SPACES.isdisjoint(map(_FIRST_ONE, first))  # "  Total" is looked at below
        ):
            return None, 0, 0
    candidates = [
        i
        for i, v in enumerate(kept[0])
        if v is None or (type(v) is str and (not v.strip(TRIM_CHARS) or v.lstrip(TRIM_CHARS)[:2] in _TOTAL_STARTS))
    ]
    keep: list[bool] | None = None
    blank = subtotal = 0
    leading = kept[: hdr.SUBTOTAL_SCAN_COLUMNS]
    for i in candidates:
        if all(_empty(c[i]) for c in kept):
            blank += 1
        else:
            label = next((c[i] for c in leading if not _empty(c[i])), None)
            if not (type(label) is str and hdr.is_subtotal([label.strip(TRIM_CHARS)])):
                continue
            subtotal += 1
        keep = keep or [True] * len(kept[0])
        keep[i] = False
    return keep, blank, subtotal


# ------------------------------------------------------------------ typed columns
NUMBER_TEXT_SQL = (  # a DOUBLE as the general path writes it (ingest.read.cells.float_text)
    "CASE WHEN {c} = trunc({c}) AND abs({c}) < 9007199254740992 THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) "
    "ELSE CAST({c} AS VARCHAR) END"
)
_TEXT_SQL = {
    "text": "nullif({c}, '')",
    "mixed": "{c}",
    "empty": "{c}",
    "number": NUMBER_TEXT_SQL,
    "integer": "CAST({c} AS VARCHAR)",
    # Excel keeps times as fractions of a day: round away the binary noise (08:25:59.999996).
    "timestamp": "strftime(date_trunc('second', {c} + INTERVAL 500 MILLISECOND), '%Y-%m-%d %H:%M:%S')",
    "date": "strftime({c}, '%Y-%m-%d')",
}


def column_kind(values: Sequence[object]) -> str:
    """How a column becomes text: one type throughout ("text", "number", "integer", "timestamp", "date",
    "empty"), or "mixed" (each cell on its own, in Python).  Empty cells ("" or None) never count."""
    types = set(map(type, values))
    types.discard(type(None))
    if types == {str}:
        return "text"
    if str in types and operator.countOf(map(type, values), str) == operator.countOf(values, ""):
        types.discard(str)  # the only strings are empty cells
    if not types:
        return "empty"
    if types <= {float, int}:
        return "integer" if types == {int} else "number"
    if types <= {dt.datetime, dt.date}:
        # calamine returns a date for a date-time cell that falls on midnight: the column stays date-time
        return "timestamp" if dt.datetime in types else "date"
    return "mixed"


def _as_datetime(value: object) -> object:
    return dt.datetime(value.year, value.month, value.day) if type(value) is dt.date else value


def _strings(values: Sequence[object]) -> pa.Array:
    builder = pa.lib.StringBuilder()
    builder.append_values(values)
    return builder.finish()


def _from_numpy(kind: str, data: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """An Arrow array over numpy's buffer, NULL where ``missing``."""
    arrow_type = {"number": pa.float64(), "integer": pa.int64(), "timestamp": pa.timestamp("us")}.get(kind)
    if arrow_type is None:
        arrow_type, data = pa.date32(), data.astype(np.int32)  # days since 1970
    validity = None if missing is None else pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.Array.from_buffers(arrow_type, len(data), [validity, pa.py_buffer(data)])


def _to_arrow(
    values: Sequence[object], kind: str, to_text: Callable[[object], str | None]
) -> tuple[pa.Array, str]:
    """The column as an Arrow array of its type; text made in Python when the types are mixed."""
    if kind == "text":  # trimmed by Arrow's C++ kernel (cheaper than SQL trim); '' -> NULL in SQL
        return pc.utf8_trim(_strings(values), characters=TRIM_CHARS), kind
    if kind == "empty":
        return _strings([None] * len(values)), kind
    if kind != "mixed":
        if operator.countOf(values, ""):
            values = [None if v == "" else v for v in values]
        missing = None
        if operator.countOf(values, None):
            missing = np.fromiter(map(operator.is_, values, _NONES), bool, len(values))
        try:
            if kind == "number":
                if operator.countOf(map(type, values), int) and any(
                    type(v) is int and abs(v) > MAX_EXACT_INTEGER for v in values
                ):
                    raise OverflowError  # a whole number a DOUBLE would round: keep its digits
                data = np.array(values, np.float64)  # None -> NaN, masked
            elif kind == "integer":
                data = np.array(
                    [0 if v is None else v for v in values] if missing is not None else values, np.int64
                )
            elif kind == "timestamp":  # microseconds since 1970 (numpy's own conversion is 5x slower)
                if operator.countOf(map(type, values), dt.date):  # midnight cells come as dates
                    data = np.array([_microseconds(v) for v in values], np.int64)
                else:
                    data = np.array(
                        [0 if v is None else (v - _EPOCH) // _MICROSECOND for v in values], np.int64
                    )
            else:
                data = np.array([0 if v is None else (v - _EPOCH_DAY).days for v in values], np.int64)
            return _from_numpy(kind, data, missing), kind
        except (OverflowError, ValueError, TypeError):
            pass  # e.g. an integer beyond 64 bits
    return _strings([to_text(v) for v in values]), "mixed"


MAX_EXACT_INTEGER = 2**53
_EPOCH, _EPOCH_DAY, _MICROSECOND = dt.datetime(1970, 1, 1), dt.date(1970, 1, 1), dt.timedelta(microseconds=1)
_MICROSECONDS_A_DAY = 86_400_000_000


def _microseconds(value: object) -> int:
    if value is None:
        return 0
    if type(value) is dt.date:
        return (value - _EPOCH_DAY).days * _MICROSECONDS_A_DAY
    return (value - _EPOCH) // _MICROSECOND  # type: ignore[operator]


_NONES = iter(lambda: None, 0)  # None, forever (for map(operator.is_, values, _NONES))


# Each kind in Python, for the preview: the same text as the SQL of _TEXT_SQL.
_PYTHON_TEXT: dict[str, Callable[[object], str | None]] = {
    "text": clean_cell,
    "number": lambda v: float_text(float(v)),  # type: ignore[arg-type]
    "integer": str,
    "timestamp": lambda v: datetime_text(_as_datetime(v)),  # type: ignore[arg-type]
    "date": lambda v: v.isoformat(),  # type: ignore[attr-defined]
    "empty": lambda v: None,
}


def create_from_arrow(
    cur: duckdb.DuckDBPyConnection,
    table_name: str,
    arrays: list[pa.Array],
    selects: list[str],
    keep: np.ndarray | None,
) -> None:
    """CREATE TEMP TABLE ``table_name`` AS SELECT ``selects`` (over columns c0, c1 ... of ``arrays``) and
    ``_row`` (1-based data row), leaving out the rows ``keep`` marks False."""
    total = len(arrays[0]) if arrays else 0
    names = [*(f"c{k}" for k in range(len(arrays))), "_row"]
    arrays = [*arrays, _from_numpy("integer", np.arange(1, total + 1, dtype=np.int64))]
    where = ""
    if keep is not None:
        arrays.append(
            pa.Array.from_buffers(pa.bool_(), total, [None, pa.py_buffer(np.packbits(keep, bitorder="little"))])
        )
        names.append("_keep")
        where = "WHERE _keep"
    view = f"crm_okr_grid_{uuid.uuid4().hex}"
    cur.register(view, pa.Table.from_arrays(arrays, names=names))
    try:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {quote_ident(table_name)} AS "
            f"SELECT {', '.join(selects)}, {quote_ident('_row')} FROM {quote_ident(view)} {where}"
        ).fetchall()
    except duckdb.Error as exc:
        raise ReadError(
            f"The table could not be loaded ({str(exc).splitlines()[0][:200]}); save the file again and retry."
        ) from None
    finally:
        cur.unregister(view)


class GridSource:
    """Rows already in memory, loaded through one Arrow table (the preview goes the same way, so it
    shows exactly the text that will load)."""

    def __init__(self, layout: GridLayout) -> None:
        self.layout = layout

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        with no_gc():
            return self._materialize(cur, table_name)

    def _materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        layout = self.layout
        arrays, select = [], []
        for k, (values, name) in enumerate(zip(layout.columns, layout.names, strict=True)):
            array, kind = _to_arrow(values, column_kind(values), layout.to_text)
            arrays.append(array)
            select.append(f"{_TEXT_SQL[kind].format(c=quote_ident(f'c{k}'))} AS {quote_ident(name)}")
        keep = None if layout.keep is None else np.array(layout.keep, bool)
        create_from_arrow(cur, table_name, arrays, select, keep)
        return Materialized(layout.row_count, list(layout.names), list(layout.warnings), layout.dropped_rows)

    def preview(self, n: int) -> pd.DataFrame:
        """The first ``n`` rows as materialize will load them (each column's kind is that of all its rows)."""
        layout = self.layout
        rows = layout.text_rows(n, raw=True)
        formats = []
        for values in layout.columns:
            kind = column_kind(values)
            formats.append(_PYTHON_TEXT.get(kind, layout.to_text))
        text = [
            [None if v == "" or v is None else fmt(v) for fmt, v in zip(formats, cells, strict=True)]
            for _, cells in rows
        ]
        import pandas as pd

        return pd.DataFrame(text, columns=layout.names, dtype=object)

    def close(self) -> None:
        pass
