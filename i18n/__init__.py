"""One translation table for all UI and slide text, and one number/date formatter.

The table is assembled from one TOML file per area under ``i18n/table/`` (so that
areas can grow independently); a key must be defined exactly once.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from i18n.fmt import fmt_date, fmt_delta, fmt_number, fmt_percent, fmt_period, fmt_value

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_NAMES = {"zh": "中文", "en": "English"}
# The table is data (translators edit it without touching code): one TOML file per area of the product.
TABLE_DIR = Path(__file__).resolve().parent / "table"


def _load_table() -> dict[str, dict[str, str]]:
    """Every ``i18n/table/*.toml`` merged: ``"key" = { en = "...", zh = "..." }``, a key defined once."""
    table: dict[str, dict[str, str]] = {}
    for path in sorted(TABLE_DIR.glob("*.toml")):
        for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in table:
                raise ValueError(f"translation key {key!r} is defined twice (i18n/table/{path.name})")
            table[key] = value
    return table


TABLE: dict[str, dict[str, str]] = _load_table()


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for ``key`` in ``lang``; unknown keys show as the key so they are noticed."""
    entry = TABLE.get(key)
    if entry is None:
        text = key
    else:
        text = entry.get(lang) or entry.get("en") or key
    return text.format(**kwargs) if kwargs else text


def has(key: str) -> bool:
    return key in TABLE


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "LANG_NAMES",
    "TABLE",
    "fmt_date",
    "fmt_delta",
    "fmt_number",
    "fmt_percent",
    "fmt_period",
    "fmt_value",
    "has",
    "t",
]
