"""Periods: ISO weeks, months, quarters, years, fiscal years named by the year in which they end."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.periods import (
    GRAINS,
    Period,
    custom_period,
    fiscal_year,
    next_period,
    parse_period,
    period_containing,
    periods_between,
    previous,
)


@pytest.mark.parametrize(
    "day, grain, fs, label, start, end",
    [
        ("2025-02-12", "week", 1, "2025-W07", "2025-02-10", "2025-02-17"),
        ("2024-12-30", "week", 1, "2025-W01", "2024-12-30", "2025-01-06"),  # ISO year differs from calendar year
        ("2021-01-03", "week", 1, "2020-W53", "2020-12-28", "2021-01-04"),
        ("2025-03-31", "month", 1, "2025-03", "2025-03-01", "2025-04-01"),
        ("2025-03-31", "quarter", 1, "2025-Q1", "2025-01-01", "2025-04-01"),
        ("2025-04-01", "quarter", 1, "2025-Q2", "2025-04-01", "2025-07-01"),
        ("2025-12-31", "year", 1, "2025", "2025-01-01", "2026-01-01"),
        # April fiscal start: FY2026 runs 2025-04-01 .. 2026-03-31
        ("2025-04-01", "quarter", 4, "FY2026-Q1", "2025-04-01", "2025-07-01"),
        ("2025-03-31", "quarter", 4, "FY2025-Q4", "2025-01-01", "2025-04-01"),
        ("2026-02-28", "quarter", 4, "FY2026-Q4", "2026-01-01", "2026-04-01"),
        ("2025-06-30", "year", 4, "FY2026", "2025-04-01", "2026-04-01"),
        ("2025-03-31", "year", 4, "FY2025", "2024-04-01", "2025-04-01"),
        # October fiscal start (FY2026 = 2025-10-01 .. 2026-09-30)
        ("2025-10-15", "quarter", 10, "FY2026-Q1", "2025-10-01", "2026-01-01"),
        ("2026-09-30", "quarter", 10, "FY2026-Q4", "2026-07-01", "2026-10-01"),
        ("2025-11-02", "month", 10, "2025-11", "2025-11-01", "2025-12-01"),  # months stay calendar months
        ("2025-02-12", "week", 4, "2025-W07", "2025-02-10", "2025-02-17"),
    ],
)
def test_period_containing(day, grain, fs, label, start, end):
    p = period_containing(day, grain, fs)
    assert (p.label, p.start, p.end) == (label, date.fromisoformat(start), date.fromisoformat(end))
    assert p.grain == grain and p.contains(date.fromisoformat(day))


def test_datetimes_at_the_boundary():
    assert period_containing(datetime(2025, 3, 31, 23, 59, 59), "quarter").label == "2025-Q1"
    assert period_containing(datetime(2025, 4, 1, 0, 0), "quarter").label == "2025-Q2"


@pytest.mark.parametrize(
    "label, fs, start, end, grain",
    [
        ("2025-W07", 1, "2025-02-10", "2025-02-17", "week"),
        ("2025-03", 1, "2025-03-01", "2025-04-01", "month"),
        ("2025-Q1", 1, "2025-01-01", "2025-04-01", "quarter"),
        ("2025", 1, "2025-01-01", "2026-01-01", "year"),
        ("FY2026-Q1", 4, "2025-04-01", "2025-07-01", "quarter"),
        ("FY2026", 4, "2025-04-01", "2026-04-01", "year"),
        ("fy2026 q2", 4, "2025-07-01", "2025-10-01", "quarter"),
        ("2025-Q1", 4, "2025-01-01", "2025-04-01", "quarter"),  # a plain quarter label is a calendar quarter
        ("FY2025", 1, "2025-01-01", "2026-01-01", "year"),
        ("2025-01-01..2025-02-15", 1, "2025-01-01", "2025-02-15", None),
        ("2025-04-01..2025-07-01", 1, "2025-04-01", "2025-07-01", "quarter"),  # a range that is a quarter
    ],
)
def test_parse_period(label, fs, start, end, grain):
    p = parse_period(label, fs)
    assert (p.start, p.end, p.grain) == (date.fromisoformat(start), date.fromisoformat(end), grain)


@pytest.mark.parametrize("bad", ["2025-13", "2025-W60", "Q5 2025", "next quarter", ""])
def test_parse_period_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        parse_period(bad)


def test_previous_and_next():
    assert previous(parse_period("2025-Q1")).label == "2024-Q4"
    assert previous(parse_period("2025-W01")).label == "2024-W52"
    assert previous(parse_period("FY2026-Q1", 4)).label == "FY2025-Q4"
    assert next_period(parse_period("FY2025-Q4", 4)).label == "FY2026-Q1"
    assert next_period(parse_period("2025-12")).label == "2026-01"
    custom = parse_period("2025-01-11..2025-01-21")
    assert (previous(custom).start, previous(custom).end) == (date(2025, 1, 1), date(2025, 1, 11))


def test_periods_between_covers_the_range():
    ps = periods_between("2024-11-15", "2025-04-02", "quarter")
    assert [p.label for p in ps] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert periods_between("2025-01-01", "2025-01-01", "month") == []
    assert [p.label for p in periods_between("2025-03-01", "2025-06-01", "quarter", 4)] == ["FY2025-Q4", "FY2026-Q1"]


def test_period_to_date():
    q3 = parse_period("2026-Q3")
    assert q3.to_date(date(2026, 8, 16)) == date(2026, 8, 17)
    assert q3.is_running(date(2026, 8, 16)) and not q3.is_running(date(2026, 9, 30))
    assert q3.to_date(date(2027, 1, 1)) == q3.end and q3.to_date(date(2020, 1, 1)) == q3.start
    assert q3.to_date(None) == q3.end


def test_fiscal_year_and_custom():
    assert fiscal_year(date(2025, 4, 1), 4) == 2026 and fiscal_year(date(2025, 3, 31), 4) == 2025
    assert fiscal_year(date(2025, 3, 31), 1) == 2025
    assert custom_period("2025-01-01", "2025-04-01").label == "2025-Q1"
    with pytest.raises(ValueError):
        custom_period("2025-02-01", "2025-01-01")
    with pytest.raises(ValueError):
        period_containing("2025-01-01", "fortnight")
    assert isinstance(parse_period("2025"), Period)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), grain=st.sampled_from(GRAINS),
       fs=st.integers(1, 12))
def test_period_properties(day, grain, fs):
    p = period_containing(day, grain, fs)
    assert p.contains(day)
    assert parse_period(p.label, fs) == p
    assert previous(p).end == p.start and next_period(p).start == p.end
    assert period_containing(p.end - timedelta(days=1), grain, fs) == p
    if grain == "quarter":
        assert 89 <= p.days <= 92
