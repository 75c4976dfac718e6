"""The OKR model: objectives, key results, targets, and the period an objective covers.

The okrs.yaml format (docs/architecture.md) is read and written by ``okr.okr_file``; tracking the key
results against the data is ``okr.track``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from i18n.messages import Change, Message, Quantity, Text

if TYPE_CHECKING:
    from metrics.periods import Period


class TargetType(StrEnum):
    TO_VALUE = "to_value"
    RELATIVE_CHANGE = "relative_change"
    ABSOLUTE_CHANGE = "absolute_change"
    STAY_BELOW = "stay_below"
    STAY_ABOVE = "stay_above"
    REACH_COUNT = "reach_count"


FORMAT_VERSION = 1
TARGET_TYPES: tuple[TargetType, ...] = tuple(TargetType)
CHANGE_TARGETS = frozenset({TargetType.RELATIVE_CHANGE, TargetType.ABSOLUTE_CHANGE})
THRESHOLD_TARGETS = frozenset({TargetType.STAY_BELOW, TargetType.STAY_ABOVE})
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

    type: TargetType
    value: float | None = None
    change: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", TargetType(self.type))

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

    def describe(self) -> Message:
        """A name for a key result without a title: 'CSAT to 90.0%' (i18n key okr.kr_name.<target type>)."""
        metric = _catalog().get(self.metric)
        name = metric.label if metric is not None else Text(self.metric, self.metric)
        unit = metric.unit if metric is not None else "number"
        t = self.target
        if t.type == TargetType.RELATIVE_CHANGE:
            amount: Any = Change(t.change, unit, relative=True)
        elif t.type == TargetType.ABSOLUTE_CHANGE:
            amount = Change(t.change, unit)
        else:
            amount = Quantity(t.value, unit)
        return Message(f"okr.kr_name.{t.type}", {"metric": name, "amount": amount})


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


# ------------------------------------------------------------------ catalog access
def _catalog() -> dict:
    """The metric catalog, imported late: metrics/__init__ pulls in the engine and DuckDB."""
    try:
        from metrics.catalog import CATALOG
    except ImportError:  # only while the engine is being developed alongside
        return {}
    return CATALOG


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
