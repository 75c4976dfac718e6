"""The engine's core without pandas: a query's periods resolved against the data, its statement run, and its
rows shaped as plain columns.

``metrics.engine`` wraps these columns in DataFrames for the pages; the CLI prints them as they are, so a
terminal command does not pay for importing pandas (half a second of a one-second command).  Rows are fetched
with ``fetchall``: a series is a few hundred rows at most per segment, and DuckDB's DataFrame conversion
costs a fixed millisecond or more per statement, more than a cheap metric's whole query.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from metrics.catalog import Metric, MetricUnavailable, get_metric
from metrics.compile import compile_many, compile_metric
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
class Window:
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


def series_window(facts: Facts, query: MetricQuery, metrics: Sequence[Metric], *, default_start: bool = True
                  ) -> Window:
    fs = int(query.fiscal_start or facts.setting("fiscal_start_month"))
    as_of = query.as_of or facts.default_as_of()
    end = _bound(query.end, fs, end=True) or period_containing(as_of, query.grain, fs).end
    earliest = [d for d in (facts.earliest(m) for m in metrics) if d is not None] if default_start else []
    start = _bound(query.start, fs, end=False) or (min(earliest) if earliest else None) or \
        period_containing(as_of, query.grain, fs).start
    periods = [p for p in periods_between(start, end, query.grain, fs) if p.start <= as_of]
    if query.start is None:
        periods = periods[-MAX_DEFAULT_PERIODS:]
    return Window(periods, as_of, fs)


def one_period(facts: Facts, query: MetricQuery) -> Window:
    fs = int(query.fiscal_start or facts.setting("fiscal_start_month"))
    if query.end is None:
        period = query.start if isinstance(query.start, Period) else parse_period(str(query.start), fs)
    else:
        period = custom_period(_bound(query.start, fs, end=False), _bound(query.end, fs, end=True), fs)
    return Window([period], query.as_of or facts.default_as_of(), fs)


# --------------------------------------------------------------------------- running
def context(facts: Facts, query: MetricQuery, metrics: list[Metric], window: Window,
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


@dataclass
class Series:
    """One metric's answer as plain columns (name -> list, one item per period and segment) and what
    ``compute`` puts in ``df.attrs`` (sql, params, as_of, unit, notes, grain, fiscal_start, coverage, entities)."""

    metric: Metric
    columns: dict[str, list]
    attrs: dict[str, Any]

    def __len__(self) -> int:
        return len(self.columns["period"])

    def records(self) -> list[dict[str, Any]]:
        names = list(self.columns)
        return [dict(zip(names, row, strict=True)) for row in zip(*self.columns.values(), strict=True)]


def _number(value: Any) -> Any:
    """DECIMAL sums come back as Decimal: a float, as DuckDB's DataFrame conversion gave."""
    return float(value) if isinstance(value, Decimal) else value


def _rows(ws: WorkspaceLike, sql: str, params: dict, cache: bool) -> list[tuple]:
    """The statement's rows; the same statement on unchanged data (a page rerun) is answered from memory."""
    if not cache:
        return ws.execute(sql, params)
    key = ("rows", sql, json.dumps(params, sort_keys=True, default=str))
    return ws.memo.get(key, lambda: ws.execute(sql, params))


def _to_date(start: date, end: date, as_of: date) -> date:
    return max(start, min(end, as_of + timedelta(days=1)))


def shape(m: Metric, rows: list[tuple], window: Window, spans: list[Span]) -> dict[str, list]:
    """The result columns of every metric from the statement's rows (k, period, segment, value, secondaries),
    with ``days`` (of each period to date), ``covered_days`` (the days every kind of data the metric needs is
    there) and ``coverage`` (their ratio).  A period the data does not reach has no value: None, never 0."""
    ks, labels, segments, raw_values, *secs = (list(c) for c in zip(*rows, strict=True)) if rows else \
        ([] for _ in range(4 + len(m.secondary_columns)))
    periods = [window.periods[k] for k in ks]
    starts = [p.start for p in periods]
    ends = [_to_date(p.start, p.end, window.as_of) for p in periods]
    days = [(e - s).days for s, e in zip(starts, ends, strict=True)]
    covered = [min([span.days_in(s, e) for span in spans], default=d) for s, e, d in zip(starts, ends, days, strict=True)]
    inside = [c != 0 for c in covered]
    columns: dict[str, list] = {
        "metric": [m.id] * len(periods), "period": labels, "period_start": starts,
        "period_end": [p.end for p in periods], "segment": segments,
        "value": [float(v) if ok and v is not None and v == v else None  # NaN (v != v) is no value either
                  for v, ok in zip(raw_values, inside, strict=True)],
    }
    for name, values in zip(m.secondary_columns, secs, strict=True):
        columns[name] = [_number(v) if ok else None for v, ok in zip(values, inside, strict=True)]
    columns["partial"] = [p.to_date(window.as_of) < p.end for p in periods]
    columns["days"], columns["covered_days"] = days, covered
    columns["coverage"] = [c / d if d else 0.0 for c, d in zip(covered, days, strict=True)]
    return columns


def _split_batch(metrics: list[Metric], rows: list[tuple]) -> dict[str, list[tuple]]:
    """A batch statement's rows (mi, k, period, segment, value, sec JSON) as each metric's own rows."""
    out: dict[str, list[tuple]] = {m.id: [] for m in metrics}
    for mi, k, label, segment, value, sec in rows:
        m = metrics[mi]
        figures = json.loads(sec) if isinstance(sec, str) else {}
        out[m.id].append((k, label, segment, value, *(figures.get(c) for c in m.secondary_columns)))
    return out


def answer(ws: WorkspaceLike, facts: Facts, query: MetricQuery, metrics: list[Metric], window: Window,
           cache: bool) -> dict[str, Series | MetricUnavailable]:
    """Each metric's series over ``window``: one statement for all of them."""
    out: dict[str, Series | MetricUnavailable] = {}
    ctx, metrics, notes = context(facts, query, metrics, window, out)
    if not window.periods or not metrics:
        return {**out, **{m.id: Series(m, {c: [] for c in BASE_COLUMNS + list(m.secondary_columns) + ["partial"]},
                                       {}) for m in metrics}}
    if len(metrics) == 1:  # one metric: its own statement, the secondary figures as columns
        sql, params = compile_metric(metrics[0], ctx, window.spine())
        raws = {metrics[0].id: _rows(ws, sql, params, cache)}
    else:
        sql, params = compile_many(metrics, ctx, window.spine())
        raws = _split_batch(metrics, _rows(ws, sql, params, cache))
    for m in metrics:
        spans = facts.metric_spans(m)
        attrs = {"sql": sql, "params": params, "as_of": window.as_of, "unit": m.unit, "notes": notes[m.id],
                 "grain": query.grain, "fiscal_start": window.fiscal_start, "coverage": spans,
                 "entities": [e for e in m.entities() if facts.coverage(e) is not None]}
        out[m.id] = Series(m, shape(m, raws[m.id], window, spans), attrs)
    return out


def answer_many(ws: WorkspaceLike, queries: Sequence[MetricQuery], *, cache: bool = True
                ) -> dict[str, Series | MetricUnavailable]:
    """``compute_many`` without pandas: {metric id: its Series, or the MetricUnavailable saying why not}."""
    facts = Facts(ws)
    out: dict[str, Series | MetricUnavailable] = {}
    groups: dict[MetricQuery, list[Metric]] = {}
    for query in queries:
        try:
            m = get_metric(query.metric)
            facts.ensure(m)
        except MetricUnavailable as err:
            out[query.metric] = err
            continue
        groups.setdefault(query.shape(), []).append(m)
    for shape_, metrics in groups.items():
        out.update(answer(ws, facts, shape_, metrics, series_window(facts, shape_, metrics), cache))
    return out


def series(ws: WorkspaceLike, query: MetricQuery, *, cache: bool = True) -> Series:
    """``compute`` without pandas (the CLI's way): raises MetricUnavailable with what to load or choose."""
    result = answer_many(ws, [query], cache=cache)[query.metric]
    if isinstance(result, MetricUnavailable):
        raise result
    return result
