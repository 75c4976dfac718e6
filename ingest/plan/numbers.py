"""Money, counts, percentages and durations: decide a column's number format, then parse it in SQL.

The decision (decimal comma or point, a multiplier in the header such as ``金额(万元)``) is made once per
column from a sample of its distinct values; the parsing is one DuckDB expression applied to every row.
Expressions are ordered fastest first and combined with ``coalesce`` (DuckDB evaluates later arguments
only for the rows the earlier ones left NULL), so a clean numeric column costs one ``TRY_CAST``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.plan.labels import split_header


def sql_literal(text: str) -> str:
    """A constant of this module as an SQL string literal (user values are always bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


# Larger magnitudes are rejected as "not a number" (a quadrillion; no CRM amount, count or duration is near).
MAX_ABS_NUMBER = 1e15

FULL_WIDTH = "０１２３４５６７８９．，－＋（）％　＄￥"
HALF_WIDTH = "0123456789.,-+()% $¥"

_CURRENCY_CODES = (
    "US\\$|HK\\$|R\\$|EURO|USD|CNY|RMB|EUR|GBP|HKD|JPY|AUD|CAD|SGD|CHF|SEK|NOK|DKK|PLN|BRL|INR|KRW|MXN|kr|zł|Fr\\.?"
)
_SYMBOLS = "$¥€£₹₩円"
_MAGNITUDES = "K|M|MM|MN|B|BN|千|万|亿|百万|千万|W"
# A whole cell that is a number: optional sign/bracket, currency, digits with separators, magnitude,
# currency, percent, closing bracket or trailing minus.  Anything else is not a number.
NUMBER_RE = (
    rf"\(?\s*[-+]?\s*({_CURRENCY_CODES}|[{_SYMBOLS}])?\s*[-+]?\s*(\d[\d,.' ]*|\.\d+)\s*({_MAGNITUDES})?\s*"
    rf"(元|{_CURRENCY_CODES}|[{_SYMBOLS}])?\s*%?\s*\)?\s*-?"
)
_NUMBER_PY = re.compile(NUMBER_RE, re.IGNORECASE)

# Header units that multiply the values: "金额(万元)", "Amount (K)", "Revenue in millions".
_SCALE_WORDS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("亿", "亿元"), 1e8),
    (("千万", "千万元"), 1e7),
    (("百万", "百万元", "m", "mn", "mm", "million", "millions", "in millions"), 1e6),
    (("万", "万元", "w"), 1e4),
    (("k", "千", "千元", "thousand", "thousands", "in thousands", "000s", "'000"), 1e3),
    (("b", "bn", "billion", "billions"), 1e9),
)
_CURRENCY_WORDS: dict[str, str] = {
    "元": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "人民币": "CNY",
    "¥": "CNY",
    "usd": "USD",
    "$": "USD",
    "us$": "USD",
    "eur": "EUR",
    "€": "EUR",
    "gbp": "GBP",
    "£": "GBP",
}
# Hours per unit, for durations.
_DURATION_UNITS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("ms", "milliseconds", "毫秒"), 1 / 3_600_000),
    (("s", "sec", "secs", "seconds", "秒"), 1 / 3600),
    (("min", "mins", "minutes", "minute", "分钟", "分"), 1 / 60),
    (("h", "hr", "hrs", "hour", "hours", "小时", "时"), 1.0),
    (("d", "day", "days", "天", "日", "工作日"), 24.0),
    (("w", "wk", "week", "weeks", "周"), 168.0),
)


def header_unit_words(header: str) -> list[str]:
    """The unit words of a header: its bracket part, or trailing 'in hours'-style words."""
    words, units = split_header(header)
    found = units.split() if units else []
    match = re.search(r"\b(?:in|per)\s+(\w+)$", words)
    if match:
        found.append(match.group(1))
    for token in ("小时", "分钟", "天", "万元", "万", "亿", "千元", "百万"):
        if words.endswith(token) and len(words) > len(token):
            found.append(token)
    return [w for w in found if w not in {"in", "of"}]


def header_scale(header: str) -> float:
    for word in header_unit_words(header):
        for names, scale in _SCALE_WORDS:
            if word in names or (word.endswith("元") and word[:-1] in names):
                return scale
    return 1.0


def header_currency(header: str) -> str | None:
    for word in header_unit_words(header):
        for token, code in _CURRENCY_WORDS.items():
            if word == token or word.endswith(token):
                return code
    return None


def header_is_percent(header: str) -> bool:
    _, units = split_header(header)
    return "%" in units or "percent" in units or "百分比" in header


def duration_hours_per_unit(header: str, default: float) -> float:
    """Hours per unit of a duration column, from its header ("Resolution Time (in hours)" -> 1)."""
    words = header_unit_words(header)
    text, _ = split_header(header)
    for word in words + text.split()[-1:]:
        for names, hours in _DURATION_UNITS:
            if word in names:
                return hours
    # A unit said as a word of the name: "days to resolve", "处理天数", "Bearbeitungstage".
    from ingest.plan.tokens import header_concepts

    concepts = header_concepts(header)[0]
    if "days" in concepts:
        return 24.0
    if "hours" in concepts:
        return 1.0
    return default


@dataclass(frozen=True)
class NumberFormat:
    decimal: str = "."  # "." or ","
    scale: float = 1.0  # from the header unit
    percent: bool = False  # the header says %, so "9.98" means 0.0998
    numeric_share: float = 1.0  # share of sampled values that parse
    plain_first: bool = True  # most values are plain numbers: try a bare cast first
    strip: str = ",$¥ "  # characters the sample shows around the digits (removed on the fast path)

    def describe(self) -> str:
        parts = ["decimal comma" if self.decimal == "," else "decimal point"]
        if self.scale != 1:
            parts.append(f"x{self.scale:g}")
        if self.percent:
            parts.append("percent")
        return "number (" + ", ".join(parts) + ")"

    def sql(self, col: str) -> str:
        """DOUBLE or NULL for the trimmed text expression ``col``."""
        stripped = col
        for ch in self.strip if self.decimal == "." else "":
            stripped = f"replace({stripped}, {sql_literal(ch)}, '')"
        if self.decimal == ",":
            medium = f"TRY_CAST(replace(replace(replace({col}, '.', ''), ' ', ''), ',', '.') AS DOUBLE)"
            fast = []
        else:
            medium = f"TRY_CAST({stripped} AS DOUBLE)"
            fast = [f"TRY_CAST({col} AS DOUBLE)"]
        # A failing cast costs twice a succeeding one: put first the path most of the column takes.
        paths = [*fast, medium] if self.plain_first else [medium, *fast]
        value = f"coalesce({', '.join([*paths, self._general(col)])})"
        factor = self.scale / (100 if self.percent else 1)
        value = f"({value} * {factor!r})" if factor != 1 else value
        # NaN and infinity are not numbers a CRM means ("nan" written by pandas is a blank), nor is 1e308:
        # a value that large is a corrupt cell, and two of them would add up to infinity in every total.
        return f"(CASE WHEN isfinite({value}) AND abs({value}) < {MAX_ABS_NUMBER!r} THEN {value} END)"

    def _general(self, col: str) -> str:
        """The slow path: brackets, currency codes, magnitudes (K, 万, 亿), percent, full-width digits."""
        if self.decimal == ",":
            digits = "replace(replace(replace(replace(d, '.', ''), ' ', ''), '''', ''), ',', '.')"
        else:
            digits = "replace(replace(replace(d, ',', ''), ' ', ''), '''', '')"
        body = (
            f"CASE WHEN regexp_full_match(s, {sql_literal(NUMBER_RE)}) THEN "
            f"list_transform([regexp_extract(s, '(\\d[\\d,.'' ]*|\\.\\d+)')], lambda d: TRY_CAST({digits} "
            f"AS DOUBLE))[1]"
            " * (CASE WHEN s LIKE '%亿%' THEN 1e8 WHEN s LIKE '%千万%' THEN 1e7 WHEN s LIKE '%百万%' THEN 1e6"
            " WHEN s LIKE '%万%' OR regexp_matches(s, '\\dW') THEN 1e4 WHEN s LIKE '%千%' THEN 1e3"
            " WHEN regexp_matches(s, '\\d\\s*K') THEN 1e3 WHEN regexp_matches(s, '\\d\\s*(MM|MN|M)\\b') "
            "THEN 1e6"
            " WHEN regexp_matches(s, '\\d\\s*(BN|B)\\b') THEN 1e9 ELSE 1 END)"
            " * (CASE WHEN s LIKE '%\\%%' ESCAPE '\\' THEN 0.01 ELSE 1 END)"
            " * (CASE WHEN s LIKE '(%)' OR s LIKE '%-%' THEN -1 ELSE 1 END) END"
        )
        return (
            f"list_transform([upper(translate({col}, '{FULL_WIDTH}', '{HALF_WIDTH}'))], lambda s: {body})[1]"
        )


def currency_sql(col: str) -> str:
    """The currency a money cell names by its symbol or code, else NULL (contains() is cheaper than regex)."""
    up = f"upper({col})"
    return (
        f"(CASE WHEN {col} IS NULL THEN NULL "
        f"WHEN contains({up}, 'HK$') OR contains({up}, 'HKD') THEN 'HKD' "
        f"WHEN contains({col}, '$') OR contains({up}, 'USD') THEN 'USD' "
        f"WHEN contains({col}, '¥') OR contains({col}, '￥') OR contains({col}, '元') OR contains({up}, 'RMB') "
        f"OR contains({up}, 'CNY') THEN 'CNY' "
        f"WHEN contains({col}, '€') OR contains({up}, 'EUR') THEN 'EUR' "
        f"WHEN contains({col}, '£') OR contains({up}, 'GBP') THEN 'GBP' END)"
    )


def duration_sql(col: str, hours_per_unit: float, out_unit_hours: float) -> str:
    """A duration in hours (or days, with out_unit_hours=24): a number with the header's unit, or
    H:MM[:SS]."""
    number = NumberFormat().sql(col)
    factor = hours_per_unit / out_unit_hours
    clock = (
        f"CASE WHEN regexp_full_match({col}, '\\d+:\\d{{1,2}}(:\\d{{1,2}})?') THEN "
        f"list_transform([string_split({col}, ':')], lambda p: (TRY_CAST(p[1] AS DOUBLE) + TRY_CAST(p[2] AS "
        f"DOUBLE) / 60"
        f" + coalesce(TRY_CAST(p[3] AS DOUBLE), 0) / 3600) / {out_unit_hours!r})[1] END"
    )
    return f"coalesce({number} * {factor!r}, {clock})"


def detect_number_format(values: list[str], header: str = "") -> NumberFormat:
    """Decide decimal comma vs point from the values; scale and percent from the header."""
    table = str.maketrans(FULL_WIDTH, HALF_WIDTH)
    cleaned = [v.strip().translate(table) for v in values[:500] if v and v.strip()]
    comma_votes = point_votes = parsed = 0
    for v in cleaned:
        if _NUMBER_PY.fullmatch(v):
            parsed += 1
        core = re.sub(r"[^\d.,]", "", v)
        if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", core) or re.fullmatch(r"\d+,\d{1,2}", core):
            comma_votes += 1
        elif re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", core) or re.fullmatch(r"\d*\.\d{1,2}", core):
            point_votes += 1
        elif re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", core):  # 1.234.567 can only be thousands dots
            comma_votes += 1
    share = parsed / len(cleaned) if cleaned else 0.0
    decimal = "," if comma_votes > point_votes else "."
    plain = sum(1 for v in cleaned if _PLAIN.fullmatch(v))
    strip = "".join(ch for ch in ",$¥€£ " if any(ch in v for v in cleaned)) or ","
    return NumberFormat(
        decimal,
        header_scale(header),
        header_is_percent(header),
        share,
        plain_first=plain * 2 >= len(cleaned),
        strip=strip,
    )


_PLAIN = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
