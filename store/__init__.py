"""The workspace layer: DuckDB connection, schema, migrations and the canonical entities."""

from store.lazy import lazy_names

# Imported when first used (store/lazy.py): ``import store`` for one helper (the identifier quoting, the
# entities) does not import DuckDB, which the importer's read-ahead starts work before.
_WHERE = {
    **dict.fromkeys(("ENTITIES", "ENTITY_NAMES", "Entity", "Field"), "store.entities"),
    **dict.fromkeys(("ENV_VAR", "SCHEMA_VERSION", "Workspace", "WorkspaceBusy", "WorkspaceError", "close_shared",
                     "default_target", "open_workspace"), "store.workspace"),
    "quote_ident": "store.ident",
}
__getattr__, __dir__ = lazy_names("store", _WHERE, globals())

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
