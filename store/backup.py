"""Back up the whole workspace (data, uploads registry, OKRs, check-ins, settings) to one file, and restore it.

The backup is a ZIP of DuckDB's EXPORT DATABASE (Parquet files plus schema.sql/load.sql) and a manifest.
It restores on any machine with DuckDB, into a new workspace file, and migrates forward if it is older.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from store.workspace import SCHEMA_VERSION, Workspace, WorkspaceError

MANIFEST = "crm-okr-backup.json"
MAX_BACKUP_UNPACKED = 20 * 1024**3  # refuse archives that claim to unpack to more than 20 GB


def _sql_string(text: str) -> str:
    """A SQL string literal for a path we created ourselves (EXPORT/IMPORT take no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def backup_workspace(ws: Workspace) -> bytes:
    """The whole workspace as one ZIP file's bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        export_dir = Path(tmp) / "export"
        with ws.exclusive() as cur:  # writers wait, so the snapshot is consistent
            cur.execute(f"EXPORT DATABASE {_sql_string(str(export_dir))} (FORMAT parquet)")
            counts = {name: int(n) for name, n in ws.table_counts().items()}
            uploads = int(cur.execute("SELECT count(*) FROM uploads").fetchone()[0])
        manifest = {
            "format": "crm-okr-backup",
            "schema_version": ws.schema_version(),
            "created_at": datetime.now().isoformat(timespec="seconds"),
            "tables": counts,
            "uploads": uploads,
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            for path in sorted(export_dir.iterdir()):
                archive.write(path, arcname=f"export/{path.name}")
        return buffer.getvalue()


def read_manifest(data: bytes) -> dict:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError):
        raise WorkspaceError("This file is not a workspace backup; choose a .zip made by `cli.py backup`.") from None
    if manifest.get("format") != "crm-okr-backup":
        raise WorkspaceError("This file is not a workspace backup; choose a .zip made by `cli.py backup`.")
    return manifest


def restore_workspace(data: bytes, target: str) -> Workspace:
    """Restore a backup into ``target``, which must be a new (absent or empty) workspace."""
    manifest = read_manifest(data)
    if int(manifest.get("schema_version", 0)) > SCHEMA_VERSION:
        raise WorkspaceError("This backup comes from a newer version of the app; upgrade the app, then restore.")
    if target != ":memory:" and Path(target).exists() and Path(target).stat().st_size > 0:
        probe = Workspace(target)
        empty = probe.is_empty() and not probe.objectives()
        probe.close()
        if not empty:
            raise WorkspaceError(f"{target} already holds data; restore into a new workspace file instead.")
        Path(target).unlink()
        Path(target + ".wal").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if m.filename.startswith("export/") and not m.is_dir()]
        if sum(m.file_size for m in members) > MAX_BACKUP_UNPACKED:
            raise WorkspaceError("This backup unpacks to more than 20 GB; restore it with DuckDB directly.")
        export_dir = Path(tmp) / "export"
        export_dir.mkdir()
        for member in members:
            name = Path(member.filename).name  # no paths from the archive are trusted
            (export_dir / name).write_bytes(archive.read(member))
        ws = Workspace(target, migrate=False)
        with ws.exclusive() as cur:
            cur.execute(f"IMPORT DATABASE {_sql_string(str(export_dir))}")
    ws.migrate()
    return ws
