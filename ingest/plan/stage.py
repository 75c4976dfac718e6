"""The SQL of one load: parse the raw table, count and list rejected cells, compute record keys.

The "stage" is a SELECT over the raw VARCHAR table, never stored: ``_row``, ``f_<field>`` (parsed),
``r_<field>`` (raw text of parsed fields), ``_extra`` (the unmapped columns as a MAP) and ``_k0`` (the
record key; an md5 of the raw cells, computed only for rows without a key).  A load reads the raw table
three times, and only the INSERT parses everything:

1. ``precheck_sql``: rows, loadable rows (only the required fields are parsed), distinct keys, and per
   parsed field the non-blank cells of loadable rows;
2. the INSERT of the loadable rows;
3. ``loaded_counts_sql`` on the rows just inserted: a field with fewer values than non-blank cells had
   cells that did not parse, and only then ``rejected_cells_sql`` lists them.

Column names that come from the file are always bound parameters ($name) or quoted identifiers.
"""

from __future__ import annotations

from ingest.plan.columns import FieldRule
from ingest.plan.derive import f_col, r_col
from ingest.plan.synonyms import FALLBACK_KEYS
from ingest.plan.values import clean_text_sql, is_placeholder_sql
from store import quote_ident
from store.entities import ENTITIES


def _parsed(rule: FieldRule) -> str:
    exprs = []
    for column, build in rule.parsers:
        raw = quote_ident(column)
        # Cells arrive trimmed from the reader (blank -> NULL); the parsers also tolerate surrounding spaces.
        # Identifiers are cleaned before the placeholder test, so the column is read once per row.
        if rule.kind == "id":
            exprs.append(clean_text_sql(build(raw)))
        else:
            exprs.append(build(clean_text_sql(raw) if rule.is_text else raw))
    return exprs[0] if len(exprs) == 1 else f"coalesce({', '.join(exprs)})"


# Up to this many raw columns the record key is computed one SELECT above the parsed values (see stage_sql);
# wider files keep one SELECT, as DuckDB's planner slows down with every expression added.
KEY_PASS_THROUGH_COLUMNS = 200


def stage_sql(
    source: str,
    rules: dict[str, FieldRule],
    params: dict,
    *,
    extra_columns: list[str] | None = None,
    keys: list[str] | None = None,
    hash_columns: list[str] | None = None,
    parse: set[str] | None = None,
) -> str:
    """SELECT that parses ``source`` (a table or parenthesised subquery); adds its $params.

    ``keys``/``hash_columns`` add ``_k0``, the record key before line numbering (see base_key_sql);
    ``parse`` limits the parsed fields (the others keep only their raw text ``r_<field>``)."""
    cols = ["_row"]
    for name, rule in rules.items():
        if not rule.is_text:
            cols.append(f"{quote_ident(rule.column)} AS {r_col(name)}")
        if parse is None or name in parse or name in (keys or ()):
            cols.append(f"{_parsed(rule)} AS {f_col(name)}")
    if extra_columns:
        # One lambda over the list of raw cells, not one CASE per column: DuckDB's planner grows much faster
        # than linearly with the expressions of a SELECT (400 unmapped columns took a minute, 10,000 crashed).
        values = ", ".join(quote_ident(c) for c in extra_columns)
        cols.append(
            "map_from_entries(list_filter(list_zip($extra_keys::VARCHAR[], "
            f"list_transform([{values}], lambda x: {clean_text_sql('x')})), lambda e: e[2] IS NOT NULL)) AS _extra"
        )
        params["extra_keys"] = list(extra_columns)
    elif extra_columns is not None:
        cols.append("CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) AS _extra")
    if keys and hash_columns and len(hash_columns) <= KEY_PASS_THROUGH_COLUMNS:
        # One SELECT up: in this one the key fields' parsed values are aliases, which DuckDB would expand
        # (parsing each id two more times: 0.1 s a million rows).  The raw cells go up too, as _h<n>, for
        # the md5 of the rows without a key (CASE computes it only for those).
        hashed = [f"_h{k}" for k in range(len(hash_columns))]
        passed = [f"{quote_ident(c)} AS {h}" for c, h in zip(hash_columns, hashed, strict=True)]
        return (
            f"SELECT * EXCLUDE ({', '.join(hashed)}), {base_key_sql(keys, hashed)} AS _k0 "
            f"FROM (SELECT {', '.join(cols + passed)} FROM {source})"
        )
    if keys is not None:
        # In the same SELECT as the raw columns, so the md5 is computed only for rows without a key.
        cols.append(f"{base_key_sql(keys, hash_columns or [])} AS _k0")
    return f"SELECT {', '.join(cols)} FROM {source}"


def required_fields(entity: str) -> list[str]:
    return [f.name for f in ENTITIES[entity].fields if f.required]


def loadable_sql(entity: str) -> str:
    """WHERE condition on the stage: the row has every required field."""
    req = required_fields(entity)
    return " AND ".join(f"{f_col(r)} IS NOT NULL" for r in req) if req else "TRUE"


def parsed_fields(rules: dict[str, FieldRule]) -> list[str]:
    """Fields whose cells can fail to parse (dates, numbers, yes/no, durations, ratings)."""
    return [name for name, rule in rules.items() if not rule.is_text]


def _filled(name: str) -> str:
    return f"{r_col(name)} IS NOT NULL AND NOT {is_placeholder_sql(r_col(name))}"


def precheck_sql(entity: str, rules: dict[str, FieldRule], source: str, params: dict) -> str:
    """One row: rows, loadable rows, then per parsed field the non-empty cells of loadable rows.
    Parses only the required fields."""
    where = loadable_sql(entity)
    stage = stage_sql(source, rules, params, parse=set(required_fields(entity)))
    # Plain counts (placeholders included): a field with fewer loaded values than this had placeholders or
    # cells that did not parse, which rejected_cells_sql then tells apart.
    filled = "".join(f", count({r_col(n)}) FILTER (WHERE {where})" for n in parsed_fields(rules))
    return f"SELECT count(*), count(*) FILTER (WHERE {where}){filled} FROM ({stage})"


def keys_may_repeat_sql(keys: list[str], rules: dict[str, FieldRule], source: str) -> str:
    """distinct vs all raw key values: equal proves that no key repeats (raw spellings of one id, such as
    660737 and 660737.0, count as different, so this can only err towards the exact count)."""
    cols = [quote_ident(rules[k].column) for k in keys]
    present = " AND ".join(f"{c} IS NOT NULL" for c in cols)
    return f"SELECT count(DISTINCT hash({', '.join(cols)})), count(*) FROM {source} WHERE {present}"


def loaded_counts_sql(table: str, rules: dict[str, FieldRule]) -> str:
    """Values per parsed field among the rows of $upload_id (compare with the precheck's non-blank cells)."""
    counts = ", ".join(f"count({quote_ident(n)})" for n in parsed_fields(rules)) or "count(*)"  # one row, always
    return f"SELECT {counts} FROM {table} WHERE _upload_id = $upload_id"


def rejected_cells_sql(
    entity: str,
    rules: dict[str, FieldRule],
    source: str,
    table: str,
    failed: list[str],
    params: dict,
    *,
    missing_required: bool,
) -> str:
    """row_no, column_name, value, reason: cells of ``failed`` fields in loaded rows that did not parse
    (the loaded row has NULL), and when ``missing_required`` the rows kept out by a required field."""
    required = required_fields(entity)
    parts = []
    for i, name in enumerate(failed):
        rule = rules[name]
        raw = f"r.{quote_ident(rule.column)}"
        parts.append(
            f"SELECT r._row, $fc{i}, {raw}, $fr{i} FROM {source} AS r JOIN {table} AS e "
            f"ON e._upload_id = $upload_id AND e._row = r._row "
            f"WHERE e.{quote_ident(name)} IS NULL AND {raw} IS NOT NULL AND NOT {is_placeholder_sql(raw)}"
        )
        params[f"fc{i}"], params[f"fr{i}"] = rule.column, rule.reason
    if missing_required:
        stage = f"({stage_sql(source, rules, params, parse=set(required))})"
        for i, name in enumerate(required):
            rule = rules[name]
            reason = f"row not loaded: {rule.reason}" if not rule.is_text else ""
            if not rule.is_text:  # a value that did not parse
                parts.append(
                    f"SELECT _row, $uc{i}, {r_col(name)}, $ur{i} FROM {stage} WHERE {f_col(name)} IS NULL "
                    f"AND {_filled(name)}"
                )
                params[f"uc{i}"], params[f"ur{i}"] = rule.column, reason
            blank = f"{f_col(name)} IS NULL" + ("" if rule.is_text else f" AND NOT ({_filled(name)})")
            value = "NULL" if rule.is_text else r_col(name)
            parts.append(f"SELECT _row, $mc{i}, {value}, $mr{i} FROM {stage} WHERE {blank}")
            params[f"mc{i}"], params[f"mr{i}"] = (
                rule.column,
                f"row not loaded: {rule.column} ({name}) is empty",
            )
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


def base_key_sql(keys: list[str], hash_columns: list[str]) -> str:
    """'k:<id>' from the key fields (their parsed values, aliases of the same SELECT); 'h:<md5 of the raw
    cells>' for rows without them.  CASE evaluates the md5 only for those rows."""
    cells = ", ".join(f"coalesce({quote_ident(c)}, '')" for c in hash_columns)
    content = f"'h:' || md5(concat_ws(chr(31), {cells}))"
    if not keys:
        return content
    parts = " || '|' || ".join(f"CAST({f_col(k)} AS VARCHAR)" for k in keys)
    present = " AND ".join(f"{f_col(k)} IS NOT NULL" for k in keys)
    return f"(CASE WHEN {present} THEN 'k:' || {parts} ELSE {content} END)"


def keyed_sql(stage: str, where: str, repeats: bool) -> str:
    """The stage rows to load with their ``_key``; repeated keys get '#<n>' (line n of that id)."""
    if not repeats:
        return f"SELECT * EXCLUDE (_k0), _k0 AS _key FROM {stage} WHERE {where}"
    return (
        f"SELECT * EXCLUDE (_k0), CASE WHEN count(*) OVER (PARTITION BY _k0) > 1 "
        f"THEN _k0 || '#' || row_number() OVER (PARTITION BY _k0 ORDER BY _row) ELSE _k0 END AS _key "
        f"FROM {stage} WHERE {where}"
    )


def repeated_rows_sql(stage: str, where: str) -> str:
    """Rows whose key is shared with another row of the file (order lines, duplicates)."""
    return (
        f"SELECT coalesce(sum(c), 0) FROM (SELECT count(*) AS c FROM {stage} WHERE {where} "
        f"GROUP BY _k0 HAVING count(*) > 1)"
    )
