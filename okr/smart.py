"""SMART checks for objectives and key results, returned as warnings rather than raised.

Specific (a catalog metric and a target that moves it), Measurable (the workspace has the
fields the metric needs, with data in the baseline and current periods), Achievable (the
required change against the largest period-over-period change in the history), Relevant
(linked to an objective) and Time-bound (a period); plus 2-5 key results per objective and
at most 8 KPIs on a scorecard.  Each issue is a code with its values; the sentences are in the
translation table (``smart.<code>``) and said by the edges with ``i18n.messages.render``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from i18n.messages import Change, Message, Quantity, Text
from metrics.periods import previous
from okr import progress as p
from okr.measure import MetricSource, accumulates, as_of_for, measure
from okr.model import KeyResult, Objective, resolve_period
from okr.suggest import ChangeHistory, Step, best_change, change_history, reached

if TYPE_CHECKING:
    from metrics.periods import Period

KR_RANGE = (2, 5)
SCORECARD_MAX = 8
_STEPS = {  # grain -> (one, several) for the achievable check's sentence
    "week": (Text("week", "周"), Text("weeks", "周")),
    "month": (Text("month", "月"), Text("months", "月")),
    "quarter": (Text("quarter", "季度"), Text("quarters", "季度")),
    "year": (Text("year", "年"), Text("years", "年")),
    "": (Text("period", "期间"), Text("periods", "期间")),
}


@dataclass(frozen=True)
class Issue:
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: str = "warning"
    kr_id: str | None = None
    variant: str = ""  # another sentence for the same code (smart.<code>.<variant>)

    @property
    def message(self) -> Message:
        return Message(f"smart.{self.code}" + (f".{self.variant}" if self.variant else ""), self.params)

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "kr": self.kr_id,
                "params": self.message.to_dict()["params"]}


# ------------------------------------------------------------------ objective and scorecard level
def objective_issues(objective: Objective) -> list[Issue]:
    """Checks that need no data: time-bound and the number of key results."""
    issues = []
    if objective.period is None:
        issues.append(Issue("time_bound", {"objective": objective.id}))
    n = len(objective.key_results)
    low, high = KR_RANGE
    if n < low or n > high:
        code = "kr_count_low" if n < low else "kr_count_high"
        issues.append(Issue(code, {"objective": objective.id, "n": n, "low": low, "high": high},
                            variant="one" if n == 1 else ""))
    return issues


def scorecard_issues(objectives: list[Objective]) -> list[Issue]:
    """A scorecard that tracks more than 8 different metrics spreads attention too thin."""
    metrics = {kr.metric for obj in objectives for kr in obj.key_results}
    if len(metrics) <= SCORECARD_MAX:
        return []
    return [Issue("scorecard_size", {"n": len(metrics), "max": SCORECARD_MAX})]


# ------------------------------------------------------------------ key result level
def target_issues(kr: KeyResult, metric: Any, baseline: float | None) -> list[Issue]:
    """Specific: a target that moves the metric, in the direction the metric counts as better."""
    issues: list[Issue] = []
    kind, amount = kr.target.type, kr.target.change if kr.target.needs_baseline else kr.target.value
    if p.missing(amount) or not math.isfinite(float(amount)):
        return [Issue("specific_target", {"kr": kr.id}, kr_id=kr.id)]
    name = metric.label
    accumulating = accumulates(metric)
    if kind == "reach_count" and not accumulating:
        issues.append(Issue("specific_count_target", {"kr": kr.id, "metric": name}, kr_id=kr.id))
    has_base = not p.missing(baseline)
    if kind == "relative_change" and has_base and baseline <= 0:
        issues.append(Issue("specific_relative_base", {"kr": kr.id, "baseline": Quantity(baseline, metric.unit)},
                            kr_id=kr.id))
    target = kr.target.resolve(baseline)
    if (
        kind in ("to_value", "relative_change", "absolute_change")
        and has_base
        and not p.missing(target)
        and target == baseline
    ):
        issues.append(Issue("specific_no_change", {"kr": kr.id, "baseline": Quantity(baseline, metric.unit)},
                            kr_id=kr.id))
    if _points_wrong_way(kr, metric, baseline, accumulating) and kind == "to_value":
        issues.append(Issue("wrong_direction", {"kr": kr.id, "metric": name, "target": Quantity(target, metric.unit),
                                                "baseline": Quantity(baseline, metric.unit)},
                            kr_id=kr.id, variant="already_better"))
    elif _points_wrong_way(kr, metric, baseline, accumulating):
        up = metric.better == "lower"  # the key result pushes the metric the way that is worse
        issues.append(Issue("wrong_direction", {"kr": kr.id, "metric": name}, kr_id=kr.id,
                            variant="pushes_up" if up else "pushes_down"))
    return issues


def _points_wrong_way(kr: KeyResult, metric: Any, baseline: float | None, accumulating: bool) -> bool:
    kind, higher_better = kr.target.type, metric.better == "higher"
    if kind == "stay_below":
        return higher_better  # capping something good
    if kind == "stay_above":
        return not higher_better
    if kind == "reach_count":
        return False  # a count target follows the metric's better direction by definition
    if kind == "relative_change" and (p.missing(baseline) or baseline > 0):
        return kr.target.change != 0 and (kr.target.change > 0) != higher_better
    if kind == "absolute_change":
        return kr.target.change != 0 and (kr.target.change > 0) != higher_better
    if accumulating and kind == "to_value":
        return False  # a partial period's count says nothing about the direction
    return p.points_wrong_way(baseline, kr.target.resolve(baseline), metric.better)


def measurable_issues(
    kr: KeyResult,
    metric: Any,
    *,
    requirements: list[str],
    period: Period,
    previous: Period | None,
    previous_value: float | None,
    current: float | None,
    baseline_given: bool,
    started: bool,
) -> list[Issue]:
    if requirements:
        return [Issue("measurable_fields", {"kr": kr.id, "need": requirements[0]}, kr_id=kr.id)]
    issues = []
    name = metric.label
    if (
        previous is not None
        and not baseline_given
        and kr.target.type != "reach_count"
        and p.missing(previous_value)
    ):
        issues.append(Issue("measurable_baseline", {"kr": kr.id, "metric": name, "period": previous.label},
                            kr_id=kr.id))
    if started and p.missing(current):
        issues.append(Issue("measurable_current", {"kr": kr.id, "metric": name, "period": period.label},
                            kr_id=kr.id))
    return issues


def _as_changes(history: ChangeHistory | list[float], better: int) -> ChangeHistory:
    """A list of consecutive values (oldest first) read as the changes between them."""
    if isinstance(history, ChangeHistory):
        return history
    values = [float(v) for v in history if not p.missing(v)]
    steps = tuple(Step(str(i), str(i + 1), b - a) for i, (a, b) in enumerate(zip(values, values[1:], strict=False)))
    return ChangeHistory(steps, better)


def achievable_issues(
    kr: KeyResult,
    metric: Any,
    *,
    reference: float | None,
    target: float | None,
    history: ChangeHistory | list[float],
    grain: str | None,
) -> list[Issue]:
    """Flag a required change that no past change reached ("reached in 0 of n past periods": the rule of the
    suggested targets, okr/suggest.py, so a suggested target is never called unrealistic).  A target already
    reached (one that asks for a change for the worse) needs no effort to judge."""
    if p.missing(reference) or p.missing(target) or target == reference:
        return []
    direction = 1 if target > reference else -1
    if (direction > 0) != (metric.better == "higher"):
        return []
    changes = _as_changes(history, direction)
    required = abs(target - reference)
    if not changes.enough or reached(required, changes.good_changes) > 0:
        return []
    largest = max(best_change(changes) or 0.0, 0.0)
    unit = metric.unit
    step, steps = _STEPS.get(grain or "", _STEPS[""])
    params = {"kr": kr.id, "change": Change(target - reference, unit), "step": step, "steps": steps,
              "largest": Change(direction * largest, unit), "n": changes.n}
    return [Issue("achievable_stretch", params, kr_id=kr.id, variant="never" if largest == 0 else "")]


def relevant_issues(objective: Objective | None, kr: KeyResult) -> list[Issue]:
    if objective is not None and any(k is kr or k.id == kr.id for k in objective.key_results):
        return []
    return [Issue("relevant", {"kr": kr.id}, kr_id=kr.id)]


def history_values(ws: Any, kr: KeyResult, period: Period, source: MetricSource) -> ChangeHistory:
    """The key result's past period-over-period changes: the history its suggested targets come from."""
    return change_history(ws, kr.metric, period, kr.filters or None, source)


# ------------------------------------------------------------------ entry point
def smart_check(
    ws: Any,
    objective: Objective | None,
    kr: KeyResult | None = None,
    *,
    period: Period | None = None,
    as_of: date | None = None,
    baseline: float | None = None,
    previous_value: float | None = None,
    current: float | None = None,
    measured: bool = False,
    history: bool = True,
    source: MetricSource | None = None,
) -> list[Issue]:
    """SMART warnings for one key result, or for an objective and all its key results.

    Tracking passes what it has already measured (``measured=True`` with baseline,
    previous_value and current) so nothing is computed twice; the OKR editor calls it bare.
    """
    if kr is None:
        if objective is None:
            return []
        return objective_issues(objective) + [
            issue for item in objective.key_results
            for issue in smart_check(ws, objective, item, period=period, as_of=as_of, history=history, source=source)
        ]
    source = source or MetricSource.default()
    issues = relevant_issues(objective, kr)
    metric = source.catalog.get(kr.metric)
    if metric is None:
        return issues + [Issue("specific_metric", {"kr": kr.id, "metric": kr.metric}, kr_id=kr.id)]
    if objective is not None and period is None:
        period = resolve_period(objective, ws, today=as_of or source.latest_data_date(ws))
    if period is None:
        return issues + target_issues(kr, metric, kr.baseline)
    if as_of is None:
        as_of = as_of_for(period, source.latest_data_date(ws))
    requirements = source.requirements_in(ws, kr.metric)
    if not measured and not requirements:
        m = measure(ws, kr, period, as_of, source, weekly=False)
        previous_value, current = m.previous_value, m.current
        baseline = kr.baseline if kr.baseline is not None else previous_value
    issues += target_issues(kr, metric, baseline)
    issues += measurable_issues(
        kr,
        metric,
        requirements=requirements,
        period=period,
        previous=previous(period),
        previous_value=previous_value,
        current=current,
        baseline_given=kr.baseline is not None,
        started=as_of >= period.start,
    )
    if history and not requirements:
        issues += _achievable(ws, kr, metric, period, baseline, previous_value, source)
    return issues


def _achievable(ws: Any, kr: KeyResult, metric: Any, period: Period, baseline: float | None,
                previous_value: float | None, source: MetricSource) -> list[Issue]:
    """Whether any past period-over-period change reached what the target asks (okr/suggest.py's history)."""
    reference, target = _reference_and_target(kr, baseline, previous_value)
    if p.missing(reference) or p.missing(target):
        return []
    return achievable_issues(kr, metric, reference=reference, target=target,
                             history=history_values(ws, kr, period, source), grain=period.grain)


def _reference_and_target(
    kr: KeyResult, baseline: float | None, previous_value: float | None
) -> tuple[float | None, float | None]:
    """Where the key result starts from and where it must get to, over whole periods."""
    target = kr.target
    if target.is_threshold:
        if p.holds(previous_value, target.value, target.type) is not False:
            return None, None  # held already (or unknown): the threshold asks for no change
        return previous_value, target.value
    if target.type == "reach_count":
        return previous_value, target.value
    return baseline, target.resolve(baseline)


__all__ = [
    "Issue",
    "achievable_issues",
    "measurable_issues",
    "objective_issues",
    "relevant_issues",
    "scorecard_issues",
    "smart_check",
    "target_issues",
]
