"""How far to trust a forecast (okr/backtest.py) and the interval its record sets (okr.forecast.calibrated).

The workspace: deals won in the four quarters of 2025, ``a`` on each quarter's first day and ``b`` sixty days
later, and 2026-Q1 measured on 2026-02-14 (45 of its 90 days).  The same point of each 2025 quarter is its 45th
day, before the ``b`` deals, so the run-rate forecast there is a / (45 / days in the quarter)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.suggest_text import backtest_lines
from metrics.periods import parse_period
from okr import forecast as f
from okr.backtest import Backtest, Trial, backtest_kr, error_of, same_point, with_backtest
from okr.model import KeyResult, Objective, Target
from okr.track import track
from tests.metrics_fixtures import insert, make_ws

AS_OF = date(2026, 2, 14)
Q1_2026 = parse_period("2026-Q1")
QUARTERS = {"2025-Q1": (10, 10), "2025-Q2": (10, 12), "2025-Q3": (9, 9), "2025-Q4": (12, 8)}
KR = KeyResult(id="K", title=None, metric="deals_won", target=Target("to_value", value=30))


def _won(day: date, count: int, tag: str) -> list[dict]:
    at = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
    return [dict(deal_id=f"{tag}{i}", stage="Closed Won", status="won", amount=100.0, created_at=at, closed_at=at)
            for i in range(count)]


@pytest.fixture
def deals_ws():
    ws = make_ws()
    rows = []
    for label, (a, b) in QUARTERS.items():
        start = parse_period(label).start
        rows += _won(start, a, f"{label}a") + _won(start + timedelta(days=60), b, f"{label}b")
    rows += _won(date(2026, 1, 1), 5, "now") + _won(AS_OF, 1, "today")
    insert(ws, "deals", rows)
    return ws


def test_backtest_by_hand(deals_ws) -> None:
    bt = backtest_kr(deals_ws, KR, Q1_2026, AS_OF)
    # newest first; 2024-Q4 starts before the data (2025-01-01): the search stops there
    assert [t.period for t in bt.trials] == ["2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"]
    assert [t.as_of for t in bt.trials] == [date(2025, 11, 14), date(2025, 8, 14), date(2025, 5, 15),
                                            date(2025, 2, 14)]
    expected = [  # (forecast, actual)
        (12 * 92 / 45, 20),  # 24.53 against 20: +22.7%
        (9 * 92 / 45, 18),  # 18.4 against 18: +2.2%
        (10 * 91 / 45, 22),  # 20.22 against 22: -8.1%
        (10 * 90 / 45, 20),  # 20 against 20: exact
    ]
    for trial, (forecast, actual) in zip(bt.trials, expected, strict=True):
        assert trial.forecast == pytest.approx(forecast) and trial.actual == actual
        assert trial.error == pytest.approx((forecast - actual) / actual)
    assert bt.relative and bt.n == 4 and bt.sets_range
    # |errors| sorted: 0, 0.0222, 0.0808, 0.2267; median = (0.0222 + 0.0808) / 2; 80th = 0.0808 + 0.4 x 0.1459
    small, mid, big = 0.4 / 18, 80 / 990, 204 / 900
    assert bt.typical == pytest.approx((small + mid) / 2)
    assert bt.band == pytest.approx(mid + 0.4 * (big - mid))
    assert bt.worst == pytest.approx(big)


def test_backtest_wording(deals_ws) -> None:
    bt = backtest_kr(deals_ws, KR, Q1_2026, AS_OF)
    en, zh = backtest_lines(bt, "count", "en"), backtest_lines(bt, "count", "zh")
    assert en[0] == "Forecasts at this point were off by ±5.2% in the last 4 quarters (median; worst 22.7%)."
    assert en[1] == "The forecast range is set by that record: 8 in 10 past forecasts fell within ±13.9%."
    assert zh[0] == "过去 4 个季度中，同一时点的预测偏差中位数为 ±5.2%（最大 22.7%）。"
    none = Backtest((), True, "quarter")
    assert backtest_lines(none, "count", "en") == ["No past quarters with full data to test the forecast on yet."]


def test_the_record_sets_the_interval(deals_ws) -> None:
    objective = Objective(id="O", title="t", period="2026-Q1", key_results=[KR])
    status = track(deals_ws, [objective], as_of=AS_OF)[0].krs[0]
    assert status.forecast_method == "run_rate" and status.current == 6 and status.elapsed == 0.5
    assert status.forecast.point == 12  # 6 deals in half the quarter
    bt = backtest_kr(deals_ws, KR, Q1_2026, AS_OF)
    trusted = with_backtest(status, bt)
    assert trusted.forecast.point == 12
    assert trusted.forecast.low == pytest.approx(12 * (1 - bt.band))  # 10.33: above the 6 already won
    assert trusted.forecast.high == pytest.approx(12 * (1 + bt.band))
    assert status.forecast.point == 12 and trusted is not status  # the tracked status is left as it was


def test_calibrated_rule() -> None:
    model = f.Forecast(100.0, 90.0, 110.0)
    assert f.calibrated(model, 0.25, 4, relative=True) == f.Forecast(100, 75, 125)  # wider than the model's
    assert f.calibrated(model, 0.05, 8, relative=True) == f.Forecast(100, 95, 105)  # narrower
    assert f.calibrated(model, 3.0, 4, relative=False) == f.Forecast(100, 97, 103)  # points, for a rate
    assert f.calibrated(model, 0.25, 3, relative=True) is model  # three past forecasts are too few
    # weeks without a sale gave the model no spread at all; eight past forecasts say it is not that sure
    assert f.calibrated(f.Forecast(50.0, 50.0, 50.0), 0.2, 8, relative=True) == f.Forecast(50, 40, 60)
    assert f.calibrated(model, 0.25, 4, relative=True, floor=80) == f.Forecast(100, 80, 125)  # already won: 80
    no_interval = f.Forecast(100.0, math.nan, math.nan)  # the previous period's shape gives none: now it has one
    assert f.calibrated(no_interval, 0.1, 5, relative=True) == f.Forecast(100, 90, 110)


def test_same_point_and_errors() -> None:
    q4, q1 = parse_period("2025-Q4"), parse_period("2026-Q1")
    assert same_point(q4, q1, date(2026, 1, 1)) == date(2025, 10, 1)
    assert same_point(q4, q1, date(2026, 3, 30)) == date(2025, 12, 28)
    assert same_point(parse_period("2025-Q2"), parse_period("2025-Q3"), date(2025, 9, 30)) is None  # its end
    assert error_of(110, 100, relative=True) == pytest.approx(0.1) and error_of(1, 0, relative=True) is None
    assert error_of(0.32, 0.30, relative=False) == pytest.approx(0.02)  # a rate: 2 points


def test_no_backtest_after_the_period_or_before_the_data(deals_ws) -> None:
    assert backtest_kr(deals_ws, KR, Q1_2026, date(2026, 3, 31)).n == 0  # the period is over: nothing forecast
    assert backtest_kr(make_ws(), KR, Q1_2026, AS_OF).n == 0
    # a count is forecast by its run rate in every past quarter: none of them tests a trend
    assert backtest_kr(deals_ws, KR, Q1_2026, AS_OF, method="run_rate").n == 4
    assert backtest_kr(deals_ws, KR, Q1_2026, AS_OF, method="trend").n == 0


@settings(max_examples=150, deadline=None)
@given(errors=st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=8))
def test_typical_error_lies_within_the_errors(errors: list[float]) -> None:
    bt = Backtest(tuple(Trial("p", date(2025, 1, 1), 1.0, 1.0, e) for e in errors), True, "quarter")
    sizes = sorted(abs(e) for e in errors)
    assert sizes[0] <= bt.typical <= bt.band <= bt.worst == sizes[-1]
    within = sum(1 for s in sizes if s <= bt.band + 1e-12)
    assert within >= 0.8 * len(sizes) - 1  # about eight in ten past misses fit in the band


def test_the_deck_notes_give_the_record_of_a_key_result_behind(deals_ws) -> None:
    from review.deck import deck_context
    from review.notes import risks

    objective = Objective(id="O", title="t", period="2026-Q1", key_results=[KR])  # 30 won: 12 forecast, behind
    for lang, line in (("en", "Forecasts at this point were off by ±5.2% in the last 4 quarters (median; worst 22.7%)."),
                       ("zh", "过去 4 个季度中，同一时点的预测偏差中位数为 ±5.2%（最大 22.7%）。")):
        ctx = deck_context(deals_ws, period="2026-Q1", as_of=AS_OF, lang=lang, objectives=[objective])
        behind = risks(ctx)[0]
        assert behind.tone == "bad" and line in behind.detail


@pytest.mark.parametrize(("metric", "relative"), [("deals_won", True), ("won_revenue", True), ("nps", False),
                                                   ("win_rate", False), ("csat", False)])
def test_errors_are_shares_only_on_ratio_scales(metric: str, relative: bool) -> None:
    """NPS can sit near or below zero: a forecast of 6 for an actual 2 is 4 points off, not 200%."""
    kr = KeyResult(id="K", title=None, metric=metric, target=Target("to_value", value=1))
    period = parse_period("2025-Q2")
    record = backtest_kr(make_ws(), kr, period, date(2025, 3, 1))  # before the period: no trials
    assert record.n == 0 and record.relative is relative
