"""The CLI beside a running app: a scheduled job loads the weekly export and writes the deck while the dashboard
serves the same workspace file; the page shows the new rows on its next rerun."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from tests.e2e.conftest import ROOT, Server, assert_no_app_errors, wait_for_app
from tests.test_lineage import zoho_leads

pytestmark = pytest.mark.browser


def cli(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_cli_commands_run_while_the_app_holds_the_workspace(tmp_path, page):
    db = tmp_path / "crm.duckdb"
    server = Server(db, demo=False)
    try:
        page.goto(server.url + "/data?lang=en")  # the app opens the workspace file and holds it
        wait_for_app(page)
        assert (tmp_path / "crm.duckdb.app.json").exists()

        (tmp_path / "Leads.csv").write_bytes(zoho_leads(30))
        (tmp_path / "Leads (2).csv").write_bytes(zoho_leads(40))
        done = cli("load", "Leads.csv", "--db", "crm.duckdb", "--json", cwd=tmp_path)  # relative paths: the CLI's
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["rows_loaded"] == 30

        # Two jobs at the same time, and the page rerunning meanwhile: each command runs in the app.
        results: dict[str, subprocess.CompletedProcess] = {}
        jobs = [
            threading.Thread(target=lambda: results.__setitem__(
                "load", cli("load", "Leads (2).csv", "--db", "crm.duckdb", "--replace", cwd=tmp_path))),
            threading.Thread(target=lambda: results.__setitem__(
                "metrics", cli("metrics", "new_leads", "--grain", "quarter", "--db", "crm.duckdb", "--json",
                               cwd=tmp_path))),
        ]
        for job in jobs:
            job.start()
        page.reload()
        wait_for_app(page)
        for job in jobs:
            job.join(timeout=300)
        assert results["load"].returncode == 0, results["load"].stderr
        assert "40 leads rows loaded" in results["load"].stdout and "30 replaced" in results["load"].stdout
        assert results["metrics"].returncode == 0, results["metrics"].stderr

        okrs = cli("okr", "--db", "crm.duckdb", cwd=tmp_path)
        assert okrs.returncode == 2 and "no objectives" in okrs.stderr  # a user error, said in one line
        backup = cli("backup", "--out", "backup.zip", "--db", "crm.duckdb", cwd=tmp_path)
        assert backup.returncode == 0, backup.stderr
        assert (tmp_path / "backup.zip").stat().st_size > 0
        deck = cli("review", "--out", "deck", "--format", "pptx", "--slides", "title", "--db", "crm.duckdb",
                   cwd=tmp_path)
        assert deck.returncode == 0, deck.stderr
        assert list((tmp_path / "deck").glob("*.pptx"))

        tables = json.loads(cli("tables", "--json", "--db", "crm.duckdb", cwd=tmp_path).stdout)
        assert tables["tables"]["leads"] == 40

        page.reload()  # the page shows the new data on its next run
        wait_for_app(page)
        # the uploads table (a canvas grid: its cells are in the DOM for screen readers, not visible)
        page.get_by_text("Leads (2).csv", exact=False).first.wait_for(state="attached", timeout=30_000)
        assert_no_app_errors(page)
    finally:
        server.stop()
    # With the app stopped, the CLI opens the file itself.
    after = cli("tables", "--json", "--db", "crm.duckdb", cwd=tmp_path)
    assert after.returncode == 0 and json.loads(after.stdout)["tables"]["leads"] == 40
