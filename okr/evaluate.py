"""Applying the OKR rules to measured numbers (no I/O): baseline, target, progress, pace, status, forecast."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from okr import forecast as f
from okr import progress as p
from okr.measure import Measurements, accumulates, kr_mode, window_sensitive
from okr.model import KeyResult

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


def _baseline(kr: KeyResult, mode: str, m: Measurements, override: float | None) -> tuple[float, str]:
    if mode == "count":
        return 0.0, "zero"
    if override is not None:
        return _f(override), "previous period"
    if kr.baseline is not None:
        return float(kr.baseline), "given"
    return m.previous_value, "previous period"


def _direction(kr: KeyResult, metric: Any, mode: str, base: float, target: float) -> int:
    if mode == "progress" and kr.target.type in ("to_value", "reach_count"):
        # A value to reach is reached by being at least as good as it, even when the baseline was
        # already better (the SMART check flags that target as pointing the wrong way).
        return 1 if metric.better == "higher" else -1
    if mode == "progress":
        return p.target_direction(base, target, metric.better)
    if mode == "threshold":
        return -1 if kr.target.type == "stay_below" else 1
    return 1 if mode == "count" else -1


def evaluate(
    kr: KeyResult,
    metric: Any,
    m: Measurements,
    *,
    elapsed: float,
    weeks_left: float,
    period_over: bool,
    thresholds: dict[str, float],
    baseline: float | None = None,
) -> Evaluation:
    """Apply the OKR rules to measured numbers.  ``baseline`` overrides the key result's own
    (the drill-down passes each segment's previous period)."""
    mode, accumulating, unit = kr_mode(kr, metric), accumulates(metric), metric.unit
    base, origin = _baseline(kr, mode, m, baseline)
    target = _f(kr.target.value if kr.target.type == "reach_count" else kr.target.resolve(base))
    direction = _direction(kr, metric, mode, base, target)
    current, has_data = m.current, not math.isnan(m.current)
    shape = m.shape if window_sensitive(metric) and not period_over else NAN
    like_for_like = not math.isnan(shape)
    steady_ratio = not accumulating and not like_for_like  # a level that does not grow with the window
    forecast, method = _forecast(current, m.weekly, elapsed, weeks_left, accumulating, unit, shape)
    needed = None
    if has_data and (accumulating or steady_ratio):
        lower, upper = _bounds(unit)
        needed = f.needed_run_rate(
            current,
            target,
            elapsed=elapsed,
            weeks_left=weeks_left,
            accumulating=accumulating,
            direction=direction,
            lower=lower,
            upper=upper,
        )
    expected = p.expected_progress(elapsed)
    shape_arg = shape if like_for_like else None
    pace_value = p.on_pace_value(base, target, elapsed, accumulating=accumulating, shape=shape_arg)
    progress, margin = NAN, NAN
    if mode in ("progress", "count"):
        # A ratio measured like for like is only settled at the end; so is a count heading down.
        met = (
            has_data
            and (period_over or not like_for_like or accumulating)
            and p.is_met(current, target, direction, accumulating=accumulating, period_over=period_over)
        )
        scaled = accumulating or like_for_like
        progress = p.progress_raw(
            current, base, target, pro_rata=elapsed if scaled else None, shape=shape_arg
        )
        if has_data and math.isnan(progress) and not math.isnan(target) and target == base:
            # Nothing to move (e.g. a segment at zero complaints asked to halve them): on pace while
            # the value is on the right side of where the target stands by now.
            on_pace = current >= pace_value if direction > 0 else current <= pace_value
            progress = expected if on_pace else 0.0
        # A met target scores 1 even when the baseline already beat it (progress measured from there is <= 0).
        score = 1.0 if met else p.score(progress)
        state = p.status(progress, expected, thresholds, met=met, has_data=has_data)
    else:
        expected = 1.0  # a threshold has to hold all period long, so only a held one is on pace
        pace_value = target
        kind = "stay_below" if mode == "ceiling" or kr.target.type == "stay_below" else "stay_above"
        held = p.holds(current, target, kind)
        margin = p.margin(current, target, kind)
        met = bool(held) and period_over
        score = p.threshold_score(held)
        state = p.threshold_status(
            held, period_over=period_over, forecast_held=p.holds(forecast.point, target, kind)
        )
    return Evaluation(
        mode,
        _f(base),
        origin,
        target,
        direction,
        progress,
        score,
        expected,
        pace_value,
        state,
        met,
        margin,
        forecast,
        method,
        needed,
        like_for_like,
    )


def _f(value: Any) -> float:
    return NAN if p.missing(value) else float(value)


def _forecast(
    current: float,
    weekly: list[float],
    elapsed: float,
    weeks_left: float,
    accumulating: bool,
    unit: str,
    shape: float,
) -> tuple[f.Forecast, str]:
    if math.isnan(current):
        return f.NO_FORECAST, "none"
    if elapsed >= 1:
        return f.Forecast(current, current, current), "final"
    if not math.isnan(shape):
        # Grow the value to date the way the previous period's grew from this point on.
        return f.Forecast(_clamp(current / shape, unit), NAN, NAN), "previous_shape"
    if accumulating:
        fc, method = f.forecast_additive(current, elapsed, weekly, remaining_weeks=weeks_left), "run_rate"
    else:
        fc = f.forecast_ratio(weekly, current=current, elapsed=elapsed, remaining_weeks=weeks_left)
        method = "trend" if not math.isnan(fc.low) else "current"
    return f.Forecast(*(_clamp(v, unit) for v in fc)), method
