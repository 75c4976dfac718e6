"""Tracking over the real metric engine on a small hand-made workspace of tickets.

Two tickets a day from 2026-04-01 to 2026-08-20: ticket A (region East) is a complaint every day
of Q2 and every other day of Q3 and is always resolved; ticket B (West) is resolved only in Q3.
So Q2 has 91 complaints and a 50% resolution rate; Q3 to 2026-08-15 has 23 complaints and 100%.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from i18n.okr_text import objective_dict
from okr.okr_read import load_okrs
from okr.okr_write import load_from_workspace, objective_to_doc, save_to_workspace
from okr.track import track
from okr.views import kr_drilldown, kr_series
from tests.metrics_fixtures import insert

OKRS = """\
version: 1
objectives:
  - id: O1
    title: {en: Better service, zh: 更好的服务}
    period: 2026-Q3
    key_results:
      - {id: O1.1, metric: complaints, target: {type: relative_change, change: -0.5}}
      - {id: O1.2, metric: resolution_rate, target: {type: to_value, value: 0.9}}
      - {id: O1.3, metric: complaints, filters: {region: East}, target: {type: reach_count, value: 40}}
"""


@pytest.fixture
def tickets_ws(ws):
    rows, day, n = [], date(2026, 4, 1), 0
    while day <= date(2026, 8, 20):
        q3 = day >= date(2026, 7, 1)
        at = datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
        complaint = not q3 or (day - date(2026, 7, 1)).days % 2 == 0
        rows.append(
            dict(
                ticket_id=f"A{n}",
                customer_id=f"C{n % 30}",
                created_at=at,
                is_complaint=complaint,
                resolved=True,
                region="East",
            )
        )
        rows.append(
            dict(
                ticket_id=f"B{n}",
                customer_id=f"C{n % 30}",
                created_at=at,
                is_complaint=False,
                resolved=q3,
                region="West",
            )
        )
        day += timedelta(days=1)
        n += 1
    insert(ws, "tickets", rows)
    return ws


def test_track_over_the_engine(tickets_ws) -> None:
    ws = tickets_ws
    save_to_workspace(ws, load_okrs(OKRS))
    result = track(ws, load_from_workspace(ws), as_of="2026-08-15")[0]
    k1, k2, k3 = result.krs
    assert (k1.baseline, k1.current, k1.target_value) == (91, 23, 45.5)
    # a count compared pro rata: 23 complaints in 46 of 92 days is 46 at this pace, for a target of 45.5
    assert k1.progress_raw == pytest.approx((23 / (46 / 92) - 91) / (45.5 - 91)) and k1.status == "on_track"
    assert k1.pace_value == pytest.approx(46) and k1.expected == 1.0
    assert (k2.baseline, k2.current, k2.status, k2.met) == (0.5, 1.0, "done", True)
    assert (k3.mode, k3.margin, k3.status) == ("ceiling", 17, "at_risk")  # on course for 46 > 40
    assert k3.forecast.point == pytest.approx(46)
    assert json.loads(json.dumps(objective_dict(result, objective_to_doc(result.objective)), allow_nan=False))["key_results"][0]["baseline"] == 91


def test_default_as_of_is_the_latest_data_day(tickets_ws) -> None:
    result = track(tickets_ws, load_okrs(OKRS))[0]
    assert result.as_of == date(2026, 8, 20)
    assert result.krs[0].current == 26  # Jul 1 .. Aug 20 is 51 days, every other one a complaint


def test_series_and_drilldown_over_the_engine(tickets_ws) -> None:
    objective = load_okrs(OKRS)[0]
    series = kr_series(tickets_ws, objective.key_results[0], objective, as_of="2026-08-15", periods_back=1)
    current = series.points[series.points["which"] == "current"]
    assert current["to_date"].iloc[-1] == 23 and series.pace["value"].tolist() == [0.0, 45.5]
    frame = kr_drilldown(tickets_ws, objective.key_results[1], objective, "region", as_of="2026-08-15")
    assert frame.set_index("segment")["current"].to_dict() == {"East": 1.0, "West": 1.0}
    assert frame.set_index("segment")["status"].to_dict() == {"East": "done", "West": "done"}
