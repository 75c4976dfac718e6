"""Property tests on random data: additive metrics add up over months, segments and periods; shares stay in [0, 1]."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import compute, requirements
from metrics.query import MetricQuery
from tests.metrics_fixtures import insert, make_ws, values

BASE = datetime(2025, 1, 1)
ADDITIVE = ("won_revenue", "deals_won", "revenue", "complaints", "new_customers")
SHARES = ("win_rate", "repeat_purchase_rate", "churn_rate", "retention_rate", "csat", "responded_within_24h",
          "resolution_rate")
YEAR = {"start": "2025-01-01", "end": "2026-01-01", "as_of": "2025-12-31"}

moment = st.builds(lambda d, s: BASE + timedelta(days=d, seconds=s), st.integers(0, 364), st.integers(0, 86399))
customer = st.sampled_from(["C1", "C2", "C3", "C4", "C5", None])
deal = st.fixed_dictionaries({
    "status": st.sampled_from(["won", "lost", "open"]), "amount": st.integers(0, 1000).map(float),
    "created_at": moment, "close_after": st.one_of(st.none(), st.integers(0, 100)),
    "region": st.sampled_from(["East", "east", "West", None]), "customer_id": customer,
})
order = st.fixed_dictionaries({
    "customer_id": customer, "ordered_at": moment, "amount": st.integers(1, 500).map(float),
    "status": st.sampled_from(["completed", "completed", "cancelled", "refunded"]),
    "refund_amount": st.one_of(st.none(), st.integers(0, 50).map(float)), "lines": st.integers(1, 2),
})
ticket = st.fixed_dictionaries({
    "created_at": moment, "first_response_hours": st.one_of(st.none(), st.integers(0, 72).map(float)),
    "resolved": st.booleans(), "is_complaint": st.sampled_from([None, True, False]),
    "type": st.sampled_from(["Complaint", "Question"]),
    "satisfaction": st.one_of(st.none(), st.integers(1, 5).map(float)), "customer_id": customer,
})


def _load(deals, orders, tickets):
    ws = make_ws()
    rows = []
    for i, d in enumerate(deals):
        closed = d["created_at"] + timedelta(days=d["close_after"]) if d["close_after"] is not None else None
        rows.append({"deal_id": f"D{i}", "stage": d["status"], "status": d["status"], "amount": d["amount"],
                     "created_at": d["created_at"], "closed_at": closed, "region": d["region"],
                     "customer_id": d["customer_id"]})
    insert(ws, "deals", rows)
    insert(ws, "orders", [{"order_id": f"O{i}", "line_id": str(line), "customer_id": o["customer_id"],
                           "ordered_at": o["ordered_at"], "amount": o["amount"], "status": o["status"],
                           "refund_amount": o["refund_amount"]}
                          for i, o in enumerate(orders) for line in range(o["lines"])])
    insert(ws, "tickets", [{"ticket_id": f"T{i}", **t} for i, t in enumerate(tickets)])
    return ws


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals=st.lists(deal, min_size=1, max_size=25), orders=st.lists(order, min_size=1, max_size=25),
       tickets=st.lists(ticket, min_size=1, max_size=25))
def test_additive_metrics_add_up_and_shares_stay_in_range(deals, orders, tickets):
    ws = _load(deals, orders, tickets)
    try:
        for mid in ADDITIVE:
            if requirements(ws, mid):  # e.g. no deal has a close date: unavailable, not 0
                continue
            months = values(compute(ws, MetricQuery(mid, grain="month", **YEAR)))
            quarters = values(compute(ws, MetricQuery(mid, grain="quarter", **YEAR)))
            for q, total in quarters.items():
                n = int(q[-1])
                # months the data does not reach have no value (not 0); the ones it reaches add up
                parts = [p for p in (months[f"2025-{m:02d}"] for m in range(3 * n - 2, 3 * n + 1)) if p is not None]
                assert (total is None) == (not parts), (mid, q)
                assert not parts or abs(sum(parts) - total) < 1e-6, (mid, q)
            year = values(compute(ws, MetricQuery(mid, grain="year", **YEAR)))["2025"]
            known = [v for v in quarters.values() if v is not None]
            assert (year is None) == (not known) and (not known or abs(sum(known) - year) < 1e-6), mid
        if not requirements(ws, "won_revenue") and any(d["region"] for d in deals):
            by_region = compute(ws, MetricQuery("won_revenue", grain="quarter", by="region", **YEAR))
            total = values(compute(ws, MetricQuery("won_revenue", grain="quarter", **YEAR)))
            for q, v in total.items():
                parts = by_region.loc[by_region["period"] == q, "value"].dropna()
                assert (parts.empty if v is None else abs(parts.sum() - v) < 1e-6), q  # no data: no segment either
        for mid in SHARES:
            if requirements(ws, mid):
                continue
            for v in values(compute(ws, MetricQuery(mid, grain="month", **YEAR))).values():
                assert v is None or 0.0 <= v <= 1.0, (mid, v)
        if requirements(ws, "churn_rate"):
            return
        churn = values(compute(ws, MetricQuery("churn_rate", grain="quarter", **YEAR)))
        kept = values(compute(ws, MetricQuery("retention_rate", grain="quarter", **YEAR)))
        for q in churn:
            assert (churn[q] is None) == (kept[q] is None)
            assert churn[q] is None or abs(churn[q] + kept[q] - 1) < 1e-9
    finally:
        ws.close()
