"""SMART checks for objectives and key results, returned as warnings rather than raised.

Specific (a catalog metric and a target that moves it), Measurable (the workspace has the
fields the metric needs, with data in the baseline and current periods), Achievable (the
required change against the largest period-over-period change in the history), Relevant
(linked to an objective) and Time-bound (a period); plus 2-5 key results per objective and
at most 8 KPIs on a scorecard.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from i18n.fmt import fmt_delta, fmt_value
from metrics import progress as p
from metrics.okr import KeyResult, Objective, resolve_period, title_in
from metrics.periods import previous

if TYPE_CHECKING:
    from metrics.periods import Period
    from metrics.tracking import MetricSource

KR_RANGE = (2, 5)
SCORECARD_MAX = 8
HISTORY_PERIODS = 8  # how far back "the largest change in the history" looks, in periods


@dataclass(frozen=True)
class Issue:
    code: str
    message_en: str
    message_zh: str
    severity: str = "warning"
    kr_id: str | None = None

    def message(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def to_dict(self, lang: str | None = None) -> dict:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity, "kr": self.kr_id}
        if lang is None:
            out.update(message_en=self.message_en, message_zh=self.message_zh)
        else:
            out["message"] = self.message(lang)
        return out


def _label(metric: Any, lang: str) -> str:
    return metric.label.get(lang) or metric.label.get("en")


# ------------------------------------------------------------------ objective and scorecard level
def objective_issues(objective: Objective) -> list[Issue]:
    """Checks that need no data: time-bound and the number of key results."""
    issues = []
    if objective.period is None:
        issues.append(
            Issue(
                "time_bound",
                f"Objective {objective.id} has no period, so the quarter holding the as-of date is used; "
                "add period: 2026-Q3 (or a start and end).",
                f"目标 {objective.id} 没有设定期间，将使用截至日期所在的季度；请添加 period: 2026-Q3（或起止日期）。",
            )
        )
    n = len(objective.key_results)
    low, high = KR_RANGE
    if n < low or n > high:
        code = "kr_count_low" if n < low else "kr_count_high"
        issues.append(
            Issue(
                code,
                f"Objective {objective.id} has {n} key result{'s' if n != 1 else ''}; {low} to {high} "
                f"keep it "
                "focused and measurable.",
                f"目标 {objective.id} 有 {n} 个关键结果；建议 {low} 到 {high} 个，以保持聚焦、便于衡量。",
            )
        )
    return issues


def scorecard_issues(objectives: list[Objective]) -> list[Issue]:
    """A scorecard that tracks more than 8 different metrics spreads attention too thin."""
    metrics = {kr.metric for obj in objectives for kr in obj.key_results}
    if len(metrics) <= SCORECARD_MAX:
        return []
    return [
        Issue(
            "scorecard_size",
            f"The scorecard tracks {len(metrics)} different metrics; keep it to {SCORECARD_MAX} or "
            f"fewer so that "
            "each gets attention.",
            f"记分卡跟踪了 {len(metrics)} 个不同指标；建议不超过 {SCORECARD_MAX} 个，确保每个都得到关注。",
        )
    ]


# ------------------------------------------------------------------ key result level
def target_issues(kr: KeyResult, metric: Any, baseline: float | None) -> list[Issue]:
    """Specific: a target that moves the metric, in the direction the metric counts as better."""
    from metrics.tracking import accumulates

    issues: list[Issue] = []
    kind, amount = kr.target.type, kr.target.change if kr.target.needs_baseline else kr.target.value
    if p.missing(amount) or not math.isfinite(float(amount)):
        return [
            Issue(
                "specific_target",
                f"Key result {kr.id} has no target number; give a value or a change.",
                f"关键结果 {kr.id} 没有目标数值；请填写目标值或变化量。",
                kr_id=kr.id,
            )
        ]
    name_en, name_zh = _label(metric, "en"), _label(metric, "zh")
    accumulating = accumulates(metric)
    if kind == "reach_count" and not accumulating:
        issues.append(
            Issue(
                "specific_count_target",
                f"Key result {kr.id} uses reach_count on {name_en}, which is not a count or a sum; use "
                f"to_value.",
                f"关键结果 {kr.id} 对“{name_zh}”使用了 reach_count，但它不是计数或求和指标；请改用 to_value。",
                kr_id=kr.id,
            )
        )
    has_base = not p.missing(baseline)
    if kind == "relative_change" and has_base and baseline <= 0:
        issues.append(
            Issue(
                "specific_relative_base",
                f"Key result {kr.id} asks for a relative change of a baseline of "
                f"{fmt_value(baseline, metric.unit)}, "
                "which has no meaningful percentage; use absolute_change or to_value.",
                f"关键结果 {kr.id} 的基线为 {fmt_value(baseline, metric.unit, 'zh')}，无法按百分比变化；"
                "请改用 absolute_change 或 to_value。",
                kr_id=kr.id,
            )
        )
    target = kr.target.resolve(baseline)
    if (
        kind in ("to_value", "relative_change", "absolute_change")
        and has_base
        and not p.missing(target)
        and target == baseline
    ):
        issues.append(
            Issue(
                "specific_no_change",
                f"Key result {kr.id} asks for no change from its baseline "
                f"({fmt_value(baseline, metric.unit)}); "
                "set a target that moves the metric.",
                f"关键结果 {kr.id} 的目标与基线（{fmt_value(baseline, metric.unit, 'zh')}）相同；请设定能推动指标变化的目标。",
                kr_id=kr.id,
            )
        )
    if _points_wrong_way(kr, metric, baseline, accumulating) and kind == "to_value":
        issues.append(
            Issue(
                "wrong_direction",
                f"Key result {kr.id} aims for {fmt_value(target, metric.unit)}, but {name_en} is "
                f"already better at its "
                f"baseline ({fmt_value(baseline, metric.unit)}); set a more ambitious target.",
                f"关键结果 {kr.id} 的目标为 {fmt_value(target, metric.unit, 'zh')}，但“{name_zh}”的基线"
                f"（{fmt_value(baseline, metric.unit, 'zh')}）已经更好；请设定更有挑战的目标。",
                kr_id=kr.id,
            )
        )
    elif _points_wrong_way(kr, metric, baseline, accumulating):
        up = metric.better == "lower"  # the key result pushes the metric the way that is worse
        issues.append(
            Issue(
                "wrong_direction",
                f"Key result {kr.id} pushes {name_en} {'up' if up else 'down'}, but "
                f"{'lower' if up else 'higher'} "
                "is better for this metric; check the sign of the target.",
                f"关键结果 {kr.id} 让“{name_zh}”{'上升' if up else '下降'}，但该指标{'越低' if up else '越高'}越好；"
                "请检查目标的方向。",
                kr_id=kr.id,
            )
        )
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
        need = requirements[0]
        return [
            Issue(
                "measurable_fields",
                f"Key result {kr.id} cannot be measured yet: {need}",
                f"关键结果 {kr.id} 暂时无法衡量：{need}",
                kr_id=kr.id,
            )
        ]
    issues = []
    name_en, name_zh = _label(metric, "en"), _label(metric, "zh")
    if (
        previous is not None
        and not baseline_given
        and kr.target.type != "reach_count"
        and p.missing(previous_value)
    ):
        issues.append(
            Issue(
                "measurable_baseline",
                f"Key result {kr.id} has no {name_en} data in the previous period ({previous.label}) to "
                f"use as its "
                "baseline; load older data or give baseline: in okrs.yaml.",
                f"关键结果 {kr.id} 在上一期间（{previous.label}）没有“{name_zh}”数据可作基线；"
                "请导入更早的数据，或在 okrs.yaml 中填写 baseline。",
                kr_id=kr.id,
            )
        )
    if started and p.missing(current):
        issues.append(
            Issue(
                "measurable_current",
                f"Key result {kr.id} has no {name_en} data in {period.label} so far; load recent data "
                f"or check its "
                "filters.",
                f"关键结果 {kr.id} 在 {period.label} 至今没有“{name_zh}”数据；请导入最新数据或检查筛选条件。",
                kr_id=kr.id,
            )
        )
    return issues


def largest_change(history: list[float], direction: int) -> float | None:
    """The largest period-over-period move of ``history`` in ``direction`` (0 if it never moved that
    way); None with fewer than 3 periods, too little to judge."""
    values = [v for v in history if not p.missing(v)]
    if len(values) < 3:
        return None
    moves = [(b - a) * direction for a, b in zip(values, values[1:], strict=False)]
    return max([m for m in moves if m > 0], default=0.0)


def achievable_issues(
    kr: KeyResult,
    metric: Any,
    *,
    reference: float | None,
    target: float | None,
    history: list[float],
    grain: str | None,
) -> list[Issue]:
    """Flag a required change bigger than any the metric has made from one period to the next.
    A target already reached (one that asks for a change for the worse) needs no effort to judge."""
    if p.missing(reference) or p.missing(target) or target == reference:
        return []
    direction = 1 if target > reference else -1
    if (direction > 0) != (metric.better == "higher"):
        return []
    largest = largest_change(history, direction)
    required = abs(target - reference)
    if largest is None or required <= largest + 1e-12:
        return []
    unit = metric.unit
    step_en = {"week": "weeks", "month": "months", "quarter": "quarters", "year": "years"}.get(
        grain or "", "periods"
    )
    step_zh = {"week": "周", "month": "月", "quarter": "季度", "year": "年"}.get(grain or "", "期间")
    change_en, change_zh = fmt_delta(target - reference, unit), fmt_delta(target - reference, unit, "zh")
    if largest == 0:
        history_en = f"the history never moved it this way from one {step_en[:-1]} to the next"
        history_zh = f"历史上相邻{step_zh}之间从未朝这个方向变化过"
    else:
        history_en = (
            f"more than the largest change between two {step_en} in the history "
            f"({fmt_delta(direction * largest, unit)})"
        )
        history_zh = (
            f"超过历史上相邻两个{step_zh}之间的最大变化（{fmt_delta(direction * largest, unit, 'zh')}）"
        )
    return [
        Issue(
            "achievable_stretch",
            f"Key result {kr.id} needs a change of {change_en}, {history_en}; it is a stretch, check "
            f"that it is "
            "realistic.",
            f"关键结果 {kr.id} 需要变化 {change_zh}，{history_zh}；这是一个挑战性目标，请确认其可行。",
            kr_id=kr.id,
        )
    ]


def relevant_issues(objective: Objective | None, kr: KeyResult) -> list[Issue]:
    if objective is not None and any(k is kr or k.id == kr.id for k in objective.key_results):
        return []
    return [
        Issue(
            "relevant",
            f"Key result {kr.id} is not linked to an objective; add it under one.",
            f"关键结果 {kr.id} 没有关联到任何目标；请将其放到一个目标之下。",
            kr_id=kr.id,
        )
    ]


def history_values(ws: Any, kr: KeyResult, period: Period, source: MetricSource) -> list[float]:
    """The metric over the periods before ``period`` (same grain, or same length for a custom range)."""
    filters = kr.filters or None
    try:
        if period.grain is not None:
            start = period.start - timedelta(days=period.days * HISTORY_PERIODS)
            frame = source.series(
                ws,
                kr.metric,
                grain=period.grain,
                start=start,
                end=period.start,
                filters=filters,
                fiscal_start=period.fiscal_start,
            )
            if frame is None or frame.empty:
                return []
            values = frame.sort_values("period_start")["value"].tolist()
            return _without_partial_start(values)
        windows, current = [], period
        for _ in range(HISTORY_PERIODS // 2):  # custom ranges cost one query each
            current = previous(current)
            windows.append(current)
        values = [source.value(ws, kr.metric, w.start, w.end, filters) for w in reversed(windows)]
        return _without_partial_start(values)
    except source.unavailable:
        return []


def _without_partial_start(values: list[float | None]) -> list[float]:
    """Drop the leading empty periods and the first one with data, which is usually partial (the
    data starts inside it) and would pose as a huge period-over-period change."""
    first = next((i for i, v in enumerate(values) if not p.missing(v) and v != 0), None)
    if first is None:
        return []
    kept = values[first + 1 :] if first > 0 else values
    return [float(v) for v in kept if not p.missing(v)]


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
    from metrics.tracking import MetricSource, as_of_for, measure  # tracking imports this module

    if kr is None:
        if objective is None:
            return []
        issues = objective_issues(objective)
        for item in objective.key_results:
            issues += smart_check(
                ws, objective, item, period=period, as_of=as_of, history=history, source=source
            )
        return issues
    source = source or MetricSource.default()
    issues = relevant_issues(objective, kr)
    metric = source.catalog.get(kr.metric)
    if metric is None:
        return issues + [
            Issue(
                "specific_metric",
                f"Key result {kr.id} uses '{kr.metric}', which is not a catalog metric; pick one from "
                f"the metric list.",
                f"关键结果 {kr.id} 使用的指标“{kr.metric}”不在指标目录中；请从指标列表中选择。",
                kr_id=kr.id,
            )
        ]
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
        reference, target = _reference_and_target(kr, baseline, previous_value)
        if not p.missing(reference) and not p.missing(target):
            issues += achievable_issues(
                kr,
                metric,
                reference=reference,
                target=target,
                history=history_values(ws, kr, period, source),
                grain=period.grain,
            )
    return issues


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


def title_for(issue: Issue, objective: Objective | None, lang: str = "en") -> str:
    """'O1.2 CSAT to 90%: <message>' for lists that mix several key results."""
    if issue.kr_id and objective is not None:
        for kr in objective.key_results:
            if kr.id == issue.kr_id:
                return f"{kr.id} {title_in(kr, lang)}: {issue.message(lang)}"
    return issue.message(lang)


__all__ = [
    "Issue",
    "achievable_issues",
    "largest_change",
    "measurable_issues",
    "objective_issues",
    "relevant_issues",
    "scorecard_issues",
    "smart_check",
    "target_issues",
    "title_for",
]
