"""The importer: CRM export bytes -> canonical entity rows (see docs/architecture.md, Ingest API).

``inspect_file`` reads and plans without touching the workspace; ``load_export`` loads in one
transaction and returns a ``LoadReport``.  ``ENTITY_FIELDS`` / ``entity_fields`` list the canonical
fields a mapping editor offers.

The names are imported when first used (PEP 562), so that ``ingest.read.ahead`` can start parsing a
workbook before DuckDB, numpy and the loader are imported.
"""

from __future__ import annotations

from store.lazy import lazy_names

_WHERE = {
    "ENTITY_FIELDS": "ingest.api",
    "entity_fields": "ingest.api",
    "inspect_file": "ingest.api",
    "FOLD_LABEL_MACRO": "ingest.plan.labels",
    "FOLD_LABEL_SQL": "ingest.plan.labels",
    "fold_label": "ingest.plan.labels",
    "header_signature": "ingest.plan.labels",
    "IngestError": "ingest.errors",
    "MAX_UPLOAD_ENV": "ingest.limits",
    "check_upload_size": "ingest.limits",
    "max_upload_mb": "ingest.limits",
    "RAW_TABLE": "ingest.load.loader",
    "load_export": "ingest.load.loader",
    "materialize": "ingest.load.loader",
    "open_raw": "ingest.read.tables",
    "Plan": "ingest.plan.planner",
    "make_plan": "ingest.plan.planner",
    "PRESETS": "ingest.plan.presets",
    "SOURCE_LABELS": "ingest.plan.presets",
    "LoadReport": "ingest.load.report",
    "warning_text": "ingest.load.report",
    "link_text": "ingest.load.report",
    "reason_text": "ingest.load.report",
}


__getattr__, __dir__ = lazy_names("ingest", _WHERE, globals())


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
    "link_text",
    "load_export",
    "max_upload_mb",
    "reason_text",
    "warning_text",
]
