"""Measuring a key result: where the numbers come from, and the current, previous and weekly values.

Four kinds of key result ("mode", ``kr_mode``):
  progress  to_value / relative_change / absolute_change: from the baseline to the target;
            counts and sums compare with the baseline scaled to the elapsed share
  count     reach_count on a count or sum (and stay_above on one): from zero to the target
  ceiling   reach_count on a count that should stay low, stay_below on a count or sum
  threshold stay_below / stay_above on a ratio: held or broken
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from i18n.messages import Message, Text
from metrics.periods import Period, as_date, previous, previous_to_same_point
from metrics.query import MetricQuery, freeze_filters
from okr import progress as p
from okr.model import KeyResult

ACCUMULATING = ("additive", "distinct")  # values that only grow as the period goes on
NAN = math.nan


# ------------------------------------------------------------------ where the numbers come from
@dataclass
class MetricSource:
    """The metric engine functions tracking uses (``compute(ws, MetricQuery)``, ``metric_value(ws, MetricQuery)``
    and friends); tests inject fakes with the same signatures."""

    metric_value: Callable[..., Any]
    compute: Callable[..., pd.DataFrame]
    requirements: Callable[[Any, str], list[str]]
    latest_data_date: Callable[[Any], date | None]
    catalog: Mapping[str, Any]
    unavailable_error: type[Exception] = Exception
    span: Callable[[Any, str], Any] | None = None  # the days the metric's data covers (metrics.data_span)

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
            metrics.data_span,
        )

    def data_span(self, ws: Any, metric_id: str) -> Any:
        return self.span(ws, metric_id) if self.span is not None else None

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
        query = MetricQuery(metric_id, start=start, end=end, as_of=as_of, filters=freeze_filters(filters))
        result = self.metric_value(ws, query)
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
        return self.compute(ws, MetricQuery(metric_id, grain=grain, start=start, end=end, as_of=as_of, by=by,
                                            filters=freeze_filters(filters), fiscal_start=fiscal_start))

    def requirements_in(self, ws: Any, metric_id: str) -> list[Text]:
        """What the workspace lacks for ``metric_id``, in both languages (empty when it can be computed)."""
        try:
            english = list(self.requirements(ws, metric_id, "en") or [])
            chinese = list(self.requirements(ws, metric_id, "zh") or [])
        except TypeError:  # a source without translated requirements
            english = chinese = list(self.requirements(ws, metric_id) or [])
        return [Text(en, zh) for en, zh in zip(english, chinese, strict=False)]

    def unavailable(self, exc: Exception) -> Message:
        """Why the engine could not compute, as a message."""
        text = getattr(exc, "message", None)
        reason = Text(text("en"), text("zh")) if callable(text) else Text(str(exc), str(exc))
        return Message("okr.error.text", {"x": reason})


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




# ------------------------------------------------------------------ measuring
@dataclass
class Measurements:
    current: float
    previous: Period
    previous_value: float
    weekly: list[float]
    error: Message | None = None
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
        value = NAN if p.missing(rec["value"]) else float(rec["value"])
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
        prev_cut = previous_to_same_point(period, as_of)[1]
        if metric is not None and window_sensitive(metric) and prev.start < prev_cut < prev.end:
            previous_to_date = source.value(ws, kr.metric, prev.start, prev.end, filters,
                                            as_of=prev_cut - timedelta(days=1))
        series = _weekly(ws, kr, period, as_of, source) if weekly else []
    except source.unavailable_error as exc:
        return Measurements(NAN, prev, NAN, [], source.unavailable(exc))
    return Measurements(current, prev, previous_value, series, previous_to_date=previous_to_date)
