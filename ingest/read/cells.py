"""Workbook cell values as text, the way a person reads them in Excel.

Whole numbers lose the ".0" calamine gives them (660737, and 12-digit ids stay exact up to 2**53),
other numbers use the shortest text that reads back as the same number (Python's repr, which DuckDB's
DOUBLE to VARCHAR matches), dates are ISO, text is trimmed and keeps its leading zeros.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from ingest.read.base import clean_cell

MAX_SAFE_INTEGER = 2**53


def float_text(value: float) -> str | None:
    if value.is_integer() and abs(value) < MAX_SAFE_INTEGER:
        return str(int(value))
    return repr(value) if math.isfinite(value) else None


def datetime_text(value: dt.datetime) -> str:
    # Excel stores times as fractions of a day: round away the binary noise (08:25:59.999996).
    value = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    return value.strftime("%Y-%m-%d %H:%M:%S") if value.year >= 1000 else value.isoformat(sep=" ")


def time_text(value: dt.time) -> str:
    seconds = round(value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6)
    seconds = min(seconds, 86399)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def duration_text(value: dt.timedelta) -> str:
    seconds = round(value.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


_CELL_TEXT: dict[type, Callable] = {
    str: clean_cell,
    float: float_text,
    int: str,
    bool: lambda v: "TRUE" if v else "FALSE",
    dt.datetime: datetime_text,
    dt.date: lambda v: v.isoformat(),
    dt.time: time_text,
    dt.timedelta: duration_text,
}


def cell_text(value: object) -> str | None:
    """The text of one cell value (None for an empty cell)."""
    if value is None or value == "":
        return None
    convert = _CELL_TEXT.get(type(value))
    return convert(value) if convert else clean_cell(str(value))
