"""okr.progress and okr.forecast: hand-computed cases for progress, pace, status, forecast, run-rate and grades."""

from __future__ import annotations

import math
from datetime import date

import pytest

from okr import forecast as fcast
from okr import progress as p

nan = math.nan


# ------------------------------------------------------------------ progress and score
def test_progress_raw_by_hand() -> None:
    assert p.progress_raw(0.86, 0.82, 0.90) == pytest.approx(0.5)  # CSAT 82% -> 90%, now 86%
    assert p.progress_raw(30, 40, 20) == pytest.approx(0.5)  # complaints 40 -> 20, now 30
    assert p.progress_raw(0.95, 0.82, 0.90) == pytest.approx(1.625)  # beyond the target: not clipped
    assert p.progress_raw(0.78, 0.82, 0.90) == pytest.approx(-0.5)  # went backwards
    assert math.isnan(p.progress_raw(1, 2, 2))  # target == baseline
    assert math.isnan(p.progress_raw(None, 2, 3))


def test_progress_pro_rata_for_counts() -> None:
    # new customers +20%: last quarter 100, target 120; half-way with 55 so far.
    # The baseline to date is 50; +5 of the +20 improvement -> 0.25 against an expected 0.5.
    assert p.progress_raw(55, 100, 120, pro_rata=0.5) == pytest.approx(0.25)
    # exactly on the target's pace (60 = 120 x 0.5) reads as the elapsed share
    assert p.progress_raw(60, 100, 120, pro_rata=0.5) == pytest.approx(0.5)
    # reach_count counts from zero: 20 of 50 -> 0.4 whatever the share
    assert p.progress_raw(20, 0, 50, pro_rata=0.3) == pytest.approx(0.4)
    assert p.progress_raw(130, 100, 120, pro_rata=1.0) == pytest.approx(1.5)


def test_score_and_threshold_score() -> None:
    assert p.score(1.625) == 1.0 and p.score(-0.5) == 0.0 and p.score(0.42) == 0.42
    assert math.isnan(p.score(nan))
    assert p.threshold_score(True) == 1.0 and p.threshold_score(False) == 0.0
    assert math.isnan(p.threshold_score(None))


def test_elapsed_and_remaining() -> None:
    q3 = (date(2026, 7, 1), date(2026, 10, 1))  # 92 days
    assert p.elapsed_fraction(*q3, date(2026, 8, 15)) == pytest.approx(46 / 92)
    assert p.elapsed_fraction(*q3, date(2026, 6, 1)) == 0.0
    assert p.elapsed_fraction(*q3, date(2026, 12, 1)) == 1.0
    assert p.elapsed_fraction(*q3, date(2026, 9, 30)) == 1.0
    assert p.remaining_weeks(q3[1], date(2026, 8, 15)) == pytest.approx(46 / 7)
    assert p.remaining_weeks(q3[1], date(2026, 9, 30)) == 0.0
    assert p.expected_progress(0.5) == 0.5 and p.expected_progress(1.3) == 1.0


def test_direction_and_met() -> None:
    assert p.target_direction(0.82, 0.9, "higher") == 1
    assert p.target_direction(40, 20, "lower") == -1
    assert p.target_direction(nan, 0.9, "lower") == -1  # no baseline: the metric's better direction
    assert p.points_wrong_way(0.1, 0.2, "lower")  # churn up is worse
    assert p.points_wrong_way(0.9, 0.8, "higher")
    assert not p.points_wrong_way(0.9, 0.95, "higher") and not p.points_wrong_way(nan, 1, "higher")
    assert p.is_met(0.91, 0.9, 1) and not p.is_met(0.89, 0.9, 1)
    assert p.is_met(19, 20, -1) and not p.is_met(21, 20, -1)
    # a count heading down is only settled at the end of the period
    assert not p.is_met(12, 20, -1, accumulating=True)
    assert p.is_met(12, 20, -1, accumulating=True, period_over=True)
    assert p.is_met(130, 120, 1, accumulating=True)


def test_thresholds_hold_and_margin() -> None:
    assert p.holds(0.08, 0.10, "stay_below") and not p.holds(0.12, 0.10, "stay_below")
    assert p.holds(0.10, 0.10, "stay_below")  # the boundary counts as held
    assert p.holds(0.95, 0.9, "stay_above") and p.holds(nan, 0.1, "stay_below") is None
    assert p.margin(0.08, 0.10, "stay_below") == pytest.approx(0.02)
    assert p.margin(0.85, 0.90, "stay_above") == pytest.approx(-0.05)


# ------------------------------------------------------------------ status
@pytest.mark.parametrize(
    ("progress", "expected", "want"),
    [
        (0.40, 0.50, "on_track"),  # 80% of the pace
        (0.375, 0.50, "on_track"),  # exactly 75%
        (0.30, 0.50, "at_risk"),  # 60%
        (0.25, 0.50, "at_risk"),  # exactly 50%
        (0.20, 0.50, "off_track"),  # 40%
        (-0.10, 0.50, "off_track"),
        (0.0, 0.0, "on_track"),  # nothing expected yet
        (1.2, 1.0, "on_track"),
    ],
)
def test_status_default_rule(progress: float, expected: float, want: str) -> None:
    assert p.status(progress, expected) == want


def test_status_special_cases_and_custom_thresholds() -> None:
    assert p.status(0.1, 0.5, met=True) == "done"
    assert p.status(0.9, 0.5, has_data=False) == "no_data"
    assert p.status(nan, 0.5) == "no_data"
    strict = {"on_track": 0.9, "at_risk": 0.8}
    assert p.status(0.42, 0.5, strict) == "at_risk"
    assert p.status(0.46, 0.5, strict) == "on_track"
    assert p.thresholds_from({"on_track": 0.2, "at_risk": 0.6}) == p.DEFAULT_THRESHOLDS  # inverted: ignored
    assert p.thresholds_from({"on_track": 0.8}) == {"on_track": 0.8, "at_risk": 0.5}
    assert p.thresholds_from(None) == p.DEFAULT_THRESHOLDS


def test_threshold_status() -> None:
    assert p.threshold_status(True, period_over=False) == "on_track"
    assert p.threshold_status(True, period_over=False, forecast_held=False) == "at_risk"
    assert p.threshold_status(True, period_over=True) == "done"
    assert p.threshold_status(False, period_over=False) == "off_track"
    assert p.threshold_status(None, period_over=False) == "no_data"
    assert p.worse_status("on_track", "at_risk") == "at_risk"
    assert p.worse_status("no_data", "done") == "done"


# ------------------------------------------------------------------ forecast
def test_forecast_additive_run_rate() -> None:
    point, low, high = fcast.forecast_additive(30, 0.5)
    assert point == 60 and math.isnan(low) and math.isnan(high)  # no weekly amounts: no interval
    assert fcast.forecast_additive(30, 1.0) == (30, 30, 30)
    assert all(math.isnan(v) for v in fcast.forecast_additive(30, 0.0))


def test_forecast_additive_interval_by_hand() -> None:
    weekly = [4, 6, 5, 5]  # mean 5, sample sd sqrt(2/3)
    fc = fcast.forecast_additive(20, 0.5, weekly, remaining_weeks=4)
    half = fcast.t80(3) * math.sqrt(2 / 3) * math.sqrt(4 + 16 / 4)
    assert fcast.t80(3) == 1.638
    assert fc.point == 40
    assert fc.high == pytest.approx(40 + half)
    assert fc.low == pytest.approx(40 - half)
    # weekly amounts that never go negative cannot end below today's total
    wild = fcast.forecast_additive(20, 0.5, [0, 20, 0, 0], remaining_weeks=4)
    assert wild.low == 20


def test_forecast_ratio_trend_by_hand() -> None:
    # weekly CSAT rising one point a week, exactly on a line: 0.80, 0.81, 0.82, 0.83
    weekly = [0.80, 0.81, 0.82, 0.83]
    fc = fcast.forecast_ratio(weekly, current=0.815, elapsed=0.5, remaining_weeks=4)
    # the line at the middle of the next four weeks (x = 3.5 + 2 = 5.5) is 0.855;
    # blended half and half with the 0.815 so far -> 0.835, and a perfect fit has no spread
    assert fc.point == pytest.approx(0.835)
    assert fc.low == pytest.approx(0.835) and fc.high == pytest.approx(0.835)


def test_forecast_ratio_interval_and_fallbacks() -> None:
    weekly = [0.80, 0.84, 0.79, 0.85, 0.82, 0.83]
    fc = fcast.forecast_ratio(weekly, current=0.82, elapsed=0.5, remaining_weeks=6)
    assert fc.low < fc.point < fc.high
    assert fc.high - fc.low < 0.1
    too_few = fcast.forecast_ratio([0.8, 0.9], current=0.85, elapsed=0.2, remaining_weeks=8)
    assert too_few.point == 0.85 and math.isnan(too_few.low) and math.isnan(too_few.high)
    assert fcast.forecast_ratio(weekly, current=0.82, elapsed=1.0) == (0.82, 0.82, 0.82)
    assert fcast.forecast_ratio([nan, 0.8, None, 0.9], current=nan).point == 0.9  # last value when no current


# ------------------------------------------------------------------ needed run-rate
def test_needed_run_rate_counts() -> None:
    need = fcast.needed_run_rate(30, 50, elapsed=0.5, weeks_left=6.5, accumulating=True, direction=1)
    assert need.value == pytest.approx(20 / 6.5) and need.per_week and need.bound == "at_least"
    assert need.reachable and not need.already_met
    done = fcast.needed_run_rate(60, 50, elapsed=0.5, weeks_left=6.5, accumulating=True, direction=1)
    assert done.already_met and done.value == 0
    # a ceiling of 20 complaints with 26 already: no allowance is left
    over = fcast.needed_run_rate(26, 20, elapsed=0.5, weeks_left=6.5, accumulating=True, direction=-1)
    assert over.bound == "at_most" and over.value < 0 and not over.reachable
    assert fcast.needed_run_rate(26, 20, elapsed=1, weeks_left=0, accumulating=True, direction=-1) is None


def test_needed_level_for_ratios() -> None:
    # CSAT 0.84 over the first 40% of the period; 0.90 over the whole period needs 0.94 from here on
    need = fcast.needed_run_rate(
        0.84, 0.90, elapsed=0.4, weeks_left=7.8, accumulating=False, direction=1, lower=0, upper=1
    )
    assert need.value == pytest.approx((0.90 - 0.4 * 0.84) / 0.6) and not need.per_week
    assert need.reachable
    hopeless = fcast.needed_run_rate(
        0.50, 0.90, elapsed=0.8, weeks_left=2.6, accumulating=False, direction=1, lower=0, upper=1
    )
    assert hopeless.value > 1 and not hopeless.reachable


# ------------------------------------------------------------------ grades and roll-up
@pytest.mark.parametrize(
    ("value", "zone"),
    [
        (nan, "no_data"),
        (0.1, "low"),
        (0.3, "partial"),
        (0.59, "partial"),
        (0.6, "healthy_stretch"),
        (0.65, "healthy_stretch"),
        (0.7, "healthy_stretch"),
        (0.71, "strong"),
        (1.0, "achieved"),
        (1.4, "achieved"),
    ],
)
def test_grade_zones(value: float, zone: str) -> None:
    g = p.grade(value)
    assert g.zone == zone
    assert g.in_stretch_zone == (zone == "healthy_stretch")


def test_objective_score_weighted() -> None:
    assert p.objective_score([1.0, 0.5, 0.0]) == pytest.approx(0.5)
    assert p.objective_score([1.0, 0.5], [3, 1]) == pytest.approx(0.875)
    assert p.objective_score([1.0, nan, 0.0], [1, 5, 1]) == pytest.approx(0.5)  # no data: left out
    assert p.objective_score([1.0, 0.2], [0, None]) == pytest.approx(0.2)  # weight 0: left out; None is 1
    assert math.isnan(p.objective_score([nan]))


def test_objective_status_roll_up() -> None:
    assert p.objective_status(["done", "done"], [1, 1], [0.5, 0.5]) == "done"
    assert p.objective_status(["no_data", "no_data"], [nan, nan], [0.5, 0.5]) == "no_data"
    # mean score 0.3 against mean expected 0.5 -> 60% of the pace
    assert p.objective_status(["on_track", "off_track"], [0.5, 0.1], [0.5, 0.5]) == "at_risk"
    assert p.objective_status(["on_track", "no_data"], [0.45, nan], [0.5, 0.5]) == "on_track"
    assert p.objective_status(["done", "no_data"], [1, nan], [0.5, 0.5]) == "on_track"
