"""One translation table for all UI and slide text, and one number/date formatter.

The table is assembled from one module per area under ``i18n/table/`` (so that
areas can grow independently); a key must be defined exactly once.
"""

from __future__ import annotations

import importlib
import pkgutil

from i18n.fmt import fmt_date, fmt_delta, fmt_number, fmt_percent, fmt_period, fmt_value

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_NAMES = {"zh": "中文", "en": "English"}


def _load_table() -> dict[str, dict[str, str]]:
    import i18n.table as pkg

    table: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"i18n.table.{info.name}")
        for key, value in module.STRINGS.items():
            if key in table:
                raise ValueError(f"translation key {key!r} is defined twice (i18n/table/{info.name}.py)")
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
