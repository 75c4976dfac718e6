"""Writing objectives: the stored JSON documents, okrs.yaml text, and the workspace's objectives."""

from __future__ import annotations

from typing import Any

import yaml

from okr.model import CHANGE_TARGETS, FORMAT_VERSION, DateRange, KeyResult, Objective
from okr.okr_read import check_ids_across, objective_from_doc


def load_from_workspace(ws: Any) -> list[Objective]:
    objectives = [objective_from_doc(doc) for doc in ws.objectives()]
    check_ids_across(objectives, "the stored objectives")
    return objectives


def save_to_workspace(ws: Any, objectives: list[Objective]) -> None:
    """Replace the workspace's objectives (the OKR editor and okrs.yaml import both land here)."""
    check_ids_across(objectives, "the objectives")
    ws.save_objectives([objective_to_doc(o) for o in objectives])


# ------------------------------------------------------------------ model -> documents
def _number_out(value: float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 else value


def _kr_doc(kr: KeyResult) -> dict:
    doc: dict[str, Any] = {"id": kr.id}
    if kr.title:
        doc["title"] = dict(kr.title) if isinstance(kr.title, dict) else kr.title
    doc["metric"] = kr.metric
    if kr.filters:
        doc["filters"] = {k: list(v) if isinstance(v, list) else v for k, v in kr.filters.items()}
    amount_key = "change" if kr.target.type in CHANGE_TARGETS else "value"
    amount = kr.target.change if amount_key == "change" else kr.target.value
    doc["target"] = {"type": str(kr.target.type), amount_key: amount}
    if kr.baseline is not None:
        doc["baseline"] = kr.baseline
    if kr.weight is not None:
        doc["weight"] = _number_out(kr.weight)
    return doc


def _objective_doc(obj: Objective, *, iso_dates: bool) -> dict:
    doc: dict[str, Any] = {
        "id": obj.id,
        "title": dict(obj.title) if isinstance(obj.title, dict) else obj.title,
    }
    for key in ("owner", "team"):
        if getattr(obj, key):
            doc[key] = getattr(obj, key)
    if isinstance(obj.period, DateRange):
        start, end = obj.period.start, obj.period.end
        doc["period"] = (
            {"start": start.isoformat(), "end": end.isoformat()}
            if iso_dates
            else {"start": start, "end": end}
        )
    elif obj.period:
        doc["period"] = obj.period
    if obj.description:
        doc["description"] = obj.description
    doc["key_results"] = [_kr_doc(kr) for kr in obj.key_results]
    return doc


def objective_to_doc(obj: Objective) -> dict:
    """The JSON-ready document stored by ws.save_objectives (dates as ISO strings)."""
    return _objective_doc(obj, iso_dates=True)


class _Flow(dict):
    """A small mapping written inline ({en: ..., zh: ...}) as in the documented format."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def _flowed(doc: dict) -> dict:
    for key in ("title", "filters", "target"):
        if isinstance(doc.get(key), dict):
            doc[key] = _Flow(doc[key])
    if isinstance(doc.get("period"), dict):
        doc["period"] = _Flow(doc["period"])
    return doc


def dump_okrs(objectives: list[Objective]) -> str:
    """okrs.yaml text for ``objectives``; ``load_okrs(dump_okrs(x)) == x``."""
    docs = []
    for obj in objectives:
        doc = _flowed(_objective_doc(obj, iso_dates=False))
        doc["key_results"] = [_flowed(kr) for kr in doc["key_results"]]
        docs.append(doc)
    body = yaml.dump(
        {"version": FORMAT_VERSION, "objectives": docs},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
    return "# OKRs (docs/architecture.md): ratios and percentages are fractions, 0.9 = 90%.\n" + body
