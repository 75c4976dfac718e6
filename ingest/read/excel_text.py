"""fastexcel's cell text, corrected to read like ``ingest.read.cells.cell_text`` (the python-calamine path).

fastexcel (``dtypes="string"``) loses a cell's type when it writes it as text: a boolean is "true", a
number has at most nine decimals ("12345678.119999999" for 12345678.12), and times and durations, which
Excel keeps as days since its epoch, read as date-times on 1899-12-31 (or 1904-01-01 in a workbook using
the 1904 date system).  The rules below give back the general path's text:

- per cell: ``TRUE``/``FALSE``; ``0`` for ``-0``; a time of day (a date-time on the epoch's first day) as ``HH:MM:SS``; other date-times
  rounded to the second (Excel's binary noise: 08:25:59.999);
- per column: every value a midnight date-time -> the date alone; every value within the epoch's first
  years and some a day or longer -> durations ``H:MM:SS``;
- a number fastexcel rounded to nine decimals (1/7 reads 0.142857143) is read again as a number
  (``exact_sql``), so it keeps every digit; only a column with such numbers costs that second read, and a
  column whose every rounded number happens to end in 0 at the ninth decimal is not noticed.

Without the cell's type a text cell that looks exactly like one of those is read the same way (a text
"true" becomes "TRUE"), and a number smaller than 5e-10 reads 0; tests/test_read_xlsx_fast.py lists these.

The rules exist twice, as SQL for loading and as Python for previews; a property test holds them equal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

SAMPLE = 1000  # values looked at before a whole column is
_DATE_ONLY = r"^\d{4}-\d\d-\d\d 00:00:00$"
# fastexcel writes a number rounded to nine decimals and drops the trailing zeros.  A value with nine
# decimals (the last not 0: "1.500000000" is text someone typed) shows that a column's numbers were rounded;
# then every value written as fastexcel writes a fraction (1/33 reads "0.03030303") is read again.
NINE_DECIMALS = r"^-?\d+\.\d{8}[1-9]$"
_FRACTION = re.compile(r"-?(0|[1-9]\d*)\.\d{0,8}[1-9]")


@dataclass(frozen=True)
class DateSystem:
    """Excel's 1900 date system (the default) or the 1904 one (older Mac workbooks)."""

    epoch_1904: bool = False

    @property
    def first_day(self) -> str:
        """The date fastexcel gives a time of day (a serial below 1)."""
        return "1904-01-01" if self.epoch_1904 else "1899-12-31"

    @property
    def serial_pattern(self) -> str:
        """Date-times within four years of the epoch: a column of nothing else holds durations."""
        years = "190[4-7]-\\d\\d-\\d\\d" if self.epoch_1904 else "1899-12-31|190[0-3]-\\d\\d-\\d\\d"
        return f"^({years}) \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?$"

    def base_sql(self, x: str) -> str:
        if self.epoch_1904:
            return "TIMESTAMP '1904-01-01'"
        # Excel counts days from 1899-12-31 and has a 29 February 1900, so from March 1900 one day more.
        return f"(CASE WHEN {x} < '1900-03-01' THEN TIMESTAMP '1899-12-31' ELSE TIMESTAMP '1899-12-30' END)"

    def base(self, stamp: dt.datetime) -> dt.datetime:
        if self.epoch_1904:
            return dt.datetime(1904, 1, 1)
        return dt.datetime(1899, 12, 31) if stamp < dt.datetime(1900, 3, 1) else dt.datetime(1899, 12, 30)


# ------------------------------------------------------------------ per column
def column_kind(column: pa.Array, system: DateSystem) -> str:
    """"duration", "date" or "text" (see the module docstring).  ``column`` is trimmed text."""
    time_of_day = pc.any(pc.starts_with(column, pattern=system.first_day + " ")).as_py()
    if _every(column, system.serial_pattern):
        longer = pc.any(pc.invert(pc.starts_with(column, pattern=system.first_day + " "))).as_py()
        if longer:
            return "duration"
    if not time_of_day and _every(column, _DATE_ONLY):
        return "date"
    return "text"


def _every(column: pa.Array, pattern: str) -> bool:
    """Every value matches (empty cells aside), and there is one."""
    values = column.filter(pc.cast(pc.utf8_length(column), pa.bool_()))  # drops nulls and ''
    if not len(values):
        return False
    for part in (values.slice(0, SAMPLE), values):  # most columns fail on their first values
        if not pc.all(pc.match_substring_regex(part, pattern=pattern)).as_py():
            return False
    return True


def may_be_rounded(column: pa.Array) -> bool:
    """Whether some value has nine decimals: fastexcel may have rounded it (see ``exact_sql``)."""
    return bool(pc.any(pc.match_substring_regex(column, pattern=NINE_DECIMALS)).as_py())


# ------------------------------------------------------------------ SQL
_ROUNDED = "date_trunc('second', TRY_CAST({x} AS TIMESTAMP) + INTERVAL 500 MILLISECOND)"


def text_sql(column: str, kind: str, system: DateSystem) -> str:
    """SQL for the text of a (trimmed) column of ``kind``."""
    x = f"nullif({column}, '')"
    if kind == "date":
        return f"left({x}, 10)"
    if kind == "duration":
        seconds = (
            f"((date_diff('microsecond', {system.base_sql(x)}, CAST({x} AS TIMESTAMP)) + 500000) // 1000000)"
        )
        return f"printf('%d:%02d:%02d', {seconds} // 3600, {seconds} // 60 % 60, {seconds} % 60)"
    rounded = _ROUNDED.format(x=x)
    last = f"TIMESTAMP '{system.first_day} 23:59:59'"  # a time rounded up to midnight stays in its day
    return (
        f"CASE WHEN {x} IN ('true', 'false') THEN upper({x}) WHEN {x} = '-0' THEN '0' "
        f"WHEN {x} LIKE '{system.first_day} __:__:__%' THEN coalesce(strftime(CASE WHEN {rounded} > {last} "
        f"THEN {last} ELSE {rounded} END, '%H:%M:%S'), {x}) "
        f"WHEN {x} LIKE '____-__-__ __:__:__.%' THEN coalesce(strftime({rounded}, '%Y-%m-%d %H:%M:%S'), {x}) "
        f"ELSE {x} END"
    )


def exact_sql(text: str, column: str, number: str) -> str:
    """``text`` (the column's SQL), except where fastexcel wrote nine decimals and ``number`` (the same cell
    read as a DOUBLE) has the value: that value's text, as the general path writes numbers."""
    from ingest.read.grid import NUMBER_TEXT_SQL

    return (
        f"CASE WHEN {number} IS NOT NULL AND regexp_full_match({column}, '{_FRACTION.pattern}') "
        f"THEN {NUMBER_TEXT_SQL.format(c=number)} ELSE {text} END"
    )


# ------------------------------------------------------------------ Python (previews)
def _rounded(value: str) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return (stamp + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def python_text(value: str | None, kind: str, system: DateSystem, number: float | None = None) -> str | None:
    """What ``text_sql`` (and ``exact_sql`` with ``number``) makes of one (trimmed) cell."""
    if not value:
        return None
    if number is not None and _FRACTION.fullmatch(value):
        from ingest.read.cells import float_text

        return float_text(number)
    if kind == "date":
        return value[:10]
    if kind == "duration":
        stamp = dt.datetime.fromisoformat(value)
        seconds = ((stamp - system.base(stamp)) // dt.timedelta(microseconds=1) + 500_000) // 1_000_000
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if value in ("true", "false"):
        return value.upper()
    if value == "-0":
        return "0"
    if value.startswith(system.first_day + " ") and len(value) >= 19:
        stamp = _rounded(value)
        if stamp is None:
            return value
        last = dt.datetime.fromisoformat(system.first_day + " 23:59:59")
        return min(stamp, last).strftime("%H:%M:%S")
    if len(value) > 20 and value[19] == "." and value[4] == "-" and value[10] == " ":
        stamp = _rounded(value)
        return value if stamp is None else stamp.strftime("%Y-%m-%d %H:%M:%S")
    return value


def header_text(value: str | None, system: DateSystem) -> str | None:
    """A header cell as the general path names it: each cell on its own (a midnight date-time is a date)."""
    if value and len(value) == 19 and value.endswith(" 00:00:00") and not value.startswith(system.first_day):
        return value[:10]
    return python_text(value, "text", system)
