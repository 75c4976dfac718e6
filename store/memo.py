"""What is known about a workspace's data, remembered until the data changes.

The metric engine asks many small questions per page run (is there churn data? the latest date? this
statement's result?).  Each answer is kept here, on the workspace, keyed by the question, and all of them
are forgotten together when the workspace's fingerprint (each table's size, the uploads registry, the
settings) changes: a load, a replacement, a delete or a settings change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

MAX_REMEMBERED = 1000  # answers kept per workspace; the oldest half go first


class Memo:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fingerprint: tuple | None = None
        self._answers: dict[Hashable, Any] = {}
        self.settings: dict[str, Any] = {}

    def refresh(self, fingerprint: tuple, settings: dict[str, Any]) -> None:
        """Forget every answer when ``fingerprint`` differs from the last one; keep ``settings``."""
        with self._lock:
            if fingerprint != self._fingerprint:
                self._answers = {}
                self._fingerprint = fingerprint
            self.settings = settings

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The remembered answer to ``key``, computed once (outside the lock: a slow query must not hold up
        the other sessions; two sessions asking at once both compute, and the answers are equal)."""
        with self._lock:
            if key in self._answers:
                return self._answers[key]
        value = compute()
        with self._lock:
            if len(self._answers) >= MAX_REMEMBERED:
                for old in list(self._answers)[: MAX_REMEMBERED // 2]:
                    del self._answers[old]
            self._answers[key] = value
        return value

    def forget(self) -> None:
        with self._lock:
            self._answers = {}
            self._fingerprint = None
