"""What is known about a workspace's data, remembered until the data changes.

The metric engine asks many small questions per page run (is there churn data? the latest date? this
statement's result?).  Each answer is kept here, on the workspace, keyed by the question, and all of them
are forgotten together when the workspace's fingerprint (each table's size, the uploads registry, the
settings) changes: a load, a replacement, a delete or a settings change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

MAX_REMEMBERED = 1000  # answers kept per workspace; the oldest half go first
# How long a fingerprint read is trusted while this process has written nothing (Workspace.generation):
# a page asks dozens of metrics in one rerun, and reading the fingerprint for each was most of the fixed
# cost of a cheap metric.  Only a writer in another process (a hosted md: workspace) goes unseen that long.
FRESH_SECONDS = 1.0


class Memo:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fingerprint: tuple | None = None
        self._answers: dict[Hashable, Any] = {}
        self.settings: dict[str, Any] = {}
        self._generation: int | None = None  # the workspace's write count when the fingerprint was read
        self._checked = float("-inf")

    def is_fresh(self, generation: int | None) -> bool:
        """The last fingerprint still holds: read under ``generation`` (nothing written since) and recently."""
        with self._lock:
            return (generation is not None and self._fingerprint is not None and generation == self._generation
                    and time.monotonic() - self._checked < FRESH_SECONDS)

    def refresh(self, fingerprint: tuple, settings: dict[str, Any], generation: int | None = None) -> None:
        """Forget every answer when ``fingerprint`` differs from the last one; keep ``settings``."""
        with self._lock:
            if fingerprint != self._fingerprint:
                self._answers = {}
                self._fingerprint = fingerprint
            self.settings = settings
            self._generation, self._checked = generation, time.monotonic()

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
            self._generation = None
