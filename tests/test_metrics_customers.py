"""Customer metrics on hand-computed fixtures: revenue, new/active customers, repeat purchase, churn, CLV."""

from __future__ import annotations

import pytest

from metrics import MetricUnavailable, compute, metric_value, requirements
from metrics.query import MetricQuery
from tests.metrics_fixtures import insert, make_ws, values

Q = {"grain": "quarter", "start": "2024-10-01", "end": "2025-10-01", "as_of": "2025-09-30"}


def _customers(ws):
    d = dict
    insert(ws, "customers", [
        d(customer_id="C1", created_at="2024-11-20", segment="SMB", channel="Referral", region="East"),
        d(customer_id="C2", created_at="2025-01-05", segment="Enterprise", channel="Google Ads", region="West"),
        d(customer_id="C3", segment="SMB", channel="转介绍"),
        d(customer_id="C4", created_at="2025-04-10", segment="smb", channel="Word of Mouth"),
    ])
    insert(ws, "orders", [
        d(order_id="O1", line_id="1", customer_id="C1", ordered_at="2024-12-10", amount=100.0, status="completed"),
        d(order_id="O1", line_id="2", customer_id="C1", ordered_at="2024-12-10", amount=50.0, status="completed"),
        d(order_id="O2", customer_id="C1", ordered_at="2025-01-05", amount=80.0, status="completed"),
        d(order_id="O3", customer_id="C1", ordered_at="2025-02-05", quantity=2.0, unit_price=30.0),
        d(order_id="O4", customer_id="C2", ordered_at="2025-02-10", amount=200.0, refund_amount=50.0),
        d(order_id="O5", customer_id="C2", ordered_at="2025-03-31 23:59:59", amount=120.0, status="Cancelled"),
        d(order_id="O6", customer_id="C3", ordered_at="2025-03-15", amount=90.0, status="refunded"),
        d(order_id="O7", customer_id="C2", ordered_at="2025-04-01 00:00", amount=300.0, status="completed"),
        d(order_id="O8", line_id="a", customer_id="C4", ordered_at="2025-05-01", amount=40.0),
        d(order_id="O8", line_id="b", customer_id="C4", ordered_at="2025-05-01", amount=60.0),
        d(order_id="O9", ordered_at="2025-01-10", amount=1000.0, status="completed"),  # no customer id
    ])
    insert(ws, "deals", [
        d(deal_id="DW1", stage="won", status="won", customer_id="C3", amount=500.0, closed_at="2024-12-20"),
        d(deal_id="DW2", stage="won", status="won", customer_id="C5", amount=700.0, closed_at="2025-05-20",
          channel="Partner"),
        d(deal_id="DL", stage="lost", status="lost", customer_id="C4", amount=0.0, closed_at="2025-01-20"),
    ])
    insert(ws, "activities", [
        d(activity_id="A1", customer_id="C1", occurred_at="2025-01-20", type="call"),
        d(activity_id="A2", customer_id="C2", occurred_at="2025-04-15", type="visit"),
        d(activity_id="A3", customer_id="C9", occurred_at="2025-02-01", type="call"),
        d(activity_id="A4", occurred_at="2025-02-02", type="call"),
    ])


@pytest.fixture(scope="module")
def shop():
    ws = make_ws()
    _customers(ws)
    yield ws
    ws.close()


def test_revenue_line_items_cancelled_and_refunds(shop):
    df = compute(shop, MetricQuery("revenue", **Q))
    assert values(df) == {"2024-Q4": 150, "2025-Q1": 1290, "2025-Q2": 400, "2025-Q3": None}
    assert values(df, "gross")["2025-Q1"] == 1430 and values(df, "refunds")["2025-Q1"] == 140
    months = compute(shop, MetricQuery("revenue", grain="month", start="2025-01-01", end="2025-04-01", as_of="2025-09-30"))
    assert values(months) == {"2025-01": 1080, "2025-02": 210, "2025-03": 0}


def test_revenue_by_customer_segment(shop):
    by = values(compute(shop, MetricQuery("revenue", by="segment", **Q)))
    assert by[("2025-Q1", "SMB")] == 140 and by[("2025-Q1", "Enterprise")] == 150 and by[("2025-Q1", None)] == 1000


def test_new_customers_first_purchase(shop):
    df = compute(shop, MetricQuery("new_customers", **Q))
    assert values(df) == {"2024-Q4": 2, "2025-Q1": 1, "2025-Q2": 2, "2025-Q3": None}
    by = values(compute(shop, MetricQuery("new_customers", by="segment", **Q)))
    assert by[("2024-Q4", "SMB")] == 2 and by[("2025-Q2", "SMB")] == 1 and by[("2025-Q2", None)] == 1
    only = values(compute(shop, MetricQuery("new_customers", filters={"segment": "smb"}, **Q)))
    assert only == {"2024-Q4": 2, "2025-Q1": 0, "2025-Q2": 1, "2025-Q3": None}


def test_active_customers_and_average_spend(shop):
    assert values(compute(shop, MetricQuery("active_customers", **Q))) == {"2024-Q4": 2, "2025-Q1": 3, "2025-Q2": 3, "2025-Q3": None}
    spend = compute(shop, MetricQuery("avg_spend_per_customer", **Q))
    assert values(spend) == {"2024-Q4": 150, "2025-Q1": pytest.approx(290 / 3), "2025-Q2": 200, "2025-Q3": None}


def test_repeat_purchase_rate_counts_an_order_once(shop):
    df = compute(shop, MetricQuery("repeat_purchase_rate", **Q))
    assert values(df) == {"2024-Q4": 0.0, "2025-Q1": pytest.approx(1 / 3), "2025-Q2": 0.0, "2025-Q3": None}


def test_churn_retention_and_clv_by_inactivity(shop):
    churn = compute(shop, MetricQuery("churn_rate", **Q))
    assert values(churn)["2025-Q1"] == 0.0
    assert values(churn)["2025-Q2"] == pytest.approx(2 / 3) and values(churn)["2025-Q3"] is None  # the data ends in May
    assert values(churn, "base")["2025-Q2"] == 3 and "inactivity" in churn.attrs["notes"][0]
    assert values(compute(shop, MetricQuery("retention_rate", **Q)))["2025-Q2"] == pytest.approx(1 / 3)
    clv = values(compute(shop, MetricQuery("clv", **Q)))
    assert clv["2025-Q1"] is None  # nobody churned
    assert clv["2025-Q2"] == pytest.approx(200 / (2 / 3)) and clv["2025-Q3"] is None
    months = values(compute(shop, MetricQuery("churn_rate", grain="month", start="2025-02-01", end="2025-03-01", as_of="2025-09-30")))
    assert months == {"2025-02": 0.0}


def test_referral_share_and_its_setting(shop):
    df = compute(shop, MetricQuery("referral_share", **Q))
    assert values(df) == {"2024-Q4": 1.0, "2025-Q1": 0.0, "2025-Q2": 0.5, "2025-Q3": None}
    shop.set_setting("referral_channels", ["partner"])
    try:
        assert values(compute(shop, MetricQuery("referral_share", **Q)))["2025-Q2"] == 0.5  # now C5 (deal channel Partner)
        assert values(compute(shop, MetricQuery("referral_share", **Q)))["2024-Q4"] == 0.0
    finally:
        shop.set_setting("referral_channels", None)


def test_follow_up_coverage(shop):
    df = compute(shop, MetricQuery("follow_up_coverage", **Q))
    # no activity data before 2025-01-20: Q4 2024 has no follow-up figure, not 0%
    assert values(df) == {"2024-Q4": None, "2025-Q1": pytest.approx(1 / 3), "2025-Q2": pytest.approx(1 / 3),
                          "2025-Q3": None}


def test_explicit_churn_dates():
    ws = make_ws()
    d = dict
    insert(ws, "customers", [
        d(customer_id="E1", created_at="2024-06-01", churned_at="2025-02-10"),
        d(customer_id="E2", created_at="2024-06-01"),
        d(customer_id="E3", created_at="2025-02-01", churned_at="2025-03-01"),  # not a customer at the start of Q1
        d(customer_id="E4", created_at="2024-01-01", churned=True),  # churned at an unknown time
        d(customer_id="E5", churned_at="2025-05-01"),
    ])
    q = {"grain": "quarter", "start": "2025-01-01", "end": "2025-10-01", "as_of": "2025-09-30"}
    df = compute(ws, MetricQuery("churn_rate", **q))
    assert values(df) == {"2025-Q1": pytest.approx(1 / 3), "2025-Q2": 0.5, "2025-Q3": None}
    assert "churn dates" in df.attrs["notes"][0]
    assert values(compute(ws, MetricQuery("retention_rate", **q)))["2025-Q1"] == pytest.approx(2 / 3)
    ws.set_setting("churn_definition", "inactivity")  # no orders: nobody was active, so no base
    assert values(compute(ws, MetricQuery("churn_rate", **q))) == {"2025-Q1": None, "2025-Q2": None, "2025-Q3": None}


def test_churn_flag_without_dates_is_one_snapshot_value():
    ws = make_ws()
    insert(ws, "customers", [dict(customer_id="F1", churned=True), dict(customer_id="F2", churned=False),
                             dict(customer_id="F3", churned=False), dict(customer_id="F4", status="Churned")])
    df = compute(ws, MetricQuery("churn_rate", grain="quarter", start="2025-01-01", as_of="2025-05-15"))
    assert values(df) == {"2025-Q1": None, "2025-Q2": 0.5}
    assert metric_value(ws, MetricQuery("churn_rate", start="2025-Q2", as_of="2025-05-15")).value == 0.5


def test_explicit_churn_setting_without_churn_data_says_what_it_needs():
    ws = make_ws(churn_definition="explicit")
    insert(ws, "orders", [dict(order_id="O1", customer_id="C1", ordered_at="2025-01-05", amount=1.0)])
    assert requirements(ws, "churn_rate") == [
        "needs customers with a churn flag or churn date (setting churn_definition is explicit)"]
    with pytest.raises(MetricUnavailable, match="churn flag or churn date"):
        compute(ws, MetricQuery("churn_rate", grain="quarter"))


def test_customer_metrics_without_customer_ids_are_unavailable_not_zero():
    ws = make_ws()
    insert(ws, "orders", [dict(order_id="O1", ordered_at="2025-01-05", amount=10.0)])
    assert values(compute(ws, MetricQuery("revenue", grain="quarter", start="2025-01-01", as_of="2025-03-31"))) == {"2025-Q1": 10}
    for mid in ("active_customers", "avg_spend_per_customer", "repeat_purchase_rate", "churn_rate", "clv",
                "new_customers", "follow_up_coverage", "referral_share", "retention_rate"):
        assert requirements(ws, mid), mid
        with pytest.raises(MetricUnavailable, match="needs"):
            compute(ws, MetricQuery(mid, grain="quarter"))


def test_follow_up_matches_activities_that_name_the_customer():
    ws = make_ws()
    insert(ws, "customers", [dict(customer_id="C1", customer_name="Acme Ltd"), dict(customer_id="C2")])
    insert(ws, "orders", [dict(order_id="O1", customer_id="C1", ordered_at="2025-01-05", amount=1.0),
                          dict(order_id="O2", customer_id="C2", ordered_at="2025-01-06", amount=1.0)])
    insert(ws, "activities", [dict(activity_id="A1", customer_id="Acme Ltd", occurred_at="2025-02-01")])
    df = compute(ws, MetricQuery("follow_up_coverage", grain="quarter", start="2025-01-01", as_of="2025-03-31"))
    assert values(df) == {"2025-Q1": 0.5}


def test_new_contacts_by_created_date_and_channel():
    ws = make_ws()
    d = dict
    insert(ws, "contacts", [
        d(contact_id="P1", created_at="2025-01-03", channel="Web", customer_name="Acme"),
        d(contact_id="P2", created_at="2025-03-31 23:00", channel="web", customer_name="Acme"),
        d(contact_id="P3", created_at="2025-04-01", channel="Event"),
        d(contact_id="P4", channel="Event"),  # no created date: not counted in any period
    ])
    assert values(compute(ws, MetricQuery("new_contacts", **Q))) == {"2024-Q4": None, "2025-Q1": 2, "2025-Q2": 1, "2025-Q3": None}
    by = compute(ws, MetricQuery("new_contacts", grain="quarter", start="2025-01-01", end="2025-04-01", as_of="2025-09-30", by="channel"))
    assert {r.segment: r.value for r in by.itertuples()} == {"Web": 2}  # Web and web fold together
    assert requirements(make_ws(), "new_contacts") == ["needs contacts with a created date"]
    ws.close()
