"""Run catalog metrics on a workspace: the one seam between the catalog and everything above it.

Every question is a ``MetricQuery``.  ``compute_many`` answers several at once (queries of one shape run as
one statement that shares the work they have in common); ``compute`` is ``compute_many`` of one,
``metric_value`` one value over one period, ``compile_sql`` the statement shown to users and ``metric_view``
what a page needs for one metric (values, requirements, dimensions, SQL).

A series has one row per period (and segment) with the columns ``metric, period, period_start, period_end,
segment, value`` + the metric's secondary figures + ``partial`` (True for the running period, cut at the
as-of date).  ``period_end`` is exclusive.  ``df.attrs`` holds ``sql``, ``params``, ``as_of``, ``unit``,
``notes``, ``grain`` and ``fiscal_start``.

The work itself is ``metrics.series`` (no pandas: the CLI prints its plain columns); this module makes the
DataFrames the pages read, and ``metric_value`` reads the columns directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from metrics.catalog import MetricUnavailable, get_metric
from metrics.compile import compile_metric, sql_for_display
from metrics.coverage import Coverage, row_coverage
from metrics.facts import Facts
from metrics.periods import Period, period_containing
from metrics.query import MetricQuery
from metrics.series import (
    BASE_COLUMNS,
    Series,
    Window,
    answer,
    answer_many,
    one_period,
    series,
    series_window,
)
from metrics.sql_blocks import Ctx
from store.protocol import WorkspaceLike


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


class _Shared(dict):
    """A frame's attrs item that every derived frame shares: pandas deep-copies ``df.attrs`` on every
    operation that makes a new frame (a filter, ``to_dict``), and copying the bound parameters (a list per
    period) cost more than a cheap metric's query.  Nothing changes them after compute."""

    def __deepcopy__(self, memo: dict) -> _Shared:
        return self


class _SharedList(list):
    def __deepcopy__(self, memo: dict) -> _SharedList:
        return self


def frame(series: Series) -> pd.DataFrame:
    """A series as the DataFrame ``compute`` returns.  Every column is built first and the frame once: adding
    columns one by one cost a cheap metric more than its query."""
    cols = series.columns
    # object columns stay object (pandas would infer its string dtype, where None becomes NaN)
    out: dict[str, Any] = {name: pd.Series(cols[name], dtype=object) for name in BASE_COLUMNS[:5]}
    out["value"] = np.array([np.nan if v is None else v for v in cols["value"]], dtype=float)
    for name in series.metric.secondary_columns:
        values = pd.Series(cols[name], dtype=object).infer_objects()
        if values.dtype == object and all(v is None for v in cols[name]):
            values = values.astype(float)  # a figure missing everywhere is NaN, as DuckDB's numeric columns gave
        out[name] = values if values.dtype == object else values.to_numpy()
    out["partial"] = np.array(cols["partial"], dtype=bool)
    if "days" in cols:
        out["days"], out["covered_days"] = np.array(cols["days"], dtype="int64"), np.array(cols["covered_days"],
                                                                                           dtype="int64")
        out["coverage"] = np.array(cols["coverage"], dtype="float64")
    df = pd.DataFrame(out)
    df.attrs.update({k: _Shared(v) if isinstance(v, dict) else _SharedList(v) if isinstance(v, list) else v
                     for k, v in series.attrs.items()})
    return df


def _frames(answers: dict[str, Series | MetricUnavailable]) -> dict[str, pd.DataFrame | MetricUnavailable]:
    return {mid: a if isinstance(a, MetricUnavailable) else frame(a) for mid, a in answers.items()}


def compute_many(ws: WorkspaceLike, queries: Sequence[MetricQuery], *, cache: bool = True
                 ) -> dict[str, pd.DataFrame | MetricUnavailable]:
    """Answer several queries; returns {metric id: its series, or the MetricUnavailable saying why not}.

    Queries that differ only in their metric run as one statement: CTEs identical across metrics are
    computed once (the eight channel-cohort metrics share one cohort; churn, retention and lifetime value
    one churn computation).  Without a start, the series start at the earliest data of all those metrics.
    ``cache=False`` always runs the statements.
    """
    return _frames(answer_many(ws, queries, cache=cache))


def compute(ws: WorkspaceLike, query: MetricQuery, *, cache: bool = True) -> pd.DataFrame:
    """``query.metric`` per period (and segment); raises MetricUnavailable with what to load or choose."""
    return frame(series(ws, query, cache=cache))


def metric_value(ws: WorkspaceLike, query: MetricQuery, *, cache: bool = True) -> MetricResult:
    """One value over one period: ``query.start`` alone (a Period or a label), or ``[start, end)``; period to
    date when ``as_of`` falls inside it."""
    facts = Facts(ws)
    m = get_metric(query.metric)
    facts.ensure(m)
    window = one_period(facts, query)
    result = answer(ws, facts, query, [m], window, cache)[m.id]
    if isinstance(result, MetricUnavailable):
        raise result
    row = result.records()[0]  # no DataFrame: the Overview asks dozens of these per rerun
    secondary = {c: None if row[c] is None or row[c] != row[c] else row[c] for c in m.secondary_columns}  # NaN: None
    period = window.periods[0]
    coverage = row_coverage(row, result.attrs["coverage"])
    return MetricResult(m.id, row["value"], period, period.to_date(window.as_of), bool(row["partial"]), m.unit,
                        secondary, " ".join(result.attrs["notes"]), result.attrs["sql"], result.attrs["params"],
                        coverage)


def metric_split(ws: WorkspaceLike, query: MetricQuery, *, cache: bool = True, facts: Facts | None = None
                 ) -> pd.DataFrame:
    """``metric_value`` per segment of ``query.by``: one row per segment over one period (the columns of
    ``compute``); what metrics.explain decomposes a change from.  ``facts``: one already made for ``ws`` (a
    caller asking many splits at once reads the workspace's fingerprint once)."""
    facts = facts or Facts(ws)
    m = get_metric(query.metric)
    facts.ensure(m)
    result = answer(ws, facts, query, [m], one_period(facts, query), cache)[m.id]
    if isinstance(result, MetricUnavailable):
        raise result
    return frame(result)


def compile_sql(query: MetricQuery, ws: WorkspaceLike | None = None, *, display: bool = False
                ) -> tuple[str, dict[str, Any]]:
    """The SQL (and its bound parameters) that ``compute`` runs; ``display=True`` writes the values in."""
    facts = Facts(ws)
    m = get_metric(query.metric)
    window = series_window(facts, query, [m], default_start=False)
    if not window.periods:
        window = Window([period_containing(window.as_of, query.grain, window.fiscal_start)], window.as_of,
                         window.fiscal_start)
    named, _ = facts.named_settings(m, window.k_now)
    ctx = Ctx(query.by, [(d, list(v)) for d, v in query.filters], settings=named)
    sql, params = compile_metric(m, ctx, window.spine())
    return (sql_for_display(sql, params), {}) if display else (sql, params)
