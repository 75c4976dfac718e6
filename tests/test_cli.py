"""The CLI: the same functions as the pages, JSON shapes, one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


def run_cli(*args: str, db: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(ROOT / "cli.py"), *args]
    if db is not None:
        cmd += ["--db", str(db)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    run_cli("demo", db=db, check=True)
    return db


def test_load_json_reports_the_contract_keys(tmp_path):
    db = tmp_path / "ws.duckdb"
    proc = run_cli("load", str(SAMPLE / "deals_salesforce_report.csv"), "--json", db=db, check=True)
    report = json.loads(proc.stdout.strip().splitlines()[0])
    for key in ("file", "entity", "source", "rows_loaded", "rows_rejected", "records_replaced", "mapping",
                "warnings"):
        assert key in report
    assert report["entity"] == "deals" and report["source"] == "salesforce"
    assert report["rows_loaded"] == 3143 and report["rows_rejected"] == 0  # the demo deals export (sample_data/README.md)
    assert report["mapping"]["amount"] == "Amount" and report["mapping"]["closed_at"] == "Close Date"
    again = json.loads(run_cli("load", str(SAMPLE / "deals_salesforce_report.csv"), "--json", db=db,
                               check=True).stdout)
    assert again["already_loaded"] is True
    tables = json.loads(run_cli("tables", "--json", db=db, check=True).stdout)
    assert tables["tables"]["deals"] == 3143 and len(tables["uploads"]) == 1


def test_map_and_entity_overrides(tmp_path):
    csv = tmp_path / "odd.csv"
    csv.write_text("Ref,Who,Money,When,Where\nA1,Ann,\"1,200.50\",2025-03-01,Won\nA2,Bob,300,2025-03-02,Lost\n",
                   encoding="utf-8")
    proc = run_cli("load", str(csv), "--entity", "deals", "--map", "deal_id=Ref", "--map", "owner=Who",
                   "--map", "amount=Money", "--map", "closed_at=When", "--map", "stage=Where", "--json",
                   db=tmp_path / "ws.duckdb", check=True)
    report = json.loads(proc.stdout)
    assert report["entity"] == "deals" and report["rows_loaded"] == 2
    assert report["mapping"]["amount"] == "Money" and report["mapping"]["stage"] == "Where"
    proc = run_cli("metrics", "won_revenue", "--grain", "month", "--json", db=tmp_path / "ws.duckdb", check=True)
    rows = json.loads(proc.stdout)
    assert [(r["period"], r["value"]) for r in rows] == [("2025-03", 1200.5)]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("load", "no/such/file.csv"), "no such file"),
        (("load", "README.md", "--map", "amount"), "FIELD=Header"),
        (("metrics", "no_such_metric"), "Unknown metric"),
        (("metrics", "won_revenue", "--from", "31/12/2025"), "YYYY-MM-DD"),
        (("okr", "--okrs", "no/such.yaml"), "no such OKR file"),
        (("review", "--out", "/tmp/x", "--slides", "intro"), "Unknown slide"),
        (("restore", "README.md"), "not a workspace backup"),
        (("delete", "999"), "no upload 999"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(tmp_path, args, fragment):
    proc = run_cli(*args, db=tmp_path / "fresh.duckdb")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_okr_file_names_the_line_and_field(tmp_path, demo_db):
    bad = tmp_path / "okrs.yaml"
    bad.write_text(
        "version: 1\nobjectives:\n  - id: O1\n    title: Grow\n    period: 2026-Q3\n    key_results:\n"
        "      - id: O1.1\n        metric: new_customers\n        target: {type: increase, value: 5}\n",
        encoding="utf-8",
    )
    proc = run_cli("okr", "--okrs", str(bad), db=demo_db)
    assert proc.returncode == 2
    assert "line 9" in proc.stderr and "increase" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_metrics_json_matches_the_library(demo_db):
    from metrics import MetricQuery, compute
    from store import Workspace

    proc = run_cli("metrics", "win_rate", "--grain", "quarter", "--by", "region", "--json", db=demo_db, check=True)
    rows = json.loads(proc.stdout)
    assert rows and set(rows[0]) == {"metric", "period", "period_start", "segment", "value"}
    ws = Workspace(str(demo_db), read_only=True)
    frame = compute(ws, MetricQuery("win_rate", grain="quarter", by="region"))
    ws.close()
    expected = {(r["period"], r["segment"]): r["value"] for r in frame.to_dict(orient="records")}
    got = {(r["period"], r["segment"]): r["value"] for r in rows}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, nan_ok=True) if value == value else got[key] is None


def test_metrics_list_covers_the_catalog():
    from metrics import CATALOG

    rows = json.loads(run_cli("metrics", "--list", "--json", check=True).stdout)
    assert [r["id"] for r in rows] == list(CATALOG)


def test_okr_json_has_every_kr_field(demo_db):
    proc = run_cli("okr", "--okrs", str(SAMPLE / "okrs.yaml"), "--as-of", "2026-08-16", "--json", db=demo_db,
                   check=True)
    objectives = json.loads(proc.stdout)
    assert [o["id"] for o in objectives] == ["O1", "O2", "O3", "O4"]
    kr = objectives[0]["key_results"][0]
    for key in ("metric", "baseline", "current", "target", "progress", "expected", "status", "forecast",
                "needed_run_rate", "score", "warnings"):
        assert key in kr, key


def test_backup_and_restore_round_trip(tmp_path, demo_db):
    backup = tmp_path / "backup.zip"
    run_cli("backup", "--out", str(backup), db=demo_db, check=True)
    restored = tmp_path / "restored.duckdb"
    run_cli("restore", str(backup), db=restored, check=True)
    first = json.loads(run_cli("tables", "--json", db=demo_db, check=True).stdout)
    second = json.loads(run_cli("tables", "--json", db=restored, check=True).stdout)
    assert first["tables"] == second["tables"]


def test_review_writes_png_pptx_and_pdf(tmp_path, demo_db):
    out = tmp_path / "deck"
    proc = run_cli("review", "--period", "2026-Q3", "--out", str(out), "--lang", "zh", "--slides",
                   "title,scorecard,kpis", "--as-of", "2026-08-16", db=demo_db, check=True)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["review-2026-Q3-zh-01-title.png", "review-2026-Q3-zh-02-scorecard.png",
                     "review-2026-Q3-zh-03-kpis.png", "review-2026-Q3-zh.pdf", "review-2026-Q3-zh.pptx"], names
    assert len(proc.stdout.strip().splitlines()) == 5
    from pptx import Presentation

    assert len(Presentation(str(out / "review-2026-Q3-zh.pptx")).slides) == 3


def test_review_without_chromium_says_how_to_install_it(tmp_path, demo_db, monkeypatch):
    monkeypatch.setenv("CRM_OKR_CHROME", "/nonexistent/chromium")
    proc = run_cli("review", "--out", str(tmp_path / "deck"), "--slides", "title", db=demo_db)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install -y chromium fonts-noto-cjk" in lines[0]
