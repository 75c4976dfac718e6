"""Header words and column content, combined: which unmatched column could fill which field, and why.

Exact synonyms (``ingest/plan/synonyms.py``) are tried first.  For the headers they miss, a field's
synonyms are compared as concept sets (``ingest/plan/tokens.py``), so ``first_contact_date``,
``Erstelldatum`` or ``建立日期`` are understood, and the column's values must fit the field's kind:
a date field needs values that parse as dates, a money field numbers, a flag yes/no words, an id short
tokens without spaces.  Two more rules need no synonym: a survey question that names its scale
("On a scale of 0-10, how ...") is a score, and a header that only says "number" or "ID" is the entity's key.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ingest.plan.columns import SAMPLE_VALUES
from ingest.plan.labels import fold_label
from ingest.plan.synonyms import field_synonyms
from ingest.plan.tokens import header_concepts, quality_of, scale_in_header
from ingest.plan.values import FALSE_WORDS, TRUE_WORDS
from store.entities import ENTITIES

if TYPE_CHECKING:
    from ingest.plan.detect import Probe

MIN_QUALITY = 0.5  # the synonym's concepts explain at least half of the header's words
MAX_COLUMNS = 400  # wider tables (pivoted exports) are matched by exact synonyms only
SCALE_FIELDS = {"surveys": "score", "tickets": "satisfaction"}
_ID_LIKE = re.compile(r"[\w\-./#:@]+(?: {1,2}[\w\-./#:@]+){0,2}")  # up to three words ("Caller 2403")
_BOOL_WORDS = frozenset(w.lower() for w in TRUE_WORDS + FALSE_WORDS)
# The concept that names each entity's records (ingest/plan/tokens.py).
ENTITY_NOUN = {"leads": "lead", "deals": "deal", "orders": "order", "tickets": "ticket", "contacts": "contact"}
ENTITY_NOUNS = frozenset(ENTITY_NOUN.values())
NUMBER_KINDS = ("money", "number", "duration_hours", "duration_days", "percent")


def token_candidates(
    columns: list[str], entity: str, exclude: set[str], probe: Probe | None
) -> list[tuple[tuple, str, str]]:
    """``(rank, field, column)`` for columns not matched exactly; a lower rank is a better match."""
    open_columns = [c for c in columns if c and c not in exclude]
    if not open_columns or len(columns) > MAX_COLUMNS:
        return []
    fields = ENTITIES[entity].fields
    out: list[tuple[tuple, str, str]] = []
    for order, col in enumerate(open_columns):
        # "Lead Owner" is about leads: in a contacts file it is no contact's owner (unless a synonym says so).
        foreign = header_concepts(col)[0] & (ENTITY_NOUNS - {ENTITY_NOUN.get(entity)})
        have = header_concepts(col)[0]
        for spec in fields:
            best = 0.0
            for j, want in _synonym_concepts(entity, spec.name):
                if not want <= have or (foreign and not foreign <= want):
                    continue
                quality = quality_of(want, have)
                if quality >= MIN_QUALITY and quality > best:
                    best = quality
                    rank = (-quality, j, order)
            if best and fits(spec.kind, col, probe):
                out.append((rank, spec.name, col))
        scale_field = SCALE_FIELDS.get(entity)
        if scale_field and scale_in_header(col) and fits("number", col, probe):
            out.append(((-0.9, 0, order), scale_field, col))
        key = ENTITIES[entity].key_fields[0] if ENTITIES[entity].key_fields else None
        concepts, words = header_concepts(col)
        if key and concepts == {"id"} and words == 1 and fits("id", col, probe):
            out.append(((-0.6, 0, order), key, col))
    return out


@functools.lru_cache(maxsize=512)
def _synonym_concepts(entity: str, field: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """Each synonym of the field as its concept set (read once per process)."""
    return tuple((j, header_concepts(syn)[0]) for j, syn in enumerate(field_synonyms(entity, field))
                 if header_concepts(syn)[0])


def fits(kind: str, col: str, probe: Probe | None) -> bool:
    """Whether the column's sampled values can fill a field of this kind."""
    if probe is None:
        return True
    values = probe.values(col)
    if not values:
        return False
    if kind == "date":
        return probe.looks_like_date(col)
    if kind in NUMBER_KINDS:
        return probe.looks_like_number(col)
    if kind == "bool":
        return sum(v.lower() in _BOOL_WORDS or fold_label(v) in _BOOL_WORDS for v in values) >= 0.8 * len(values)
    if kind == "id":
        return sum(len(v) <= 40 and bool(_ID_LIKE.fullmatch(v)) for v in values) >= 0.8 * len(values)
    # Names and labels: not a column of dates or of numbers only.
    return not probe.looks_like_date(col) and not probe.looks_like_number(col)


MAX_CANDIDATES = 8


def open_questions(entity: str, mapping: dict[str, str], unmapped: list[str], probe: Probe | None) -> list[dict]:
    """The entity's event date and id when no column was taken for them but some could be: ``[{"field",
    "columns"}]``, for the Upload page to ask (and the CLI to name) instead of loading without them."""
    ent = ENTITIES[entity]
    wanted = [(ent.date_field, "date"), (ent.key_fields[0] if ent.key_fields else None, "id")]
    out = []
    for name, kind in wanted:
        if not name or name in mapping:
            continue
        columns = [c for c in unmapped if c and c != "_row" and fits(kind, c, probe)]
        if kind == "id" and probe is not None:
            columns = [c for c in columns if _id_candidate(c, probe)]
        if columns:
            out.append({"field": name, "columns": columns[:MAX_CANDIDATES]})
    return out


def question_warning(question: dict) -> dict:
    field, columns = question["field"], question["columns"]
    return {
        "code": "field_undecided",
        "field": field,
        "columns": ", ".join(columns),
        "count": 0,
        "message": f"No column was taken for {field}; {', '.join(columns)} could be it: choose one on the Upload "
        f"page or with --map {field}=<header>.",
    }


def _id_candidate(col: str, probe: Probe) -> bool:
    """Nearly one value per row (labels fit "id" too), not dates, and digits in it or "id" in its header."""
    values = probe.values(col)
    rows = getattr(probe, "row_count", len(values)) or len(values)
    if len(values) < 0.9 * min(rows, SAMPLE_VALUES) or probe.looks_like_date(col):
        return False
    return "id" in header_concepts(col)[0] or sum(any(ch.isdigit() for ch in v) for v in values) >= 0.8 * len(values)
