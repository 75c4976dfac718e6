"""Workspace safety.  A load killed mid-way (kill -9) leaves the workspace opening cleanly: every earlier
upload intact, no trace of the partial one, and the next load works.  A backup of the demo workspace
restores (in Python and through the CLI) to identical metrics, registry, OKRs, check-ins and settings.

A child process opens a workspace file, loads two small exports, then loads a 90 MB one; its progress
callback writes each step to a marker file.  The parent SIGKILLs it inside the load's transaction:
while the INSERT of 800,000 rows runs, or while the callback holds the load just before it commits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ingest import load_export
from store import Workspace
from tests.data.hostile import make_corpus

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from ingest import load_export
    from store import Workspace

    db, first, second, big, marker, stop_at, hold = sys.argv[1:8]
    ws = Workspace(db)
    load_export(ws, Path(first).read_bytes(), "first.csv")
    load_export(ws, Path(second).read_bytes(), "second.csv")
    ws.set_setting("fiscal_start_month", 4)
    print("two loaded", flush=True)

    def progress(fraction, message):
        with open(marker, "a", encoding="utf-8") as out:
            out.write(f"{{fraction:.2f}} {{message}}\\n")
        if fraction >= float(stop_at) and hold == "hold":
            time.sleep(600)  # inside the transaction, until killed

    load_export(ws, Path(big).read_bytes(), "big_deals.csv", progress=progress)
    print("finished", flush=True)
    """
)


@pytest.fixture(scope="module")
def big_csv() -> Path:
    return make_corpus.ensure_large(["big_deals.csv"])["big_deals.csv"]


def _wait_for(marker: Path, text: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists() and text in marker.read_text(encoding="utf-8"):
            return
        if proc.poll() is not None:
            raise AssertionError(f"the child exited early: {proc.communicate()}")
        time.sleep(0.02)
    proc.kill()
    raise AssertionError(f"the child never reached {text!r}")


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize(
    ("stop_at", "hold", "step"),
    [
        ("0.50", "run", "ingest.progress.loading"),  # killed 0.15 s into the INSERT
        ("0.85", "hold", "ingest.progress.checks"),  # rows inserted, report half-built, not committed
    ],
    ids=["during-insert", "before-commit"],
)
def test_a_load_killed_mid_way_leaves_no_trace(tmp_path, big_csv, stop_at, hold, step):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_bytes(make_corpus.deals_csv(25))
    second.write_bytes(make_corpus.deals_csv(15, start=1001))
    db, marker = tmp_path / "ws.duckdb", tmp_path / "progress.txt"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(db), str(first), str(second), str(big_csv),
         str(marker), stop_at, hold],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_for(marker, step, proc)
        if hold == "run":
            time.sleep(0.15)
        os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert out.splitlines() == ["two loaded"], (out, err)
    steps = marker.read_text(encoding="utf-8").splitlines()
    assert not steps[-1].startswith("1.00"), f"the load finished before the kill: {steps}"
    if hold == "hold":
        assert steps[-1].endswith(step), steps

    ws = Workspace(str(db))  # opens cleanly (DuckDB replays or discards its WAL)
    try:
        uploads = ws.uploads()
        assert uploads["file_name"].tolist() == ["first.csv", "second.csv"]
        assert uploads["rows_loaded"].tolist() == [25, 15]
        assert ws.table_counts() == {**dict.fromkeys(ws.table_counts(), 0), "deals": 40}
        assert ws.scalar("SELECT count(*) FROM deals WHERE _upload_id NOT IN (SELECT id FROM uploads)") == 0
        assert ws.scalar("SELECT count(*) FROM rejected_rows") == 0
        assert ws.scalar("SELECT count(*) FROM mappings") == 1  # only the small files' layout
        assert ws.get_setting("fiscal_start_month") == 4
        tables = {name for (name,) in ws.execute("SELECT table_name FROM information_schema.tables")}
        assert not {t for t in tables if t.startswith("_ingest")}
        # The workspace takes the next load, with an id of its own.
        report = load_export(ws, make_corpus.deals_csv(5, start=2001), "third.csv")
        assert report.rows_loaded == 5 and report.upload_id not in uploads["id"].tolist()
        assert ws.table_counts()["deals"] == 45
    finally:
        ws.close()
    reopened = Workspace(str(db), read_only=True)
    assert reopened.uploads()["file_name"].tolist() == ["first.csv", "second.csv", "third.csv"]
    reopened.close()


# ------------------------------------------------------------------ backup and restore of a real workspace
METRICS = ("won_revenue", "win_rate", "new_leads", "revenue", "new_customers", "churn_rate", "csat",
           "first_response_hours", "channel_roi_t1")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo workspace plus check-ins and settings of every kind (closed, so a CLI may open it)."""
    from ingest.demo import load_demo

    path = tmp_path_factory.mktemp("backup") / "demo.duckdb"
    ws = Workspace(str(path))
    load_demo(ws)
    ws.add_checkin(kr_id="O1.1", objective_id="O1", checkin_date="2026-08-01", confidence=6, comment="良好 <b>ok</b>")
    ws.add_checkin(kr_id="O2.1", objective_id="O2", checkin_date="2026-08-08", confidence=3, comment="=cmd|x")
    ws.set_setting("fiscal_start_month", 4)
    ws.set_setting("referral_channels", ["Referral", "转介绍"])
    ws.close()
    return path


def _everything(ws: Workspace) -> dict:
    from metrics import MetricQuery, compute

    return {
        "metrics": {m: compute(ws, MetricQuery(m, grain="quarter", fiscal_start=4)) for m in METRICS},
        "counts": ws.table_counts(),
        "uploads": ws.uploads(),
        "rejected": ws.df("SELECT * FROM rejected_rows ORDER BY ALL"),
        "mappings": ws.df("SELECT * FROM mappings ORDER BY header_signature"),
        "objectives": ws.objectives(),
        "checkins": ws.checkins(),
        "settings": ws.settings(),
        "extra": ws.df("SELECT _upload_id, _row, _key, CAST(_extra AS VARCHAR) AS e FROM deals ORDER BY ALL"),
    }


def _assert_same(restored: dict, source: dict) -> None:
    import pandas as pd

    for key, value in source.items():
        if key == "metrics":
            for metric_id, frame in value.items():
                assert len(frame), f"{metric_id} has no periods on the demo"
                pd.testing.assert_frame_equal(restored[key][metric_id], frame, obj=metric_id)
        elif isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(restored[key], value, obj=key)
        else:
            assert restored[key] == value, key


@pytest.mark.slow
def test_backup_of_the_demo_restores_identical_numbers(demo_db, tmp_path):
    from store.backup import backup_workspace, restore_workspace

    source = Workspace(str(demo_db), read_only=True)
    try:
        expected = _everything(source)
        blob = backup_workspace(source)
    finally:
        source.close()
    restored = restore_workspace(blob, str(tmp_path / "restored.duckdb"))
    try:
        _assert_same(_everything(restored), expected)
        assert len(expected["checkins"]) == 2 and len(expected["objectives"]) == 4
    finally:
        restored.close()


@pytest.mark.slow
def test_cli_backup_and_restore_round_trip(demo_db, tmp_path):
    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)

    archive, target = tmp_path / "backup.zip", tmp_path / "new.duckdb"
    source = Workspace(str(demo_db), read_only=True)
    expected = _everything(source)
    source.close()
    n = len(expected["uploads"])
    done = cli("backup", "--out", str(archive), "--db", str(demo_db))
    assert done.returncode == 0 and done.stdout.startswith(f"Workspace backed up to {archive}"), done.stderr
    done = cli("restore", str(archive), "--db", str(target))
    assert done.returncode == 0, done.stderr
    rows = sum(expected["counts"].values())
    assert done.stdout == f"Restored {n} uploads ({rows:,} rows) into {target}.\n"
    restored = Workspace(str(target), read_only=True)
    try:
        _assert_same(_everything(restored), expected)
    finally:
        restored.close()
    # Restoring over data, or something that is not a backup: one line, exit 2, nothing changed.
    for args, fragment in (
        (("restore", str(archive), "--db", str(target)), "already holds data; restore into a new workspace"),
        (("restore", str(ROOT / "tests/data/hostile/png_named.xlsx"), "--db", str(tmp_path / "x.duckdb")),
         "This file is not a workspace backup"),
    ):
        done = cli(*args)
        assert done.returncode == 2 and done.stdout == "", done
        assert done.stderr.count("\n") == 1 and fragment in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.duckdb").exists()
    after = Workspace(str(target), read_only=True)
    assert len(after.uploads()) == n
    after.close()
