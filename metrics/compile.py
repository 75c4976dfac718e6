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
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from metrics.builders import BUILDERS as CUSTOMER_BUILDERS
from metrics.catalog import Metric, lookup
from metrics.snapshot import build_open_at_end, running_total_aggs
from metrics.sql_blocks import (
    MATERIALIZE,
    SPINE_CTE,
    Built,
    Ctx,
    aggs_sql,
    bucket,
    by_k,
    names_ctes,
    result_cte,
    skey,
    union_sources,
)
from store import quote_ident as q


# --------------------------------------------------------------------------- builders
def build_events(ctx: Ctx, m: Metric, prefix: str) -> Built:
    if m.window == "open_at_end" and (running := running_total_aggs(m)) is not None:
        return build_open_at_end(ctx, m, prefix, running)  # from events: grows with rows, not rows x periods
    if m.window == "open_at_end":  # a row counts in every period whose end falls in [_t, _end]
        rows = union_sources(ctx, m.sources, hi="$hi")
        joined = f"{prefix}b b JOIN spine p ON b._t < p.pe AND b._end >= p.pe"
        ctes = [(f"{prefix}b", rows), (f"{prefix}j", f"SELECT p.k, {skey('b._seg', ctx)} AS skey, b.* FROM {joined}")]
    else:  # rows are inside [lo, hi) and the periods are contiguous: the bucket is the period
        rows = union_sources(ctx, m.sources, lo="$lo", hi="$hi")
        ctes = [(f"{prefix}b", rows),
                (f"{prefix}j", f"SELECT {bucket(ctx, 'b._t')} AS k, {skey('b._seg', ctx)} AS skey, b.* FROM {prefix}b b")]
    src = f"{prefix}j"
    if m.per:
        inner = ", ".join(f"{expr} AS {q(name)}" for name, expr in m.inner)
        sel, grp = by_k(ctx, "", q(m.per))
        ctes.append((f"{prefix}s", f"SELECT {sel}, {inner} FROM {prefix}j GROUP BY {grp}"))
        src = f"{prefix}s"
    sel, grp = by_k(ctx)
    ctes.append((f"{prefix}agg", f"SELECT {sel}, {aggs_sql(m)} FROM {src} GROUP BY {grp}"))
    ctes += names_ctes(ctx, prefix, f"{prefix}j")
    ctes.append(result_cte(m, prefix, f"{prefix}agg"))
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
    ctes.append(result_cte(derived, prefix, f"{prefix}x"))
    if ctx.by:
        union = " UNION ALL ".join(f"SELECT * FROM {n}" for n in names)
        ctes.append((f"{prefix}names", f"SELECT skey, min(sname) AS sname FROM ({union}) GROUP BY skey"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def build_complaint_rate(ctx: Ctx, m: Metric, prefix: str) -> Built:
    parts = m.parts if ctx.settings.get("complaint_basis", "customers") == "customers" else \
        (("a", "complaints"), ("b", "_orders"))
    return build_parts(ctx, m, prefix, parts)


BUILDERS: dict[str, Any] = {"complaint_rate": build_complaint_rate, **CUSTOMER_BUILDERS}
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
    return "WITH " + ",\n".join(
        f"{name} AS {'MATERIALIZED ' if text.startswith(MATERIALIZE) else ''}(\n    {text})" for name, text in ctes
    ) + "\n" + body


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


# --------------------------------------------------------------------------- several metrics at once
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
