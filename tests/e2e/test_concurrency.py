"""Many sessions at once on the real server: 8 browsers upload different exports at the same moment while
20 others read pages.  Afterwards (server stopped) every upload is in the workspace exactly once, no page
and no log line shows an error or a lock conflict, and the metrics equal those of loading the same files
one by one with load_export.

One Chromium, 28 contexts, driven by Playwright's async API (its sync API cannot be shared between threads)
in a thread of its own, so it never meets the sync Playwright of the other browser tests.
"""

from __future__ import annotations

import asyncio
import re
import threading

import pandas as pd
import pytest

from ingest import load_export
from store import Workspace
from tests.data.hostile import make_corpus
from tests.e2e.conftest import APP_IDLE_JS, CHROMIUM_ARGS, Server, chromium_path

pytestmark = pytest.mark.browser

UPLOADERS = 8
READERS = 20
ROWS = 40
READ_PAGES = ("", "data", "kpi_explorer", "objectives", "channels")
TIMEOUT = 240_000  # ms: 28 sessions share two cores
BASELINE = make_corpus.deals_csv(50, start=70_001)
METRICS = ("won_revenue", "deals_won", "win_rate", "avg_deal_size", "sales_cycle_days")
LOG_PROBLEMS = re.compile(r"Traceback|Exception|TransactionContext|[Cc]onflict|[Ll]ock|Error")


def team_csv(k: int) -> bytes:
    return make_corpus.deals_csv(ROWS, start=k * 1000 + 1)  # D0k001..: every team's ids are its own


async def _idle(page) -> None:
    await page.wait_for_selector("h1", timeout=TIMEOUT)
    for _ in range(2):
        await page.wait_for_function(APP_IDLE_JS, timeout=TIMEOUT)
        await page.wait_for_timeout(700)


async def _problems(page) -> list[str]:
    found = [await e.inner_text() for e in await page.locator('[data-testid="stException"]').all()]
    found += [await e.inner_text() for e in await page.locator('[data-testid="stAlertContentError"]').all()]
    return found


async def _drive(url: str, chromium: str) -> dict:
    """Open every session; once the uploaders have their file picked, all click Load and all readers start."""
    from playwright.async_api import async_playwright

    loop = asyncio.get_running_loop()
    started = loop.time()
    report: dict = {"problems": [], "loaded": [], "pages_read": 0, "seconds": {}}
    go = asyncio.Event()
    arrived: set[int] = set()

    def arrive(k: int) -> None:
        arrived.add(k)
        if len(arrived) == UPLOADERS and not go.is_set():
            report["seconds"]["uploaders ready"] = round(loop.time() - started, 1)
            go.set()

    async def uploader(browser, k: int) -> None:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        try:
            await page.goto(f"{url}/upload?lang=en", timeout=TIMEOUT)
            await _idle(page)
            await page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                files=[{"name": f"team_{k}.csv", "mimeType": "text/csv", "buffer": team_csv(k)}]
            )
            button = page.get_by_text("Load into the workspace")
            await button.wait_for(timeout=TIMEOUT)
            arrive(k)
            await go.wait()
            await button.click(timeout=TIMEOUT)
            await page.get_by_text(f"team_{k}.csv: {ROWS} Deals rows loaded", exact=False).wait_for(timeout=TIMEOUT)
            report["loaded"].append(k)
            report["problems"] += [f"uploader {k}: {p}" for p in await _problems(page)]
        finally:
            arrive(k)  # a failed uploader must not hold the others at the barrier
            await context.close()

    async def reader(browser, i: int) -> None:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        try:
            await asyncio.wait_for(go.wait(), TIMEOUT / 1000)
            for path in (READ_PAGES[i % len(READ_PAGES)],):
                await page.goto(f"{url}/{path}?lang=en", timeout=TIMEOUT)
                await _idle(page)
                report["problems"] += [f"reader {i} /{path}: {p}" for p in await _problems(page)]
                report["pages_read"] += 1
        finally:
            await context.close()

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            results = await asyncio.gather(
                *(uploader(browser, k) for k in range(1, UPLOADERS + 1)),
                *(reader(browser, i) for i in range(READERS)),
                return_exceptions=True,
            )
        finally:
            await browser.close()
    report["seconds"]["all done"] = round(loop.time() - started, 1)
    report["failures"] = [repr(r)[:500] for r in results if isinstance(r, BaseException)]
    return report


def _run_in_thread(url: str, chromium: str) -> dict:
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["report"] = asyncio.run(_drive(url, chromium))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="playwright-async")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["report"]


def _metrics(ws: Workspace) -> dict[str, pd.DataFrame]:
    from metrics import MetricQuery, compute

    return {m: compute(ws, MetricQuery(m, grain="month")) for m in METRICS}


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_simultaneous_uploads_and_readers(tmp_path):
    chromium = chromium_path()
    if chromium is None:
        pytest.skip("Chromium is not installed; run `make test` or `sudo apt-get install chromium`")
    db = tmp_path / "ws.duckdb"
    ws = Workspace(str(db))
    load_export(ws, BASELINE, "baseline.csv")
    ws.close()
    server = Server(db, demo=False)
    try:
        report = _run_in_thread(server.url, chromium)
    finally:
        server.stop()
    log = (tmp_path / f"server-{server.port}.log").read_text(encoding="utf-8", errors="replace")

    print("concurrency timings (s):", report["seconds"])
    assert report["failures"] == [], report["failures"]
    assert sorted(report["loaded"]) == list(range(1, UPLOADERS + 1))
    assert report["pages_read"] == READERS
    assert report["problems"] == [], report["problems"]
    assert not LOG_PROBLEMS.search(log), log[-3000:]

    ws = Workspace(str(db), read_only=True)
    try:
        uploads = ws.uploads()
        names = uploads["file_name"].tolist()
        assert sorted(names) == sorted(["baseline.csv", *(f"team_{k}.csv" for k in range(1, UPLOADERS + 1))])
        assert len(set(uploads["id"])) == len(uploads), "every upload has its own id"
        assert uploads["rows_loaded"].tolist() == [50 if n == "baseline.csv" else ROWS for n in names]
        per_upload = dict(ws.execute("SELECT _upload_id, count(*) FROM deals GROUP BY 1"))
        assert per_upload == dict(zip(uploads["id"], uploads["rows_loaded"], strict=True))
        assert ws.table_counts()["deals"] == 50 + UPLOADERS * ROWS
        assert ws.scalar("SELECT count(*) - count(DISTINCT deal_id) FROM deals") == 0
        concurrent = _metrics(ws)
    finally:
        ws.close()

    sequential = Workspace(":memory:")
    try:
        load_export(sequential, BASELINE, "baseline.csv")
        for k in range(1, UPLOADERS + 1):
            load_export(sequential, team_csv(k), f"team_{k}.csv")
        expected = _metrics(sequential)
    finally:
        sequential.close()
    for metric_id, frame in expected.items():
        assert len(frame), metric_id
        pd.testing.assert_frame_equal(concurrent[metric_id], frame, obj=metric_id)
