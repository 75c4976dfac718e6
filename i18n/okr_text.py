"""OKR results in words: the one formatter pages, the CLI and the deck use for tracking results.

Tracking (okr/) returns plain data with message codes; this module says it in a language, with figures from
``i18n.fmt`` and sentences from the translation table.  Duck-typed on the okr dataclasses (no import of okr),
so the translation layer stays below the domain.
"""

from __future__ import annotations

from typing import Any

from i18n import t
from i18n.fmt import fmt_delta, fmt_number, fmt_percent, fmt_value
from i18n.messages import Message, render, text_in
from store.jsonify import json_ready


def title_in(item: Any, lang: str = "en") -> str:
    """An objective's or key result's title in ``lang`` (the other language when it has only one); a key result
    without a title is named from its metric and target."""
    if hasattr(item, "target") and hasattr(item, "metric"):  # a key result
        return title_in(item.title, lang) if item.title else render(item.describe(), lang)
    if hasattr(item, "key_results"):  # an objective
        return title_in(item.title, lang)
    if item is None:
        return ""
    return text_in(item, lang)


def needed_text(need: Any, unit: str, lang: str = "en") -> str:
    """'at least 3.1 per week over the remaining 6.6 weeks' / '剩余 6.6 周内每周至少 3.1'."""
    if need is None:
        return ""
    if need.already_met:
        return t("okr.needed.already_met", lang)
    if need.per_week and need.bound == "at_most" and not need.reachable:
        return t("okr.needed.ceiling_broken", lang)
    amount = fmt_number(need.value, lang, decimals=1) if unit in ("count", "number") else fmt_value(need.value, unit, lang)
    key = f"okr.needed.{'per_week' if need.per_week else 'average'}.{need.bound}"
    text = t(key, lang, amount=amount, weeks=fmt_number(need.weeks_left, lang, decimals=1))
    return text + ("" if need.reachable else t("okr.needed.unreachable", lang))


def issue_text(issue: Any, lang: str = "en") -> str:
    """A SMART warning (okr.smart.Issue) as a sentence."""
    return render(issue.message, lang)


def issue_line(issue: Any, objective: Any, lang: str = "en") -> str:
    """'O1.2 CSAT to 90%: <message>' for lists that mix several key results."""
    if issue.kr_id and objective is not None:
        for kr in objective.key_results:
            if kr.id == issue.kr_id:
                return f"{kr.id} {title_in(kr, lang)}: {issue_text(issue, lang)}"
    return issue_text(issue, lang)


def error_text(status: Any, lang: str = "en") -> str:
    """Why a key result has no status ("" when it has one)."""
    return render(status.error, lang) if isinstance(status.error, Message) else str(status.error or "")


def kr_row(status: Any, lang: str = "en") -> dict[str, str]:
    """A key result's figures formatted for a table row (CLI, page, slides); ``status`` stays a code."""
    unit = status.unit
    forecast = fmt_value(status.forecast.point, unit, lang)
    low, high = status.forecast.low, status.forecast.high
    if low == low and high == high and low != high:  # both known (not NaN) and an interval
        forecast += f" ({fmt_value(low, unit, lang)}–{fmt_value(high, unit, lang)})"
    return {
        "id": status.kr.id,
        "title": title_in(status.kr, lang),
        "metric": status.metric_label.get(lang),
        "baseline": fmt_value(status.baseline, unit, lang),
        "current": fmt_value(status.current, unit, lang),
        "target": fmt_value(status.target_value, unit, lang),
        "progress": fmt_percent(max(0.0, min(1.0, status.progress_raw)), lang, decimals=0)
        if status.progress_raw == status.progress_raw else "—",  # clipped to 0-100%: the raw figure is progress_raw
        "progress_raw": fmt_percent(status.progress_raw, lang, decimals=0),
        "pace": _pace(status, lang),
        "expected": fmt_percent(status.expected, lang, decimals=0),
        "on_pace": fmt_value(status.on_pace_value, unit, lang),
        "margin": fmt_delta(status.margin, unit, lang),
        "status": status.status,
        "forecast": forecast,
        "needed": needed_text(status.needed_run_rate, unit, lang),
        "score": fmt_percent(status.score, lang, decimals=0),
        "warnings": "; ".join(issue_text(w, lang) for w in status.warnings),
        "error": error_text(status, lang),
    }


def _pace(status: Any, lang: str) -> str:
    """The value progress compared, when it is not the value to date: at this pace (counts, sums) or like for
    like (figures that depend on the window's length); "" otherwise."""
    pace = getattr(status.evaluation, "pace_value", None)
    if pace is None or pace != pace or status.period_over or pace == status.current or status.mode != "progress":
        return ""
    return fmt_value(pace, status.unit, lang)


def _period_dict(period: Any) -> dict:
    return {"label": period.label, "start": period.start, "end": period.end, "last_day": period.last_day}


def kr_dict(status: Any, lang: str = "en") -> dict:
    """A key result's status as JSON-ready data (the CLI's --json), with its sentences in ``lang``."""
    need, fc = status.needed_run_rate, status.forecast
    return json_ready({
        "objective": status.objective_id, "id": status.kr.id, "title": title_in(status.kr, lang),
        "metric": status.metric, "metric_label": status.metric_label.get(lang), "unit": status.unit,
        "better": status.better, "mode": status.mode, "accumulating": status.accumulating,
        "target_type": status.kr.target.type, "filters": status.kr.filters, "weight": status.kr.effective_weight,
        "period": _period_dict(status.period), "as_of": status.as_of, "elapsed": status.elapsed,
        "period_over": status.period_over, "baseline": status.baseline, "baseline_source": status.baseline_source,
        "previous_value": status.previous_value, "current": status.current, "target": status.target_value,
        "progress": status.progress_raw, "score": status.score, "expected": status.expected,
        "pace_value": status.evaluation.pace_value,
        "on_pace_value": status.on_pace_value, "like_for_like": status.like_for_like, "status": status.status,
        "met": status.met, "margin": status.margin,
        "forecast": {"point": fc.point, "low": fc.low, "high": fc.high, "method": status.forecast_method},
        "needed_run_rate": None if need is None else {
            "value": need.value, "per_week": need.per_week, "bound": need.bound, "weeks_left": need.weeks_left,
            "reachable": need.reachable, "already_met": need.already_met,
            "meaning": needed_text(need, status.unit, lang),
        },
        "grade": {"score": status.grade.score, "zone": status.grade.zone},
        "warnings": [{**w.to_dict(), "message": issue_text(w, lang)} for w in status.warnings],
        "checkins": [c.to_dict() for c in status.checkins],
        "error": error_text(status, lang) or None,
    })


def objective_dict(status: Any, definition: dict, lang: str = "en") -> dict:
    """An objective's status as JSON-ready data; ``definition`` is its okrs.yaml document."""
    obj = status.objective
    return json_ready({
        "id": obj.id, "title": title_in(obj, lang), "owner": obj.owner, "team": obj.team,
        "period": _period_dict(status.period), "as_of": status.as_of, "elapsed": status.elapsed,
        "score": status.score, "expected": status.expected, "status": status.status,
        "grade": {"score": status.grade.score, "zone": status.grade.zone},
        "warnings": [{**w.to_dict(), "message": issue_text(w, lang)} for w in status.warnings],
        "key_results": [kr_dict(kr, lang) for kr in status.krs],
        "definition": definition,
    })
