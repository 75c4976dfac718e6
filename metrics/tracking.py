"""Ties key results to metric values: current, baseline, progress, pace, status, forecast.

``track`` gives every objective's status for a period and as-of date (``metrics.okr_views`` builds the
key result chart data and the per-segment drill-down on top of it).  The maths lives in
``metrics.progress``; this module only fetches numbers through a :class:`MetricSource` (the
metric engine by default, a fake in tests) and applies the rules.

Four kinds of key result ("mode"):
  progress  to_value / relative_change / absolute_change: from the baseline to the target;
            counts and sums compare with the baseline scaled to the elapsed share
  count     reach_count on a count or sum (and stay_above on one): from zero to the target
  ceiling   reach_count on a count that should stay low, stay_below on a count or sum
  threshold stay_below / stay_above on a ratio: held or broken
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from metrics import progress as p
from metrics.okr import KeyResult, Objective, fiscal_start_of, objective_to_doc, resolve_period, title_in
from metrics.periods import Period, as_date, previous
from metrics.smart import Issue, objective_issues, smart_check
from store.jsonify import json_ready

ACCUMULATING = ("additive", "distinct")  # values that only grow as the period goes on
NAN = math.nan


# ------------------------------------------------------------------ where the numbers come from
@dataclass
class MetricSource:
    """The metric engine functions tracking uses; tests inject fakes with the same signatures."""

    metric_value: Callable[..., Any]
    compute: Callable[..., pd.DataFrame]
    requirements: Callable[[Any, str], list[str]]
    latest_data_date: Callable[[Any], date | None]
    catalog: Mapping[str, Any]
    unavailable: type[Exception] = Exception

    @classmethod
    def default(cls) -> MetricSource:
        import metrics

        return cls(
            metrics.metric_value,
            metrics.compute,
            metrics.requirements,
            metrics.latest_data_date,
            metrics.CATALOG,
            metrics.MetricUnavailable,
        )

    def value(
        self, ws: Any, metric_id: str, start: date, end: date, filters: dict | None, as_of: date | None = None
    ) -> float:
        """The metric over [start, end), to date when ``as_of`` (inclusive) falls inside; NaN without data.

        ``as_of`` defaults to the range's last day: the engine's own default (the latest data)
        would let data after the chosen as-of date leak into earlier windows.
        """
        if end <= start:
            return NAN
        as_of = as_of if as_of is not None else end - timedelta(days=1)
        if as_of < start:
            return NAN
        result = self.metric_value(ws, metric_id, start=start, end=end, filters=filters or None, as_of=as_of)
        value = getattr(result, "value", result)
        return NAN if p.missing(value) else float(value)

    def series(
        self,
        ws: Any,
        metric_id: str,
        *,
        grain: str,
        start: date,
        end: date,
        as_of: date | None = None,
        by: str | None = None,
        filters: dict | None = None,
        fiscal_start: int | None = None,
    ) -> pd.DataFrame:
        """``compute`` with an explicit as-of date (the last day of [start, end) by default)."""
        as_of = as_of if as_of is not None else end - timedelta(days=1)
        return self.compute(
            ws,
            metric_id,
            grain=grain,
            start=start,
            end=end,
            as_of=as_of,
            by=by,
            filters=filters or None,
            fiscal_start=fiscal_start,
        )

    def requirements_in(self, ws: Any, metric_id: str, lang: str = "en") -> list[str]:
        try:
            return list(self.requirements(ws, metric_id, lang) or [])
        except TypeError:  # a source without translated requirements
            return list(self.requirements(ws, metric_id) or [])

    def error_text(self, exc: Exception, lang: str = "en") -> str:
        message = getattr(exc, "message", None)
        return message(lang) if callable(message) else str(exc)


def accumulates(metric: Any) -> bool:
    """Counts and sums (and distinct counts) grow through the period; rates and medians do not."""
    return metric.aggregation in ACCUMULATING and metric.unit != "percent"


def window_sensitive(metric: Any, catalog: Mapping[str, Any] | None = None) -> bool:
    """Figures whose value depends on how long the window is, not only on how things went: distinct
    customers, per-customer amounts and rates (count DISTINCT, a per-customer step) and churn.
    A quarter to date cannot be compared with a whole quarter for these, so they are compared like
    for like with the previous period up to the same point.  (A catalog flag would say this better.)
    """
    if metric.aggregation == "distinct":
        return True
    if metric.aggregation != "ratio":
        return False
    if metric.per or metric.builder == "churn" or any("DISTINCT" in expr.upper() for _, expr in metric.aggs):
        return True
    catalog = catalog if catalog is not None else _catalog()
    return any(part in catalog and window_sensitive(catalog[part], catalog) for _, part in metric.parts)


def _catalog() -> Mapping[str, Any]:
    from metrics.catalog import CATALOG, HELPERS

    return {**HELPERS, **CATALOG}


def kr_mode(kr: KeyResult, metric: Any) -> str:
    kind, accumulating = kr.target.type, accumulates(metric)
    if kind == "reach_count":
        if not accumulating:
            return "progress"  # flagged by the SMART check; read as to_value
        return "count" if metric.better == "higher" else "ceiling"
    if kind in ("stay_below", "stay_above"):
        if accumulating:
            return "ceiling" if kind == "stay_below" else "count"
        return "threshold"
    return "progress"


def as_of_for(period: Period, latest: date | None, today: date | None = None) -> date:
    """The period's last day, or the latest data (else today) when that is earlier."""
    data_end = latest or today or date.today()
    return min(period.last_day, as_date(data_end))


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


# ------------------------------------------------------------------ measuring
@dataclass
class Measurements:
    current: float
    previous: Period
    previous_value: float
    weekly: list[float]
    error: str | None = None
    previous_to_date: float = NAN  # window-sensitive metrics: the previous period up to the same point

    @property
    def shape(self) -> float:
        """How far the previous period's value had got by the same point (to date / whole)."""
        if p.missing(self.previous_to_date) or p.missing(self.previous_value) or self.previous_value == 0:
            return NAN
        ratio = self.previous_to_date / self.previous_value
        return ratio if ratio > 0 else NAN


def buckets(
    ws: Any,
    kr: KeyResult,
    window: Period,
    as_of: date,
    grain: str,
    source: MetricSource,
    *,
    clip: bool = True,
) -> pd.DataFrame:
    """The metric per ``grain`` bucket of ``window`` up to ``as_of``: bucket, start, end, value, full.

    The engine's buckets are whole calendar buckets, so a first week that began before the
    window also holds days before it; that one is measured again over the window's part only.
    ``start``/``end`` are clipped to the window (end exclusive); ``full`` marks whole buckets.
    ``clip=False`` skips that extra query for callers that only use the full buckets.
    """
    cut = window.to_date(as_of)
    columns = ["bucket", "start", "end", "value", "full"]
    if cut <= window.start:
        return pd.DataFrame(columns=columns)
    frame = source.series(
        ws,
        kr.metric,
        grain=grain,
        start=window.start,
        end=cut,
        as_of=as_of,
        filters=kr.filters,
        fiscal_start=window.fiscal_start,
    )
    if frame is None or frame.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for rec in frame.sort_values("period_start").to_dict(orient="records"):
        start, end = (
            as_date(pd.Timestamp(rec["period_start"]).date()),
            as_date(pd.Timestamp(rec["period_end"]).date()),
        )
        value = _f(rec["value"])
        if clip and start < window.start:
            value = source.value(
                ws,
                kr.metric,
                window.start,
                min(end, cut),
                kr.filters,
                as_of=min(end, cut) - timedelta(days=1),
            )
        rows.append(
            {
                "bucket": rec.get("period") or start.isoformat(),
                "start": max(start, window.start),
                "end": min(end, cut),
                "value": value,
                "full": start >= window.start and end <= cut,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _weekly(ws: Any, kr: KeyResult, period: Period, as_of: date, source: MetricSource) -> list[float]:
    """The metric per ISO week of the period so far; partial weeks at either edge are dropped when
    three full weeks remain, because a 2-day week would read as a collapse."""
    frame = buckets(ws, kr, period, as_of, "week", source, clip=False)
    if int(frame["full"].sum()) >= 3:
        return [float(v) for v in frame[frame["full"].astype(bool)]["value"].tolist()]
    frame = buckets(ws, kr, period, as_of, "week", source)  # early in the period: keep the edges, clipped
    return [float(v) for v in frame["value"].tolist()]


def measure(
    ws: Any,
    kr: KeyResult,
    period: Period,
    as_of: date,
    source: MetricSource,
    *,
    weekly: bool = True,
    lang: str = "en",
) -> Measurements:
    """Current value (period to date), the previous period's value (whole, and to the same point
    for window-sensitive metrics) and the weekly series."""
    prev = previous(period)
    filters = kr.filters or None
    metric = source.catalog.get(kr.metric)
    try:
        # The whole period with an as-of date, not a shorter range: metrics that look back one
        # period (churn, retention) must see the real period.
        current = source.value(ws, kr.metric, period.start, period.end, filters, as_of=as_of)
        previous_value = source.value(ws, kr.metric, prev.start, prev.end, filters)
        previous_to_date = previous_value
        days_done = (period.to_date(as_of) - period.start).days
        if metric is not None and window_sensitive(metric) and 0 < days_done < prev.days:
            previous_to_date = source.value(
                ws, kr.metric, prev.start, prev.end, filters, as_of=prev.start + timedelta(days=days_done - 1)
            )
        series = _weekly(ws, kr, period, as_of, source) if weekly else []
    except source.unavailable as exc:
        return Measurements(NAN, prev, NAN, [], source.error_text(exc, lang))
    return Measurements(current, prev, previous_value, series, previous_to_date=previous_to_date)


# ------------------------------------------------------------------ evaluation (no I/O)
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
    forecast: p.Forecast
    forecast_method: str
    needed: p.NeededRate | None
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
        needed = p.needed_run_rate(
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
) -> tuple[p.Forecast, str]:
    if math.isnan(current):
        return p.NO_FORECAST, "none"
    if elapsed >= 1:
        return p.Forecast(current, current, current), "final"
    if not math.isnan(shape):
        # Grow the value to date the way the previous period's grew from this point on.
        return p.Forecast(_clamp(current / shape, unit), NAN, NAN), "previous_shape"
    if accumulating:
        fc, method = p.forecast_additive(current, elapsed, weekly, remaining_weeks=weeks_left), "run_rate"
    else:
        fc = p.forecast_ratio(weekly, current=current, elapsed=elapsed, remaining_weeks=weeks_left)
        method = "trend" if not math.isnan(fc.low) else "current"
    return p.Forecast(*(_clamp(v, unit) for v in fc)), method


# ------------------------------------------------------------------ results
@dataclass
class CheckIn:
    id: int
    date: date
    confidence: int | None
    comment: str
    author: str | None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "confidence": self.confidence,
            "comment": self.comment,
            "author": self.author,
        }


@dataclass
class KRStatus:
    kr: KeyResult
    objective_id: str
    metric: str
    metric_label: str
    unit: str
    better: str
    mode: str
    accumulating: bool  # counts and sums: the current value grows through the period
    period: Period
    as_of: date
    elapsed: float
    period_over: bool
    baseline: float
    baseline_source: str  # "given" | "previous period" | "zero" (reach_count counts from zero)
    previous_value: float  # the metric over the previous period, whatever the baseline
    current: float
    target_value: float
    direction: int
    progress_raw: float
    score: float
    expected: float
    on_pace_value: float  # where the metric would stand today exactly on pace
    like_for_like: bool  # window-sensitive metric compared with the previous period to the same point
    status: str
    met: bool
    margin: float  # threshold and ceiling key results: headroom, negative once broken
    forecast: p.Forecast
    forecast_method: str  # run_rate | trend | current | final | none
    needed_run_rate: p.NeededRate | None
    grade: p.Grade
    warnings: list[Issue] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    error: str | None = None
    lang: str = "en"

    @property
    def title(self) -> str:
        return title_in(self.kr, self.lang)

    @property
    def needed_text(self) -> str:
        return describe_needed(self.needed_run_rate, self.unit, self.lang)

    def display_row(self) -> dict[str, str]:
        """The figures formatted for a table row (CLI, page, slides) in the status's language;
        ``status`` stays a code for the caller to translate."""
        from i18n.fmt import fmt_delta, fmt_percent, fmt_value

        lang, unit = self.lang, self.unit
        forecast = fmt_value(self.forecast.point, unit, lang)
        if not p.missing(self.forecast.low) and self.forecast.low != self.forecast.high:
            low, high = fmt_value(self.forecast.low, unit, lang), fmt_value(self.forecast.high, unit, lang)
            forecast += f" ({low}–{high})"
        return {
            "id": self.kr.id,
            "title": self.title,
            "metric": self.metric_label,
            "baseline": fmt_value(self.baseline, unit, lang),
            "current": fmt_value(self.current, unit, lang),
            "target": fmt_value(self.target_value, unit, lang),
            "progress": fmt_percent(self.progress_raw, lang, decimals=0),
            "expected": fmt_percent(self.expected, lang, decimals=0),
            "on_pace": fmt_value(self.on_pace_value, unit, lang),
            "margin": fmt_delta(self.margin, unit, lang),
            "status": self.status,
            "forecast": forecast,
            "needed": self.needed_text,
            "score": fmt_percent(self.score, lang, decimals=0),
            "warnings": "; ".join(w.message(lang) for w in self.warnings),
            "error": self.error or "",
        }

    def to_dict(self) -> dict:
        need = self.needed_run_rate
        return json_ready(
            {
                "objective": self.objective_id,
                "id": self.kr.id,
                "title": self.title,
                "metric": self.metric,
                "metric_label": self.metric_label,
                "unit": self.unit,
                "better": self.better,
                "mode": self.mode,
                "accumulating": self.accumulating,
                "target_type": self.kr.target.type,
                "filters": self.kr.filters,
                "weight": self.kr.effective_weight,
                "period": _period_dict(self.period),
                "as_of": self.as_of,
                "elapsed": self.elapsed,
                "period_over": self.period_over,
                "baseline": self.baseline,
                "baseline_source": self.baseline_source,
                "previous_value": self.previous_value,
                "current": self.current,
                "target": self.target_value,
                "progress": self.progress_raw,
                "score": self.score,
                "expected": self.expected,
                "on_pace_value": self.on_pace_value,
                "like_for_like": self.like_for_like,
                "status": self.status,
                "met": self.met,
                "margin": self.margin,
                "forecast": {
                    "point": self.forecast.point,
                    "low": self.forecast.low,
                    "high": self.forecast.high,
                    "method": self.forecast_method,
                },
                "needed_run_rate": None
                if need is None
                else {
                    "value": need.value,
                    "per_week": need.per_week,
                    "bound": need.bound,
                    "weeks_left": need.weeks_left,
                    "reachable": need.reachable,
                    "already_met": need.already_met,
                    "meaning": self.needed_text,
                },
                "grade": {"score": self.grade.score, "zone": self.grade.zone},
                "warnings": [w.to_dict(self.lang) for w in self.warnings],
                "checkins": [c.to_dict() for c in self.checkins],
                "error": self.error,
            }
        )


@dataclass
class ObjectiveStatus:
    objective: Objective
    period: Period
    as_of: date
    elapsed: float
    score: float
    expected: float
    status: str
    grade: p.Grade
    krs: list[KRStatus]
    warnings: list[Issue] = field(default_factory=list)
    lang: str = "en"

    @property
    def title(self) -> str:
        return title_in(self.objective, self.lang)

    def to_dict(self) -> dict:
        obj = self.objective
        return json_ready(
            {
                "id": obj.id,
                "title": self.title,
                "owner": obj.owner,
                "team": obj.team,
                "period": _period_dict(self.period),
                "as_of": self.as_of,
                "elapsed": self.elapsed,
                "score": self.score,
                "expected": self.expected,
                "status": self.status,
                "grade": {"score": self.grade.score, "zone": self.grade.zone},
                "warnings": [w.to_dict(self.lang) for w in self.warnings],
                "key_results": [kr.to_dict() for kr in self.krs],
                "definition": objective_to_doc(obj),
            }
        )


def _period_dict(period: Period) -> dict:
    return {"label": period.label, "start": period.start, "end": period.end, "last_day": period.last_day}


def describe_needed(need: p.NeededRate | None, unit: str, lang: str = "en") -> str:
    """'at least 3.1 per week over the remaining 6.6 weeks' / '剩余 6.6 周内每周至少 3.1'."""
    from i18n.fmt import fmt_number, fmt_value

    if need is None:
        return ""
    zh = lang == "zh"
    if need.already_met:
        return "已达成目标" if zh else "target already reached"
    weeks = fmt_number(need.weeks_left, lang, decimals=1)
    amount = (
        fmt_number(need.value, lang, decimals=1)
        if unit in ("count", "number")
        else fmt_value(need.value, unit, lang)
    )
    if need.per_week and need.bound == "at_most" and not need.reachable:
        return "上限已被突破" if zh else "the ceiling is already exceeded"
    if zh:
        bound = "至少" if need.bound == "at_least" else "至多"
        text = (
            f"剩余 {weeks} 周内每周{bound} {amount}"
            if need.per_week
            else f"剩余 {weeks} 周内平均{bound} {amount}"
        )
        return text + ("" if need.reachable else "（超出该指标可能的范围）")
    bound = "at least" if need.bound == "at_least" else "at most"
    text = (
        f"{bound} {amount} per week over the remaining {weeks} weeks"
        if need.per_week
        else f"an average of {bound} {amount} over the remaining {weeks} weeks"
    )
    return text + ("" if need.reachable else " (beyond what the metric can reach)")


# ------------------------------------------------------------------ check-ins
def checkins_for(
    ws: Any, kr: KeyResult, objective: Objective | None, period: Period, frame: pd.DataFrame | None = None
) -> list[CheckIn]:
    """Check-ins on this key result dated inside the period (ids may be reused next quarter)."""
    frame = ws.checkins(kr.id) if frame is None else frame[frame["kr_id"] == kr.id]
    out = []
    for row in frame.to_dict(orient="records"):
        day = as_date(pd.Timestamp(row["checkin_date"]).date())
        owner = row.get("objective_id")
        if objective is not None and isinstance(owner, str) and owner and owner != objective.id:
            continue
        if period.start <= day < period.end:
            confidence = row.get("confidence")
            out.append(
                CheckIn(
                    int(row["id"]),
                    day,
                    None if p.missing(confidence) else int(confidence),
                    row.get("comment") or "",
                    row.get("author") if isinstance(row.get("author"), str) else None,
                )
            )
    return out


# ------------------------------------------------------------------ tracking
def _metric_label(metric: Any, lang: str) -> str:
    return metric.label.get(lang) or metric.label.get("en")


def track_kr(
    ws: Any,
    objective: Objective,
    kr: KeyResult,
    *,
    period: Period,
    as_of: date,
    source: MetricSource,
    thresholds: dict[str, float] | None = None,
    lang: str = "en",
    checkins: pd.DataFrame | None = None,
    smart: bool = True,
) -> KRStatus:
    """One key result's status for ``period`` as of ``as_of`` (inclusive)."""
    thresholds = thresholds or p.DEFAULT_THRESHOLDS
    as_of = min(as_of, period.last_day)
    elapsed = p.elapsed_fraction(period.start, period.end, as_of)
    weeks_left = p.remaining_weeks(period.end, as_of)
    period_over = as_of >= period.last_day
    metric = source.catalog.get(kr.metric)
    notes = checkins_for(ws, kr, objective, period, checkins)
    if metric is None:
        warnings = smart_check(ws, objective, kr, period=period, as_of=as_of, source=source) if smart else []
        return _unmeasured(
            kr,
            objective,
            period,
            as_of,
            elapsed,
            period_over,
            lang,
            notes,
            warnings,
            _say(
                lang,
                f"There is no metric '{kr.metric}'; choose one from `python cli.py metrics --list`.",
                f"没有指标“{kr.metric}”；请从 `python cli.py metrics --list` 中选择。",
            ),
        )
    missing_data = source.requirements_in(ws, kr.metric, lang)
    m = Measurements(NAN, previous(period), NAN, [], missing_data[0] if missing_data else None)
    if not missing_data:
        m = measure(ws, kr, period, as_of, source, lang=lang)
    ev = evaluate(
        kr, metric, m, elapsed=elapsed, weeks_left=weeks_left, period_over=period_over, thresholds=thresholds
    )
    error = m.error or _data_gap(metric, ev, m, period, as_of, lang)
    status = ev.status if error is None or ev.status == "done" else "no_data"
    warnings = []
    if smart:
        warnings = smart_check(
            ws,
            objective,
            kr,
            period=period,
            as_of=as_of,
            baseline=ev.baseline,
            previous_value=m.previous_value,
            current=m.current,
            measured=True,
            source=source,
        )
    return KRStatus(
        kr=kr,
        objective_id=objective.id,
        metric=kr.metric,
        metric_label=_metric_label(metric, lang),
        unit=metric.unit,
        better=metric.better,
        mode=ev.mode,
        accumulating=accumulates(metric),
        period=period,
        as_of=as_of,
        elapsed=elapsed,
        period_over=period_over,
        baseline=ev.baseline,
        baseline_source=ev.baseline_source,
        previous_value=m.previous_value,
        current=m.current,
        target_value=ev.target_value,
        direction=ev.direction,
        progress_raw=ev.progress_raw,
        score=ev.score if status != "no_data" else NAN,
        expected=ev.expected,
        on_pace_value=ev.on_pace_value,
        like_for_like=ev.like_for_like,
        status=status,
        met=ev.met,
        margin=ev.margin,
        forecast=ev.forecast,
        forecast_method=ev.forecast_method,
        needed_run_rate=ev.needed,
        grade=p.grade(ev.score if status != "no_data" else NAN),
        warnings=warnings,
        checkins=notes,
        error=error,
        lang=lang,
    )


def _say(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def _data_gap(
    metric: Any, ev: Evaluation, m: Measurements, period: Period, as_of: date, lang: str
) -> str | None:
    """Why a measurable key result still has no status, as one sentence (None when it has one)."""
    name, day = _metric_label(metric, lang), as_of.isoformat()
    if as_of < period.start:
        return _say(
            lang,
            f"{period.label} has not started by {day}; choose a later as-of date.",
            f"截至 {day}，{period.label} 尚未开始；请选择更晚的截至日期。",
        )
    if math.isnan(m.current):
        return _say(
            lang,
            f"There is no {name} data in {period.label} up to {day}; load recent data.",
            f"{period.label} 截至 {day} 没有“{name}”数据；请导入最新数据。",
        )
    if ev.mode == "progress" and math.isnan(ev.baseline):
        return _say(
            lang,
            f"There is no {name} data in {m.previous.label} to use as the baseline; "
            "give baseline: in okrs.yaml.",
            f"{m.previous.label} 没有“{name}”数据可作基线；请在 okrs.yaml 中填写 baseline。",
        )
    return None


def _unmeasured(
    kr: KeyResult,
    objective: Objective,
    period: Period,
    as_of: date,
    elapsed: float,
    period_over: bool,
    lang: str,
    notes: list[CheckIn],
    warnings: list[Issue],
    error: str,
) -> KRStatus:
    return KRStatus(
        kr=kr,
        objective_id=objective.id,
        metric=kr.metric,
        metric_label=kr.metric,
        unit="number",
        better="higher",
        mode="progress",
        accumulating=False,
        period=period,
        as_of=as_of,
        elapsed=elapsed,
        period_over=period_over,
        baseline=NAN,
        baseline_source="given" if kr.baseline is not None else "previous period",
        previous_value=NAN,
        current=NAN,
        target_value=_f(kr.target.resolve(kr.baseline)),
        direction=1,
        progress_raw=NAN,
        score=NAN,
        expected=p.expected_progress(elapsed),
        on_pace_value=NAN,
        like_for_like=False,
        status="no_data",
        met=False,
        margin=NAN,
        forecast=p.NO_FORECAST,
        forecast_method="none",
        needed_run_rate=None,
        grade=p.grade(NAN),
        warnings=warnings,
        checkins=notes,
        error=error,
        lang=lang,
    )


def track_objective(
    ws: Any,
    objective: Objective,
    *,
    period: Period,
    as_of: date,
    source: MetricSource,
    thresholds: dict[str, float] | None = None,
    lang: str = "en",
    checkins: pd.DataFrame | None = None,
    smart: bool = True,
) -> ObjectiveStatus:
    as_of = min(as_of, period.last_day)
    krs = [
        track_kr(
            ws,
            objective,
            kr,
            period=period,
            as_of=as_of,
            source=source,
            thresholds=thresholds,
            lang=lang,
            checkins=checkins,
            smart=smart,
        )
        for kr in objective.key_results
    ]
    weights = [kr.kr.effective_weight for kr in krs]
    scores = [kr.score for kr in krs]
    overall = p.objective_score(scores, weights)
    elapsed = p.elapsed_fraction(period.start, period.end, as_of)
    # The pace the roll-up compares with: each key result's own (thresholds must hold throughout).
    measured = [(kr.expected, w) for kr, w in zip(krs, weights, strict=True) if kr.status != "no_data"]
    pace = p.objective_score([e for e, _ in measured], [w for _, w in measured]) if measured else elapsed
    return ObjectiveStatus(
        objective=objective,
        period=period,
        as_of=as_of,
        elapsed=elapsed,
        score=overall,
        expected=pace if not math.isnan(pace) else elapsed,
        status=p.objective_status(
            [kr.status for kr in krs], scores, [kr.expected for kr in krs], weights, thresholds
        ),
        grade=p.grade(overall),
        krs=krs,
        warnings=objective_issues(objective) if smart else [],
        lang=lang,
    )


def track(
    ws: Any,
    objectives: list[Objective],
    *,
    as_of: date | str | None = None,
    period_override: str | Period | None = None,
    lang: str = "en",
    source: MetricSource | None = None,
    today: date | None = None,
    smart: bool = True,
) -> list[ObjectiveStatus]:
    """Every objective's status.  ``period_override`` (the CLI's --period) replaces each objective's
    period; ``as_of`` defaults per objective to min(period end, latest data date or today)."""
    source = source or MetricSource.default()
    thresholds = p.thresholds_from(ws.get_setting("status_thresholds"))
    fiscal = fiscal_start_of(ws)
    if isinstance(period_override, str):
        period_override = _parse_override(period_override, fiscal)
    latest = source.latest_data_date(ws)
    given = as_date(as_of) if as_of is not None else None
    checkins = ws.checkins()
    results = []
    for objective in objectives:
        period = resolve_period(
            objective, ws, fiscal_start=fiscal, today=given or latest or today, override=period_override
        )
        day = given if given is not None else as_of_for(period, latest, today)
        results.append(
            track_objective(
                ws,
                objective,
                period=period,
                as_of=day,
                source=source,
                thresholds=thresholds,
                lang=lang,
                checkins=checkins,
                smart=smart,
            )
        )
    return results


def _parse_override(label: str, fiscal: int) -> Period:
    from metrics.okr import OKRFileError
    from metrics.periods import parse_period

    try:
        return parse_period(label, fiscal)
    except ValueError as exc:
        raise OKRFileError(
            f"The period '{label}' cannot be read ({exc}); use a label like 2026-Q3, 2026-07, "
            "2026-W27, 2026 or 2026-07-01..2026-10-01."
        ) from None


__all__ = [
    "ACCUMULATING",
    "CheckIn",
    "Evaluation",
    "KRStatus",
    "Measurements",
    "MetricSource",
    "ObjectiveStatus",
    "accumulates",
    "buckets",
    "checkins_for",
    "as_of_for",
    "describe_needed",
    "evaluate",
    "kr_mode",
    "measure",
    "track",
    "track_kr",
    "track_objective",
]
