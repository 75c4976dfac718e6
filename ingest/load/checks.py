"""Data checks on the rows just loaded (Rill-style: each check is a condition that selects the bad rows).

Every warning carries ``code``, ``count``, an English ``message`` (the UI translates by code with the
same parameters) and ``where``: the SQL condition, so a page can show the offending rows with
``SELECT * FROM <entity> WHERE _upload_id = ? AND <where>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from store import quote_ident
from store.entities import ENTITIES

FUTURE = "now()::TIMESTAMP + INTERVAL 1 DAY"


@dataclass(frozen=True)
class Check:
    code: str
    entity: str | None  # None: every entity that has the fields
    needs: tuple[str, ...]
    where: str
    message: str  # {count}, {percent}


CHECKS: tuple[Check, ...] = (
    Check("negative_amount", "deals", ("amount",), "amount < 0", "{count} deals have a negative amount."),
    Check(
        "closed_before_created",
        "deals",
        ("closed_at", "created_at"),
        "closed_at < created_at",
        "{count} deals close before they were created.",
    ),
    Check(
        "won_without_amount",
        "deals",
        ("amount",),
        "status = 'won' AND coalesce(amount, 0) = 0",
        "{count} won deals have no amount.",
    ),
    Check(
        "resolution_before_first_response",
        "tickets",
        ("resolved_at", "first_response_at"),
        "resolved_at < first_response_at",
        "{count} tickets were resolved before their first response.",
    ),
    Check(
        "resolved_before_created",
        "tickets",
        ("resolved_at", "created_at"),
        "resolved_at < created_at",
        "{count} tickets were resolved before they were created.",
    ),
    Check(
        "negative_first_response",
        "tickets",
        ("first_response_hours",),
        "first_response_hours < 0",
        "{count} tickets have a negative first-response time.",
    ),
    Check(
        "negative_resolution",
        "tickets",
        ("resolution_hours",),
        "resolution_hours < 0",
        "{count} tickets have a negative resolution time.",
    ),
    Check(
        "satisfaction_out_of_scale",
        "tickets",
        ("satisfaction",),
        "satisfaction < 0 OR satisfaction > satisfaction_scale",
        "{count} satisfaction ratings are off the scale.",
    ),
    Check(
        "score_out_of_scale",
        "surveys",
        ("score",),
        "score < 0 OR score > scale",
        "{count} survey scores are off the scale.",
    ),
    Check(
        "negative_amount",
        "orders",
        ("amount",),
        "amount < 0",
        "{count} order rows have a negative amount (read as refunds).",
    ),
    Check(
        "zero_price",
        "orders",
        ("unit_price",),
        "unit_price = 0",
        "{count} order rows have a unit price of 0.",
    ),
    Check(
        "converted_before_created",
        "leads",
        ("converted_at", "created_at"),
        "converted_at < created_at",
        "{count} leads converted before they were created.",
    ),
    Check("negative_amount", "spend", ("amount",), "amount < 0", "{count} spend rows are negative."),
)


def _conditions(entity: str, present: set[str]) -> list[tuple[Check, str | None]]:
    """Every check that applies to these fields, with the field it is about (future dates) or None."""
    out: list[tuple[Check, str | None]] = [
        (c, None) for c in CHECKS if c.entity in (None, entity) and set(c.needs) <= present
    ]
    for fld in ENTITIES[entity].fields:
        if fld.kind == "date" and fld.name in present:
            where = f"{fld.name} > {FUTURE}"
            if entity == "deals" and fld.name == "closed_at":
                where += " AND status <> 'open'"  # an open deal's close date is the expected one
            out.append((Check("future_dates", entity, (fld.name,), where,
                              f"{{count}} rows have {fld.name} in the future."), fld.name))
    # A lead has a customer id only once converted, so a blank one is normal there.
    if "customer_id" in present and entity not in {"customers", "leads"}:
        out.append((Check("missing_customer_id", entity, ("customer_id",), "customer_id IS NULL",
                          "{percent} of rows ({count}) have no customer id."), None))
    return out


def _counts(cur, entity: str, upload_id: int, checks: list[tuple[Check, str | None]]) -> list[int]:
    """How many rows of the upload each check selects, in one scan of the table."""
    if not checks:
        return []
    counts = ", ".join(f"count(*) FILTER (WHERE {check.where})" for check, _ in checks)
    row = cur.execute(f"SELECT {counts} FROM {quote_ident(entity)} WHERE _upload_id = ?", [upload_id]).fetchone()
    return [int(n or 0) for n in row]


def run_checks(
    cur,
    entity: str,
    upload_id: int,
    present: set[str],
    loaded: int,
    *,
    duplicate_rows: int = 0,
    keyed_by_content: bool = False,
) -> list[dict]:
    """Warnings for the rows of ``upload_id``; ``present`` = fields mapped or derived."""
    if loaded == 0:
        return []
    checks = _conditions(entity, present)
    out: list[dict] = []
    for (check, field_name), n in zip(checks, _counts(cur, entity, upload_id, checks), strict=True):
        if not n:
            continue
        pct = n / loaded
        warning = {"code": check.code, **({"field": field_name} if field_name else {}), "count": n}
        if check.code == "missing_customer_id":
            warning |= {"pct": round(pct, 4), "percent": f"{pct:.0%}"}
        out.append(warning | {"where": check.where, "message": check.message.format(count=n, percent=f"{pct:.0%}")})
    return out + _file_warnings(entity, present, loaded, duplicate_rows, keyed_by_content)


def _file_warnings(entity: str, present: set[str], loaded: int, duplicate_rows: int,
                   keyed_by_content: bool) -> list[dict]:
    """What the file as a whole lacks: a customer column, unique ids, any id column."""
    ent = ENTITIES[entity]
    out: list[dict] = []
    if "customer_id" not in present and entity in {"orders", "tickets", "surveys"}:
        out.append({"code": "no_customer_column", "count": loaded, "where": "TRUE",
                    "message": f"No column identifies the customer; per-customer {entity} metrics are unavailable."})
    if duplicate_rows and not ent.line_item_field:
        out.append({"code": "duplicate_ids", "count": duplicate_rows, "where": "_key LIKE '%#%'",
                    "message": f"{duplicate_rows} rows repeat an id used by another row of the file; all were kept."})
    if keyed_by_content:
        out.append({"code": "no_id_column", "count": loaded, "where": "_key LIKE 'h:%'",
                    "message": "No id column: rows are matched by their content, so an edited record in a later "
                    "export loads as a new row."})
    return out


def date_ranges(cur, entity: str, upload_id: int, present: set[str]) -> dict[str, list[str]]:
    """{date field: [min, max]} over the rows of ``upload_id`` (ISO text)."""
    fields = [f.name for f in ENTITIES[entity].fields if f.kind == "date" and f.name in present]
    if not fields:
        return {}
    select = ", ".join(f"min({quote_ident(f)}), max({quote_ident(f)})" for f in fields)
    row = cur.execute(
        f"SELECT {select} FROM {quote_ident(entity)} WHERE _upload_id = ?", [upload_id]
    ).fetchone()
    out = {}
    for i, name in enumerate(fields):
        lo, hi = row[2 * i], row[2 * i + 1]
        if lo is not None:
            out[name] = [lo.isoformat(sep=" "), hi.isoformat(sep=" ")]
    return out
