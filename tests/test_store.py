"""The workspace store: migrations, transactions, uploads registry, delete, settings, concurrent writers."""

from __future__ import annotations

import threading
from datetime import datetime

import duckdb
import pytest

from store import ENTITIES, SCHEMA_VERSION, Workspace, WorkspaceError, quote_ident
from store.workspace import MIGRATIONS


def _fake_upload(ws: Workspace, entity: str = "deals", rows: int = 3, name: str = "f.csv") -> int:
    """Register an upload with ``rows`` deal rows, the way the importer does, in one transaction."""
    with ws.write() as cur:
        upload_id = cur.execute("SELECT nextval('upload_id_seq')").fetchone()[0]
        cur.execute(
            "INSERT INTO uploads (id, file_name, sha256, size_bytes, entity, rows_loaded, rows_rejected, "
            "records_replaced, loaded_at) VALUES (?, ?, ?, 0, ?, ?, 0, 0, ?)",
            [upload_id, name, f"sha-{upload_id}", entity, rows, datetime(2025, 1, 1)],
        )
        for i in range(rows):
            cur.execute(
                "INSERT INTO deals (deal_id, stage, amount, _upload_id, _row, _key) VALUES (?, 'Won', 10, ?, ?, ?)",
                [f"D{upload_id}-{i}", upload_id, i + 1, f"D{upload_id}-{i}"],
            )
    return int(upload_id)


def test_new_workspace_is_migrated_to_the_latest_version(ws):
    assert ws.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
    tables = {r[0] for r in ws.execute("SELECT table_name FROM information_schema.tables")}
    assert set(ENTITIES) <= tables
    assert {"uploads", "rejected_rows", "mappings", "settings", "objectives", "checkins", "schema_version"} <= tables
    for name, entity in ENTITIES.items():
        cols = {r[0] for r in ws.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name])}
        assert set(entity.field_names) | {"_upload_id", "_row", "_key", "_extra"} == cols


def test_migrations_run_once_and_survive_reopening(tmp_path):
    path = str(tmp_path / "crm.duckdb")
    first = Workspace(path)
    first.set_setting("fiscal_start_month", 4)
    first.close()
    again = Workspace(path)
    assert again.scalar("SELECT count(*) FROM schema_version") == len(MIGRATIONS)
    assert again.get_setting("fiscal_start_month") == 4
    again.close()


def test_a_later_migration_is_applied_forward(tmp_path, monkeypatch):
    path = str(tmp_path / "crm.duckdb")
    Workspace(path).close()

    def add_notes(cur):
        cur.execute("CREATE TABLE notes (id INTEGER)")

    monkeypatch.setattr("store.workspace.MIGRATIONS", MIGRATIONS + [(SCHEMA_VERSION + 1, "notes", add_notes)])
    ws = Workspace(path)
    assert ws.schema_version() == SCHEMA_VERSION + 1
    assert ws.scalar("SELECT count(*) FROM notes") == 0
    ws.close()


def test_write_is_all_or_nothing(ws):
    with pytest.raises(RuntimeError):
        with ws.write() as cur:
            cur.execute("INSERT INTO deals (deal_id, stage, _upload_id) VALUES ('x', 'Won', 1)")
            raise RuntimeError("boom half way")
    assert ws.table_counts()["deals"] == 0


def test_delete_upload_removes_exactly_its_rows(ws):
    first = _fake_upload(ws, rows=3)
    second = _fake_upload(ws, rows=2, name="g.csv")
    assert ws.table_counts()["deals"] == 5
    assert ws.delete_upload(first) == 3
    assert ws.table_counts()["deals"] == 2
    assert list(ws.uploads()["id"]) == [second]
    with pytest.raises(WorkspaceError, match="no upload"):
        ws.delete_upload(first)


def test_clear_data_keeps_settings_and_okrs(ws):
    _fake_upload(ws)
    ws.set_setting("language", "en")
    ws.save_objectives([{"id": "O1", "title": "x", "key_results": []}])
    ws.clear_data()
    assert ws.is_empty() and sum(ws.table_counts().values()) == 0
    assert ws.get_setting("language") == "en"
    assert ws.objectives()[0]["id"] == "O1"


def test_settings_round_trip_json(ws):
    ws.set_setting("branding", {"name": "北风贸易", "accent": "#123456"})
    assert ws.get_setting("branding") == {"name": "北风贸易", "accent": "#123456"}
    assert ws.get_setting("missing", 7) == 7


def test_checkins_validate_confidence(ws):
    new_id = ws.add_checkin(kr_id="O1.1", objective_id="O1", checkin_date="2025-08-01", confidence=7, comment="ok")
    assert ws.checkins("O1.1")["id"].tolist() == [new_id]
    with pytest.raises(WorkspaceError, match="1 to 10"):
        ws.add_checkin(kr_id="O1.1", objective_id="O1", checkin_date="2025-08-01", confidence=11, comment="")


def test_concurrent_writers_from_threads(tmp_path):
    """Eight threads load at once: every upload lands exactly once, none fails with a locking error."""
    ws = Workspace(str(tmp_path / "crm.duckdb"))
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for _ in range(5):
                _fake_upload(ws, rows=4, name=f"t{n}.csv")
                ws.table_counts()  # readers interleave with writers
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(ws.uploads()) == 40
    assert ws.table_counts()["deals"] == 160
    assert ws.scalar("SELECT count(DISTINCT _upload_id) FROM deals") == 40
    ws.close()


@pytest.mark.parametrize(
    ("name", "quoted"),
    [("amount", '"amount"'), ('"; DROP TABLE deals; --', '"""; DROP TABLE deals; --"'), ("金额(万元)", '"金额(万元)"')],
)
def test_quote_ident_survives_hostile_names(ws, name, quoted):
    assert quote_ident(name) == quoted
    ws.execute(f"CREATE TEMP TABLE t ({quote_ident(name)} VARCHAR)")
    ws.execute(f"INSERT INTO t ({quote_ident(name)}) VALUES (?)", ["x"])
    assert ws.scalar("SELECT count(*) FROM t") == 1
    assert ws.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'deals'") == 1


def test_empty_identifier_is_a_user_error():
    with pytest.raises(WorkspaceError):
        quote_ident("")


def test_workspace_in_use_by_another_process_is_one_sentence(tmp_path):
    path = str(tmp_path / "crm.duckdb")
    Workspace(path).close()
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({path!r}); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"ok"
        with pytest.raises(WorkspaceError, match="in use by another program"):
            Workspace(path)
    finally:
        holder.kill()
        holder.wait()


def test_duckdb_is_the_engine():
    assert duckdb.__version__


def test_a_persons_own_preferences_leave_the_fingerprint_and_survive_a_reset():
    """One user switching language must not recompute every cached number of all the others."""
    from store import Workspace

    ws = Workspace(":memory:")
    before = ws.fingerprint()[0]
    ws.set_setting("user_languages", {"ana@example.com": "en"})
    assert ws.fingerprint()[0] == before
    ws.set_setting("timezone", "Asia/Shanghai")  # a setting that changes numbers does change it
    assert ws.fingerprint()[0] != before
    ws.reset()
    assert ws.get_setting("user_languages") == {"ana@example.com": "en"}
