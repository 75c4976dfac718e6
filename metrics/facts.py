"""What the engine needs to know about a workspace before it computes: settings, requirements met,
the latest date in the data, where a dimension lives.

``Facts(ws)`` reads the workspace's fingerprint and settings once (one small query) and answers from the
workspace's memo (store/memo.py) until its data changes, so a page rerun does not scan the tables again.
``Facts(None)`` answers with the defaults (compiling SQL without a workspace).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from i18n.messages import Text
from metrics.catalog import DEAL_STATE, Metric, MetricUnavailable, get_metric, lookup
from metrics.periods import Span, as_date
from metrics.sql_blocks import CUSTOMER_FIELDS, canonical
from store import ENTITIES
from store import quote_ident as q
from store.clock import today
from store.fold import fold_label
from store.protocol import WorkspaceLike

DEFAULTS: dict[str, Any] = {
    "fiscal_start_month": 1,
    "timezone": "UTC",
    "csat_definition": "top2box",
    "churn_definition": "auto",
    "referral_channels": ["referral", "referred", "word of mouth", "转介绍", "老带新", "口碑", "推荐"],
    "complaint_terms": ["complaint", "complain", "投诉", "客诉", "抱怨"],
    "freshness_days": 14,  # data whose latest record is older than this before the as-of date is called stale
}
EVER = Span(date.min, date.max)  # data without dates: it may hold for any period
CHURN_NOTES = {
    "explicit": "Churn from the customers' churn dates (setting churn_definition).",
    "flag": "Churn from the customers' churn flag: one snapshot value for the current period (setting "
            "churn_definition).",
    "inactivity": "Churn by inactivity: active in the previous period, no order or won deal in this one "
                  "(setting churn_definition).",
}


def terms_pattern(terms: list[str]) -> str:
    folded = [re.escape(fold_label(t)) for t in terms if fold_label(t)]
    return "(?:" + "|".join(folded) + ")" if folded else "(?!)"


def closure(m: Metric) -> set[str]:
    """The metric and every metric it is built from."""
    ids = {m.id}
    for _, pid in m.parts:
        ids |= closure(lookup(pid))
    return ids


@dataclass
class Dimensions:
    """Where the query's dimensions live in a metric's data (see Facts.resolve_dims)."""

    empty: set[tuple[str, str]] = field(default_factory=set)  # (entity, column) mapped but without data
    extra_keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (entity, dim) -> actual _extra key
    where: dict[str, set[str]] = field(default_factory=dict)  # dim -> the entities whose data has it


class Facts:
    """Answers about one workspace's data, remembered on the workspace until the data changes."""

    def __init__(self, ws: WorkspaceLike | None) -> None:
        self.ws = ws
        self.settings: dict[str, Any] = {}
        if ws is not None:
            generation = getattr(ws, "generation", None)  # this process's writes (store.Workspace.write)
            if ws.memo.is_fresh(generation):
                self.settings = ws.memo.settings
            else:
                fingerprint, self.settings = ws.fingerprint()
                ws.memo.refresh(fingerprint, self.settings, generation)

    # ------------------------------------------------------------------ settings and memory
    def setting(self, key: str) -> Any:
        value = self.settings.get(key)
        return DEFAULTS.get(key) if value in (None, "", []) else value

    def remember(self, key: Any, compute: Any) -> Any:
        return compute() if self.ws is None else self.ws.memo.get(key, compute)

    def exists(self, sql: str, params: dict | None = None) -> bool:
        if self.ws is None:
            return False
        key = ("exists", sql, json.dumps(params, sort_keys=True, default=str))
        return self.remember(key, lambda: bool(self.ws.scalar(f"SELECT EXISTS ({sql})", params)))

    # ------------------------------------------------------------------ dates
    def latest_data_date(self) -> date | None:
        """The as-of date the pages open on: the last day the main kinds of data all have (see
        ``_default_end``); None for an empty workspace."""
        return self.remember("latest", self._default_end) if self.ws is not None else None

    # Entities with fewer rows than this share of the largest one do not decide the default as-of date, nor do
    # those whose data ends more than STALE_FOR_DEFAULT days before the freshest (their staleness is reported).
    MAIN_SHARE = 0.1
    STALE_FOR_DEFAULT = timedelta(days=92)

    def _default_end(self) -> date | None:
        counts = {e: n for e, n in self.row_counts().items() if n}
        spans = {e: self.coverage(e) for e in counts}
        # data without dates (EVER) says nothing of when the data ends: its date.max would open the pages in year 9999
        spans = {e: s for e, s in spans.items() if s is not None and s != EVER}
        if not spans:
            return None
        largest = max(counts[e] for e in spans)
        main = {e: s.last for e, s in spans.items() if counts[e] >= self.MAIN_SHARE * largest}
        freshest = max(main.values())
        return min(d for d in main.values() if freshest - d <= self.STALE_FOR_DEFAULT)

    def row_counts(self) -> dict[str, int]:
        if self.ws is None:
            return {}
        return self.remember("counts", lambda: {e: int(self.ws.scalar(f"SELECT count(*) FROM {q(e)}"))
                                                for e in ENTITIES})

    def default_as_of(self) -> date:
        return self.latest_data_date() or today(self.ws)

    def earliest(self, m: Metric) -> date | None:
        if self.ws is None:
            return None
        parts = [f"SELECT min({q(ENTITIES[e].date_field)}) AS d FROM {q(e)}" for e in m.entities()]
        value = self.remember(("earliest", m.id),
                              lambda: self.ws.scalar(f"SELECT min(d) FROM ({' UNION ALL '.join(parts)})"))
        return as_date(value) if value is not None else None

    # ------------------------------------------------------------------ coverage
    def coverage(self, entity: str) -> Span | None:
        """The days ``entity``'s data covers: its first and last event that has happened (every date field;
        the expected close dates of open deals, and any date after today, are plans, not events)."""
        if self.ws is None:
            return None
        return self.remember(("coverage", entity), lambda: self._coverage(entity))

    def _coverage(self, entity: str) -> Span | None:
        now = today(self.ws)
        lows, highs = [], []
        for f in ENTITIES[entity].fields:
            if f.type != "TIMESTAMP":
                continue
            open_deal = f" AND {DEAL_STATE} <> 'open'" if (entity, f.name) == ("deals", "closed_at") else ""
            col = f"t.{q(f.name)}"
            lows.append(f"min({col}) FILTER (WHERE {col} < $tomorrow{open_deal})")
            highs.append(f"max({col}) FILTER (WHERE {col} < $tomorrow{open_deal})")
        if not lows:
            return None
        row = self.ws.execute(f"SELECT least({', '.join(lows)}), greatest({', '.join(highs)}) FROM {q(entity)} t",
                              {"tomorrow": datetime.combine(now + timedelta(days=1), datetime.min.time())})[0]
        if row[0] is None:  # rows without a single date (a list of customers): when they hold is unknown
            return EVER if self.row_counts().get(entity) else None
        last = as_date(row[1])
        if ENTITIES[entity].dated_by_period:  # a month's spend is dated by its first day: it covers the month
            last = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return Span(as_date(row[0]), last)

    def metric_spans(self, m: Metric) -> list[Span]:
        """For each kind of data ``m`` needs, the days it covers (the entities that can meet the need, joined).
        A period has data for ``m`` on the days every one of them covers it (see metrics.engine)."""
        if self.ws is None:
            return []
        spans = []
        for need in m.needs:
            entities = [entity for entity, _ in need.parsed()] or list(m.entities())
            span = Span.union([self.coverage(e) for e in entities])
            spans.append(span if span is not None else Span(date.max, date.min))  # no data: covers nothing
        return spans

    # ------------------------------------------------------------------ requirements
    def _need_met(self, need: Any) -> bool:
        if need.check:
            return self.exists(need.check)
        for entity, groups in need.parsed():
            conds = " AND ".join("(" + " OR ".join(f"{q(f)} IS NOT NULL" for f in g) + ")" for g in groups)
            if self.exists(f"SELECT 1 FROM {q(entity)} WHERE {conds or 'TRUE'}"):
                return True
        return False

    def unmet(self, m: Metric) -> list[Text]:
        """What is missing for ``m``, one sentence each ("needs tickets with …"); empty when computable."""
        out = [n.text for n in m.needs if not self._need_met(n)]
        if (not out and "churn_rate" in closure(m) and self.setting("churn_definition") == "explicit"
                and self.churn_data() == (False, False)):
            out.append(Text("needs customers with a churn flag or churn date (setting churn_definition is explicit)",
                            "需要含流失标记或流失日期的客户（churn_definition 设置为 explicit）"))
        return out

    def ensure(self, m: Metric) -> None:
        """Raise MetricUnavailable (one sentence saying what to load) when ``m`` cannot be computed."""
        unmet = self.unmet(m)
        if unmet:
            text = unmet[0].en + "".join(" and " + t.en.removeprefix("needs ") for t in unmet[1:])
            raise MetricUnavailable(f"{m.label.en} {text}; load an export with that data first.",
                                    metric_id=m.id, needs=unmet, label=m.label)

    def churn_data(self) -> tuple[bool, bool]:
        dated = self.exists("SELECT 1 FROM customers WHERE churned_at IS NOT NULL")
        flagged = self.exists("SELECT 1 FROM customers WHERE churned IS NOT NULL") or self.exists(
            "SELECT 1 FROM (SELECT DISTINCT lower(status) AS s FROM customers) WHERE regexp_matches(s, 'churn|流失')")
        return dated, flagged

    # ------------------------------------------------------------------ settings a statement binds
    def named_settings(self, m: Metric, k_now: int) -> tuple[dict[str, Any], list[str]]:
        """The named parameters of ``m``'s statement that come from settings and the data, and the notes
        saying which definition was used (churn, complaints, CSAT)."""
        ids = closure(m)
        named: dict[str, Any] = {
            "csat_mean": self.setting("csat_definition") == "mean",
            "complaint_re": terms_pattern(list(self.setting("complaint_terms"))),
            "referral_re": terms_pattern(list(self.setting("referral_channels"))),
            "k_now": k_now,
            "churn_method": "inactivity",
            "complaint_basis": "customers",
        }
        notes = []
        if self.ws is not None:
            named["customers_unique"] = self.remember("customers_unique", lambda: bool(self.ws.scalar(
                "SELECT count(*) = count(DISTINCT customer_id) FROM customers WHERE customer_id IS NOT NULL")))
        if "churn_rate" in ids and self.ws is not None:
            choice = self.setting("churn_definition")
            dated, flagged = self.churn_data() if choice != "inactivity" else (False, False)
            named["churn_method"] = "explicit" if dated else "flag" if flagged else "inactivity"
            notes.append(CHURN_NOTES[named["churn_method"]])
        if "complaint_rate" in ids and self.ws is not None:
            known = self.exists("SELECT 1 FROM orders WHERE customer_id IS NOT NULL") or \
                self.exists("SELECT 1 FROM deals WHERE customer_id IS NOT NULL")
            named["complaint_basis"] = "customers" if known else "orders"
            notes.append("Complaints per active customer." if known else
                         "No customer ids are known: complaints per order (per 100 orders as a percentage).")
        if {"csat"} & ids and named["csat_mean"]:
            notes.append("CSAT as the mean rating rescaled to 0-100% (setting csat_definition).")
        return named, notes

    # ------------------------------------------------------------------ dimensions
    def resolve_dims(self, m: Metric, dims: list[str]) -> Dimensions:
        """Where each dimension lives in ``m``'s data: a mapped column with data, the customer's column, or an
        original column in ``_extra`` (its key as written); MetricUnavailable when none of the data has it."""
        out = Dimensions()
        entities = m.entities()
        for dim in dict.fromkeys(dims):
            out.where[dim] = {entity for entity in entities if self._dim_in(entity, dim, out)}
            if not out.where[dim]:
                raise MetricUnavailable(
                    f"{m.label.en} cannot be split or filtered by {dim!r}: none of its data "
                    f"({', '.join(entities)}) has that column; choose another dimension.", metric_id=m.id,
                    zh=f"{m.label.zh}无法按“{dim}”拆分或筛选：其数据（{', '.join(entities)}）中没有该列，请选择其他维度。")
        return out

    def _dim_in(self, entity: str, dim: str, out: Dimensions) -> bool:
        fields = ENTITIES[entity].field_names
        name = canonical(dim, fields)
        cname = canonical(dim, CUSTOMER_FIELDS) if "customer_id" in fields else None
        if name and self.exists(f"SELECT 1 FROM {q(entity)} WHERE {q(name)} IS NOT NULL"):
            return True
        if name:
            out.empty.add((entity, name))
        if cname and self.exists(f"SELECT 1 FROM customers WHERE {q(cname)} IS NOT NULL"):
            return True
        if name or cname:
            return False
        if self.exists(f"SELECT 1 FROM {q(entity)} WHERE map_contains(_extra, $k)", {"k": dim}):
            return True
        if self.ws is None:
            return False
        sample = self.remember(("keys", entity), lambda: self.ws.execute(
            f"SELECT DISTINCT unnest(map_keys(_extra)) FROM (SELECT _extra FROM {q(entity)} "
            "WHERE _extra IS NOT NULL LIMIT 2000)"))
        match = [k for (k,) in sample if fold_label(k) == fold_label(dim)]
        if match:
            out.extra_keys[(entity, dim)] = match[0]
        return bool(match)


# ------------------------------------------------------------------ the public questions
def setting(ws: WorkspaceLike | None, key: str) -> Any:
    """A workspace setting, or its default."""
    value = ws.get_setting(key, None) if ws is not None else None
    return DEFAULTS.get(key) if value in (None, "", []) else value


def requirements(ws: WorkspaceLike | None, metric_id: str, lang: str = "en") -> list[str]:
    """What is missing for ``metric_id``, one sentence each ("needs tickets with …"); empty when computable."""
    return [t.get(lang) for t in Facts(ws).unmet(get_metric(metric_id))]


def unavailable_metrics(ws: WorkspaceLike | None, entity: str, lang: str = "en") -> list[tuple[str, list[str]]]:
    """(metric id, what is missing) for the catalog metrics over ``entity`` that its data cannot give."""
    from metrics.catalog import REGISTRY

    facts = Facts(ws)
    out = []
    for metric_id, metric in REGISTRY.items():
        if metric.entity != entity or metric_id.startswith("_"):
            continue
        missing = [t.get(lang) for t in facts.unmet(metric)]
        if missing:
            out.append((metric_id, missing))
    return out


def latest_data_date(ws: WorkspaceLike | None) -> date | None:
    return Facts(ws).latest_data_date()


def default_as_of(ws: WorkspaceLike | None) -> date:
    return Facts(ws).default_as_of()


def stale_data(ws: WorkspaceLike | None, as_of: date) -> list[tuple[str, date, int]]:
    """(entity, its last date, days before ``as_of``) for every kind of data that ends more than the setting
    ``freshness_days`` (default 14) before ``as_of``."""
    facts = Facts(ws)
    limit = int(facts.setting("freshness_days"))
    out = []
    for entity in ENTITIES:
        span = facts.coverage(entity)
        if span is not None and span.last < date.max and (as_of - span.last).days > limit:
            out.append((entity, span.last, (as_of - span.last).days))
    return out


def data_span(ws: WorkspaceLike | None, metric_id: str) -> Span | None:
    """The days every kind of data ``metric_id`` needs is there (None without a workspace or data)."""
    spans = Facts(ws).metric_spans(get_metric(metric_id))
    return Span.intersection(spans) if spans else None


def forget(ws: WorkspaceLike) -> None:
    """Forget what was remembered about ``ws`` (facts and results); the next call reads the data again."""
    ws.memo.forget()
