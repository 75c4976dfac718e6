"""End to end in the system Chromium: upload a CSV through the page, see the rows and the chart, screenshot pages."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server, assert_no_app_errors, screenshot, wait_for_app
from ui.registry import PAGES

pytestmark = pytest.mark.browser

DEALS_CSV = "\r\n".join(
    ['"Opportunity ID","Opportunity Name","Account Name","Opportunity Owner","Stage","Amount","Close Date",'
     '"Created Date","Lead Source"']
    + [
        f'"006A{i:04d}","Deal {i}","Acme {i % 5}","Wang Fang","{"Closed Won" if i % 3 else "Closed Lost"}",'
        f'"{1000 + i * 10}.00","{(i % 6) + 1}/15/2025","{(i % 6) + 1}/1/2025","Web"'
        for i in range(1, 31)
    ]
) + "\r\n"


def _url_path(spec) -> str:
    return "" if spec.default else spec.path.rsplit("/", 1)[-1].removesuffix(".py")


@pytest.fixture
def empty_server(tmp_path):
    server = Server(tmp_path / "ws.duckdb", demo=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("demo") / "ws.duckdb", demo=True)
    yield server
    server.stop()


def test_upload_a_csv_then_see_rows_and_chart(empty_server, page, tmp_path):
    csv_path = tmp_path / "deals_report.csv"
    csv_path.write_text(DEALS_CSV, encoding="utf-8")
    page.goto(empty_server.url + "/upload?lang=en")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv_path))
    page.get_by_text("Load into the workspace").click(timeout=60_000)
    page.get_by_text("30 Deals rows loaded", exact=False).wait_for(timeout=60_000)
    screenshot(page, "e2e-upload-en")
    assert_no_app_errors(page)

    page.goto(empty_server.url + "/data?lang=en")
    wait_for_app(page)
    screenshot(page, "e2e-data-after-upload-en")
    page.get_by_text("#1 · deals_report.csv").first.wait_for(timeout=30_000)
    assert_no_app_errors(page)

    page.goto(empty_server.url + "/?lang=en")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.wait_for(timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    screenshot(page, "e2e-overview-after-upload-en")
    # One bar per month with a won deal: deals i=1..30 close in month (i % 6) + 1 and are lost when i % 3 == 0,
    # so January (i=6,12,..) and April (i=3,9,..) hold only lost deals: 4 months have bars.
    drawn = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot .bars path')]
                 .filter(p => p.getBBox().height > 1).length"""
    )
    assert drawn == 4
    assert_no_app_errors(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_renders_on_the_demo_workspace(demo_server, page, lang):
    for spec in PAGES:
        page.goto(f"{demo_server.url}/{_url_path(spec)}?lang={lang}")
        wait_for_app(page, timeout=120_000)
        assert_no_app_errors(page)
        screenshot(page, f"{spec.path.rsplit('/', 1)[-1].removesuffix('.py')}-{lang}")
