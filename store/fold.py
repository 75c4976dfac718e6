"""Label folding: the one rule for when two labels are the same, in Python and in SQL.

``Google`` = ``google``, ``Online Store`` = ``online_store`` = ``online-store``, ``Ｗｅｂ`` = ``Web``,
``转介绍　`` (ideographic space) = ``转介绍``: full-width ASCII forms become their ASCII twins, separators
(white space including U+00A0 and U+3000, ``_`` and ``-`` in both widths) are dropped, and the rest is
lower-cased.  One ``translate`` and one ``lower`` on both sides (in SQL, ``translate`` only for labels holding a
full-width form: DuckDB's is slow, and the others only lose their separators).  ``fold_label`` and ``fold_sql`` are held equal by a property test
(tests/test_fold.py).  Grouping, filtering and matching of dimension values, stage and status words and
setting lists all go through these two.
"""

from __future__ import annotations

SEPARATORS = " \t\n\v\f\r\u00a0\u3000_-\uff3f\uff0d"
_FULL_WIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F) if chr(c) not in SEPARATORS)
_ASCII = "".join(chr(ord(c) - 0xFEE0) for c in _FULL_WIDTH)
FOLD_TABLE = str.maketrans(_FULL_WIDTH, _ASCII, SEPARATORS)  # also for pandas: Series.str.translate


def fold_label(text: object) -> str:
    """The folded form of a label (Python)."""
    return str(text).translate(FOLD_TABLE).lower()


def _literal(text: str) -> str:
    # "$" and ";" are written as chr(), so that the SQL shown to users has no "$name" that looks like a
    # parameter and no ";" that looks like a second statement.
    parts = []
    for char in text:
        if char in "$;":
            parts.append(f"chr({ord(char)})")
        elif parts and parts[-1].startswith("'"):
            parts[-1] = parts[-1][:-1] + char.replace("'", "''") + "'"
        else:
            parts.append("'" + char.replace("'", "''") + "'")
    return "(" + " || ".join(parts) + ")"


_SQL_FROM = _literal(_FULL_WIDTH + SEPARATORS)
_SQL_TO = _literal(_ASCII)


def _re_class(chars: str) -> str:
    return "'[" + "".join(f"\\x{{{ord(c):04X}}}" for c in chars) + "]'"


# DuckDB's translate costs ~10 µs a row (a split over 35k deals spent 90% of its time folding), so it only runs
# on labels holding a full-width form; the others just lose their separators (one regular expression each).
_SQL_HAS_FULL_WIDTH = "'[\\x{FF01}-\\x{FF5E}]'"
_SQL_SEPARATORS = _re_class(SEPARATORS)


def fold_sql(expr: str) -> str:
    """The folded form of the SQL text expression ``expr`` (DuckDB: ``translate`` deletes the characters of
    the first list that have no partner in the second; without a full-width form that is only the separators)."""
    return (f"lower(CASE WHEN regexp_matches({expr}, {_SQL_HAS_FULL_WIDTH}) "
            f"THEN translate({expr}, {_SQL_FROM}, {_SQL_TO}) "
            f"ELSE regexp_replace({expr}, {_SQL_SEPARATORS}, '', 'g') END)")
