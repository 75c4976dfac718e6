"""Tables exported to CSV/XLSX for the user, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What stays as it is although it starts with - or +: a plain number ("-1500.50", "+3", "-1e5").  Not
# Python's float(): it also takes "-inf", "-nan" and "-1_000", which a spreadsheet reads as formulas.
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # Plain negative numbers stay numbers; anything else is made inert with a leading quote.
        return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value
    return value


def _is_text(column: pd.Series) -> bool:
    dtype = column.dtype
    return not (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and every header neutralised (columns taken by position, so repeated
    headers are fine; object, string and categorical columns alike)."""
    columns = {}
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        columns[i] = column.map(neutralise) if _is_text(column) else column
    out = pd.DataFrame(columns, index=frame.index)
    out.columns = [neutralise(str(c)) for c in frame.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel on Windows opens Chinese text correctly.
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def _xml_safe(value: object) -> object:
    """XLSX (XML) cannot hold control characters such as \\x01 that a broken export may carry: they become
    U+FFFD (openpyxl would refuse the whole file)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    clean = safe_frame(frame)
    clean.columns = [_xml_safe(c) for c in clean.columns]
    for k in range(clean.shape[1]):
        column = clean.iloc[:, k]
        if hasattr(column.dtype, "tz") and column.dtype.tz is not None:  # Excel has no time-zone aware dates
            clean.isetitem(k, column.dt.tz_localize(None))
        elif _is_text(column):
            clean.isetitem(k, column.map(_xml_safe))
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        clean.to_excel(writer, index=False, sheet_name=_xml_safe(sheet)[:31] or "data")
    return buffer.getvalue()
