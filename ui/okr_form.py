"""The OKR editor's form as data: its rows back to key results, and every check said in the user's words.

Kept apart from the page so that the rules (1-5 key results, a metric and a number on every row, targets that
can be tracked) are tested without a browser.  Problems are (i18n key, values) pairs: the page translates them,
names the field and keeps what was typed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from okr.model import CHANGE_TARGETS, TARGET_TYPES, KeyResult, Objective, Target

KR_MIN, KR_MAX = 1, 5  # an objective needs one key result and may have five
KR_ADVISED = (3, 5)  # what the brief asks for: fewer or more is a warning, not an error
KR_COLUMNS = ["id", "title_en", "title_zh", "metric", "target_type", "value", "baseline", "weight", "filters"]


@dataclass
class FormResult:
    objective: Objective | None
    errors: list[tuple[str, dict]] = field(default_factory=list)
    warnings: list[tuple[str, dict]] = field(default_factory=list)


def filters_text(filters: dict) -> str:
    return "; ".join(f"{k}={'|'.join(v) if isinstance(v, list) else v}" for k, v in (filters or {}).items())


def parse_filters(text: str) -> dict:
    out: dict = {}
    for part in (text or "").replace("\n", ";").split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip() and value.strip():
            values = [v.strip() for v in value.split("|") if v.strip()]
            out[key.strip()] = values if len(values) > 1 else values[0]
    return out


def kr_rows(obj: Objective) -> pd.DataFrame:
    rows = []
    for kr in obj.key_results:
        title = kr.title if isinstance(kr.title, dict) else {"en": kr.title or "", "zh": kr.title or ""}
        amount = kr.target.change if kr.target.type in CHANGE_TARGETS else kr.target.value
        rows.append({"id": kr.id, "title_en": title.get("en", ""), "title_zh": title.get("zh", ""),
                     "metric": kr.metric, "target_type": str(kr.target.type), "value": amount,
                     "baseline": kr.baseline, "weight": kr.weight, "filters": filters_text(kr.filters)})
    frame = pd.DataFrame(rows, columns=KR_COLUMNS)
    for column in ("value", "baseline", "weight"):  # numbers, so an empty cell shows empty, not "None"
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _is_blank(row: dict) -> bool:
    return not any(str(row.get(c) or "").strip() and not pd.isna(row.get(c)) for c in KR_COLUMNS)


def key_results_from(rows: list[dict], objective_id: str, catalog: dict) -> tuple[list[KeyResult], list]:
    """The typed rows as key results, and the problems of each row (empty rows are left out)."""
    krs, errors = [], []
    for number, row in enumerate(rows, start=1):
        if _is_blank(row):
            continue
        kr_id = str(row.get("id") or f"{objective_id}.{number}").strip()
        where = {"row": number, "kr": kr_id}
        kind, amount = row.get("target_type") or "to_value", _number(row.get("value"))
        baseline = _number(row.get("baseline"))
        problem = _row_problem(row.get("metric"), kind, amount, baseline, catalog) or _percent_problem(
            catalog[row["metric"]].unit, kind, amount, baseline, _number(row.get("weight")))
        if problem:
            key, extra = problem if isinstance(problem, tuple) else (problem, {})
            errors.append((f"editor.error.{key}", {**where, "metric": row["metric"], **extra}))
            continue
        target = Target(kind, change=amount) if kind in CHANGE_TARGETS else Target(kind, value=amount)
        title = {k: str(row.get(f"title_{k}") or "").strip() for k in ("en", "zh")}
        krs.append(KeyResult(id=kr_id, title={k: v for k, v in title.items() if v} or None, metric=row["metric"],
                             target=target, filters=parse_filters(row.get("filters") or ""), baseline=baseline,
                             weight=_number(row.get("weight"))))
    return krs, errors


def _row_problem(metric: Any, kind: str, amount: float | None, baseline: float | None, catalog: dict) -> str:
    if not metric or metric not in catalog:
        return "kr_metric"
    if kind not in TARGET_TYPES:
        return "kr_target_type"
    if amount is None:
        return "kr_value"
    if kind in CHANGE_TARGETS and amount == 0:
        return "kr_zero_change"
    if kind == "relative_change" and amount < -1:
        return "kr_change_below"
    if kind == "reach_count" and baseline is not None:
        return "kr_baseline_count"
    if kind == "relative_change" and baseline == 0:
        return "kr_relative_zero"
    if kind == "to_value" and baseline is not None and amount == baseline:
        return "kr_no_change"
    return ""


def _percent_problem(unit: str, kind: str, amount: float, baseline: float | None,
                     weight: float | None) -> tuple[str, dict] | None:
    """A percentage typed as 90 for 90% (the file and the engine hold fractions), or a negative weight."""
    if unit == "percent" and kind != "relative_change" and abs(amount) > 1:
        return "kr_percent", {"value": f"{amount:g}", "fraction": f"{amount / 100:g}", "as_percent": f"{amount * 100:g}%"}
    if unit == "percent" and baseline is not None and abs(baseline) > 1:
        return "kr_percent_baseline", {"value": f"{baseline:g}", "fraction": f"{baseline / 100:g}",
                                       "as_percent": f"{baseline * 100:g}%"}
    if weight is not None and weight < 0:
        return "kr_weight", {}
    return None


def checkin_problems(rows: list[dict]) -> list[tuple[str, dict]]:
    """What is wrong with edited check-ins (kept ones only): a date, and a confidence from 1 to 10."""
    problems = []
    for number, row in enumerate(rows, start=1):
        if row.get("remove"):
            continue
        if row.get("date") is None or pd.isna(row.get("date")):
            problems.append(("editor.error.checkin_date", {"row": number}))
        confidence = _number(row.get("confidence"))
        if confidence is not None and not (1 <= confidence <= 10 and confidence.is_integer()):
            problems.append(("editor.error.checkin_confidence", {"row": number}))
    return problems


def objective_from_form(values: dict, rows: list[dict], catalog: dict) -> FormResult:
    """The objective the form describes, or what is wrong with it (each problem names the field)."""
    obj_id = str(values.get("id") or "").strip()
    title = {k: str(values.get(f"title_{k}") or "").strip() for k in ("en", "zh")}
    errors = []
    if not obj_id:
        errors.append(("editor.error.id", {}))
    if not any(title.values()):
        errors.append(("editor.error.title", {}))
    krs, kr_errors = key_results_from(rows, obj_id or "O", catalog)
    errors += kr_errors
    count = len(krs) + len(kr_errors)
    if count < KR_MIN:
        errors.append(("editor.error.no_krs", {}))
    elif count > KR_MAX:
        errors.append(("editor.error.too_many_krs", {"n": count, "max": KR_MAX}))
    ids = [kr.id for kr in krs]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        errors.append(("editor.error.kr_duplicate", {"kr": dup}))
    warnings = []
    if KR_MIN <= count < KR_ADVISED[0]:
        warnings.append(("editor.warn.few_krs", {"n": count, "low": KR_ADVISED[0], "high": KR_ADVISED[1]}))
    if errors:
        return FormResult(None, errors, warnings)
    objective = Objective(id=obj_id, title={k: v for k, v in title.items() if v},
                          owner=str(values.get("owner") or "").strip() or None,
                          team=str(values.get("team") or "").strip() or None,
                          period=str(values.get("period") or "").strip() or None,
                          description=str(values.get("description") or "").strip() or None, key_results=krs)
    return FormResult(objective, [], warnings)
