"""KR detail: the trend over this period and the previous ones with target, baseline, pace, forecast and
check-ins; the drill-down by a dimension; the same period last year; the data and SQL; check-ins."""

from ui import state
from ui.kr_detail import render_kr_detail

render_kr_detail(state.workspace())
