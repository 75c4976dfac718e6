"""Canonical fields computed from other fields: deal status from the stage, ticket hours from timestamps,
order amounts from quantity x price, conversion from a status, currencies from symbols.

``derived_columns`` returns one SQL expression per entity field over the staged table, whose columns are
``f_<field>`` (the parsed value of a mapped field) and ``r_<field>`` (its trimmed raw text).  A field the
file maps directly always wins over a derived value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.plan.columns import FieldRule, scale_from_header
from ingest.plan.numbers import currency_sql, header_currency, sql_literal
from ingest.plan.values import (
    CHURNED_WORDS,
    CONVERTED_WORDS,
    DEFAULT_COMPLAINT_TERMS,
    RESOLVED_PREFIXES,
    RESOLVED_WORDS,
    contains_any_sql,
    deal_status_sql,
    folded_in_sql,
    order_status_sql,
    outcome_sql,
)
from store import quote_ident
from store.entities import ENTITIES


def f_col(name: str) -> str:
    return quote_ident(f"f_{name}")


def r_col(name: str) -> str:
    return quote_ident(f"r_{name}")


@dataclass
class DeriveContext:
    entity: str
    rules: dict[str, FieldRule]
    complaint_terms: tuple[str, ...] = DEFAULT_COMPLAINT_TERMS
    notes: list[str] = field(default_factory=list)  # what was derived, for the report
    present: set[str] = field(default_factory=set)  # fields that get a value (mapped or derived)
    # Values several derived fields use (a deal's status), computed once in an inner SELECT as d_<name>.
    pre: dict[str, str] = field(default_factory=dict)

    # (field, builder) -> SQL: the load replaces builder(f_<field>) by a lookup in a MAP computed over the
    # column's distinct values (5x cheaper on a million rows than matching word lists on every row).
    lookup: Callable[[str, Callable[[str], str]], str] | None = None

    def vocab(self, name: str, build: Callable[[str], str]) -> str:
        if self.lookup is not None and name in self.rules and self.rules[name].is_text:
            return self.lookup(name, build)
        return build(f_col(name))

    def once(self, name: str, sql: str) -> str:
        self.pre[name] = sql
        return quote_ident(f"d_{name}")

    def has(self, name: str) -> bool:
        return name in self.rules

    def f(self, name: str) -> str | None:
        return f_col(name) if name in self.rules else None


def _hours_between(start: str, end: str, per: float = 3600.0) -> str:
    return f"(date_diff('second', {start}, {end}) / {per!r})"


def _currency(ctx: DeriveContext, money_fields: tuple[str, ...]) -> str | None:
    """From the symbol in the money cells ($ -> USD, ¥ -> CNY), else from the header unit (金额(元))."""
    parts = [currency_sql(r_col(m)) for m in money_fields if ctx.has(m) and ctx.rules[m].kind == "number"]
    header_code = next(
        (
            header_currency(ctx.rules[m].column)
            for m in money_fields
            if ctx.has(m) and header_currency(ctx.rules[m].column)
        ),
        None,
    )
    if header_code:
        parts.append(sql_literal(header_code))
    if not parts:
        return None
    if header_code:
        ctx.notes.append(f"currency {header_code} from the header, unless a cell names another")
    first_money = next(m for m in money_fields if ctx.has(m))
    return f"(CASE WHEN {f_col(first_money)} IS NOT NULL THEN coalesce({', '.join(parts)}) END)"


def _scale(ctx: DeriveContext, score_field: str) -> str | None:
    if not ctx.has(score_field):
        return None
    header_top = scale_from_header(ctx.rules[score_field].column)
    score = f_col(score_field)
    if header_top:
        return f"(CASE WHEN {score} IS NOT NULL THEN {header_top!r} END)"
    if ctx.rules[score_field].kind == "rating":
        # The largest score in the file decides the scale: 1-5, 0-10 (NPS) or 0-100.
        return (
            f"(CASE WHEN {score} IS NULL THEN NULL WHEN max({score}) OVER () <= 5 THEN 5.0 "
            f"WHEN max({score}) OVER () <= 10 THEN 10.0 ELSE 100.0 END)"
        )
    return None


def _deals(ctx: DeriveContext) -> dict[str, str]:
    out: dict[str, str] = {}
    cols = [n for n in ("status", "stage") if ctx.has(n)]
    outcomes = [ctx.vocab(n, outcome_sql) for n in cols]
    status = ctx.once("status", deal_status_sql(ctx.f("status"), ctx.f("stage"), outcomes))
    out["status"] = status
    if not ctx.has("sales_cycle_days") and ctx.has("created_at") and ctx.has("closed_at"):
        ctx.notes.append("sales_cycle_days = closed_at - created_at for won and lost deals")
        out["sales_cycle_days"] = (
            f"(CASE WHEN {status} IN ('won', 'lost') THEN "
            f"{_hours_between(f_col('created_at'), f_col('closed_at'), 86400.0)} END)"
        )
    if not ctx.has("currency"):
        cur = _currency(ctx, ("amount",))
        if cur:
            out["currency"] = cur
    return out


def _flag(ctx: DeriveContext, flag: str, date_field: str, words) -> str | None:
    """A yes/no field from the file's own column, else from its date (a date means yes), else from status
    words; no where the date column is empty or the status is known.  None when nothing tells."""
    branches = []
    if ctx.has(flag):
        branches.append(f"WHEN {f_col(flag)} IS NOT NULL THEN {f_col(flag)}")
    if ctx.has(date_field):
        branches.append(f"WHEN {f_col(date_field)} IS NOT NULL THEN TRUE")
    if ctx.has("status"):
        branches.append(f"WHEN {ctx.vocab('status', lambda c: folded_in_sql(c, words))} THEN TRUE")
    if not branches:
        return None
    known = ["TRUE"] if ctx.has(date_field) else []  # a date column is present: no date means no
    if ctx.has("status"):
        known.append(f"{f_col('status')} IS NOT NULL")
    tail = f" WHEN {' OR '.join(known)} THEN FALSE" if known else ""
    return f"(CASE {' '.join(branches)}{tail} END)"


def _leads(ctx: DeriveContext) -> dict[str, str]:
    converted = _flag(ctx, "converted", "converted_at", CONVERTED_WORDS)
    if converted is None:
        return {}
    if not ctx.has("converted"):
        ctx.notes.append("converted from " + ", ".join(n for n in ("converted_at", "status") if ctx.has(n)))
    return {"converted": converted}


def _customers(ctx: DeriveContext) -> dict[str, str]:
    churned = _flag(ctx, "churned", "churned_at", CHURNED_WORDS)
    return {} if churned is None else {"churned": churned}


def _orders(ctx: DeriveContext) -> dict[str, str]:
    out: dict[str, str] = {}
    amount = f_col("amount") if ctx.has("amount") else None
    if amount is None and ctx.has("quantity") and ctx.has("unit_price"):
        ctx.notes.append("amount = quantity x unit_price")
        amount = f"({f_col('quantity')} * {f_col('unit_price')})"
        out["amount"] = amount
    negative = " OR ".join(f"{x} < 0" for x in (amount, ctx.f("quantity")) if x) or "FALSE"
    rules = []
    if ctx.has("status"):
        rules.append(ctx.vocab("status", order_status_sql))
    if ctx.has("order_id"):
        # UCI-style invoices: "C536379" is the cancellation of an invoice.
        rules.append(f"(CASE WHEN regexp_full_match({f_col('order_id')}, '[Cc]\\d+') THEN 'cancelled' END)")
    rules.append(f"(CASE WHEN {negative} THEN 'refunded' END)")
    status = ctx.once("status", f"coalesce({', '.join(rules)})")
    out["status"] = status
    if not ctx.has("refund_amount") and amount is not None:
        out["refund_amount"] = (
            f"(CASE WHEN {amount} < 0 AND {status} IS DISTINCT FROM 'cancelled' THEN -{amount} END)"
        )
    if not ctx.has("currency"):
        cur = _currency(ctx, ("amount", "unit_price"))
        if cur:
            out["currency"] = cur
    return out


def _tickets(ctx: DeriveContext) -> dict[str, str]:
    out: dict[str, str] = {}
    created = ctx.f("created_at")
    if not ctx.has("first_response_hours") and created and ctx.has("first_response_at"):
        ctx.notes.append("first_response_hours = first_response_at - created_at")
        out["first_response_hours"] = _hours_between(created, f_col("first_response_at"))
    if not ctx.has("resolution_hours") and created and ctx.has("resolved_at"):
        ctx.notes.append("resolution_hours = resolved_at - created_at")
        out["resolution_hours"] = _hours_between(created, f_col("resolved_at"))
    branches = []
    if ctx.has("resolved"):
        branches.append(f"WHEN {f_col('resolved')} IS NOT NULL THEN {f_col('resolved')}")
    if ctx.has("status"):
        resolved = ctx.vocab("status", lambda c: folded_in_sql(c, RESOLVED_WORDS, RESOLVED_PREFIXES))
        branches.append(f"WHEN {resolved} THEN TRUE")
    if ctx.has("resolved_at"):
        branches.append(f"WHEN {f_col('resolved_at')} IS NOT NULL THEN TRUE")
    if ctx.has("resolution_hours"):
        branches.append(f"WHEN {f_col('resolution_hours')} IS NOT NULL THEN TRUE")
    if ctx.has("status"):
        branches.append(f"WHEN {f_col('status')} IS NOT NULL THEN FALSE")
    if branches and not ctx.has("resolved"):
        out["resolved"] = f"(CASE {' '.join(branches)} END)"
    if not ctx.has("is_complaint"):
        cols = [f_col(n) for n in ("type", "category", "subject") if ctx.has(n)]
        if cols:
            out["is_complaint"] = contains_any_sql(cols, ctx.complaint_terms)
    if not ctx.has("satisfaction_scale"):
        scale = _scale(ctx, "satisfaction")
        if scale:
            out["satisfaction_scale"] = scale
    return out


def _surveys(ctx: DeriveContext) -> dict[str, str]:
    if ctx.has("scale"):
        return {}
    scale = _scale(ctx, "score")
    return {"scale": scale} if scale else {}


def _spend(ctx: DeriveContext) -> dict[str, str]:
    if ctx.has("currency"):
        return {}
    cur = _currency(ctx, ("amount",))
    return {"currency": cur} if cur else {}


_DERIVERS = {
    "deals": _deals,
    "leads": _leads,
    "customers": _customers,
    "orders": _orders,
    "tickets": _tickets,
    "surveys": _surveys,
    "spend": _spend,
}


def derived_columns(ctx: DeriveContext) -> dict[str, str]:
    """field -> SQL over the staged table, for every field of the entity (NULL when unknown)."""
    entity = ENTITIES[ctx.entity]
    derived = _DERIVERS.get(ctx.entity, lambda c: {})(ctx)
    out: dict[str, str] = {}
    for fld in entity.fields:
        if fld.name in ctx.rules and not (ctx.entity in {"deals", "orders"} and fld.name == "status"):
            out[fld.name] = f_col(fld.name)
            ctx.present.add(fld.name)
        elif fld.name in derived:
            out[fld.name] = derived[fld.name]
            ctx.present.add(fld.name)
        else:
            out[fld.name] = f"CAST(NULL AS {fld.type})"
        out[fld.name] = f"CAST({out[fld.name]} AS {fld.type})"
    return out


def with_pre(ctx: DeriveContext, source: str) -> str:
    """``source`` (a table or parenthesised subquery) plus the d_<name> values; call after derived_columns."""
    if not ctx.pre:
        return source
    cols = ", ".join(f"{sql} AS {quote_ident(f'd_{name}')}" for name, sql in ctx.pre.items())
    return f"(SELECT *, {cols} FROM {source})"
