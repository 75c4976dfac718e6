"""Targets suggested from history: how far the metric has moved from one period to the next before.

For a metric, a period and filters, every past pair of consecutive periods of the period's grain that the data
covers in full gives one change (the later value minus the earlier one, in the metric's unit).  When the
history holds the same step of the year (2025-Q2 -> 2025-Q3 for a 2026-Q3 target) in two or more earlier years,
only those seasonal steps count: a quarter that always rises or falls is not judged by the others.

The changes, read in the metric's good direction (a fall is good for churn or first-response hours), give
three offers on top of the baseline (the previous period's value):

  likely    the median good change (reached in at least half of the past periods)
  stretch   the 80th percentile
  moonshot  the 95th percentile

each with ``reached`` (k) and ``of`` (n): the past changes at least as good ("reached in k of n past
quarters").  Percentiles interpolate linearly between the sorted changes.  The SMART "achievable" check
(okr/smart.py) reads the same history with the same ``reached`` rule: a target that no past change reached
(k = 0) is the stretch it warns about, so the warning and the offers never disagree.

Pure data out (numbers, period labels and codes); pages and the CLI say it in a language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import pandas as pd

from metrics.periods import Period, previous
from okr import progress as p
from okr.evaluate import _clamp
from okr.measure import MetricSource

MIN_CHANGES = 2  # fewer past changes say nothing about what is usual
SEASONAL_GRAINS = ("quarter",)  # the issue asks for the same quarter of earlier years; 2 same-month steps
# against 24 monthly ones would throw most of the history away
LOOKBACK_PERIODS = 12  # without a known data span: how far back the history is read, in periods
CUSTOM_WINDOWS = 8  # a custom range: the windows of the same length before it (one query each)
_TOLERANCE = 1e-9
STEP = {"percent": 0.001, "count": 1.0, "currency": 1.0, "hours": 0.1, "days": 0.1, "score": 0.1}  # else 0.01


class Offer(StrEnum):
    LIKELY = "likely"
    STRETCH = "stretch"
    MOONSHOT = "moonshot"


QUANTILE = {Offer.LIKELY: 0.5, Offer.STRETCH: 0.8, Offer.MOONSHOT: 0.95}


class Basis(StrEnum):
    """Which past changes count: every consecutive pair, or the same step of earlier years."""

    ALL_PAIRS = "all_pairs"
    SAME_SEASON = "same_season"


@dataclass(frozen=True)
class Step:
    """One past change: the metric in period ``start`` (a label), then in ``end``; ``change`` = end - start."""

    start: str
    end: str
    change: float

    def to_dict(self) -> dict:
        return {"from": self.start, "to": self.end, "change": self.change}


@dataclass(frozen=True)
class ChangeHistory:
    steps: tuple[Step, ...]
    better: int  # +1: higher is better, -1: lower is better
    basis: Basis = Basis.ALL_PAIRS
    grain: str | None = None

    @property
    def n(self) -> int:
        return len(self.steps)

    @property
    def good_changes(self) -> list[float]:
        """Each change in the good direction (positive = an improvement)."""
        return [s.change * self.better for s in self.steps]

    @property
    def enough(self) -> bool:
        return self.n >= MIN_CHANGES


@dataclass(frozen=True)
class TargetOffer:
    kind: Offer
    target: float
    change: float  # target - baseline, in the metric's unit
    reached: int  # past changes at least this good
    of: int

    def to_dict(self) -> dict:
        return {"target": self.target, "reached": self.reached, "of": self.of}


@dataclass(frozen=True)
class Suggestion:
    metric: str
    period: Period
    baseline: float | None
    offers: dict[Offer, TargetOffer]  # empty: too little history or no baseline
    history: ChangeHistory

    def to_dict(self) -> dict:
        """The JSON of ``cli.py suggest``."""
        offers = {kind.value: (self.offers[kind].to_dict() if kind in self.offers else None) for kind in Offer}
        return {"metric": self.metric, "period": self.period.label, "baseline": self.baseline, **offers,
                "history": [s.to_dict() for s in self.history.steps]}


# ------------------------------------------------------------------ pure rules
def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile with linear interpolation between the sorted values (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def reached(good_change: float, good_changes: Sequence[float]) -> int:
    """How many past changes were at least ``good_change`` (both read in the good direction)."""
    slack = _TOLERANCE * max(1.0, abs(good_change))
    return sum(1 for c in good_changes if c >= good_change - slack)


def best_change(history: ChangeHistory) -> float | None:
    """The best past change in the good direction (None with too little history)."""
    return max(history.good_changes) if history.enough else None


def offers_from(baseline: float | None, history: ChangeHistory, unit: str = "number") -> dict[Offer, TargetOffer]:
    """The three offers on top of ``baseline`` (none without a baseline or with too little history)."""
    if p.missing(baseline) or not history.enough:
        return {}
    good = history.good_changes
    out = {}
    for kind, q in QUANTILE.items():
        exact = _clamp(float(baseline) + history.better * quantile(good, q), unit)
        target = round_modestly(exact, history.better, unit)
        change = target - float(baseline)
        out[kind] = TargetOffer(kind, target, change, reached(change * history.better, good), history.n)
    return out


def round_modestly(value: float, better: int, unit: str) -> float:
    """``value`` at the precision a target is written in (whole deals and amounts, 0.1 points, 0.1 hours), rounded
    the less ambitious way (down where higher is better), so a rounded offer never asks for more than the history
    it stands for."""
    step = STEP.get(unit, 0.01)
    units = round(value / step, 9)  # 0.885 / 0.001 is 884.99999...: not one step less
    return round((math.floor(units) if better > 0 else math.ceil(units)) * step, 10)


def history_from_frame(frame: pd.DataFrame, period: Period, better: int) -> ChangeHistory:
    """The changes between consecutive fully covered periods of ``frame`` (one engine series, one row per
    period), seasonal when two or more earlier years hold ``period``'s step of the year."""
    pairs = _pairs(_full_periods(frame))
    steps = [Step(a["period"], b["period"], b["value"] - a["value"]) for a, b in pairs]
    if period.grain in SEASONAL_GRAINS:
        same = [s for s, (_, b) in zip(steps, pairs, strict=True) if b["start"].month == period.start.month]
        if len(same) >= MIN_CHANGES:
            return ChangeHistory(tuple(same), better, Basis.SAME_SEASON, period.grain)
    return ChangeHistory(tuple(steps), better, Basis.ALL_PAIRS, period.grain)


def _pairs(rows: list[dict]) -> list[tuple[dict, dict]]:
    """Consecutive periods only: a gap (a partly covered period left out) breaks the chain."""
    return [(a, b) for a, b in zip(rows, rows[1:], strict=False) if a["end"] == b["start"]]


def _full_periods(frame: pd.DataFrame) -> list[dict]:
    """The rows with a value over a whole period the data covers in full, oldest first.  A series without
    coverage columns (a test double) counts every row with a value."""
    if frame is None or frame.empty:
        return []
    out = []
    for rec in frame.sort_values("period_start").to_dict(orient="records"):
        if p.missing(rec.get("value")):
            continue
        start, end = pd.Timestamp(rec["period_start"]).date(), pd.Timestamp(rec["period_end"]).date()
        if "covered_days" in rec and int(rec["covered_days"]) < (end - start).days:
            continue  # partly covered: a change into or out of it would measure missing days
        if rec.get("partial") is True:
            continue
        out.append({"period": str(rec["period"]), "start": start, "end": end, "value": float(rec["value"])})
    first = next((i for i, row in enumerate(out) if row["value"] != 0), len(out))
    return out[first:]  # zeros before the metric's first value: it had not begun (deals open, none closed yet)


# ------------------------------------------------------------------ from the engine
def change_history(ws: Any, metric_id: str, period: Period, filters: dict | None = None,
                   source: MetricSource | None = None) -> ChangeHistory:
    """The past changes before ``period`` (same grain; for a custom range, windows of its length)."""
    source = source or MetricSource.default()
    metric = source.catalog.get(metric_id)
    better = -1 if metric is not None and metric.better == "lower" else 1
    try:
        if period.grain is None:
            return _custom_history(ws, metric_id, period, filters, source, better)
        frame = source.series(ws, metric_id, grain=period.grain, start=_history_start(ws, metric_id, period, source),
                              end=period.start, filters=filters or None, fiscal_start=period.fiscal_start)
    except source.unavailable_error:
        return ChangeHistory((), better, Basis.ALL_PAIRS, period.grain)
    return history_from_frame(frame, period, better)


def _history_start(ws: Any, metric_id: str, period: Period, source: MetricSource) -> date:
    span = source.data_span(ws, metric_id)
    if span is not None and span.first < period.start:
        return span.first
    return period.start - timedelta(days=period.days * LOOKBACK_PERIODS)


def _custom_history(ws: Any, metric_id: str, period: Period, filters: dict | None, source: MetricSource,
                    better: int) -> ChangeHistory:
    """Windows of the range's length before it (one query each: no series covers a custom range)."""
    windows, current = [], period
    for _ in range(CUSTOM_WINDOWS):
        current = previous(current)
        windows.append(current)
    windows.reverse()
    values = [source.value(ws, metric_id, w.start, w.end, filters or None) for w in windows]
    kept = [(w, float(v)) for w, v in list(zip(windows, values, strict=True))[first_kept(values):]
            if not p.missing(v)]
    steps = [Step(a.label, b.label, vb - va) for (a, va), (b, vb) in zip(kept, kept[1:], strict=False)]
    return ChangeHistory(tuple(steps), better, Basis.ALL_PAIRS, None)


def first_kept(values: Sequence[float | None]) -> int:
    """Where a history of values without coverage figures starts: after the leading empty windows and the
    first one with data, which is usually partial (the data starts inside it) and would pose as a huge
    change; at 0 when the very first window has data (the data began before it)."""
    first = next((i for i, v in enumerate(values) if not p.missing(v) and v != 0), None)
    if first is None:
        return len(values)
    return first + 1 if first > 0 else 0


def suggest(ws: Any, metric_id: str, period: Period, filters: dict | None = None, *,
            baseline: float | None = None, source: MetricSource | None = None) -> Suggestion:
    """The three offers for ``metric_id`` over ``period``; ``baseline`` defaults to the previous period's value
    (the key result's own default baseline)."""
    source = source or MetricSource.default()
    history = change_history(ws, metric_id, period, filters, source)
    if baseline is None:
        prev = previous(period)
        try:
            baseline = source.value(ws, metric_id, prev.start, prev.end, filters or None)
        except source.unavailable_error:
            baseline = None
        baseline = None if p.missing(baseline) else float(baseline)
    metric = source.catalog.get(metric_id)
    unit = str(metric.unit) if metric is not None else "number"
    return Suggestion(metric_id, period, baseline, offers_from(baseline, history, unit), history)


__all__ = ["Basis", "ChangeHistory", "Offer", "Step", "Suggestion", "TargetOffer", "best_change", "round_modestly",
           "change_history", "first_kept", "history_from_frame", "offers_from", "quantile", "reached", "suggest"]
