"""The importer: CRM export bytes -> canonical entity rows (see docs/architecture.md, Ingest API).

``inspect_file`` reads and plans without touching the workspace; ``load_export`` loads in one
transaction and returns a ``LoadReport``.  ``ENTITY_FIELDS`` / ``entity_fields`` list the canonical
fields a mapping editor offers.
"""

from __future__ import annotations

from ingest.errors import IngestError
from ingest.labels import FOLD_LABEL_MACRO, FOLD_LABEL_SQL, fold_label, header_signature
from ingest.limits import MAX_UPLOAD_ENV, check_upload_size, max_upload_mb
from ingest.load import RAW_TABLE, load_export, materialize, open_raw
from ingest.plan import Plan, make_plan
from ingest.presets import PRESETS, SOURCE_LABELS
from ingest.report import LoadReport, warning_text
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
    data: bytes,
    file_name: str,
    *,
    ws=None,
    entity: str | None = None,
    source: str | None = None,
    sheet: str | None = None,
    mapping: dict | None = None,
) -> Plan:
    """Read, detect and plan ``data`` without changing ``ws`` (used only for settings and remembered
    mappings): the raw table lives in a private in-memory workspace that is closed afterwards."""
    check_upload_size(len(data), file_name)
    raw = open_raw(data, file_name, sheet)
    scratch = Workspace(":memory:", migrate=False)
    try:
        cur = scratch.cursor()
        layout = materialize(raw, cur, file_name, entity)
        return make_plan(
            raw,
            cur,
            RAW_TABLE,
            layout,
            file_name=file_name,
            ws=ws,
            entity=entity,
            source=source,
            mapping=mapping,
        )
    finally:
        raw.close()
        scratch.close()


__all__ = [
    "ENTITY_FIELDS",
    "FOLD_LABEL_MACRO",
    "FOLD_LABEL_SQL",
    "PRESETS",
    "SOURCE_LABELS",
    "IngestError",
    "LoadReport",
    "MAX_UPLOAD_ENV",
    "Plan",
    "entity_fields",
    "fold_label",
    "header_signature",
    "inspect_file",
    "load_export",
    "max_upload_mb",
    "warning_text",
]
