"""Backup and restore: the whole workspace in one file, restored identically elsewhere."""

from __future__ import annotations

import pytest

from store import Workspace, WorkspaceError
from store.backup import backup_workspace, restore_workspace
from tests.test_store import _fake_upload


def test_backup_restores_data_registry_okrs_checkins_and_settings(tmp_path):
    source = Workspace(str(tmp_path / "a.duckdb"))
    first = _fake_upload(source, rows=3)
    _fake_upload(source, rows=2, name="second.csv")
    source.set_setting("fiscal_start_month", 4)
    source.save_objectives([{"id": "O1", "title": {"en": "Grow", "zh": "增长"}, "key_results": []}])
    source.add_checkin(kr_id="O1.1", objective_id="O1", checkin_date="2025-08-01", confidence=6, comment="良好")
    blob = backup_workspace(source)

    restored = restore_workspace(blob, str(tmp_path / "b.duckdb"))
    assert restored.table_counts() == source.table_counts()
    assert restored.uploads().drop(columns=["loaded_at"]).equals(source.uploads().drop(columns=["loaded_at"]))
    assert restored.get_setting("fiscal_start_month") == 4
    assert restored.objectives() == source.objectives()
    assert restored.checkins()["comment"].tolist() == ["良好"]
    assert restored.schema_version() == source.schema_version()
    # Sequences carry on after the restored ids: a new upload never reuses an id.
    new_id = _fake_upload(restored, rows=1)
    assert new_id > max(restored.uploads()["id"].tolist()[:-1])
    assert restored.delete_upload(first) == 3
    source.close()
    restored.close()


def test_restore_refuses_a_workspace_with_data(tmp_path):
    ws = Workspace(str(tmp_path / "a.duckdb"))
    _fake_upload(ws)
    blob = backup_workspace(ws)
    ws.close()
    with pytest.raises(WorkspaceError, match="already holds data"):
        restore_workspace(blob, str(tmp_path / "a.duckdb"))


@pytest.mark.parametrize("blob", [b"", b"not a zip", b"PK\x03\x04garbage"])
def test_restore_rejects_files_that_are_not_backups(tmp_path, blob):
    with pytest.raises(WorkspaceError, match="not a workspace backup"):
        restore_workspace(blob, str(tmp_path / "x.duckdb"))
