"""Explicit churn (the customers' churn dates) from events (metrics/builders.py) against a plain reference.

A customer is in the base of a period when created before its start (or without a creation date) and not
churned before it; flagged as churned without a date, never.  It churned in the period when also its churn
date falls inside the period (to the as-of date).  The reference loops over customers and periods in Python;
the engine adds +1 at the first period a customer counts in and -1 at the first it no longer does, then a
running total.  They must agree at every grain, with and without segments, for fiscal years and for a last
period cut at the as-of date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import MetricQuery, compute
from metrics.catalog import get_metric
from metrics.compile import compile_metric
from metrics.series import Window
from metrics.sql_blocks import Ctx
from store.fold import fold_label
from tests.metrics_fixtures import insert, make_ws, values
from tests.test_pipeline_events import _window

DAY0 = datetime(2024, 11, 1)
REGIONS = ["East", "east ", "EAST", "West", "west", None]  # label variants fold to one segment
STATUSES = [None, "active", "Churned", "inactive", "流失"]


@st.composite
def customers(draw) -> list[dict]:
    out = []
    for i in range(draw(st.integers(0, 25))):
        created = DAY0 + timedelta(hours=draw(st.integers(-3000, 14000)))
        churned_at = None
        if draw(st.booleans()):
            churned_at = created + timedelta(hours=draw(st.integers(-500, 9000)))  # may precede creation
        out.append({"customer_id": f"C{i}", "created_at": None if draw(st.integers(0, 6)) == 0 else created,
                    "churned_at": churned_at, "churned": draw(st.sampled_from([None, True, False])),
                    "status": draw(st.sampled_from(STATUSES)), "region": draw(st.sampled_from(REGIONS))})
    return out


def _flagged(c: dict) -> bool:
    if c["churned"] is not None:
        return c["churned"]
    return any(w in (c["status"] or "").lower() for w in ("churn", "流失", "inactive", "lost"))


def reference(rows: list[dict], spine: dict, by: bool) -> dict[tuple[int, str], tuple[int, int]]:
    """{(period index, folded region): (base, churned)} by looking at every customer in every period."""
    out: dict[tuple[int, str], tuple[int, int]] = {}
    for k, (ps, pe) in enumerate(zip(spine["ps"], spine["pe"], strict=True)):
        for c in rows:
            at_start = c["created_at"] is None or c["created_at"] < ps
            gone = c["churned_at"]
            in_base = at_start and (gone is None or gone >= ps) and not (_flagged(c) and gone is None)
            churned = at_start and gone is not None and ps <= gone < pe
            if not (in_base or churned):
                continue
            key = (k, fold_label(c["region"]) if by and c["region"] is not None else "")
            base, n = out.get(key, (0, 0))
            out[key] = (base + in_base, n + churned)
    return out


def _engine(ws, window: Window, by: bool) -> dict[tuple[int, str], tuple[int, int]]:
    ctx = Ctx("region" if by else None, [], settings={"churn_method": "explicit", "customers_unique": True})
    sql, params = compile_metric(get_metric("churn_rate"), ctx, window.spine())
    rows = ws.execute(sql, params)
    return {(k, fold_label(seg) if seg is not None else ""): (base, churned)
            for k, _, seg, _, churned, base in rows if base or churned}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=customers(), grain=st.sampled_from(["week", "month", "quarter", "year", None]),
       fiscal_start=st.sampled_from([1, 4, 7, 10]), by=st.booleans(),
       as_of=st.dates(date(2024, 10, 1), date(2026, 6, 1)))
def test_explicit_churn_from_events_equals_the_customer_by_period_reference(rows, grain, fiscal_start, by, as_of):
    ws = make_ws()
    try:
        if rows:
            insert(ws, "customers", rows)
        window = _window(grain, fiscal_start, as_of)
        if not window.periods:
            return
        expected = {key: v for key, v in reference(rows, window.spine(), by).items() if any(v)}
        assert _engine(ws, window, by) == expected
    finally:
        ws.close()


def test_a_customer_created_and_churned_in_one_period_is_in_neither_count():
    ws = make_ws(churn_definition="explicit")
    insert(ws, "customers", [
        {"customer_id": "A", "created_at": "2024-12-01", "churned_at": "2025-02-10"},
        {"customer_id": "B", "created_at": "2025-02-01", "churned_at": "2025-02-20"},  # same month: neither
        {"customer_id": "C", "created_at": "2024-11-01"},
        {"customer_id": "D", "created_at": "2024-11-01", "churned": True},  # flagged without a date: never
        {"customer_id": "E", "created_at": "2025-03-30"},  # the data reaches March; E counts from April
    ])
    df = compute(ws, MetricQuery("churn_rate", grain="month", start="2025-01-01", end="2025-04-01",
                                 as_of="2025-03-31"))
    assert values(df, "base") == {"2025-01": 2, "2025-02": 2, "2025-03": 1}
    assert values(df, "churned") == {"2025-01": 0, "2025-02": 1, "2025-03": 0}
    ws.close()
