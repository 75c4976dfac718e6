"""Period-over-period and year-over-year changes for a computed metric series.

The running period is compared with the previous period *to the same point* (metrics.periods.
previous_to_same_point, the one rule every page uses); finished periods with the whole previous period.  A
change against a period without data is not shown, and a percentage on a tiny base (less than TINY_SHARE of
the series' typical size, or under MIN_COUNT_BASE for counts) is left out: it would read +46999%.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from metrics.engine import compute
from metrics.periods import Period, previous_to_same_point
from metrics.query import MetricQuery
from store.protocol import WorkspaceLike

TINY_SHARE = 0.05
MIN_COUNT_BASE = 5


def _year_before(start: date, grain: str) -> date:
    if grain == "week":
        return start - timedelta(weeks=52)  # the same ISO weekday, 52 weeks earlier
    try:
        return start.replace(year=start.year - 1)
    except ValueError:  # 29 February
        return start.replace(year=start.year - 1, day=28)


def _pct(change: pd.Series, base: pd.Series, floor: float) -> pd.Series:
    usable = base.notna() & (base.abs() >= floor) & (base != 0)
    return (change / base.abs()).where(usable)


def with_deltas(frame: pd.DataFrame, grain: str, unit: str = "number",
                same_point: dict | None = None) -> pd.DataFrame:
    """Adds pop_change, pop_pct (vs the previous period) and yoy_change, yoy_pct (vs a year earlier), per
    segment; ``same_point`` ({segment: value}) replaces the previous value of the running period's row.
    A missing base gives null; a tiny one a change without a percentage (``pct_left_out`` says where)."""
    out = frame.copy()
    if "segment" not in out:
        out["segment"] = None
    out["period_start"] = pd.to_datetime(out["period_start"]).dt.date
    out["_seg"] = out["segment"].astype("object").where(out["segment"].notna(), "\x00all")
    out = out.sort_values(["_seg", "period_start"]).reset_index(drop=True)
    value = pd.to_numeric(out["value"], errors="coerce")
    previous = value.groupby(out["_seg"]).shift(1)
    if same_point and "partial" in out:
        running = out["partial"].astype(bool)
        previous = previous.where(~running, out["segment"].map(lambda s: same_point.get(s)).astype(float))
    typical = value.abs().median() if value.notna().any() else 0.0
    floor = max(MIN_COUNT_BASE if unit == "count" else 0.0, TINY_SHARE * (typical or 0.0))
    out["pop_change"] = value - previous
    out["pop_pct"] = _pct(out["pop_change"], previous, floor)
    lookup = {(s, p): v for s, p, v in zip(out["_seg"], out["period_start"], value, strict=True)}
    year_ago = pd.Series(
        [lookup.get((s, _year_before(p, grain))) for s, p in zip(out["_seg"], out["period_start"], strict=True)],
        dtype="float64",
    )
    out["yoy_change"] = value - year_ago
    out["yoy_pct"] = _pct(out["yoy_change"], year_ago, floor)
    out["pct_left_out"] = (out["pop_change"].notna() & out["pop_pct"].isna()) | \
        (out["yoy_change"].notna() & out["yoy_pct"].isna())
    return out.drop(columns=["_seg"]).sort_values(["period_start", "segment"], na_position="first").reset_index(
        drop=True
    )


def same_point_values(ws: WorkspaceLike, query: MetricQuery, frame: pd.DataFrame) -> dict:
    """{segment: value} of the previous period to the same point, for the running period of ``frame``."""
    running = frame[frame["partial"].astype(bool)] if "partial" in frame else frame.iloc[0:0]
    if running.empty:
        return {}
    row = running.iloc[-1]
    period = Period(str(row["period"]), row["period_start"], row["period_end"], query.grain,
                    query.fiscal_start or 1)
    as_of = frame.attrs.get("as_of")
    prev, cut = previous_to_same_point(period, as_of)
    before = compute(ws, query.but(start=prev.start, end=cut, as_of=cut - timedelta(days=1)))
    return {seg: (None if pd.isna(v) else float(v)) for seg, v in zip(before["segment"], before["value"], strict=True)}
