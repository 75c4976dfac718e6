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


APP_ENV_KEYS = ("CRM_OKR_DB", "CRM_OKR_NO_DEMO", "CRM_OKR_EDITOR_PASSWORD", "CRM_OKR_VIEWER_PASSWORD")


@pytest.fixture
def app_env(monkeypatch):
    """AppTest runs set the workspace and access variables in os.environ (see tests/apptest_support.run_page):
    put them back afterwards, and drop the process-wide workspace the pages opened."""
    for key in APP_ENV_KEYS:
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])
        else:
            monkeypatch.delenv(key, raising=False)
    yield monkeypatch
    from store import close_shared

    close_shared()


@pytest.fixture(scope="session")
def slide_browser() -> str:
    """The Chrome/Chromium the deck renders with (review/render.py), or the test is skipped (failed under CI)."""
    from review.render import MISSING_BROWSER, find_browser

    found = find_browser()
    if found is None:
        message = f"no Chrome/Chromium found (install chromium or set CRM_OKR_CHROME): {MISSING_BROWSER}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found
