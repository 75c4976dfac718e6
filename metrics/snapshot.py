"""Snapshot metrics (``window="open_at_end"``: the state at each period end) from events, not a join.

A row counts in period k when it opened before the period's end and had not closed by then:
``_t < pe_k <= _end``.  Joining every row to every period end costs rows x periods and counts a row still
open in every period to the end of time.  Instead each row becomes two events, +1 at the first period it
counts in (``k0``) and -1 at the first it no longer counts in (``k1``), summed per period and segment, and a
running total over the periods (a window function) gives what is open at each end: the work grows with the
rows, not rows x periods.

The periods of a statement are contiguous and only the last one can be cut at the as-of date, so
``pe_k > x`` holds exactly for ``k >= bucket(x)`` when ``x < $hi`` (the last end):

* ``k0 = max(bucket(_t), 0)`` (rows are kept to ``_t < $hi``);
* ``k1 = kmax + 1`` when ``_end >= $hi`` (open at the last end, 'infinity' for deals still open), else
  ``bucket(_end)``; a row with ``k0 >= k1`` counts nowhere (closed before it opened, or before the periods).

Only aggregates that a running total can carry are done this way: ``count(*)``, ``count(col)`` and
``sum(col)``; sums run over DECIMAL(38, 10) so that adding and taking away the same amounts leaves exactly
nothing (with DOUBLE, 0.1 + 0.2 - 0.1 - 0.2 is not 0).  Anything else (a median or a distinct count of what
is open) keeps the join (``metrics.compile.build_events``): ``running_total_aggs`` returns None for it.
"""

from __future__ import annotations

import re

from metrics.catalog import Metric
from metrics.sql_blocks import MATERIALIZE, Built, Ctx, bucket, names_ctes, result_cte, skey, union_sources
from store import quote_ident as q

_AGG = re.compile(r"^\s*(sum|count)\(\s*(\*|[A-Za-z_]\w*)\s*\)\s*$", re.I)
# Amounts are at most 1e15 (ingest/plan/numbers.py); 28 integer digits hold 5M of them summed.
_EXACT = "DECIMAL(38, 10)"


def running_total_aggs(m: Metric) -> list[tuple[str, str, str]] | None:
    """(name, function, column) of each aggregate when all can be running totals, else None."""
    if m.per:
        return None
    out = []
    for name, expr in m.aggs:
        found = _AGG.match(expr)
        if not found or (found.group(1).lower() == "sum" and found.group(2) == "*"):
            return None
        out.append((name, found.group(1).lower(), found.group(2)))
    return out


def _period_index(ctx: Ctx, expr: str) -> str:
    """``bucket`` with integer arithmetic for weeks (3x cheaper than date_diff and floor over millions of
    rows).  ``//`` truncates towards zero, so before the first period it may say 0 where bucket says -1:
    harmless here, since k0 is at least 0 anyway and a k1 of 0 or -1 both mean "counts nowhere"."""
    if ctx.bucket_kind == "days":
        return f"((epoch_us({expr}) - epoch_us($w0)) // 604800000000)"
    return bucket(ctx, expr)


def build_open_at_end(ctx: Ctx, m: Metric, prefix: str, aggs: list[tuple[str, str, str]]) -> Built:
    rows = union_sources(ctx, m.sources, hi="$hi")
    k0 = f"greatest({_period_index(ctx, 'b._t')}, 0)"
    k1 = f"(CASE WHEN b._end >= $hi THEN $kmax + 1 ELSE {_period_index(ctx, 'b._end')} END)"
    seg = "b._seg" if ctx.by else "NULL"
    spans = (f"SELECT * FROM (SELECT {k0} AS k0, {k1} AS k1, {seg} AS _seg, {', '.join(_deltas(aggs))} "
             f"FROM {prefix}b b WHERE b._end IS NOT NULL) WHERE k0 < k1")
    names = [q(n) for n, _, _ in aggs]
    # +row at k0, -row at k1 (when k1 is one of the periods); w sums to the periods each label counts in
    events = (f"SELECT k0 AS k, _seg, {', '.join(names)}, k1 - k0 AS w FROM {prefix}o UNION ALL "
              f"SELECT k1, _seg, {', '.join('-' + n for n in names)}, 0 FROM {prefix}o WHERE k1 <= $kmax")
    sums = ", ".join(f"sum({n}) AS {n}" for n in names)
    # Labels are folded once per period and label, after grouping, not once per row.
    by_label = f"SELECT k, _seg, {sums}, sum(w) AS w FROM ({events}) GROUP BY k, _seg"
    folded = f"SELECT {skey('_seg', ctx)} AS skey, * FROM {prefix}e"
    totals = ", ".join(
        f"CAST(sum(coalesce(d.{q(n)}, 0)) OVER (PARTITION BY s.skey ORDER BY p.k) AS "
        f"{'DOUBLE' if func == 'sum' else 'BIGINT'}) AS {q(n)}" for n, func, _ in aggs)
    ctes = [
        (f"{prefix}b", rows),
        (f"{prefix}o", MATERIALIZE + spans),  # read twice (starts and stops)
        (f"{prefix}e", by_label),
        (f"{prefix}f", MATERIALIZE + folded),  # read three times (segments, totals, names)
        (f"{prefix}d", f"SELECT k, skey, {sums} FROM {prefix}f GROUP BY k, skey"),
        # every period of every segment: a period without events carries the total of the one before
        (f"{prefix}agg", f"SELECT p.k, s.skey, {totals} FROM spine p CROSS JOIN (SELECT DISTINCT skey FROM "
                         f"{prefix}f) s LEFT JOIN {prefix}d d ON d.k = p.k AND d.skey = s.skey"),
    ]
    if ctx.by:  # as the join counted a row once per period it is open at: labels weighted by periods
        weighted = f"(SELECT skey, _seg, w FROM {prefix}f)"
        ctes += [(n, body.replace("count(*) AS n", "sum(w) AS n")) for n, body in names_ctes(ctx, prefix, weighted)]
    ctes.append(result_cte(m, prefix, f"{prefix}agg"))
    return Built(ctes, f"{prefix}res", f"{prefix}names" if ctx.by else None)


def _deltas(aggs: list[tuple[str, str, str]]) -> list[str]:
    """What one row adds to each aggregate while it counts."""
    out = []
    for name, func, col in aggs:
        if func == "count":
            expr = "1" if col == "*" else f"CAST(b.{q(col)} IS NOT NULL AS INTEGER)"
        else:
            expr = f"coalesce(CAST(b.{q(col)} AS {_EXACT}), 0)"
        out.append(f"{expr} AS {q(name)}")
    return out
