"""Truth table: what the numbers say at the edges of the data, by metric kind, coverage, target and time.

One hand-made workspace, every day from 2025-01-01 to 2025-05-20 (day n = 1 .. 140 of the year):
- a deal closes every day, won on odd days, amount 100 (count deals_won, sum won_revenue, ratio win_rate);
- an order every day of 10, from customer c(n mod 10) (per customer: avg_spend_per_customer);
- a lead is created every day, converted when n is a multiple of 4 (cohort: lead_conversion_rate).

So 2025-Q1 (days 1-90) is fully covered: 45 deals won, 4,500 won, win rate 50%, 900 of orders from 10
customers (90 each), 22 of 90 leads converted.  2025-Q2 is covered on 50 of its 91 days (days 91-140):
25 won, 2,500, win rate 50%.  2025-Q3 lies after the last record, 2024-Q4 before the first.

Each row gives the expected display value (what the pages, CLI and deck print), the coverage sentence,
and for key results the status and the sentence.  Nothing here reads 0 where the data says nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from i18n import fmt_value
from i18n.messages import render
from i18n.okr_text import error_text, kr_row
from metrics.engine import metric_value
from metrics.query import MetricQuery
from okr.okr_read import load_okrs
from okr.track import track
from tests.metrics_fixtures import edge_rows, insert

FIRST, LAST = date(2025, 1, 1), date(2025, 5, 20)


@pytest.fixture(scope="module")
def edge_ws(tmp_path_factory):
    from store import Workspace

    ws = Workspace(str(tmp_path_factory.mktemp("truth") / "ws.duckdb"))
    rows = edge_rows(FIRST, LAST)
    insert(ws, "deals", rows["deals"])
    insert(ws, "orders", rows["orders"], upload_id=2)
    insert(ws, "leads", rows["leads"], upload_id=3)
    yield ws
    ws.close()


# ----------------------------------------------------------------------------- metric values by coverage
# (metric, period, as_of, display value, coverage sentence)
VALUES = [
    # full coverage
    ("deals_won", "2025-Q1", None, "45", ""),
    ("won_revenue", "2025-Q1", None, "4,500", ""),
    ("win_rate", "2025-Q1", None, "50.0%", ""),
    ("avg_spend_per_customer", "2025-Q1", None, "90.00", ""),
    ("lead_conversion_rate", "2025-Q1", None, "24.4%", ""),
    # partial: the quarter runs on, the data ends 2025-05-20 (day 140)
    ("deals_won", "2025-Q2", date(2025, 6, 30), "25", "data covers 50 of 91 days"),
    ("won_revenue", "2025-Q2", date(2025, 6, 30), "2,500", "data covers 50 of 91 days"),
    ("win_rate", "2025-Q2", date(2025, 6, 30), "50.0%", "data covers 50 of 91 days"),
    # none, after the last record: "—" with the reason, never 0
    ("deals_won", "2025-Q3", date(2025, 9, 30), "—", "no data: the data ends 2025-05-20"),
    ("won_revenue", "2025-Q3", date(2025, 9, 30), "—", "no data: the data ends 2025-05-20"),
    ("win_rate", "2025-Q3", date(2025, 9, 30), "—", "no data: the data ends 2025-05-20"),
    ("avg_spend_per_customer", "2025-Q3", date(2025, 9, 30), "—", "no data: the data ends 2025-05-20"),
    ("lead_conversion_rate", "2025-Q3", date(2025, 9, 30), "—", "no data: the data ends 2025-05-20"),
    # none, before the first record
    ("deals_won", "2024-Q4", date(2024, 12, 31), "—", "no data: the data begins 2025-01-01"),
    ("won_revenue", "2024-Q4", date(2024, 12, 31), "—", "no data: the data begins 2025-01-01"),
    ("avg_spend_per_customer", "2024-Q4", date(2024, 12, 31), "—", "no data: the data begins 2025-01-01"),
]


@pytest.mark.parametrize(("metric", "period", "as_of", "shown", "sentence"), VALUES,
                         ids=[f"{v[0]}-{v[1]}" for v in VALUES])
def test_a_metric_shows_its_value_or_why_not(edge_ws, metric, period, as_of, shown, sentence):
    result = metric_value(edge_ws, MetricQuery(metric, grain="quarter", start=period, as_of=as_of))
    assert fmt_value(result.value, result.unit, "en") == shown
    assert render(result.coverage.note() if result.coverage else None, "en") == sentence
    if shown == "—":
        assert result.value is None  # no data is not zero


# -------------------------------------------------------------------------------- key results
OKRS = """\
version: 1
objectives:
  - id: Q1
    title: Quarter that has ended
    period: 2025-Q1
    key_results:
      - {{id: A, metric: won_revenue, baseline: 4000, target: {{type: to_value, value: 5000}}}}
      - {{id: B, metric: deals_won, baseline: 40, target: {{type: to_value, value: 44}}}}
      - {{id: C, metric: win_rate, target: {{type: stay_above, value: 0.6}}}}
      - {{id: H, metric: deals_won, baseline: 40, target: {{type: relative_change, change: 0.25}}}}
  - id: Q2
    title: Quarter in progress, data ends mid-quarter
    period: 2025-Q2
    key_results:
      - {{id: D, metric: won_revenue, baseline: 4000, target: {{type: to_value, value: 5000}}}}
      - {{id: E, metric: win_rate, target: {{type: stay_above, value: 0.4}}}}
      - {{id: I, metric: deals_won, target: {{type: reach_count, value: 30}}}}
  - id: Q3
    title: Quarter after the data
    period: 2025-Q3
    key_results:
      - {{id: F, metric: won_revenue, baseline: 4000, target: {{type: to_value, value: 5000}}}}
      - {{id: G, metric: lead_conversion_rate, baseline: 0.2, target: {{type: to_value, value: 0.3}}}}
"""

# (kr, as_of, progress shown, status, sentence)
KRS = [
    # ended: a verdict, never "on track"; 4,500 between 4,000 and 5,000 reads 50% and missed
    ("A", "2025-06-30", "50%", "missed", ""),
    ("B", "2025-06-30", "100%", "met", ""),  # 45 >= 44: met (raw progress 125%, clipped on the bar)
    ("C", "2025-06-30", "—", "missed", ""),  # a threshold of 60% with 50%: missed
    ("H", "2025-06-30", "50%", "missed", ""),  # +25% on 40 is 50; 45 is half way
    # mid-quarter as of the last data day (day 50 of 91): 2,500 in 50 days is 4,550 at this pace
    ("D", "2025-05-20", "55%", "at_risk", ""),
    ("E", "2025-05-20", "—", "on_track", ""),
    ("I", "2025-05-20", "83%", "on_track", ""),  # 25 of 30 reached with 50 of 91 days gone
    # the quarter has ended but its data ends 2025-05-20: measured to that day, no verdict on a part of it
    ("D", "2025-06-30", "55%", "at_risk", ""),
    # after the data: no value, no status, the reason
    ("F", "2025-08-15", "—", "no_data",
     "There is no Won revenue data for 2025-Q3: the data it needs ends 2025-05-20; load a newer export."),
    ("G", "2025-08-15", "—", "no_data",
     "There is no Lead conversion rate data for 2025-Q3: the data it needs ends 2025-05-20; load a newer export."),
]


@pytest.mark.parametrize(("kr_id", "as_of", "progress", "status", "sentence"), KRS, ids=[f"{k[0]}-{k[1]}" for k in KRS])
def test_a_key_result_reads_what_the_data_supports(edge_ws, kr_id, as_of, progress, status, sentence):
    objectives = load_okrs(OKRS.format())
    results = track(edge_ws, objectives, as_of=as_of)
    kr = next(k for o in results for k in o.krs if k.kr.id == kr_id)
    row = kr_row(kr, "en")
    if progress != "—":
        assert row["progress"] == progress
    assert kr.status == status
    assert error_text(kr, "en") == sentence
    if status == "no_data":
        assert row["current"] == "—" and row["progress"] == "—"


def test_an_ended_objective_has_a_verdict_not_a_forecast(edge_ws):
    results = track(edge_ws, load_okrs(OKRS.format()), as_of="2025-06-30")
    ended = next(o for o in results if o.objective.id == "Q1")
    assert ended.status in {"met", "missed"}
    assert all(k.status in {"met", "missed"} for k in ended.krs)


def test_a_maturing_cohort_is_not_extrapolated(edge_ws):
    okrs = load_okrs("""\
version: 1
objectives:
  - id: M
    title: Conversion
    period: 2025-Q2
    key_results:
      - {id: M1, metric: lead_conversion_rate, baseline: 0.2, target: {type: to_value, value: 0.3}}
""")
    kr = track(edge_ws, okrs, as_of="2025-05-20")[0].krs[0]
    assert kr.forecast_method == "maturing"
    assert kr_row(kr, "en")["forecast"] == "—"


def test_the_trend_after_the_data_is_empty_not_zero(edge_ws):
    from okr.views import kr_series

    objective = next(o for o in load_okrs(OKRS.format()) if o.id == "Q3")
    series = kr_series(edge_ws, objective.key_results[0], objective, as_of="2025-08-15", periods_back=0)
    current = series.points[series.points["which"] == "current"]
    assert len(current) and current["to_date"].isna().all() and current["value"].isna().all()
