"""Export lineage: which uploads are newer exports of the same report, superseded rows, and an exact undo.

A *lineage* is the chain of uploads of one report: the same entity, the same source system, the same id
column(s), and headers that are mostly the same (or the user said it is the same report).  A newer upload
replaces records only of earlier uploads of its own lineage; a Contacts export never replaces leads, and
ids that collide across lineages are kept on both sides (each record counts once per lineage).

Replaced rows are not deleted: they move to the entity's shadow table ``_superseded_<entity>`` with
``_superseded_by`` naming the upload that replaced them.  Metric SQL reads only the entity tables, so
superseded rows are never counted.  Deleting an upload moves back exactly the rows it replaced, so a
delete is an exact undo whatever the order of loads and deletes (tests/test_lineage_model.py holds the
workspace equal to "the surviving uploads applied in order" over random sequences).

Record identity is the row's ``_key``; for entities whose ids repeat per line item (orders) a newer
export replaces the whole order, so the *group key* drops the ``#<line>`` suffix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from store.entities import ENTITIES, SYSTEM_COLUMNS
from store.ident import WorkspaceError
from store.ident import quote_ident as _q

SUPERSEDED_PREFIX = "_superseded_"
# Two uploads with the same entity, source and id columns are one lineage when this share of their
# headers is the same (Jaccard index of the folded header sets): a report that gained or lost a column
# or two is still the same report; a Leads and a Contacts export sharing "Record Id" are not.
HEADER_SIMILARITY = 0.6


def superseded_table(entity: str) -> str:
    return SUPERSEDED_PREFIX + entity


def superseded_ddl(entity: str) -> str:
    ent = ENTITIES[entity]
    cols = [f"{_q(f.name)} {f.type}" for f in ent.fields]
    cols += [f"{_q(n)} {t}" for n, t in SYSTEM_COLUMNS]
    cols.append('"_superseded_by" BIGINT NOT NULL')
    return f"CREATE TABLE IF NOT EXISTS {_q(superseded_table(entity))} ({', '.join(cols)})"


def group_key_sql(entity: str, column: str = "_key") -> str:
    """The record identity a newer export replaces: the key, or the whole order for line items."""
    if ENTITIES[entity].line_item_field:
        return f"regexp_replace({column}, '#\\d+$', '')"
    return column


@dataclass(frozen=True)
class Replacement:
    """Records of an earlier upload of the same lineage that a load replaces."""

    upload_id: int
    file_name: str
    loaded_at: datetime
    records: int

    def as_dict(self) -> dict:
        return {"upload_id": self.upload_id, "file": self.file_name,
                "loaded_at": self.loaded_at.isoformat(timespec="minutes"), "records": self.records}


@dataclass(frozen=True)
class Collision:
    """Ids of a load that also appear in an upload of another lineage (both are kept)."""

    upload_id: int
    file_name: str
    ids: int

    def as_dict(self) -> dict:
        return {"upload_id": self.upload_id, "file": self.file_name, "ids": self.ids}


def header_similarity(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def find_lineage(
    cur, *, entity: str, source: str | None, key_columns: list[str], headers: list[str], same_as: int | None = None
) -> int | None:
    """The lineage an upload with these traits continues, or None for a new one.

    ``same_as`` is an upload the user confirmed as an earlier export of the same report."""
    if same_as is not None:
        row = cur.execute("SELECT entity, coalesce(lineage, id) FROM uploads WHERE id = ?", [same_as]).fetchone()
        if row is None:
            raise WorkspaceError(f"There is no upload {same_as}; list uploads with `python cli.py tables`.")
        if row[0] == entity:
            return int(row[1])
    rows = cur.execute(
        "SELECT coalesce(lineage, id), key_columns, headers FROM uploads WHERE entity = ? "
        "AND coalesce(source, '') = coalesce(?, '') ORDER BY id DESC",
        [entity, source],
    ).fetchall()
    best, best_similarity = None, HEADER_SIMILARITY
    for lineage, keys_json, headers_json in rows:
        if keys_json is None or headers_json is None or json.loads(keys_json) != key_columns:
            continue
        similarity = header_similarity(json.loads(headers_json), headers)
        if similarity >= best_similarity:
            best, best_similarity = int(lineage), similarity
    return best


def _older_in_lineage(entity: str) -> str:
    """WHERE on the entity table: rows of other uploads of lineage $lineage sharing a record with $upload."""
    g = group_key_sql(entity)
    return (f"_upload_id IN (SELECT id FROM uploads WHERE coalesce(lineage, id) = $lineage AND id <> $upload) "
            f"AND {g} IN (SELECT {g} FROM {_q(entity)} WHERE _upload_id = $upload)")


def replacements(cur, entity: str, upload_id: int, lineage: int | None) -> list[Replacement]:
    """What loading ``upload_id`` (its rows inserted, not yet registered) replaces in its lineage."""
    if lineage is None:
        return []
    rows = cur.execute(
        f"SELECT u.id, u.file_name, u.loaded_at, r.n FROM (SELECT _upload_id, count(*) AS n FROM {_q(entity)} "
        f"WHERE {_older_in_lineage(entity)} GROUP BY 1) r JOIN uploads u ON u.id = r._upload_id ORDER BY u.id",
        {"lineage": lineage, "upload": upload_id},
    ).fetchall()
    return [Replacement(int(i), f, at, int(n)) for i, f, at, n in rows]


def supersede(cur, entity: str, upload_id: int, lineage: int | None) -> list[Replacement]:
    """Move the rows ``upload_id`` replaces to the shadow table; returns what was replaced."""
    done = replacements(cur, entity, upload_id, lineage)
    if not done:
        return []
    table, shadow = _q(entity), _q(superseded_table(entity))
    params = {"lineage": lineage, "upload": upload_id}
    where = _older_in_lineage(entity)
    cur.execute(f"INSERT INTO {shadow} SELECT *, $upload FROM {table} WHERE {where}", params)
    cur.execute(f"DELETE FROM {table} WHERE {where}", params)
    for r in done:
        patch = json.dumps({"replaced_by": upload_id, "rows_replaced_later": r.records})
        cur.execute(
            "UPDATE uploads SET rows_loaded = rows_loaded - ?, "
            "report = json_merge_patch(coalesce(report, '{}'), ?) WHERE id = ?",
            [r.records, patch, r.upload_id],
        )
    return done


def collisions(cur, entity: str, upload_id: int, lineage: int | None) -> list[Collision]:
    """Ids of ``upload_id`` that uploads of other lineages of the same entity also hold."""
    table = _q(entity)
    rows = cur.execute(
        f"SELECT u.id, u.file_name, r.n FROM (SELECT o._upload_id, count(DISTINCT o._key) AS n FROM {table} o "
        f"WHERE o._upload_id <> $upload AND o._upload_id NOT IN "
        f"(SELECT id FROM uploads WHERE coalesce(lineage, id) = $lineage) AND starts_with(o._key, 'k:') "
        f"AND o._key IN (SELECT _key FROM {table} WHERE _upload_id = $upload AND starts_with(_key, 'k:')) "
        f"GROUP BY 1) r JOIN uploads u ON u.id = r._upload_id ORDER BY u.id",
        {"lineage": -1 if lineage is None else lineage, "upload": upload_id},
    ).fetchall()
    return [Collision(int(i), f, int(n)) for i, f, n in rows]


@dataclass(frozen=True)
class Undone:
    """What deleting an upload did: its rows removed, and the replaced rows given back."""

    removed: int
    restored: int


def undo(cur, entity: str, upload_id: int) -> Undone:
    """Delete ``upload_id``'s rows and give back exactly the rows it replaced.

    Rows it replaced go back to the entity table, unless its own version of that record was replaced later
    by a third upload: then they stay replaced, by that third upload."""
    table, shadow = _q(entity), _q(superseded_table(entity))
    g = group_key_sql(entity)
    params = {"upload": upload_id}
    cur.execute(
        f"UPDATE {shadow} SET _superseded_by = m.later FROM (SELECT DISTINCT {g} AS gk, _superseded_by AS later "
        f"FROM {shadow} WHERE _upload_id = $upload) m "
        f"WHERE {shadow}._superseded_by = $upload AND {group_key_sql(entity, f'{shadow}._key')} = m.gk",
        params,
    )
    restored = cur.execute(
        f"SELECT _upload_id, count(*) FROM {shadow} WHERE _superseded_by = $upload GROUP BY 1", params
    ).fetchall()
    cur.execute(f"INSERT INTO {table} SELECT * EXCLUDE (_superseded_by) FROM {shadow} "
                f"WHERE _superseded_by = $upload", params)
    cur.execute(f"DELETE FROM {shadow} WHERE _superseded_by = $upload OR _upload_id = $upload", params)
    for old_id, n in restored:
        cur.execute(
            "UPDATE uploads SET rows_loaded = rows_loaded + ?, "
            "report = json_merge_patch(coalesce(report, '{}'), '{\"replaced_by\": null, \"rows_replaced_later\": null}') "
            "WHERE id = ?",
            [int(n), int(old_id)],
        )
    removed = cur.execute(f"SELECT count(*) FROM {table} WHERE _upload_id = $upload", params).fetchone()[0]
    cur.execute(f"DELETE FROM {table} WHERE _upload_id = $upload", params)
    return Undone(int(removed), int(sum(n for _, n in restored)))
