"""The DuckDB workspace: the one module that owns the connection, the schema and migrations.

A workspace is any DuckDB connection string: a file path (the default is
``workspace/crm.duckdb``), ``:memory:`` for tests, or a hosted service such as a
MotherDuck ``md:`` URL.  ``CRM_OKR_DB`` in the environment chooses another one.

Concurrency: one shared connection per process and target; each thread works on
its own cursor; writes are serialised by a lock and each write is one
transaction (all or nothing).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from store import lineage
from store.entities import ENTITIES
from store.ident import WorkspaceBusy, WorkspaceError, quote_ident
from store.memo import Memo
from store.migrations import MIGRATIONS, SCHEMA_VERSION  # noqa: F401  (SCHEMA_VERSION: store's API)

if TYPE_CHECKING:  # pandas only in annotations: `cli.py load` never pays for importing it (DuckDB's .df() does)
    import pandas as pd

ENV_VAR = "CRM_OKR_DB"
DEFAULT_DB = Path(__file__).resolve().parent.parent / "workspace" / "crm.duckdb"


def default_target() -> str:
    return os.environ.get(ENV_VAR) or str(DEFAULT_DB)


def _is_file_target(target: str) -> bool:
    return target != ":memory:" and not target.startswith(("md:", "motherduck:")) and ":" not in target[2:]


# ---------------------------------------------------------------- migrations


LOCK_RETRY_SECONDS = 0.25


MEMORY_ENV = "CRM_OKR_MEMORY_LIMIT"
# Enough for a 1M-row load at full speed (benchmarks/bench_growth.py measures it); more data spills to the
# temp directory instead of growing the process.  A team server raises it with CRM_OKR_MEMORY_LIMIT.
DEFAULT_MEMORY_LIMIT = "512MB"
_SIZE = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)", re.IGNORECASE)


def duckdb_config(target: str) -> dict[str, str]:
    """DuckDB's memory limit and spill directory for a workspace: bounded, whatever the file's size."""
    limit = (os.environ.get(MEMORY_ENV) or "").strip() or DEFAULT_MEMORY_LIMIT
    if not _SIZE.fullmatch(limit):
        raise WorkspaceError(f"{MEMORY_ENV}={limit!r} is not a memory size; set it to a size such as 512MB or 2GB.")
    if _is_file_target(target):
        spill = str(Path(target).expanduser().resolve()) + ".tmp"  # DuckDB's own choice for a file
    else:
        spill = os.path.join(tempfile.gettempdir(), f"crm-okr-duckdb-{os.getpid()}")
    return {"memory_limit": limit, "temp_directory": spill}


_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30,
          "tib": 2**40}


def memory_limit_bytes(target: str = ":memory:") -> int:
    """The workspace's DuckDB memory limit in bytes (as DuckDB reads it: MB = 10^6, MiB = 2^20)."""
    limit = duckdb_config(target)["memory_limit"]
    number, unit = re.fullmatch(r"([\d.]+)\s*([a-zA-Z]+)", limit).groups()  # type: ignore[union-attr]
    return int(float(number) * _UNITS[unit.lower()])


def _connect(target: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    config = duckdb_config(target)
    while True:
        try:
            return duckdb.connect(target, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            msg = str(exc).splitlines()[0]
            if "lock" not in msg.lower():
                raise WorkspaceError(f"Cannot open the workspace {target}: {msg}") from None
            if time.monotonic() >= deadline:
                raise WorkspaceBusy(
                    f"The workspace {target} is in use by another program (a command-line job or another "
                    f"app); wait until it finishes, or choose another workspace with --db or {ENV_VAR}."
                ) from None
            time.sleep(LOCK_RETRY_SECONDS)
        except duckdb.Error as exc:
            raise WorkspaceError(f"Cannot open the workspace {target}: {str(exc).splitlines()[0]}") from None


class Workspace:
    """A DuckDB workspace shared by every session of one process."""

    def __init__(
        self, target: str | None = None, *, read_only: bool = False, migrate: bool = True, wait: float = 0.0
    ) -> None:
        """Open ``target``; while another process holds the file, retry for up to ``wait`` seconds."""
        self.target = target or default_target()
        if _is_file_target(self.target):
            Path(self.target).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        self._con = _connect(self.target, read_only, wait)
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self.memo = Memo()  # answers about the data, until it changes (metrics ask; store/memo.py)
        self.generation = 0  # counts this process's write transactions: the memo re-reads the fingerprint after one
        self.read_only = read_only
        if migrate and not read_only:
            self.migrate()

    # ------------------------------------------------------------ connection
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared connection."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    @contextlib.contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One serialised write transaction; rolled back entirely on any error."""
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                with contextlib.suppress(duckdb.Error):
                    cur.execute("ROLLBACK")
                cur.close()
                self.generation += 1
                raise
            else:
                try:
                    cur.execute("COMMIT")
                finally:
                    cur.close()
                    self.generation += 1

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        row = self.cursor().execute(sql, params or []).fetchone()
        return row[0] if row else None

    def df(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame:
        return self.cursor().execute(sql, params or []).df()

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self._con.close()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor outside any transaction, with writers held off (for EXPORT/IMPORT DATABASE)."""
        with self._write_lock:
            cur = self._con.cursor()
            try:
                yield cur
            finally:
                cur.close()
                self.generation += 1

    # ------------------------------------------------------------ migrations
    def schema_version(self) -> int:
        exists = self.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        )
        if not exists:
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_version"))

    def migrate(self) -> None:
        with self.write() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "description VARCHAR, applied_at TIMESTAMP)"
            )
            current = cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
            for version, description, apply in MIGRATIONS:
                if version > current:
                    apply(cur)
                    cur.execute(
                        "INSERT INTO schema_version VALUES (?, ?, ?)", [version, description, datetime.now()]
                    )

    # ------------------------------------------------------------ uploads
    def uploads(self) -> pd.DataFrame:
        """The uploads registry; ``rows_loaded`` counts the rows present now (a newer export of the same
        report may have replaced some), ``lineage`` the first upload of the report it continues."""
        return self.df(
            "SELECT id, file_name, entity, source, rows_loaded, rows_rejected, records_replaced, "
            "size_bytes, sha256, loaded_at, coalesce(lineage, id) AS lineage FROM uploads ORDER BY id"
        )

    def last_upload(self) -> dict | None:
        """The most recent upload (what "Undo last load" removes): id, file_name, entity, loaded_at."""
        row = self.execute("SELECT id, file_name, entity, loaded_at FROM uploads ORDER BY id DESC LIMIT 1")
        return dict(zip(("id", "file_name", "entity", "loaded_at"), row[0], strict=True)) if row else None

    def upload_report(self, upload_id: int) -> dict | None:
        raw = self.scalar("SELECT report FROM uploads WHERE id = ?", [upload_id])
        return json.loads(raw) if raw else None

    def rejected_rows(self, upload_id: int) -> pd.DataFrame:
        return self.df(
            "SELECT row_no, column_name, value, reason FROM rejected_rows WHERE upload_id = ? ORDER BY row_no",
            [upload_id],
        )

    def undo_upload(self, upload_id: int) -> lineage.Undone:
        """Remove an upload and exactly its rows, and give back the rows it replaced (an exact undo)."""
        with self.write() as cur:
            entity = cur.execute("SELECT entity FROM uploads WHERE id = ?", [upload_id]).fetchone()
            if entity is None:
                raise WorkspaceError(f"There is no upload {upload_id}; list uploads with `python cli.py tables`.")
            done = lineage.undo(cur, entity[0], upload_id)
            cur.execute("DELETE FROM rejected_rows WHERE upload_id = ?", [upload_id])
            cur.execute("DELETE FROM uploads WHERE id = ?", [upload_id])
        return done

    def delete_upload(self, upload_id: int) -> int:
        """``undo_upload``; returns the number of rows removed."""
        return self.undo_upload(upload_id).removed

    def clear_data(self) -> None:
        """Remove every upload and its rows (settings and OKRs stay)."""
        with self.write() as cur:
            for name in ENTITIES:
                cur.execute(f"DELETE FROM {quote_ident(name)}")
                cur.execute(f"DELETE FROM {quote_ident(lineage.superseded_table(name))}")
            cur.execute("DELETE FROM rejected_rows")
            cur.execute("DELETE FROM uploads")

    def reset(self, *, keep_settings: tuple[str, ...] = ("language", "timezone", "user_languages")) -> None:
        """A fresh start: every upload and row, objective, check-in, remembered mapping and setting removed
        (but ``keep_settings``, the user's own choices); the demo is not loaded again."""
        with self.write() as cur:
            for name in ENTITIES:
                cur.execute(f"DELETE FROM {quote_ident(name)}")
                cur.execute(f"DELETE FROM {quote_ident(lineage.superseded_table(name))}")
            for table in ("rejected_rows", "uploads", "objectives", "checkins", "mappings"):
                cur.execute(f"DELETE FROM {quote_ident(table)}")
            cur.execute("DELETE FROM settings WHERE NOT list_contains(?, key)", [list(keep_settings)])
            cur.execute("INSERT OR REPLACE INTO settings VALUES ('demo_cleared', 'true')")

    def table_counts(self) -> dict[str, int]:
        return {
            name: int(self.scalar(f"SELECT count(*) FROM {quote_ident(name)}")) for name in ENTITIES
        }

    def sample_rows(self, entity: str, limit: int = 1000) -> pd.DataFrame:
        """The first rows of an entity table in load order (system columns other than the upload id left out)."""
        if entity not in ENTITIES:
            raise WorkspaceError(f"There is no table {entity!r}; choose one of {', '.join(ENTITIES)}.")
        return self.df(
            f"SELECT * EXCLUDE (_extra, _key) FROM {quote_ident(entity)} ORDER BY _upload_id, _row LIMIT ?", [limit]
        )

    def is_empty(self) -> bool:
        return not self.scalar("SELECT count(*) FROM uploads")

    # The data's fingerprint: each table's size (grows with every insert) and the uploads registry (every
    # load, replacement and deletion changes it), read with the settings in one query.  A person's own
    # preferences (PREFERENCE_KEYS: each user's language) change no number, so they leave every cached answer
    # in place: one user switching language must not recompute the pages of all the others.
    PREFERENCE_KEYS = ("user_languages",)
    _FINGERPRINT = ("SELECT (SELECT list((table_name, estimated_size) ORDER BY table_name) FROM duckdb_tables() "
                    "WHERE schema_name = 'main' AND table_name <> 'settings'), (SELECT count(*) FROM uploads), "
                    "(SELECT max(id) FROM uploads), (SELECT list((key, value) ORDER BY key) FROM settings "
                    "WHERE NOT list_contains(?, key))")

    def fingerprint(self) -> tuple[tuple, dict[str, Any]]:
        """(a value that changes whenever the data or the settings change, the settings)."""
        *parts, raw_settings = self.execute(self._FINGERPRINT, [list(self.PREFERENCE_KEYS)])[0]
        settings = {key: json.loads(value) for key, value in raw_settings or []}
        return tuple(map(str, parts)) + (str(raw_settings),), settings

    # ------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        raw = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        with self.write() as cur:
            cur.execute(
                "INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, json.dumps(value, ensure_ascii=False)]
            )

    def settings(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.execute("SELECT key, value FROM settings ORDER BY key")}

    # ------------------------------------------------------------ mappings
    def remembered_mapping(self, header_signature: str) -> tuple[str, dict[str, str]] | None:
        row = self.execute(
            "SELECT entity, mapping FROM mappings WHERE header_signature = ?", [header_signature]
        )
        return (row[0][0], json.loads(row[0][1])) if row else None

    def remember_mapping(self, header_signature: str, entity: str, mapping: dict[str, str]) -> None:
        with self.write() as cur:
            cur.execute(
                "INSERT OR REPLACE INTO mappings VALUES (?, ?, ?, ?)",
                [header_signature, entity, json.dumps(mapping, ensure_ascii=False), datetime.now()],
            )

    # ------------------------------------------------------------ OKRs
    def objectives(self) -> list[dict]:
        return [json.loads(doc) for (doc,) in self.execute("SELECT doc FROM objectives ORDER BY position, id")]

    def save_objectives(self, docs: list[dict]) -> None:
        """Replace the stored objectives with ``docs`` (the okrs.yaml structure)."""
        with self.write() as cur:
            cur.execute("DELETE FROM objectives")
            now = datetime.now()
            for pos, doc in enumerate(docs):
                cur.execute(
                    "INSERT INTO objectives VALUES (?, ?, ?, ?)",
                    [str(doc["id"]), pos, json.dumps(doc, ensure_ascii=False, default=str), now],
                )

    def checkins(self, kr_id: str | None = None) -> pd.DataFrame:
        sql = (
            "SELECT id, objective_id, kr_id, checkin_date, confidence, comment, author, created_at "
            "FROM checkins"
        )
        params: list[Any] = []
        if kr_id is not None:
            sql += " WHERE kr_id = ?"
            params.append(kr_id)
        return self.df(sql + " ORDER BY checkin_date, id", params)

    def add_checkin(
        self,
        *,
        kr_id: str,
        objective_id: str | None,
        checkin_date: Any,
        confidence: int | None,
        comment: str,
        author: str | None = None,
    ) -> int:
        if confidence is not None and not 1 <= int(confidence) <= 10:
            raise WorkspaceError("Confidence must be a whole number from 1 to 10.")
        with self.write() as cur:
            new_id = cur.execute("SELECT nextval('checkin_id_seq')").fetchone()[0]
            cur.execute(
                "INSERT INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [new_id, objective_id, kr_id, checkin_date, confidence, comment, author, datetime.now()],
            )
        return int(new_id)

    def update_checkin(self, checkin_id: int, *, checkin_date: Any, confidence: int | None, comment: str) -> None:
        """Correct a check-in typed wrong (its key result and author stay)."""
        if confidence is not None and not 1 <= int(confidence) <= 10:
            raise WorkspaceError("Confidence must be a whole number from 1 to 10.")
        with self.write() as cur:
            cur.execute("UPDATE checkins SET checkin_date = ?, confidence = ?, comment = ? WHERE id = ?",
                        [checkin_date, confidence, comment, int(checkin_id)])

    def delete_checkin(self, checkin_id: int) -> None:
        with self.write() as cur:
            cur.execute("DELETE FROM checkins WHERE id = ?", [checkin_id])

    def delete_checkins_of(self, objective_id: str, kr_ids: list[str] | None = None) -> None:
        """Remove the check-ins of a deleted objective (or of some of its key results), so that a later
        objective given the same ids does not inherit them."""
        with self.write() as cur:
            if kr_ids is None:
                cur.execute("DELETE FROM checkins WHERE objective_id = ?", [objective_id])
            else:
                cur.execute("DELETE FROM checkins WHERE objective_id = ? AND list_contains(?, kr_id)",
                            [objective_id, list(kr_ids)])


# One shared Workspace per target and process (Streamlit sessions share it).
_SHARED: dict[str, Workspace] = {}
_SHARED_LOCK = threading.Lock()


def open_workspace(target: str | None = None) -> Workspace:
    key = target or default_target()
    with _SHARED_LOCK:
        ws = _SHARED.get(key)
        if ws is None:
            ws = Workspace(key)
            _SHARED[key] = ws
        return ws


def close_shared() -> None:
    with _SHARED_LOCK:
        for ws in _SHARED.values():
            ws.close()
        _SHARED.clear()
