"""The workspace layer: DuckDB connection, schema, migrations and the canonical entities."""

from store.entities import ENTITIES, ENTITY_NAMES, Entity, Field
from store.workspace import (
    ENV_VAR,
    SCHEMA_VERSION,
    Workspace,
    WorkspaceBusy,
    WorkspaceError,
    close_shared,
    default_target,
    open_workspace,
    quote_ident,
)

__all__ = [
    "ENTITIES",
    "ENTITY_NAMES",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "Entity",
    "Field",
    "Workspace",
    "WorkspaceBusy",
    "WorkspaceError",
    "close_shared",
    "default_target",
    "open_workspace",
    "quote_ident",
]
