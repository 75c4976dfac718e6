"""Compile a catalog metric, a list of periods, a segment dimension and filters into ONE DuckDB statement.

Shape of every statement::

    WITH spine AS (periods: k, label, ps, pe (exclusive, cut at the as-of date), pps (previous start)),
         [cust AS (customers, one row per customer_id)],
         m_b AS (the metric's rows: _t time, _seg segment, named columns; UNION ALL of its sources),
         m_j AS (rows with their period k: rows are kept to [first start, last end) and the periods
                 are contiguous, so k is computed from the time (months or days since the first start)),
         m_agg AS (aggregates per period k and folded segment skey),
         m_res AS (value and secondary figures), m_names AS (shown name of each segment: the mode)
    SELECT k, period, segment, value, <secondary figures> FROM spine x segments LEFT JOIN m_res

Values are bound as named parameters (``$p0``, ``$ps``, ``$complaint_re`` …); the only
identifiers that come from users (dimension columns) go through ``store.quote_ident`` or are
looked up in ``_extra`` with a bound key.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, NamedTuple

from metrics.catalog import Metric, Source, fold, lookup
from store import ENTITIES
from store import quote_ident as q

CUSTOMER_FIELDS = ENTITIES["customers"].field_names
CUST_CTE = ("SELECT * FROM customers WHERE customer_id IS NOT NULL "
            "QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY _upload_id DESC, _row DESC) = 1")
CUST_UNIQUE_CTE = "SELECT * FROM customers WHERE customer_id IS NOT NULL"
SPINE_CTE = ("SELECT unnest($k::INTEGER[]) AS k, unnest($label::VARCHAR[]) AS label, "
             "unnest($ps::TIMESTAMP[]) AS ps, unnest($pe::TIMESTAMP[]) AS pe, unnest($pps::TIMESTAMP[]) AS pps")
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


def _text(expr: str, type_: str) -> str:
    return expr if type_ == "VARCHAR" else f"CAST({expr} AS VARCHAR)"


def dim_expr(ctx: Ctx, dim: str, entity: str, customer_join: bool = True) -> tuple[str, bool]:
    """SQL for ``dim`` on a row ``t`` of ``entity``: its column, else the customer's, else ``_extra``."""
    ent = ENTITIES[entity]
    name = canonical(dim, ent.field_names)
    if name and (entity, name) not in ctx.empty:
        return _text(f"t.{q(name)}", ent.field(name).type), False
    if customer_join and entity != "customers" and "customer_id" in ent.field_names:
        cname = canonical(dim, CUSTOMER_FIELDS)
        if cname:
            return _text(f"c.{q(cname)}", ENTITIES["customers"].field(cname).type), True
    if name:
        return _text(f"t.{q(name)}", ent.field(name).type), False
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
    return f"SELECT {', '.join(select)} FROM {_from(ctx, src)} t{join} WHERE {where}"


def _from(ctx: Ctx, src: Source) -> str:
    """The source's table, or its subquery as a named CTE (shared when several metrics use the same one)."""
    if not src.from_:
        return q(src.entity)
    body = src.from_.strip()
    body = body[1:-1] if body.startswith("(") and body.endswith(")") else body
    name = f"{src.entity}_{hashlib.sha1(body.encode()).hexdigest()[:8]}"
    ctx.shared[name] = body
    return name


def _union(ctx: Ctx, sources: tuple[Source, ...], **kw: Any) -> str:
    cols = list(dict.fromkeys(c for s in sources for c, _ in s.cols))
    return "\n    UNION ALL\n    ".join(source_select(ctx, s, cols, **kw) for s in sources)


def _result(m: Metric, prefix: str, agg: str) -> tuple[str, str]:
    secs = "".join(f", {expr} AS {q(name)}" for name, expr in m.secondary)
    return f"{prefix}res", f"SELECT k, skey, {m.value} AS value{secs} FROM {agg}"


def _names(ctx: Ctx, prefix: str, rows: str) -> list[tuple[str, str]]:
    # the most frequent original label; ties go to the first in sort order, so the name is stable
    counted = f"SELECT skey, _seg, count(*) AS n FROM {rows} WHERE _seg IS NOT NULL GROUP BY skey, _seg"
    names = f"SELECT skey, first(_seg ORDER BY n DESC, _seg) AS sname FROM ({counted}) GROUP BY skey"
    return [(f"{prefix}names", names)] if ctx.by else []


def _by_k(ctx: Ctx, alias: str = "", *more: str) -> tuple[str, str]:
    """(select, group by) for the period k and the segment key: without a segment the key is a constant
    and is left out of the grouping (cheaper)."""
    a = f"{alias}." if alias else ""
    keys = [f"{a}k"] + ([f"{a}skey"] if ctx.by else []) + list(more)
    select = [f"{a}k"] + ([f"{a}skey"] if ctx.by else ["'' AS skey"]) + list(more)
    return ", ".join(select), ", ".join(keys)


def _aggs(m: Metric) -> str:
    return ", ".join(f"{expr} AS {q(name)}" for name, expr in m.aggs)


# --------------------------------------------------------------------------- builders
def build_events(ctx: Ctx, m: Metric, prefix: str) -> Built:
    if m.window == "open_at_end":  # a row counts in every period whose end falls in [_t, _end]
        rows = _union(ctx, m.sources, hi="$hi")
        joined = f"{prefix}b b JOIN spine p ON b._t < p.pe AND b._end >= p.pe"
        ctes = [(f"{prefix}b", rows), (f"{prefix}j", f"SELECT p.k, {skey('b._seg', ctx)} AS skey, b.* FROM {joined}")]
    else:  # rows are inside [lo, hi) and the periods are contiguous: the bucket is the period
        rows = _union(ctx, m.sources, lo="$lo", hi="$hi")
        ctes = [(f"{prefix}b", rows),
                (f"{prefix}j", f"SELECT {bucket(ctx, 'b._t')} AS k, {skey('b._seg', ctx)} AS skey, b.* FROM {prefix}b b")]
    src = f"{prefix}j"
    if m.per:
        inner = ", ".join(f"{expr} AS {q(name)}" for name, expr in m.inner)
        sel, grp = _by_k(ctx, "", q(m.per))
        ctes.append((f"{prefix}s", f"SELECT {sel}, {inner} FROM {prefix}j GROUP BY {grp}"))
        src = f"{prefix}s"
    sel, grp = _by_k(ctx)
    ctes.append((f"{prefix}agg", f"SELECT {sel}, {_aggs(m)} FROM {src} GROUP BY {grp}"))
    ctes += _names(ctx, prefix, f"{prefix}j")
    ctes.append(_result(m, prefix, f"{prefix}agg"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def _narrow(ctx: Ctx, m: Metric) -> Ctx:
    """The context for a part: without the dimensions its data does not have (its total then applies to
    every segment, e.g. complaints of high-priority tickets per active customer)."""
    if ctx.dim_entities is None:
        return ctx
    ents = set(m.entities())

    def has(dim: str) -> bool:
        return bool(ents & ctx.dim_entities.get(dim, set()))

    return replace(ctx, by=ctx.by if ctx.by and has(ctx.by) else None,
                   filters=[(d, v) for d, v in ctx.filters if has(d)])


def build_parts(ctx: Ctx, m: Metric, prefix: str, parts: tuple[tuple[str, str], ...] | None = None) -> Built:
    """A metric derived from other metrics of the same period and segment (``a.value``, ``b.base`` …)."""
    parts = parts or m.parts
    ctes: list[tuple[str, str]] = []
    cols, names, keyed, joins = [], [], [], []
    for alias, pid in parts:
        pm = lookup(pid)
        sub = _narrow(ctx, pm)
        built = build(sub, pm, f"{prefix}{alias}_")
        ctes += built.ctes
        if built.names:
            names.append(built.names)
        split = sub.by == ctx.by
        if split:
            keyed.append(built.res)
        on = f"{alias}.k = y.k" + (f" AND {alias}.skey = y.skey" if split else "")
        joins.append(f"LEFT JOIN {built.res} {alias} ON {on}")
        value = f"coalesce({alias}.value, 0)" if pm.aggregation in ZERO_FILLED else f"{alias}.value"
        cols.append(f"{value} AS {alias}_value")
        cols += [f"coalesce({alias}.{q(n)}, 0) AS {alias}_{n}" if n in pm.zero_fill else f"{alias}.{q(n)} AS {alias}_{n}"
                 for n in pm.secondary_columns]
    keys = " UNION ".join(f"SELECT k, skey FROM {r}" for r in keyed)
    ctes.append((f"{prefix}x", f"SELECT y.k, y.skey, {', '.join(cols)} FROM ({keys}) y {' '.join(joins)}"))
    pattern = re.compile(rf"\b({'|'.join(re.escape(a) for a, _ in parts)})\.(\w+)")
    derived = replace(m, value=pattern.sub(r"\1_\2", m.value),
                      secondary=tuple((n, pattern.sub(r"\1_\2", e)) for n, e in m.secondary))
    ctes.append(_result(derived, prefix, f"{prefix}x"))
    if ctx.by:
        union = " UNION ALL ".join(f"SELECT * FROM {n}" for n in names)
        ctes.append((f"{prefix}names", f"SELECT skey, min(sname) AS sname FROM ({union}) GROUP BY skey"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def build_complaint_rate(ctx: Ctx, m: Metric, prefix: str) -> Built:
    parts = m.parts if ctx.settings.get("complaint_basis", "customers") == "customers" else \
        (("a", "complaints"), ("b", "_orders"))
    return build_parts(ctx, m, prefix, parts)


BUILDERS: dict[str, Any] = {"complaint_rate": build_complaint_rate}  # + metrics.builders (customer builders)
ZERO_FILLED = ("additive", "snapshot", "distinct")
STEPS = {"month": 1, "quarter": 3, "year": 12}


def build(ctx: Ctx, m: Metric, prefix: str) -> Built:
    if m.builder:
        return BUILDERS[m.builder](ctx, m, prefix)
    if m.parts:
        return build_parts(ctx, m, prefix)
    return build_events(ctx, m, prefix)


# --------------------------------------------------------------------------- the statement
def prepare(ctx: Ctx, spine: dict[str, Any]) -> None:
    grain = spine.get("grain")
    ctx.bucket_kind = "days" if grain == "week" else "months" if grain in STEPS else "single"


def final_select(m: Metric, ctx: Ctx, built: Built, index: int | None = None) -> str:
    """The metric's rows: every period x segment, zero-filled where the metric is a count or a sum.

    With ``index`` (a batch), the secondary figures are packed as one JSON column ``sec``.
    """
    value = "coalesce(r.value, 0)" if m.aggregation in ZERO_FILLED else "r.value"
    secs = [(n, f"coalesce(r.{q(n)}, 0)" if n in m.zero_fill else f"r.{q(n)}") for n in m.secondary_columns]
    if ctx.by:
        segs, seg_col = f"(SELECT DISTINCT skey FROM {built.res})", "n.sname"
        names = f"\nLEFT JOIN {built.names} n ON n.skey = s.skey"
    else:
        segs, seg_col, names = "(SELECT '' AS skey)", "CAST(NULL AS VARCHAR)", ""
    if index is None:
        head = f"SELECT p.k, p.label AS period, {seg_col} AS segment, {value} AS value"
        head += "".join(f", {expr} AS {q(n)}" for n, expr in secs)
    else:
        packed = ", ".join(f"{q(n)} := {expr}" for n, expr in secs)
        sec = f"to_json(struct_pack({packed}))" if secs else "CAST(NULL AS JSON)"
        head = (f"SELECT {index} AS mi, p.k, p.label AS period, {seg_col} AS segment, "
                f"CAST({value} AS DOUBLE) AS value, {sec} AS sec")
    return (f"{head}\nFROM spine p CROSS JOIN {segs} s\n"
            f"LEFT JOIN {built.res} r ON r.k = p.k AND r.skey = s.skey{names}")


def statement(ctes: list[tuple[str, str]], body: str) -> str:
    return "WITH " + ",\n".join(f"{name} AS (\n    {text})" for name, text in ctes) + "\n" + body


def bind_used(sql: str, ctx: Ctx, spine: dict[str, Any]) -> dict[str, Any]:
    """The named parameters the statement uses."""
    starts, ends, prevs = spine["ps"], spine["pe"], spine["pps"]
    available = {**ctx.settings, **ctx.params, **spine, "lo": min(starts), "hi": max(ends),
                 "lo_prev": min(prevs + starts), "kmax": len(starts) - 1, "ps0": starts[0], "w0": starts[0],
                 "m0": starts[0].year * 12 + starts[0].month, "step": STEPS.get(spine.get("grain"), 1)}
    used = set(re.findall(r"\$(\w+)", sql))
    return {k: v for k, v in available.items() if k in used}


def compile_metric(m: Metric, ctx: Ctx, spine: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """One SQL statement and its named parameters for ``m`` over the periods in ``spine``.

    ``spine``: lists ``k``, ``label``, ``ps``, ``pe`` (exclusive, cut at the as-of date), ``pps``
    (previous period start) of contiguous periods, and ``grain`` (None for one custom period).
    """
    prepare(ctx, spine)
    built = build(ctx, m, "m_")
    ctes = [("spine", SPINE_CTE)] + list(ctx.shared.items()) + built.ctes
    sql = statement(ctes, final_select(m, ctx, built) + "\nORDER BY p.k, segment NULLS LAST")
    return sql, bind_used(sql, ctx, spine)


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


def sql_for_display(sql: str, params: dict[str, Any]) -> str:
    """The statement with its parameters written in as literals (for showing, never for running)."""
    return re.sub(r"\$(\w+)", lambda mt: _literal(params[mt.group(1)]) if mt.group(1) in params else mt.group(0),
                  sql)


from metrics import builders as _builders  # noqa: E402  (registers churn, follow_up, first_purchase)

BUILDERS.update(_builders.BUILDERS)
