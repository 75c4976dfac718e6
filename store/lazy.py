"""Package names imported when first used (PEP 562): a package's ``__init__`` lists where each name lives,
so importing one light module of the package does not import its heavy ones (pandas, the engine, DuckDB)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, where: Mapping[str, str], namespace: dict[str, Any]) -> tuple[Callable, Callable]:
    """``(__getattr__, __dir__)`` for ``package`` whose names are ``{name: module}``; a name is imported on first
    use and kept in ``namespace`` (the package's globals), so the next use is a plain lookup."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *where])

    return __getattr__, __dir__
