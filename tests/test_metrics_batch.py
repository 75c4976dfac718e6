"""compute_many: several metrics in one statement give exactly what compute gives, one by one."""

from __future__ import annotations

import math

import pytest

from metrics import CATALOG, MetricUnavailable, compute, compute_many
from metrics.compile import dedupe
from metrics.query import MetricQuery
from tests.metrics_fixtures import insert, make_ws
from tests.test_metrics_customers import _customers


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


@pytest.fixture(scope="module")
def busy():
    ws = make_ws()
    _customers(ws)
    d = dict
    insert(ws, "leads", [d(lead_id="L1", created_at="2025-01-02", channel="Referral", customer_id="C1"),
                         d(lead_id="L2", created_at="2025-02-03", channel="Ads", status="Converted")])
    insert(ws, "spend", [d(channel="Referral", period_start="2025-01-01", amount=10.0)])
    insert(ws, "tickets", [d(ticket_id="T1", customer_id="C1", created_at="2025-01-03 10:00", type="Complaint",
                             first_response_at="2025-01-03 12:00", satisfaction=4.0, priority="High"),
                           d(ticket_id="T2", customer_id="C2", created_at="2025-04-03 10:00", satisfaction=9.0,
                             satisfaction_scale=10.0, resolved=True, priority="Low")])
    insert(ws, "deals", [d(deal_id="D9", stage="open", status="open", amount=5.0, created_at="2025-01-01",
                           region="East")])
    yield ws
    ws.close()


@pytest.mark.parametrize("by, filters", [(None, None), ("region", None), (None, {"segment": "SMB"}),
                                          ("channel", {"region": ["East", "West"]})])
def test_compute_many_equals_compute(busy, by, filters):
    kw = {"grain": "quarter", "start": "2024-10-01", "end": "2025-10-01", "as_of": "2025-09-30", "by": by,
          "filters": filters}
    many = compute_many(busy, [MetricQuery(m, **kw) for m in CATALOG])
    assert set(many) == set(CATALOG)
    for mid, got in many.items():
        try:
            want = compute(busy, MetricQuery(mid, **kw), cache=False)
        except MetricUnavailable as err:
            assert isinstance(got, MetricUnavailable) and str(got) == str(err), mid
            continue
        assert not isinstance(got, MetricUnavailable), (mid, got)
        assert list(got.columns) == list(want.columns), mid
        assert got["period"].tolist() == want["period"].tolist() and got["segment"].tolist() == want["segment"].tolist()
        for col in ["value", *CATALOG[mid].secondary_columns, "partial"]:
            for a, b in zip(got[col].tolist(), want[col].tolist(), strict=True):
                assert _same(a, b), (mid, col, a, b)


def test_shared_work_is_computed_once(busy):
    ids = [f"channel_revenue_t{k}" for k in range(4)] + ["churn_rate", "retention_rate", "clv"]
    many = compute_many(busy, [MetricQuery(m, grain="quarter", start="2025-01-01", as_of="2025-09-30") for m in ids])
    sql = many["churn_rate"].attrs["sql"]
    assert sql.count("FROM fl JOIN ev") == 1  # one cohort for the four horizons
    assert sql.count("GROUP BY 1, 3") == 1  # one set of active customers for churn, retention and CLV


def test_dedupe_renames_dependents():
    ctes = [("a1", "SELECT 1"), ("b1", "SELECT * FROM a1"), ("a2", "SELECT 1"), ("b2", "SELECT * FROM a2"),
            ("c", "SELECT * FROM b2")]
    kept, alias = dedupe(ctes)
    assert kept == [("a1", "SELECT 1"), ("b1", "SELECT * FROM a1"), ("c", "SELECT * FROM b1")]
    assert alias == {"a2": "a1", "b2": "b1"}


def test_unavailable_metrics_are_reported_not_raised():
    ws = make_ws()
    insert(ws, "leads", [dict(lead_id="L1", created_at="2025-01-02")])
    many = compute_many(ws, [MetricQuery(m, grain="month", as_of="2025-01-31") for m in ("new_leads", "csat", "nope")])
    assert many["new_leads"]["value"].tolist() == [1.0]
    assert isinstance(many["csat"], MetricUnavailable) and isinstance(many["nope"], MetricUnavailable)
