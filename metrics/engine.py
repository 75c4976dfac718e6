"""Run catalog metrics on a workspace: periods, settings, data requirements, one SQL statement each.

``compute`` returns one row per period (and segment) with the columns ``metric, period,
period_start, period_end, segment, value`` + the metric's secondary figures + ``partial``
(True for the running period, cut at the as-of date).  ``period_end`` is exclusive.
Several metrics at once: ``metrics.batch.compute_many`` (one statement, shared work).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import pandas as pd

from metrics.catalog import Metric, MetricUnavailable, get_metric
from metrics.compile import Ctx, compile_metric, sql_for_display
from metrics.facts import (
    _cfg,
    _ensure,
    _memo,
    _named_settings,
    _refresh,
    _resolve_dims,
    default_as_of,
    forget,
    latest_data_date,
    requirements,
    setting,
    today,
)
from metrics.periods import (
    Period,
    as_date,
    custom_period,
    parse_period,
    period_containing,
    periods_between,
    previous,
)
from store import ENTITIES
from store import quote_ident as q

__all__ = ["MetricResult", "MetricUnavailable", "compile_sql", "compute", "default_as_of", "forget",
           "latest_data_date", "metric_value", "requirements", "setting", "today"]
MAX_DEFAULT_PERIODS = 400
BASE_COLUMNS = ["metric", "period", "period_start", "period_end", "segment", "value"]


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


# --------------------------------------------------------------------------- periods
def _bound(value: Any, fiscal_start: int, *, end: bool) -> date | None:
    if value is None:
        return None
    if isinstance(value, Period):
        return value.end if end else value.start
    if isinstance(value, (date, datetime)):
        return as_date(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text):
        return as_date(text)
    p = parse_period(text, fiscal_start)
    return p.end if end else p.start


def _earliest(ws: Any, m: Metric) -> date | None:
    parts = [f"SELECT min({q(ENTITIES[e].date_field)}) AS d FROM {q(e)}" for e in m.entities()]
    value = _memo(ws, ("earliest", m.id), lambda: ws.scalar(f"SELECT min(d) FROM ({' UNION ALL '.join(parts)})"))
    return as_date(value) if value is not None else None


def _dt(day: date) -> datetime:
    return datetime.combine(day, time())


def _spine(periods: list[Period], as_of: date) -> dict[str, Any]:
    return {"k": list(range(len(periods))), "label": [p.label for p in periods],
            "ps": [_dt(p.start) for p in periods], "pe": [_dt(p.to_date(as_of)) for p in periods],
            "pps": [_dt(previous(p).start) for p in periods],
            "grain": periods[0].grain if len(periods) > 1 or periods[0].grain else None}


def _k_now(periods: list[Period], as_of: date) -> int:
    return next((i for i, p in enumerate(periods) if p.start <= as_of < p.end), -1)


def _filters(filters: dict | None) -> list[tuple[str, list]]:
    return [(str(d), list(v) if isinstance(v, (list, tuple, set)) else [v]) for d, v in (filters or {}).items()]


def _run(ws: Any, m: Metric, periods: list[Period], as_of: date, by: str | None,
         filters: dict | None, cache: bool = True) -> tuple[pd.DataFrame, str, dict, list[str]]:
    flist = _filters(filters)
    dims = ([by] if by else []) + [d for d, _ in flist]
    empty, keys, where = _resolve_dims(ws, m, dims) if dims else (set(), {}, {})
    named, notes = _named_settings(ws, m, _k_now(periods, as_of))
    ctx = Ctx(by, flist, settings=named, empty=empty, extra_keys=keys, dim_entities=where)
    sql, params = compile_metric(m, ctx, _spine(periods, as_of))
    if cache:  # the same statement on unchanged data (a page rerun) is answered from memory
        key = ("result", sql, json.dumps(params, sort_keys=True, default=str))
        raw = _memo(ws, key, lambda: ws.df(sql, params))
    else:
        raw = ws.df(sql, params)
    return _frame(m, raw, periods, as_of), sql, params, notes


def _frame(m: Metric, raw: pd.DataFrame, periods: list[Period], as_of: date) -> pd.DataFrame:
    """The result shape of every metric from the statement's rows (k, period, segment, value, secondaries)."""
    out = pd.DataFrame({
        "metric": m.id,
        "period": raw["period"].astype(object),
        "period_start": [periods[k].start for k in raw["k"]],
        "period_end": [periods[k].end for k in raw["k"]],
        "segment": raw["segment"].astype(object).where(raw["segment"].notna(), None),
        "value": pd.to_numeric(raw["value"], errors="coerce").astype(float),
    })
    for col in m.secondary_columns:
        out[col] = pd.Series(raw[col].to_numpy()).infer_objects() if len(raw) else raw[col].to_numpy()
    out["partial"] = [periods[k].to_date(as_of) < periods[k].end for k in raw["k"]]
    return out


def compute(ws: Any, metric_id: str, *, grain: str = "month", start: Any = None, end: Any = None,
            as_of: Any = None, by: str | None = None, filters: dict | None = None,
            fiscal_start: int | None = None, cache: bool = True) -> pd.DataFrame:
    """``metric_id`` per ``grain`` period (and ``by`` segment) over ``[start, end)``.

    Defaults: ``as_of`` the latest date in the data (else today in the workspace time zone);
    ``end`` the end of the period containing ``as_of``; ``start`` the first period with data.
    ``start``/``end`` may be dates, ISO strings or period labels (an end label is included).
    The running period is computed to date.  ``df.attrs`` holds ``sql``, ``params``, ``as_of``,
    ``unit`` and ``notes``.  Results are remembered until the workspace data changes (``cache=False``
    always runs the query).
    """
    m = get_metric(metric_id)
    _refresh(ws)
    _ensure(ws, m)
    fs = int(fiscal_start or _cfg(ws, "fiscal_start_month"))
    as_of_d = as_date(as_of) if as_of is not None else default_as_of(ws)
    end_d = _bound(end, fs, end=True) or period_containing(as_of_d, grain, fs).end
    start_d = _bound(start, fs, end=False) or _earliest(ws, m) or period_containing(as_of_d, grain, fs).start
    periods = [p for p in periods_between(start_d, end_d, grain, fs) if p.start <= as_of_d]
    if start is None:
        periods = periods[-MAX_DEFAULT_PERIODS:]
    if not periods:
        df = pd.DataFrame(columns=BASE_COLUMNS + list(m.secondary_columns) + ["partial"])
        sql, params, notes = "", {}, []
    else:
        df, sql, params, notes = _run(ws, m, periods, as_of_d, by, filters, cache)
    df.attrs.update(sql=sql, params=params, as_of=as_of_d, unit=m.unit, notes=notes, grain=grain,
                    fiscal_start=fs)
    return df


def metric_value(ws: Any, metric_id: str, *, start: Any, end: Any = None, filters: dict | None = None,
                 as_of: Any = None, cache: bool = True) -> MetricResult:
    """One value over ``[start, end)`` (period to date when ``as_of`` falls inside it).

    ``start`` may also be a Period or a period label, with ``end`` left out.
    """
    m = get_metric(metric_id)
    _refresh(ws)
    _ensure(ws, m)
    fs = int(_cfg(ws, "fiscal_start_month"))
    if end is None:
        period = start if isinstance(start, Period) else parse_period(str(start), fs)
    else:
        period = custom_period(_bound(start, fs, end=False), _bound(end, fs, end=True), fs)
    as_of_d = as_date(as_of) if as_of is not None else default_as_of(ws)
    df, sql, params, notes = _run(ws, m, [period], as_of_d, None, filters, cache)
    row = df.iloc[0]
    value = None if pd.isna(row["value"]) else float(row["value"])
    secondary = {c: (None if pd.isna(row[c]) else row[c].item() if hasattr(row[c], "item") else row[c])
                 for c in m.secondary_columns}
    return MetricResult(m.id, value, period, period.to_date(as_of_d), bool(row["partial"]), m.unit, secondary,
                        " ".join(notes), sql, params)


def compile_sql(metric_id: str, ws: Any = None, *, grain: str = "month", start: Any = None, end: Any = None,
                as_of: Any = None, by: str | None = None, filters: dict | None = None,
                fiscal_start: int | None = None, display: bool = False) -> tuple[str, dict[str, Any]]:
    """The SQL (and its bound parameters) that ``compute`` runs; ``display=True`` writes values in."""
    m = get_metric(metric_id)
    _refresh(ws)
    fs = int(fiscal_start or _cfg(ws, "fiscal_start_month"))
    as_of_d = as_date(as_of) if as_of is not None else (default_as_of(ws) if ws is not None else today(ws))
    end_d = _bound(end, fs, end=True) or period_containing(as_of_d, grain, fs).end
    start_d = _bound(start, fs, end=False) or period_containing(as_of_d, grain, fs).start
    periods = [p for p in periods_between(start_d, end_d, grain, fs) if p.start <= as_of_d] or \
        [period_containing(as_of_d, grain, fs)]
    named, _ = _named_settings(ws, m, _k_now(periods, as_of_d))
    sql, params = compile_metric(m, Ctx(by, _filters(filters), settings=named), _spine(periods, as_of_d))
    return (sql_for_display(sql, params), {}) if display else (sql, params)
