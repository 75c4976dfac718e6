"""How much of a period the data covers, and the sentence that says so.

A value is only as good as the days behind it: a period the data does not reach has no value ("—", never 0),
and one it reaches only in part is marked ("data covers 12 of 92 days").  The engine adds ``days`` and
``covered_days`` to every row (metrics.engine); ``Coverage`` turns them into a message for the pages, the CLI
and the deck.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from i18n.messages import Message
from metrics.periods import Span

# Below this many days a figure is read on too short a window to compare as a percentage (see delta_note).
TINY_BASE = 1e-9


@dataclass(frozen=True)
class Coverage:
    start: date  # the period (to date): [start, end)
    end: date
    days: int
    covered: int  # of those days, the ones every kind of data the metric needs covers
    span: Span | None  # the days that data covers, all of it together

    @property
    def none(self) -> bool:
        return self.days > 0 and self.covered == 0

    @property
    def partial(self) -> bool:
        return 0 < self.covered < self.days

    def note(self) -> Message | None:
        """Why the value is missing, or how much of the period it stands for (None: all of it)."""
        if self.none:
            if self.span is None or self.span.first > self.span.last:
                return Message("coverage.none", {})
            if self.span.last < self.start:
                return Message("coverage.ends", {"date": self.span.last.isoformat()})
            return Message("coverage.begins", {"date": self.span.first.isoformat()})
        if self.partial:
            return Message("coverage.partial", {"covered": self.covered, "days": self.days})
        return None


def coverage_of(start: date, end: date, days: int, covered: int, spans: list[Span]) -> Coverage:
    return Coverage(start, end, int(days), int(covered), Span.intersection(spans) if spans else None)


def row_coverage(row: dict, spans: list[Span]) -> Coverage:
    """The coverage of one row of a series (``period_start``, ``days``, ``covered_days``)."""
    start = row["period_start"]
    return coverage_of(start, start + timedelta(days=int(row["days"])), row["days"], row["covered_days"], spans)
