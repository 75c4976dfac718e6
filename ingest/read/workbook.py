"""Workbooks (.xlsx/.xlsm/.xlsb, legacy .xls, .ods) through python-calamine.

Cells become text the way a person reads them in Excel: whole numbers without ".0" (ids such as 660737
and 12-digit card numbers stay exact), dates as ISO text, text cells untouched (leading zeros kept).
Merged ranges are filled with their value.  Without ``sheet=`` the data sheet is the largest table on a
visible sheet that is not a data dictionary, pivot or summary; the others are listed for the user.
"""

from __future__ import annotations

import io
import re

import python_calamine as calamine

from ingest.read.base import RawTable, ReadError, match_sheet, no_gc
from ingest.read.cells import cell_text
from ingest.read.grid import GridLayout, GridSource, Values, is_empty_row, layout_grid

# Sheets that describe or aggregate the data rather than hold it.
_SIDE_SHEET_NAME = re.compile(
    r"(?i)(dictionary|data\s*dict|definitions?|glossary|read\s*me|readme|notes?|instructions?|legend|"
    r"pivot|summary|overview|dashboard|chart|说明|字段|数据字典|透视|汇总|概览|图表)"
)
_DICTIONARY_HEADER = re.compile(
    r"(?i)^(variables?|fields?|field name|columns?|column name|attributes?|descriptions?|meaning|definitions?|"
    r"字段|字段名|说明|含义|描述|变量|备注)$"
)


# ------------------------------------------------------------------ sheets
def _open(data: bytes) -> calamine.CalamineWorkbook:
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise ReadError(
            "This workbook is password-protected; remove the password in Excel and upload it again."
        ) from None
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadError(
            f"This Excel file could not be opened ({_short(exc)}); open it in Excel, save it again as .xlsx "
            "and upload the new copy."
        ) from None


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def load_sheet(workbook: calamine.CalamineWorkbook, name: str) -> Values:
    """The sheet's raw values from A1 (calamine's types; "" for empty), merged ranges filled, trailing
    empty rows removed.  Cells become text later, column by column (see ingest.read.grid)."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise ReadError(
            f"The sheet '{name}' could not be read ({_short(exc)}); open the file in Excel, save it again and "
            "upload the new copy."
        ) from None
    while values and is_empty_row(values[-1]):
        values.pop()
    try:
        merged = sheet.merged_cell_ranges or []
    except Exception:  # not every format reports merged cells
        merged = []
    fill_merged(values, merged)
    return values


def fill_merged(grid: Values, ranges: list) -> None:
    """Give every cell of a merged range the range's value (Excel shows it once, in the top-left cell)."""
    if not grid or not ranges:
        return
    width = max(map(len, grid))
    for (top, left), (bottom, right) in ranges:
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        if value is None or value == "":
            continue
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            row = grid[r]
            last = min(right, width - 1)
            if len(row) <= last:
                row.extend([None] * (last + 1 - len(row)))
            row[left : last + 1] = [value] * (last + 1 - left)


def is_side_table(name: str, layout: GridLayout) -> bool:
    """A data dictionary, pivot or summary sheet: listed, but never chosen by default."""
    if _SIDE_SHEET_NAME.search(name) or layout.kind == "summary":
        return True
    names = layout.names
    if len(names) <= 3 and any(_DICTIONARY_HEADER.match(n) for n in names):
        return True
    if len(names) == 2:  # two columns of variable / long description text
        descriptions = [cells[1] for _, cells in layout.text_rows(50) if cells[1]]
        return bool(descriptions) and sum(len(d) for d in descriptions) / len(descriptions) > 30
    return False


def read_workbook(data: bytes, container: str, *, sheet: str | None = None) -> RawTable:
    with no_gc():
        return _read_workbook(data, container, sheet)


def _read_workbook(data: bytes, container: str, sheet: str | None) -> RawTable:
    workbook = _open(data)
    try:
        metadata = workbook.sheets_metadata
        worksheets = [m for m in metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
        visible = [m.name for m in worksheets if m.visible == calamine.SheetVisibleEnum.Visible]
        if sheet is not None:
            name = _find_sheet(sheet, [m.name for m in worksheets], visible)
            layout = layout_grid(load_sheet(workbook, name), cell_text)
            if layout is None:
                raise ReadError(f"The sheet '{name}' is empty; choose another sheet: {', '.join(visible)}.")
        else:
            name, layout = _choose_sheet(workbook, visible or [m.name for m in worksheets])
    finally:
        workbook.close()
    return workbook_table(name, layout, visible, container, GridSource(layout))


def workbook_table(name: str, layout, visible: list[str], container: str, source) -> RawTable:
    """The RawTable of the sheet ``name`` laid out as ``layout`` (a GridLayout or an ArrowLayout)."""
    if not layout.names:
        raise ReadError(
            f"No columns were found on the sheet '{name}'; choose another sheet or export the report again."
        )
    return RawTable(
        columns=list(layout.names),
        container=container,
        encoding=None,
        delimiter=None,
        sheet=name,
        sheets=visible,
        header_row=layout.header_row,
        kind=layout.kind,
        warnings=list(layout.warnings),
        dropped_rows=layout.dropped_rows,
        row_count=layout.row_count,
        _source=source,
    )


def sheet_rank(name: str, layout) -> tuple[int, int]:
    """How the data sheet is chosen: a data sheet before a side table, then the larger table (rows x columns)."""
    return (0 if is_side_table(name, layout) else 1, layout.row_count * len(layout.names))


def _find_sheet(wanted: str, names: list[str], visible: list[str]) -> str:
    found = match_sheet(wanted, names)
    if found is not None:
        return found
    raise ReadError(
        f"There is no sheet named '{wanted}' in this workbook; choose one of: {', '.join(visible)}."
    )


def _choose_sheet(workbook: calamine.CalamineWorkbook, names: list[str]) -> tuple[str, GridLayout]:
    """The largest table (rows x columns) on a data sheet; a side sheet only when nothing else has data."""
    best: tuple[tuple[int, int], str, GridLayout] | None = None
    for name in names:
        layout = layout_grid(load_sheet(workbook, name), cell_text)
        if layout is None:
            continue
        key = sheet_rank(name, layout)
        if best is None or key > best[0]:
            best = (key, name, layout)
    if best is None:
        raise ReadError("Every sheet of this workbook is empty; export the report again with its rows.")
    return best[1], best[2]
