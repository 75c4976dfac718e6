"""End to end in the system Chromium: open the Quarterly Review page on the demo workspace, generate the
deck, wait for the preview of every slide, download the ZIP and find one 1920x1080 PNG per slide in it."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from PIL import Image

from tests.apptest_support import build_demo_workspace, copy_workspace
from tests.e2e.conftest import Server, assert_no_app_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def review_server(tmp_path_factory):
    demo = build_demo_workspace(tmp_path_factory.getbasetemp() / "review-demo")
    db = copy_workspace(demo, tmp_path_factory.mktemp("review-e2e") / "ws.duckdb")
    server = Server(db, demo=True)
    yield server
    server.stop()


def test_generate_preview_and_download_the_slides_as_zip(review_server, page):
    page.goto(review_server.url + "/review?lang=en")
    wait_for_app(page, timeout=120_000)
    # All slides are chosen; leave out the deep dives (twelve in the demo) to keep the test short.
    chosen = page.locator('[data-testid="stMultiSelectTagsContainer"] [data-tag]')
    assert chosen.count() == 8
    page.get_by_role("button", name="Remove Deep dives (off track, at risk)").click()
    page.wait_for_function("() => document.querySelectorAll("
                           "'[data-testid=\"stMultiSelectTagsContainer\"] [data-tag]').length === 7")
    wait_for_app(page)
    page.locator('[data-testid="stButton"] button', has_text="Generate slides").click()

    heading = page.get_by_text(re.compile(r"^Preview \(\d+ slides\)$"))
    heading.wait_for(timeout=180_000)
    count = int(re.search(r"\d+", heading.inner_text()).group())
    assert count >= 8  # title, scorecard, one per objective (4), KPIs, channels, highlights, next period
    images = page.locator('[data-testid="stImage"] img')
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=\"stImage\"] img').length === {count}",
                           timeout=60_000)
    assert images.count() == count
    wait_for_app(page)
    screenshot(page, "review-generated-en")

    button = page.locator('[data-testid="stDownloadButton"]', has_text="Slides as PNG (ZIP)").locator("button")
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "review-2026-Q3-en-slides.zip"
    data = open(download.path(), "rb").read()  # noqa: SIM115
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert len(names) == count
        assert names[0] == "01-title.png" and names[1] == "02-scorecard.png" and names[-1].endswith("next-period.png")
        assert not any("deep-dive" in n for n in names)
        for name in names:
            with Image.open(io.BytesIO(zf.read(name))) as im:
                assert im.size == (1920, 1080)
    assert_no_app_errors(page)
