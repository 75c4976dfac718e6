"""Values made JSON-ready for the CLI's --json output and the OKR status dictionaries."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any


def json_ready(value: Any) -> Any:
    """JSON-ready, recursively: dates as ISO strings, NaN and infinities as None, numpy scalars as Python ones."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return json_ready(value.item())
    return value


def number_or_none(value: Any) -> float | None:
    """A figure as a float, or None for None, NaN and what is not a number at all (one reading of a figure
    that may be missing, for charts and explanations alike)."""
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v
