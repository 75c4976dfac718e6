"""Event logs: an export with one row per update of a record keeps only each record's latest version.

An audit or history export (ServiceNow's incident log, a CRM's field history) repeats the record's id
on every update and says which update is which: a version counter (``sys_mod_count``, ``version``,
``revision``) and/or an update time (``updated_at``, ``最后修改时间``).  When the entity's id column repeats
and such a column exists, the load keeps, per id, the row with the highest version, then the latest
update, then, for rows still tied, one in a finished state (a record is not reopened at the same
version), then the last row of the file; the other rows are counted as earlier versions, not loaded.
A file whose ids repeat without a version or update column is not an event log (order lines, duplicates).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.plan.tokens import header_concepts
from ingest.plan.values import RESOLVED_PREFIXES, RESOLVED_WORDS, WON_WORDS, folded_in_sql
from store import quote_ident
from store.entities import ENTITIES


@dataclass(frozen=True)
class Versions:
    key: str  # the id column
    version: str | None  # a counter column
    updated: str | None  # an update-time column
    updated_sql: str | None  # its parsed value over the raw column (a DateFormat's SQL)
    status: str | None  # the mapped status or stage column, for ties

    def describe(self) -> str:
        by = [c for c in (self.version, self.updated) if c]
        return f"latest version of each {self.key} (by {' then '.join(by)})"


def find_versions(entity: str, mapping: dict[str, str], columns: list[str], probe, cur, table: str):
    """The event-log layout of this table, or None."""
    ent = ENTITIES[entity]
    if ent.line_item_field or not ent.key_fields or ent.key_fields[0] not in mapping:
        return None
    key = mapping[ent.key_fields[0]]
    mapped = set(mapping.values())
    version = next((c for c in columns if c and c not in mapped and "version" in header_concepts(c)[0]
                    and probe.looks_like_number(c)), None)
    updated = next((c for c in columns if c and c not in mapped and "updated" in header_concepts(c)[0]
                    and probe.looks_like_date(c)), None)
    if version is None and updated is None:
        return None
    col = quote_ident(key)
    distinct, filled = cur.execute(
        f"SELECT count(DISTINCT {col}), count({col}) FROM {quote_ident(table)}"
    ).fetchone()
    if not filled or distinct == filled:
        return None
    updated_sql = probe.date_format(updated).sql(quote_ident(updated)) if updated else None
    status = mapping.get("status") or mapping.get("stage")
    return Versions(key, version, updated, updated_sql, status)


def keep_latest_sql(v: Versions, table: str) -> str:
    """DELETE every row of ``table`` that is not its id's latest version."""
    order = []
    if v.version:
        order.append(f"TRY_CAST({quote_ident(v.version)} AS DOUBLE) DESC NULLS LAST")
    if v.updated_sql:
        order.append(f"{v.updated_sql} DESC NULLS LAST")
    if v.status:
        done = folded_in_sql(quote_ident(v.status), RESOLVED_WORDS + WON_WORDS, RESOLVED_PREFIXES)
        order.append(f"(CASE WHEN {done} THEN 0 ELSE 1 END)")
    order.append("_row DESC")
    key = quote_ident(v.key)
    return (
        f"DELETE FROM {quote_ident(table)} WHERE {key} IS NOT NULL AND _row NOT IN ("
        f"SELECT _row FROM {quote_ident(table)} WHERE {key} IS NOT NULL "
        f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY {', '.join(order)}) = 1)"
    )
