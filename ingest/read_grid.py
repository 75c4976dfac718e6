"""Tables that arrive as a grid of cell values in memory (workbook sheets, HTML tables).

Only the top rows (header search), the bottom rows (footer search) and the preview are turned into
text in Python.  The data columns go to DuckDB as typed lists (one query parameter per column: numbers
as DOUBLE[], dates as TIMESTAMP[]) and become text in SQL, so a 200,000-row sheet costs little more than
calamine's own read.  (Not Arrow: building the first pyarrow array imports pandas, a third of a second.)
The text rules are those of ``ingest.read_workbook.cell_text``: whole numbers without ".0", shortest
round-trip decimals (DuckDB's DOUBLE to VARCHAR matches Python's repr), ISO dates.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from ingest import header as hdr
from ingest.read_base import TRIM_CHARS, Materialized, ReadError, clean_cell
from ingest.read_cells import datetime_text, float_text
from store import quote_ident

if TYPE_CHECKING:  # previews only; loading never imports pandas
    import pandas as pd

Values = list[list[object]]  # rows of raw cell values: str ("" when empty), float, int, datetime, None ...
TAIL_ROWS = 200  # rows from the bottom examined for a report footer
# The first two characters of every label the subtotal pattern accepts, in any letter case (a cheap
# first test on 200,000 first cells; "  Total" with leading spaces is also caught by the exact test).
_TOTAL_STARTS = frozenset(
    [
        a + b
        for word in ("to", "gr", "su")
        for a in (word[0], word[0].upper())
        for b in (word[1], word[1].upper())
    ]
    + ["小计", "合计", "总计", "小計", "合計", "總計", " T", " t", " G", " g", " S", " s"]
)


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
    warnings = list(plan.warnings)
    footer = junk.warning()
    if footer:
        warnings.append(footer)
    if blank:
        warnings.append(f"Dropped {blank:,} blank row{'s' if blank != 1 else ''}")
    if subtotal:
        warnings.append(f"Dropped {subtotal:,} subtotal row{'s' if subtotal != 1 else ''}")
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


def _row_filter(kept: list[Sequence[object]]) -> tuple[list[bool] | None, int, int]:
    """Which data rows to load: not blank, not a subtotal.  One cheap pass over the first column finds
    the few candidates (first cell empty, or text that starts like Total / Grand / Sub / 小计 ...); only
    those are looked at closely, so a 200,000-row sheet is not slowed down."""
    if not kept:
        return None, 0, 0
    candidates = [
        i
        for i, v in enumerate(kept[0])
        if v == "" or v is None or (type(v) is str and v[:2] in _TOTAL_STARTS)
    ]
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


# ------------------------------------------------------------------ typed columns
_NUMBER_TEXT = (
    "CASE WHEN {c} = trunc({c}) AND abs({c}) < 9007199254740992 THEN CAST(CAST({c} AS BIGINT) AS VARCHAR) "
    "ELSE CAST({c} AS VARCHAR) END"
)
_TEXT_SQL = {
    "text": f"nullif(trim({{c}}, '{TRIM_CHARS}'), '')",  # trimmed, blank -> NULL
    "mixed": "{c}",
    "empty": "{c}",
    "number": _NUMBER_TEXT,
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


def _column_param(values: Sequence[object], kind: str, to_text: Callable[[object], str | None]) -> tuple[list, str]:
    """The column as a list DuckDB takes as one typed parameter, and its kind ("mixed": text made in
    Python, cell by cell, when the column mixes types)."""
    if kind == "empty":
        return [None] * len(values), kind
    if kind != "text" and kind != "mixed" and operator.countOf(values, ""):
        values = [None if v == "" else v for v in values]
    if kind == "integer" and (max(values, key=_int_or_zero) >= 2**63 or min(values, key=_int_or_zero) < -(2**63)):
        kind = "mixed"  # beyond BIGINT: Python's digits
    if kind == "mixed":
        return [to_text(v) for v in values], kind
    # A date-time column may hold dates (calamine's midnight cells): DuckDB reads the list as TIMESTAMP[].
    return values if isinstance(values, list) else list(values), kind


def _int_or_zero(value: object) -> int:
    return value if type(value) is int else 0


# Each kind in Python, for the preview: the same text as the SQL of _TEXT_SQL.
_PYTHON_TEXT: dict[str, Callable[[object], str | None]] = {
    "text": clean_cell,
    "number": lambda v: float_text(float(v)),  # type: ignore[arg-type]
    "integer": str,
    "timestamp": lambda v: datetime_text(_as_datetime(v)),  # type: ignore[arg-type]
    "date": lambda v: v.isoformat(),  # type: ignore[attr-defined]
    "empty": lambda v: None,
}


class GridSource:
    """Rows already in memory, loaded by one query with a list parameter per column (the preview applies
    the same text rules, so it shows exactly the text that will load)."""

    def __init__(self, layout: GridLayout) -> None:
        self.layout = layout

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        layout = self.layout
        total = len(layout.columns[0]) if layout.columns else 0
        params: dict[str, object] = {"n": total}
        cells, select = [], []
        for k, (values, name) in enumerate(zip(layout.columns, layout.names, strict=True)):
            params[f"c{k}"], kind = _column_param(values, column_kind(values), layout.to_text)
            cells.append(f"unnest($c{k}) AS c{k}")
            select.append(f"{_TEXT_SQL[kind].format(c=f'c{k}')} AS {quote_ident(name)}")
        # Several unnest() in one SELECT run side by side: row k of every column, and its number.
        cells.append(f"unnest(generate_series(1, $n)) AS {quote_ident('_row')}")
        where = ""
        if layout.keep is not None:
            params["keep"] = layout.keep
            cells.append("unnest($keep) AS _keep")
            where = "WHERE _keep"
        if total == 0:  # unnest of empty lists gives no rows, but the columns still need their types
            where = "WHERE false"
        try:
            cur.execute(
                f"CREATE OR REPLACE TEMP TABLE {quote_ident(table_name)} AS "
                f"SELECT {', '.join(select)}, {quote_ident('_row')} FROM (SELECT {', '.join(cells)}) {where}",
                params,
            ).fetchall()
        except duckdb.Error as exc:
            raise ReadError(
                f"The table could not be loaded ({str(exc).splitlines()[0][:200]}); save the file again and retry."
            ) from None
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
