"""A figure the deck cannot show: None, NaN or not a number at all."""

from __future__ import annotations

import math
from typing import Any


def missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True
