"""Reading ahead in a thread (ingest.read.ahead, used by `cli.py load`) changes nothing but the timing:
the same report, the same errors at the same point, nothing left behind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import IngestError, load_export
from ingest.read.ahead import ReadAhead

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
HOSTILE = ROOT / "tests" / "data" / "hostile"
FILES = ["销售订单_纷享销客.xlsx", "deals_salesforce_report.csv", "tickets_zoho_desk.csv"]


def _comparable(report) -> dict:
    info = report.as_dict()
    for key in ("seconds", "upload_id"):
        info.pop(key, None)
    return info


@pytest.mark.parametrize("name", FILES)
def test_a_file_read_ahead_loads_like_its_path(name):
    from store import Workspace

    path = SAMPLE / name
    first, second = Workspace(":memory:"), Workspace(":memory:")
    try:
        by_path = load_export(first, path, path.name)
        ahead = load_export(second, ReadAhead(path), path.name)
        assert _comparable(ahead) == _comparable(by_path)
        assert first.table_counts() == second.table_counts()
        again = load_export(second, ReadAhead(path), path.name)  # the same bytes: nothing changes
        assert again.already_loaded and second.table_counts() == first.table_counts()
    finally:
        first.close()
        second.close()


def test_reading_errors_are_raised_where_loading_raises_them(ws):
    bad = HOSTILE / "png_named.xlsx"
    with pytest.raises(IngestError) as by_path:
        load_export(ws, bad, bad.name)
    with pytest.raises(IngestError) as ahead:
        load_export(ws, ReadAhead(bad), bad.name)
    assert str(ahead.value) == str(by_path.value)
    assert ws.table_counts() == {name: 0 for name in ws.table_counts()}


def test_the_size_limit_is_checked_first(ws, monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_OKR_MAX_UPLOAD_MB", "1")
    big = tmp_path / "big.csv"
    big.write_text("Deal,Amount\n" + "x,1\n" * 400_000)
    with pytest.raises(IngestError, match="MB") as ahead:
        load_export(ws, ReadAhead(big), big.name)
    with pytest.raises(IngestError) as by_path:
        load_export(ws, big, big.name)
    assert str(ahead.value) == str(by_path.value)


def test_a_read_ahead_is_for_one_sheet(ws):
    path = SAMPLE / "marketing_spend.xlsx"
    with pytest.raises(ValueError, match="another sheet"):
        load_export(ws, ReadAhead(path, sheet="Other"), path.name, sheet="Spend")


def test_cli_loads_several_files_in_order(tmp_path):
    db = tmp_path / "ws.duckdb"
    files = [str(SAMPLE / name) for name in FILES]
    proc = subprocess.run([sys.executable, "cli.py", "load", *files, "--json", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    reports = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["file"] for r in reports] == FILES
    assert [r["entity"] for r in reports] == ["orders", "deals", "tickets"]


def test_cli_reports_a_bad_file_and_loads_the_others(tmp_path):
    db = tmp_path / "ws.duckdb"
    proc = subprocess.run(
        [sys.executable, "cli.py", "load", str(SAMPLE / FILES[1]), "no/such.csv", str(HOSTILE / "png_named.xlsx"),
         str(SAMPLE / FILES[2]), "--json", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "error: no/such.csv: no such file; check the path.",
        "error: png_named.xlsx: This file is a PNG image, not a spreadsheet; export the report as CSV or Excel "
        "and upload that.",
    ]
    assert [json.loads(line)["file"] for line in proc.stdout.splitlines()] == [FILES[1], FILES[2]]
