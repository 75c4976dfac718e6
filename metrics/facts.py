"""What the engine needs to know about a workspace before it computes: settings, requirements met,
the latest date in the data, where a dimension lives.

Facts (and query results) are remembered per workspace until its data changes: every public
function first calls ``_refresh``, which compares a cheap fingerprint (each table's size and the
uploads registry) and reads the settings once.
"""

from __future__ import annotations

import json
import re
import weakref
from datetime import date
from typing import Any

from metrics.catalog import DEAL_STATE, Metric, MetricUnavailable, Text, get_metric, lookup
from metrics.compile import CUSTOMER_FIELDS, canonical
from metrics.periods import as_date
from store import ENTITIES
from store import quote_ident as q
from store.clock import today
from store.fold import fold_label

DEFAULTS: dict[str, Any] = {
    "fiscal_start_month": 1,
    "timezone": "UTC",
    "csat_definition": "top2box",
    "churn_definition": "auto",
    "referral_channels": ["referral", "referred", "word of mouth", "转介绍", "老带新", "口碑", "推荐"],
    "complaint_terms": ["complaint", "complain", "投诉", "客诉", "抱怨"],
}
MAX_REMEMBERED = 1000  # facts and results kept per workspace


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


def terms_pattern(terms: list[str]) -> str:
    folded = [re.escape(fold_label(t)) for t in terms if fold_label(t)]
    return "(?:" + "|".join(folded) + ")" if folded else "(?!)"


# Facts about the data (requirements met, latest date, …) are remembered per workspace until its data
# changes (row counts or uploads differ), so that a page rerun does not scan the tables again.
_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# The fingerprint: each table's size (grows with every insert) and the uploads registry (every load, replacement
# and deletion through the store changes it).
_FINGERPRINT = ("SELECT (SELECT list((table_name, estimated_size) ORDER BY table_name) FROM duckdb_tables() "
                "WHERE schema_name = 'main'), (SELECT count(*) FROM uploads), (SELECT max(id) FROM uploads), "
                "(SELECT list((key, value)) FROM settings)")


def _refresh(ws: Any) -> None:
    """Read the settings, and forget the remembered facts of ``ws`` when its data changed.

    Called at the start of every public function (one small query).
    """
    if ws is None:
        return
    *fingerprint, raw_settings = ws.execute(_FINGERPRINT)[0]
    fingerprint = tuple(map(str, fingerprint))
    current = {key: json.loads(value) for key, value in raw_settings or []}
    entry = _MEMO.get(ws)
    facts = entry[1] if entry is not None and entry[0] == fingerprint else {}
    _MEMO[ws] = (fingerprint, facts, current)


def forget(ws: Any) -> None:
    """Forget what was remembered about ``ws`` (facts and results); the next call reads the data again."""
    _MEMO.pop(ws, None)


def _memo(ws: Any, key: Any, fn: Any) -> Any:
    entry = _MEMO.get(ws)
    if entry is None:
        return fn()
    facts = entry[1]
    if key not in facts:
        if len(facts) > MAX_REMEMBERED:
            facts.clear()
        facts[key] = fn()
    return facts[key]


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
    if ws is not None:
        named["customers_unique"] = _memo(ws, "customers_unique", lambda: bool(ws.scalar(
            "SELECT count(*) = count(DISTINCT customer_id) FROM customers WHERE customer_id IS NOT NULL")))
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
                match = [k for (k,) in sample if fold_label(k) == fold_label(dim)]
                if match:
                    keys[(entity, dim)] = match[0]
                    found = True
            if found:
                where[dim].add(entity)
        if not where[dim]:
            raise MetricUnavailable(
                f"{m.label.en} cannot be split or filtered by {dim!r}: none of its data "
                f"({', '.join(entities)}) has that column; choose another dimension.", metric_id=m.id,
                zh=f"{m.label.zh}无法按“{dim}”拆分或筛选：其数据（{', '.join(entities)}）中没有该列，请选择其他维度。")
    return empty, keys, where
