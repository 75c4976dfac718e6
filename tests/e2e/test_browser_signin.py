"""In the system Chromium, with passwords configured: nothing of the app (page names included) shows before
sign-in; a sign-in lasts across reloads, page links and typed addresses (a signed cookie that holds no
password) until sign-out; wrong passwords are throttled per client with one sentence in the reader's language."""

from __future__ import annotations

import pytest

from i18n import TABLE, t
from tests.e2e.conftest import Server, assert_no_app_errors, heading, screenshot
from ui.registry import PAGES

pytestmark = pytest.mark.browser

PASSWORDS = {"CRM_OKR_EDITOR_PASSWORD": "edit-secret", "CRM_OKR_VIEWER_PASSWORD": "view-secret",
             "CRM_OKR_TRUSTED_PROXY": "1"}  # the tests speak as a local proxy would (X-Forwarded-For)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("signin") / "ws.duckdb", demo=False, extra_env=PASSWORDS)
    yield srv
    srv.stop()


def at_the_gate(page, lang: str = "en") -> None:
    page.get_by_label(t("access.password", lang)).wait_for(timeout=90_000)
    page.wait_for_timeout(500)


def sign_in(page, password: str, lang: str = "en") -> None:
    page.get_by_label(t("access.password", lang)).fill(password)
    page.get_by_role("button", name=t("access.enter", lang)).click()


def page_words() -> set[str]:
    """Every page's name in both languages, and its file's name as the legacy sidebar showed it."""
    words = {TABLE[spec.title_key][lang] for spec in PAGES for lang in ("en", "zh")}
    words |= {spec.path.rsplit("/", 1)[-1].removesuffix(".py").replace("_", " ") for spec in PAGES}
    return words - {t("nav.section.okr", "en")}  # "Objectives" is also a word the gate could never say anyway


@pytest.mark.parametrize(("path", "locale"), [("/", "en-US"), ("/data", "en-US"), ("/settings", "zh-CN"),
                                             ("/okr_editor", "zh-CN")])
def test_nothing_of_the_app_before_sign_in(server, new_context, path, locale):
    lang = locale[:2]
    page = new_context(locale).new_page()
    page.goto(server.url + path)
    at_the_gate(page, lang)
    assert page.locator('[data-testid="stSidebarNav"], [data-testid="stSidebar"]').count() == 0
    body = page.locator("body").inner_text()
    leaked = sorted(w for w in page_words() if w.lower() in body.lower())
    assert not leaked, f"{path} shows {leaked} before sign-in"
    assert t("app.title", lang) in body
    screenshot(page, f"signin-gate-{lang}{path.replace('/', '-')}")


@pytest.mark.timeout(300)
def test_a_sign_in_lasts_across_reloads_links_and_typed_addresses(server, new_context):
    context = new_context("en-US", client="198.51.100.1")
    page = context.new_page()
    page.goto(server.url + "/data")
    at_the_gate(page)
    sign_in(page, "edit-secret")
    heading(page, t("data.title", "en"))  # lands on the page the address asked for
    page.get_by_role("button", name=t("access.logout", "en")).wait_for(timeout=60_000)
    cookie = {c["name"]: c for c in context.cookies()}["crm_okr_session"]
    assert "edit-secret" not in cookie["value"] and cookie["value"].startswith("editor.")
    assert cookie["expires"] > 0, "the cookie outlives the tab, for the configured time"

    page.reload()
    page.get_by_role("button", name=t("access.logout", "en")).wait_for(timeout=60_000)
    assert page.get_by_label(t("access.password", "en")).count() == 0
    heading(page, t("data.title", "en"))
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=t("nav.overview", "en"), exact=True).click()
    heading(page, t("app.title", "en"))

    typed = context.new_page()
    typed.goto(server.url + "/settings")
    heading(typed, t("settings.title", "en"))
    assert_no_app_errors(typed)
    screenshot(typed, "signin-remembered-settings-en")

    typed.get_by_role("button", name=t("access.logout", "en")).click()
    at_the_gate(typed)
    typed.wait_for_timeout(1000)
    assert "crm_okr_session" not in {c["name"] for c in context.cookies()}, "signing out forgets the sign-in"
    typed.reload()
    at_the_gate(typed)


def test_a_forged_cookie_does_not_sign_in(server, new_context):
    context = new_context("en-US")
    host = server.url.split("//", 1)[1].split(":", 1)[0]
    context.add_cookies([{"name": "crm_okr_session", "value": "editor.99999999999.00.forged", "domain": host,
                          "path": "/"}])
    page = context.new_page()
    page.goto(server.url + "/data")
    at_the_gate(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0


@pytest.mark.timeout(300)
def test_wrong_passwords_are_throttled_per_client(server, new_context):
    guesser = new_context("zh-CN", client="203.0.113.7").new_page()
    guesser.goto(server.url + "/")
    at_the_gate(guesser, "zh")
    for attempt in range(5):
        sign_in(guesser, f"guess-{attempt}", "zh")
        guesser.locator('[data-testid="stAlert"]').first.wait_for(timeout=60_000)
        guesser.wait_for_timeout(800)
    throttled = t("access.throttled", "zh", seconds=30)
    guesser.get_by_text(throttled).wait_for(timeout=30_000)
    sign_in(guesser, "edit-secret", "zh")  # even the right password waits
    guesser.wait_for_timeout(1500)
    guesser.get_by_text("此电脑输错密码的次数太多").first.wait_for(timeout=30_000)
    assert guesser.get_by_role("button", name=t("access.logout", "zh")).count() == 0
    screenshot(guesser, "signin-throttled-zh")

    other = new_context("en-US", client="203.0.113.8").new_page()  # another client is not held up
    other.goto(server.url + "/")
    at_the_gate(other)
    sign_in(other, "view-secret")
    other.get_by_role("button", name=t("access.logout", "en")).wait_for(timeout=60_000)
