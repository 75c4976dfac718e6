"""Period-over-period and year-over-year changes for a computed metric series (pure pandas on a small frame)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd


def _year_before(start: date, grain: str) -> date:
    if grain == "week":
        return start - timedelta(weeks=52)  # the same ISO weekday, 52 weeks earlier
    try:
        return start.replace(year=start.year - 1)
    except ValueError:  # 29 February
        return start.replace(year=start.year - 1, day=28)


def with_deltas(frame: pd.DataFrame, grain: str) -> pd.DataFrame:
    """Adds pop_change, pop_pct (vs the previous period) and yoy_change, yoy_pct (vs a year earlier).

    Changes are computed per segment; a missing or zero base gives null, never 0 or infinity.
    """
    out = frame.copy()
    if "segment" not in out:
        out["segment"] = None
    out["period_start"] = pd.to_datetime(out["period_start"]).dt.date
    out["_seg"] = out["segment"].astype("object").where(out["segment"].notna(), "\x00all")
    out = out.sort_values(["_seg", "period_start"]).reset_index(drop=True)
    value = pd.to_numeric(out["value"], errors="coerce")
    previous = value.groupby(out["_seg"]).shift(1)
    out["pop_change"] = value - previous
    out["pop_pct"] = (value - previous) / previous.where(previous != 0).abs()
    lookup = {(s, p): v for s, p, v in zip(out["_seg"], out["period_start"], value, strict=True)}
    year_ago = pd.Series(
        [lookup.get((s, _year_before(p, grain))) for s, p in zip(out["_seg"], out["period_start"], strict=True)],
        dtype="float64",
    )
    out["yoy_change"] = value - year_ago
    out["yoy_pct"] = (value - year_ago) / year_ago.where(year_ago != 0).abs()
    return out.drop(columns=["_seg"]).sort_values(["period_start", "segment"], na_position="first").reset_index(
        drop=True
    )
