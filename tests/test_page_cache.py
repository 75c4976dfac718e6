"""Heavy page parts are kept for the workspace's data and shared by sessions (issue 18, point 4): the
background preparation of the default views (ui/warm.py) and the page parts kept in the memo (ui/remember.py)."""

from __future__ import annotations

import pytest

from ingest import load_export
from tests.data.hostile.make_corpus import deals_csv as deals_csv_bytes


def _refuse_statements(ws, monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("a statement ran: the answer was not prepared")

    monkeypatch.setattr(ws, "df", refuse)


@pytest.fixture
def demo(tmp_path):
    from store import Workspace
    from tests.apptest_support import build_demo_workspace

    ws = Workspace(str(build_demo_workspace(tmp_path)))
    yield ws
    ws.close()


def test_warm_prepares_the_overview_tiles_and_chart(demo, monkeypatch):
    from metrics import compute, metric_value
    from ui.overview import HEADLINE, chart_query, tile_queries
    from ui.warm import _defaults, warm

    seconds = warm(demo)
    assert set(seconds) >= {"overview", "kpi_explorer", "data", "objectives"}
    period, as_of, fiscal = _defaults(demo)
    _refuse_statements(demo, monkeypatch)
    for metric_id in HEADLINE[:4]:  # the deal and order tiles of the demo: every one answered from the memo
        now, before, _ = tile_queries(metric_id, period, as_of)
        metric_value(demo, now)
        metric_value(demo, before)
    assert len(compute(demo, chart_query(as_of, fiscal)))


def test_warm_runs_once_per_state_of_the_data(demo):
    from ui import warm

    warm._WARMED.pop(demo.target, None)
    thread = warm.warm_in_background(demo)
    assert thread is not None
    thread.join(120)
    assert warm.warm_in_background(demo) is None  # nothing written since: nothing to prepare again
    demo.set_setting("freshness_days", 14)  # a write: the next run prepares afresh
    again = warm.warm_in_background(demo)
    assert again is not None
    again.join(120)


def test_warm_can_be_switched_off(demo, monkeypatch):
    from ui import warm

    monkeypatch.setenv(warm.NO_WARM_ENV, "1")
    warm._WARMED.pop(demo.target, None)
    assert warm.warm_in_background(demo) is None


def test_remembered_parts_are_forgotten_when_the_data_changes(ws):
    from ui.remember import remembered

    load_export(ws, deals_csv_bytes(5), "a.csv")
    calls = []

    def rows():
        calls.append(1)
        return ws.sample_rows("deals", 1000)

    first = remembered(ws, ("sample_rows", "deals", 1000), rows)
    assert remembered(ws, ("sample_rows", "deals", 1000), rows) is first and len(calls) == 1
    load_export(ws, deals_csv_bytes(8, start=100), "b.csv")
    assert len(remembered(ws, ("sample_rows", "deals", 1000), rows)) == 13 and len(calls) == 2
