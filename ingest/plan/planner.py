"""The import plan: what a file is, how its columns map, how each will be parsed, and a preview.

``make_plan`` works on a raw table already materialised on a cursor, so ``inspect_file`` (a private
in-memory connection) and ``load_export`` (inside the workspace write transaction) share one code path
and the preview shows exactly what the load will write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from ingest.errors import IngestError
from ingest.plan.columns import FieldRule, RawProbe, build_rules
from ingest.plan.derive import DeriveContext, derived_columns, with_pre
from ingest.plan.detect import apply_overrides, detect
from ingest.plan.evidence import open_questions, question_warning
from ingest.plan.implied import implied_fields, implied_rule, implied_warning
from ingest.plan.labels import header_signature
from ingest.plan.presets import SOURCE_LABELS
from ingest.plan.stage import stage_sql
from ingest.plan.values import DEFAULT_COMPLAINT_TERMS
from ingest.plan.versions import Versions, find_versions
from store import quote_ident
from store.entities import ENTITIES

if TYPE_CHECKING:  # pandas is imported only when a preview is built (a command-line load builds none)
    import pandas as pd

PREVIEW_ROWS = 20
LOW_CONFIDENCE = 0.5


@dataclass
class Plan:
    file_name: str
    container: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: list[str]
    header_row: int
    columns: list[str]
    kind: str
    entity: str | None
    entity_confidence: float
    entity_reasons: list[str]
    source: str
    source_confidence: float
    mapping: dict[str, str]
    preview: pd.DataFrame  # None in the plan of a load (make_plan(preview=False))
    warnings: list[dict]
    header_signature: str
    source_label: str = ""
    fallbacks: dict[str, list[str]] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    date_orders: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    row_count: int = 0
    dropped_rows: int = 0
    remembered: bool = False
    # The plausible entities, best first ({"entity", "score", "reasons"}), and whether the user must choose
    # one before loading (the detection is uncertain, or two entities are close: ingest/plan/detect.py).
    entity_candidates: list[dict] = field(default_factory=list)
    needs_entity_choice: bool = False
    date_order: dict | str | None = None  # the user's answer for ambiguous date columns
    rules: dict[str, FieldRule] = field(default_factory=dict, repr=False)
    complaint_terms: tuple[str, ...] = DEFAULT_COMPLAINT_TERMS
    versions: Versions | None = None  # an event log: only each record's latest version loads
    # The event date or id when no column was taken but some could be ([{"field", "columns"}]): asked.
    questions: list[dict] = field(default_factory=list)

    implied: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (value, column saying it)

    @property
    def missing_required(self) -> list[str]:
        if not self.entity:
            return []
        return [f.name for f in ENTITIES[self.entity].fields
                if f.required and f.name not in self.mapping and f.name not in self.implied]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "container": self.container,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "sheets": self.sheets,
            "header_row": self.header_row,
            "columns": self.columns,
            "kind": self.kind,
            "entity": self.entity,
            "entity_confidence": self.entity_confidence,
            "entity_reasons": self.entity_reasons,
            "source": self.source,
            "source_label": self.source_label,
            "source_confidence": self.source_confidence,
            "mapping": self.mapping,
            "fallbacks": self.fallbacks,
            "formats": self.formats,
            "date_orders": self.date_orders,
            "unmapped": self.unmapped,
            "derived": self.derived,
            "warnings": self.warnings,
            "header_signature": self.header_signature,
            "row_count": self.row_count,
            "dropped_rows": self.dropped_rows,
            "remembered": self.remembered,
            "entity_candidates": self.entity_candidates,
            "needs_entity_choice": self.needs_entity_choice,
            "versions": self.versions.describe() if self.versions else None,
            "questions": self.questions,
        }


def _setting(ws, key: str, default):
    if ws is None:
        return default
    value = ws.get_setting(key, None)
    return default if value in (None, "", []) else value


def _reader_warnings(raw) -> list[dict]:
    # The reader already names what it dropped (footers, subtotal and blank rows); its count is in the plan.
    return [{"code": "reader", "message": str(w), "count": 0} for w in (getattr(raw, "warnings", None) or [])]


def make_plan(
    raw,
    cur: duckdb.DuckDBPyConnection,
    table: str,
    layout,
    *,
    file_name: str,
    ws=None,
    entity: str | None = None,
    source: str | None = None,
    mapping: dict | None = None,
    preview: bool = True,
) -> Plan:
    """Detect, map and decide every column's format; ``table`` is the materialised raw table on ``cur`` and
    ``layout`` (ingest.load.loader.RawLayout) its rows, columns and reading notes.  ``preview=False`` (a load, which
    never shows the plan) leaves ``plan.preview`` empty."""
    probe = RawProbe(cur, table, layout.rows)
    try:
        plan = _make_plan(
            raw,
            cur,
            table,
            probe,
            list(layout.columns),
            file_name=file_name,
            ws=ws,
            entity=entity,
            source=source,
            mapping=mapping,
            preview=preview,
        )
    finally:
        probe.close()
    plan.warnings[:0] = layout.notes
    return plan


def _remembered(ws, signature: str, entity: str | None, overrides: dict):
    """The mapping confirmed earlier for these headers ``(entity, {field: header}, date_order)``, or None
    (the user's own mapping, or another entity chosen, wins over it)."""
    if ws is None or overrides:
        return None
    remembered = ws.remembered_mapping(signature)
    if not remembered or entity not in (None, remembered[0]):
        return None
    saved = dict(remembered[1])
    return remembered[0], saved, saved.pop("date_order", None)


def _make_plan(
    raw,
    cur,
    table: str,
    probe: RawProbe,
    columns: list[str],
    *,
    file_name: str,
    ws,
    entity,
    source,
    mapping,
    preview: bool = True,
) -> Plan:
    signature = header_signature(columns)
    overrides = dict(mapping or {})
    date_order = overrides.pop("date_order", None)
    remembered = _remembered(ws, signature, entity, overrides)
    if remembered:
        entity, saved, saved_order = remembered
        date_order = date_order or saved_order
    det = detect(columns, probe, entity=entity, source=source)
    plan = _new_plan(raw, det, columns, signature, probe.row_count, file_name=file_name, ws=ws, preview=preview)
    if remembered:
        det_mapping = {k: v for k, v in saved.items() if v in columns}
        plan.entity_reasons.insert(0, "mapping confirmed earlier for these headers (remembered)")
        plan.entity_confidence, fallbacks = 1.0, {}
        plan.remembered, plan.needs_entity_choice = True, False
    else:
        det_mapping, fallbacks = det.mapping, det.fallbacks
    if plan.entity is None:
        plan.warnings.append(_warning("entity_unknown", (
            "The headers do not match any known CRM export; choose what the rows are "
            f"({', '.join(ENTITIES)}) and map the columns.")))
        plan.unmapped = columns
        return plan
    plan.date_order = date_order
    plan.mapping, plan.fallbacks = apply_overrides(columns, plan.entity, det_mapping, overrides, fallbacks)
    if overrides:
        plan.entity_reasons.insert(0, "mapping adjusted by the user: " + ", ".join(
            f"{k} → {v}" for k, v in overrides.items() if k != "date_order"))
    _mapping_warnings(plan)
    used = set(plan.mapping.values()) | {c for cols in plan.fallbacks.values() for c in cols}
    plan.unmapped = [c for c in columns if c not in used]
    _decide_formats(plan, probe, ws, date_order)
    plan.versions = find_versions(plan.entity, plan.mapping, columns, probe, cur, table)
    plan.questions = open_questions(plan.entity, plan.mapping, plan.unmapped, probe)
    plan.warnings += [question_warning(q) for q in plan.questions]
    if preview:
        plan.preview, plan.derived = _preview(cur, table, plan)
    return plan


def _warning(code: str, message: str, **extra) -> dict:
    return {"code": code, **extra, "count": 0, "message": message}


def _new_plan(raw, det, columns: list[str], signature: str, row_count: int, *, file_name: str, ws,
              preview: bool) -> Plan:
    """The plan of what the reader found and the detection decided, before any mapping is applied."""
    return Plan(
        file_name=file_name,
        container=raw.container,
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        sheet=raw.sheet,
        sheets=list(raw.sheets or []),
        header_row=raw.header_row,
        columns=columns,
        kind=raw.kind,
        entity=det.entity,
        entity_confidence=det.entity_confidence,
        entity_reasons=list(det.entity_reasons),
        source=det.source,
        source_confidence=det.source_confidence,
        mapping={},
        preview=_empty_frame() if preview else None,
        warnings=_reader_warnings(raw),
        header_signature=signature,
        source_label=det.preset.label if det.preset is not None else SOURCE_LABELS.get(det.source, det.source),
        row_count=row_count,
        dropped_rows=int(getattr(raw, "dropped_rows", 0) or 0),
        entity_candidates=det.candidates,
        needs_entity_choice=det.needs_choice,
        complaint_terms=tuple(_setting(ws, "complaint_terms", DEFAULT_COMPLAINT_TERMS)),
    )


def _mapping_warnings(plan: Plan) -> None:
    """An uncertain entity, fields the file states without a column, required fields with no column."""
    if plan.entity_confidence < LOW_CONFIDENCE:
        plan.warnings.append(_warning("entity_uncertain", (
            f"Not sure these rows are {plan.entity} (confidence {plan.entity_confidence:.0%}); check the entity "
            f"and mapping.")))
    plan.implied = implied_fields(plan.entity, plan.mapping)
    for name, (value, column) in plan.implied.items():
        plan.warnings.append(implied_warning(name, value, column))
    for name in plan.missing_required:
        plan.warnings.append(_warning("missing_required", (
            f"No column holds {name}, which {plan.entity} need; map one with "
            f"--map {name}=<column header>."), field=name))


def _decide_formats(plan: Plan, probe: RawProbe, ws, date_order) -> None:
    """Every mapped field's parse rule and format (dates, numbers, units), implied fields as constants."""
    ruleset = build_rules(
        plan.entity,
        plan.mapping,
        plan.fallbacks,
        probe,
        source=plan.source,
        date_orders=date_order,
        timezone=_setting(ws, "timezone", "UTC"),
    )
    for name, (value, column) in plan.implied.items():
        ruleset.rules[name] = implied_rule(name, value, column)
        ruleset.formats[name] = f"{value} (implied)"
    plan.rules, plan.formats, plan.date_orders = ruleset.rules, ruleset.formats, ruleset.date_orders
    plan.warnings += ruleset.warnings


def _empty_frame() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame()


def _preview(cur, table: str, plan: Plan) -> tuple[pd.DataFrame, list[str]]:
    source = f"(SELECT * FROM {quote_ident(table)} ORDER BY _row LIMIT {PREVIEW_ROWS})"
    params: dict = {}
    sql = stage_sql(source, plan.rules, params)
    ctx = DeriveContext(plan.entity, plan.rules, plan.complaint_terms)
    exprs = derived_columns(ctx)
    select = ", ".join(f"{e} AS {quote_ident(n)}" for n, e in exprs.items())
    try:
        df = cur.execute(f"SELECT _row, {select} FROM {with_pre(ctx, f'({sql})')} ORDER BY _row", params).df()
    except duckdb.Error as exc:  # a bug in generated SQL must not hide the plan
        raise IngestError(
            f"Could not preview {plan.file_name}: {str(exc).splitlines()[0]}; "
            "report this file to the maintainers."
        ) from None
    return df, ctx.notes
