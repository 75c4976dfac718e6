"""Per-column decisions: look at a sample of each mapped column and choose how to parse it.

``RawProbe`` samples distinct values from the materialised raw table (spread over the whole file, at
most 2,000 per column).  ``build_rules`` turns the mapping into one ``FieldRule`` per canonical field:
the SQL that parses the column, what was detected (shown in the plan), and the reason given for a cell
that does not parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from ingest.plan.dates import DateFormat, detect_date_format
from ingest.plan.numbers import detect_number_format, duration_hours_per_unit, duration_sql
from ingest.plan.presets import MONTH_FIRST_SOURCES
from ingest.plan.values import bool_sql, id_sql, rating_sql
from store import quote_ident
from store.entities import ENTITIES

SAMPLE_VALUES = 2000
SAMPLE_ROWS = 20000

RATING_FIELDS = {("tickets", "satisfaction"), ("surveys", "score")}


class RawProbe:
    """Cached looks at the raw VARCHAR table (``_row`` is the 1-based data row number).

    The first look copies every n-th row (at most SAMPLE_ROWS, spread over the whole file) into a small
    temp table; each column's distinct values are then read from it."""

    SAMPLE_TABLE = "_ingest_sample"

    def __init__(self, cur: duckdb.DuckDBPyConnection, table: str, row_count: int) -> None:
        self.cur, self.table, self.row_count = cur, table, row_count
        self._values: dict[str, list[str]] = {}
        self._dates: dict[str, DateFormat] = {}
        self._numeric: dict[str, bool] = {}
        self._sampled = False

    def _sample(self) -> str:
        if not self._sampled:
            step = max(1, self.row_count // SAMPLE_ROWS)
            self.cur.execute(
                f"CREATE OR REPLACE TEMP TABLE {self.SAMPLE_TABLE} AS "
                f"SELECT * FROM {quote_ident(self.table)} "
                "WHERE _row % ? = 0",
                [step],
            )
            self._sampled = True
        return self.SAMPLE_TABLE

    def values(self, header: str) -> list[str]:
        if header not in self._values:
            col = quote_ident(header)
            rows = self.cur.execute(
                f"SELECT v FROM (SELECT trim({col}) AS v, min(_row) AS first_row FROM {self._sample()} "
                f"WHERE {col} IS NOT NULL GROUP BY 1) WHERE v <> '' ORDER BY first_row LIMIT ?",
                [SAMPLE_VALUES],
            ).fetchall()
            self._values[header] = [r[0] for r in rows]
        return self._values[header]

    def close(self) -> None:
        if self._sampled:
            self.cur.execute(f"DROP TABLE IF EXISTS {self.SAMPLE_TABLE}")

    def date_format(self, header: str, prefer: str = "dmy") -> DateFormat:
        key = f"{header}\0{prefer}"
        if key not in self._dates:
            self._dates[key] = detect_date_format(self.cur, self.values(header), prefer)
        return self._dates[key]

    def looks_like_date(self, header: str) -> bool:
        fmt = self.date_format(header)
        return fmt.kind != "none" and fmt.parsed_share >= 0.8

    def looks_like_number(self, header: str) -> bool:
        # Asked for every field a column might fill, for every entity: decided once per column.
        if header not in self._numeric:
            values = self.values(header)
            self._numeric[header] = bool(values) and detect_number_format(values, header).numeric_share >= 0.8
        return self._numeric[header]


@dataclass
class FieldRule:
    field: str
    column: str
    kind: str  # id | text | number | date | bool | duration | rating
    parsers: list[tuple[str, Callable[[str], str]]]  # (column, sql builder) primary first, then fallbacks
    describe: str = ""
    reason: str = "not a valid value"
    date_format: DateFormat | None = None
    constant: str | None = None  # an implied field (ingest/plan/implied.py): this value on every row

    @property
    def is_text(self) -> bool:
        return self.kind in {"id", "text"}


@dataclass
class RuleSet:
    rules: dict[str, FieldRule]
    warnings: list[dict] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # field -> what was detected
    date_orders: dict[str, str] = field(default_factory=dict)


_ORDER_EXAMPLE = {
    "dmy": "day first, like 31-12-2024",
    "mdy": "month first, like 12/31/2024",
    "ymd": "year first, like 2024-12-31",
}


def _date_reason(fmt: DateFormat) -> str:
    if fmt.kind == "excel":
        return "not a valid date (expected an Excel date number)"
    example = _ORDER_EXAMPLE.get(fmt.order or "", "a date")
    # Covers both a wrong shape and a date that does not exist (2018-02-29): neither is ever shifted.
    return f"not a valid calendar date from 1900 to 2199 (expected {example})"


def _parser_for(
    entity: str,
    name: str,
    kind: str,
    header: str,
    probe: RawProbe,
    prefer: str,
    order: str | None,
    timezone: str,
) -> tuple[str, Callable[[str], str], str, str, DateFormat | None]:
    """(kind, sql builder, description, rejection reason, date format) for one column."""
    if kind == "id":
        return "id", id_sql, "identifier (text)", "", None
    if kind in {"text", "dimension"}:
        return "text", lambda c: c, "text", "", None
    if kind == "bool":
        return "bool", bool_sql, "yes/no", "not a yes/no value", None
    if kind == "date":
        fmt = probe.date_format(header, prefer)
        if order in {"dmy", "mdy"}:
            fmt = fmt.with_order(order)
        return "date", (lambda c, f=fmt: f.sql(c, timezone)), fmt.describe(), _date_reason(fmt), fmt
    if kind in {"duration_hours", "duration_days"}:
        out_unit = 24.0 if kind == "duration_days" else 1.0
        per_unit = duration_hours_per_unit(header, out_unit)
        unit = {1 / 60: "minutes", 1.0: "hours", 24.0: "days", 1 / 3600: "seconds"}.get(
            per_unit, f"x{per_unit:g} h"
        )
        return (
            "duration",
            (lambda c: duration_sql(c, per_unit, out_unit)),
            f"duration in {unit}",
            "not a duration (expected a number or h:mm)",
            None,
        )
    fmt = detect_number_format(probe.values(header), header)
    if (entity, name) in RATING_FIELDS:
        return (
            "rating",
            (lambda c, f=fmt: rating_sql(c, f.sql(c))),
            "rating (number or words)",
            "not a rating (expected a number such as 4, or words such as Satisfied)",
            None,
        )
    return "number", fmt.sql, fmt.describe(), "not a number", None


def build_rules(
    entity: str,
    mapping: dict[str, str],
    fallbacks: dict[str, list[str]],
    probe: RawProbe,
    *,
    source: str | None,
    date_orders: dict[str, str] | str | None = None,
    timezone: str = "UTC",
) -> RuleSet:
    ent = ENTITIES[entity]
    prefer = "mdy" if source in MONTH_FIRST_SOURCES else "dmy"
    if isinstance(date_orders, str):
        date_orders = {f.name: date_orders for f in ent.fields if f.kind == "date"}
    date_orders = dict(date_orders or {})
    file_order = _file_date_order(ent, mapping, probe, prefer)
    out = RuleSet({})
    for name, header in mapping.items():
        kind = ent.field(name).kind
        order = date_orders.get(name)
        fmt0 = probe.date_format(header, prefer) if kind == "date" else None
        if kind == "date" and fmt0 is not None and fmt0.ambiguous:
            if order is None and file_order:
                order = file_order
            else:  # said also when the user answered, so the answer shows and can be changed
                out.warnings.append(_ambiguous_warning(name, header, order or fmt0.order or prefer, probe))
        k, build, describe, reason, fmt = _parser_for(
            entity, name, kind, header, probe, prefer, order, timezone
        )
        parsers = [(header, build)]
        for extra in fallbacks.get(name, []):
            parsers.append((extra, _parser_for(entity, name, kind, extra, probe, prefer, order, timezone)[1]))
        out.rules[name] = FieldRule(name, header, k, parsers, describe, reason, fmt)
        out.formats[name] = describe
        if fmt is not None and fmt.order in {"dmy", "mdy", "ymd"}:
            out.date_orders[name] = fmt.order
        out.warnings += _column_warnings(name, header, k, fmt, probe)
    return out


def _file_date_order(ent, mapping: dict[str, str], probe: RawProbe, prefer: str) -> str | None:
    """A column that proves its order (a first field above 12) settles the other date columns of the file."""
    proven = {
        probe.date_format(col, prefer).order
        for name, col in mapping.items()
        if ent.field(name).kind == "date" and not probe.date_format(col, prefer).ambiguous
    } & {"dmy", "mdy"}
    return proven.pop() if len(proven) == 1 else None


def _ambiguous_warning(name: str, header: str, chosen: str, probe: RawProbe) -> dict:
    return {
        "code": "ambiguous_date_order",
        "field": name,
        "column": header,
        "chosen": chosen,
        "count": len(probe.values(header)),
        "message": (
            f"Every date in {header} fits both day-first and month-first; read as "
            f"{_ORDER_EXAMPLE[chosen]}. Set date_order={{'{name}': 'dmy' or 'mdy'}} if that is wrong."
        ),
    }


def _column_warnings(name: str, header: str, kind: str, fmt, probe: RawProbe) -> list[dict]:
    """A date column that holds no dates; ids written in scientific notation."""
    out = []
    values = probe.values(header)
    if fmt is not None and fmt.kind == "none" and values:
        out.append({
            "code": "not_dates", "field": name, "column": header, "count": len(values),
            "message": f"{header} does not hold dates (e.g. {values[0]!r}); map another column to {name}.",
        })
    if kind == "id" and any(re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", v) for v in values[:500]):
        out.append({
            "code": "ids_scientific", "field": name, "column": header, "count": 0,
            "message": f"{header} holds ids in scientific notation (6.60737E+05); digits beyond the 6th may be "
            "lost — export the column as text.",
        })
    return out


def scale_from_header(header: str) -> float | None:
    """The top of a rating scale named in a header: '推荐意愿(0-10分)' -> 10, 'Rating (1–5)' -> 5, '满分10'."""
    match = re.search(r"(\d+)\s*[-~–—〜到至]\s*(\d+)", header) or re.search(
        r"(?:out of|满分|/)\s*(\d+)", header
    )
    if not match:
        return None
    return float(match.group(match.lastindex))
