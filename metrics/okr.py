"""The OKR model (objectives, key results, targets) and the okrs.yaml format.

The format is defined in docs/architecture.md.  ``load_okrs`` reads the YAML node
tree rather than ``yaml.safe_load``'s plain values so that every error can name
the line and the field; the workspace stores the same structure as JSON documents
(``objective_to_doc`` / ``objective_from_doc``), and the OKR editor writes it too.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from metrics.periods import Period

FORMAT_VERSION = 1
TARGET_TYPES = ("to_value", "relative_change", "absolute_change", "stay_below", "stay_above", "reach_count")
CHANGE_TARGETS = frozenset({"relative_change", "absolute_change"})
THRESHOLD_TARGETS = frozenset({"stay_below", "stay_above"})
LANGS = ("en", "zh")

TOP_FIELDS = ("version", "objectives")
OBJECTIVE_FIELDS = ("id", "title", "owner", "team", "period", "description", "key_results")
KR_FIELDS = ("id", "title", "metric", "filters", "target", "baseline", "weight")
TARGET_FIELDS = ("type", "value", "change")
# A period label: 2026-Q3, 2026-07, 2026-W27, 2026, FY2026-Q1, FY2026 (checked fully by parse_period later).
PERIOD_LABEL = re.compile(r"^(FY)?\d{4}(-(Q[1-4]|W\d{2}|\d{2}))?$")

Title = str | dict[str, str]


class OKRFileError(Exception):
    """A problem in an OKR file or stored objective; the message names the line and the field."""


@dataclass(frozen=True)
class DateRange:
    """An explicit objective period; both dates inclusive, as people write them in okrs.yaml."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class Target:
    """What a key result aims at.

    ``value`` for to_value, stay_below, stay_above and reach_count; ``change`` for
    relative_change (a fraction: -0.5 is -50%) and absolute_change (metric units).
    """

    type: str
    value: float | None = None
    change: float | None = None

    @property
    def is_threshold(self) -> bool:
        return self.type in THRESHOLD_TARGETS

    @property
    def needs_baseline(self) -> bool:
        return self.type in CHANGE_TARGETS

    def resolve(self, baseline: float | None) -> float | None:
        """The absolute target value; None when a change target has no baseline to apply to."""
        if self.type == "relative_change":
            return None if _missing(baseline) else baseline * (1 + self.change)
        if self.type == "absolute_change":
            return None if _missing(baseline) else baseline + self.change
        return self.value


@dataclass
class KeyResult:
    id: str
    title: Title | None
    metric: str
    target: Target
    filters: dict[str, str | list[str]] = field(default_factory=dict)
    baseline: float | None = None  # None: the metric over the previous period of the same length
    weight: float | None = None  # None counts as 1

    @property
    def effective_weight(self) -> float:
        return 1.0 if self.weight is None else float(self.weight)


@dataclass
class Objective:
    id: str
    title: Title
    owner: str | None = None
    team: str | None = None
    period: str | DateRange | None = None  # None: the quarter holding the as-of date
    description: str | None = None
    key_results: list[KeyResult] = field(default_factory=list)

    def kr(self, kr_id: str) -> KeyResult:
        for kr in self.key_results:
            if kr.id == kr_id:
                return kr
        raise KeyError(kr_id)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# ------------------------------------------------------------------ titles
def title_in(item: Objective | KeyResult | Title | None, lang: str = "en") -> str:
    """The title in ``lang`` (falling back to the other language); a key result without a title
    is described from its metric and target."""
    if isinstance(item, KeyResult):
        return title_in(item.title, lang) if item.title else describe_kr(item, lang)
    if isinstance(item, Objective):
        return title_in(item.title, lang)
    if item is None:
        return ""
    if isinstance(item, str):
        return item
    for key in (lang, "en", "zh"):
        if item.get(key):
            return item[key]
    return next((v for v in item.values() if v), "")


def describe_kr(kr: KeyResult, lang: str = "en") -> str:
    """'CSAT to 90.0%' / '客户满意度 达到 90.0%': a readable name for a key result without a title."""
    from i18n.fmt import fmt_delta, fmt_value

    metric = _catalog().get(kr.metric)
    name = (metric.label.get(lang) or metric.label.get("en")) if metric else kr.metric
    unit = metric.unit if metric else "number"
    t = kr.target
    if t.type == "relative_change":
        return f"{name} {fmt_delta(t.change, unit, lang, relative=True)}"
    if t.type == "absolute_change":
        return f"{name} {fmt_delta(t.change, unit, lang)}"
    words = {
        "to_value": ("to", "达到"),
        "stay_below": ("below", "低于"),
        "stay_above": ("above", "高于"),
        "reach_count": ("in the period:", "本期达到"),
    }[t.type]
    return f"{name} {words[1] if lang == 'zh' else words[0]} {fmt_value(t.value, unit, lang)}"


# ------------------------------------------------------------------ catalog access
def _catalog() -> dict:
    """The metric catalog, imported late: metrics/__init__ pulls in the engine and DuckDB."""
    try:
        from metrics.catalog import CATALOG
    except ImportError:  # only while the engine is being developed alongside
        return {}
    return CATALOG


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


def load_from_workspace(ws: Any) -> list[Objective]:
    objectives = [objective_from_doc(doc) for doc in ws.objectives()]
    _check_ids_across(objectives, "the stored objectives")
    return objectives


def save_to_workspace(ws: Any, objectives: list[Objective]) -> None:
    """Replace the workspace's objectives (the OKR editor and okrs.yaml import both land here)."""
    _check_ids_across(objectives, "the objectives")
    ws.save_objectives([objective_to_doc(o) for o in objectives])


def _check_ids_across(objectives: list[Objective], where: str) -> None:
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
    doc["target"] = {"type": kr.target.type, amount_key: amount}
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


# ------------------------------------------------------------------ periods
def fiscal_start_of(ws: Any) -> int:
    if ws is None:
        return 1
    try:
        return int(ws.get_setting("fiscal_start_month", 1) or 1)
    except (TypeError, ValueError):
        return 1


def resolve_period(
    objective: Objective,
    ws: Any = None,
    *,
    fiscal_start: int | None = None,
    today: date | None = None,
    override: str | Period | DateRange | None = None,
) -> Period:
    """The objective's period as a Period (end exclusive).

    ``override`` (the CLI's --period, the page's period picker) wins over the file; an objective
    without a period uses the quarter holding ``today``.
    """
    from metrics.periods import Period, custom_period, parse_period, period_containing

    fiscal = fiscal_start if fiscal_start is not None else fiscal_start_of(ws)
    spec = override if override is not None else objective.period
    if isinstance(spec, Period):
        return spec
    if isinstance(spec, DateRange):
        # The file's end is inclusive; a range that is exactly a quarter (etc.) gets that grain and label.
        return custom_period(spec.start, spec.end + timedelta(days=1), fiscal)
    if spec is None:
        return period_containing(today or date.today(), "quarter", fiscal)
    try:
        return parse_period(spec, fiscal)
    except Exception as exc:  # parse_period's own error type is the engine's business
        raise OKRFileError(
            f"objective {objective.id}: the period '{spec}' cannot be read ({exc}); use a label like "
            f"2026-Q3, "
            "2026-07, 2026-W27, 2026 or {start: 2026-07-01, end: 2026-09-30}."
        ) from None


__all__ = [
    "CHANGE_TARGETS",
    "TARGET_TYPES",
    "THRESHOLD_TARGETS",
    "DateRange",
    "KeyResult",
    "OKRFileError",
    "Objective",
    "Target",
    "describe_kr",
    "dump_okrs",
    "fiscal_start_of",
    "load_from_workspace",
    "load_okrs",
    "objective_from_doc",
    "objective_to_doc",
    "resolve_period",
    "save_to_workspace",
    "title_in",
]
