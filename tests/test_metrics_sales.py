"""Sales and marketing metrics on small hand-computed fixtures (deals, leads, activities, spend, cohorts)."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from metrics import compute, metric_value
from metrics.query import MetricQuery
from tests.metrics_fixtures import approx, insert, make_ws, values

Q = {"grain": "quarter", "start": "2025-01-01", "end": "2025-10-01", "as_of": "2025-09-30"}


def _days(a: str, b: str) -> float:
    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds() / 86400


@pytest.fixture(scope="module")
def sales():
    ws = make_ws()
    d = dict
    insert(ws, "deals", [
        d(deal_id="D1", stage="Won", status="won", amount=1000.0, created_at="2025-01-01", closed_at="2025-01-15 10:00",
          owner="Li", region="East", lead_id="L2"),
        d(deal_id="D2", stage="Won", status="won", amount=3000.0, created_at="2025-02-01",
          closed_at="2025-03-31 23:59:59", owner="Wang", region="east "),  # quarter edge, label variant
        d(deal_id="D3", stage="Won", status="won", amount=2000.0, created_at="2025-03-01", closed_at="2025-04-01 00:00",
          owner="Li", region="West"),
        d(deal_id="D4", stage="Lost", status="lost", amount=0.0, created_at="2025-01-10", closed_at="2025-02-20",
          owner="Wang", region="East", lead_id="L7"),  # lost with amount 0
        d(deal_id="D5", stage="Lost", status="lost", amount=500.0, created_at="2025-01-10", closed_at="2025-05-05",
          region="West"),
        d(deal_id="D6", stage="Won", status="won", amount=700.0, created_at="2025-02-01"),  # won, no close date
        d(deal_id="D7", stage="Proposal", status="open", amount=4000.0, created_at="2025-02-10", region="North"),
        d(deal_id="D8", stage="Closed Won", amount=600.0, created_at="2025-04-10", closed_at="2025-06-30"),
        d(deal_id="D9", stage="赢单", amount=400.0, created_at="2025-05-01", closed_at="2025-05-11"),
        d(deal_id="D10", stage="Negotiation", amount=900.0, created_at="2025-06-01"),
        d(deal_id="D11", stage="Lost", status="lost", amount=1500.0, created_at="2025-03-15", closed_at="2025-04-20"),
    ])
    insert(ws, "leads", [
        d(lead_id="L1", created_at="2025-01-05", channel="Google Ads", converted=True),
        d(lead_id="L2", created_at="2025-01-20", channel="google_ads", converted=False),  # won deal D1 links it
        d(lead_id="L3", created_at="2025-02-01", channel="Referral", converted_at="2025-02-10"),
        d(lead_id="L4", created_at="2025-02-15", channel="Referral", status="Converted"),
        d(lead_id="L5", created_at="2025-03-01", channel="Trade show"),
        d(lead_id="L6", created_at="2025-04-02", channel="Google Ads"),
        d(lead_id="L7", created_at="2025-03-31 23:59:59", channel="Trade show", converted=False),  # lost deal only
    ])
    insert(ws, "spend", [
        d(channel="Google Ads", period_start="2025-01-01", amount=300.0),
        d(channel="google ads", period_start="2025-02-01", amount=300.0),
        d(channel="Referral", period_start="2025-01-01", amount=100.0),
        d(channel="Trade show", period_start="2025-03-01", amount=0.0),
    ])
    insert(ws, "activities", [
        d(activity_id="A1", occurred_at="2025-01-05", type="Call"),
        d(activity_id="A2", occurred_at="2025-01-06", type="call"),
        d(activity_id="A5", occurred_at="2025-03-06", type="Call"),
        d(activity_id="A3", occurred_at="2025-02-01", type="Visit"),
        d(activity_id="A4", occurred_at="2025-04-01 00:00", type="E-mail"),
    ])
    yield ws
    ws.close()


def test_won_revenue_deals_won_avg_deal_size(sales):
    assert values(compute(sales, MetricQuery("won_revenue", **Q))) == {"2025-Q1": 4000, "2025-Q2": 3000, "2025-Q3": None}
    assert values(compute(sales, MetricQuery("deals_won", **Q))) == {"2025-Q1": 2, "2025-Q2": 3, "2025-Q3": None}
    size = compute(sales, MetricQuery("avg_deal_size", **Q))
    assert values(size) == {"2025-Q1": 2000, "2025-Q2": 1000, "2025-Q3": None}
    assert values(size, "deals_won") == {"2025-Q1": 2, "2025-Q2": 3, "2025-Q3": None}


def test_win_rate_counts_lost_deals_with_zero_amount_and_skips_missing_close_dates(sales):
    df = compute(sales, MetricQuery("win_rate", **Q))
    assert values(df) == {"2025-Q1": pytest.approx(2 / 3), "2025-Q2": pytest.approx(3 / 5), "2025-Q3": None}
    assert values(df, "lost") == {"2025-Q1": 1, "2025-Q2": 2, "2025-Q3": None}


def test_sales_cycle_days_median_and_mean(sales):
    df = compute(sales, MetricQuery("sales_cycle_days", **Q))
    q1 = [_days("2025-01-01", "2025-01-15 10:00"), _days("2025-02-01", "2025-03-31 23:59:59")]
    assert approx(values(df)["2025-Q1"], sum(q1) / 2)
    assert values(df)["2025-Q2"] == pytest.approx(31.0)  # 10, 31, 81 days
    assert values(df, "mean")["2025-Q2"] == pytest.approx((10 + 31 + 81) / 3)
    assert values(df)["2025-Q3"] is None


def test_pipeline_value_is_the_open_amount_at_the_period_end(sales):
    df = compute(sales, MetricQuery("pipeline_value", **Q))
    # end of Q1: D3 (closes at 04-01 00:00), D5, D7, D11 are open; D6 (won, no close date) is not counted
    assert values(df) == {"2025-Q1": 8000, "2025-Q2": 4900, "2025-Q3": None}  # the data ends before Q3 ends
    assert values(df, "open_deals") == {"2025-Q1": 4, "2025-Q2": 2, "2025-Q3": None}
    mid = metric_value(sales, MetricQuery("pipeline_value", start="2025-Q2", as_of="2025-04-15"))
    assert mid.partial and mid.value == 4000 + 500 + 1500 + 600  # D7, D5, D11, D8 open on 04-16 (D10 not yet)


def test_segments_fold_label_variants(sales):
    df = compute(sales, MetricQuery("won_revenue", by="region", **Q))
    assert values(df)[("2025-Q1", "East")] == 4000  # "East" and "east " are one segment named by the mode
    assert values(df)[("2025-Q2", "West")] == 2000
    assert values(df)[("2025-Q2", None)] == 1000  # D8, D9 have no region
    rate = compute(sales, MetricQuery("win_rate", filters={"region": "EAST"}, **Q))
    assert values(rate)["2025-Q1"] == pytest.approx(2 / 3) and values(rate)["2025-Q2"] is None


def test_new_leads_and_conversion(sales):
    assert values(compute(sales, MetricQuery("new_leads", **Q))) == {"2025-Q1": 6, "2025-Q2": 1, "2025-Q3": None}
    df = compute(sales, MetricQuery("lead_conversion_rate", **Q))
    assert values(df) == {"2025-Q1": pytest.approx(4 / 6), "2025-Q2": 0.0, "2025-Q3": None}
    by = compute(sales, MetricQuery("lead_conversion_rate", by="channel", **Q))
    assert values(by)[("2025-Q1", "Google Ads")] == 1.0  # L1 flag, L2 via the won deal D1
    assert values(by)[("2025-Q1", "Trade show")] == 0.0  # L7 only has a lost deal


def test_activities_by_type(sales):
    assert values(compute(sales, MetricQuery("activities", **Q))) == {"2025-Q1": 4, "2025-Q2": 1, "2025-Q3": None}
    by = values(compute(sales, MetricQuery("activities", by="type", **Q)))
    assert by[("2025-Q1", "Call")] == 3 and by[("2025-Q1", "Visit")] == 1 and by[("2025-Q1", "E-mail")] == 0


def test_cost_per_lead_by_channel(sales):
    df = compute(sales, MetricQuery("cost_per_lead", **Q))
    assert values(df)["2025-Q1"] == pytest.approx(700 / 6)
    assert values(df)["2025-Q2"] is None  # no spend recorded: unknown, not 0
    by = values(compute(sales, MetricQuery("cost_per_lead", by="channel", **Q)))
    assert by[("2025-Q1", "Google Ads")] == 300 and by[("2025-Q1", "Referral")] == 50
    assert by[("2025-Q1", "Trade show")] == 0


def test_a_month_after_the_data_ends_has_no_value_not_zero(sales):
    df = compute(sales, MetricQuery("won_revenue", grain="month", start="2025-08-01", end="2025-09-01", as_of="2025-09-30"))
    assert values(df) == {"2025-08": None} and df["covered_days"].tolist() == [0]


@pytest.fixture(scope="module")
def cohorts():
    ws = make_ws()
    d = dict
    insert(ws, "leads", [
        d(lead_id="LA", created_at="2025-01-10", channel="Referral", customer_id="C1"),
        d(lead_id="LB", created_at="2025-01-20", channel="Ads"),  # becomes C2 through the won deal DB
        d(lead_id="LC", created_at="2025-02-05", channel="Referral", customer_id="C1"),  # C1's second lead
        d(lead_id="LD", created_at="2025-02-10", channel="Ads"),
    ])
    insert(ws, "deals", [
        d(deal_id="DB", stage="won", status="won", customer_id="C2", lead_id="LB", amount=1000.0,
          created_at="2025-01-25", closed_at="2025-03-05"),
        d(deal_id="DX", stage="won", status="won", customer_id="C1", amount=300.0, created_at="2025-01-11",
          closed_at="2025-01-31"),
    ])
    insert(ws, "orders", [
        d(order_id="O1", customer_id="C1", ordered_at="2025-01-15", amount=100.0, status="completed"),
        d(order_id="O2", customer_id="C1", ordered_at="2025-02-10", amount=200.0, status="completed"),
        d(order_id="O3", customer_id="C1", ordered_at="2025-03-01", amount=999.0, status="cancelled"),
        d(order_id="O4", customer_id="C1", ordered_at="2025-04-30 23:59", amount=400.0, status="completed"),
        d(order_id="O5", customer_id="C1", ordered_at="2025-05-01", amount=500.0, status="completed"),
        d(order_id="O6", customer_id="C2", ordered_at="2025-02-01", amount=50.0, refund_amount=10.0),
    ])
    insert(ws, "spend", [d(channel="Referral", period_start="2025-01-01", amount=500.0),
                         d(channel="ads", period_start="2025-01-01", amount=800.0)])
    yield ws
    ws.close()


M = {"grain": "month", "start": "2025-01-01", "end": "2025-03-01", "as_of": "2025-09-30"}


@pytest.mark.parametrize("k, jan", [(0, 400), (1, 640), (2, 1640), (3, 2040)])
def test_channel_revenue_tk(cohorts, k, jan):
    assert values(compute(cohorts, MetricQuery(f"channel_revenue_t{k}", **M))) == {"2025-01": jan, "2025-02": 0}
    quarter = compute(cohorts, MetricQuery(f"channel_revenue_t{k}", grain="quarter", start="2025-01-01", end="2025-04-01", as_of="2025-09-30"))
    assert values(quarter) == {"2025-Q1": jan}


@pytest.mark.parametrize("k, jan", [(0, 400), (1, 640), (2, 1640), (3, 2040)])
def test_channel_roi_tk(cohorts, k, jan):
    df = compute(cohorts, MetricQuery(f"channel_roi_t{k}", **M))
    assert values(df)["2025-01"] == pytest.approx(jan / 1300) and values(df)["2025-02"] is None


def test_channel_revenue_and_roi_by_channel(cohorts):
    rev = values(compute(cohorts, MetricQuery("channel_revenue_t3", by="channel", **M)))
    assert rev[("2025-01", "Referral")] == 1000 and rev[("2025-01", "Ads")] == 1040
    roi = values(compute(cohorts, MetricQuery("channel_roi_t3", by="channel", **M)))
    assert roi[("2025-01", "Referral")] == pytest.approx(2.0) and roi[("2025-01", "Ads")] == pytest.approx(1.3)
    leads = values(compute(cohorts, MetricQuery("channel_revenue_t0", **M)), "converted_leads")
    assert leads == {"2025-01": 2, "2025-02": 1}
    assert not math.isnan(values(compute(cohorts, MetricQuery("channel_revenue_t1", **M)))["2025-01"])


def test_revenue_links_say_which_link_is_missing():
    from i18n.messages import render
    from metrics.channels import revenue_links

    ws = make_ws()
    assert [m.key for m in revenue_links(ws)] == ["channels.link.no_leads"]
    insert(ws, "leads", [dict(lead_id="L1", created_at="2025-01-02", channel="Web")])
    insert(ws, "deals", [dict(deal_id="D1", stage="won", status="won", lead_id="X9", customer_id="C1", amount=5.0,
                              closed_at="2025-02-01")])
    links = revenue_links(ws)
    assert [m.key for m in links] == ["channels.link.deal_leads_unmatched"]
    assert render(links[0], "en") == "1 deals have lead ids, but no loaded lead has those ids."
    insert(ws, "leads", [dict(lead_id="X9", created_at="2025-01-03", channel="Ads")])
    assert revenue_links(ws) == []
