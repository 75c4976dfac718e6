"""Issue 18: DuckDB's memory is bounded by the workspace (memory_limit, temp_directory), raisable by env."""

from __future__ import annotations

import os
import tempfile

import pytest

from store import Workspace, WorkspaceError
from store.workspace import DEFAULT_MEMORY_LIMIT, MEMORY_ENV


def _setting(ws: Workspace, name: str) -> str:
    return ws.scalar("SELECT current_setting(?)", [name])


def test_default_limit_and_spill_directory(tmp_path, monkeypatch):
    monkeypatch.delenv(MEMORY_ENV, raising=False)
    assert DEFAULT_MEMORY_LIMIT == "512MB"
    ws = Workspace(str(tmp_path / "ws.duckdb"))
    assert _setting(ws, "memory_limit") == "488.2 MiB"  # DuckDB shows 512 MB (10^6) in MiB
    assert _setting(ws, "temp_directory") == str(tmp_path / "ws.duckdb") + ".tmp"
    ws.close()
    memory = Workspace(":memory:")
    assert _setting(memory, "temp_directory").startswith(os.path.join(tempfile.gettempdir(), "crm-okr-duckdb-"))
    memory.close()


def test_a_team_raises_the_limit(monkeypatch):
    monkeypatch.setenv(MEMORY_ENV, "2GB")
    ws = Workspace(":memory:")
    assert _setting(ws, "memory_limit") == "1.8 GiB"
    ws.close()


@pytest.mark.parametrize("value", ["lots", "512", "-1GB", "1 GB; DROP TABLE deals"])
def test_a_bad_limit_is_one_sentence_saying_what_to_set(monkeypatch, value):
    monkeypatch.setenv(MEMORY_ENV, value)
    with pytest.raises(WorkspaceError, match=r"^CRM_OKR_MEMORY_LIMIT=.* is not a memory size; set it to a size "
                                             r"such as 512MB or 2GB\.$"):
        Workspace(":memory:")


@pytest.mark.parametrize(("value", "expected"), [("512MB", 512 * 10**6), ("2GB", 2 * 10**9), ("1.5GiB", 3 * 2**29),
                                                 ("300 mb", 300 * 10**6)])
def test_the_limit_in_bytes_as_duckdb_reads_it(monkeypatch, value, expected):
    from store.workspace import memory_limit_bytes

    monkeypatch.setenv(MEMORY_ENV, value)
    assert memory_limit_bytes() == expected
