"""In the system Chromium: user text never becomes markup or script, and the password gate holds on deep links.

1. A CSV whose file name, headers and values carry ``<script>``, ``<img onerror>``, Markdown images and links
   goes through the Upload page; on Upload, Data and KPI explorer ``window.__xss`` stays undefined, no
   request leaves for the attacker's host, and the text shows literally (file name, headers as a split
   dimension in the chart legend).
2. With passwords configured, a deep link to /upload, /data or /objectives as the FIRST request of a fresh
   server shows only the password form (the pages live in app_pages/, so Streamlit's legacy pages/ mode,
   which ran a page without app.py's gate, never starts);
   the viewer password then shows the pages, without Upload or the OKR editor in the navigation.
"""

from __future__ import annotations

import threading

import pytest

from ingest import load_export
from store import Workspace
from tests.data.hostile import make_corpus
from tests.e2e.conftest import Server, assert_no_app_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser

EVIL_HOST = "127.0.0.1:9"
FILE_NAME = "<img src=x onerror=window.__xss=1> ![x](http://127.0.0.1:9/name.png) [open](javascript:x).csv"
PASSWORDS = {"CRM_OKR_EDITOR_PASSWORD": "edit-secret", "CRM_OKR_VIEWER_PASSWORD": "view-secret"}


class Watch:
    """Requests to the attacker's host, dialogs and page errors seen by one page."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url) if EVIL_HOST in r.url else None)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def assert_clean(self, page) -> None:
        assert page.evaluate("typeof window.__xss") == "undefined", "a script from the data ran"
        assert self.requests == [], f"user text made the browser fetch {self.requests}"
        assert self.dialogs == []
        assert not [e for e in self.errors if "__xss" in e], self.errors
        assert page.locator("script:text('__xss'), img[onerror]").count() == 0
        assert_no_app_errors(page)


@pytest.fixture
def empty_server(tmp_path):
    server = Server(tmp_path / "ws.duckdb", demo=False)
    yield server
    server.stop()


def _body(page) -> str:
    return page.locator("body").inner_text()


@pytest.mark.timeout(300)
def test_user_text_is_rendered_as_text(empty_server, page):
    watch = Watch(page)
    page.goto(empty_server.url + "/upload?lang=en")
    wait_for_app(page)
    data = (make_corpus.HERE / "html_script.csv").read_bytes()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": FILE_NAME, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_text("Load into the workspace").wait_for(timeout=90_000)
    wait_for_app(page)
    shown_name = page.locator('[data-testid="stHeading"] h3').first.inner_text()
    assert shown_name.strip() == FILE_NAME, "the file name is shown exactly as written"
    # The preview grid holds the values as text (its cells' accessible copies are in the DOM).
    cell = page.locator('[role="gridcell"]', has_text=make_corpus.XSS_SCRIPT).first
    cell.wait_for(state="attached", timeout=60_000)
    assert cell.text_content() == make_corpus.XSS_SCRIPT
    watch.assert_clean(page)
    page.get_by_text("Load into the workspace").click()
    page.get_by_text("5 Deals rows loaded", exact=False).wait_for(timeout=90_000)
    wait_for_app(page)
    assert f"{FILE_NAME}: 5 Deals rows loaded." in _body(page)
    screenshot(page, "security-upload")
    watch.assert_clean(page)

    page.goto(empty_server.url + "/data?lang=en")
    wait_for_app(page)
    page.get_by_text("Delete #1 · ", exact=False).first.wait_for(timeout=60_000)
    assert f"Delete #1 · {FILE_NAME} and every row it loaded" in _body(page)
    values = page.evaluate("() => [...document.querySelectorAll('input')].map(i => i.value)")
    assert f"#1 · {FILE_NAME}" in values, values  # the upload picker shows the name as plain text
    screenshot(page, "security-data")
    watch.assert_clean(page)

    # KPI explorer: split won deals by a header that is a <script> element; the legend shows it as text.
    page.goto(empty_server.url + "/kpi_explorer?lang=en")
    wait_for_app(page)
    metric = page.locator('[data-testid="stSelectbox"]').filter(has_text="Metric").locator("input")
    metric.click()
    page.get_by_role("option", name="Deals won", exact=False).first.click()
    wait_for_app(page)
    split = page.locator('[data-testid="stSelectbox"]').filter(has_text="Split by").locator("input")
    split.click()
    page.get_by_role("option", name=make_corpus.XSS_SCRIPT, exact=True).click()
    wait_for_app(page)
    page.locator(".js-plotly-plot .legendtext").first.wait_for(timeout=60_000)
    legend = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .legendtext')].map(t => t.textContent)")
    assert make_corpus.XSS_SCRIPT in legend and make_corpus.XSS_IMG in legend, legend
    screenshot(page, "security-kpi-explorer")
    watch.assert_clean(page)


# ------------------------------------------------------------------ the password gate on a fresh server
@pytest.fixture
def fresh_servers(tmp_path):
    """Three fresh password-protected servers (one per deep link), started side by side."""
    servers: dict[str, Server] = {}
    failures: list[BaseException] = []

    def start(path: str) -> None:
        folder = tmp_path / path
        folder.mkdir()
        ws = Workspace(str(folder / "ws.duckdb"))
        load_export(ws, make_corpus.deals_csv(20), "deals.csv")
        ws.close()
        try:
            servers[path] = Server(folder / "ws.duckdb", demo=False, extra_env=PASSWORDS)
        except BaseException as exc:  # noqa: BLE001 - reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=start, args=(p,)) for p in ("upload", "data", "objectives")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        if failures:
            raise failures[0]
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def _assert_only_the_gate(page) -> None:
    page.locator('input[type="password"]').wait_for(timeout=90_000)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # let a rerun (the frame guard) finish
    wait_for_app(page)
    assert page.locator('input[type="password"]').count() == 1
    for selector in ('[data-testid="stFileUploader"]', '[data-testid="stDataFrame"]', '[data-testid="stMetric"]',
                     '[data-testid="stPlotlyChart"]', '[data-testid="stSidebarNav"] a',
                     '[data-testid="stSidebarNavLink"]'):
        assert page.locator(selector).count() == 0, f"{selector} shown past the password gate"
    assert [h.strip() for h in page.locator("h1").all_inner_texts()] == ["CRM OKR Dashboard"]
    body = _body(page)
    for leak in ("Drop", "Uploads", "Delete", "deals.csv", "Objectives", "Browse"):
        assert leak not in body, f"{leak!r} leaked past the password gate"
    assert_no_app_errors(page)


@pytest.mark.timeout(300)
def test_deep_links_on_a_fresh_server_show_only_the_password_form(fresh_servers, browser):
    for path, server in fresh_servers.items():
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        try:
            page.goto(f"{server.url}/{path}?lang=en")  # the first request this server has ever seen
            _assert_only_the_gate(page)
            screenshot(page, f"security-gate-{path}")
            if path != "data":
                continue
            page.locator('input[type="password"]').fill("view-secret")
            page.get_by_role("button", name="Enter").click()
            page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=60_000)
            wait_for_app(page)
            links = [t.split("\n")[-1].strip() for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]
            assert "Data" in links and "Overview" in links and "Objectives" in links, links
            assert "Upload" not in links and "OKR editor" not in links, links
            assert page.locator('input[type="password"]').count() == 0
            page.locator('[data-testid="stSidebarNav"] a', has_text="Data").click()
            wait_for_app(page)
            page.locator('[role="gridcell"]', has_text="deals.csv").first.wait_for(state="attached", timeout=60_000)
            assert "Delete upload" not in _body(page), "viewers cannot delete"
            screenshot(page, "security-viewer-data")
            assert_no_app_errors(page)
        finally:
            context.close()
