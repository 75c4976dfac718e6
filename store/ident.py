"""The one place SQL identifiers are quoted, and the error a user can fix."""

from __future__ import annotations


class WorkspaceError(Exception):
    """A problem the user can fix; the message is one sentence saying how."""


class WorkspaceBusy(WorkspaceError):
    """Another process holds the workspace file (a command-line job, or an app without the command port)."""


def quote_ident(name: str) -> str:
    """Quote an SQL identifier.  The only place identifiers are quoted."""
    if not isinstance(name, str) or name == "":
        raise WorkspaceError("An empty column or table name cannot be used; give the column a header.")
    if "\x00" in name:
        name = name.replace("\x00", "")
    return '"' + name.replace('"', '""') + '"'
