"""Fields a file states without a column: a deals export with only a won date holds won deals.

A report of won deals (an id, a won date, the rep, no stage or status column) says every row is won
through the header of its date; likewise a lost date.  The stage is then the constant Won (Lost), the
plan says so, and the load report repeats it, so nothing is implied silently.
"""

from __future__ import annotations

from ingest.plan.columns import FieldRule
from ingest.plan.numbers import sql_literal
from ingest.plan.tokens import header_concepts

_OUTCOME_BY_CONCEPT = {"won": "Won", "lost": "Lost"}


def implied_fields(entity: str, mapping: dict[str, str]) -> dict[str, tuple[str, str]]:
    """``{field: (value, column that implies it)}`` for the fields this mapping implies."""
    if entity != "deals" or "stage" in mapping or "status" in mapping or "closed_at" not in mapping:
        return {}
    column = mapping["closed_at"]
    concepts = header_concepts(column)[0]
    outcomes = [value for concept, value in _OUTCOME_BY_CONCEPT.items() if concept in concepts]
    return {"stage": (outcomes[0], column)} if len(outcomes) == 1 else {}


def implied_rule(name: str, value: str, column: str) -> FieldRule:
    """A rule that gives every row the constant ``value`` (read beside ``column``, which implies it)."""
    literal = sql_literal(value)
    return FieldRule(name, column, "text", [(column, lambda _col: literal)],
                     describe=f"implied by {column}: {value}", constant=value)


def implied_warning(name: str, value: str, column: str) -> dict:
    return {
        "code": "implied_field",
        "field": name,
        "value": value,
        "column": column,
        "count": 0,
        "message": f"The file has no {name} column; every row is taken as {value}, as its column {column} says.",
    }
