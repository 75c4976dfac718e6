"""The page and concurrency benchmarks run end to end at a tiny size, so they cannot rot (issue 18, points 4
and 8): a workspace built through `cli.py load`, the Overview's first visit, widget change and next session
timed in the system Chromium, and two sessions opening it together."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks import bench_concurrency, bench_pages
from benchmarks.bench_workspace import ensure, sizes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.timeout(900),  # about a minute alone; several times that on a machine shared with other runs
    pytest.mark.skipif(bench_pages.chromium_path() is None, reason="Chromium is not installed"),
]


def _run(coroutine):
    """asyncio.run in a thread of its own: in a whole test session Playwright's sync API (the e2e tests'
    session-wide browser) keeps an event loop running in the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_pages_and_concurrency_at_a_tiny_size(tmp_path, capsys):
    counts = sizes(False, 0.0001)  # 100 deals, 50 orders, tickets and leads
    db = tmp_path / "ws.duckdb"
    built = ensure(db, counts)
    assert built["counts"] == counts and built["period"]
    assert ensure(db, counts) == built  # kept for the next run
    times = _run(bench_pages.time_pages(db, [""]))["overview"]
    assert times.first and times.widget and times.next_session, times.notes
    assert times.prepared is not None  # the server said when its default views were ready
    assert bench_pages.table({"overview": times}, {"overview": times}, (100, 100), check=True) in (True, False)
    levels = _run(bench_concurrency.time_levels(db, (2,)))
    assert [len(levels[2]["first"]), len(levels[2]["warm"])] == [2, 2]  # both sessions reached idle, twice
    bench_concurrency.table(levels, 100)
    assert "p95" in capsys.readouterr().out
