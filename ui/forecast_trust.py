"""How far to trust a key result's forecast, on KR detail: the backtest's record (okr/backtest.py) in words, and
the forecast interval it sets (okr.forecast.calibrated) on the status the page and its chart show."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from i18n.suggest_text import backtest_lines
from okr.backtest import NO_FORECAST_METHODS, Backtest, backtest_kr, with_backtest
from ui import state

_CACHE = "forecast_backtests"  # session key: {what the backtest depends on: its result}; the data's fingerprint
# is part of the key, so a new upload or setting is tested afresh


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
    """The backtest, remembered for this session (a grain or language switch reruns the page, not the test)."""
    kr = status.kr
    key = (str(ws.fingerprint()[0]), kr.metric, json.dumps(kr.filters or {}, sort_keys=True, default=str),
           str(kr.target.type), status.period.label, status.period.start, status.as_of, status.forecast_method)
    cache = st.session_state.setdefault(_CACHE, {})
    if key not in cache:
        if len(cache) >= 64:  # a long session of many key results and dates: start over rather than grow
            cache.clear()
        cache[key] = backtest_kr(ws, kr, status.period, status.as_of, method=status.forecast_method)
    return cache[key]
