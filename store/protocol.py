"""What the layers above need from a workspace (store.Workspace is the one implementation; tests may pass
lighter ones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

    from store.memo import Memo


class WorkspaceLike(Protocol):
    target: str
    memo: Memo

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]: ...

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any: ...

    def df(self, sql: str, params: Sequence[Any] | dict | None = None) -> pd.DataFrame: ...

    def get_setting(self, key: str, default: Any = None) -> Any: ...

    def fingerprint(self) -> tuple[tuple, dict[str, Any]]: ...
