"""What tracking returns: plain data, no language.  The edges (pages, CLI, deck) format it with
``i18n.okr_text`` (figures through ``i18n.fmt``, messages through ``i18n.messages.render``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

import pandas as pd

from i18n.messages import Message, Text
from metrics.periods import Period, as_date
from okr import progress as p
from okr.forecast import NeededRate
from okr.model import KeyResult, Objective

if TYPE_CHECKING:
    from okr.evaluate import Evaluation
    from okr.measure import Measurements

NAN = math.nan


class Status(StrEnum):
    """While a period runs: done (reached for good), on track, at risk, off track.  Once it has ended:
    met or missed.  No data: nothing to judge (the reason is the status's ``error``)."""

    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MET = "met"
    MISSED = "missed"
    NO_DATA = "no_data"


@dataclass
class CheckIn:
    id: int
    date: date
    confidence: int | None
    comment: str
    author: str | None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "confidence": self.confidence,
            "comment": self.comment,
            "author": self.author,
        }


@dataclass
class KRStatus:
    """One key result tracked: what was measured, how the rules judged it, and its status.

    The evaluation's figures (baseline, target_value, progress_raw, expected, forecast, …) and the
    measurements' (current, previous_value) read through as attributes."""

    kr: KeyResult
    objective_id: str
    metric: str
    metric_label: Text
    unit: str
    better: str
    accumulating: bool  # counts and sums: the current value grows through the period
    period: Period
    as_of: date
    elapsed: float
    period_over: bool
    measured: Measurements
    evaluation: Evaluation
    status: str
    warnings: list = field(default_factory=list)  # okr.smart.Issue
    checkins: list[CheckIn] = field(default_factory=list)
    error: Message | None = None  # why there is no status (no data, no baseline, no such metric)

    FROM_EVALUATION = ("mode", "baseline", "baseline_source", "target_value", "direction", "progress_raw",
                       "expected", "on_pace_value", "pace_value", "like_for_like", "met", "margin", "forecast",
                       "forecast_method")

    def __getattr__(self, name: str):
        if name in KRStatus.FROM_EVALUATION:
            return getattr(self.__dict__["evaluation"], name)
        raise AttributeError(name)

    @property
    def current(self) -> float:
        return self.measured.current

    @property
    def previous_value(self) -> float:
        """The metric over the previous period, whatever the baseline."""
        return self.measured.previous_value

    @property
    def needed_run_rate(self) -> NeededRate | None:
        return self.evaluation.needed

    @property
    def score(self) -> float:
        return NAN if self.status == Status.NO_DATA else self.evaluation.score

    @property
    def grade(self) -> p.Grade:
        return p.grade(self.score)


@dataclass
class ObjectiveStatus:
    objective: Objective
    period: Period
    as_of: date
    elapsed: float
    score: float
    expected: float
    status: str
    grade: p.Grade
    krs: list[KRStatus]
    warnings: list = field(default_factory=list)  # okr.smart.Issue


def checkins_for(
    ws, kr: KeyResult, objective: Objective | None, period: Period, frame: pd.DataFrame | None = None
) -> list[CheckIn]:
    """Check-ins on this key result dated inside the period (ids may be reused next quarter)."""
    frame = ws.checkins(kr.id) if frame is None else frame[frame["kr_id"] == kr.id]
    out = []
    for row in frame.to_dict(orient="records"):
        day = as_date(pd.Timestamp(row["checkin_date"]).date())
        owner = row.get("objective_id")
        if objective is not None and isinstance(owner, str) and owner and owner != objective.id:
            continue
        if period.start <= day < period.end:
            confidence = row.get("confidence")
            out.append(
                CheckIn(
                    int(row["id"]),
                    day,
                    None if p.missing(confidence) else int(confidence),
                    row.get("comment") or "",
                    row.get("author") if isinstance(row.get("author"), str) else None,
                )
            )
    return out
