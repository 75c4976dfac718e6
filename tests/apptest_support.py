"""Helpers for AppTest: a demo workspace built once per test session, and running one page."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
_BUILD_LOCK = threading.Lock()


def build_demo_workspace(folder: Path) -> Path:
    """A workspace file with the demo loaded (built once, then copied by callers that write)."""
    from ingest.demo import load_demo
    from store import Workspace

    path = folder / "demo.duckdb"
    with _BUILD_LOCK:
        if not path.exists():
            ws = Workspace(str(path))
            load_demo(ws)
            ws.close()
    return path


def copy_workspace(src: Path, dest: Path) -> Path:
    shutil.copy(src, dest)
    wal = Path(str(src) + ".wal")
    if wal.exists():
        shutil.copy(wal, Path(str(dest) + ".wal"))
    return dest


def run_page(page: str, *, db: str, lang: str = "en", no_demo: bool = False, timeout: float = 90,
             session: dict | None = None) -> AppTest:
    from store import close_shared

    close_shared()
    os.environ["CRM_OKR_DB"] = db
    if no_demo:
        os.environ["CRM_OKR_NO_DEMO"] = "1"
    else:
        os.environ.pop("CRM_OKR_NO_DEMO", None)
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["lang"] = lang
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page)
        at.run()
    return at


def error_texts(at: AppTest) -> list[str]:
    return [e.value for e in at.error]
