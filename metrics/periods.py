"""Reporting periods: ISO weeks, months, quarters and years, with a fiscal-year start month.

A :class:`Period` is a half-open date range ``[start, end)`` with a label:
``2025-W07`` (ISO week, starting Monday), ``2025-03`` (month), ``2025-Q1`` and ``2025``
(quarter and year when the fiscal year starts in January).  When it starts in another
month the fiscal quarter and year are ``FY2026-Q1`` and ``FY2026``: a fiscal year is
named by the calendar year in which it ends (with an April start, FY2026 runs from
2025-04-01 to 2026-03-31).  Months and weeks are always calendar periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class Grain(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


GRAINS: tuple[Grain, ...] = tuple(Grain)
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Period:
    """``[start, end)``; ``grain`` is None for a custom range."""

    label: str
    start: date
    end: date
    grain: Grain | None = None
    fiscal_start: int = 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def contains(self, day: date | datetime) -> bool:
        return self.start <= as_date(day) < self.end

    def previous(self) -> Period:
        return previous(self)

    def next(self) -> Period:
        return next_period(self)

    def to_date(self, as_of: date | datetime | None) -> date:
        """The exclusive end of the period-to-date as of ``as_of`` (inclusive day)."""
        if as_of is None:
            return self.end
        return max(self.start, min(self.end, as_date(as_of) + timedelta(days=1)))

    def is_running(self, as_of: date | datetime | None) -> bool:
        return as_of is not None and self.start <= as_date(as_of) < self.last_day

    def __str__(self) -> str:
        return self.label


def as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    raise TypeError(f"not a date: {value!r}")


def _check(grain: str, fiscal_start: int) -> None:
    if grain not in GRAINS:
        raise ValueError(f"Unknown grain {grain!r}; use one of {', '.join(GRAINS)}.")
    if not 1 <= int(fiscal_start) <= 12:
        raise ValueError("The fiscal year start month must be a number from 1 to 12.")


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def fiscal_year(day: date | datetime, fiscal_start: int = 1) -> int:
    """The fiscal year containing ``day``, named by the calendar year in which it ends."""
    day = as_date(day)
    if fiscal_start == 1:
        return day.year
    return day.year + 1 if day.month >= fiscal_start else day.year


def _label(start: date, grain: str, fiscal_start: int) -> str:
    if grain == "week":
        iso = start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if grain == "month":
        return f"{start.year}-{start.month:02d}"
    fy = fiscal_year(start, fiscal_start)
    prefix = f"FY{fy}" if fiscal_start != 1 else f"{fy}"
    if grain == "year":
        return prefix
    quarter = ((start.month - fiscal_start) % 12) // 3 + 1
    return f"{prefix}-Q{quarter}"


def _make(start: date, grain: str, fiscal_start: int) -> Period:
    end = start + timedelta(days=7) if grain == "week" else _add_months(start, _MONTHS[grain])
    return Period(_label(start, grain, fiscal_start), start, end, grain, fiscal_start)


def period_containing(day: date | datetime | str, grain: str, fiscal_start: int = 1) -> Period:
    """The ``grain`` period that contains ``day``."""
    _check(grain, fiscal_start)
    day = as_date(day)
    if grain == "week":
        return _make(day - timedelta(days=day.weekday()), grain, fiscal_start)
    if grain == "month":
        return _make(day.replace(day=1), grain, fiscal_start)
    step = _MONTHS[grain]
    offset = ((day.month - fiscal_start) % 12) // step * step
    first = date(day.year if day.month >= fiscal_start else day.year - 1, fiscal_start, 1)
    return _make(_add_months(first, offset), grain, fiscal_start)


def previous(period: Period) -> Period:
    """The period just before ``period`` (same grain; same length for a custom range)."""
    if period.grain is None:
        start = period.start - timedelta(days=period.days)
        return Period(f"{start.isoformat()}..{period.start.isoformat()}", start, period.start)
    return period_containing(period.start - timedelta(days=1), period.grain, period.fiscal_start)


def next_period(period: Period) -> Period:
    if period.grain is None:
        end = period.end + timedelta(days=period.days)
        return Period(f"{period.end.isoformat()}..{end.isoformat()}", period.end, end)
    return period_containing(period.end, period.grain, period.fiscal_start)


def periods_between(start: date | datetime | str, end: date | datetime | str, grain: str,
                    fiscal_start: int = 1) -> list[Period]:
    """Every ``grain`` period overlapping ``[start, end)``, in order."""
    start, end = as_date(start), as_date(end)
    if end <= start:
        return []
    out = [period_containing(start, grain, fiscal_start)]
    while out[-1].end < end:
        out.append(next_period(out[-1]))
    return out


def custom_period(start: date | datetime | str, end: date | datetime | str, fiscal_start: int = 1) -> Period:
    """``[start, end)`` as a Period; it takes the grain of a week/month/quarter/year it matches exactly."""
    start, end = as_date(start), as_date(end)
    if end <= start:
        raise ValueError("The end of a period must be after its start.")
    for grain in GRAINS:
        p = period_containing(start, grain, fiscal_start)
        if p.start == start and p.end == end:
            return p
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end, None, fiscal_start)


_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(FY)?(\d{4})-?Q([1-4])$")
_YEAR = re.compile(r"^(FY)?(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|~)\s*(\d{4}-\d{2}-\d{2})$")


def parse_period(label: str, fiscal_start: int = 1) -> Period:
    """A Period from its label.

    ``2025-W07``, ``2025-03``, ``2025-Q1``, ``2025`` are calendar periods; ``FY2026-Q1`` and
    ``FY2026`` are fiscal periods for ``fiscal_start`` (with a January start they equal the
    calendar ones).  ``2025-01-01..2025-02-15`` is a custom range with an exclusive end.
    """
    _check("month", fiscal_start)
    text = str(label).strip().upper().replace(" ", "")
    if m := _WEEK.match(text):
        year, week = int(m.group(1)), int(m.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{label!r} is not an ISO week.") from None
        return period_containing(monday, "week", fiscal_start)
    if m := _MONTH.match(text):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{label!r} is not a month.")
        return period_containing(date(int(m.group(1)), month, 1), "month", fiscal_start)
    if m := _QUARTER.match(text):
        fs = fiscal_start if m.group(1) else 1
        year, quarter = int(m.group(2)), int(m.group(3))
        first = date(year - 1 if fs != 1 else year, fs, 1)
        return period_containing(_add_months(first, 3 * (quarter - 1)), "quarter", fs)
    if m := _YEAR.match(text):
        fs = fiscal_start if m.group(1) else 1
        year = int(m.group(2))
        return period_containing(date(year - 1 if fs != 1 else year, fs, 1), "year", fs)
    if m := _RANGE.match(str(label).strip()):
        return custom_period(m.group(1), m.group(2), fiscal_start)
    raise ValueError(
        f"{label!r} is not a period; write it like 2025-W07, 2025-03, 2025-Q1, 2025, FY2026-Q1 or FY2026."
    )


def previous_to_same_point(period: Period, as_of: date | datetime | None) -> tuple[Period, date]:
    """The previous period of the same grain (same length for a custom range) and the exclusive end of its
    part "up to the same point": as many days as the period has run by ``as_of``, never past its own end.

    A period that has ended (or has no as-of date) compares with the whole previous period.  The one rule
    behind every "vs previous" on the Overview, the KPI explorer, key results and the deck: 2021-Q2 as of
    2021-06-30 compares with all of 2021-Q1 (90 days), never with 91 days that would reach into Q2."""
    prev = previous(period)
    done = (period.to_date(as_of) - period.start).days
    if as_of is None or done >= period.days:
        return prev, prev.end
    return prev, min(prev.end, prev.start + timedelta(days=done))


@dataclass(frozen=True)
class Span:
    """The days some data covers: ``first`` .. ``last``, both inclusive."""

    first: date
    last: date

    def days_in(self, start: date, end: date) -> int:
        """How many days of ``[start, end)`` the span covers."""
        stop = end if self.last >= end else self.last + timedelta(days=1)  # (date.max has no day after it)
        return max(0, (stop - max(start, self.first)).days)

    @staticmethod
    def union(spans: list[Span]) -> Span | None:
        spans = [s for s in spans if s is not None]
        return Span(min(s.first for s in spans), max(s.last for s in spans)) if spans else None

    @staticmethod
    def intersection(spans: list[Span | None]) -> Span | None:
        if not spans or any(s is None for s in spans):
            return None
        first, last = max(s.first for s in spans), min(s.last for s in spans)
        return Span(first, last) if first <= last else None
