"""Key result views built on tracking: the chart data (this period and the ones before, the pace line,
the threshold, check-ins) and the drill-down by a dimension, worst segment first."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from metrics.periods import Period, as_date, previous, previous_to_same_point
from okr import progress as p
from okr.evaluate import _f, evaluate
from okr.measure import Measurements, MetricSource, as_of_for, buckets, kr_mode, window_sensitive
from okr.model import KeyResult, Objective, resolve_period
from okr.status import CheckIn, KRStatus
from okr.track import track_kr

NAN = math.nan


@dataclass
class KRSeries:
    """Data for the key result chart: the metric per grain over this period and the ones before,
    the pace line from baseline to target, the threshold and the check-ins."""

    status: KRStatus
    grain: str
    points: pd.DataFrame  # which, period_label, bucket, bucket_start, bucket_end, offset_days, value, to_date
    pace: pd.DataFrame  # date, value  (the line a key result on pace follows)
    threshold: float | None
    checkins: list[CheckIn]


def _context(
    ws: Any,
    objective: Objective,
    as_of: date | str | None,
    period_override: Any,
    source: MetricSource | None,
    today: date | None = None,
) -> tuple[Period, date, MetricSource]:
    source = source or MetricSource.default()
    latest = source.latest_data_date(ws)
    given = as_date(as_of) if as_of is not None else None
    period = resolve_period(objective, ws, today=given or latest or today, override=period_override)
    day = given if given is not None else as_of_for(period, latest, today)
    return period, min(day, period.last_day), source


def kr_series(
    ws: Any,
    kr: KeyResult,
    objective: Objective,
    *,
    grain: str = "week",
    periods_back: int = 2,
    as_of: date | str | None = None,
    period_override: str | Period | None = None,
    source: MetricSource | None = None,
) -> KRSeries:
    period, day, source = _context(ws, objective, as_of, period_override, source)
    status = track_kr(
        ws,
        objective,
        kr,
        period=period,
        as_of=day,
        source=source,
        thresholds=p.thresholds_from(ws.get_setting("status_thresholds")),
        smart=False,
    )
    metric = source.catalog.get(kr.metric)
    frames = []
    windows = [period]
    for _ in range(max(0, periods_back)):
        windows.append(previous(windows[-1]))
    sensitive = metric is not None and window_sensitive(metric)
    if metric is not None and not source.requirements_in(ws, kr.metric):
        for i, window in enumerate(windows):
            cut = day if i == 0 else window.last_day
            # The previous period's running values give a window-sensitive metric its pace shape.
            running = i == 0 or (i == 1 and sensitive)
            which = "current" if i == 0 else f"previous_{i}"
            frames.append(_series_frame(ws, kr, metric, window, cut, grain, which, source, running=running))
    points = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_POINT_COLUMNS)
    pace = _pace(status, period)
    if sensitive and status.mode != "threshold":
        pace = _shaped_pace(status, period, points) if not points.empty else pace
    return KRSeries(status, grain, points, pace, _threshold(status), status.checkins)


_POINT_COLUMNS = [
    "which",
    "period_label",
    "bucket",
    "bucket_start",
    "bucket_end",
    "offset_days",
    "value",
    "to_date",
]


def _series_frame(
    ws: Any,
    kr: KeyResult,
    metric: Any,
    window: Period,
    as_of: date,
    grain: str,
    which: str,
    source: MetricSource,
    *,
    running: bool,
) -> pd.DataFrame:
    try:
        frame = buckets(ws, kr, window, as_of, grain, source)
    except source.unavailable:
        return pd.DataFrame(columns=_POINT_COLUMNS)
    if frame.empty:
        return pd.DataFrame(columns=_POINT_COLUMNS)
    values = [_f(v) for v in frame["value"]]
    if metric.aggregation == "additive":
        to_date, total = [], 0.0
        for v in values:  # a bucket the data does not reach has no running total either (never a flat 0)
            total += 0.0 if math.isnan(v) else v
            to_date.append(NAN if math.isnan(v) else total)
    elif running:  # rates, medians and distinct counts: recomputed over the period up to each bucket's end
        to_date = [
            source.value(ws, kr.metric, window.start, window.end, kr.filters, as_of=e - timedelta(days=1))
            for e in frame["end"]
        ]
    else:
        to_date = [NAN] * len(values)
    return pd.DataFrame(
        {
            "which": which,
            "period_label": window.label,
            "bucket": frame["bucket"].tolist(),
            "bucket_start": frame["start"].tolist(),
            "bucket_end": frame["end"].tolist(),
            "offset_days": [(s - window.start).days for s in frame["start"]],
            "value": values,
            "to_date": to_date,
        },
        columns=_POINT_COLUMNS,
    )


def _pace(status: KRStatus, period: Period) -> pd.DataFrame:
    """Straight line from where the key result starts to its target over the period.  Counts and
    sums accumulate from zero, so their line runs from 0 to the target."""
    target = status.target_value
    if status.mode == "threshold":
        start_value = target
    elif status.accumulating:
        start_value = 0.0
    else:
        start_value = status.baseline
    return pd.DataFrame({"date": [period.start, period.last_day], "value": [start_value, target]})


def _shaped_pace(status: KRStatus, period: Period, points: pd.DataFrame) -> pd.DataFrame:
    """For window-sensitive metrics: the previous period's running value, scaled to the target --
    where the metric would stand at each point if it grew as last time and ended on target."""
    before = points[points["which"] == "previous_1"]
    whole = status.previous_value
    if before.empty or p.missing(whole) or whole == 0 or math.isnan(status.target_value):
        return _pace(status, period)
    days = [
        period.start + timedelta(days=(end - start).days - 1 + offset)
        for start, end, offset in zip(
            before["bucket_start"], before["bucket_end"], before["offset_days"], strict=True
        )
    ]
    values = [_f(v) * status.target_value / whole for v in before["to_date"]]
    kept = [(d, v) for d, v in zip(days, values, strict=True) if d < period.end and not math.isnan(v)]
    if not kept:
        return _pace(status, period)
    return pd.DataFrame({"date": [d for d, _ in kept], "value": [v for _, v in kept]})


def _threshold(status: KRStatus) -> float | None:
    return status.target_value if status.mode in ("threshold", "ceiling") else None


# ------------------------------------------------------------------ drill-down
DRILLDOWN_COLUMNS = ["segment", "current", "baseline", "target", "progress", "score", "expected", "status", "margin"]


def kr_drilldown(
    ws: Any,
    kr: KeyResult,
    objective: Objective,
    by: str,
    as_of: date | str | None = None,
    *,
    period_override: str | Period | None = None,
    source: MetricSource | None = None,
) -> pd.DataFrame:
    """The key result per segment of ``by``, worst first.

    Each segment is measured against its own previous period; a relative or absolute change applies
    to that, a value or threshold is the same for every segment, and a count target is shared out
    at the growth the whole key result needs."""
    period, day, source = _context(ws, objective, as_of, period_override, source)
    metric = source.catalog.get(kr.metric)
    if metric is None or source.requirements_in(ws, kr.metric):
        return pd.DataFrame(columns=DRILLDOWN_COLUMNS)
    try:
        now, before, before_to_date = _segment_windows(ws, kr, metric, period, day, by, source)
    except source.unavailable:
        return pd.DataFrame(columns=DRILLDOWN_COLUMNS)
    mode = kr_mode(kr, metric)
    prev = previous(period)
    whole_before = (
        source.value(ws, kr.metric, prev.start, prev.end, kr.filters or None) if mode in ("count", "ceiling") else NAN
    )
    judge = {
        "elapsed": p.elapsed_fraction(period.start, period.end, day),
        "weeks_left": p.remaining_weeks(period.end, day),
        "period_over": day >= period.last_day,
        "thresholds": p.thresholds_from(ws.get_setting("status_thresholds")),
    }
    rows = []
    for segment in sorted(set(now) | set(before), key=lambda s: (s is None, str(s))):
        seg_base = before.get(segment, NAN)
        seg_kr = _segment_kr(kr, mode, seg_base, whole_before)
        seg = Measurements(now.get(segment, NAN), prev, seg_base, [], previous_to_date=before_to_date.get(segment, NAN))
        ev = evaluate(seg_kr, metric, seg, baseline=seg_base if mode == "progress" else None, **judge)
        rows.append({
            "segment": segment, "current": now.get(segment, NAN), "baseline": seg_base, "target": ev.target_value,
            "progress": ev.progress_raw, "score": ev.score, "expected": ev.expected, "status": ev.status,
            "margin": ev.margin,
        })
    return _worst_first(pd.DataFrame(rows, columns=DRILLDOWN_COLUMNS))


def _segment_windows(ws: Any, kr: KeyResult, metric: Any, period: Period, day: date, by: str,
                     source: MetricSource) -> tuple[dict, dict, dict]:
    """Per segment: the period to ``day``, the whole previous period, and the previous period to the same
    point (only for window-sensitive metrics part-way through the period; else the whole one)."""
    prev, same_point = previous_to_same_point(period, day)
    filters = kr.filters or None
    now = _by_segment(ws, kr.metric, period, day, by, filters, source)
    before = _by_segment(ws, kr.metric, prev, prev.last_day, by, filters, source)
    if window_sensitive(metric) and prev.start < same_point < prev.end:
        cut = same_point - timedelta(days=1)  # the last day, inclusive
        return now, before, _by_segment(ws, kr.metric, prev, cut, by, filters, source)
    return now, before, before


def _segment_kr(kr: KeyResult, mode: str, seg_base: float, whole_before: float) -> KeyResult:
    """A count target shared out to a segment at the growth the whole key result needs; others as they are."""
    if mode not in ("count", "ceiling") or kr.target.value is None:
        return kr
    growth = kr.target.value / whole_before if whole_before and not math.isnan(whole_before) else NAN
    return KeyResult(kr.id, kr.title, kr.metric, type(kr.target)(kr.target.type, value=seg_base * growth), kr.filters)


def _worst_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Off track before at risk before on track, then the lowest score and progress."""
    if frame.empty:
        return frame
    rank = frame["status"].map(lambda s: p.STATUS_RANK.get(s, 99))
    order = frame.assign(_rank=rank, _score=frame["score"].fillna(9.0), _progress=frame["progress"].fillna(9.0))
    return (
        order.sort_values(["_rank", "_score", "_progress"])
        .drop(columns=["_rank", "_score", "_progress"])
        .reset_index(drop=True)
    )


def _by_segment(
    ws: Any, metric_id: str, window: Period, as_of: date, by: str, filters: dict | None, source: MetricSource
) -> dict[Any, float]:
    """The metric over the window to ``as_of`` for each segment of ``by``: one value per segment."""
    if as_of < window.start:
        return {}
    # One bucket of the window's own grain is exactly the window; a custom range is not a bucket, so its
    # segments are listed (by year) and the metric asked once per segment (rates cannot be summed).
    frame = source.series(
        ws,
        metric_id,
        grain=window.grain or "year",
        start=window.start,
        end=window.end,
        as_of=as_of,
        by=by,
        filters=filters,
        fiscal_start=window.fiscal_start,
    )
    if window.grain is not None:
        if frame is None or frame.empty:
            return {}
        return {seg: _f(v) for seg, v in zip(frame["segment"], frame["value"], strict=True)}
    out: dict[Any, float] = {}
    for segment in [] if frame is None or frame.empty else frame["segment"].dropna().unique().tolist():
        out[segment] = source.value(
            ws, metric_id, window.start, window.end, {**(filters or {}), by: segment}, as_of=as_of
        )
    return out


__all__ = ["KRSeries", "kr_drilldown", "kr_series"]
