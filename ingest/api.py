"""The importer's entry points besides loading: the fields a mapping editor offers, and a dry run."""

from __future__ import annotations

import os

from ingest.errors import IngestError
from ingest.limits import check_upload_size
from ingest.load.loader import plan_raw
from ingest.plan.planner import Plan
from ingest.read.tables import open_raw
from store import Workspace
from store.entities import ENTITIES

# entity -> [(field, DuckDB type, kind, required)], in table order: what the mapping editor offers.
ENTITY_FIELDS: dict[str, list[tuple[str, str, str, bool]]] = {
    name: [(f.name, f.type, f.kind, f.required) for f in ent.fields] for name, ent in ENTITIES.items()
}


def entity_fields(entity: str) -> list[dict]:
    """The canonical fields of ``entity`` as dicts (name, type, kind, required, key)."""
    if entity not in ENTITIES:
        raise IngestError(f"There is no entity {entity!r}; choose one of {', '.join(ENTITIES)}.")
    ent = ENTITIES[entity]
    return [
        {
            "name": f.name,
            "type": f.type,
            "kind": f.kind,
            "required": f.required,
            "key": f.name in ent.key_fields,
        }
        for f in ent.fields
    ]


def inspect_file(
    data: bytes | os.PathLike,
    file_name: str,
    *,
    ws=None,
    entity: str | None = None,
    source: str | None = None,
    sheet: str | None = None,
    mapping: dict | None = None,
) -> Plan:
    """Read, detect and plan ``data`` without changing ``ws`` (used only for settings and remembered
    mappings): the raw table lives in a private in-memory workspace that is closed afterwards.  ``data`` is
    the file's bytes or its path (read a chunk at a time, as ``load_export`` reads it)."""
    check_upload_size(os.path.getsize(data) if isinstance(data, os.PathLike) else len(data), file_name)
    raw = open_raw(data, file_name, sheet)
    scratch = Workspace(":memory:", migrate=False)
    try:
        return plan_raw(raw, scratch.cursor(), file_name, ws=ws, entity=entity, source=source, mapping=mapping)
    finally:
        raw.close()
        scratch.close()
