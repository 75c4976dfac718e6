"""Open pipeline from events (metrics/snapshot.py) against a plain row-by-row reference.

A deal counts at a period end pe when it was created before pe and had not closed by then
(``created_at < pe <= closed_at``; a deal still open never closes; a won or lost deal without a close date
never counts).  The reference loops over deals and period ends in Python; the engine adds +amount when a
deal opens and -amount when it closes, then a running total.  They must agree at every grain, with and
without segments, for fiscal years and for a last period cut at the as-of date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import compute
from metrics.catalog import get_metric
from metrics.compile import compile_metric
from metrics.periods import custom_period, periods_between
from metrics.query import MetricQuery
from metrics.series import Window as _Window
from metrics.sql_blocks import Ctx
from store.fold import fold_label
from tests.metrics_fixtures import insert, make_ws, values

DAY0 = datetime(2024, 11, 1)
OWNERS = ["Li", "li ", "LI", "Wang", "wang", "Zhao", None]  # label variants fold to one segment
STATES = ["open", "won", "lost"]


@st.composite
def deals(draw) -> list[dict]:
    n = draw(st.integers(0, 25))
    out = []
    for i in range(n):
        created = DAY0 + timedelta(hours=draw(st.integers(-2000, 12000)))
        state = draw(st.sampled_from(STATES))
        closed = None
        if draw(st.booleans()) or state != "open":
            closed = created + timedelta(hours=draw(st.integers(-100, 6000)))  # may close before it opened
        if state != "open" and draw(st.integers(0, 9)) == 0:
            closed = None  # won or lost without a close date: never counted
        amount = draw(st.one_of(st.none(), st.integers(0, 10**6).map(lambda c: c / 100),
                                st.floats(0, 1e9, allow_nan=False)))
        out.append({"deal_id": f"D{i}", "status": state, "stage": state, "amount": amount,
                    "created_at": draw(st.one_of(st.just(created), st.none())) if i % 5 == 4 else created,
                    "closed_at": closed, "owner": draw(st.sampled_from(OWNERS))})
    return out


def reference(rows: list[dict], ends: list[datetime], by: bool) -> dict[tuple[int, str], tuple[float, int]]:
    """{(period index, folded owner): (open amount, open deals)} by looking at every deal at every end."""
    out: dict[tuple[int, str], tuple[float, int]] = {}
    for k, pe in enumerate(ends):
        for d in rows:
            end = datetime.max if d["status"] == "open" else d["closed_at"]
            if d["created_at"] is None or end is None or not d["created_at"] < pe <= end:
                continue
            key = (k, fold_label(d["owner"]) if by and d["owner"] is not None else "")
            amount, n = out.get(key, (0.0, 0))
            out[key] = (amount + (d["amount"] or 0.0), n + 1)
    return out


def _engine(ws, window: _Window, by: bool) -> dict[tuple[int, str], tuple[float, int]]:
    ctx = Ctx("owner" if by else None, [])
    sql, params = compile_metric(get_metric("pipeline_value"), ctx, window.spine())
    rows = ws.execute(sql, params)
    return {(k, fold_label(seg) if seg is not None else ""): (value, n) for k, _, seg, value, n in rows
            if n or value}


def _window(grain: str | None, fiscal_start: int, as_of: date) -> _Window:
    if grain is None:  # one custom period (metric_value over any dates)
        return _Window([custom_period(date(2024, 12, 10), date(2025, 6, 20), fiscal_start)], as_of, fiscal_start)
    periods = [p for p in periods_between(date(2024, 9, 1), date(2026, 9, 1), grain, fiscal_start)
               if p.start <= as_of]
    return _Window(periods, as_of, fiscal_start)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=deals(), grain=st.sampled_from(["week", "month", "quarter", "year", None]),
       fiscal_start=st.sampled_from([1, 4, 7, 10]), by=st.booleans(),
       as_of=st.dates(date(2024, 10, 1), date(2026, 6, 1)))
def test_pipeline_from_events_equals_the_row_by_row_reference(rows, grain, fiscal_start, by, as_of):
    ws = make_ws()
    try:
        if rows:
            insert(ws, "deals", rows)
        window = _window(grain, fiscal_start, as_of)
        if not window.periods:
            return
        ends = window.spine()["pe"]
        expected = reference(rows, ends, by)
        got = _engine(ws, window, by)
        assert set(got) == {key for key, (amount, n) in expected.items() if n}
        for key, (amount, n) in expected.items():
            assert got[key][1] == n
            assert got[key][0] == pytest.approx(amount, rel=1e-9, abs=1e-6)
    finally:
        ws.close()


def test_adding_and_taking_away_the_same_amounts_leaves_exactly_nothing():
    """Sums run over exact decimals: with doubles 0.1 + 0.2 is not 0.3, and 0.1 + 0.2 - 0.1 - 0.2 leaves
    2.8e-17 where nothing is open."""
    ws = make_ws()
    insert(ws, "deals", [
        {"deal_id": "A", "status": "won", "stage": "won", "amount": 0.1, "created_at": "2025-01-02",
         "closed_at": "2025-02-10"},
        {"deal_id": "B", "status": "lost", "stage": "lost", "amount": 0.2, "created_at": "2025-01-03",
         "closed_at": "2025-02-11"},
        {"deal_id": "C", "status": "open", "stage": "open", "amount": 0.7, "created_at": "2025-03-03"},
    ])
    df = compute(ws, MetricQuery("pipeline_value", grain="month", start="2025-01-01", end="2025-04-01",
                                 as_of="2025-03-31"))
    assert values(df) == {"2025-01": 0.3, "2025-02": 0.0, "2025-03": 0.7}  # exactly
    assert values(df, "open_deals") == {"2025-01": 2, "2025-02": 0, "2025-03": 1}
    ws.close()


def test_a_segment_is_named_by_its_most_frequent_label_weighted_by_periods_open():
    """As the join did: "li" open three months outweighs "Li" and "LI" open one month each."""
    ws = make_ws()
    insert(ws, "deals", [
        {"deal_id": "A", "status": "open", "stage": "open", "amount": 1.0, "created_at": "2025-01-05", "owner": "li"},
        {"deal_id": "B", "status": "won", "stage": "won", "amount": 2.0, "created_at": "2025-01-05",
         "closed_at": "2025-02-15", "owner": "Li"},
        {"deal_id": "C", "status": "won", "stage": "won", "amount": 4.0, "created_at": "2025-02-05",
         "closed_at": "2025-03-15", "owner": "LI"},
    ])
    df = compute(ws, MetricQuery("pipeline_value", grain="month", by="owner", start="2025-01-01",
                                 end="2025-04-01", as_of="2025-03-31"))
    assert values(df) == {("2025-01", "li"): 3.0, ("2025-02", "li"): 5.0, ("2025-03", "li"): 1.0}
    ws.close()
