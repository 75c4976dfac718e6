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
    return f"SELECT {', '.join(select)} FROM {src.from_ or q(src.entity)} t{join} WHERE {where}"


def _union(ctx: Ctx, sources: tuple[Source, ...], **kw: Any) -> str:
    cols = list(dict.fromkeys(c for s in sources for c, _ in s.cols))
    return "\n    UNION ALL\n    ".join(source_select(ctx, s, cols, **kw) for s in sources)


def _result(m: Metric, prefix: str, agg: str) -> tuple[str, str]:
    secs = "".join(f", {expr} AS {q(name)}" for name, expr in m.secondary)
    return f"{prefix}res", f"SELECT k, skey, {m.value} AS value{secs} FROM {agg}"


def _names(ctx: Ctx, prefix: str, rows: str) -> list[tuple[str, str]]:
    return [(f"{prefix}names", f"SELECT skey, mode(_seg) AS sname FROM {rows} GROUP BY skey")] if ctx.by else []


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


def _customer_activity(ctx: Ctx, m: Metric, prefix: str, lo: str) -> list[tuple[str, str]]:
    """{prefix}ev: customer events (skey, _seg, _t, cust) in [lo, hi);
    {prefix}act: distinct (k, skey, cust), k the period index (-1: the period before the first)."""
    rows = _union(ctx, m.sources, lo=lo, hi="$hi")
    seg, grp = ("e.skey", "1, 2, 3") if ctx.by else ("'' AS skey", "1, 3")
    return [
        (f"{prefix}ev", f"SELECT {skey('e._seg', ctx)} AS skey, e.* FROM (\n    {rows}) e"),
        (f"{prefix}act", f"SELECT {bucket(ctx, 'e._t')} AS k, {seg}, e.cust FROM {prefix}ev e GROUP BY {grp}"),
    ]


def build_churn(ctx: Ctx, m: Metric, prefix: str) -> Built:
    method = ctx.settings.get("churn_method", "inactivity")
    if method == "inactivity":  # active in period k-1 (the previous period), none in period k
        ctes = _customer_activity(ctx, m, prefix, "$lo_prev")
        ctes.append((f"{prefix}agg", f"SELECT r.k + 1 AS k, r.skey, count(*) AS base, "
                                     "count(*) FILTER (WHERE c.cust IS NULL) AS churned "
                                     f"FROM {prefix}act r LEFT JOIN {prefix}act c ON c.k = r.k + 1 AND "
                                     "c.skey = r.skey AND c.cust = r.cust WHERE r.k + 1 <= $kmax "
                                     "GROUP BY r.k + 1, r.skey"))
        rows = f"{prefix}ev"
    else:
        src = Source("customers", "t.created_at", where="t.customer_id IS NOT NULL",
                     cols=(("created", "t.created_at"), ("churned_at", "t.churned_at"), ("flag", CHURN_FLAG)))
        sel = source_select(ctx, src, ["created", "churned_at", "flag"], require_time=False)
        ctes = [(f"{prefix}cs", f"SELECT {skey('x._seg', ctx)} AS skey, x.* FROM (\n    {sel}) x")]
        if method == "explicit":
            at_start = "(x.created IS NULL OR x.created < p.ps)"
            agg = (f"SELECT p.k, x.skey, count(*) FILTER (WHERE {at_start} AND (x.churned_at IS NULL OR "
                   "x.churned_at >= p.ps) AND NOT (x.flag AND x.churned_at IS NULL)) AS base, "
                   f"count(*) FILTER (WHERE {at_start} AND x.churned_at >= p.ps AND x.churned_at < p.pe) AS churned "
                   f"FROM {prefix}cs x CROSS JOIN spine p GROUP BY p.k, x.skey")
        else:  # a churn flag without dates: one snapshot value, in the period containing the as-of date
            agg = (f"SELECT CAST($k_now AS INTEGER) AS k, x.skey, count(*) AS base, "
                   f"count(*) FILTER (WHERE x.flag) AS churned FROM {prefix}cs x GROUP BY x.skey")
        ctes.append((f"{prefix}agg", agg))
        rows = f"{prefix}cs"
    ctes += _names(ctx, prefix, rows)
    ctes.append(_result(m, prefix, f"{prefix}agg"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def build_follow_up(ctx: Ctx, m: Metric, prefix: str) -> Built:
    ctes = _customer_activity(ctx, m, prefix, "$lo")
    # an activity names its customer by id, or by name (exports often link "Regarding: <customer name>")
    acts = "FROM activities a WHERE a.customer_id IS NOT NULL AND a.occurred_at >= $lo AND a.occurred_at < $hi"
    k = bucket(ctx, "a.occurred_at")
    ctes.append((f"{prefix}fol", f"SELECT DISTINCT {k} AS k, a.customer_id AS cust {acts} UNION "
                                 f"SELECT DISTINCT {k} AS k, n.customer_id AS cust FROM activities a JOIN customers n "
                                 f"ON n.customer_name = a.customer_id {acts.removeprefix('FROM activities a ')}"))
    ctes.append((f"{prefix}agg", f"SELECT c.k, c.skey, count(*) AS active, count(a.cust) AS followed "
                                 f"FROM {prefix}act c LEFT JOIN {prefix}fol a ON a.k = c.k AND a.cust = c.cust "
                                 "GROUP BY c.k, c.skey"))
    ctes += _names(ctx, prefix, f"{prefix}ev")
    ctes.append(_result(m, prefix, f"{prefix}agg"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def build_first_purchase(ctx: Ctx, m: Metric, prefix: str) -> Built:
    """Customers by the date of their first purchase; dimensions from the customer, else the first event."""
    dims = ([ctx.by] if ctx.by else []) + [d for d, _ in ctx.filters]
    channel = any("is_ref" in expr for _, expr in m.aggs)
    selects = []
    for s in m.sources:
        cols = [f"{dim_expr(ctx, d, s.entity, customer_join=False)[0]} AS _d{i}" for i, d in enumerate(dims)]
        if channel:
            cols.append(f"{'t.channel' if s.entity == 'deals' else 'NULL'} AS _ch")  # an order's is a sales channel
        where = f"({s.time}) IS NOT NULL" + (f" AND ({s.where})" if s.where else "")
        selects.append(f"SELECT t.customer_id AS cust, {s.time} AS _t{''.join(', ' + c for c in cols)} "
                       f"FROM {q(s.entity)} t WHERE {where}")
    firsts = ["min(_t) AS _t"] + [f"arg_min(_d{i}, _t) FILTER (WHERE _d{i} IS NOT NULL) AS _d{i}"
                                  for i in range(len(dims))]
    if channel:
        firsts.append("arg_min(_ch, _t) FILTER (WHERE _ch IS NOT NULL) AS _ch")
    join_c = channel or any(canonical(d, CUSTOMER_FIELDS) for d in dims)
    if join_c:
        ctx.use_customers()

    def resolved(i: int, dim: str) -> str:
        name = canonical(dim, CUSTOMER_FIELDS)
        return f"coalesce({_text(f'c.{q(name)}', ENTITIES['customers'].field(name).type)}, f._d{i})" if name \
            else f"f._d{i}"

    seg = resolved(0, ctx.by) if ctx.by else "NULL"
    conds = [filter_cond(ctx, resolved(i + (1 if ctx.by else 0), d), v) for i, (d, v) in enumerate(ctx.filters)]
    extra_sel, extra_join = "", ""
    ctes = [(f"{prefix}ev", "\n    UNION ALL\n    ".join(selects)),
            (f"{prefix}first", f"SELECT cust, {', '.join(firsts)} FROM {prefix}ev GROUP BY cust")]
    if channel:
        ctes.append((f"{prefix}lch", "SELECT customer_id AS cust, arg_min(channel, created_at) AS ch FROM leads "
                                     "WHERE customer_id IS NOT NULL AND channel IS NOT NULL GROUP BY customer_id"))
        extra_sel = ", coalesce(c.channel, l.ch, f._ch) AS ch"
        extra_join = f" LEFT JOIN {prefix}lch l ON l.cust = f.cust"
    cust_join = " LEFT JOIN cust c ON c.customer_id = f.cust" if join_c else ""
    ctes.append((f"{prefix}fc", f"SELECT f.cust, f._t, {seg} AS _seg{extra_sel} FROM {prefix}first f"
                                f"{cust_join}{extra_join} "
                                f"WHERE {' AND '.join(conds) or 'TRUE'}"))
    is_ref = f", coalesce(regexp_matches({fold('x.ch')}, $referral_re), false) AS is_ref" if channel else ""
    ctes.append((f"{prefix}j", f"SELECT {bucket(ctx, 'x._t')} AS k, {skey('x._seg', ctx)} AS skey, x.*{is_ref} "
                               f"FROM {prefix}fc x WHERE x._t >= $lo AND x._t < $hi"))
    sel, grp = _by_k(ctx)
    ctes.append((f"{prefix}agg", f"SELECT {sel}, {_aggs(m)} FROM {prefix}j GROUP BY {grp}"))
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
        ctes.append((f"{prefix}names", f"SELECT skey, mode(sname) AS sname FROM ({union}) GROUP BY skey"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def build_complaint_rate(ctx: Ctx, m: Metric, prefix: str) -> Built:
    parts = m.parts if ctx.settings.get("complaint_basis", "customers") == "customers" else \
        (("a", "complaints"), ("b", "_orders"))
    return build_parts(ctx, m, prefix, parts)


BUILDERS = {"churn": build_churn, "follow_up": build_follow_up, "first_purchase": build_first_purchase,
            "complaint_rate": build_complaint_rate}
ZERO_FILLED = ("additive", "snapshot", "distinct")
STEPS = {"month": 1, "quarter": 3, "year": 12}


def build(ctx: Ctx, m: Metric, prefix: str) -> Built:
    if m.builder:
        return BUILDERS[m.builder](ctx, m, prefix)
    if m.parts:
        return build_parts(ctx, m, prefix)
    return build_events(ctx, m, prefix)


# --------------------------------------------------------------------------- the statement
def compile_metric(m: Metric, ctx: Ctx, spine: dict[str, list]) -> tuple[str, dict[str, Any]]:
    """One SQL statement and its named parameters for ``m`` over the periods in ``spine``.

    ``spine``: lists ``k``, ``label``, ``ps``, ``pe`` (exclusive, cut at the as-of date), ``pps``
    (previous period start) of contiguous periods, and ``grain`` (None for one custom period).
    """
    starts, ends, prevs = spine["ps"], spine["pe"], spine["pps"]
    grain = spine.get("grain")
    ctx.bucket_kind = "days" if grain == "week" else "months" if grain in STEPS else "single"
    built = build(ctx, m, "m_")
    ctes = [("spine", SPINE_CTE)] + list(ctx.shared.items()) + built.ctes
    value = "coalesce(r.value, 0)" if m.aggregation in ZERO_FILLED else "r.value"
    secs = "".join(f", coalesce(r.{q(n)}, 0) AS {q(n)}" if n in m.zero_fill else f", r.{q(n)} AS {q(n)}"
                   for n in m.secondary_columns)
    if ctx.by:
        segs, seg_col = f"(SELECT DISTINCT skey FROM {built.res})", "n.sname"
        names = f"\nLEFT JOIN {built.names} n ON n.skey = s.skey"
    else:
        segs, seg_col, names = "(SELECT '' AS skey)", "CAST(NULL AS VARCHAR)", ""
    with_sql = ",\n".join(f"{name} AS (\n    {body})" for name, body in ctes)
    sql = (f"WITH {with_sql}\nSELECT p.k, p.label AS period, {seg_col} AS segment, {value} AS value{secs}\n"
           f"FROM spine p CROSS JOIN {segs} s\nLEFT JOIN {built.res} r ON r.k = p.k AND r.skey = s.skey{names}\n"
           "ORDER BY p.k, segment NULLS LAST")
    available = {**ctx.settings, **ctx.params, **spine, "lo": min(starts), "hi": max(ends),
                 "lo_prev": min(prevs + starts), "kmax": len(starts) - 1, "ps0": starts[0], "w0": starts[0],
                 "m0": starts[0].year * 12 + starts[0].month, "step": STEPS.get(grain, 1)}
    used = set(re.findall(r"\$(\w+)", sql))
    return sql, {k: v for k, v in available.items() if k in used}


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
