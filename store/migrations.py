"""The workspace's schema as forward-only migrations: (version, description, function), appended, never edited.

store/workspace.py applies the ones a workspace has not had yet, each in its own transaction.
"""

from __future__ import annotations

from typing import Any

import duckdb

from store import lineage
from store.entities import ENTITIES, SYSTEM_COLUMNS
from store.ident import quote_ident


def entity_ddl(entity_name: str) -> str:
    entity = ENTITIES[entity_name]
    cols = [f"{quote_ident(f.name)} {f.type}" for f in entity.fields]
    cols += [f"{quote_ident(n)} {t}" for n, t in SYSTEM_COLUMNS]
    return f"CREATE TABLE IF NOT EXISTS {quote_ident(entity_name)} ({', '.join(cols)})"


def _migration_1(cur: duckdb.DuckDBPyConnection) -> None:
    # Longer than 60 lines on purpose: a migration is the schema as it was first shipped, one CREATE per
    # table, and stays frozen (later changes are later migrations), so splitting it would only scatter it.
    cur.execute("CREATE SEQUENCE IF NOT EXISTS upload_id_seq START 1")
    cur.execute(
        """
        CREATE TABLE IF NOT EXISTS uploads (
            id BIGINT PRIMARY KEY,
            file_name VARCHAR NOT NULL,
            sha256 VARCHAR NOT NULL,
            size_bytes BIGINT,
            entity VARCHAR NOT NULL,
            source VARCHAR,
            rows_loaded BIGINT,
            rows_rejected BIGINT,
            records_replaced BIGINT,
            loaded_at TIMESTAMP NOT NULL,
            header_signature VARCHAR,
            report JSON
        )"""
    )
    cur.execute(
        """
        CREATE TABLE IF NOT EXISTS rejected_rows (
            upload_id BIGINT NOT NULL,
            row_no BIGINT,
            column_name VARCHAR,
            value VARCHAR,
            reason VARCHAR
        )"""
    )
    cur.execute(
        """
        CREATE TABLE IF NOT EXISTS mappings (
            header_signature VARCHAR PRIMARY KEY,
            entity VARCHAR NOT NULL,
            mapping JSON NOT NULL,
            confirmed_at TIMESTAMP NOT NULL
        )"""
    )
    cur.execute("CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value JSON)")
    cur.execute(
        """
        CREATE TABLE IF NOT EXISTS objectives (
            id VARCHAR PRIMARY KEY,
            position INTEGER NOT NULL,
            doc JSON NOT NULL,
            updated_at TIMESTAMP NOT NULL
        )"""
    )
    cur.execute("CREATE SEQUENCE IF NOT EXISTS checkin_id_seq START 1")
    cur.execute(
        """
        CREATE TABLE IF NOT EXISTS checkins (
            id BIGINT PRIMARY KEY,
            objective_id VARCHAR,
            kr_id VARCHAR NOT NULL,
            checkin_date DATE NOT NULL,
            confidence INTEGER,
            comment VARCHAR,
            author VARCHAR,
            created_at TIMESTAMP NOT NULL
        )"""
    )
    for name in ENTITIES:
        cur.execute(entity_ddl(name))


def _migration_2(cur: duckdb.DuckDBPyConnection) -> None:
    # Export lineage (store/lineage.py): the lineage an upload continues, what identifies its report, and a
    # shadow table per entity for the rows a newer export of the same report replaced.
    cur.execute("ALTER TABLE uploads ADD COLUMN IF NOT EXISTS lineage BIGINT")
    cur.execute("ALTER TABLE uploads ADD COLUMN IF NOT EXISTS key_columns VARCHAR")
    cur.execute("ALTER TABLE uploads ADD COLUMN IF NOT EXISTS headers VARCHAR")
    # Earlier uploads: one lineage per entity, source and header signature (what used to replace records).
    cur.execute(
        "UPDATE uploads SET lineage = (SELECT min(v.id) FROM uploads v WHERE v.entity = uploads.entity "
        "AND coalesce(v.source, '') = coalesce(uploads.source, '') "
        "AND coalesce(v.header_signature, '') = coalesce(uploads.header_signature, ''))"
    )
    for name in ENTITIES:
        cur.execute(entity_ddl(name))  # entities added since (contacts)
        cur.execute(lineage.superseded_ddl(name))


# Forward-only migrations: (version, description, function).  Append, never edit.
MIGRATIONS: list[tuple[int, str, Any]] = [
    (1, "uploads registry, rejected rows, mappings, settings, OKRs, check-ins, entity tables", _migration_1),
    (2, "export lineage: uploads.lineage, key_columns, headers; superseded rows per entity", _migration_2),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
