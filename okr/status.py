"""What tracking returns: plain data, no language.  The edges (pages, CLI, deck) format it with
``i18n.okr_text`` (figures through ``i18n.fmt``, messages through ``i18n.messages.render``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import pandas as pd

from i18n.messages import Message, Text
from metrics.periods import Period, as_date
from okr import progress as p
from okr.forecast import Forecast, NeededRate
from okr.model import KeyResult, Objective

NAN = math.nan


class Status(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
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
    kr: KeyResult
    objective_id: str
    metric: str
    metric_label: Text
    unit: str
    better: str
    mode: str
    accumulating: bool  # counts and sums: the current value grows through the period
    period: Period
    as_of: date
    elapsed: float
    period_over: bool
    baseline: float
    baseline_source: str  # "given" | "previous period" | "zero" (reach_count counts from zero)
    previous_value: float  # the metric over the previous period, whatever the baseline
    current: float
    target_value: float
    direction: int
    progress_raw: float
    score: float
    expected: float
    on_pace_value: float  # where the metric would stand today exactly on pace
    like_for_like: bool  # window-sensitive metric compared with the previous period to the same point
    status: str
    met: bool
    margin: float  # threshold and ceiling key results: headroom, negative once broken
    forecast: Forecast
    forecast_method: str  # run_rate | trend | current | final | previous_shape | none
    needed_run_rate: NeededRate | None
    grade: p.Grade
    warnings: list = field(default_factory=list)  # okr.smart.Issue
    checkins: list[CheckIn] = field(default_factory=list)
    error: Message | None = None  # why there is no status (no data, no baseline, no such metric)


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
