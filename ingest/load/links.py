"""Links across files: exports of different records join through the ids they share.

After a load, every link that touches the loaded entity is counted over the whole workspace ("812 of
842 deals matched a loaded lead"), so the user sees whether lead conversion and channel revenue at T+k
(which follow these links) have something to follow.  Ids are compared as text, trimmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from store import quote_ident


@dataclass(frozen=True)
class Link:
    source: str  # entity holding the reference
    field: str  # its column
    target: str  # entity referred to
    key: str  # the target's id column


LINKS: tuple[Link, ...] = (
    Link("deals", "lead_id", "leads", "lead_id"),
    Link("leads", "customer_id", "customers", "customer_id"),
    Link("deals", "customer_id", "customers", "customer_id"),
    Link("deals", "customer_name", "customers", "customer_name"),
    Link("orders", "customer_id", "customers", "customer_id"),
    Link("tickets", "customer_id", "customers", "customer_id"),
    Link("surveys", "ticket_id", "tickets", "ticket_id"),
    Link("surveys", "customer_id", "customers", "customer_id"),
    Link("orders", "customer_id", "leads", "customer_id"),
)


def link_counts(cur, entity: str) -> list[dict]:
    """``[{source, field, target, rows, linked}]`` for the links touching ``entity`` that have ids on both sides."""
    out = []
    for link in LINKS:
        if entity not in (link.source, link.target):
            continue
        src, tgt = quote_ident(link.source), quote_ident(link.target)
        col, key = quote_ident(link.field), quote_ident(link.key)
        rows, linked = cur.execute(
            f"SELECT count(*), count(*) FILTER (WHERE trim(CAST(s.{col} AS VARCHAR)) IN "
            f"(SELECT trim(CAST({key} AS VARCHAR)) FROM {tgt} WHERE {key} IS NOT NULL)) "
            f"FROM {src} s WHERE s.{col} IS NOT NULL"
        ).fetchone()
        has_targets = cur.execute(f"SELECT count({key}) FROM {tgt}").fetchone()[0]
        if rows and has_targets:
            out.append({"source": link.source, "field": link.field, "target": link.target,
                        "rows": int(rows), "linked": int(linked)})
    return out
