"""The one formatter for numbers, money, percentages, durations and dates.

Pages, the CLI's human output and the review slides all call these, so a figure
reads the same everywhere.  ``unit`` is a catalog unit: count, currency,
percent, hours, days, score, ratio, number.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

CURRENCY_SYMBOL = {"en": "", "zh": ""}  # amounts are shown without a symbol unless one is given


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except (TypeError, ValueError):
        return False


def _grouped(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def fmt_number(value: Any, lang: str = "en", *, decimals: int | None = None, compact: bool = False) -> str:
    """1234567.8 -> '1,234,568' ; compact: '1.23M' (en) / '123.5万' (zh)."""
    if _missing(value):
        return "—"
    v = float(value)
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if compact:
        a = abs(v)
        if lang == "zh":
            for div, suffix in ((1e8, "亿"), (1e4, "万")):
                if a >= div:
                    return f"{v / div:,.{1 if a / div < 1000 else 0}f}{suffix}"
        else:
            for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
                if a >= div:
                    return f"{v / div:,.{2 if a / div < 10 else 1 if a / div < 100 else 0}f}{suffix}"
    if decimals is None:
        decimals = 0 if abs(v) >= 100 or v == int(v) else 1 if abs(v) >= 10 else 2
    return _grouped(v, decimals)


def fmt_percent(value: Any, lang: str = "en", *, decimals: int = 1, signed: bool = False) -> str:
    """A ratio 0.1234 -> '12.3%'."""
    if _missing(value):
        return "—"
    text = f"{float(value) * 100:{'+' if signed else ''}.{decimals}f}%"
    return text


def fmt_value(value: Any, unit: str, lang: str = "en", *, compact: bool = False, currency: str | None = None) -> str:
    """Format a metric value by its catalog unit."""
    if _missing(value):
        return "—"
    if unit == "percent":
        return fmt_percent(value, lang)
    if unit == "currency":
        text = fmt_number(value, lang, decimals=None if compact else (0 if abs(float(value)) >= 1000 else 2),
                          compact=compact)
        return f"{currency} {text}" if currency else text
    if unit == "hours":
        return f"{float(value):,.1f} h" if lang == "en" else f"{float(value):,.1f} 小时"
    if unit == "days":
        return f"{float(value):,.1f} d" if lang == "en" else f"{float(value):,.1f} 天"
    if unit == "count":
        return fmt_number(value, lang, decimals=0, compact=compact)
    if unit == "score":
        return fmt_number(value, lang, decimals=1)
    return fmt_number(value, lang, compact=compact)


def fmt_delta(value: Any, unit: str, lang: str = "en", *, relative: bool = False) -> str:
    """A change: '+12.3%' relative, '+4.0 pts' for percent units, '+1,234' otherwise."""
    if _missing(value):
        return "—"
    v = float(value)
    if relative:
        return fmt_percent(v, lang, signed=True)
    if unit == "percent":
        pts = v * 100
        return f"{pts:+.1f} pts" if lang == "en" else f"{pts:+.1f} 个百分点"
    sign = "+" if v > 0 else ""
    return sign + fmt_value(v, unit, lang)


def fmt_date(value: Any, lang: str = "en", *, with_time: bool = False) -> str:
    if _missing(value):
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        if lang == "zh":
            return value.strftime("%Y年%m月%d日 %H:%M" if with_time else "%Y年%m月%d日")
        return value.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    if isinstance(value, date):
        return value.strftime("%Y年%m月%d日") if lang == "zh" else value.isoformat()
    return str(value)


def fmt_period(label: str, lang: str = "en") -> str:
    """Period labels (2025-Q1, 2025-03, 2025-W07, FY2026-Q1) read the same in both languages."""
    return label
