"""Real-browser fixtures: a Streamlit server on a free port and the system Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.app_server import AppServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) if not name.startswith("/") else (name if Path(name).exists() else None)
        if found:
            return found
    return None


# One server for the browser tests and the page benchmarks (benchmarks/app_server.py).
Server = AppServer


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed; run `make test` (it installs chromium) or `sudo apt-get install chromium`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_context(browser):
    """``new_context(locale, client=None)``: a browser context (its own cookies) speaking that language, optionally
    as a client a local proxy names in X-Forwarded-For; all are closed after the test."""
    made = []

    def make(locale: str = "en-US", client: str | None = None):
        headers = {"X-Forwarded-For": client} if client else None
        context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 1000},
                                      extra_http_headers=headers)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def heading(page, text: str, timeout: float = 90_000) -> None:
    """Wait for a page heading (the page has rendered its title), then a moment for the rest."""
    page.get_by_role("heading", name=text, exact=True).first.wait_for(timeout=timeout)
    page.wait_for_timeout(500)


APP_IDLE_JS = """() => {
    const busy = document.querySelector(
        '[data-testid="stSpinner"], [data-testid="stSkeleton"], [data-testid="stStatusWidget"]');
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    return !busy && charts.every(c => c.querySelector('.main-svg'));
}"""


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script: a title, no spinner, every chart drawn.

    Checked twice with a pause between, so a rerun that starts right after the first run is waited for too.
    """
    page.wait_for_selector("h1", timeout=timeout)
    for _ in range(2):
        page.wait_for_function(APP_IDLE_JS, timeout=timeout)
        page.wait_for_timeout(700)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_app_errors(page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()[:500]
