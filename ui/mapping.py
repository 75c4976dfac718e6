"""The Upload page's mapping editor as data: rows to show, and the changes a user made to them.

Kept apart from the page so the round trip (labels, the "not loaded" choice, only real changes sent
back to ``inspect_file``) is tested without a browser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

FieldSpec = tuple[str, str, str, bool]  # name, DuckDB type, kind, required (ingest.ENTITY_FIELDS)


def mapping_rows(
    specs: Sequence[FieldSpec], mapping: dict[str, str | None], tr: Callable[[str], str], unmapped: str
) -> list[dict]:
    """One row per canonical field, in the entity's order: its label, id, whether required, and the column
    of the file mapped to it (``unmapped`` when none)."""
    return [
        {"label": tr(f"field.{name}"), "id": name, "required": required, "header": mapping.get(name) or unmapped}
        for name, _type, _kind, required in specs
    ]


def header_options(columns: Sequence[str], unmapped: str) -> list[str]:
    return [unmapped, *(c for c in columns if c != unmapped)]


def mapping_changes(
    specs: Sequence[FieldSpec], edited: Sequence[dict], mapping: dict[str, str | None], unmapped: str
) -> dict[str, str | None]:
    """Field -> header (None: not loaded) for the rows the user changed.  Rows map back by position: the
    editor neither adds nor removes rows."""
    chosen = {
        name: (None if row.get("header") in (None, "", unmapped) else row["header"])
        for (name, *_), row in zip(specs, edited, strict=True)
    }
    return {name: header for name, header in chosen.items() if header != mapping.get(name)}


def full_mapping(
    specs: Sequence[FieldSpec], mapping: dict[str, str | None], changes: dict[str, str | None] | None = None
) -> dict[str, str | None]:
    """Every field -> header (None: not loaded), as the grid shows it after ``changes``; what the page sends
    to ``inspect_file`` and ``load_export`` as the mapping.

    Each field is named, so the importer's own detection cannot fill a field the grid shows as not loaded.
    A header the user gives one field leaves the field that had it (which then shows "not loaded"), and the
    changes come last: the importer applies a mapping in order, a later field taking a header from an earlier
    one, so an edit is never taken back by the field that held its header before."""
    changes = changes or {}
    taken = {header for header in changes.values() if header}
    kept: dict[str, str | None] = {}
    for name, *_ in specs:
        if name not in changes:
            header = mapping.get(name) or None
            kept[name] = None if header in taken else header
    return {**kept, **changes}
