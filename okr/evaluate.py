"""Applying the OKR rules to measured numbers (no I/O): baseline, target, progress, pace, status, forecast.

Progress is on the scale a manager reads: 0% at the baseline, 100% at the target, in both directions.
What it compares depends on the figure:

- a level (a rate or an average: win rate, CSAT) is compared as it stands; while the period runs it should
  be on the straight line from the baseline to the target, so the expected progress is the elapsed share;
- a count or a sum (won revenue, complaints) grows through the period: while it runs, the value so far is
  compared pro rata with the whole-period baseline and target, i.e. at this pace (the value to date over
  the elapsed share); a key result on pace reads 100%;
- a figure that depends on the window's length (distinct customers, churn) is compared like for like, with
  the previous period's value at the same point (its shape), and reads 100% on pace;
- a count from zero (reach_count) reads the share of the target reached; the expected progress is the
  elapsed share.

A value between baseline and target reads between 0% and 100%; the score and the bars are clipped to 0-100%,
``progress_raw`` keeps the unclipped figure for the tooltip.  Once the period has ended a key result is met
or missed (with its 0-1 grade); "on track" and "at risk" exist only while it runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from i18n.messages import Message, Quantity
from okr import forecast as f
from okr import progress as p
from okr.measure import Measurements, accumulates, kr_mode, window_sensitive
from okr.model import KeyResult, TargetType
from okr.status import Status

NAN = math.nan


def _bounds(unit: str) -> tuple[float | None, float | None]:
    if unit == "percent":
        return 0.0, 1.0
    if unit in ("count", "currency", "hours", "days", "number"):
        return 0.0, None
    return None, None


def _clamp(value: float, unit: str) -> float:
    low, high = _bounds(unit)
    if math.isnan(value):
        return value
    if low is not None:
        value = max(low, value)
    return min(high, value) if high is not None else value


def _f(value: Any) -> float:
    return NAN if p.missing(value) else float(value)


@dataclass
class Evaluation:
    mode: str
    baseline: float
    baseline_source: str
    target_value: float
    direction: int
    progress_raw: float
    score: float
    expected: float
    on_pace_value: float
    status: str
    met: bool
    margin: float
    forecast: f.Forecast
    forecast_method: str
    needed: f.NeededRate | None
    like_for_like: bool  # compared with the previous period up to the same point
    pace_value: float = NAN  # the value progress compares: at this pace (counts, sums), like for like, or as is
    problem: Message | None = None  # why the key result cannot be scored (its baseline equals its target)


@dataclass(frozen=True)
class Clock:
    """Where the period stands: the elapsed share, the weeks left, and whether it has ended."""

    elapsed: float
    weeks_left: float
    period_over: bool


def _baseline(kr: KeyResult, mode: str, m: Measurements, override: float | None) -> tuple[float, str]:
    if mode == "count":
        return 0.0, "zero"
    if override is not None:
        return _f(override), "previous period"
    if kr.baseline is not None:
        return float(kr.baseline), "given"
    return m.previous_value, "previous period"


def _direction(kr: KeyResult, metric: Any, mode: str, base: float, target: float) -> int:
    if mode == "progress" and kr.target.type in (TargetType.TO_VALUE, TargetType.REACH_COUNT):
        # A value to reach is reached by being at least as good as it, even when the baseline was
        # already better (the SMART check flags that target as pointing the wrong way).
        return 1 if metric.better == "higher" else -1
    if mode == "progress":
        return p.target_direction(base, target, metric.better)
    if mode == "threshold":
        return -1 if kr.target.type == TargetType.STAY_BELOW else 1
    return 1 if mode == "count" else -1


def evaluate(kr: KeyResult, metric: Any, m: Measurements, *, elapsed: float, weeks_left: float, period_over: bool,
             thresholds: dict[str, float], baseline: float | None = None) -> Evaluation:
    """Apply the OKR rules to measured numbers.  ``baseline`` overrides the key result's own
    (the drill-down passes each segment's previous period)."""
    clock = Clock(elapsed, weeks_left, period_over)
    mode = kr_mode(kr, metric)
    base, origin = _baseline(kr, mode, m, baseline)
    target = _f(kr.target.value if kr.target.type == TargetType.REACH_COUNT else kr.target.resolve(base))
    direction = _direction(kr, metric, mode, base, target)
    shape = m.shape if window_sensitive(metric) and not period_over else NAN
    forecast, method = _forecast(m, metric, clock, shape)
    ev = Evaluation(mode, _f(base), origin, target, direction, NAN, NAN, p.expected_progress(elapsed), NAN,
                    Status.NO_DATA, False, NAN, forecast, method, None, not math.isnan(shape))
    if not math.isnan(m.current) and (accumulates(metric) or not ev.like_for_like):
        lower, upper = _bounds(metric.unit)
        ev.needed = f.needed_run_rate(m.current, target, elapsed=elapsed, weeks_left=weeks_left,
                                      accumulating=accumulates(metric), direction=direction, lower=lower, upper=upper)
    if mode in ("progress", "count"):
        reach = mode == "progress" and kr.target.type in (TargetType.TO_VALUE, TargetType.REACH_COUNT)
        start = p.measured_from(ev.baseline, target, direction) if reach else ev.baseline
        _score_progress(ev, m.current, metric, clock, shape, thresholds, start)
    else:
        _score_threshold(ev, m.current, kr, clock)
    return ev


def _compared(current: float, metric: Any, mode: str, clock: Clock, shape: float) -> tuple[float, bool]:
    """The value progress compares, and whether it is compared pro rata / like for like (then on pace = 100%)."""
    if clock.period_over or mode == "count":
        return current, False
    if not math.isnan(shape):
        return current / shape, True
    if accumulates(metric):
        return (current / clock.elapsed, True) if clock.elapsed > 0 else (NAN, True)
    return current, False


def _score_progress(ev: Evaluation, current: float, metric: Any, clock: Clock, shape: float,
                    thresholds: dict[str, float], start: float) -> None:
    """``start``: where progress is measured from (the baseline, or short of a target it already meets)."""
    accumulating, has_data = accumulates(metric), not math.isnan(current)
    compared, scaled = _compared(current, metric, ev.mode, clock, shape)
    ev.pace_value = compared
    if scaled or clock.period_over:
        ev.expected = 1.0
    ev.on_pace_value = p.on_pace_value(start, ev.target_value, clock.elapsed, accumulating=accumulating,
                                       shape=shape if ev.like_for_like else None)
    if ev.mode == "progress" and ev.target_value == ev.baseline:
        ev.problem = Message("okr.error.no_change", {"value": Quantity(ev.baseline, metric.unit)})
        return
    # A level is reached as soon as it stands beyond the target; a count heading down only at the end (it can
    # still grow), and a figure compared like for like only at the end too, unless it only grows.
    settled = clock.period_over or not ev.like_for_like or accumulating
    ev.met = has_data and settled and p.is_met(current, ev.target_value, ev.direction, accumulating=accumulating,
                                                period_over=clock.period_over)
    ev.progress_raw = p.progress_raw(compared, start, ev.target_value)
    ev.score = 1.0 if ev.met else p.score(ev.progress_raw)
    ev.status = verdict(ev.met, has_data, clock.period_over) or p.status(
        ev.progress_raw, ev.expected, thresholds, met=ev.met, has_data=has_data)


def _score_threshold(ev: Evaluation, current: float, kr: KeyResult, clock: Clock) -> None:
    """A threshold (or a ceiling on a count) has to hold all period long: only a held one is on pace."""
    ev.expected = 1.0
    ev.on_pace_value = ev.pace_value = ev.target_value
    kind = "stay_below" if ev.mode == "ceiling" or kr.target.type == TargetType.STAY_BELOW else "stay_above"
    held = p.holds(current, ev.target_value, kind)
    ev.margin = p.margin(current, ev.target_value, kind)
    ev.met = bool(held) and clock.period_over
    ev.score = p.threshold_score(held)
    ev.status = verdict(ev.met, held is not None, clock.period_over) or p.threshold_status(
        held, period_over=False, forecast_held=p.holds(ev.forecast.point, ev.target_value, kind))


def verdict(met: bool, has_data: bool, period_over: bool) -> str | None:
    """After the period: met or missed (None while it runs, or without data)."""
    if not period_over or not has_data:
        return None
    return Status.MET if met else Status.MISSED


def _forecast(m: Measurements, metric: Any, clock: Clock, shape: float) -> tuple[f.Forecast, str]:
    current, unit = m.current, metric.unit
    if math.isnan(current):
        return f.NO_FORECAST, "none"
    if clock.elapsed >= 1:
        return f.Forecast(current, current, current), "final"
    if metric.matures:
        # The period's leads are still converting: extrapolating the young cohort would read as a collapse.
        return f.NO_FORECAST, "maturing"
    if not math.isnan(shape):
        # Grow the value to date the way the previous period's grew from this point on.
        return f.Forecast(_clamp(current / shape, unit), NAN, NAN), "previous_shape"
    if accumulates(metric):
        fc, method = f.forecast_additive(current, clock.elapsed, m.weekly, remaining_weeks=clock.weeks_left), "run_rate"
    else:
        fc = f.forecast_ratio(m.weekly, current=current, elapsed=clock.elapsed, remaining_weeks=clock.weeks_left)
        method = "trend" if not math.isnan(fc.low) else "current"
    return f.Forecast(*(_clamp(v, unit) for v in fc)), method
