"""Which window a key result's movement is explained against (metrics/explain.py): its baseline's, where that
is a comparable window, so "why it moved" adds up to the change between the figures the page and the deck show.

A rate whose baseline is the whole previous period (okr/evaluate.py: "previous period", not compared like for
like) is explained against that whole period.  Counts and sums grow through a period, so a quarter to date is set
against the previous quarter to the same point; so are figures compared like for like (distinct customers, churn)
and key results whose baseline is a number written in okrs.yaml (no window to split).
"""

from __future__ import annotations

from typing import Any

from metrics.periods import Period


def explained_against(status: Any) -> Period | None:
    """The period a KRStatus's change is explained against as a whole, or None: the previous period to the same
    point (metrics.explain's default)."""
    whole = str(status.baseline_source) == "previous period" and not status.accumulating and not status.like_for_like
    return status.period.previous() if whole else None


__all__ = ["explained_against"]
