"""The one exception the importer raises for problems a user can fix."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be imported as it is; the message is one sentence saying what to do.

    ``key`` and ``params`` say the same as data (a translation key, entity and field ids), so a page can say
    it in the reader's language and words; the English message is the CLI's."""

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class ReplaceNotConfirmed(IngestError):
    """A load would replace records of earlier uploads of the same report and ``replace`` was not given.

    ``replacements`` lists them (store.lineage.Replacement: upload_id, file_name, loaded_at, records); the load
    was rolled back, so the workspace is unchanged."""

    def __init__(self, file_name: str, replacements: list) -> None:
        self.file_name = file_name
        self.replacements = list(replacements)
        super().__init__(replace_sentence(self.replacements) + "; load it again with --replace to go on.")


def replace_sentence(replacements: list) -> str:
    """"This replaces 1,265 records loaded from Leads.csv on 2026-12-01 10:15" (English; the pages translate)."""
    parts = [
        f"{r.records:,} record{'' if r.records == 1 else 's'} loaded from {r.file_name} on {r.loaded_at:%Y-%m-%d %H:%M}"
        for r in replacements
    ]
    return "This replaces " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0])
