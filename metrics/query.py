"""One question to the metric engine: a frozen ``MetricQuery``.

``MetricQuery("win_rate", grain=Grain.QUARTER, start="2025-01-01", by="region")`` asks for win rate per
quarter and region; the same object goes to ``compute`` (a series), ``metric_value`` (one value over
``[start, end)``), ``compile_sql`` (the statement shown to users) and ``metric_view`` (what a page needs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from metrics.periods import Grain, Period, as_date

Bound = date | str | Period | None  # a date, an ISO date, a period label or a Period
Filters = tuple[tuple[str, tuple[Any, ...]], ...]


def freeze_filters(filters: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> Filters:
    """{dimension: value or [values]} -> a hashable, ordered tuple (None as a value means "empty")."""
    items = filters.items() if isinstance(filters, Mapping) else (filters or ())
    out = []
    for dim, value in items:
        values = tuple(value) if isinstance(value, list | tuple | set | frozenset) else (value,)
        out.append((str(dim), values))
    return tuple(sorted(out, key=lambda kv: kv[0]))


@dataclass(frozen=True)
class MetricQuery:
    """``metric`` per ``grain`` period (and ``by`` segment) over ``[start, end)``, as of ``as_of``.

    Defaults: ``as_of`` the latest date in the data (else today in the workspace time zone); ``end`` the end
    of the period holding ``as_of``; ``start`` the first period with data.  ``start``/``end`` may be dates, ISO
    strings, period labels or Periods (an end label is included).  ``metric_value`` reads the query as one
    period: ``start`` alone (a Period or a label), or ``[start, end)``.  ``fiscal_start`` defaults to the
    workspace's setting.
    """

    metric: str
    grain: Grain = Grain.MONTH
    start: Bound = None
    end: Bound = None
    as_of: date | None = None
    by: str | None = None
    filters: Filters = ()
    fiscal_start: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "grain", Grain(self.grain))
        if not isinstance(self.filters, tuple) or any(not isinstance(v, tuple) for _, v in self.filters):
            object.__setattr__(self, "filters", freeze_filters(self.filters))
        if isinstance(self.as_of, datetime | str):
            object.__setattr__(self, "as_of", as_date(self.as_of))
        if self.by == "":
            object.__setattr__(self, "by", None)

    def but(self, **changes: Any) -> MetricQuery:
        """The same question with some parts changed (``query.but(metric="nps", by=None)``)."""
        return replace(self, **changes)

    @property
    def filter_dict(self) -> dict[str, list[Any]]:
        return {dim: list(values) for dim, values in self.filters}

    @property
    def dimensions(self) -> list[str]:
        """The dimensions the query splits or filters by."""
        return ([self.by] if self.by else []) + [dim for dim, _ in self.filters]

    def shape(self) -> MetricQuery:
        """The query without its metric: queries of one shape run as one statement (compute_many)."""
        return replace(self, metric="")
