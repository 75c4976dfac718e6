"""Run catalog metrics on a workspace: periods, settings, data requirements, one SQL statement each.

``compute`` returns one row per period (and segment) with the columns ``metric, period,
period_start, period_end, segment, value`` + the metric's secondary figures + ``partial``
(True for the running period, cut at the as-of date).  ``period_end`` is exclusive.
"""

from __future__ import annotations

import json
import re
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from metrics.catalog import DEAL_STATE, Metric, Text, get_metric, lookup
from metrics.compile import CUSTOMER_FIELDS, Ctx, canonical, compile_metric, sql_for_display
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

DEFAULTS: dict[str, Any] = {
    "fiscal_start_month": 1,
    "timezone": "UTC",
    "csat_definition": "top2box",
    "churn_definition": "auto",
    "referral_channels": ["referral", "referred", "word of mouth", "转介绍", "老带新", "口碑", "推荐"],
    "complaint_terms": ["complaint", "complain", "投诉", "客诉", "抱怨"],
}
MAX_DEFAULT_PERIODS = 400
BASE_COLUMNS = ["metric", "period", "period_start", "period_end", "segment", "value"]


class MetricUnavailable(Exception):
    """The data a metric needs is missing; the message says what to load."""

    def __init__(self, message: str, *, metric_id: str | None = None, needs: list[Text] | None = None) -> None:
        super().__init__(message)
        self.metric_id = metric_id
        self.needs = needs or []

    def message(self, lang: str = "en") -> str:
        if lang == "zh" and self.needs and self.metric_id:
            return f"{get_metric(self.metric_id).label.zh}{'；'.join(n.zh for n in self.needs)}。"
        return str(self)


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


# --------------------------------------------------------------------------- settings and dates
def setting(ws: Any, key: str) -> Any:
    """A workspace setting, or its default."""
    value = ws.get_setting(key, None) if ws is not None else None
    return DEFAULTS.get(key) if value in (None, "", []) else value


def _cfg(ws: Any, key: str) -> Any:
    """A setting from the snapshot read by the current public call (see ``_refresh``)."""
    entry = _MEMO.get(ws) if ws is not None else None
    if entry is None:
        return setting(ws, key)
    value = entry[2].get(key)
    return DEFAULTS.get(key) if value in (None, "", []) else value


def fold_text(text: str) -> str:
    """Python twin of the SQL fold_label."""
    return re.sub(r"[\t\n\v\f\r \u3000_\-]+", "", str(text).strip()).lower()


def terms_pattern(terms: list[str]) -> str:
    folded = [re.escape(fold_text(t)) for t in terms if fold_text(t)]
    return "(?:" + "|".join(folded) + ")" if folded else "(?!)"


def today(ws: Any = None) -> date:
    """Today in the workspace time zone."""
    try:
        tz = ZoneInfo(str(setting(ws, "timezone")))
    except Exception:
        tz = ZoneInfo("UTC")
    return datetime.now(tz).date()


# Facts about the data (requirements met, latest date, …) are remembered per workspace until its data
# changes (row counts or uploads differ), so that a page rerun does not scan the tables again.
_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# The fingerprint: each table's size (grows with every insert) and the uploads registry (every load, replacement
# and deletion through the store changes it).
_FINGERPRINT = ("SELECT (SELECT list((table_name, estimated_size) ORDER BY table_name) FROM duckdb_tables() "
                "WHERE schema_name = 'main'), (SELECT count(*) FROM uploads), (SELECT max(id) FROM uploads)")


def _refresh(ws: Any) -> None:
    """Read the settings, and forget the remembered facts of ``ws`` when its data changed.

    Called at the start of every public function.
    """
    if ws is None:
        return
    fingerprint = tuple(map(str, ws.execute(_FINGERPRINT)[0]))
    entry = _MEMO.get(ws)
    facts = entry[1] if entry is not None and entry[0] == fingerprint else {}
    _MEMO[ws] = (fingerprint, facts, ws.settings())


def _memo(ws: Any, key: Any, fn: Any) -> Any:
    entry = _MEMO.get(ws)
    if entry is None:
        return fn()
    if key not in entry[1]:
        entry[1][key] = fn()
    return entry[1][key]


def latest_data_date(ws: Any) -> date | None:
    """The latest date in any entity date field (open deals' expected close dates excluded)."""
    _refresh(ws)
    return _memo(ws, "latest", lambda: _latest(ws))


def _latest(ws: Any) -> date | None:
    parts = []
    for name, ent in ENTITIES.items():
        for f in ent.fields:
            if f.type != "TIMESTAMP":
                continue
            cond = f" WHERE {DEAL_STATE} <> 'open'" if (name, f.name) == ("deals", "closed_at") else ""
            parts.append(f"SELECT max(t.{q(f.name)}) AS d FROM {q(name)} t{cond}")
    value = ws.scalar(f"SELECT max(d) FROM ({' UNION ALL '.join(parts)})")
    return as_date(value) if value is not None else None


def default_as_of(ws: Any) -> date:
    return latest_data_date(ws) or today(ws)


# --------------------------------------------------------------------------- requirements
def _exists(ws: Any, sql: str, params: dict | None = None) -> bool:
    key = ("exists", sql, json.dumps(params, sort_keys=True, default=str))
    return _memo(ws, key, lambda: bool(ws.scalar(f"SELECT EXISTS ({sql})", params)))


def _need_met(ws: Any, need: Any) -> bool:
    if need.check:
        return _exists(ws, need.check)
    for entity, groups in need.parsed():
        conds = " AND ".join("(" + " OR ".join(f"{q(f)} IS NOT NULL" for f in g) + ")" for g in groups)
        if _exists(ws, f"SELECT 1 FROM {q(entity)} WHERE {conds or 'TRUE'}"):
            return True
    return False


def _unmet(ws: Any, m: Metric) -> list[Text]:
    out = [n.text for n in m.needs if not _need_met(ws, n)]
    if (not out and "churn_rate" in _closure(m) and _cfg(ws, "churn_definition") == "explicit"
            and _churn_data(ws) == (False, False)):
        out.append(Text("needs customers with a churn flag or churn date (setting churn_definition is explicit)",
                        "需要含流失标记或流失日期的客户（churn_definition 设置为 explicit）"))
    return out


def requirements(ws: Any, metric_id: str, lang: str = "en") -> list[str]:
    """What is missing for ``metric_id``, one sentence each ("needs tickets with …"); empty when computable."""
    _refresh(ws)
    return [t.get(lang) for t in _unmet(ws, get_metric(metric_id))]


def _ensure(ws: Any, m: Metric) -> None:
    unmet = _unmet(ws, m)
    if unmet:
        text = unmet[0].en + "".join(" and " + t.en.removeprefix("needs ") for t in unmet[1:])
        raise MetricUnavailable(f"{m.label.en} {text}; load an export with that data first.",
                                metric_id=m.id, needs=unmet)


def _closure(m: Metric) -> set[str]:
    ids = {m.id}
    for _, pid in m.parts:
        ids |= _closure(lookup(pid))
    return ids


def _churn_data(ws: Any) -> tuple[bool, bool]:
    dated = _exists(ws, "SELECT 1 FROM customers WHERE churned_at IS NOT NULL")
    flagged = _exists(ws, "SELECT 1 FROM customers WHERE churned IS NOT NULL") or _exists(
        ws, "SELECT 1 FROM (SELECT DISTINCT lower(status) AS s FROM customers) WHERE regexp_matches(s, 'churn|流失')")
    return dated, flagged


def _named_settings(ws: Any, m: Metric, k_now: int) -> tuple[dict[str, Any], list[str]]:
    ids = _closure(m)
    named: dict[str, Any] = {
        "csat_mean": _cfg(ws, "csat_definition") == "mean",
        "complaint_re": terms_pattern(list(_cfg(ws, "complaint_terms"))),
        "referral_re": terms_pattern(list(_cfg(ws, "referral_channels"))),
        "k_now": k_now,
        "churn_method": "inactivity",
        "complaint_basis": "customers",
    }
    notes = []
    if "churn_rate" in ids and ws is not None:
        choice = _cfg(ws, "churn_definition")
        dated, flagged = _churn_data(ws) if choice != "inactivity" else (False, False)
        named["churn_method"] = "explicit" if dated else "flag" if flagged else "inactivity"
        notes.append({
            "explicit": "Churn from the customers' churn dates (setting churn_definition).",
            "flag": "Churn from the customers' churn flag: one snapshot value for the current period "
                    "(setting churn_definition).",
            "inactivity": "Churn by inactivity: active in the previous period, no order or won deal in this one "
                          "(setting churn_definition).",
        }[named["churn_method"]])
    if "complaint_rate" in ids and ws is not None:
        known = _exists(ws, "SELECT 1 FROM orders WHERE customer_id IS NOT NULL") or \
            _exists(ws, "SELECT 1 FROM deals WHERE customer_id IS NOT NULL")
        named["complaint_basis"] = "customers" if known else "orders"
        notes.append("Complaints per active customer." if known else
                     "No customer ids are known: complaints per order (per 100 orders as a percentage).")
    if {"csat"} & ids and named["csat_mean"]:
        notes.append("CSAT as the mean rating rescaled to 0-100% (setting csat_definition).")
    return named, notes


# --------------------------------------------------------------------------- dimensions
def _resolve_dims(ws: Any, m: Metric, dims: list[str]) -> tuple[set, dict, dict]:
    """Check every dimension exists in the metric's data.

    Returns the canonical columns without data, the actual ``_extra`` keys, and for each dimension
    the entities that have it.
    """
    empty: set[tuple[str, str]] = set()
    keys: dict[tuple[str, str], str] = {}
    where: dict[str, set[str]] = {}
    entities = m.entities()
    for dim in dict.fromkeys(dims):
        where[dim] = set()
        for entity in entities:
            found = False
            fields = ENTITIES[entity].field_names
            name = canonical(dim, fields)
            cname = canonical(dim, CUSTOMER_FIELDS) if "customer_id" in fields else None
            if name and _exists(ws, f"SELECT 1 FROM {q(entity)} WHERE {q(name)} IS NOT NULL"):
                found = True
            elif name:
                empty.add((entity, name))
            if not found and cname:
                found = _exists(ws, f"SELECT 1 FROM customers WHERE {q(cname)} IS NOT NULL")
            if not found and not name and not cname:
                found = _exists(ws, f"SELECT 1 FROM {q(entity)} WHERE map_contains(_extra, $k)", {"k": dim})
            if not found and not name and not cname:
                sample = _memo(ws, ("keys", entity), lambda e=entity: ws.execute(
                    f"SELECT DISTINCT unnest(map_keys(_extra)) FROM (SELECT _extra FROM {q(e)} "
                    "WHERE _extra IS NOT NULL LIMIT 2000)"))
                match = [k for (k,) in sample if fold_text(k) == fold_text(dim)]
                if match:
                    keys[(entity, dim)] = match[0]
                    found = True
            if found:
                where[dim].add(entity)
        if not where[dim]:
            raise MetricUnavailable(
                f"{m.label.en} cannot be split or filtered by {dim!r}: none of its data "
                f"({', '.join(entities)}) has that column; choose another dimension.", metric_id=m.id)
    return empty, keys, where


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
         filters: dict | None) -> tuple[pd.DataFrame, str, dict, list[str]]:
    flist = _filters(filters)
    dims = ([by] if by else []) + [d for d, _ in flist]
    empty, keys, where = _resolve_dims(ws, m, dims) if dims else (set(), {}, {})
    named, notes = _named_settings(ws, m, _k_now(periods, as_of))
    ctx = Ctx(by, flist, settings=named, empty=empty, extra_keys=keys, dim_entities=where)
    sql, params = compile_metric(m, ctx, _spine(periods, as_of))
    raw = ws.df(sql, params)
    out = pd.DataFrame({
        "metric": m.id,
        "period": raw["period"],
        "period_start": [periods[k].start for k in raw["k"]],
        "period_end": [periods[k].end for k in raw["k"]],
        "segment": raw["segment"].astype(object).where(raw["segment"].notna(), None),
        "value": pd.to_numeric(raw["value"], errors="coerce").astype(float),
    })
    for col in m.secondary_columns:
        out[col] = raw[col].to_numpy()
    out["partial"] = [periods[k].to_date(as_of) < periods[k].end for k in raw["k"]]
    return out, sql, params, notes


def compute(ws: Any, metric_id: str, *, grain: str = "month", start: Any = None, end: Any = None,
            as_of: Any = None, by: str | None = None, filters: dict | None = None,
            fiscal_start: int | None = None) -> pd.DataFrame:
    """``metric_id`` per ``grain`` period (and ``by`` segment) over ``[start, end)``.

    Defaults: ``as_of`` the latest date in the data (else today in the workspace time zone);
    ``end`` the end of the period containing ``as_of``; ``start`` the first period with data.
    ``start``/``end`` may be dates, ISO strings or period labels (an end label is included).
    The running period is computed to date.  ``df.attrs`` holds ``sql``, ``params``, ``as_of``,
    ``unit`` and ``notes``.
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
        df, sql, params, notes = _run(ws, m, periods, as_of_d, by, filters)
    df.attrs.update(sql=sql, params=params, as_of=as_of_d, unit=m.unit, notes=notes, grain=grain,
                    fiscal_start=fs)
    return df


def metric_value(ws: Any, metric_id: str, *, start: Any, end: Any = None, filters: dict | None = None,
                 as_of: Any = None) -> MetricResult:
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
    df, sql, params, notes = _run(ws, m, [period], as_of_d, None, filters)
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
    as_of_d = as_date(as_of) if as_of is not None else (default_as_of(ws) if ws is not None else date.today())
    end_d = _bound(end, fs, end=True) or period_containing(as_of_d, grain, fs).end
    start_d = _bound(start, fs, end=False) or period_containing(as_of_d, grain, fs).start
    periods = [p for p in periods_between(start_d, end_d, grain, fs) if p.start <= as_of_d] or \
        [period_containing(as_of_d, grain, fs)]
    named, _ = _named_settings(ws, m, _k_now(periods, as_of_d))
    sql, params = compile_metric(m, Ctx(by, _filters(filters), settings=named), _spine(periods, as_of_d))
    return (sql_for_display(sql, params), {}) if display else (sql, params)
