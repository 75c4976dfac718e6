"""Builders for the customer metrics that need several steps: churn, follow-up coverage, first purchase.

Each returns the CTEs of one metric (see ``metrics.compile``): ``{prefix}agg`` with the aggregates
per period ``k`` and segment ``skey``, ``{prefix}res`` with value and secondary figures, and
``{prefix}names`` when the metric is split by a dimension.
"""

from __future__ import annotations

from metrics.catalog import Metric, Source, fold
from metrics.sql_blocks import (
    CHURN_FLAG,
    CUSTOMER_FIELDS,
    MATERIALIZE,
    Built,
    Ctx,
    aggs_sql,
    as_text,
    bucket,
    by_k,
    canonical,
    dim_expr,
    filter_cond,
    names_ctes,
    result_cte,
    skey,
    source_select,
    union_sources,
)
from store import ENTITIES
from store import quote_ident as q


def _customer_activity(ctx: Ctx, m: Metric, prefix: str, lo: str) -> list[tuple[str, str]]:
    """{prefix}ev: customer events (skey, _seg, _t, cust) in [lo, hi);
    {prefix}act: distinct (k, skey, cust), k the period index (-1: the period before the first)."""
    rows = union_sources(ctx, m.sources, lo=lo, hi="$hi")
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
            ctes += _explicit_churn(ctx, prefix)
        else:  # a churn flag without dates: one snapshot value, in the period containing the as-of date
            ctes.append((f"{prefix}agg", f"SELECT CAST($k_now AS INTEGER) AS k, x.skey, count(*) AS base, "
                                         f"count(*) FILTER (WHERE x.flag) AS churned FROM {prefix}cs x GROUP BY x.skey"))
        rows = f"{prefix}cs"
    ctes += names_ctes(ctx, prefix, rows)
    ctes.append(result_cte(m, prefix, f"{prefix}agg"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def _explicit_churn(ctx: Ctx, prefix: str) -> list[tuple[str, str]]:
    """Churn from the customers' dates, grown with the customers, not customers x periods.

    A customer is in the base of period k when created before its start and not churned before it
    (``created < ps_k <= churned_at``, a missing date meaning "always" and "never"; flagged without a date:
    never), and churned in k when also ``ps_k <= churned_at < pe_k``.  The periods are contiguous and the
    bucket is exact for any date, so the base is the periods [a, b) with a = bucket(created) + 1 and b =
    bucket(churned_at) + 1: +1 at a, -1 at b, and a running total (as metrics/snapshot.py does the open
    pipeline); the churned count at the bucket of the churn date, checked against that period's bounds."""
    kc = bucket(ctx, "x.churned_at")
    a = f"(CASE WHEN x.created IS NULL THEN 0 ELSE greatest({bucket(ctx, 'x.created')} + 1, 0) END)"
    b = f"(CASE WHEN x.churned_at IS NULL THEN $kmax + 1 ELSE least({kc} + 1, $kmax + 1) END)"
    spans = (f"SELECT * FROM (SELECT x.skey, {a} AS a, {b} AS b FROM {prefix}cs x "
             "WHERE NOT (x.flag AND x.churned_at IS NULL)) WHERE a < b")
    steps = (f"SELECT k, skey, sum(d) AS d FROM (SELECT a AS k, skey, 1 AS d FROM {prefix}sp UNION ALL "
             f"SELECT b, skey, -1 FROM {prefix}sp WHERE b <= $kmax) GROUP BY k, skey")
    churned = (f"SELECT p.k, x.skey, count(*) AS n FROM {prefix}cs x JOIN spine p ON p.k = {kc} "
               "AND x.churned_at >= p.ps AND x.churned_at < p.pe "
               f"WHERE x.created IS NULL OR {bucket(ctx, 'x.created')} < p.k GROUP BY p.k, x.skey")
    agg = (f"SELECT p.k, s.skey, CAST(sum(coalesce(d.d, 0)) OVER (PARTITION BY s.skey ORDER BY p.k) AS BIGINT) "
           f"AS base, CAST(coalesce(c.n, 0) AS BIGINT) AS churned FROM spine p "
           f"CROSS JOIN (SELECT DISTINCT skey FROM {prefix}cs) s LEFT JOIN {prefix}st d ON d.k = p.k AND "
           f"d.skey = s.skey LEFT JOIN {prefix}ch c ON c.k = p.k AND c.skey = s.skey")
    return [(f"{prefix}sp", MATERIALIZE + spans), (f"{prefix}st", steps), (f"{prefix}ch", churned),
            (f"{prefix}agg", agg)]


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
    ctes += names_ctes(ctx, prefix, f"{prefix}ev")
    ctes.append(result_cte(m, prefix, f"{prefix}agg"))
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
    firsts = ["min(_t) AS _t"] + [f"arg_min(_d{i}, (_t, _d{i})) FILTER (WHERE _d{i} IS NOT NULL) AS _d{i}"
                                  for i in range(len(dims))]
    if channel:
        firsts.append("arg_min(_ch, (_t, _ch)) FILTER (WHERE _ch IS NOT NULL) AS _ch")
    join_c = channel or any(canonical(d, CUSTOMER_FIELDS) for d in dims)
    if join_c:
        ctx.use_customers()

    def resolved(i: int, dim: str) -> str:
        name = canonical(dim, CUSTOMER_FIELDS)
        return f"coalesce({as_text(f'c.{q(name)}', ENTITIES['customers'].field(name).type)}, f._d{i})" if name \
            else f"f._d{i}"

    seg = resolved(0, ctx.by) if ctx.by else "NULL"
    conds = [filter_cond(ctx, resolved(i + (1 if ctx.by else 0), d), v) for i, (d, v) in enumerate(ctx.filters)]
    extra_sel, extra_join = "", ""
    ctes = [(f"{prefix}ev", "\n    UNION ALL\n    ".join(selects)),
            (f"{prefix}first", f"SELECT cust, {', '.join(firsts)} FROM {prefix}ev GROUP BY cust")]
    if channel:
        ctes.append((f"{prefix}lch", "SELECT customer_id AS cust, arg_min(channel, (created_at, channel)) AS ch FROM leads "
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
    sel, grp = by_k(ctx)
    ctes.append((f"{prefix}agg", f"SELECT {sel}, {aggs_sql(m)} FROM {prefix}j GROUP BY {grp}"))
    ctes += names_ctes(ctx, prefix, f"{prefix}j")
    ctes.append(result_cte(m, prefix, f"{prefix}agg"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


BUILDERS = {"churn": build_churn, "follow_up": build_follow_up, "first_purchase": build_first_purchase}
