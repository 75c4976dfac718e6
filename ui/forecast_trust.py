"""How far to trust a key result's forecast, on KR detail: the backtest's record (okr/backtest.py) in words, and
the forecast interval it sets (okr.forecast.calibrated) on the status the page and its chart show."""

from __future__ import annotations

import json
from typing import Any

from i18n.suggest_text import backtest_lines
from okr.backtest import NO_FORECAST_METHODS, Backtest, backtest_kr, with_backtest
from ui import state


def forecast_trust(ws: Any, series: Any) -> list[str]:
    """Backtest ``series.status``'s forecast, put the interval it earns on ``series.status`` and return the lines
    to show beside the forecast (none when nothing is forecast)."""
    status = series.status
    if status.error or status.period_over or status.forecast_method in NO_FORECAST_METHODS:
        return []
    bt = _backtest(ws, status)
    series.status = with_backtest(status, bt)
    return backtest_lines(bt, status.unit, state.lang())


def _backtest(ws: Any, status: Any) -> Backtest:
    """The backtest, remembered for the workspace's data and shared by every session (ui/remember.py): a grain
    or language switch reruns the page, not the test, and the next visitor does not run it again."""
    from ui.remember import remembered

    kr = status.kr
    key = ("backtest", kr.metric, json.dumps(kr.filters or {}, sort_keys=True, default=str), str(kr.target.type),
           status.period.label, status.period.start, status.as_of, status.forecast_method)
    return remembered(ws, key, lambda: backtest_kr(ws, kr, status.period, status.as_of,
                                                   method=status.forecast_method))
