"""Several metrics in ONE statement, sharing the work they have in common.

A page that shows many metrics (the KPI overview, the Channels page) asks for them together:
``compute_many`` compiles each metric as ``compute`` would, under its own prefix, then merges
CTEs whose text is identical (after renaming the ones already merged).  DuckDB computes a CTE
referenced by several metrics once, so the eight channel-cohort metrics share one cohort, and
churn, retention and lifetime value share one churn computation.  Each metric's rows are exactly
those of ``compute`` (a test checks it).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd

from metrics.catalog import CATALOG, Metric, MetricUnavailable, get_metric
from metrics.compile import SPINE_CTE, Ctx, bind_used, build, final_select, prepare, statement
from metrics.engine import BASE_COLUMNS, _bound, _earliest, _filters, _frame, _k_now, _spine
from metrics.facts import (
    _cfg,
    _closure,
    _ensure,
    _memo,
    _named_settings,
    _refresh,
    _resolve_dims,
    default_as_of,
)
from metrics.periods import as_date, period_containing, periods_between

OWNERS = {"churn_method": "churn_rate", "complaint_basis": "complaint_rate"}


def _rename(text: str, alias: dict[str, str]) -> str:
    if not alias:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(alias, key=len, reverse=True))) + r")\b")
    return pattern.sub(lambda mt: alias[mt.group(1)], text)


def dedupe(ctes: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Drop CTEs identical to an earlier one; returns the kept CTEs and {dropped name: kept name}."""
    alias: dict[str, str] = {}
    seen: dict[str, str] = {}
    out = []
    for name, body in ctes:
        body = _rename(body, alias)
        if body in seen:
            alias[name] = seen[body]
            continue
        seen[body] = name
        out.append((name, body))
    return out, alias


def compile_many(metrics: list[Metric], ctx: Ctx, spine: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """One statement for ``metrics``: rows (mi, k, period, segment, value, sec JSON), mi the list index."""
    prepare(ctx, spine)
    ctes: list[tuple[str, str]] = []
    finals = []
    for i, m in enumerate(metrics):
        built = build(ctx, m, f"m{i}_")
        ctes += built.ctes
        finals.append(final_select(m, ctx, built, index=i))
    kept, alias = dedupe([("spine", SPINE_CTE)] + list(ctx.shared.items()) + ctes)
    body = "\nUNION ALL\n".join(_rename(f, alias) for f in finals) + "\nORDER BY mi, k, segment NULLS LAST"
    sql = statement(kept, body)
    return sql, bind_used(sql, ctx, spine)


def compute_many(ws: Any, metric_ids: list[str] | None = None, *, grain: str = "month", start: Any = None,
                 end: Any = None, as_of: Any = None, by: str | None = None, filters: dict | None = None,
                 fiscal_start: int | None = None, cache: bool = True) -> dict[str, pd.DataFrame | MetricUnavailable]:
    """``compute`` for several metrics at once (default: the whole catalog) in one statement.

    Returns {metric id: the DataFrame ``compute`` would return, or the MetricUnavailable it would raise}.
    The default ``start`` is the earliest data of all the metrics.  ``df.attrs["sql"]`` is the shared
    statement.
    """
    _refresh(ws)
    out: dict[str, pd.DataFrame | MetricUnavailable] = {}
    ready: list[Metric] = []
    for mid in metric_ids or list(CATALOG):
        try:
            m = get_metric(mid)
            _ensure(ws, m)
            ready.append(m)
        except MetricUnavailable as err:
            out[mid] = err
    fs = int(fiscal_start or _cfg(ws, "fiscal_start_month"))
    as_of_d = as_date(as_of) if as_of is not None else default_as_of(ws)
    end_d = _bound(end, fs, end=True) or period_containing(as_of_d, grain, fs).end
    earliest = [d for d in (_earliest(ws, m) for m in ready) if d is not None]
    start_d = _bound(start, fs, end=False) or (min(earliest) if earliest else None) or \
        period_containing(as_of_d, grain, fs).start
    periods = [p for p in periods_between(start_d, end_d, grain, fs) if p.start <= as_of_d]
    flist = _filters(filters)
    dims = ([by] if by else []) + [d for d, _ in flist]
    ctx = Ctx(by, flist, dim_entities={} if dims else None)
    metrics, notes = [], {}
    for m in ready:
        try:
            if dims:
                empty, keys, where = _resolve_dims(ws, m, dims)
                ctx.empty |= empty
                ctx.extra_keys.update(keys)
                for dim, ents in where.items():
                    ctx.dim_entities.setdefault(dim, set()).update(ents)
        except MetricUnavailable as err:
            out[m.id] = err
            continue
        named, notes[m.id] = _named_settings(ws, m, _k_now(periods, as_of_d))
        closure = _closure(m)
        for key, value in named.items():  # a data-derived choice only counts for the metrics that make it
            owner = OWNERS.get(key)
            if key not in ctx.settings or (owner and owner in closure):
                ctx.settings[key] = value
        metrics.append(m)
    if not periods or not metrics:
        for m in metrics:
            out[m.id] = pd.DataFrame(columns=BASE_COLUMNS + list(m.secondary_columns) + ["partial"])
        return out
    sql, params = compile_many(metrics, ctx, _spine(periods, as_of_d))
    key = ("batch", sql, json.dumps(params, sort_keys=True, default=str))
    raw = _memo(ws, key, lambda: ws.df(sql, params)) if cache else ws.df(sql, params)
    for i, m in enumerate(metrics):
        rows = raw[raw["mi"] == i].reset_index(drop=True)
        sec = [json.loads(s) if isinstance(s, str) else {} for s in rows["sec"]]
        for col in m.secondary_columns:
            rows[col] = [d.get(col) for d in sec]
        df = _frame(m, rows, periods, as_of_d)
        df.attrs.update(sql=sql, params=params, as_of=as_of_d, unit=m.unit, notes=notes[m.id], grain=grain,
                        fiscal_start=fs)
        out[m.id] = df
    return out
