"""Page parts remembered for the workspace's data, shared by every session of the server.

The metric engine already keeps its answers in the workspace's memo (store/memo.py), forgotten together when
the data's fingerprint changes (a load, a replacement, a delete, a settings change).  Page parts that are not
metric answers (the Data page's first rows, a forecast's backtest) are kept there too, rather than per session
(st.session_state) or per run: at 5M deals the Data page's first rows take 2 s to sort out of the table, and
every visitor of the page would pay it.  What is returned is shared: callers must not change it in place.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


def remembered(ws: Any, key: tuple[Hashable, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, once per state of the workspace's data (``key`` names the part and its inputs)."""
    from metrics.facts import Facts

    Facts(ws)  # reads the fingerprint when it may have changed: a load since then forgets every answer
    return ws.memo.get(("page",) + key, compute)
