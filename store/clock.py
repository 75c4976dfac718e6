"""Today, in the workspace's time zone: the one clock every layer asks."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def today(ws=None) -> date:
    """Today in the workspace time zone (setting ``timezone``, default UTC; UTC without a workspace)."""
    name = (ws.get_setting("timezone", None) if ws is not None else None) or "UTC"
    try:
        tz = ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    return datetime.now(tz).date()
