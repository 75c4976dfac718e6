"""The SQL of one load: parse the raw table, list rejected cells, compute record keys.

The "stage" is a SELECT over the raw VARCHAR table (never stored: a million-row copy costs more than
parsing twice): ``_row``, ``f_<field>`` (parsed), ``r_<field>`` (raw text of parsed fields, to report
cells that do not parse), ``_extra`` (the unmapped columns as a MAP) and ``_hash`` (md5 of the raw cells,
evaluated only for rows without a key).  Column names that come from the file are always bound
parameters ($name) or quoted identifiers.
"""

from __future__ import annotations

from ingest.columns import FieldRule
from ingest.derive import f_col, r_col
from ingest.presets import FALLBACK_KEYS
from ingest.values import clean_text_sql, is_placeholder_sql
from store import quote_ident
from store.entities import ENTITIES


def _parsed(rule: FieldRule) -> str:
    exprs = []
    for column, build in rule.parsers:
        raw = quote_ident(column)
        # Cells arrive trimmed from the reader; the parsers also tolerate surrounding spaces.  Identifiers are
        # cleaned before the placeholder test so that the column is read once per row.
        if rule.kind == "id":
            exprs.append(clean_text_sql(build(raw)))
        else:
            exprs.append(build(clean_text_sql(raw) if rule.is_text else raw))
    return exprs[0] if len(exprs) == 1 else f"coalesce({', '.join(exprs)})"


def stage_sql(source: str, rules: dict[str, FieldRule], extra_columns: list[str] | None,
              hash_columns: list[str] | None, params: dict) -> str:
    """SELECT that parses ``source`` (a table name or a parenthesised subquery); adds its $params."""
    cols = ["_row"]
    for name, rule in rules.items():
        if not rule.is_text:
            cols.append(f"{quote_ident(rule.column)} AS {r_col(name)}")
        cols.append(f"{_parsed(rule)} AS {f_col(name)}")
    if extra_columns:
        values = ", ".join(clean_text_sql(quote_ident(c)) for c in extra_columns)
        cols.append(
            "map_from_entries(list_filter(list_zip($extra_keys::VARCHAR[], "
            f"[{values}]), lambda e: e[2] IS NOT NULL)) AS _extra"
        )
        params["extra_keys"] = list(extra_columns)
    elif extra_columns is not None:
        cols.append("CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) AS _extra")
    if hash_columns:
        cells = ", ".join(f"coalesce({quote_ident(c)}, '')" for c in hash_columns)
        cols.append(f"md5(concat_ws(chr(31), {cells})) AS _hash")
    return f"SELECT {', '.join(cols)} FROM {source}"


def required_fields(entity: str) -> list[str]:
    return [f.name for f in ENTITIES[entity].fields if f.required]


def loadable_sql(entity: str) -> str:
    """WHERE condition on the stage: the row has every required field."""
    req = required_fields(entity)
    return " AND ".join(f"{f_col(r)} IS NOT NULL" for r in req) if req else "TRUE"


def failure_conditions(entity: str, rules: dict[str, FieldRule]) -> dict[str, str]:
    """field -> condition on the stage that marks a cell that did not parse (placeholders are not failures)."""
    return {
        name: f"{r_col(name)} IS NOT NULL AND {f_col(name)} IS NULL AND NOT {is_placeholder_sql(r_col(name))}"
        for name, rule in rules.items() if not rule.is_text
    }


def rejected_cells_sql(entity: str, rules: dict[str, FieldRule], stage: str, fields: list[str],
                       params: dict, *, missing_required: bool) -> str:
    """row_no, column_name, value, reason: cells of ``fields`` that did not parse, and (when
    ``missing_required``) the empty required cells that kept a row out."""
    required = set(required_fields(entity))
    conditions = failure_conditions(entity, rules)
    parts = []
    for i, name in enumerate(fields):
        rule = rules[name]
        prefix = "row not loaded: " if name in required else ""
        parts.append(f"SELECT _row, $rc{i}, {r_col(name)}, $rr{i} FROM {stage} WHERE {conditions[name]}")
        params[f"rc{i}"], params[f"rr{i}"] = rule.column, f"{prefix}{rule.reason}"
    for i, name in enumerate(sorted(required) if missing_required else []):
        rule = rules[name]
        blank = f"{f_col(name)} IS NULL" + (
            "" if rule.is_text else f" AND ({r_col(name)} IS NULL OR {is_placeholder_sql(r_col(name))})"
        )
        value = "NULL" if rule.is_text else r_col(name)
        parts.append(f"SELECT _row, $mc{i}, {value}, $mr{i} FROM {stage} WHERE {blank}")
        params[f"mc{i}"], params[f"mr{i}"] = rule.column, f"row not loaded: {rule.column} ({name}) is empty"
    if not parts:
        return ""
    return "SELECT * FROM (" + " UNION ALL ".join(parts) + ") AS t(row_no, column_name, value, reason)"


def key_fields(entity: str, rules: dict[str, FieldRule]) -> list[str]:
    """The mapped fields that identify a record; [] means records are keyed by their content."""
    ent = ENTITIES[entity]
    keys = [k for k in ent.key_fields if k != ent.line_item_field]
    if all(k in rules for k in keys):
        if ent.line_item_field and ent.line_item_field in rules:
            keys.append(ent.line_item_field)
        return keys
    return [k for k in FALLBACK_KEYS.get(entity, ()) if k in rules]


def base_key_sql(keys: list[str]) -> str:
    """'k:<id>' from the key fields; 'h:<md5 of the raw cells>' for rows without them (CASE evaluates
    the hash only for those rows)."""
    if not keys:
        return "('h:' || _hash)"
    parts = " || '|' || ".join(f"CAST({f_col(k)} AS VARCHAR)" for k in keys)
    present = " AND ".join(f"{f_col(k)} IS NOT NULL" for k in keys)
    return f"(CASE WHEN {present} THEN 'k:' || {parts} ELSE 'h:' || _hash END)"


def keyed_sql(stage: str, base_key: str, where: str, repeats: bool) -> str:
    """The stage rows to load with their ``_key``; repeated keys get '#<n>' (line n of that id)."""
    if not repeats:
        return f"SELECT *, {base_key} AS _key FROM {stage} WHERE {where}"
    return (
        f"SELECT * EXCLUDE (_k0), CASE WHEN count(*) OVER (PARTITION BY _k0) > 1 "
        f"THEN _k0 || '#' || row_number() OVER (PARTITION BY _k0 ORDER BY _row) ELSE _k0 END AS _key "
        f"FROM (SELECT *, {base_key} AS _k0 FROM {stage} WHERE {where})"
    )
