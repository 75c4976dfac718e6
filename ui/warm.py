"""The pages' default views worked out in the background, ahead of the first visitor.

At 5M deals the Overview's first run asks 60 statements (5 s on two cores), the KPI explorer's 14 (3.5 s):
every answer is then kept in the workspace's memo for all sessions until the data changes, but the first
visitor after a start or a load would wait for all of them.  So when the app opens a workspace, and again
after each change this process makes to it (Workspace.generation: an upload, a delete, a settings change), a
daemon thread asks the questions the pages ask on their default view (the sidebar's period, the Overview's
tiles and chart, the KPI explorer's first metric, the objectives, the Data page's counts and first rows), and
the first visitor finds the answers ready.  A visitor arriving while it runs computes what it has not reached
yet (the memo lets both compute; the answers are equal).  CRM_OKR_NO_WARM=1 switches it off.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

LOG = logging.getLogger("crm_okr.warm")
NO_WARM_ENV = "CRM_OKR_NO_WARM"
_LOCK = threading.Lock()
_WARMED: dict[str, int] = {}  # workspace target -> the write count (generation) its default views were asked at
_RUNNING: set[threading.Thread] = set()
_STOP = threading.Event()
EXIT_WAIT_SECONDS = 5.0


@atexit.register
def _stop_at_exit() -> None:
    """Let a running step finish before the interpreter goes: a daemon thread stopped inside DuckDB's C++ code
    at exit aborts the process ("terminate called ... exception not rethrown"), which turns a clean stop of
    the server or of a test run into a crash.  No new step starts; a step still running after
    EXIT_WAIT_SECONDS is left to the old behaviour."""
    _STOP.set()
    for thread in list(_RUNNING):
        thread.join(EXIT_WAIT_SECONDS)


def warm_in_background(ws: Any) -> threading.Thread | None:
    """Start asking the default views' questions once per state of ``ws`` written by this process; the
    thread, or None when they are asked already (or warming is switched off)."""
    if os.environ.get(NO_WARM_ENV):
        return None
    generation = getattr(ws, "generation", 0)
    with _LOCK:
        if _WARMED.get(ws.target) == generation:
            return None
        _WARMED[ws.target] = generation
    thread = threading.Thread(target=_run_tracked, args=(ws,), name="crm-okr-warm", daemon=True)
    with _LOCK:
        _RUNNING.add(thread)
    thread.start()
    return thread


def _run_tracked(ws: Any) -> None:
    try:
        warm(ws)
    finally:
        with _LOCK:
            _RUNNING.discard(threading.current_thread())


def warm(ws: Any) -> dict[str, float]:
    """Ask every default view's questions; seconds per page (a page that fails is logged and skipped: the
    visitor will see its error in the page itself)."""
    started, seconds = time.perf_counter(), {}
    generation = getattr(ws, "generation", 0)
    try:
        if ws.is_empty():
            return {}
    except Exception:  # noqa: BLE001 - the workspace was closed (a test, a restore): nothing to prepare
        return {}
    for name, step in STEPS:
        if _STOP.is_set():  # the process is exiting
            return seconds
        t0 = time.perf_counter()
        try:
            step(ws)
        except Exception:  # noqa: BLE001 - a view that cannot be computed says why when it is visited
            LOG.debug("warming %s failed", name, exc_info=True)
        seconds[name] = round(time.perf_counter() - t0, 2)
    if getattr(ws, "generation", 0) != generation:
        # Written to meanwhile: an answer begun before the write may have been kept after the memo was
        # cleared for it.  Forget them all; the next run asks afresh (and warms again).
        ws.memo.forget()
        with _LOCK:
            _WARMED.pop(ws.target, None)
    total = time.perf_counter() - started
    # Printed, not only logged: the page benchmark waits for this line in the server's output.
    print(f"crm-okr: default views ready in {total:.1f}s ({seconds})", flush=True)
    return seconds


def _defaults(ws: Any) -> tuple[Any, Any, int]:
    """The sidebar's default period and as-of date (ui/period.py, without a session), the fiscal start."""
    from metrics.periods import period_containing
    from ui.period import _data_end, default_as_of

    fiscal = int(ws.get_setting("fiscal_start_month", 1) or 1)
    period = period_containing(_data_end(ws), "quarter", fiscal)
    return period, default_as_of(ws, period), fiscal


def _sidebar(ws: Any) -> None:
    from metrics import stale_data

    _, as_of, _ = _defaults(ws)
    stale_data(ws, as_of)


def _overview(ws: Any) -> None:
    from metrics import MetricUnavailable, compute, metric_value, requirements
    from metrics.explain import explain
    from ui.overview import DRIVER_TRIES, HEADLINE, chart_query, tile_queries

    period, as_of, fiscal = _defaults(ws)
    for metric_id in HEADLINE:
        if requirements(ws, metric_id, "en"):
            continue
        now_query, before_query, _ = tile_queries(metric_id, period, as_of)
        current, before = metric_value(ws, now_query), metric_value(ws, before_query)
        if current.value is not None and before.value is not None:
            _quietly(lambda m=metric_id: explain(ws, m, period, as_of=as_of, by=None, filters=None, against=None,
                                                 tries=DRIVER_TRIES), MetricUnavailable)
    try:
        frame = compute(ws, chart_query(as_of, fiscal))
    except MetricUnavailable:
        return
    from charts import metric_trend

    # Drawn once and thrown away: Plotly loads its validators on a figure's first use (half a second).
    metric_trend(data=frame.tail(24), title="", unit="currency", lang="en", kind="bar")


def _kpi_explorer(ws: Any) -> None:
    from metrics import CATALOG, MetricUnavailable, latest_data_date, metric_view
    from metrics.explain import candidate_dimensions, explain
    from metrics.explore import same_point_values
    from metrics.periods import period_containing
    from ui.kpi_explorer import CLASS_ORDER, default_range, explorer_query
    from ui.state import today

    _, _, fiscal = _defaults(ws)
    metric_id = next(m.id for m in CATALOG.values() if m.cls == CLASS_ORDER[0])
    latest = latest_data_date(ws) or today()
    start, end = default_range(latest)
    view = metric_view(ws, explorer_query(metric_id, "month", start, end, latest, None, fiscal))
    if view.frame is None or not len(view.frame) or not view.frame["value"].notna().any():
        return
    same_point_values(ws, view.query, view.frame)
    candidate_dimensions(ws, metric_id, None, limit=50)
    period = period_containing(view.query.as_of, "month", fiscal)
    _quietly(lambda: explain(ws, metric_id, period, as_of=view.query.as_of, by=None, filters=None, against=None),
             MetricUnavailable)


def _objectives(ws: Any) -> None:
    from okr.okr_write import load_from_workspace
    from okr.track import track

    objectives = load_from_workspace(ws)
    if objectives:
        track(ws, objectives, as_of=_defaults(ws)[1])


def _kr_detail(ws: Any) -> None:
    """KR detail opens on the first key result, by week: its series, the forecast's backtest, why it moved,
    the drill-down by the first dimension and the same period last year (ui/kr_detail.py's questions)."""
    from datetime import date

    from metrics import CATALOG, MetricQuery, metric_value
    from metrics.dimensions import available_dimensions
    from metrics.explain import candidate_dimensions, explain
    from metrics.explore import _year_before
    from okr.backtest import NO_FORECAST_METHODS
    from okr.okr_write import load_from_workspace
    from okr.views import kr_drilldown, kr_series
    from okr.why import explained_against
    from ui.forecast_trust import _backtest

    objective = next((o for o in load_from_workspace(ws) if o.key_results), None)
    if objective is None:
        return
    kr = objective.key_results[0]
    status = kr_series(ws, kr, objective, grain="week", as_of=_defaults(ws)[1]).status
    if status.error or kr.metric not in CATALOG:
        return
    if not status.period_over and status.forecast_method not in NO_FORECAST_METHODS:
        _backtest(ws, status)
    filters = dict(kr.filters or {})
    candidate_dimensions(ws, kr.metric, filters, limit=50)
    explain(ws, kr.metric, status.period, as_of=status.as_of, by=None, filters=filters or None,
            against=explained_against(status))
    dims = [d for d in available_dimensions(ws, kr.metric) if d not in filters]
    if dims:
        kr_drilldown(ws, kr, objective, dims[0], as_of=status.as_of)
    days = status.period.to_date(status.as_of) - status.period.start
    start: date = _year_before(status.period.start, "month")
    metric_value(ws, MetricQuery(kr.metric, start=start, end=start + days, filters=kr.filters or None,
                                 as_of=start + days))


def _channels(ws: Any) -> None:
    from datetime import date

    from metrics import latest_data_date, requirements
    from metrics.channels import channel_cohorts
    from ui.state import today

    if requirements(ws, "new_leads", "en"):
        return
    latest = latest_data_date(ws) or today()
    channel_cohorts(ws, start=date(latest.year - 1, latest.month, 1), end=latest, as_of=latest)


def _data(ws: Any) -> None:
    from ui.remember import remembered

    counts = remembered(ws, ("table_counts",), ws.table_counts)
    if counts.get("deals"):  # the Data page browses deals first
        remembered(ws, ("sample_rows", "deals", 1000), lambda: ws.sample_rows("deals", 1000))


def _quietly(ask: Callable[[], Any], expected: type[Exception]) -> None:
    try:
        ask()
    except expected:  # the page says why; nothing to remember
        pass


# The Overview first: it is where a visitor lands.
STEPS: tuple[tuple[str, Callable[[Any], None]], ...] = (
    ("sidebar", _sidebar), ("overview", _overview), ("data", _data), ("kpi_explorer", _kpi_explorer),
    ("objectives", _objectives), ("kr_detail", _kr_detail), ("channels", _channels),
)
