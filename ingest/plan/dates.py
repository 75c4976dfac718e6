"""Dates: decide a column's date format from its values, then parse every row with one SQL expression.

Detection tries each family of formats (year first, day first, month first, two-digit years, month
names) on a sample of the column's distinct values *in DuckDB*, with the same ``try_strptime`` the load
uses, so what is detected is exactly what will parse.  A first field above 12 proves day-first; when
every value fits both orders the column is ambiguous and the source's habit decides (a warning lets the
user override with ``date_order``).  Impossible dates such as 2018-02-29 are not shifted: they stay
NULL and are reported as rejected cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from ingest.plan.numbers import FULL_WIDTH, HALF_WIDTH, sql_literal

_TIMES = ("%H:%M:%S.%f", "%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M:%S%p", "%I:%M%p")
_TZ_TIMES = ("%H:%M:%S.%f%z", "%H:%M:%S%z", "%H:%M%z")

# family -> date parts, on text whose date separators were turned into "-" (see normalise_sql)
FAMILIES: dict[str, tuple[str, ...]] = {
    "ymd": ("%Y-%m-%d", "%Y-%m"),
    "dmy": ("%d-%m-%Y", "%m-%Y"),  # a month alone ("01.2025", German spend reports) reads the same either way
    "mdy": ("%m-%d-%Y",),
    "dmy2": ("%d-%m-%y",),
    "mdy2": ("%m-%d-%y",),
    "text": (
        "%d %b %Y",
        "%d %B %Y",
        "%d-%b-%Y",
        "%d-%B-%Y",
        "%b %d %Y",
        "%B %d %Y",
        "%b %Y",
        "%B %Y",
        "%d-%b-%y",
        "%Y-%b-%d",
    ),
    "compact": ("%Y%m%d",),
}
ORDER_OF_FAMILY = {
    "ymd": "ymd",
    "dmy": "dmy",
    "mdy": "mdy",
    "dmy2": "dmy",
    "mdy2": "mdy",
    "text": "ymd",
    "compact": "ymd",
}
FAMILY_FOR_ORDER = {
    ("dmy", False): "dmy",
    ("mdy", False): "mdy",
    ("dmy", True): "dmy2",
    ("mdy", True): "mdy2",
}

# Plausible years: a four-digit-year format reading "21" as the year 21 is a wrong guess, not a date.
MIN_TS, MAX_TS = "1900-01-01", "2200-01-01"

_WEEKDAY_ZH = r"[(（]?(星期|周|礼拜)[一二三四五六日天七][)）]?"
_WEEKDAY_EN = r"(?i)\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|sday|nesday|rsday|urday)?\b\.?"


def family_formats(family: str, tz: bool = False) -> tuple[str, ...]:
    out: list[str] = []
    for date in FAMILIES[family]:
        if family != "compact" and "%d" in date:
            times = (_TZ_TIMES if tz else ()) + _TIMES
            out += [f"{date} {t}" for t in times]
        out.append(date)
    return tuple(out)


def normalise_sql(col: str) -> str:
    """Text -> the shape the family formats expect: full-width digits folded, weekday removed,
    年/月/日 and / . date separators turned into '-', 'T' into a space, 'Z' into +00:00, commas dropped."""
    x = f"translate({col}, '{FULL_WIDTH}：／－．', '{HALF_WIDTH}:/-.')"
    x = f"regexp_replace({x}, {sql_literal(_WEEKDAY_ZH)}, ' ', 'g')"
    x = f"regexp_replace({x}, {sql_literal(_WEEKDAY_EN)}, ' ', 'g')"
    x = f"regexp_replace({x}, '(\\d)\\s*[年月]\\s*', '\\1-', 'g')"
    x = f"regexp_replace({x}, '(\\d)\\s*[日号]', '\\1', 'g')"
    x = f"regexp_replace({x}, '(\\d)T(\\d)', '\\1 \\2')"
    x = f"regexp_replace({x}, '^\\s*(\\d{{1,4}})[/.-](\\d{{1,2}})[/.-](\\d{{1,4}})', '\\1-\\2-\\3')"
    x = f"regexp_replace({x}, '^\\s*(\\d{{4}})-(\\d{{1,2}})-(\\s|$)', '\\1-\\2\\3')"  # 2024年7月 -> 2024-7
    x = f"regexp_replace({x}, '^\\s*(\\d{{1,2}})[/.](\\d{{4}})\\s*$', '\\1-\\2')"  # 01.2025, 1/2025 -> 01-2025
    x = f"regexp_replace({x}, '(\\d)\\s*(Z|UTC|GMT)$', '\\1+00:00')"
    x = f"regexp_replace({x}, '(\\d)\\s+([+-]\\d\\d:?\\d\\d)$', '\\1\\2')"
    return f"trim(regexp_replace({x}, '[,\\s]+', ' ', 'g'))"


def _list_literal(formats: tuple[str, ...]) -> str:
    return "[" + ", ".join(sql_literal(f) for f in formats) + "]"


@dataclass(frozen=True)
class DateFormat:
    kind: str  # strptime | excel | epoch_ms | epoch_s | none
    family: str | None = None
    best: str | None = None  # the one format that parses the raw text of most values (fast path)
    tz: bool = False  # values carry a UTC offset
    parsed_share: float = 0.0
    ambiguous: bool = False
    alternatives: tuple[str, ...] = field(default=())  # other families that parse as many values

    @property
    def order(self) -> str | None:
        return ORDER_OF_FAMILY.get(self.family or "")

    def describe(self) -> str:
        if self.kind == "strptime":
            return f"date ({self.family}{', ambiguous' if self.ambiguous else ''})"
        return {"excel": "date (Excel serial)", "epoch_ms": "date (Unix ms)", "epoch_s": "date (Unix s)"}.get(
            self.kind, "not a date"
        )

    def with_order(self, order: str) -> DateFormat:
        """The same column read day-first or month-first (the user's answer to an ambiguous column)."""
        if self.kind != "strptime" or self.family not in {"dmy", "mdy", "dmy2", "mdy2"}:
            return self
        two_digit = self.family.endswith("2")
        family = FAMILY_FOR_ORDER[(order, two_digit)]
        best = _swap_order(self.best) if self.best and family != self.family else self.best
        return DateFormat("strptime", family, best, self.tz, self.parsed_share, False, ())

    def sql(self, col: str, timezone: str = "UTC") -> str:
        """TIMESTAMP (naive, in the workspace time zone) or NULL for the trimmed text expression ``col``."""
        if self.kind == "excel":
            return (
                f"(CASE WHEN regexp_full_match({col}, '\\d{{5}}(\\.\\d+)?') THEN TIMESTAMP '1899-12-30' + "
                f"to_seconds(CAST(round(CAST({col} AS DOUBLE) * 86400) AS BIGINT)) END)"
            )
        if self.kind in {"epoch_ms", "epoch_s"}:
            divisor = 1000.0 if self.kind == "epoch_ms" else 1.0
            value = f"to_timestamp(TRY_CAST({col} AS DOUBLE) / {divisor})"
            return f"timezone({sql_literal(timezone)}, {value})"
        if self.kind != "strptime" or not self.family:
            return "CAST(NULL AS TIMESTAMP)"
        formats = family_formats(self.family, self.tz)
        parts = []
        if self.best:
            parts.append(f"try_strptime({col}, {sql_literal(self.best)})")
        parts.append(f"try_strptime({normalise_sql(col)}, {_list_literal(formats)})")
        value = f"coalesce({', '.join(parts)})"
        if self.tz:
            value = f"timezone({sql_literal(timezone)}, {value})"
        return (
            f"(CASE WHEN {value} >= TIMESTAMP '{MIN_TS}' AND {value} < TIMESTAMP '{MAX_TS}' THEN {value} END)"
        )


def _swap_order(fmt: str) -> str:
    return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")


NOT_A_DATE = DateFormat("none")


_MONTH_YEAR = re.compile(r"(0[1-9]|1[0-2])\.(19|20)\d\d")  # "01.2025": a month, not the number 1.2025


def _numeric_kind(values: list[str]) -> str | None:
    if not all(re.fullmatch(r"\d+(\.\d+)?", v) for v in values):
        return None
    if all(_MONTH_YEAR.fullmatch(v) for v in values):
        return None
    nums = [float(v) for v in values]
    if all(re.fullmatch(r"\d{8}", v) for v in values) and all(19000101 <= n <= 21001231 for n in nums):
        return "compact"
    if all(20000 <= n < 80000 for n in nums):  # Excel serials 1954..2119
        return "excel"
    if all(re.fullmatch(r"\d{13}", v) for v in values) and all(9.46e11 <= n < 4.1e12 for n in nums):
        return "epoch_ms"
    if all(re.fullmatch(r"\d{10}", v) for v in values) and all(9.46e8 <= n < 4.1e9 for n in nums):
        return "epoch_s"
    return "number"


def detect_date_format(cur: duckdb.DuckDBPyConnection, values: list[str], prefer: str = "dmy") -> DateFormat:
    """The format that parses most of ``values`` (distinct, non-blank); ``prefer`` breaks dmy/mdy ties."""
    values = [v.strip() for v in values if v and v.strip()]
    if not values:
        return NOT_A_DATE
    numeric = _numeric_kind(values)
    if numeric in {"excel", "epoch_ms", "epoch_s"}:
        return DateFormat(numeric, parsed_share=1.0)
    if numeric == "number":
        return NOT_A_DATE
    tz = any(re.search(r"(\d[+-]\d\d:?\d\d|\dZ|UTC|GMT)$", v) for v in values[:200])
    families = ["compact"] if numeric == "compact" else [f for f in FAMILIES if f != "compact"]
    # One query: each value is normalised once (ten regexes), then tried against every family's formats.
    lo, hi = TIMESTAMP_BOUNDS
    tries = ", ".join(f"{_family_try('n', fam, tz)} AS t{k}" for k, fam in enumerate(families))
    counts_sql = ", ".join(f"count(*) FILTER (WHERE t{k} >= {lo} AND t{k} < {hi})" for k in range(len(families)))
    row = cur.execute(
        f"SELECT {counts_sql} FROM (SELECT {tries} FROM (SELECT {normalise_sql('v')} AS n "
        "FROM unnest(?::VARCHAR[]) AS t(v)))",
        [values],
    ).fetchone()
    counts = dict(zip(families, row, strict=True))
    top = max(counts.values())
    if top == 0:
        return NOT_A_DATE
    tied = [f for f in families if counts[f] == top]
    family = tied[0]
    ambiguous = False
    # Day-first and month-first both read every value: the column is ambiguous unless the two readings
    # agree everywhere (day == month).
    pairs = [("dmy", "mdy"), ("dmy2", "mdy2")]
    for dmy, mdy in pairs:
        if dmy in tied and mdy in tied:
            family = dmy if prefer == "dmy" else mdy
            ambiguous = _readings_differ(cur, values, dmy, mdy)
            if ambiguous:
                family = _more_compact(cur, values, dmy, mdy) or family
            break
    if family not in {"dmy", "mdy", "dmy2", "mdy2"} and tied[0] in {"dmy", "mdy", "dmy2", "mdy2"}:
        family = tied[0]
    best = _best_raw_format(cur, values, family, tz)
    return DateFormat(
        "strptime", family, best, tz, top / len(values), ambiguous, tuple(f for f in tied if f != family)
    )


TIMESTAMP_BOUNDS = (f"TIMESTAMP '{MIN_TS}'", f"TIMESTAMP '{MAX_TS}'")


def _family_try(col: str, family: str, tz: bool) -> str:
    """try_strptime over a family's formats.  Every 'text' format has a month name (%b/%B), so text without
    a Latin letter is not tried against its 60-odd formats (the same NULL, at a fraction of the cost)."""
    parsed = f"try_strptime({col}, {_list_literal(family_formats(family, tz))})"
    if family == "text":
        return f"(CASE WHEN regexp_matches({col}, '[A-Za-z]') THEN {parsed} END)"
    return parsed


def _readings_differ(cur, values: list[str], fam_a: str, fam_b: str) -> bool:
    sql = (
        f"SELECT count(*) FROM unnest(?::VARCHAR[]) AS t(v) WHERE "
        f"try_strptime({normalise_sql('v')}, {_list_literal(family_formats(fam_a))}) <> "
        f"try_strptime({normalise_sql('v')}, {_list_literal(family_formats(fam_b))})"
    )
    return cur.execute(sql, [values]).fetchone()[0] > 0


# Records of one period arrive on neighbouring days: when one reading's dates span at most this share of the
# other's ("11/1 … 11/4" is 3 days month-first and 3 months day-first), that reading is the right one.
COMPACT_SPAN_SHARE = 0.25


def _more_compact(cur, values: list[str], fam_a: str, fam_b: str) -> str | None:
    spans = []
    for fam in (fam_a, fam_b):
        parsed = f"try_strptime({normalise_sql('v')}, {_list_literal(family_formats(fam))})"
        sql = f"SELECT date_diff('day', min({parsed}), max({parsed})) FROM unnest(?::VARCHAR[]) AS t(v)"
        spans.append(cur.execute(sql, [values]).fetchone()[0] or 0)
    (a, b) = spans
    if a <= COMPACT_SPAN_SHARE * b:
        return fam_a
    if b <= COMPACT_SPAN_SHARE * a:
        return fam_b
    return None


def _best_raw_format(cur, values: list[str], family: str, tz: bool) -> str | None:
    """The single format that parses the most raw (un-normalised) values, for the fast path."""
    sample = values[:200]
    head = sample[0][:10]
    seps = [sep for sep in "-/." if sep in head] or ["-"]
    candidates = []
    for fmt in family_formats(family, tz):
        textual = "%b" in fmt or "%B" in fmt
        variants = [fmt] if textual else [fmt.replace("-", sep, 2) for sep in seps]
        candidates += variants
        if " " in fmt and not textual and "T" in sample[0]:
            candidates += [v.replace(" ", "T", 1) for v in variants]
    lo, hi = TIMESTAMP_BOUNDS
    selects = ", ".join(
        f"count(*) FILTER (WHERE try_strptime(v, {sql_literal(f)}) >= {lo} "
        f"AND try_strptime(v, {sql_literal(f)}) < {hi})"
        for f in candidates
    )
    row = cur.execute(f"SELECT {selects} FROM unnest(?::VARCHAR[]) AS t(v)", [sample]).fetchone()
    best_count = max(row)
    return candidates[row.index(best_count)] if best_count else None
