"""The numbers behind the deck's extra slides (no drawing): drill-downs, KPI tiles, channel cohorts and the
next period's proposed key results.  Everything comes from the metric engine and ``okr.track``, with
the deck's as-of date, so the slides agree with the pages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from charts.numbers import missing
from i18n.messages import Message
from metrics import CATALOG, MetricUnavailable, compute, metric_value, requirements
from metrics.explore import MIN_COUNT_BASE, TINY_SHARE
from metrics.periods import Period, next_period, period_containing, previous, previous_to_same_point
from metrics.query import MetricQuery
from okr.model import KeyResult, Target
from okr.status import KRStatus
from okr.views import kr_drilldown

if TYPE_CHECKING:
    from review.slides_base import DeckContext

# The scorecard KPIs: a fixed list per class; metrics the workspace cannot compute are left out.
KPI_LIST: dict[str, tuple[str, ...]] = {
    "KPI": ("won_revenue", "revenue", "new_customers", "win_rate", "avg_deal_size"),
    "KBI": ("new_leads", "activities", "pipeline_value", "first_response_hours", "cost_per_lead"),
    "KCI": ("active_customers", "csat", "nps", "churn_rate", "repeat_purchase_rate"),
}
SPARK_MONTHS = 12
# Dimensions worth drilling into, most telling first; original (unmapped) columns are not used.
DRILL_ORDER = ("region", "channel", "team", "segment", "product", "owner", "agent", "category", "type",
               "priority")
MAX_SEGMENTS = 12


# ------------------------------------------------------------------------------------------ drill-down
# ------------------------------------------------------------------------------------------ KPI tiles
@dataclass
class KpiTile:
    """One scorecard KPI: the value for the period to date, the previous period to the same point, the
    change, and the monthly values of the last twelve months (the sparkline)."""

    metric: str
    cls: str
    label: str
    unit: str
    better: str
    current: float
    previous: float
    spark: pd.DataFrame  # period, period_start, value
    error: str = ""
    note: Message | None = None  # how much of the period the data covers (metrics.coverage), when not all

    @property
    def change(self) -> float:
        if missing(self.current) or missing(self.previous):
            return math.nan
        return self.current - self.previous

    @property
    def change_pct(self) -> float:
        """The change as a share of the previous value; NaN on a tiny base (the tile then shows the absolute
        change), where a percentage would read +46999% (metrics.explore's rule)."""
        if missing(self.change) or not self.previous:
            return math.nan
        floor = max(MIN_COUNT_BASE if self.unit == "count" else 0.0, TINY_SHARE * abs(self.current))
        return math.nan if abs(self.previous) < floor else self.change / abs(self.previous)

    @property
    def improved(self) -> bool | None:
        if missing(self.change) or self.change == 0:
            return None
        return (self.change > 0) == (self.better == "higher")


def drilldown_for(ctx: DeckContext, ks: KRStatus) -> tuple[str, pd.DataFrame] | None:
    """``(dimension, frame)``: the key result per segment of the first telling dimension (worst first),
    or None when the metric has no dimension with two or more segments."""
    if ks.metric not in CATALOG or ks.error or requirements(ctx.ws, ks.metric):
        return None
    from metrics.dimensions import available_dimensions

    try:
        dims = available_dimensions(ctx.ws, ks.metric)
    except Exception:  # noqa: BLE001 - no drill-down rather than no deck
        return None
    objective = ctx.objective_of(ks)
    for dim in [d for d in DRILL_ORDER if d in dims and d not in (ks.kr.filters or {})][:3]:
        try:
            frame = kr_drilldown(ctx.ws, ks.kr, objective, dim, as_of=ks.as_of, period_override=ks.period)
        except Exception:  # noqa: BLE001
            continue
        frame = frame[frame["segment"].notna()].reset_index(drop=True)
        if 2 <= len(frame) <= MAX_SEGMENTS * 4:
            return dim, frame
    return None


# ------------------------------------------------------------------------------------------ KPI tiles
def _spark(ctx: DeckContext, metric_id: str, accumulates: bool) -> pd.DataFrame:
    """Monthly values over the twelve months up to the as-of date; a month still running is left out for
    counts and sums (half a month would read as a fall)."""
    last = period_containing(ctx.as_of, "month", 1)
    first = last
    for _ in range(SPARK_MONTHS - 1):
        first = previous(first)
    try:
        frame = compute(ctx.ws, MetricQuery(metric_id, grain="month", start=first.start, end=last.end, as_of=ctx.as_of))
    except MetricUnavailable:
        return pd.DataFrame(columns=["period", "period_start", "value"])
    frame = frame[["period", "period_start", "value", "partial"]].copy()
    if accumulates and len(frame) and bool(frame["partial"].iloc[-1]):
        frame = frame.iloc[:-1]
    return frame.drop(columns=["partial"]).reset_index(drop=True)


def kpi_values(ctx: DeckContext, metric_id: str) -> tuple[float, float, Message | None]:
    """The metric over the deck period as of the as-of date (as a key result measures it), over the previous
    period to the same point (metrics.periods.previous_to_same_point, the rule every page uses), and the
    note on how much of the period the data covers."""
    period, as_of = ctx.period, ctx.as_of
    result = metric_value(ctx.ws, MetricQuery(metric_id, start=period.start, end=period.end, as_of=as_of))
    note = result.coverage.note() if result.coverage is not None else None
    if period.to_date(as_of) <= period.start:
        return _f(result.value), math.nan, note
    prev, cut = previous_to_same_point(period, as_of)
    before = metric_value(ctx.ws, MetricQuery(metric_id, start=prev.start, end=cut, as_of=cut - timedelta(days=1)))
    return _f(result.value), _f(before.value), note


def kpi_tiles(ctx: DeckContext) -> tuple[list[KpiTile], list[tuple[str, str]]]:
    """The tiles (fixed list per class, in order) and the skipped metrics with the reason."""
    from okr.measure import accumulates

    tiles, skipped = [], []
    for cls, ids in KPI_LIST.items():
        for metric_id in ids:
            metric = CATALOG.get(metric_id)
            if metric is None:
                continue
            label = metric.label.get(ctx.lang)
            needs = requirements(ctx.ws, metric_id, ctx.lang)
            if needs:
                skipped.append((label, needs[0]))
                continue
            try:
                current, before, note = kpi_values(ctx, metric_id)
                spark = _spark(ctx, metric_id, accumulates(metric))
            except MetricUnavailable as exc:
                skipped.append((label, _message(exc, ctx.lang)))
                continue
            tiles.append(KpiTile(metric_id, cls, label, metric.unit, metric.better, current, before, spark,
                                 note=note))
    return tiles, skipped


def _message(exc: Exception, lang: str) -> str:
    message = getattr(exc, "message", None)
    return message(lang) if callable(message) else str(exc)


def _f(value: Any) -> float:
    return math.nan if missing(value) else float(value)


# ------------------------------------------------------------------------------------------ channels
@dataclass
class ChannelData:
    months: list[str]  # the lead months of the deck period up to the as-of date (labels, 2026-07)
    summary: pd.DataFrame  # channel_summary over those months + conversion, immature flags
    cohorts: pd.DataFrame  # channel_cohorts of the last six months (the heatmap)
    immature: dict[int, bool]  # horizon -> some cohort of the period has not reached it yet


def channel_data(ctx: DeckContext) -> ChannelData | None:
    """Lead cohorts by channel for the months of the deck period up to the as-of date (the table) and for
    the six months up to the as-of date (the heatmap)."""
    from metrics.channels import channel_cohorts, channel_summary

    if requirements(ctx.ws, "new_leads"):
        return None
    end = ctx.period.to_date(ctx.as_of)
    last = period_containing(ctx.as_of, "month", 1)
    start6 = last
    for _ in range(5):
        start6 = previous(start6)
    cohorts = channel_cohorts(ctx.ws, start=min(start6.start, ctx.period.start), end=max(end, last.end),
                              as_of=ctx.as_of)
    if cohorts.empty:
        return None
    in_period = cohorts[(cohorts["month_start"] >= ctx.period.start) & (cohorts["month_start"] < end)]
    if in_period.empty:
        return None
    summary = channel_summary(in_period)
    # Conversion over the period: converted leads / leads, from each month's rate.
    if "conversion" in in_period:
        converted = (in_period["conversion"].fillna(0) * in_period["leads"]).groupby(in_period["channel"]).sum()
        summary["conversion"] = [converted.get(c, math.nan) / n if n else math.nan
                                 for c, n in zip(summary["channel"], summary["leads"], strict=True)]
    immature = {k: not bool(in_period[f"mature_t{k}"].all()) for k in (0, 1, 2, 3) if f"mature_t{k}" in in_period}
    heat = cohorts[cohorts["month_start"] >= start6.start].reset_index(drop=True)
    months = sorted({str(m) for m in in_period["month"]})
    return ChannelData(months, summary, heat, immature)


# ------------------------------------------------------------------------------------------ next period
@dataclass
class Proposal:
    """A key result carried over to the next period: same metric, filters and target rule, with the
    baseline set to this period's result (for a count or sum in a running period: the forecast for the
    period end, marked ``projected``)."""

    status: KRStatus
    baseline: float
    projected: bool
    target_value: float
    next_period: Period

    @property
    def key_result(self) -> KeyResult:
        kr = self.status.kr
        return KeyResult(kr.id, kr.title, kr.metric, Target(kr.target.type, kr.target.value, kr.target.change),
                         dict(kr.filters or {}), None if missing(self.baseline) else round(self.baseline, 6),
                         kr.weight)


def this_period_result(ks: KRStatus) -> tuple[float, bool]:
    """(value, projected): the KR's value for the whole period; a count or sum measured before the
    period's end is projected to the end (its forecast), anything else is the value as of the date."""
    if ks.accumulating and not ks.period_over and not missing(ks.forecast.point):
        return float(ks.forecast.point), True
    return ks.current, False


def carried_over(ks: KRStatus) -> bool:
    """A key result not met is carried over; while the period runs, one on track is expected to be met."""
    if ks.status == "done" or ks.met:
        return False
    return not (ks.status == "on_track" and not ks.period_over)


def proposals(ctx: DeckContext) -> tuple[list[Proposal], list[KRStatus]]:
    """(carried over, not carried over), in scorecard order."""
    carried, kept_out = [], []
    for _, ks in ctx.kr_statuses():
        if not carried_over(ks):
            kept_out.append(ks)
            continue
        base, projected = this_period_result(ks)
        target = ks.kr.target
        if target.type == "reach_count" or target.type in ("to_value", "stay_below", "stay_above"):
            value = _f(target.value)
        else:
            value = _f(target.resolve(None if missing(base) else base))
        carried.append(Proposal(ks, _f(base), projected, value, next_period(ks.period)))
    return carried, kept_out
