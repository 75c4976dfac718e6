"""In the system Chromium: the language follows the browser on a first visit, a switch is remembered across
reloads, page links and typed addresses (a cookie), ``?lang=`` overrides, and the Quarterly review page's
deck language and slide chips follow a switch."""

from __future__ import annotations

import pytest

from i18n import t
from review.deck import SLIDE_KINDS
from tests.e2e.conftest import Server, assert_no_app_errors, heading, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from store import Workspace

    db = tmp_path_factory.mktemp("language") / "ws.duckdb"
    seeded = Workspace(str(db))
    seeded.set_setting("language", "zh")  # the workspace's default is Chinese; an English browser still gets English
    seeded.close()
    srv = Server(db, demo=False)
    yield srv
    srv.stop()


def chip_labels(page) -> list[str]:
    tags = page.locator('[data-testid="stMultiSelect"] span[data-tag]')
    tags.first.wait_for(timeout=60_000)
    return [tags.nth(i).get_attribute("aria-label") for i in range(tags.count())]


def nav_texts(page) -> str:
    return page.locator('[data-testid="stSidebarNav"]').inner_text()


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_first_visit_follows_the_browser(server, new_context, locale):
    lang = locale[:2]
    page = new_context(locale).new_page()
    page.goto(server.url + "/")
    heading(page, t("app.title", lang))
    assert t("nav.kpi_explorer", lang) in nav_texts(page)
    assert_no_app_errors(page)
    screenshot(page, f"language-first-visit-{lang}")


@pytest.mark.timeout(300)
def test_a_switch_sticks_across_reloads_links_and_typed_addresses(server, new_context):
    context = new_context("en-US")
    page = context.new_page()
    page.goto(server.url + "/")
    heading(page, t("app.title", "en"))
    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    heading(page, t("app.title", "zh"))
    assert {c["name"]: c["value"] for c in context.cookies()}.get("crm_okr_lang") == "zh"

    page.reload()
    heading(page, t("app.title", "zh"))
    page.locator('[data-testid="stSidebarNav"]').get_by_text(t("nav.data", "zh"), exact=True).click()
    heading(page, t("data.title", "zh"))
    assert t("nav.overview", "zh") in nav_texts(page)

    typed = context.new_page()  # a typed address: a new session in the same browser
    typed.goto(server.url + "/channels")
    typed.wait_for_selector('[data-testid="stSidebarNav"]', timeout=90_000)
    assert t("nav.channels", "zh") in nav_texts(typed) and "Channels" not in nav_texts(typed)
    screenshot(typed, "language-remembered-zh")

    override = context.new_page()
    override.goto(server.url + "/?lang=en")
    heading(override, t("app.title", "en"))
    assert_no_app_errors(override)


@pytest.mark.timeout(300)
def test_review_page_follows_a_switch_to_english(server, new_context):
    page = new_context("zh-CN").new_page()
    page.goto(server.url + "/review")
    heading(page, t("review.page.title", "zh"))
    assert t("review.kind.scorecard", "zh") in chip_labels(page)
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    heading(page, t("review.page.title", "en"))
    page.wait_for_timeout(1000)
    shown = chip_labels(page)
    assert shown == [t(f"review.kind.{kind}", "en") for kind in SLIDE_KINDS], shown
    assert page.get_by_role("combobox", name=t("review.page.language", "en")).input_value() == "English"
    fiscal = page.get_by_role("combobox", name=t("sidebar.fiscal_start", "en"))
    assert fiscal.input_value() == t("month.1", "en"), "the sidebar's month names follow too (not 1月)"
    assert_no_app_errors(page)
    screenshot(page, "language-review-switched-en")


@pytest.mark.timeout(300)
def test_kept_choices_are_redrawn_in_the_new_language(server, new_context):
    page = new_context("zh-CN").new_page()
    page.goto(server.url + "/data")
    heading(page, t("data.title", "zh"))
    entity = page.get_by_role("combobox", name=t("upload.entity", "zh"))
    assert entity.input_value() == t("entity.deals", "zh")
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    heading(page, t("data.title", "en"))
    page.wait_for_timeout(1000)
    assert page.get_by_role("combobox", name=t("upload.entity", "en")).input_value() == t("entity.deals", "en")
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=t("nav.kpi_explorer", "en")).click()
    grain = page.get_by_role("combobox", name=t("kpi.grain", "en"))
    grain.wait_for(timeout=90_000)
    assert grain.input_value() == t("grain.month", "en")
    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    page.get_by_role("combobox", name=t("kpi.grain", "zh")).wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    assert page.get_by_role("combobox", name=t("kpi.grain", "zh")).input_value() == t("grain.month", "zh")
    assert_no_app_errors(page)
