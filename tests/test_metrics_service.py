"""Service metrics on hand-computed fixtures: ratings on 5 and 10 point scales, complaints, response times."""

from __future__ import annotations

import pytest

from metrics import MetricUnavailable, compute, requirements
from metrics.facts import forget
from metrics.query import MetricQuery
from tests.metrics_fixtures import insert, make_ws, values

Q = {"grain": "quarter", "start": "2025-01-01", "end": "2025-10-01", "as_of": "2025-09-30"}


@pytest.fixture(scope="module")
def desk():
    ws = make_ws()
    d = dict
    insert(ws, "tickets", [
        d(ticket_id="T1", customer_id="C1", created_at="2025-01-02 09:00", first_response_at="2025-01-02 10:00",
          resolved_at="2025-01-03 09:00", type="Complaint", satisfaction=5.0, priority="High"),
        d(ticket_id="T2", customer_id="C1", created_at="2025-01-10 08:00", first_response_hours=30.0, resolved=True,
          type="Question", satisfaction=3.0, priority="high"),
        d(ticket_id="T3", customer_id="C2", created_at="2025-02-01 00:00", first_response_at="2025-02-01 04:00",
          resolved_at="2025-04-02 00:00", status="Closed", category="投诉", satisfaction=4.0, priority="Low"),
        d(ticket_id="T4", customer_id="C2", created_at="2025-03-31 23:30", is_complaint=False, type="complaint",
          priority="Low"),
        d(ticket_id="T5", created_at="2025-04-01 00:00", first_response_at="2025-04-01 12:00",
          resolved_at="2025-04-01 06:00", is_complaint=True, satisfaction=2.0, priority="High"),
        d(ticket_id="T6", customer_id="C3", created_at="2025-05-05", first_response_hours=20.0,
          resolution_hours=10.0, status="Open"),
    ])
    insert(ws, "surveys", [
        d(response_id="S1", responded_at="2025-01-15", score=9.0, scale=10.0),
        d(response_id="S2", responded_at="2025-02-15", score=6.0, scale=10.0),
        d(response_id="S3", responded_at="2025-03-10", score=10.0),  # scale inferred from the upload: 10
        d(response_id="S4", responded_at="2025-05-01", score=4.0, scale=5.0),
        d(response_id="S5", responded_at="2025-05-02", score=7.0, scale=10.0, ticket_id="T5"),
    ], upload_id=2)
    insert(ws, "orders", [
        d(order_id="O1", customer_id="C1", ordered_at="2025-01-05", amount=1.0),
        d(order_id="O2", customer_id="C2", ordered_at="2025-02-01", amount=1.0),
        d(order_id="O3", customer_id="C3", ordered_at="2025-04-10", amount=1.0),
        d(order_id="O4", customer_id="C4", ordered_at="2025-05-10", amount=1.0),
    ])
    yield ws
    ws.close()


def test_csat_top_two_box_on_5_and_10_point_scales(desk):
    # 0-10 survey answers (S1, S2, S3 inferred, S5) are NPS answers, not satisfaction ratings, so T5's own
    # rating counts although S5 is linked to it. Q1: T1=5 (top two), T2=3 -> 1/2. Q2: T3=4 (top), T5=2,
    # S4=4 of 5 (top) -> 2/3.
    df = compute(desk, MetricQuery("csat", **Q))
    assert values(df) == {"2025-Q1": 0.5, "2025-Q2": pytest.approx(2 / 3), "2025-Q3": None}
    assert values(df, "ratings") == {"2025-Q1": 2, "2025-Q2": 3, "2025-Q3": None}


def test_csat_top_two_box_on_a_10_point_ticket_scale(desk):
    insert(desk, "tickets", [
        dict(ticket_id="T9", created_at="2025-07-02", satisfaction=9.0, satisfaction_scale=10.0),
        dict(ticket_id="T10", created_at="2025-07-03", satisfaction=8.0, satisfaction_scale=10.0),
    ], upload_id=3)
    forget(desk)
    try:
        assert values(compute(desk, MetricQuery("csat", **Q)))["2025-Q3"] == 0.5  # 9 of 10 is top two, 8 of 10 is not
    finally:
        desk.execute("DELETE FROM tickets WHERE _upload_id = 3")
        forget(desk)


def test_csat_mean_setting_and_csat_score(desk):
    # Q1: (5/5 + 3/5) / 2 = 80; Q2: (4/5 + 2/5 + 4/5) / 3 = 66.7 (0-10 survey answers are NPS).
    assert values(compute(desk, MetricQuery("csat_score", **Q))) == {"2025-Q1": pytest.approx(80.0),
                                                       "2025-Q2": pytest.approx(200 / 3), "2025-Q3": None}
    desk.set_setting("csat_definition", "mean")
    try:
        df = compute(desk, MetricQuery("csat", **Q))
        assert values(df)["2025-Q1"] == pytest.approx(0.80) and values(df)["2025-Q2"] == pytest.approx(2 / 3)
        assert any("mean" in n for n in df.attrs["notes"])
    finally:
        desk.set_setting("csat_definition", "top2box")


def test_nps(desk):
    df = compute(desk, MetricQuery("nps", **Q))
    assert values(df) == {"2025-Q1": pytest.approx(100 / 3), "2025-Q2": 0.0, "2025-Q3": None}
    assert values(df, "promoters")["2025-Q1"] == 2 and values(df, "detractors")["2025-Q1"] == 1


def test_complaints_flag_beats_terms_and_terms_are_a_setting(desk):
    assert values(compute(desk, MetricQuery("complaints", **Q))) == {"2025-Q1": 2, "2025-Q2": 1, "2025-Q3": None}
    desk.set_setting("complaint_terms", ["question"])
    try:
        assert values(compute(desk, MetricQuery("complaints", **Q))) == {"2025-Q1": 1, "2025-Q2": 1, "2025-Q3": None}
    finally:
        desk.set_setting("complaint_terms", None)


def test_complaint_rate_per_active_customer(desk):
    df = compute(desk, MetricQuery("complaint_rate", **Q))
    assert values(df) == {"2025-Q1": 1.0, "2025-Q2": 0.5, "2025-Q3": None}
    assert set(df["basis"].dropna()) == {"customers"}
    by = values(compute(desk, MetricQuery("complaint_rate", by="priority", **Q)))
    assert by[("2025-Q1", "High")] == 0.5 and by[("2025-Q1", "Low")] == 0.5  # T1 / 2 customers, T3 / 2


def test_complaint_rate_per_order_when_no_customers_are_known():
    ws = make_ws()
    insert(ws, "tickets", [dict(ticket_id="T1", created_at="2025-01-02", type="投诉"),
                           dict(ticket_id="T2", created_at="2025-02-02", type="客诉")])
    insert(ws, "orders", [dict(order_id=f"O{i}", ordered_at="2025-01-10", amount=1.0) for i in range(4)])
    df = compute(ws, MetricQuery("complaint_rate", grain="quarter", start="2025-01-01", as_of="2025-03-31"))
    assert values(df) == {"2025-Q1": 0.5} and list(df["basis"]) == ["orders"]
    assert "per order" in df.attrs["notes"][0]


def test_first_response_hours_median_and_p90(desk):
    df = compute(desk, MetricQuery("first_response_hours", **Q))
    assert values(df) == {"2025-Q1": 4.0, "2025-Q2": 16.0, "2025-Q3": None}
    assert values(df, "p90")["2025-Q1"] == pytest.approx(24.8) and values(df, "p90")["2025-Q2"] == pytest.approx(19.2)


def test_responded_within_24h_counts_unanswered_tickets(desk):
    assert values(compute(desk, MetricQuery("responded_within_24h", **Q))) == {"2025-Q1": 0.5, "2025-Q2": 1.0, "2025-Q3": None}


def test_resolution_rate_and_hours(desk):
    assert values(compute(desk, MetricQuery("resolution_rate", **Q))) == {"2025-Q1": 0.75, "2025-Q2": 1.0, "2025-Q3": None}
    df = compute(desk, MetricQuery("resolution_hours", **Q))
    assert values(df) == {"2025-Q1": 24.0, "2025-Q2": 10.0, "2025-Q3": None}  # dated by resolution
    assert values(df, "p90")["2025-Q2"] == pytest.approx(1154.0)


def test_tickets_per_customer(desk):
    assert values(compute(desk, MetricQuery("tickets_per_customer", **Q))) == {"2025-Q1": 2.0, "2025-Q2": 1.0, "2025-Q3": None}


def test_time_zone_edges_are_local_midnight(desk):
    # T4 at 23:30 on the last day of Q1 is in Q1, T5 at 00:00 on the first day of Q2 is in Q2
    months = compute(desk, MetricQuery("resolution_rate", grain="month", start="2025-03-01", end="2025-05-01", as_of="2025-09-30"))
    assert values(months, "tickets") == {"2025-03": 1, "2025-04": 1}


def test_service_metrics_say_what_they_need():
    ws = make_ws()
    insert(ws, "tickets", [dict(ticket_id="T1", created_at="2025-01-02")])
    assert requirements(ws, "first_response_hours") == [
        "needs tickets with a created date and a first-response time"]
    assert requirements(ws, "first_response_hours", lang="zh") == ["需要含创建时间和首次响应时间的工单"]
    assert requirements(ws, "nps") == ["needs ratings on a 0-10 scale (survey responses or tickets)"]
    with pytest.raises(MetricUnavailable, match="First response time needs tickets with a created date and a "
                                                "first-response time"):
        compute(ws, MetricQuery("first_response_hours", grain="month"))
    insert(ws, "surveys", [dict(response_id="S1", responded_at="2025-01-03", score=4.0)])  # a 5-point scale
    assert requirements(ws, "csat") == [] and requirements(ws, "nps") != []
