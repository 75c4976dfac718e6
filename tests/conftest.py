"""Shared fixtures: a fresh in-memory workspace, the project root, and the shared real exports."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_EXPORTS = ROOT.parent / "shared" / "crm-exports"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Tests never touch the developer's real workspace.
os.environ.setdefault("CRM_OKR_DB", ":memory:")


@pytest.fixture
def ws():
    from store import Workspace

    workspace = Workspace(":memory:")
    yield workspace
    workspace.close()


@pytest.fixture
def shared_exports() -> Path:
    if not SHARED_EXPORTS.is_dir():
        pytest.skip(f"real CRM exports not found at {SHARED_EXPORTS} (the shared/crm-exports folder is absent)")
    return SHARED_EXPORTS
