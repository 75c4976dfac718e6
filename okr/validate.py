"""Targets that cannot be tracked are refused when they are written (the OKR editor, okrs.yaml imports and the
CLI), with one sentence each, rather than shown later as an absurd progress figure.

The okrs.yaml reader refuses what needs no data (a change of 0, a baseline equal to its target, a relative
change of a zero baseline).  ``untrackable`` adds what only the data can tell: a default baseline (the previous
period) without data, equal to the target, or zero under a relative change.
"""

from __future__ import annotations

import math
from typing import Any

from i18n.messages import Message, Quantity
from okr.measure import MetricSource
from okr.model import KeyResult, Objective, OKRFileError, TargetType, resolve_period


class TargetRefused(OKRFileError):
    """Key results whose targets cannot be tracked; ``messages`` say why, one each (English in ``str``)."""

    def __init__(self, messages: list[Message]) -> None:
        from i18n.messages import render

        self.messages = messages
        super().__init__(render(messages[0], "en") if messages else "")


def untrackable(ws: Any, objectives: list[Objective], source: MetricSource | None = None) -> list[Message]:
    """Why each key result that needs its previous period as the baseline cannot be tracked (empty: all fine)."""
    source = source or MetricSource.default()
    out = []
    for objective in objectives:
        period = resolve_period(objective, ws, today=source.latest_data_date(ws))
        previous = period.previous()
        for kr in objective.key_results:
            problem = _baseline_problem(ws, kr, previous, source)
            if problem is not None:
                out.append(problem)
    return out


def _baseline_problem(ws: Any, kr: KeyResult, previous: Any, source: MetricSource) -> Message | None:
    kind = kr.target.type
    if kr.baseline is not None or kind in (TargetType.REACH_COUNT, TargetType.STAY_BELOW, TargetType.STAY_ABOVE):
        return None
    metric = source.catalog.get(kr.metric)
    if metric is None or source.requirements_in(ws, kr.metric):
        return None  # said by the SMART check (Measurable) and by tracking
    try:
        baseline = source.value(ws, kr.metric, previous.start, previous.end, kr.filters or None)
    except source.unavailable_error:
        return None
    values = {"kr": kr.id, "metric": metric.label, "period": previous.label}
    if math.isnan(baseline):
        return Message("okr.refused.no_baseline", values)
    target = kr.target.resolve(baseline)
    if kind == TargetType.RELATIVE_CHANGE and baseline == 0:
        return Message("okr.refused.relative_zero", values)
    if target == baseline:
        return Message("okr.refused.no_change", {**values, "value": Quantity(baseline, metric.unit)})
    return None


def check_trackable(ws: Any, objectives: list[Objective], source: MetricSource | None = None) -> None:
    """Raise TargetRefused when a key result cannot be tracked on this workspace's data."""
    problems = untrackable(ws, objectives, source)
    if problems:
        raise TargetRefused(problems)
