"""Tables that arrive as a grid of cells in memory (workbook sheets, HTML tables).

The grid is small enough to judge whole: header row, columns, footer, blank and subtotal rows are all
decided exactly, and loading goes through one Arrow table registered with DuckDB.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa

from ingest import header as hdr
from ingest.read_base import Materialized, ReadError
from store import quote_ident

Grid = list[list[str | None]]


@dataclass
class GridLayout:
    header_row: int  # 1-based row of the header in the grid
    names: list[str]
    rows: list[tuple[int, list[str | None]]]  # (1-based data row number, cells in column order)
    warnings: list[str]
    dropped_rows: int
    kind: str


def layout_grid(grid: Grid) -> GridLayout | None:
    """Find the table in a grid of cleaned cells; None when the grid has no values at all."""
    header_index = hdr.find_header(grid)
    if header_index is None:
        return None
    header = grid[header_index]
    body = grid[header_index + 1 :]
    junk = hdr.trailing_junk(body, max(2, hdr.filled(header)))
    body = body[: junk.start]
    width = max(hdr_span(row) for row in [header, *body])
    plan = hdr.plan_columns(header, body, width)
    rows: list[tuple[int, list[str | None]]] = []
    blank = subtotal = 0
    positions = plan.positions
    for number, row in enumerate(body, start=1):
        cells = [row[p] if p < len(row) else None for p in positions]
        if hdr.is_blank(cells):
            blank += 1
        elif hdr.is_subtotal(cells):
            subtotal += 1
        else:
            rows.append((number, cells))
    warnings = list(plan.warnings)
    footer = junk.warning()
    if footer:
        warnings.append(footer)
    if blank:
        warnings.append(f"Dropped {blank:,} blank row{'s' if blank != 1 else ''}")
    if subtotal:
        warnings.append(f"Dropped {subtotal:,} subtotal row{'s' if subtotal != 1 else ''}")
    kind = hdr.table_kind(plan.names, [cells for _, cells in rows], len(rows))
    return GridLayout(header_index + 1, plan.names, rows, warnings, blank + subtotal + junk.footer_lines, kind)


def hdr_span(row: list[str | None]) -> int:
    for i in range(len(row) - 1, -1, -1):
        if row[i]:
            return i + 1
    return 0


class GridSource:
    """Rows already in memory: materialized through an Arrow table."""

    def __init__(self, layout: GridLayout) -> None:
        self.layout = layout

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        names = self.layout.names
        rows = self.layout.rows
        internal = [f"c{i}" for i in range(len(names))]
        columns = list(zip(*(cells for _, cells in rows), strict=True)) if rows else [() for _ in names]
        arrays = [pa.array(column, type=pa.string()) for column in columns]
        arrays.append(pa.array([number for number, _ in rows], type=pa.int64()))
        arrow_table = pa.Table.from_arrays(arrays, names=[*internal, "_row"])
        view = f"crm_okr_grid_{uuid.uuid4().hex}"
        select = ", ".join(f"{quote_ident(i)} AS {quote_ident(n)}" for i, n in zip(internal, names, strict=True))
        cur.register(view, arrow_table)
        try:
            cur.execute(
                f"CREATE OR REPLACE TEMP TABLE {quote_ident(table_name)} AS "
                f"SELECT {select}, {quote_ident('_row')} FROM {quote_ident(view)}"
            )
        except duckdb.Error as exc:
            raise ReadError(f"The table could not be loaded ({str(exc).splitlines()[0][:200]}); save the file again and retry.") from None
        finally:
            cur.unregister(view)
        return Materialized(len(rows), list(names), list(self.layout.warnings), self.layout.dropped_rows)

    def preview(self, n: int) -> pd.DataFrame:
        return pd.DataFrame([cells for _, cells in self.layout.rows[:n]], columns=self.layout.names, dtype=object)

    def close(self) -> None:
        pass
