"""Tracking: every key result's and objective's status for a period, from the data.

``track`` gives every objective's status for a period and as-of date (``okr.views`` builds the key result
chart data and the per-segment drill-down on top of it).  Numbers come through a ``MetricSource``
(``okr.measure``), the rules are ``okr.evaluate`` and the pure maths ``okr.progress``/``okr.forecast``.
Results are plain data (``okr.status``), with ``Message``s where a sentence is due.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd

from i18n.messages import Message, Text
from metrics.periods import Period, Span, as_date, previous
from okr import forecast as f
from okr import progress as p
from okr.evaluate import Evaluation, _f, evaluate
from okr.measure import Measurements, MetricSource, accumulates, as_of_for, measure
from okr.model import KeyResult, Objective, OKRFileError, fiscal_start_of, resolve_period
from okr.smart import Issue, objective_issues, smart_check
from okr.status import CheckIn, KRStatus, ObjectiveStatus, Status, checkins_for

NAN = math.nan


def track_kr(
    ws: Any,
    objective: Objective,
    kr: KeyResult,
    *,
    period: Period,
    as_of: date,
    source: MetricSource,
    thresholds: dict[str, float] | None = None,
    checkins: pd.DataFrame | None = None,
    smart: bool = True,
) -> KRStatus:
    """One key result's status for ``period`` as of ``as_of`` (inclusive)."""
    thresholds = thresholds or p.DEFAULT_THRESHOLDS
    as_of = min(as_of, period.last_day)
    metric = source.catalog.get(kr.metric)
    span = source.data_span(ws, kr.metric) if metric is not None else None
    if span is not None and period.start <= span.last < as_of:
        # The data ends inside the period: measure to its last day, never count the days after it as
        # days without sales (nor call the period over on a part of it).
        as_of = span.last
    elapsed = p.elapsed_fraction(period.start, period.end, as_of)
    weeks_left = p.remaining_weeks(period.end, as_of)
    period_over = as_of >= period.last_day
    notes = checkins_for(ws, kr, objective, period, checkins)
    if metric is None:
        warnings = smart_check(ws, objective, kr, period=period, as_of=as_of, source=source) if smart else []
        error = Message("okr.error.no_metric", {"metric": kr.metric})
        return _unmeasured(kr, objective, period, as_of, elapsed, period_over, notes, warnings, error)
    missing_data = source.requirements_in(ws, kr.metric)
    needs = Message("okr.error.text", {"x": missing_data[0]}) if missing_data else None
    m = Measurements(NAN, previous(period), NAN, [], needs)
    if not missing_data:
        m = measure(ws, kr, period, as_of, source)
    ev = evaluate(
        kr, metric, m, elapsed=elapsed, weeks_left=weeks_left, period_over=period_over, thresholds=thresholds
    )
    error = m.error or ev.problem or _data_gap(metric, ev, m, period, as_of, span)
    status = ev.status if error is None or ev.status == Status.DONE else Status.NO_DATA
    warnings = []
    if smart:
        warnings = smart_check(ws, objective, kr, period=period, as_of=as_of, baseline=ev.baseline,
                               previous_value=m.previous_value, current=m.current, measured=True, source=source)
    return KRStatus(kr, objective.id, kr.metric, metric.label, metric.unit, metric.better, accumulates(metric),
                    period, as_of, elapsed, period_over, m, ev, status, warnings, notes, error)


def _data_gap(metric: Any, ev: Evaluation, m: Measurements, period: Period, as_of: date,
              span: Span | None) -> Message | None:
    """Why a measurable key result still has no status (None when it has one)."""
    values = {"metric": metric.label, "period": period.label, "day": as_of.isoformat()}
    if as_of < period.start:
        return Message("okr.error.not_started", values)
    if math.isnan(m.current):
        if span is not None and span.last < period.start:
            return Message("okr.error.data_ends", {**values, "end": span.last.isoformat()})
        if span is not None and span.first > as_of:
            return Message("okr.error.data_begins", {**values, "begin": span.first.isoformat()})
        return Message("okr.error.no_current", values)
    if ev.mode == "progress" and math.isnan(ev.baseline):
        if span is not None and span.first >= m.previous.end:
            return Message("okr.error.no_baseline_data", {**values, "previous": m.previous.label,
                                                          "begin": span.first.isoformat()})
        return Message("okr.error.no_baseline", {**values, "previous": m.previous.label})
    return None


def _unmeasured(kr: KeyResult, objective: Objective, period: Period, as_of: date, elapsed: float,
                period_over: bool, notes: list[CheckIn], warnings: list[Issue], error: Message) -> KRStatus:
    """A key result whose metric is not in the catalog: everything unknown, the error says why."""
    m = Measurements(NAN, previous(period), NAN, [], error)
    ev = Evaluation("progress", NAN, "given" if kr.baseline is not None else "previous period",
                    _f(kr.target.resolve(kr.baseline)), 1, NAN, NAN, p.expected_progress(elapsed), NAN,
                    Status.NO_DATA, False, NAN, f.NO_FORECAST, "none", None, False)
    return KRStatus(kr, objective.id, kr.metric, Text(kr.metric, kr.metric), "number", "higher", False, period,
                    as_of, elapsed, period_over, m, ev, Status.NO_DATA, warnings, notes, error)


def track_objective(
    ws: Any,
    objective: Objective,
    *,
    period: Period,
    as_of: date,
    source: MetricSource,
    thresholds: dict[str, float] | None = None,
    checkins: pd.DataFrame | None = None,
    smart: bool = True,
) -> ObjectiveStatus:
    as_of = min(as_of, period.last_day)
    krs = [
        track_kr(
            ws,
            objective,
            kr,
            period=period,
            as_of=as_of,
            source=source,
            thresholds=thresholds,
            checkins=checkins,
            smart=smart,
        )
        for kr in objective.key_results
    ]
    weights = [kr.kr.effective_weight for kr in krs]
    scores = [kr.score for kr in krs]
    overall = p.objective_score(scores, weights)
    measured_to = [kr.as_of for kr in krs if kr.status != "no_data"]
    if measured_to and max(measured_to) < as_of:  # every key result's data ends before the as-of date
        as_of = max(measured_to)
    elapsed = p.elapsed_fraction(period.start, period.end, as_of)
    # The pace the roll-up compares with: each key result's own (thresholds must hold throughout).
    measured = [(kr.expected, w) for kr, w in zip(krs, weights, strict=True) if kr.status != "no_data"]
    pace = p.objective_score([e for e, _ in measured], [w for _, w in measured]) if measured else elapsed
    return ObjectiveStatus(
        objective=objective,
        period=period,
        as_of=as_of,
        elapsed=elapsed,
        score=overall,
        expected=pace if not math.isnan(pace) else elapsed,
        status=p.objective_status([kr.status for kr in krs], scores, [kr.expected for kr in krs], weights,
                                  thresholds, period_over=as_of >= period.last_day),
        grade=p.grade(overall),
        krs=krs,
        warnings=objective_issues(objective) if smart else [],
    )


def track(
    ws: Any,
    objectives: list[Objective],
    *,
    as_of: date | str | None = None,
    period_override: str | Period | None = None,
    source: MetricSource | None = None,
    today: date | None = None,
    smart: bool = True,
) -> list[ObjectiveStatus]:
    """Every objective's status.  ``period_override`` (the CLI's --period) replaces each objective's
    period; ``as_of`` defaults per objective to min(period end, latest data date or today)."""
    source = source or MetricSource.default()
    thresholds = p.thresholds_from(ws.get_setting("status_thresholds"))
    fiscal = fiscal_start_of(ws)
    if isinstance(period_override, str):
        period_override = _parse_override(period_override, fiscal)
    latest = source.latest_data_date(ws)
    given = as_date(as_of) if as_of is not None else None
    checkins = ws.checkins()
    results = []
    for objective in objectives:
        period = resolve_period(
            objective, ws, fiscal_start=fiscal, today=given or latest or today, override=period_override
        )
        day = given if given is not None else as_of_for(period, latest, today)
        results.append(
            track_objective(
                ws,
                objective,
                period=period,
                as_of=day,
                source=source,
                thresholds=thresholds,
                checkins=checkins,
                smart=smart,
            )
        )
    return results


def _parse_override(label: str, fiscal: int) -> Period:
    from metrics.periods import parse_period

    try:
        return parse_period(label, fiscal)
    except ValueError as exc:
        raise OKRFileError(
            f"The period '{label}' cannot be read ({exc}); use a label like 2026-Q3, 2026-07, "
            "2026-W27, 2026 or 2026-07-01..2026-10-01."
        ) from None
