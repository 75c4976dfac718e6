"""The Zoho scenario in the system Chromium: module exports dropped one after another never lose each other's
rows; a newer export asks before it replaces; Undo last load gives back what it replaced; a deleted file
loads again."""

from __future__ import annotations

import pytest

from store import Workspace
from tests.e2e.conftest import Server, assert_no_app_errors, screenshot, wait_for_app
from tests.test_lineage import zoho_contacts, zoho_leads

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "ws.duckdb", demo=False)
    yield srv
    srv.stop()


def _counts(server: Server) -> dict[str, int]:
    """Row counts read through the CLI path the app serves (the app holds the workspace file)."""
    import io

    from store.remote import forward

    out, err = io.StringIO(), io.StringIO()
    code = forward(str(server.db), ["tables", "--json", "--db", str(server.db)], "/", out, err)
    assert code == 0, err.getvalue()
    import json

    return json.loads(out.getvalue())["tables"]


def _upload(page, server: Server, path) -> None:
    page.goto(server.url + "/upload?lang=en")
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.get_by_text("Load into the workspace").click(timeout=60_000)


def test_zoho_exports_one_after_another(server, page, tmp_path):
    leads, contacts, newer = tmp_path / "Leads.csv", tmp_path / "Contacts.csv", tmp_path / "Leads (2).csv"
    leads.write_bytes(zoho_leads(390))
    contacts.write_bytes(zoho_contacts(126))
    newer.write_bytes(zoho_leads(400))

    _upload(page, server, leads)
    page.get_by_text("390 Leads rows loaded", exact=False).wait_for(timeout=60_000)
    _upload(page, server, contacts)
    page.get_by_text("126 Contacts rows loaded", exact=False).wait_for(timeout=60_000)
    screenshot(page, "e2e-lineage-contacts-en")
    assert _counts(server)["leads"] == 390

    # A newer Leads export: the page says what it replaces and waits for a confirmation.
    _upload(page, server, newer)
    page.get_by_text("This replaces 390 records loaded from Leads.csv", exact=False).wait_for(timeout=60_000)
    screenshot(page, "e2e-lineage-confirm-en")
    assert _counts(server)["leads"] == 390
    page.get_by_text("Replace and load").click()
    page.get_by_text("400 Leads rows loaded", exact=False).wait_for(timeout=60_000)
    assert _counts(server)["leads"] == 400

    # Undo last load: the 390 records come back exactly.
    page.get_by_text("Undo last load (Leads (2).csv)").click()
    page.get_by_text("390 rows it had replaced are back", exact=False).wait_for(timeout=60_000)
    screenshot(page, "e2e-lineage-undone-en")
    assert _counts(server)["leads"] == 390 and _counts(server)["contacts"] == 126

    # Undo the Contacts upload too; the leads stay, and Leads.csv is still loaded.
    page.get_by_text("Undo last load (Contacts.csv)").click()
    page.get_by_text("126 rows deleted", exact=False).wait_for(timeout=60_000)
    assert _counts(server) == {**_counts(server), "leads": 390, "contacts": 0}
    _upload(page, server, leads)
    page.get_by_text("already loaded", exact=False).wait_for(timeout=60_000)
    assert_no_app_errors(page)


def test_demo_workspace_offers_to_clear_the_demo_first(tmp_path, page):
    srv = Server(tmp_path / "demo.duckdb", demo=True)
    try:
        page.goto(srv.url + "/?lang=en")
        wait_for_app(page, timeout=120_000)
        (tmp_path / "Leads.csv").write_bytes(zoho_leads(20))
        page.goto(srv.url + "/upload?lang=en")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(tmp_path / "Leads.csv"))
        page.get_by_text("Clear the demo, then load").click(timeout=60_000)
        page.get_by_text("The demo data was removed.", exact=False).wait_for(timeout=60_000)
        page.get_by_text("Load into the workspace").click(timeout=60_000)
        page.get_by_text("20 Leads rows loaded", exact=False).wait_for(timeout=60_000)
        screenshot(page, "e2e-demo-cleared-upload-en")
        assert_no_app_errors(page)
    finally:
        srv.stop()
    ws = Workspace(str(tmp_path / "demo.duckdb"))
    try:
        assert ws.objectives() == [] and ws.checkins().empty
        assert not (ws.get_setting("branding") or {}).get("name")
        assert ws.table_counts() == {**{k: 0 for k in ws.table_counts()}, "leads": 20}
    finally:
        ws.close()
