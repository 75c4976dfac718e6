"""Which entity a table holds, which system exported it, and which column fills which canonical field.

Headers are matched after normalisation (``labels.header_key``) against the presets of real CRM exports
and the generic synonyms (``ingest/plan/presets.py``).  Each entity is scored by the fields it would get,
weighted by how much each field says about that entity (keys and required fields most), plus cheap
value evidence (stage values Won/Lost point to deals).  Everything returned carries reasons a person
can check ("12 of 14 headers match the Salesforce opportunity report: ...").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ingest.errors import IngestError
from ingest.plan.evidence import ENTITY_NOUN, token_candidates
from ingest.plan.implied import implied_fields
from ingest.plan.labels import fold_label, header_key
from ingest.plan.presets import SOURCE_LABELS, TWIN_FIELDS, Preset, presets_for, shared_identifying
from ingest.plan.synonyms import DEFAULT_WEIGHT, FIELD_WEIGHTS, field_synonyms
from ingest.plan.tokens import header_concepts
from ingest.plan.values import LOST_WORDS, RESOLVED_WORDS, WON_WORDS
from store.entities import ENTITIES

MIN_ENTITY_SCORE = 1.5  # below this the file is not recognised as any entity
# The user must choose the entity (the CLI: --entity) when the detected one is below this confidence, or
# when the runner-up scores at least CLOSE_SECOND of the best: a Contacts export that also looks like leads.
UNCERTAIN_BELOW = 0.5
# The score at which the evidence is as strong as it gets (an id, the event date and two distinctive fields).
FULL_EVIDENCE = 4.5
CLOSE_SECOND = 0.8


class Probe(Protocol):
    """Cheap looks at a column's values (implemented over the raw table in ingest/plan/planner.py)."""

    def values(self, header: str) -> list[str]: ...

    def looks_like_date(self, header: str) -> bool: ...

    def looks_like_number(self, header: str) -> bool: ...


@dataclass
class Detection:
    entity: str | None
    entity_confidence: float
    entity_reasons: list[str]
    source: str
    source_confidence: float
    mapping: dict[str, str]  # canonical field -> original header
    fallbacks: dict[str, list[str]] = field(default_factory=dict)  # field -> headers used when it is blank
    scores: dict[str, float] = field(default_factory=dict)
    preset: Preset | None = None
    # The plausible entities, best first: {"entity", "score", "reasons"} (why each would fit).
    candidates: list[dict] = field(default_factory=list)
    needs_choice: bool = False  # too uncertain to load without the user naming the entity

    @property
    def source_label(self) -> str:
        return self.preset.label if self.preset else SOURCE_LABELS.get(self.source, self.source)


@dataclass
class _Candidate:
    entity: str
    preset: Preset | None
    mapping: dict[str, str]
    fallbacks: dict[str, list[str]]
    known: list[str]  # headers the preset knows (mapped or deliberately not)
    id_hits: list[str]
    score: float
    reasons: list[str]


def map_columns(
    columns: list[str], entity: str, preset: Preset | None = None, probe: Probe | None = None
) -> tuple[dict, dict, list]:
    """Greedy mapping: preset headers first (in their listed order), then generic synonyms, then headers whose
    words say a synonym in other words or languages and whose values fit the field (ingest/plan/evidence.py)."""
    by_key: dict[str, str] = {}
    for col in columns:
        by_key.setdefault(header_key(col), col)
    fields = set(ENTITIES[entity].field_names)
    candidates: list[tuple[tuple[int, int], str, str]] = []
    reserved: set[str] = set()
    known: list[str] = []
    if preset is not None:
        for i, (hdr, name) in enumerate(preset.columns):
            col = by_key.get(header_key(hdr))
            if col is None:
                continue
            if col not in known:
                known.append(col)
            if name in fields:
                candidates.append(((0, i), name, col))
            elif not name:
                reserved.add(col)
    for name in fields:
        for j, syn in enumerate(field_synonyms(entity, name)):
            col = by_key.get(header_key(syn))
            if col is not None and col not in reserved:
                candidates.append(((1, j), name, col))
    exact = {col for _, _, col in candidates} | reserved
    for rank, name, col in token_candidates(columns, entity, exact, probe):
        candidates.append(((2, rank), name, col))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    inferred: dict[str, float] = {}  # field -> match quality, for the fields found by words and values
    for rank, name, col in sorted(candidates, key=lambda c: c[0]):
        if name not in mapping and col not in used:
            mapping[name] = col
            used.add(col)
            if rank[0] == 2:
                inferred[name] = -rank[1][0]
    _status_as_stage(entity, mapping, inferred, probe)
    fallbacks: dict[str, list[str]] = {}
    if preset is not None:
        for name, headers in preset.fallbacks.items():
            cols = [by_key[header_key(h)] for h in headers if header_key(h) in by_key]
            cols = [c for c in cols if c not in used]
            if name in mapping and cols:
                fallbacks[name] = cols
    return mapping, fallbacks, known, inferred


def _deal_outcomes(probe: Probe, column: str) -> list[str]:
    folded = {fold_label(v) for v in probe.values(column)}
    return sorted(v for v in folded if v in WON_WORDS + LOST_WORDS or v.startswith(("closedwon", "closedlost")))


def _status_as_stage(entity: str, mapping: dict[str, str], inferred: dict[str, float], probe: Probe | None) -> None:
    """A deals file with a status column of outcomes (Won, Lost, Open) and no stage column: the status is the
    stage the records are in (the canonical status is derived from the stage)."""
    if entity != "deals" or "stage" in mapping or "status" not in mapping or probe is None:
        return
    if _deal_outcomes(probe, mapping["status"]):
        mapping["stage"] = mapping.pop("status")
        if "status" in inferred:
            inferred["stage"] = inferred.pop("status")


def resolve_twins(mapping: dict[str, str], probe: Probe | None) -> dict[str, str]:
    """ "First Response Time" holding timestamps fills first_response_at, holding numbers the hours."""
    if probe is None:
        return mapping
    out = dict(mapping)
    for name, col in mapping.items():
        twin = TWIN_FIELDS.get(name)
        if not twin or twin in out or out.get(name) != col:
            continue
        if (
            name.endswith("_hours")
            and probe.looks_like_date(col)
            and not probe.looks_like_number(col)
            or name.endswith("_at")
            and probe.looks_like_number(col)
            and not probe.looks_like_date(col)
        ):
            out[twin] = out.pop(name)
    return out


_KIND_WORDS = {"id": "identifiers", "dimension": "labels", "text": "text", "date": "dates", "money": "amounts",
               "number": "numbers", "bool": "yes/no values", "duration_hours": "durations",
               "duration_days": "durations", "percent": "percentages"}
# A field found from header words and content (not an exact synonym) is weaker evidence of the entity.
INFERRED_WEIGHT = 0.9


def _score(
    entity: str, mapping: dict[str, str], probe: Probe | None, inferred: dict[str, float] | None = None
) -> tuple[float, list[str]]:
    """The entity's evidence: each mapped field's weight, less for a field found by words (times how much
    of the header the match explains)."""
    weights = FIELD_WEIGHTS.get(entity, {})
    inferred = inferred or {}
    # A column empty on every row says nothing about the entity, whatever its header promises (it still maps,
    # so that its rows are rejected with the reason when the field is required).
    said = [f for f, col in mapping.items() if probe is None or probe.values(col)]
    # A label column found by part of its header ("Mailing Country" for region) maps, but says nothing of
    # the entity: every kind of record has regions and owners.
    # Nor does a bare "number" or "ID" column: every entity has a key.
    said = [f for f in said if not (f in inferred and (
        inferred[f] < 1 and ENTITIES[entity].field(f).kind == "dimension" or header_concepts(mapping[f])[0] == {"id"}))]
    score = sum(weights.get(f, DEFAULT_WEIGHT) * (INFERRED_WEIGHT * inferred[f] if f in inferred else 1)
                for f in said)
    reasons: list[str] = []
    if entity == "deals" and "stage" in mapping and probe is not None:
        outcomes = _deal_outcomes(probe, mapping["stage"])
        if outcomes:
            score += 1.5
            reasons.append(f"{mapping['stage']} values include {', '.join(outcomes[:4])} (deal outcomes)")
    # Headers that name the entity's records ("Situação do chamado", "Deal Owner") beside its key say what
    # the file is about, whatever the fields they map to weigh.  Not a channel: "Lead Source" is where any
    # record came from (contacts, deals and accounts have one), not what the record is.
    key = ENTITIES[entity].key_fields[0] if ENTITIES[entity].key_fields else None
    noun = ENTITY_NOUN.get(entity)
    naming = [col for f, col in mapping.items()
              if f not in (key, "channel") and noun and noun in header_concepts(col)[0]]
    if naming:
        score += 0.5 * min(len(naming), 2)
        reasons.append(f"{_listing(naming)} name{'s' if len(naming) == 1 else ''} {entity}")
    if entity == "tickets" and "status" in mapping and probe is not None:
        resolved = sorted({fold_label(v) for v in probe.values(mapping["status"])} & set(RESOLVED_WORDS))
        if resolved:  # as strong as deal outcomes in a stage column (above)
            score += 1.5
            reasons.append(f"{mapping['status']} values include {', '.join(resolved[:4])} (ticket resolutions)")
    for name in sorted(set(inferred) & set(mapping)):
        col = mapping[name]
        words = ", ".join(sorted(header_concepts(col)[0]))
        kind = _KIND_WORDS.get(ENTITIES[entity].field(name).kind, "the field")
        reasons.append(f"{col} → {name}: its words say {words}, and its values are {kind}")
    implied = implied_fields(entity, mapping)
    for name, (value, column) in implied.items():
        score += weights.get(name, DEFAULT_WEIGHT) * INFERRED_WEIGHT
        reasons.append(f"{column} implies {name} {value} for every row")
    missing = [f.name for f in ENTITIES[entity].fields if f.required and f.name not in mapping | implied]
    if missing:
        score *= 0.5
        reasons.append(f"no column for the required field {', '.join(missing)}")
    return score, reasons


def _candidate(columns, entity, preset, probe) -> _Candidate:
    mapping, fallbacks, known, inferred = map_columns(columns, entity, preset, probe)
    mapping = resolve_twins(mapping, probe)
    score, reasons = _score(entity, mapping, probe, inferred)
    id_hits = [c for c in known if preset and header_key(c) in preset.identifying_keys]
    if preset is not None:
        # Headers that identify several of a system's exports ("Created Time", "Record Id" in every Zoho
        # module) tell the system, not the entity: only the others add to the entity's score.
        own = [c for c in id_hits if header_key(c) not in shared_identifying(preset.source)]
        score += 0.5 * min(len(own), 4)
    return _Candidate(entity, preset, mapping, fallbacks, known, id_hits, score, reasons)


def _layout_fit(cand: _Candidate) -> tuple[float, int]:
    """How well a preset fits, to choose between systems' layouts of one entity: all identifying headers count."""
    return cand.score, len(cand.id_hits)


def _best_for_entity(columns, entity, source, probe) -> _Candidate:
    best = _candidate(columns, entity, None, probe) if source in (None, "generic") else None
    named = max(1, len([c for c in columns if c]))
    for preset in [] if source == "generic" else presets_for(entity, source):
        cand = _candidate(columns, entity, preset, probe)
        # One shared header ("Opportunity ID", "Ticket ID") does not make a file a Salesforce or HubSpot
        # export: ask for two identifying headers, or one plus half of the file's headers known.
        if source is None and not (
            len(cand.id_hits) >= 2 or (cand.id_hits and len(cand.known) / named >= 0.5)
        ):
            continue
        if best is None or _layout_fit(cand) > _layout_fit(best):
            best = cand
    if best is None:  # the user named a source that has no layout for this entity
        best = _candidate(columns, entity, None, probe)
    return best


def _listing(items: list[str], limit: int = 6) -> str:
    return ", ".join(items[:limit]) + ("…" if len(items) > limit else "")


def detect(
    columns: list[str], probe: Probe | None = None, *, entity: str | None = None, source: str | None = None
) -> Detection:
    """Detect entity, source and mapping for a table with these headers."""
    if entity is not None and entity not in ENTITIES:
        raise IngestError(f"There is no entity {entity!r}; choose one of {', '.join(ENTITIES)}.")
    if source is not None and source not in SOURCE_LABELS:
        raise IngestError(f"There is no source {source!r}; choose one of {', '.join(SOURCE_LABELS)}.")
    named = [c for c in columns if c and not str(c).startswith("column")]
    n = len(named) or len(columns) or 1
    entities = [entity] if entity else list(ENTITIES)
    cands = sorted((_best_for_entity(columns, e, source, probe) for e in entities), key=lambda c: -c.score)
    best = cands[0]
    second = cands[1].score if len(cands) > 1 else 0.0
    scores = {c.entity: round(c.score, 2) for c in cands}
    reasons: list[str] = []
    if best.preset is not None:
        reasons.append(f"{len(best.known)} of {n} headers match the {best.preset.label}: {_listing(best.known)}")
    reasons.append(_fit_reason(best, n))
    reasons += best.reasons
    if entity:
        chosen, confidence = entity, 1.0
        reasons.insert(0, f"entity {entity} chosen by the user")
    elif best.score < MIN_ENTITY_SCORE:
        chosen, confidence = None, round(min(best.score / FULL_EVIDENCE, 1.0) * 0.5, 2)
        reasons.insert(0, "the headers do not look like any known CRM records")
    else:
        strength = min(best.score / FULL_EVIDENCE, 1.0)
        margin = (best.score - second) / best.score
        chosen, confidence = best.entity, round(strength * (0.5 + 0.5 * margin), 2)
        if len(cands) > 1 and second > 0:
            reasons.append(f"next best: {cands[1].entity} (score {second:.1f} vs {best.score:.1f})")
    plausible = [c for c in cands if c.score >= MIN_ENTITY_SCORE][:3]
    candidates = [
        {"entity": c.entity, "score": round(c.score, 2), "reasons": [_fit_reason(c, n), *c.reasons]}
        for c in plausible
    ]
    needs_choice = not entity and chosen is not None and (
        confidence < UNCERTAIN_BELOW or (len(plausible) > 1 and plausible[1].score >= CLOSE_SECOND * best.score)
    )
    src, src_conf = _source(best, source, n)
    return Detection(
        entity=chosen,
        entity_confidence=confidence,
        entity_reasons=reasons,
        source=src,
        source_confidence=round(src_conf, 2),
        mapping=best.mapping if chosen else {},
        fallbacks=best.fallbacks if chosen else {},
        scores=scores,
        preset=best.preset,
        candidates=candidates,
        needs_choice=needs_choice,
    )


def _source(best: _Candidate, source: str | None, named: int) -> tuple[str, float]:
    """The system the file came from and how sure: a preset's identifying headers, else the user's word."""
    if best.preset is not None:
        return best.preset.source, min(1.0, 0.3 * len(best.id_hits) + 0.6 * len(best.known) / named)
    src = source or "generic"
    return src, 0.6 * len(best.mapping) / named if src == "generic" else 0.5


def _fit_reason(cand: _Candidate, named: int) -> str:
    mapped = [f"{col} → {name}" for name, col in cand.mapping.items()]
    return f"{len(cand.mapping)} of {named} headers map to {cand.entity} fields: {_listing(mapped)}"


def apply_overrides(
    columns: list[str],
    entity: str,
    mapping: dict[str, str],
    overrides: dict | None,
    fallbacks: dict[str, list[str]],
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Merge the user's ``{field: header or None}`` into a detected mapping."""
    out = dict(mapping)
    fb = {k: list(v) for k, v in fallbacks.items()}
    fields = ENTITIES[entity].field_names
    for name, header in (overrides or {}).items():
        if name == "date_order":
            continue
        if name not in fields:
            raise IngestError(f"{entity} has no field {name!r}; map columns to one of: {', '.join(fields)}.")
        if header is None or header == "":
            out.pop(name, None)
            fb.pop(name, None)
            continue
        if header not in columns:
            raise IngestError(
                f"The file has no column {header!r} for {name}; use one of its headers: "
                f"{_listing(columns, 12)}."
            )
        for other, col in list(out.items()):
            if col == header and other != name:
                del out[other]
        if mapping.get(name) != header:  # the detected column restated (the Upload page sends the whole
            fb.pop(name, None)           # grid) keeps its fallback columns; another column replaces them
        out[name] = header
    for name in list(fb):
        fb[name] = [c for c in fb[name] if c not in out.values()]
        if not fb[name] or name not in out:
            del fb[name]
    return out, fb
