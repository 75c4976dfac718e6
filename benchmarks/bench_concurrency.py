"""Many users at once: 1, 5 and 10 sessions opening the Overview together at 1M deals (issue 18, point 8).

    .venv/bin/python -m benchmarks.bench_concurrency               # the 1M workspace (bench_workspace.py)
    python -m benchmarks concurrency --quick                       # 10k deals, 1 and 3 sessions (CI)

Per level: a fresh `streamlit run app.py` over the workspace, opened once on Settings so that it prepares its
default views (ui/warm.py, as a minute after a start), then N separate browser profiles (each a new Streamlit session, nothing cached in the
browser) open the Overview's address at the same moment; each session's page time runs from its navigation
until the app is idle (bench_pages.until_idle: Streamlit's "script finished", the charts drawn).  Then the
same N open it again ("warm": every answer remembered for the workspace).  p50 and p95 per level and round.
All N browser profiles live in one headless Chromium on the same two cores as the server, as N people
behind one small team server's network would not: the figures are an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_pages import CHROMIUM_ARGS, PREPARE_WAIT, Server, chromium_path, visit, workdir  # noqa: E402

LEVELS = (1, 5, 10)
QUICK_LEVELS = (1, 3)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of ten values is the tenth)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-share * len(ordered) // 1)) - 1))]


async def _round(browser, url: str, sessions: int) -> list[float]:
    """``sessions`` new browser profiles opening ``url`` together: each one's seconds to idle."""
    async def one() -> float:
        seconds, page, _ = await visit(browser, url)
        await page.context.close()
        return seconds

    return list(await asyncio.gather(*(one() for _ in range(sessions))))


async def time_levels(db: Path, levels: tuple[int, ...]) -> dict[int, dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    out: dict[int, dict[str, list[float]]] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            for n in levels:
                server = Server(db)
                try:
                    _, opener, _ = await visit(browser, f"{server.url}/settings?lang=en")  # starts ui/warm.py
                    await opener.context.close()
                    await asyncio.to_thread(server.prepared, PREPARE_WAIT)
                    url = f"{server.url}/?lang=en"
                    out[n] = {"first": await _round(browser, url, n), "warm": await _round(browser, url, n)}
                finally:
                    server.stop()
        finally:
            await browser.close()
    return out


def table(results: dict[int, dict[str, list[float]]], deals: int) -> None:
    print(f"\nOverview page time at {deals:,} deals, sessions opened together (seconds to idle)")
    print(f"{'sessions':>8s} {'round':>6s} {'p50':>7s} {'p95':>7s} {'max':>7s}")
    for n, rounds in results.items():
        for name, times in rounds.items():
            print(f"{n:8d} {name:>6s} {statistics.median(times):7.2f} {percentile(times, 0.95):7.2f} "
                  f"{max(times):7.2f}")
    print("(one headless Chromium draws every session on the server's two cores: an upper bound)")


def run(quick: bool = False, scale: float | None = None) -> tuple[dict, int]:
    from benchmarks.bench_workspace import ensure, sizes

    scale = scale if scale is not None else 0.01 if quick else 1.0
    counts = sizes(False, scale)
    db = workdir() / f"ws_{counts['deals']}.duckdb"
    ensure(db, counts)
    return asyncio.run(time_levels(db, QUICK_LEVELS if quick else LEVELS)), counts["deals"]


def main(quick: bool = False, scale: float | None = None) -> bool:
    if chromium_path() is None:
        print("concurrency: skipped, Chromium is not installed (`sudo apt-get install chromium`)")
        return True
    results, deals = run(quick, scale)
    table(results, deals)
    return True  # reported, not a target: the issue asks what one machine holds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k deals, 1 and 3 sessions")
    parser.add_argument("--scale", type=float, default=None, help="1.0 = 1M deals")
    args = parser.parse_args()
    main(args.quick, args.scale)
