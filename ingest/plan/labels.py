"""Header and label normalisation shared by the importer and the metrics.

Kept free of DuckDB so that any layer can import it (store/fold.py has no imports either).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from store.fold import fold_label, fold_sql

__all__ = ["FOLD_LABEL_MACRO", "FOLD_LABEL_SQL", "fold_label", "header_key", "header_signature", "split_header"]

# Label variants (``Google``/``google``, ``Online Store``/``OnlineStore``/``online_store``) group together
# while the original text stays in the table: the one rule is store/fold.py.
FOLD_LABEL_SQL = fold_sql("x")
FOLD_LABEL_MACRO = f"CREATE OR REPLACE TEMP MACRO fold_label(x) AS {FOLD_LABEL_SQL}"

_TRAILING_BRACKET = re.compile(r"[(\[（【{<《]([^)\]）】}>》]*)[)\]）】}>》]\s*$")
_NON_WORD = re.compile(r"[^\w%]+")
_WORD_BREAKS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # camelCase -> camel Case


@functools.lru_cache(maxsize=65536)  # above the widest export (10,000 columns), or the cache thrashes
def split_header(header: str) -> tuple[str, str]:
    """``'Resolution Time (in hours)'`` -> ``('resolution time', 'in hours')``.

    The words are lower-cased, full-width characters folded (NFKC), punctuation and ``_``/``-`` turned
    into single spaces; the text in brackets is returned separately because it is usually a unit.
    """
    text = unicodedata.normalize("NFKC", str(header)).strip().lstrip("\ufeff")
    # Only a trailing bracket is a unit ("Amount (K)"); a leading one is part of the name
    # (Dynamics 365 "(Do Not Modify) Opportunity").
    match = _TRAILING_BRACKET.search(text)
    units = ""
    if match and match.start() > 0:
        units, text = match.group(1), text[: match.start()]
    text = _WORD_BREAKS.sub(" ", text) if not text.isupper() else text
    words = _NON_WORD.sub(" ", text.replace("_", " ")).strip().lower()
    units = _NON_WORD.sub(" ", units.replace("_", " ")).strip().lower()
    return words, units


@functools.lru_cache(maxsize=65536)  # above the widest export (10,000 columns), or the cache thrashes
def header_key(header: str) -> str:
    """The comparison key of a header: its words without spaces (``Deal Name`` == ``dealname``)."""
    words, units = split_header(header)
    key = words.replace(" ", "")
    # A header that is only a unit ("%", "(K)") keeps it so that it does not become empty.
    return key or units.replace(" ", "")


def header_signature(columns: list[str]) -> str:
    """sha256 of the normalised header list: the identity of an export layout."""
    keys = [header_key(c) + ("|" + split_header(c)[1] if split_header(c)[1] else "") for c in columns]
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()
