"""Pure OKR maths: the period-end forecast with an 80% interval, and the run-rate still needed.

No I/O and no pandas: plain numbers in and out.  A missing number is ``float('nan')``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from okr.progress import NAN, _clean, _clip, _f, missing

# Two-sided 80% intervals: the 0.90 quantile of Student's t by degrees of freedom (normal beyond 30).
_T90 = (
    3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
    1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
    1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310,
)
_Z90 = 1.2816


def t80(df: int) -> float:
    """Multiplier for a two-sided 80% interval with ``df`` degrees of freedom."""
    if df < 1:
        return NAN
    return _T90[df - 1] if df <= len(_T90) else _Z90


class Forecast(NamedTuple):
    """The end-of-period value with an ~80% interval (NaN bounds: no interval)."""

    point: float
    low: float
    high: float


NO_FORECAST = Forecast(NAN, NAN, NAN)


def forecast_additive(
    current: float | None,
    elapsed: float | None,
    weekly_values: Sequence[float | None] | None = None,
    *,
    remaining_weeks: float | None = None,
) -> Forecast:
    """Run-rate for counts and sums: current / elapsed share.

    The interval comes from the spread of the weekly amounts so far: the remaining r weeks
    add r draws of a weekly amount whose mean is itself estimated from n weeks, so the
    variance of what is still to come is s^2 (r + r^2 / n).
    """
    current, elapsed = _f(current), _f(elapsed)
    if math.isnan(current) or math.isnan(elapsed):
        return NO_FORECAST
    if elapsed >= 1:
        return Forecast(current, current, current)
    if elapsed <= 0:
        return NO_FORECAST
    point = current / elapsed
    values = _clean(weekly_values)
    n = len(values)
    if remaining_weeks is None and n:
        remaining_weeks = n * (1 - elapsed) / elapsed  # the weeks seen stand for the elapsed share
    if n < 2 or not remaining_weeks or remaining_weeks <= 0:
        return Forecast(point, NAN, NAN)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t80(n - 1) * sd * math.sqrt(remaining_weeks + remaining_weeks**2 / n)
    low = point - half
    if all(v >= 0 for v in values):  # amounts that only accumulate cannot end below today's total
        low = max(low, current)
    return Forecast(point, low, point + half)


def forecast_ratio(
    weekly_values: Sequence[float | None],
    *,
    current: float | None = None,
    elapsed: float | None = None,
    remaining_weeks: float | None = None,
    min_points: int = 3,
) -> Forecast:
    """Ratios and medians: an OLS line through the weekly values of the period so far.

    The line's mean over the remaining weeks is the expected level still to come; blended by
    time with the period-to-date value it gives the whole period's value.  The interval is
    the OLS prediction interval for that mean (line uncertainty plus weekly noise averaged
    over the remaining weeks).  Fewer than ``min_points`` weeks: the current value, no interval.
    """
    values = _clean(weekly_values)
    current = _f(current)
    fallback = current if not math.isnan(current) else (values[-1] if values else NAN)
    if not missing(elapsed) and float(elapsed) >= 1:
        return Forecast(fallback, fallback, fallback)
    if remaining_weeks is not None and remaining_weeks <= 0:
        return Forecast(fallback, fallback, fallback)
    n = len(values)
    if n < max(3, min_points):
        return Forecast(fallback, NAN, NAN)
    if remaining_weeks is None:
        e = _f(elapsed)
        remaining_weeks = n * (1 - e) / e if not math.isnan(e) and e > 0 else 1.0
    xs = range(n)
    x_mean = (n - 1) / 2
    y_mean = sum(values) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    slope = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, values, strict=True)) / sxx
    intercept = y_mean - slope * x_mean
    resid = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, values, strict=True))
    sd = math.sqrt(resid / (n - 2))
    x_future = (n - 0.5) + remaining_weeks / 2  # week i spans [i - 0.5, i + 0.5)
    future_mean = intercept + slope * x_future
    variance = sd**2 * (1 / n + (x_future - x_mean) ** 2 / sxx + 1 / max(remaining_weeks, 1.0))
    half = t80(n - 2) * math.sqrt(variance)
    if not math.isnan(current) and not missing(elapsed):
        share_left = 1 - _clip(float(elapsed))
        point = (1 - share_left) * current + share_left * future_mean
        half *= share_left
    else:
        point = future_mean
    return Forecast(point, point - half, point + half)


# ------------------------------------------------------------------ the interval from the track record
BACKTEST_MIN = 4  # past forecasts needed before their record sets the interval


def calibrated(
    fc: Forecast,
    band: float | None,
    n: int,
    *,
    relative: bool,
    floor: float | None = None,
) -> Forecast:
    """The 80% interval set by how far forecasts at the same point of past periods missed (okr/backtest.py).

    ``band`` is the 80th percentile of their absolute errors (a share of the actual value when ``relative``,
    else in the metric's unit, e.g. rate points): eight in ten past forecasts fell within it, so the interval is
    point x (1 +- band), or point +- band.  It replaces the model's own interval, widening it when the model
    claimed more certainty than its record earned and narrowing it when it did better.  With fewer than
    ``BACKTEST_MIN`` past forecasts the record is too thin and the model's interval stays as it is.  ``floor``:
    the lowest end possible (a count or a sum cannot end below today's total).  Callers leave a final value
    (the period is over) alone.
    """
    if band is None or math.isnan(band) or n < BACKTEST_MIN or missing(fc.point):
        return fc
    half = abs(fc.point) * band if relative else band
    low = fc.point - half
    if floor is not None and not missing(floor):
        low = max(low, min(float(floor), fc.point))
    return Forecast(fc.point, low, fc.point + half)


# ------------------------------------------------------------------ needed run-rate
@dataclass(frozen=True)
class NeededRate:
    """What the rest of the period must deliver to hit the target.

    per_week: an amount per week (counts and sums) -- otherwise the average level the metric
    must hold over the remaining weeks (ratios, medians).  bound: "at_least" or "at_most".
    reachable is False when that amount lies outside what the metric can take (a negative
    count allowance, a rate above 100%).
    """

    value: float
    per_week: bool
    bound: str
    weeks_left: float
    reachable: bool
    already_met: bool = False


def needed_run_rate(
    current: float | None,
    target: float | None,
    *,
    elapsed: float,
    weeks_left: float,
    accumulating: bool,
    direction: int,
    lower: float | None = None,
    upper: float | None = None,
) -> NeededRate | None:
    """The run-rate (per week) or average level needed over the remaining time; None when no
    time is left or a number is missing.  ``lower``/``upper``: the metric's possible range."""
    current, target = _f(current), _f(target)
    if math.isnan(current) or math.isnan(target) or weeks_left <= 0:
        return None
    bound = "at_least" if direction > 0 else "at_most"
    if accumulating:
        value = (target - current) / weeks_left
        already = direction > 0 and current >= target
        if already:
            value = 0.0
        per_week = True
        lower = 0.0 if lower is None else lower
    else:
        share = _clip(_f(elapsed))
        if share >= 1:
            return None
        value = (target - share * current) / (1 - share)
        already = False
        per_week = False
    if bound == "at_least":
        reachable = upper is None or value <= upper
    else:
        reachable = lower is None or value >= lower
    return NeededRate(value, per_week, bound, weeks_left, reachable, already)
