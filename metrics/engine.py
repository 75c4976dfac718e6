"""Run catalog metrics on a workspace: the one seam between the catalog and everything above it.

Every question is a ``MetricQuery``.  ``compute_many`` answers several at once (queries of one shape run as
one statement that shares the work they have in common); ``compute`` is ``compute_many`` of one,
``metric_value`` one value over one period, ``compile_sql`` the statement shown to users and ``metric_view``
what a page needs for one metric (values, requirements, dimensions, SQL).

A series has one row per period (and segment) with the columns ``metric, period, period_start, period_end,
segment, value`` + the metric's secondary figures + ``partial`` (True for the running period, cut at the
as-of date).  ``period_end`` is exclusive.  ``df.attrs`` holds ``sql``, ``params``, ``as_of``, ``unit``,
``notes``, ``grain`` and ``fiscal_start``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from metrics.catalog import Metric, MetricUnavailable, get_metric
from metrics.compile import compile_many, compile_metric, sql_for_display
from metrics.coverage import Coverage, row_coverage
from metrics.facts import Facts, closure
from metrics.periods import (
    Period,
    Span,
    as_date,
    custom_period,
    parse_period,
    period_containing,
    periods_between,
    previous,
)
from metrics.query import MetricQuery
from metrics.sql_blocks import Ctx
from store.protocol import WorkspaceLike

MAX_DEFAULT_PERIODS = 400
BASE_COLUMNS = ["metric", "period", "period_start", "period_end", "segment", "value"]
# Settings derived from the data count only for the metric that makes the choice (in a batch).
OWNERS = {"churn_method": "churn_rate", "complaint_basis": "complaint_rate"}


@dataclass
class MetricResult:
    metric: str
    value: float | None
    period: Period
    effective_end: date  # exclusive; < period.end when the period is still running
    partial: bool
    unit: str
    secondary: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    sql: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    coverage: Coverage | None = None  # how much of the period the data covers (metrics.coverage)


# --------------------------------------------------------------------------- periods
def _bound(value: Any, fiscal_start: int, *, end: bool) -> date | None:
    if value is None:
        return None
    if isinstance(value, Period):
        return value.end if end else value.start
    if isinstance(value, date | datetime):
        return as_date(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text):
        return as_date(text)
    p = parse_period(text, fiscal_start)
    return p.end if end else p.start


@dataclass(frozen=True)
class _Window:
    """A query's periods, resolved against the data: the contiguous periods and the as-of date."""

    periods: list[Period]
    as_of: date
    fiscal_start: int

    @property
    def k_now(self) -> int:
        return next((i for i, p in enumerate(self.periods) if p.start <= self.as_of < p.end), -1)

    def spine(self) -> dict[str, Any]:
        ps = self.periods

        def dt(day: date) -> datetime:
            return datetime.combine(day, time())

        return {"k": list(range(len(ps))), "label": [p.label for p in ps], "ps": [dt(p.start) for p in ps],
                "pe": [dt(p.to_date(self.as_of)) for p in ps], "pps": [dt(previous(p).start) for p in ps],
                "grain": ps[0].grain if len(ps) > 1 or ps[0].grain else None}


def _series_window(facts: Facts, query: MetricQuery, metrics: Sequence[Metric], *, default_start: bool = True
                   ) -> _Window:
    fs = int(query.fiscal_start or facts.setting("fiscal_start_month"))
    as_of = query.as_of or facts.default_as_of()
    end = _bound(query.end, fs, end=True) or period_containing(as_of, query.grain, fs).end
    earliest = [d for d in (facts.earliest(m) for m in metrics) if d is not None] if default_start else []
    start = _bound(query.start, fs, end=False) or (min(earliest) if earliest else None) or \
        period_containing(as_of, query.grain, fs).start
    periods = [p for p in periods_between(start, end, query.grain, fs) if p.start <= as_of]
    if query.start is None:
        periods = periods[-MAX_DEFAULT_PERIODS:]
    return _Window(periods, as_of, fs)


def _one_period(facts: Facts, query: MetricQuery) -> _Window:
    fs = int(query.fiscal_start or facts.setting("fiscal_start_month"))
    if query.end is None:
        period = query.start if isinstance(query.start, Period) else parse_period(str(query.start), fs)
    else:
        period = custom_period(_bound(query.start, fs, end=False), _bound(query.end, fs, end=True), fs)
    return _Window([period], query.as_of or facts.default_as_of(), fs)


# --------------------------------------------------------------------------- running
def _context(facts: Facts, query: MetricQuery, metrics: list[Metric], window: _Window,
             unavailable: dict[str, MetricUnavailable]) -> tuple[Ctx, list[Metric], dict[str, list[str]]]:
    """The compile context shared by ``metrics`` (those whose dimensions resolve), and each one's notes."""
    dims = query.dimensions
    ctx = Ctx(query.by, [(d, list(v)) for d, v in query.filters], dim_entities={} if dims else None)
    kept, notes = [], {}
    for m in metrics:
        if dims:
            try:
                found = facts.resolve_dims(m, dims)
            except MetricUnavailable as err:
                unavailable[m.id] = err
                continue
            ctx.empty |= found.empty
            ctx.extra_keys.update(found.extra_keys)
            for dim, ents in found.where.items():
                ctx.dim_entities.setdefault(dim, set()).update(ents)
        named, notes[m.id] = facts.named_settings(m, window.k_now)
        owned = closure(m)
        for key, value in named.items():
            owner = OWNERS.get(key)
            if key not in ctx.settings or (owner and owner in owned):
                ctx.settings[key] = value
        kept.append(m)
    return ctx, kept, notes


def _frame(m: Metric, raw: pd.DataFrame, window: _Window, spans: list[Span]) -> pd.DataFrame:
    """The result shape of every metric from the statement's rows (k, period, segment, value, secondaries),
    with ``days`` (of each period to date), ``covered_days`` (the days every kind of data the metric needs is
    there) and ``coverage`` (their ratio).  A period the data does not reach has no value: null, never 0.

    Every column is built first and the frame once: adding columns one by one cost a cheap metric more than
    its query."""
    periods = [window.periods[k] for k in raw["k"].tolist()]
    starts = [p.start for p in periods]
    ends = [_to_date(p.start, p.end, window.as_of) for p in periods]
    days = [(e - s).days for s, e in zip(starts, ends, strict=True)]
    covered = [min([span.days_in(s, e) for span in spans], default=d)
               for s, e, d in zip(starts, ends, days, strict=True)]
    inside = np.array([c != 0 for c in covered], dtype=bool)
    # numpy arrays, not Series: a frame made of Series aligns their indexes, which costs more than the query
    value = pd.to_numeric(raw["value"].to_numpy(), errors="coerce").astype(float)
    text = {  # object columns stay object (pandas would infer its string dtype, where None becomes NaN)
        "metric": [m.id] * len(periods),
        "period": raw["period"].tolist(),
        "period_start": starts,
        "period_end": [p.end for p in periods],
        "segment": [None if pd.isna(x) else x for x in raw["segment"].tolist()],
    }
    columns: dict[str, Any] = {name: pd.Series(v, dtype=object) for name, v in text.items()}
    columns["value"] = np.where(inside, value, np.nan)
    for col in m.secondary_columns:
        values = pd.Series(raw[col].to_numpy()).infer_objects()
        columns[col] = values.where(inside, None) if values.dtype == object else values.where(inside).to_numpy()
    columns["partial"] = np.array([p.to_date(window.as_of) < p.end for p in periods], dtype=bool)
    columns["days"], columns["covered_days"] = np.array(days, dtype="int64"), np.array(covered, dtype="int64")
    columns["coverage"] = np.array([c / d if d else 0.0 for c, d in zip(covered, days, strict=True)], dtype="float64")
    return pd.DataFrame(columns)


def _empty(m: Metric) -> pd.DataFrame:
    return pd.DataFrame(columns=BASE_COLUMNS + list(m.secondary_columns) + ["partial"])


def _run(ws: WorkspaceLike, sql: str, params: dict, cache: bool) -> pd.DataFrame:
    """The statement's rows; the same statement on unchanged data (a page rerun) is answered from memory."""
    if not cache:
        return ws.df(sql, params)
    return ws.memo.get(("result", sql, json.dumps(params, sort_keys=True, default=str)), lambda: ws.df(sql, params))


def _answer(ws: WorkspaceLike, facts: Facts, query: MetricQuery, metrics: list[Metric], window: _Window,
            cache: bool) -> dict[str, pd.DataFrame | MetricUnavailable]:
    out: dict[str, pd.DataFrame | MetricUnavailable] = {}
    ctx, metrics, notes = _context(facts, query, metrics, window, out)
    if not window.periods or not metrics:
        return {**out, **{m.id: _empty(m) for m in metrics}}
    if len(metrics) == 1:  # one metric: its own statement, the secondary figures as columns
        sql, params = compile_metric(metrics[0], ctx, window.spine())
        raws = {metrics[0].id: _run(ws, sql, params, cache)}
    else:
        sql, params = compile_many(metrics, ctx, window.spine())
        raw = _run(ws, sql, params, cache)
        raws = {}
        for i, m in enumerate(metrics):
            rows = raw[raw["mi"] == i].reset_index(drop=True)
            sec = [json.loads(s) if isinstance(s, str) else {} for s in rows["sec"]]
            for col in m.secondary_columns:
                rows[col] = [d.get(col) for d in sec]
            raws[m.id] = rows
    for m in metrics:
        spans = facts.metric_spans(m)
        df = _frame(m, raws[m.id], window, spans)
        df.attrs.update(sql=sql, params=params, as_of=window.as_of, unit=m.unit, notes=notes[m.id],
                        grain=query.grain, fiscal_start=window.fiscal_start, coverage=spans,
                        entities=[e for e in m.entities() if facts.coverage(e) is not None])
        out[m.id] = df
    return out


def _to_date(start: date, end: date, as_of: date) -> date:
    return max(start, min(end, as_of + timedelta(days=1)))


def compute_many(ws: WorkspaceLike, queries: Sequence[MetricQuery], *, cache: bool = True
                 ) -> dict[str, pd.DataFrame | MetricUnavailable]:
    """Answer several queries; returns {metric id: its series, or the MetricUnavailable saying why not}.

    Queries that differ only in their metric run as one statement: CTEs identical across metrics are
    computed once (the eight channel-cohort metrics share one cohort; churn, retention and lifetime value
    one churn computation).  Without a start, the series start at the earliest data of all those metrics.
    ``cache=False`` always runs the statements.
    """
    facts = Facts(ws)
    out: dict[str, pd.DataFrame | MetricUnavailable] = {}
    groups: dict[MetricQuery, list[Metric]] = {}
    for query in queries:
        try:
            m = get_metric(query.metric)
            facts.ensure(m)
        except MetricUnavailable as err:
            out[query.metric] = err
            continue
        groups.setdefault(query.shape(), []).append(m)
    for shape, metrics in groups.items():
        out.update(_answer(ws, facts, shape, metrics, _series_window(facts, shape, metrics), cache))
    return out


def compute(ws: WorkspaceLike, query: MetricQuery, *, cache: bool = True) -> pd.DataFrame:
    """``query.metric`` per period (and segment); raises MetricUnavailable with what to load or choose."""
    result = compute_many(ws, [query], cache=cache)[query.metric]
    if isinstance(result, MetricUnavailable):
        raise result
    return result


def metric_value(ws: WorkspaceLike, query: MetricQuery, *, cache: bool = True) -> MetricResult:
    """One value over one period: ``query.start`` alone (a Period or a label), or ``[start, end)``; period to
    date when ``as_of`` falls inside it."""
    facts = Facts(ws)
    m = get_metric(query.metric)
    facts.ensure(m)
    window = _one_period(facts, query)
    result = _answer(ws, facts, query, [m], window, cache)[m.id]
    if isinstance(result, MetricUnavailable):
        raise result
    row = result.iloc[0]
    value = None if pd.isna(row["value"]) else float(row["value"])
    secondary = {c: (None if pd.isna(row[c]) else row[c].item() if hasattr(row[c], "item") else row[c])
                 for c in m.secondary_columns}
    period = window.periods[0]
    coverage = row_coverage(row.to_dict(), result.attrs["coverage"])
    return MetricResult(m.id, value, period, period.to_date(window.as_of), bool(row["partial"]), m.unit, secondary,
                        " ".join(result.attrs["notes"]), result.attrs["sql"], result.attrs["params"], coverage)


def metric_split(ws: WorkspaceLike, query: MetricQuery, *, cache: bool = True, facts: Facts | None = None
                 ) -> pd.DataFrame:
    """``metric_value`` per segment of ``query.by``: one row per segment over one period (the columns of
    ``compute``); what metrics.explain decomposes a change from.  ``facts``: one already made for ``ws`` (a
    caller asking many splits at once reads the workspace's fingerprint once)."""
    facts = facts or Facts(ws)
    m = get_metric(query.metric)
    facts.ensure(m)
    result = _answer(ws, facts, query, [m], _one_period(facts, query), cache)[m.id]
    if isinstance(result, MetricUnavailable):
        raise result
    return result


def compile_sql(query: MetricQuery, ws: WorkspaceLike | None = None, *, display: bool = False
                ) -> tuple[str, dict[str, Any]]:
    """The SQL (and its bound parameters) that ``compute`` runs; ``display=True`` writes the values in."""
    facts = Facts(ws)
    m = get_metric(query.metric)
    window = _series_window(facts, query, [m], default_start=False)
    if not window.periods:
        window = _Window([period_containing(window.as_of, query.grain, window.fiscal_start)], window.as_of,
                         window.fiscal_start)
    named, _ = facts.named_settings(m, window.k_now)
    ctx = Ctx(query.by, [(d, list(v)) for d, v in query.filters], settings=named)
    sql, params = compile_metric(m, ctx, window.spine())
    return (sql_for_display(sql, params), {}) if display else (sql, params)
