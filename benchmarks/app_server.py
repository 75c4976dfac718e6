"""One `streamlit run app.py` on a free port over a workspace, for the page benchmarks and the browser tests.

``AppServer(db, demo=False)`` starts the app with ``CRM_OKR_DB=db`` (no demo unless asked), waits until it
answers its health check, and ``stop()`` ends it; its output goes to ``server-<port>.log`` beside ``db``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # seconds for the server to answer its health check


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    def __init__(self, db: Path, *, demo: bool = False, extra_env: dict | None = None) -> None:
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CRM_OKR_DB": str(db), **(extra_env or {})}
        env.pop("CRM_OKR_NO_DEMO", None)
        if not demo:
            env["CRM_OKR_NO_DEMO"] = "1"
        self.log = open(db.parent / f"server-{self.port}.log", "w")  # noqa: SIM115 - open until stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy within {START_TIMEOUT:.0f} s; see {self.log.name}")

    def prepared(self, timeout: float = 600.0) -> float | None:
        """Seconds the server took to prepare the default views (ui/warm.py's line in its output), waiting up
        to ``timeout`` for it; None when it never says so (warming off, or an app without it)."""
        if os.environ.get("CRM_OKR_NO_WARM"):
            return None
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = re.search(r"default views ready in ([0-9.]+)s", Path(self.log.name).read_text(errors="replace"))
            if found:
                return float(found.group(1))
            if self.proc.poll() is not None:
                return None
            time.sleep(0.2)
        return None

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
