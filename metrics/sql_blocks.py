"""The SQL building blocks of a metric statement: the compile context, dimensions and filters, the period
bucket, one source's SELECT, and the small CTEs every builder shares (see ``metrics.compile``)."""


from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from metrics.catalog import Metric, Source, fold
from store import ENTITIES
from store import quote_ident as q

CUSTOMER_FIELDS = ENTITIES["customers"].field_names
CUST_CTE = ("SELECT * FROM customers WHERE customer_id IS NOT NULL "
            "QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY _upload_id DESC, _row DESC) = 1")
CUST_UNIQUE_CTE = "SELECT * FROM customers WHERE customer_id IS NOT NULL"
SPINE_CTE = ("SELECT unnest($k::INTEGER[]) AS k, unnest($label::VARCHAR[]) AS label, "
             "unnest($ps::TIMESTAMP[]) AS ps, unnest($pe::TIMESTAMP[]) AS pe, unnest($pps::TIMESTAMP[]) AS pps")
# A CTE whose text starts with this is computed once (AS MATERIALIZED): for one read several times whose
# inputs are millions of rows; DuckDB would otherwise inline it into each reader and redo the work.
MATERIALIZE = "-- computed once\n    "
CHURN_FLAG = ("coalesce(t.churned, regexp_matches(lower(t.status), 'churn|流失|inactive|lost'), false)")


@dataclass
class Ctx:
    by: str | None
    filters: list[tuple[str, list]]
    settings: dict[str, Any] = field(default_factory=dict)  # named parameters: $csat_mean, $k_now, …
    empty: set[tuple[str, str]] = field(default_factory=set)  # (entity, column) without data: use the customer's
    extra_keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (entity, dim) -> actual _extra key
    dim_entities: dict[str, set[str]] | None = None  # dim -> entities whose data has it (None: unknown)
    bucket_kind: str = "months"  # how a time maps to its period index: months | days (weeks) | single
    params: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, str] = field(default_factory=dict)

    def use_customers(self) -> None:
        """Add the ``cust`` CTE: one row per customer id (deduplicated unless known to be unique)."""
        self.shared["cust"] = CUST_UNIQUE_CTE if self.settings.get("customers_unique") else CUST_CTE

    def bind(self, value: Any) -> str:
        for name, old in self.params.items():
            if type(old) is type(value) and old == value:
                return "$" + name
        name = f"p{len(self.params)}"
        self.params[name] = value
        return "$" + name


class Built(NamedTuple):
    ctes: list[tuple[str, str]]
    res: str
    names: str | None


# --------------------------------------------------------------------------- dimensions and filters
def canonical(dim: str, fields: tuple[str, ...]) -> str | None:
    if dim in fields:
        return dim
    low = dim.strip().lower()
    return low if low in fields else None


def as_text(expr: str, type_: str) -> str:
    return expr if type_ == "VARCHAR" else f"CAST({expr} AS VARCHAR)"


def dim_expr(ctx: Ctx, dim: str, entity: str, customer_join: bool = True) -> tuple[str, bool]:
    """SQL for ``dim`` on a row ``t`` of ``entity``: its column, else the customer's, else ``_extra``."""
    ent = ENTITIES[entity]
    name = canonical(dim, ent.field_names)
    if name and (entity, name) not in ctx.empty:
        return as_text(f"t.{q(name)}", ent.field(name).type), False
    if customer_join and entity != "customers" and "customer_id" in ent.field_names:
        cname = canonical(dim, CUSTOMER_FIELDS)
        if cname:
            return as_text(f"c.{q(cname)}", ENTITIES["customers"].field(cname).type), True
    if name:
        return as_text(f"t.{q(name)}", ent.field(name).type), False
    return f"t._extra[{ctx.bind(ctx.extra_keys.get((entity, dim), dim))}]", False


def filter_cond(ctx: Ctx, expr: str, values: list) -> str:
    parts = []
    given = [v for v in values if v is not None]
    if given:
        parts.append(f"{fold(expr)} IN ({', '.join(fold(ctx.bind(str(v))) for v in given)})")
    if len(given) < len(values):
        parts.append(f"{expr} IS NULL")
    return "(" + " OR ".join(parts or ["FALSE"]) + ")"


def skey(expr: str, ctx: Ctx) -> str:
    return f"coalesce({fold(expr)}, '')" if ctx.by else "''"


def bucket(ctx: Ctx, expr: str) -> str:
    """The index k of the period containing ``expr``.

    The periods of one statement are contiguous and rows are first kept to ``[lo, hi)`` (or
    ``[lo_prev, hi)``), so the bucket is exactly the period: k = -1 is the period before the first.
    """
    if ctx.bucket_kind == "days":
        return f"CAST(floor(date_diff('day', $w0, {expr}) / 7) AS INTEGER)"
    if ctx.bucket_kind == "single":
        return f"(CASE WHEN {expr} >= $ps0 THEN 0 ELSE -1 END)"
    return f"CAST(floor((year({expr}) * 12 + month({expr}) - $m0) / $step) AS INTEGER)"


def source_select(ctx: Ctx, src: Source, cols: list[str], *, lo: str = "", hi: str = "",
                  require_time: bool = True) -> str:
    """One SELECT of a source: ``_t``, [``_end``], ``_seg`` and ``cols``, filtered."""
    seg, join_c = dim_expr(ctx, ctx.by, src.entity) if ctx.by else ("NULL", False)
    conds = [f"({src.time}) IS NOT NULL"] if require_time else []
    if src.where:
        conds.append(f"({src.where})")
    for dim, values in ctx.filters:
        expr, j = dim_expr(ctx, dim, src.entity)
        join_c |= j
        conds.append(filter_cond(ctx, expr, values))
    if lo:
        conds.append(f"({src.time}) >= {lo}")
    if hi:
        conds.append(f"({src.time}) < {hi}")
    given = dict(src.cols)
    select = [f"{src.time} AS _t"] + ([f"{src.end} AS _end"] if src.end else [])
    select += [f"{seg} AS _seg"] + [f"{given.get(c, 'NULL')} AS {q(c)}" for c in cols]
    join = ""
    if join_c:
        ctx.use_customers()
        join = " LEFT JOIN cust c ON c.customer_id = t.customer_id"
    where = " AND ".join(conds) or "TRUE"
    return f"SELECT {', '.join(select)} FROM {from_source(ctx, src)} t{join} WHERE {where}"


def from_source(ctx: Ctx, src: Source) -> str:
    """The source's table, or its subquery as a named CTE (shared when several metrics use the same one)."""
    if not src.from_:
        return q(src.entity)
    body = src.from_.strip()
    body = body[1:-1] if body.startswith("(") and body.endswith(")") else body
    name = f"{src.entity}_{hashlib.sha1(body.encode()).hexdigest()[:8]}"
    ctx.shared[name] = body
    return name


def union_sources(ctx: Ctx, sources: tuple[Source, ...], **kw: Any) -> str:
    cols = list(dict.fromkeys(c for s in sources for c, _ in s.cols))
    return "\n    UNION ALL\n    ".join(source_select(ctx, s, cols, **kw) for s in sources)


def result_cte(m: Metric, prefix: str, agg: str) -> tuple[str, str]:
    secs = "".join(f", {expr} AS {q(name)}" for name, expr in m.secondary)
    return f"{prefix}res", f"SELECT k, skey, {m.value} AS value{secs} FROM {agg}"


def names_ctes(ctx: Ctx, prefix: str, rows: str) -> list[tuple[str, str]]:
    # the most frequent original label; ties go to the first in sort order, so the name is stable
    counted = f"SELECT skey, _seg, count(*) AS n FROM {rows} WHERE _seg IS NOT NULL GROUP BY skey, _seg"
    names = f"SELECT skey, first(_seg ORDER BY n DESC, _seg) AS sname FROM ({counted}) GROUP BY skey"
    return [(f"{prefix}names", names)] if ctx.by else []


def by_k(ctx: Ctx, alias: str = "", *more: str) -> tuple[str, str]:
    """(select, group by) for the period k and the segment key: without a segment the key is a constant
    and is left out of the grouping (cheaper)."""
    a = f"{alias}." if alias else ""
    keys = [f"{a}k"] + ([f"{a}skey"] if ctx.by else []) + list(more)
    select = [f"{a}k"] + ([f"{a}skey"] if ctx.by else ["'' AS skey"]) + list(more)
    return ", ".join(select), ", ".join(keys)


def aggs_sql(m: Metric) -> str:
    return ", ".join(f"{expr} AS {q(name)}" for name, expr in m.aggs)
