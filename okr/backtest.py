"""How far to trust a forecast: the same forecast made at the same point of past periods, against what happened.

For a key result measured ``d`` days into its period, each of the (up to 8) periods of the same grain before it
that the data covers in full is measured as it stood ``d`` days in (okr/measure.py), forecast with the very rule
tracking uses (okr/evaluate.py: run rate, trend, previous period's shape), and compared with its final value.
The error is relative to the actual value (``(forecast - actual) / |actual|``), except for rates, whose error is
in points (a share of a share would mislead).  The typical error is the median absolute error; the 80th
percentile of the absolute errors sets the forecast interval (``okr.forecast.calibrated``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from metrics.periods import Period, previous
from okr import forecast as f
from okr import progress as p
from okr.evaluate import _clamp, evaluate
from okr.measure import MetricSource, accumulates, measure, window_sensitive
from okr.model import KeyResult
from okr.suggest import quantile

MAX_PERIODS = 8  # past periods tested
NO_FORECAST_METHODS = ("none", "final", "maturing")  # nothing was extrapolated: nothing to test


@dataclass(frozen=True)
class Trial:
    """One past period: its forecast at the same point and what it ended at."""

    period: str
    as_of: date
    forecast: float
    actual: float
    error: float  # signed: relative to the actual value, or in the metric's unit for rates


@dataclass(frozen=True)
class Backtest:
    trials: tuple[Trial, ...]
    relative: bool  # errors are shares of the actual value (else in the metric's unit: rate points)
    grain: str | None

    @property
    def n(self) -> int:
        return len(self.trials)

    @property
    def typical(self) -> float | None:
        """The median absolute error (None without trials)."""
        return quantile([abs(t.error) for t in self.trials], 0.5) if self.trials else None

    @property
    def band(self) -> float | None:
        """Eight in ten past forecasts missed by at most this much."""
        return quantile([abs(t.error) for t in self.trials], 0.8) if self.trials else None

    @property
    def sets_range(self) -> bool:
        """Enough past forecasts for their record to set the interval (okr.forecast.calibrated)."""
        return self.n >= f.BACKTEST_MIN

    @property
    def worst(self) -> float | None:
        return max(abs(t.error) for t in self.trials) if self.trials else None

    def to_dict(self) -> dict:
        return {"n": self.n, "typical": self.typical, "band": self.band, "worst": self.worst,
                "relative": self.relative,
                "trials": [{"period": t.period, "as_of": t.as_of.isoformat(), "forecast": t.forecast,
                            "actual": t.actual, "error": t.error} for t in self.trials]}


def error_of(forecast: float, actual: float, *, relative: bool) -> float | None:
    """How far a forecast missed (None when a relative error has no base)."""
    if not relative:
        return forecast - actual
    return None if actual == 0 else (forecast - actual) / abs(actual)


def same_point(past: Period, period: Period, as_of: date) -> date | None:
    """The day of ``past`` as far into it as ``as_of`` is into ``period`` (None when that is its last day or
    later: a forecast there is the final value)."""
    day = past.start + (as_of - period.start)
    return day if past.start <= day < past.last_day else None


RELATIVE_UNITS = frozenset({"count", "currency", "hours", "days"})


def backtest_kr(ws: Any, kr: KeyResult, period: Period, as_of: date, source: MetricSource | None = None,
                *, method: str | None = None, max_periods: int = MAX_PERIODS) -> Backtest:
    """The key result's forecast at ``as_of``, tried on the past periods of ``period``'s grain.  ``method``: the
    forecast method the key result uses now; a past period where the rule fell back to another one (no previous
    period to take the shape of, too few weeks for a trend) says nothing about it and is left out."""
    source = source or MetricSource.default()
    metric = source.catalog.get(kr.metric)
    # Errors as a share of what happened only on ratio scales (counts, money, durations); a rate or a score
    # that can sit near or below zero (NPS) is off by points: 6 forecast for 2 is 4 points, not 200%.
    relative = metric is None or metric.unit in RELATIVE_UNITS
    trials: list[Trial] = []
    if metric is None or metric.matures or as_of < period.start or as_of >= period.last_day:
        return Backtest((), relative, period.grain)
    span = source.data_span(ws, kr.metric)
    past = period
    for _ in range(max_periods):
        past = previous(past)
        if span is not None and past.start < span.first:
            break  # the data begins inside it (or after): nothing earlier is covered either
        trial = _trial(ws, kr, metric, past, period, as_of, source, relative, method)
        if trial is not None:
            trials.append(trial)
    return Backtest(tuple(trials), relative, period.grain)


def _trial(ws: Any, kr: KeyResult, metric: Any, past: Period, period: Period, as_of: date,
           source: MetricSource, relative: bool, method: str | None) -> Trial | None:
    day = same_point(past, period, as_of)
    if day is None:
        return None
    try:
        # Only a trend (rates, medians) reads the weekly values for its point; a run rate or the previous
        # period's shape does not, and skipping them halves the queries.
        weekly = not accumulates(metric) and not window_sensitive(metric)
        m = measure(ws, kr, past, day, source, weekly=weekly)
        actual = source.value(ws, kr.metric, past.start, past.end, kr.filters or None)
    except source.unavailable_error:
        return None
    if m.error is not None or p.missing(actual):
        return None
    ev = evaluate(kr, metric, m, elapsed=p.elapsed_fraction(past.start, past.end, day),
                  weeks_left=p.remaining_weeks(past.end, day), period_over=False, thresholds=p.DEFAULT_THRESHOLDS)
    if ev.forecast_method in NO_FORECAST_METHODS or p.missing(ev.forecast.point) or \
            method not in (None, ev.forecast_method):
        return None
    error = error_of(ev.forecast.point, float(actual), relative=relative)
    if error is None:
        return None
    return Trial(past.label, day, float(ev.forecast.point), float(actual), error)


def with_backtest(status: Any, bt: Backtest) -> Any:
    """``status`` (a KRStatus) with its forecast interval set by the backtest (okr.forecast.calibrated); the
    status itself when the period is over or nothing was forecast."""
    if status.period_over or status.forecast_method in NO_FORECAST_METHODS:
        return status
    floor = status.current if status.accumulating else None
    fc = f.calibrated(status.forecast, bt.band, bt.n, relative=bt.relative, floor=floor)
    fc = f.Forecast(*(_clamp(v, status.unit) for v in fc))
    return replace(status, evaluation=replace(status.evaluation, forecast=fc))


__all__ = ["Backtest", "Trial", "backtest_kr", "error_of", "same_point", "with_backtest"]
