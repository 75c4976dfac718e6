"""Why a metric moved: its change between two periods split by one dimension.

Counts and sums (and snapshots) split into each segment's change; those add up to the total.  Ratios and
averages (win rate, conversion, CSAT, average spend ...) split by the standard shift-share: with ``s`` a
segment's share of the denominator (deals closed, ratings, customers) and ``r`` its rate,

    R1 - R0 = sum_i (s1_i r1_i - s0_i r0_i)
            = sum_i  s̄_i (r1_i - r0_i)      rate effect: the segment did better or worse
            + sum_i (r̄_i - R̄)(s1_i - s0_i)  mix effect: the segment weighs more or less

with ``s̄, r̄, R̄`` the means of the two periods (the midpoint split, so no interaction term is left over;
``R̄`` may be subtracted because the shares' changes sum to 0, and it makes a segment's mix read "more weight
on a segment better than the average").  A new segment has no rate before: its whole contribution
``(r1 - R̄) s1`` is mix; a disappeared one likewise ``(R̄ - r0) s0``.

The segments are the engine's (``metrics.engine.metric_split``, the catalog's own SQL): the numerator and
denominator come from the metric's secondary figures.  Whatever the segments cannot carry -- a customer
counted under two channels (distinct counts, per-customer ratios), a median (not a sum of segments) -- is one
explicit ``rest`` part, so the parts always add up to the total change.  A period the data does not reach has
no value (metrics/coverage.py): then there is no change and no parts, and a message says why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import pandas as pd

from i18n.messages import Message
from metrics.catalog import Aggregation, Metric, MetricUnavailable, get_metric
from metrics.dimensions import SPLIT_FIELDS, available_dimensions
from metrics.engine import metric_split, metric_value
from metrics.facts import Facts, default_as_of
from metrics.periods import Period, previous_to_same_point
from metrics.query import MetricQuery, freeze_filters
from store.jsonify import number_or_none as _num
from store.protocol import WorkspaceLike

# Outcomes, not drivers: splitting win rate by deal status only says that won deals were won.
NOT_DRIVERS = frozenset({"status", "stage"})
# Original columns named like an outcome (成交状态, Lead Stage) or like free text (意见与建议, Comments): a survey's
# canned answers or a customer's later deal status pass as "few short values" but explain nothing.
NOT_DRIVER_WORDS = ("status", "stage", "状态", "阶段", "comment", "feedback", "remark", "note", "reason",
                    "意见", "建议", "评论", "反馈", "备注", "原因", "说明")
MAX_CANDIDATES = 5  # dimensions tried when none is chosen (the first five real ones)
REST_TOLERANCE = 1e-9  # relative: a rest below this is rounding, not a part
_DENOMINATOR = re.compile(r"nullif\((.+?), 0\)")


class Method(StrEnum):
    """How the change splits: segment changes (counts, sums) or shift-share (ratios, averages)."""

    ADDITIVE = "additive"
    SHIFT_SHARE = "shift_share"


class PartKind(StrEnum):
    SEGMENT = "segment"  # in both periods
    NEW = "new"  # only in the current period
    GONE = "gone"  # only in the previous period
    REST = "rest"  # what single segments cannot carry (overlaps, medians): segment is None


class Note(StrEnum):
    """Message codes (translation keys) an explanation carries."""

    NO_CURRENT = "explain.no_current"
    NO_PREVIOUS = "explain.no_previous"
    NO_ROWS = "explain.no_rows"
    NO_DIMENSION = "explain.no_dimension"
    NOT_SPLIT = "explain.not_split"
    REST = "explain.rest_note"


@dataclass(frozen=True)
class Part:
    """One segment's share of the change (``segment`` "" is rows without a value for the dimension)."""

    segment: str | None
    change: float
    rate_effect: float | None = None  # shift-share only
    mix_effect: float | None = None
    kind: PartKind = PartKind.SEGMENT
    current: float | None = None  # the segment's own value in each period
    previous: float | None = None

    @property
    def effect(self) -> float:
        """What the part did, the one rule every sentence, chart and slide reads: a ratio segment's own rate
        change (its rate effect), else its whole change (counts and sums, new and gone segments, the rest)."""
        if self.kind is PartKind.SEGMENT and self.rate_effect is not None:
            return self.rate_effect
        return self.change

    def to_dict(self) -> dict[str, Any]:
        return {"segment": self.segment, "change": self.change, "rate_effect": self.rate_effect,
                "mix_effect": self.mix_effect}


@dataclass(frozen=True)
class Explanation:
    metric: str
    period: Period
    against: Period
    by: str | None
    current: float | None
    previous: float | None
    total_change: float | None
    parts: tuple[Part, ...]
    method: Method
    unit: str
    period_end: date  # exclusive ends of the two windows compared (to date when the period runs)
    against_end: date
    messages: tuple[Message, ...] = ()
    better: str = "higher"  # the metric's better direction: a segment's rate effect reads better or worse
    scores: dict[str, float] = field(default_factory=dict, compare=False)  # dimension -> how much it explains

    @property
    def mix_effect(self) -> float | None:
        if self.method is not Method.SHIFT_SHARE:
            return None
        return sum(p.mix_effect or 0.0 for p in self.parts)

    def drivers(self, n: int = 3) -> list[Part]:
        """The ``n`` segments that moved the metric most (by rate effect for ratios; the rest part excluded);
        all of them when only one more would be left ("1 other" says less than its name)."""
        named = sorted((p for p in self.parts if p.kind is not PartKind.REST), key=lambda p: -abs(p.effect))
        return named if len(named) <= n + 1 else named[:n]

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON: rate and mix effects null for counts and sums."""
        return {"metric": self.metric, "period": self.period.label, "against": self.against.label, "by": self.by,
                "current": self.current, "previous": self.previous, "total_change": self.total_change,
                "parts": [p.to_dict() for p in self.parts]}


# --------------------------------------------------------------------------- the maths (pure)
def split_additive(previous: Mapping[str, float | None], current: Mapping[str, float | None],
                   total_previous: float, total_current: float) -> list[Part]:
    """Each segment's change; segments missing in a period count 0 there (new / gone)."""
    parts = []
    for seg in _segments(previous, current):
        before, now = _num(previous.get(seg)), _num(current.get(seg))
        if before is None and now is None:
            continue
        kind = PartKind.NEW if before is None else PartKind.GONE if now is None else PartKind.SEGMENT
        parts.append(Part(seg, (now or 0.0) - (before or 0.0), kind=kind, current=now, previous=before))
    return _with_rest(parts, total_current - total_previous)


def split_shift_share(previous: Mapping[str, tuple[float | None, float]],
                      current: Mapping[str, tuple[float | None, float]],
                      total_previous: float, total_current: float) -> list[Part]:
    """Shift-share over {segment: (rate, weight)} of both periods (module docstring); weights are the
    denominators, a segment with weight 0 or no rate is absent from that period."""
    s0, r0 = _shares(previous)
    s1, r1 = _shares(current)
    mean_total = (total_previous + total_current) / 2
    parts = []
    for seg in _segments(previous, current):
        if seg in s0 and seg in s1:
            rate = (s0[seg] + s1[seg]) / 2 * (r1[seg] - r0[seg])
            mix = ((r0[seg] + r1[seg]) / 2 - mean_total) * (s1[seg] - s0[seg])
            parts.append(Part(seg, rate + mix, rate, mix, PartKind.SEGMENT, r1[seg], r0[seg]))
        elif seg in s1:
            mix = (r1[seg] - mean_total) * s1[seg]
            parts.append(Part(seg, mix, 0.0, mix, PartKind.NEW, r1[seg], None))
        elif seg in s0:
            mix = (mean_total - r0[seg]) * s0[seg]
            parts.append(Part(seg, mix, 0.0, mix, PartKind.GONE, None, r0[seg]))
    return _with_rest(parts, total_current - total_previous, rates=True)


def _shares(values: Mapping[str, tuple[float | None, float]]) -> tuple[dict[str, float], dict[str, float]]:
    kept = {seg: (_num(r), _num(w) or 0.0) for seg, (r, w) in values.items()}
    kept = {seg: (r, w) for seg, (r, w) in kept.items() if r is not None and w > 0}
    total = sum(w for _, w in kept.values())
    if total <= 0:
        return {}, {}
    return {seg: w / total for seg, (_, w) in kept.items()}, {seg: r for seg, (r, _) in kept.items()}


def _with_rest(parts: list[Part], total_change: float, *, rates: bool = False) -> list[Part]:
    """The parts, and the rest that makes them add up exactly to the total change when it is not rounding."""
    rest = total_change - math.fsum(p.change for p in parts)
    scale = max(1.0, abs(total_change), *(abs(p.change) for p in parts))
    if abs(rest) > REST_TOLERANCE * scale:
        parts.append(Part(None, rest, 0.0 if rates else None, rest if rates else None, PartKind.REST))
    return parts


def _segments(*maps: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(seg for m in maps for seg in m))


# --------------------------------------------------------------------------- the catalog's declarations
def method_of(metric: Metric) -> Method:
    if metric.aggregation in (Aggregation.RATIO, Aggregation.MEDIAN):
        return Method.SHIFT_SHARE
    return Method.ADDITIVE


def weight_columns(metric: Metric) -> tuple[str, ...]:
    """The secondary figures whose sum is the ratio's denominator, read off the declaration (win rate:
    ``ratio("won", "won + lost")`` -> won, lost); for an average or a median, the count it is taken over
    (its last zero-filled figure).  Empty when the metric is not a ratio of sums (clv)."""
    by_expression = {expr: col for col, expr in metric.secondary}
    found = _DENOMINATOR.search(metric.value)
    if found:
        terms = [term.strip() for term in found.group(1).split("+")]
        if all(term in by_expression for term in terms):
            return tuple(by_expression[term] for term in terms)
    return tuple(metric.zero_fill[-1:])


# --------------------------------------------------------------------------- on a workspace
@dataclass(frozen=True)
class _Windows:
    period: Period
    period_end: date
    against: Period
    against_end: date

    def query(self, metric: str, filters: Any, *, previous: bool, by: str | None = None) -> MetricQuery:
        start, end = (self.against.start, self.against_end) if previous else (self.period.start, self.period_end)
        return MetricQuery(metric, start=start, end=end, as_of=end - timedelta(days=1), by=by, filters=filters)


def windows(period: Period, as_of: date | None, against: Period | None = None) -> _Windows:
    """The period to date, and what it is compared with: ``against`` as a whole, by default the previous
    period to the same point (metrics.periods.previous_to_same_point, the rule every page uses)."""
    end = period.to_date(as_of)
    if end <= period.start:
        end = period.end
    if against is None:
        against, against_end = previous_to_same_point(period, as_of)
    else:
        against_end = against.end
    return _Windows(period, end, against, max(against_end, against.start + timedelta(days=1)))


def explain(ws: WorkspaceLike, metric_id: str, period: Period, *, as_of: date | None = None,
            against: Period | None = None, by: str | None = None,
            filters: Mapping[str, Any] | None = None, tries: int = MAX_CANDIDATES) -> Explanation:
    """The change of ``metric_id`` from ``against`` (default: the previous period to the same point) to
    ``period`` (to ``as_of``), split by ``by`` or by the one of the first ``tries`` dimensions that explains
    most.  Raises MetricUnavailable (one sentence) for an unknown metric or dimension, or missing data.
    Remembered on the workspace until its data changes (a page rerun asks again)."""
    key = ("explain", metric_id, period, as_of, against, by, freeze_filters(filters), tries)
    facts = Facts(ws)  # the workspace's fingerprint read once for the whole explanation
    return facts.remember(key, lambda: _explain(ws, facts, metric_id, period, as_of, against, by, filters, tries))


def _explain(ws: WorkspaceLike, facts: Facts, metric_id: str, period: Period, as_of: date | None,
             against: Period | None, by: str | None, filters: Mapping[str, Any] | None, tries: int) -> Explanation:
    metric = get_metric(metric_id)
    # Without an as-of the period runs to the data's last day, as on every page: a running quarter read to its
    # end would set 47 days of data against a whole quarter and call the missing days a fall.
    # (clamped to the period: data without any date has no end, and an as-of after the period means all of it)
    win = windows(period, min(as_of or default_as_of(ws), period.last_day), against)
    filters = dict(filters or {})
    current = metric_value(ws, win.query(metric_id, filters, previous=False))
    previous = metric_value(ws, win.query(metric_id, filters, previous=True))
    base = dict(metric=metric_id, period=win.period, against=win.against, current=current.value,
                previous=previous.value, method=method_of(metric), unit=str(metric.unit), better=str(metric.better),
                period_end=win.period_end, against_end=win.against_end)
    missing = _missing_notes(current, previous, win)
    if missing:
        return Explanation(by=by, total_change=None, parts=(), messages=tuple(missing), **base)
    total = current.value - previous.value
    if method_of(metric) is Method.SHIFT_SHARE and not weight_columns(metric):
        parts = tuple(_with_rest([], total, rates=True))
        return Explanation(by=by, total_change=total, parts=parts, messages=(Message(Note.NOT_SPLIT, {}),), **base)
    candidates = [by] if by else candidate_dimensions(ws, metric_id, filters, tries)
    tried = {dim: split_by(ws, metric, win, filters, dim, previous.value, current.value, facts=facts)
             for dim in candidates}
    scores = {dim: explained(parts) for dim, parts in tried.items()}
    # max keeps the first of equals: the earlier dimension
    best = max(candidates, key=lambda d: scores[d]) if candidates else None
    if best is None or (not by and scores[best] == -math.inf):
        parts = tuple(_with_rest([], total, rates=method_of(metric) is Method.SHIFT_SHARE))
        return Explanation(by=None, total_change=total, parts=parts, messages=(Message(Note.NO_DIMENSION, {}),),
                           scores=scores, **base)
    parts = tuple(tried[best])
    notes = [Message(Note.REST, {"dim": best})] if any(p.kind is PartKind.REST for p in parts) else []
    return Explanation(by=best, total_change=total, parts=parts, messages=tuple(notes), scores=scores, **base)


def _missing_notes(current: Any, previous: Any, win: _Windows) -> list[Message]:
    """A period without data has no value (never 0): no change, and why."""
    notes = []
    for result, key, period in ((current, Note.NO_CURRENT, win.period), (previous, Note.NO_PREVIOUS, win.against)):
        if result.value is None:
            # the data does not reach the period (coverage says how), or it does and no record falls in it
            cover = result.coverage
            reason = cover.note() if cover is not None and cover.none else Message(Note.NO_ROWS, {})
            notes.append(Message(key, {"period": period.label, "reason": reason}))
    return notes


def candidate_dimensions(ws: WorkspaceLike, metric_id: str, filters: Mapping[str, Any] | None = None,
                         limit: int = MAX_CANDIDATES) -> list[str]:
    """The real dimensions worth trying (metrics/dimensions.py), without outcomes and filtered ones."""
    dims = available_dimensions(ws, metric_id)
    return [d for d in dims if d not in NOT_DRIVERS and d not in (filters or {}) and not _outcome_or_text(d)][:limit]


def _outcome_or_text(dim: str) -> bool:
    """An original column (a header, not a canonical field) named like an outcome or free text."""
    if dim in SPLIT_FIELDS:  # a mapped field (owner, region, channel ...): status and stage are NOT_DRIVERS
        return False
    name = dim.casefold()
    return any(word in name for word in NOT_DRIVER_WORDS)


def explained(parts: Sequence[Part]) -> float:
    """How much a split explains: its biggest single driver, less what it leaves unattributed."""
    named = [abs(p.effect) for p in parts if p.kind is not PartKind.REST]
    if len(named) < 2:  # one segment (every row blank for this dimension) explains nothing
        return -math.inf
    rest = sum(abs(p.change) for p in parts if p.kind is PartKind.REST)
    return max(named) - rest


def split_by(ws: WorkspaceLike, metric: Metric, win: _Windows, filters: Mapping[str, Any], dim: str,
             total_previous: float, total_current: float, *, facts: Facts | None = None) -> list[Part]:
    """The parts of one dimension, from the engine's per-segment values of both windows."""
    facts = facts or Facts(ws)
    frames = [metric_split(ws, win.query(metric.id, filters, previous=p, by=dim), facts=facts) for p in (True, False)]
    if method_of(metric) is Method.ADDITIVE:
        before, now = (_values(f) for f in frames)
        return split_additive(before, now, total_previous, total_current)
    weights = weight_columns(metric)
    before, now = (_rates(f, weights) for f in frames)
    return split_shift_share(before, now, total_previous, total_current)


def _segment_names(frame: pd.DataFrame) -> list[str]:
    return ["" if s is None or (isinstance(s, float) and math.isnan(s)) else str(s) for s in frame["segment"]]


def _values(frame: pd.DataFrame) -> dict[str, float | None]:
    return dict(zip(_segment_names(frame), (_num(v) for v in frame["value"]), strict=True))


def _rates(frame: pd.DataFrame, weights: Iterable[str]) -> dict[str, tuple[float | None, float]]:
    weight = sum((pd.to_numeric(frame[c], errors="coerce").fillna(0.0) for c in weights),
                 start=pd.Series(0.0, index=frame.index))
    return {seg: (_num(v), float(w))
            for seg, v, w in zip(_segment_names(frame), frame["value"], weight, strict=True)}


__all__ = ["Explanation", "Method", "MetricUnavailable", "Note", "Part", "PartKind", "candidate_dimensions",
           "explain", "explained", "method_of", "split_additive", "split_shift_share", "weight_columns", "windows"]
