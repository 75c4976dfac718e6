"""The one exception the importer raises for problems a user can fix."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be imported as it is; the message is one sentence saying what to do."""
