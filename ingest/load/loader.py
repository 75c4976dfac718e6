"""Load one export into the workspace: one transaction, an honest report, idempotent, latest upload wins.

Inside ``ws.write()`` (all or nothing): materialise the raw table, plan, count rows and keys, insert the
loadable rows with their keys in one INSERT ... SELECT that parses everything (ingest/plan/stage.py), record
the cells that did not parse, delete older versions of the same records, run the data checks and register
the upload.  Nothing loops over rows in Python.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from ingest.errors import IngestError, ReplaceNotConfirmed
from ingest.limits import check_upload_size
from ingest.load.checks import date_ranges, run_checks
from ingest.load.links import link_counts
from ingest.load.report import REJECTED_COLUMNS, LoadReport
from ingest.load.vocab import VocabLookup
from ingest.plan.derive import DeriveContext, derived_columns, with_pre
from ingest.plan.labels import header_key
from ingest.plan.planner import Plan, make_plan
from ingest.plan.stage import (
    key_fields,
    keyed_sql,
    keys_may_repeat_sql,
    loadable_sql,
    loaded_counts_sql,
    parsed_fields,
    precheck_sql,
    rejected_cells_sql,
    repeated_rows_sql,
    required_fields,
    stage_sql,
)
from ingest.plan.versions import keep_latest_sql
from ingest.plan.wide import unpivot_if_wide
from ingest.read.ahead import ReadAhead
from ingest.read.base import ReadRetry, no_gc
from ingest.read.source import FileBytes, file_sha256
from ingest.read.tables import open_raw
from store import lineage, quote_ident
from store.entities import ENTITIES, SYSTEM_COLUMNS

RAW_TABLE = "_ingest_raw"
MAX_REJECTED_IN_REPORT = 100_000

# progress(fraction done, what is happening as an i18n key such as "ingest.progress.loading")
Progress = Callable[[float, str], None]


def materialize(raw, cur: duckdb.DuckDBPyConnection, file_name: str, entity: str | None = None) -> RawLayout:
    """The raw table on ``cur`` (a channel x month grid becomes one row per cell); its rows and columns."""
    n = int(raw.materialize(cur, RAW_TABLE))
    if n == 0:
        raise IngestError(f"{file_name} has headers but no data rows; export the report again with its rows.")
    columns, notes = list(raw.columns), []
    if entity in (None, "spend"):
        wide = unpivot_if_wide(cur, RAW_TABLE, columns)
        if wide:
            columns, note = wide
            notes.append({"code": "wide_layout", "count": 0, "message": note})
            n = int(cur.execute(f"SELECT count(*) FROM {quote_ident(RAW_TABLE)}").fetchone()[0])
    return RawLayout(n, columns, notes)


@dataclass
class RawLayout:
    rows: int
    columns: list[str]
    notes: list[dict]


def _already_loaded(ws, sha: str, entity: str | None, file_name: str) -> LoadReport | None:
    """The upload of these exact bytes while its rows are present (an upload whose rows a newer export
    replaced, or that was deleted, loads again)."""
    rows = ws.execute(
        "SELECT id, entity, source, report FROM uploads WHERE sha256 = ? AND (rows_loaded > 0 OR "
        "coalesce(TRY_CAST(json_extract(report, '$.rows_loaded') AS BIGINT), 0) = 0) ORDER BY id",
        [sha],
    )
    for upload_id, ent, source, report_json in rows:
        if entity not in (None, ent):
            continue
        stored = json.loads(report_json) if report_json else {}
        return LoadReport(
            file=file_name,
            entity=ent,
            source=source,
            confidence=stored.get("confidence", 1.0),
            mapping=stored.get("mapping", {}),
            upload_id=int(upload_id),
            already_loaded=True,
            sha256=sha,
            warnings=[
                {
                    "code": "already_loaded",
                    "count": 0,
                    "message": f"These exact bytes were already loaded as upload {upload_id}; "
                    "nothing changed.",
                }
            ],
        )
    return None


def load_export(
    ws,
    data: bytes | os.PathLike,
    file_name: str,
    *,
    entity: str | None = None,
    source: str | None = None,
    sheet: str | None = None,
    mapping: dict | None = None,
    remember: bool = True,
    progress: Progress | None = None,
    replace: bool = False,
    same_as: int | None = None,
) -> LoadReport:
    """Load one export file into ``ws``; see docs/architecture.md (Ingest API).

    ``data`` is the file's bytes, or its path (os.PathLike): a text file is then read a chunk at a time, never
    whole into memory, and a UTF-8 CSV is read by DuckDB in place rather than from a temporary copy.  A ``ReadAhead`` of the path (as the CLI passes) has been read in a
    background thread meanwhile.

    A load that would replace records of an earlier upload of the same report (store/lineage.py) raises
    ``ReplaceNotConfirmed`` and changes nothing unless ``replace`` is true.  ``same_as`` names an upload the
    user confirmed as an earlier export of the same report."""
    with no_gc():  # a workbook's cells are millions of objects, none in a cycle (see ingest.read.base.no_gc)
        return _load_export(
            ws, data, file_name, entity, source, sheet, mapping, remember, progress, Lineage(replace, same_as)
        )


@dataclass(frozen=True)
class Lineage:
    """What the user said about replacing: go ahead (``replace``), and which upload this continues."""

    replace: bool = False
    same_as: int | None = None


MAX_READ_ATTEMPTS = 4


def _load_export(ws, data, file_name, entity, source, sheet, mapping, remember, progress, line) -> LoadReport:
    started = time.perf_counter()
    step = progress or (lambda fraction, message: None)
    ahead = data if isinstance(data, ReadAhead) else None
    data, sha, size = _file_input(data, ahead, sheet, file_name)
    step(0.0, "ingest.progress.checking_loaded")
    done = _already_loaded(ws, sha, entity, file_name)
    if done is not None:
        if ahead is not None:
            ahead.discard()
        step(1.0, "ingest.progress.already_loaded")
        return done
    step(0.05, "ingest.progress.reading")
    raw = ahead.raw() if ahead is not None else open_raw(data, file_name, sheet)
    try:
        for attempt in range(1, MAX_READ_ATTEMPTS + 1):
            try:
                with ws.write() as cur:
                    plan = plan_raw(raw, cur, file_name, ws=ws, entity=entity, source=source, mapping=mapping,
                                    preview=False, read=lambda: step(0.3, "ingest.progress.recognising"))
                    _check_plan(plan)
                    report = _load_planned(cur, plan, sha=sha, size=size, step=step, line=line)
                break
            except ReadRetry as exc:  # rolled back; the reader knows more about the file now
                if attempt == MAX_READ_ATTEMPTS:
                    raise IngestError(
                        f"{file_name} could not be read ({str(exc).splitlines()[0][:160]}); open it in Excel or a "
                        "text editor, save it again as CSV (UTF-8) and upload the new file."
                    ) from None
                step(0.05, "ingest.progress.reading_again")
    finally:
        raw.close()
    report.seconds = time.perf_counter() - started
    if remember:
        saved: dict = dict(plan.mapping)
        if plan.date_order:
            saved["date_order"] = plan.date_order
        ws.remember_mapping(plan.header_signature, plan.entity, saved)
    step(1.0, "ingest.progress.done")
    return report


def _file_input(data, ahead: ReadAhead | None, sheet: str | None, file_name: str) -> tuple[bytes | FileBytes, str, int]:
    """What the reader reads (the bytes given, or the file read a chunk at a time), its SHA-256 and size.

    A path stays a path: it is hashed in chunks and never read whole into memory."""
    if ahead is not None:
        if ahead.sheet != sheet:
            raise ValueError("the ReadAhead was started for another sheet")
        sha, size = ahead.digest()
        return FileBytes(ahead.path), sha, size
    if isinstance(data, os.PathLike):
        size = os.path.getsize(data)
        check_upload_size(size, file_name)
        return FileBytes(data), file_sha256(data), size
    check_upload_size(len(data), file_name)
    return data, hashlib.sha256(data).hexdigest(), len(data)


def plan_raw(raw, cur, file_name: str, *, ws, entity: str | None, source: str | None, mapping: dict | None,
             preview: bool = True, read=None) -> Plan:
    """The raw table of ``raw`` on ``cur``, then its Plan; ``read()`` is called in between (the progress bar)."""
    layout = materialize(raw, cur, file_name, entity)
    if read is not None:
        read()
    return make_plan(raw, cur, RAW_TABLE, layout, file_name=file_name, ws=ws, entity=entity, source=source,
                     mapping=mapping, preview=preview)


def _check_plan(plan: Plan) -> None:
    if plan.entity is None:
        raise IngestError(
            f"Could not tell what records {plan.file_name} holds; choose the entity "
            f"({', '.join(ENTITIES)}) and map its columns.", key="ingest.error.unknown_entity", file=plan.file_name
        )
    if plan.needs_entity_choice:
        names = [c["entity"] for c in plan.entity_candidates] or [plan.entity]
        listing = " or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " or " + names[-1]
        raise IngestError(
            f"Not sure whether {plan.file_name} holds {listing} (confidence {plan.entity_confidence:.0%}); "
            f"choose one with --entity {names[0]} (or on the Upload page).",
            key="ingest.error.entity_uncertain", file=plan.file_name, entities=names,
        )
    missing = plan.missing_required
    if missing:
        raise IngestError(
            f"{plan.file_name} has no column for {', '.join(missing)}, which {plan.entity} need; "
            f"map one with --map {missing[0]}=<column header> or choose another entity with --entity.",
            key="ingest.error.missing_required", file=plan.file_name, fields=list(missing), entity=plan.entity,
        )


def _load_planned(cur, plan: Plan, *, sha: str, size: int, step: Progress, line: Lineage) -> LoadReport:
    entity = plan.entity
    upload_id = int(cur.execute("SELECT nextval('upload_id_seq')").fetchone()[0])
    keys = key_fields(entity, plan.rules)
    key_columns = [header_key(plan.rules[k].column) for k in keys]
    headers = sorted({header_key(c) for c in plan.columns if c})
    lineage_id = lineage.find_lineage(
        cur, entity=entity, source=plan.source, key_columns=key_columns, headers=headers, same_as=line.same_as
    )
    step(0.4, "ingest.progress.keys")
    earlier = _keep_latest_versions(cur, plan)
    total, loadable, filled, repeated_rows = _precheck(cur, plan, keys)
    step(0.5, "ingest.progress.loading")
    ctx = _insert(cur, plan, keys, upload_id, all_loadable=loadable == total, repeats=repeated_rows > 0)
    step(0.75, "ingest.progress.rejected")
    _record_rejections(cur, plan, upload_id, filled, missing_required=loadable < total)
    cur.execute(f"DROP TABLE IF EXISTS {quote_ident(RAW_TABLE)}")
    pending = lineage.replacements(cur, entity, upload_id, lineage_id)
    if pending and not line.replace:
        raise ReplaceNotConfirmed(plan.file_name, pending)  # rolled back: nothing changed
    replaced = lineage.supersede(cur, entity, upload_id, lineage_id)
    collided = lineage.collisions(cur, entity, upload_id, lineage_id)

    step(0.85, "ingest.progress.checks")
    warnings = list(plan.warnings)
    warnings += run_checks(
        cur, entity, upload_id, ctx.present, loadable, duplicate_rows=repeated_rows, keyed_by_content=not keys
    )
    warnings += [_collision_warning(c) for c in collided]
    unreadable = _unreadable_cells(cur, plan, upload_id, filled)
    counts = _Counts(total, loadable, earlier, sum(w["count"] for w in unreadable))
    report = _report(cur, plan, ctx, counts, replaced, collided, warnings + unreadable,
                     upload_id=upload_id, lineage_id=lineage_id, key_columns=key_columns, headers=headers,
                     sha=sha, size=size)
    _register(cur, report)
    return report


@dataclass(frozen=True)
class _Counts:
    read: int  # rows of the latest versions
    loaded: int
    earlier_versions: int
    cells_unread: int


def _report(cur, plan: Plan, ctx, counts: _Counts, replaced, collided, warnings: list[dict], *, upload_id: int,
            lineage_id: int | None, key_columns: list[str], headers: list[str], sha: str, size: int) -> LoadReport:
    """The LoadReport of an upload whose rows are in place (its rejected rows read back, the first ones)."""
    entity = plan.entity
    report = LoadReport(
        file=plan.file_name,
        entity=entity,
        source=plan.source,
        confidence=plan.entity_confidence,
        source_label=plan.source_label,
        source_confidence=plan.source_confidence,
        entity_reasons=plan.entity_reasons,
        container=plan.container,
        encoding=plan.encoding,
        sheet=plan.sheet,
        header_row=plan.header_row,
        delimiter=plan.delimiter,
        mapping=dict(plan.mapping),
        formats=plan.formats,
        derived=ctx.notes,
        rows_read=counts.read + counts.earlier_versions,
        earlier_versions=counts.earlier_versions,
        cells_unread=counts.cells_unread,
        links=link_counts(cur, entity),
        rows_loaded=counts.loaded,
        rows_rejected=counts.read - counts.loaded,
        records_replaced=sum(r.records for r in replaced),
        replaced=[r.as_dict() for r in replaced],
        collisions=[c.as_dict() for c in collided],
        lineage=lineage_id if lineage_id is not None else upload_id,
        key_columns=key_columns,
        headers=headers,
        date_ranges=date_ranges(cur, entity, upload_id, ctx.present),
        warnings=warnings,
        upload_id=upload_id,
        sha256=sha,
        size_bytes=size,
        header_signature=plan.header_signature,
    )
    report.rejected_rows = cur.execute(
        f"SELECT {', '.join(REJECTED_COLUMNS)} FROM rejected_rows WHERE upload_id = ? ORDER BY row_no LIMIT ?",
        [upload_id, MAX_REJECTED_IN_REPORT],
    ).fetchall()
    report.cells_rejected = int(
        cur.execute("SELECT count(*) FROM rejected_rows WHERE upload_id = ?", [upload_id]).fetchone()[0]
    )
    return report


def _keep_latest_versions(cur, plan: Plan) -> int:
    """An event log (ingest/plan/versions.py): drop the raw rows that are earlier versions of a record."""
    if plan.versions is None:
        return 0
    deleted = cur.execute(keep_latest_sql(plan.versions, RAW_TABLE)).fetchone()[0]
    plan.warnings.append({
        "code": "event_log",
        "count": int(deleted),
        "file": plan.file_name,
        "message": f"{plan.file_name} is an event log: loaded the {plan.versions.describe()}; "
        f"{int(deleted):,} earlier versions were not loaded.",
    })
    return int(deleted)


def _precheck(cur, plan: Plan, keys: list[str]) -> tuple[int, int, dict[str, int], int]:
    """Rows, loadable rows, non-empty cells per parsed field (of loadable rows), rows sharing a key."""
    raw, rules, entity = quote_ident(RAW_TABLE), plan.rules, plan.entity
    params: dict = {}
    row = cur.execute(precheck_sql(entity, rules, raw, params), params).fetchone()
    total, loadable = int(row[0]), int(row[1])
    filled = dict(zip(parsed_fields(rules), row[2:], strict=True))
    repeated_rows = 0
    if keys:
        distinct, keyed = cur.execute(keys_may_repeat_sql(keys, rules, raw)).fetchone()
        if distinct < keyed:
            params = {}
            parse = set(required_fields(entity))
            stage = stage_sql(raw, rules, params, keys=keys, hash_columns=list(plan.columns), parse=parse)
            sql = repeated_rows_sql(f"({stage})", loadable_sql(entity))
            repeated_rows = int(cur.execute(sql, params).fetchone()[0])
    return total, loadable, filled, repeated_rows


def _insert(cur, plan: Plan, keys: list[str], upload_id: int, *, all_loadable: bool, repeats: bool):
    """The one INSERT ... SELECT that parses, derives and keys every loadable row; returns its context."""
    raw = quote_ident(RAW_TABLE)
    params: dict = {"upload_id": upload_id}
    lookup = VocabLookup(cur, plan.rules, params, RAW_TABLE)
    ctx = DeriveContext(plan.entity, plan.rules, plan.complaint_terms, lookup=lookup)
    exprs = derived_columns(ctx)
    extra = [c for c in plan.unmapped if c != "_row"]
    stage = stage_sql(
        raw, plan.rules, params, extra_columns=extra, keys=keys, hash_columns=list(plan.columns)
    )
    # Every row loadable (the usual case): no filter, so the required fields are not parsed twice.
    where = "TRUE" if all_loadable else loadable_sql(plan.entity)
    source = with_pre(ctx, f"({keyed_sql(f'({stage})', where, repeats)})")
    columns = ", ".join(quote_ident(c) for c in [*exprs, *(name for name, _ in SYSTEM_COLUMNS)])
    select = ", ".join([*exprs.values(), "$upload_id", "_row", "_key", "_extra"])
    sql = f"INSERT INTO {quote_ident(plan.entity)} ({columns}) SELECT {select} FROM {source}"
    lookup.drop_unused(sql)
    cur.execute(sql, params)
    return ctx


def _record_rejections(cur, plan: Plan, upload_id: int, filled: dict[str, int], *, missing_required: bool):
    """A parsed field with fewer loaded values than non-empty cells had cells that did not parse: list them."""
    table = quote_ident(plan.entity)
    params: dict = {"upload_id": upload_id}
    counts = cur.execute(loaded_counts_sql(table, plan.rules), params).fetchone()
    failed = [name for name, n in zip(filled, counts, strict=False) if n < filled[name]]
    if not failed and not missing_required:
        return
    sql = rejected_cells_sql(
        plan.entity,
        plan.rules,
        quote_ident(RAW_TABLE),
        table,
        failed,
        params,
        missing_required=missing_required,
    )
    cur.execute(
        f"INSERT INTO rejected_rows SELECT $upload_id, row_no, column_name, value, reason FROM ({sql})",
        params,
    )


MOSTLY = 0.5  # a mapped column with at least this share of its cells unreadable is probably mis-mapped


def _unreadable_cells(cur, plan: Plan, upload_id: int, filled: dict[str, int]) -> list[dict]:
    """Cells of loaded rows that did not parse, per column: counted and shown beside the rows rejected."""
    rows = cur.execute(
        "SELECT column_name, count(*), min(value) FROM rejected_rows WHERE upload_id = ? "
        "AND reason NOT LIKE 'row not loaded%' GROUP BY column_name ORDER BY count(*) DESC",
        [upload_id],
    ).fetchall()
    by_column = {rule.column: name for name, rule in plan.rules.items()}
    out = []
    for column, count, example in rows:
        name = by_column.get(column, column)
        share = count / max(filled.get(name, count), count, 1)
        out.append({
            "code": "cells_unreadable_mostly" if share >= MOSTLY else "cells_unreadable",
            "count": int(count),
            "field": name,
            "column": column,
            "example": str(example)[:40],
            "message": f"{count:,} {name} cells in {column} could not be read, e.g. '{str(example)[:40]}'; "
            "they are empty in the workspace."
            + (" That is most of the column: check its format or map another column." if share >= MOSTLY else ""),
        })
    return out


def _collision_warning(c: lineage.Collision) -> dict:
    return {
        "code": "ids_collide",
        "count": c.ids,
        "upload": c.upload_id,
        "file": c.file_name,
        "message": f"{c.ids:,} ids also appear in upload {c.upload_id} ({c.file_name}), another report; "
        "both are kept and each counts once in its own report.",
    }


def _register(cur, report: LoadReport) -> None:
    cur.execute(
        "INSERT INTO uploads (id, file_name, sha256, size_bytes, entity, source, rows_loaded, rows_rejected, "
        "records_replaced, loaded_at, header_signature, report, lineage, key_columns, headers) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report.upload_id,
            report.file,
            report.sha256,
            report.size_bytes,
            report.entity,
            report.source,
            report.rows_loaded,
            report.rows_rejected,
            report.records_replaced,
            datetime.now(),
            report.header_signature,
            json.dumps(report.as_dict(), ensure_ascii=False, default=str),
            report.lineage,
            json.dumps(report.key_columns, ensure_ascii=False),
            json.dumps(report.headers, ensure_ascii=False),
        ],
    )
