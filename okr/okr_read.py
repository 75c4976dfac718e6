"""Reading okrs.yaml and stored objectives: every error names the line and the field.

``load_okrs`` reads the YAML node tree rather than ``yaml.safe_load``'s plain values so that every error can
name the line and the field; the workspace stores the same structure as JSON documents
(``objective_to_doc`` / ``objective_from_doc``), and the OKR editor writes it too.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from okr.model import (
    CHANGE_TARGETS,
    FORMAT_VERSION,
    KR_FIELDS,
    LANGS,
    OBJECTIVE_FIELDS,
    PERIOD_LABEL,
    TARGET_FIELDS,
    TARGET_TYPES,
    TOP_FIELDS,
    DateRange,
    KeyResult,
    Objective,
    OKRFileError,
    Target,
    Title,
    _catalog,
)


# ------------------------------------------------------------------ located YAML values
@dataclass
class _Node:
    """A value from the file with the line it starts on (None for stored documents)."""

    value: Any  # dict[str, _Node] | list[_Node] | a scalar
    line: int | None
    raw: str | None = None  # a scalar's text as written: ids, titles and labels keep it verbatim
    key_lines: dict[str, int | None] = field(default_factory=dict)


class _Reader:
    """Turns located values into model objects, raising OKRFileError that names line and field."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.catalog = _catalog()

    def fail(self, node: _Node | None, message: str, line: int | None = None) -> OKRFileError:
        line = line if line is not None else (node.line if node is not None else None)
        where = f"{self.source} line {line}" if line else self.source
        return OKRFileError(f"{where}: {message}")

    # ---------------------------------------------------------- scalars
    def mapping(self, node: _Node, what: str) -> dict[str, _Node]:
        if not isinstance(node.value, dict):
            raise self.fail(node, f"{what} must be a mapping of fields (name: value).")
        return node.value

    def check_fields(self, node: _Node, allowed: tuple[str, ...], what: str) -> None:
        for key in node.value:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(allowed)}."
                raise self.fail(node, f"{what} has an unknown field '{key}'; {hint}", node.key_lines.get(key))

    def text(self, node: _Node, what: str) -> str:
        if isinstance(node.value, dict | list):
            raise self.fail(node, f"{what} must be a single line of text.")
        text = (node.raw if node.raw is not None else str(node.value)).strip()
        if not text:
            raise self.fail(node, f"{what} is empty; write it or remove the field.")
        return text

    def optional_text(self, fields: dict[str, _Node], key: str, what: str) -> str | None:
        node = fields.get(key)
        if node is None or node.value is None:
            return None
        return self.text(node, what)

    def number(self, node: _Node, what: str, *, unit: str | None = None) -> float:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raw = (node.raw or str(value)).strip()
            if raw.endswith("%"):
                try:
                    as_fraction = float(raw[:-1]) / 100
                except ValueError:
                    pass
                else:
                    raise self.fail(
                        node, f"{what} is '{raw}'; write percentages as fractions, {as_fraction:g}."
                    )
            raise self.fail(node, f"{what} is '{raw}'; write a number.")
        if not math.isfinite(value):
            raise self.fail(node, f"{what} must be a finite number.")
        if unit == "percent" and abs(value) > 1:
            raise self.fail(
                node,
                f"{what} is {value:g} but the metric is a percentage; percentages are fractions in "
                f"okrs.yaml, "
                f"write {value / 100:g} for {value:g}%.",
            )
        return value

    def title(self, node: _Node, what: str) -> Title:
        if isinstance(node.value, dict):
            titles: dict[str, str] = {}
            for lang, sub in node.value.items():
                if lang not in LANGS:
                    raise self.fail(
                        sub, f"{what} has language '{lang}'; use en and zh.", node.key_lines.get(lang)
                    )
                if sub.value is not None:
                    titles[lang] = self.text(sub, f"{what} ({lang})")
            if not titles:
                raise self.fail(node, f"{what} is empty; give an en or zh title.")
            return titles
        return self.text(node, what)

    # ---------------------------------------------------------- structure
    def objectives(self, root: _Node) -> list[Objective]:
        if root.value is None:
            return []
        if isinstance(root.value, list):  # a bare list of objectives is accepted too
            items = root
        else:
            fields = self.mapping(root, "The file")
            self.check_fields(root, TOP_FIELDS, "The file")
            version = fields.get("version")
            if version is not None and version.value != FORMAT_VERSION:
                raise self.fail(
                    version, f"version {version.raw} is not supported; write version: {FORMAT_VERSION}."
                )
            items = fields.get("objectives")
            if items is None or items.value is None:
                return []
        if not isinstance(items.value, list):
            raise self.fail(items, "objectives must be a list; start each objective with '- id: ...'.")
        objectives = [self.objective(item, position) for position, item in enumerate(items.value, start=1)]
        self.check_unique_ids(objectives, items.value)
        return objectives

    def check_unique_ids(self, objectives: list[Objective], nodes: list[_Node]) -> None:
        seen: dict[str, str] = {}
        for obj, node in zip(objectives, nodes, strict=True):
            if obj.id in seen:
                raise self.fail(node, f"objective id {obj.id} is used twice; give each objective its own id.")
            seen[obj.id] = "objective"
        kr_nodes = {}
        for obj, node in zip(objectives, nodes, strict=True):
            krs_node = node.value.get("key_results")
            for i, kr in enumerate(obj.key_results):
                kr_node = krs_node.value[i] if krs_node is not None else node
                if kr.id in kr_nodes:
                    raise self.fail(
                        kr_node, f"key result id {kr.id} is used twice; give each key result its own id."
                    )
                kr_nodes[kr.id] = kr_node

    def objective(self, node: _Node, position: int) -> Objective:
        fields = self.mapping(node, f"objective {position}")
        obj_id = self.text(fields["id"], f"objective {position} id") if "id" in fields else f"O{position}"
        what = f"objective {obj_id}"
        self.check_fields(node, OBJECTIVE_FIELDS, what)
        if "title" not in fields or fields["title"].value is None:
            raise self.fail(node, f"{what} has no title; add title: {{en: ..., zh: ...}} or a plain title.")
        krs_node = fields.get("key_results")
        krs: list[KeyResult] = []
        if krs_node is not None and krs_node.value is not None:
            if not isinstance(krs_node.value, list):
                raise self.fail(krs_node, f"{what} key_results must be a list; start each with '- id: ...'.")
            krs = [self.key_result(kr, obj_id, i) for i, kr in enumerate(krs_node.value, start=1)]
        return Objective(
            id=obj_id,
            title=self.title(fields["title"], f"{what} title"),
            owner=self.optional_text(fields, "owner", f"{what} owner"),
            team=self.optional_text(fields, "team", f"{what} team"),
            period=self.period(fields["period"], what) if fields.get("period") is not None else None,
            description=self.optional_text(fields, "description", f"{what} description"),
            key_results=krs,
        )

    def period(self, node: _Node, what: str) -> str | DateRange | None:
        if node.value is None:
            return None
        if isinstance(node.value, dict):
            self.check_fields(node, ("start", "end"), f"{what} period")
            bounds = {}
            for key in ("start", "end"):
                sub = node.value.get(key)
                if sub is None:
                    raise self.fail(
                        node, f"{what} period has no {key}; write {{start: 2026-07-01, end: 2026-09-30}}."
                    )
                bounds[key] = self.day(sub, f"{what} period {key}")
            if bounds["end"] < bounds["start"]:
                raise self.fail(node, f"{what} period ends before it starts; swap start and end.")
            return DateRange(bounds["start"], bounds["end"])
        label = self.text(node, f"{what} period")
        if not PERIOD_LABEL.match(label):
            raise self.fail(
                node,
                f"{what} has period '{label}'; use a label like 2026-Q3, 2026-07, 2026-W27, 2026 or "
                "{start: 2026-07-01, end: 2026-09-30}.",
            )
        return label

    def day(self, node: _Node, what: str) -> date:
        value = node.value
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise self.fail(node, f"{what} is '{node.raw or value}'; write a date like 2026-07-01.") from None

    def key_result(self, node: _Node, obj_id: str, position: int) -> KeyResult:
        fields = self.mapping(node, f"key result {position} of objective {obj_id}")
        kr_id = (
            self.text(fields["id"], f"key result {position} of objective {obj_id} id")
            if "id" in fields
            else f"{obj_id}.{position}"
        )
        what = f"key result {kr_id}"
        self.check_fields(node, KR_FIELDS, what)
        metric_node = fields.get("metric")
        if metric_node is None or metric_node.value is None:
            raise self.fail(node, f"{what} has no metric; add metric: with a catalog id such as csat.")
        metric_id = self.text(metric_node, f"{what} metric")
        unit = None
        if self.catalog:
            if metric_id not in self.catalog:
                close = difflib.get_close_matches(metric_id, list(self.catalog), n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "list them with `python cli.py metrics --list`."
                )
                raise self.fail(
                    metric_node, f"{what} has metric '{metric_id}', which is not in the catalog; {hint}"
                )
            unit = self.catalog[metric_id].unit
        if "target" not in fields or fields["target"].value is None:
            raise self.fail(node, f"{what} has no target; add target: {{type: to_value, value: ...}}.")
        target = self.target(fields["target"], what, unit)
        baseline = None
        if fields.get("baseline") is not None and fields["baseline"].value is not None:
            if target.type == "reach_count":
                raise self.fail(
                    fields["baseline"],
                    f"{what} counts from zero in its period (reach_count), so a baseline does not apply; "
                    "remove baseline.",
                )
            baseline = self.number(fields["baseline"], f"{what} baseline", unit=unit)
        self.check_trackable(fields, what, target, baseline)
        weight = None
        if fields.get("weight") is not None and fields["weight"].value is not None:
            weight = self.number(fields["weight"], f"{what} weight")
            if weight < 0:
                raise self.fail(fields["weight"], f"{what} weight is negative; use 0 or more (default 1).")
        title = (
            self.title(fields["title"], f"{what} title")
            if fields.get("title") is not None and fields["title"].value is not None
            else None
        )
        return KeyResult(
            id=kr_id,
            title=title,
            metric=metric_id,
            target=target,
            filters=self.filters(fields["filters"], what) if fields.get("filters") is not None else {},
            baseline=baseline,
            weight=weight,
        )

    def check_trackable(self, fields: dict[str, _Node], what: str, target: Target, baseline: float | None) -> None:
        """Targets that could never be tracked are refused here, not shown later as -8378%."""
        node = fields["target"]
        if target.type in CHANGE_TARGETS and target.change == 0:
            raise self.fail(node, f"{what} asks for a change of 0, so there is nothing to track; give the change "
                                  "you aim for (relative_change 0.1 for +10%).")
        if baseline is None:
            return
        if target.type == "relative_change" and baseline == 0:
            raise self.fail(fields["baseline"], f"{what} asks for a relative change of a baseline of 0, which has "
                                                "no percentage; use absolute_change or to_value.")
        if target.type == "to_value" and target.value == baseline:
            raise self.fail(node, f"{what} aims for {target.value:g}, which is its baseline; set a target that moves "
                                  "the metric.")

    def target(self, node: _Node, what: str, unit: str | None) -> Target:
        fields = self.mapping(node, f"{what} target")
        self.check_fields(node, TARGET_FIELDS, f"{what} target")
        type_node = fields.get("type")
        if type_node is None or type_node.value is None:
            raise self.fail(node, f"{what} target has no type; use one of {', '.join(TARGET_TYPES)}.")
        kind = self.text(type_node, f"{what} target type")
        if kind not in TARGET_TYPES:
            raise self.fail(
                type_node, f"{what} has target type '{kind}'; use one of {', '.join(TARGET_TYPES)}."
            )
        needed, other = ("change", "value") if kind in CHANGE_TARGETS else ("value", "change")
        if fields.get(other) is not None and fields[other].value is not None:
            example = {"relative_change": "change: 0.2 for +20%", "absolute_change": "change: 5"}.get(
                kind, "value: 0.9"
            )
            raise self.fail(fields[other], f"{what} gives {other} for a {kind} target; write {example}.")
        amount_node = fields.get(needed)
        if amount_node is None or amount_node.value is None:
            raise self.fail(node, f"{what} target ({kind}) has no {needed}; add {needed}: with a number.")
        if kind == "relative_change":
            amount = self.number(amount_node, f"{what} target change")
            if amount < -1:
                raise self.fail(
                    amount_node,
                    f"{what} target change is {amount:g} ({amount:+.0%}), below -100%; relative changes are "
                    "fractions, write -0.5 for -50%.",
                )
        elif kind == "absolute_change":
            amount = self.number(amount_node, f"{what} target change", unit=unit)
        else:
            amount = self.number(amount_node, f"{what} target value", unit=unit)
        return Target(kind, change=amount) if needed == "change" else Target(kind, value=amount)

    def filters(self, node: _Node, what: str) -> dict[str, str | list[str]]:
        if node.value is None:
            return {}
        fields = self.mapping(node, f"{what} filters")
        result: dict[str, str | list[str]] = {}
        for dim, sub in fields.items():
            if isinstance(sub.value, list):
                if not sub.value:
                    raise self.fail(sub, f"{what} filter {dim} has an empty list; give at least one value.")
                result[dim] = [self.text(v, f"{what} filter {dim}") for v in sub.value]
            else:
                result[dim] = self.text(sub, f"{what} filter {dim}")
        return result


# ------------------------------------------------------------------ YAML nodes -> located values
def _from_yaml_node(node: yaml.Node, loader: yaml.SafeLoader, source: str) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        items: dict[str, _Node] = {}
        key_lines: dict[str, int | None] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise OKRFileError(
                    f"{source} line {key_node.start_mark.line + 1}: a field name must be plain text."
                )
            key = key_node.value
            if key in items:
                raise OKRFileError(
                    f"{source} line {key_node.start_mark.line + 1}: the field '{key}' appears twice here "
                    f"(first on line {key_lines[key]}); keep one."
                )
            items[key] = _from_yaml_node(value_node, loader, source)
            key_lines[key] = key_node.start_mark.line + 1
        return _Node(items, line, key_lines=key_lines)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_from_yaml_node(item, loader, source) for item in node.value], line)
    return _Node(loader.construct_object(node), line, raw=node.value)


def _from_plain(value: Any) -> _Node:
    if isinstance(value, dict):
        return _Node(
            {str(k): _from_plain(v) for k, v in value.items()}, None, key_lines={str(k): None for k in value}
        )
    if isinstance(value, list | tuple):
        return _Node([_from_plain(v) for v in value], None)
    return _Node(value, None, raw=value if isinstance(value, str) else None)


def load_okrs(text: str, *, source: str = "okrs.yaml") -> list[Objective]:
    """Parse an okrs.yaml document; a mistake raises OKRFileError naming the line and the field."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return []
            located = _from_yaml_node(root, loader, source)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" line {mark.line + 1}" if mark else ""
        problem = exc.problem or exc.context or "unreadable YAML"
        raise OKRFileError(
            f"{source}{line}: the YAML cannot be read ({problem}); check the indentation and the colons."
        ) from None
    except yaml.YAMLError as exc:
        raise OKRFileError(f"{source}: the YAML cannot be read ({exc}); check the file.") from None
    return _Reader(source).objectives(located)


def objective_from_doc(doc: dict, *, source: str | None = None) -> Objective:
    """An objective from its stored document (the okrs.yaml objective structure)."""
    where = source or f"stored objective {doc.get('id', '?') if isinstance(doc, dict) else '?'}"
    reader = _Reader(where)
    objective = reader.objective(_from_plain(doc), 1)
    reader.check_unique_ids([objective], [_from_plain(doc)])
    return objective


def check_ids_across(objectives: list[Objective], where: str) -> None:
    seen_obj: set[str] = set()
    seen_kr: set[str] = set()
    for obj in objectives:
        if obj.id in seen_obj:
            raise OKRFileError(
                f"{where}: objective id {obj.id} is used twice; give each objective its own id."
            )
        seen_obj.add(obj.id)
        for kr in obj.key_results:
            if kr.id in seen_kr:
                raise OKRFileError(
                    f"{where}: key result id {kr.id} is used twice; give each key result its own id."
                )
            seen_kr.add(kr.id)
