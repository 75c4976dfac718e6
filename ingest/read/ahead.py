"""Read an export in a background thread while the caller does something else.

The CLI starts reading the first file before it imports DuckDB and opens the workspace, and reads each
next file while the previous one loads.  Parsing a workbook happens in Rust with the GIL released, and a
text file is hashed and checked a chunk at a time (never held whole), so this uses the machine's second
core instead of waiting.  Importing this module is cheap: nothing heavy
is imported until the thread needs it.

``load_export(ws, ReadAhead(path), ...)`` behaves exactly like ``load_export(ws, path, ...)``: the same
checks in the same order, and a reading error is raised where loading would have raised it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


class ReadAhead:
    def __init__(self, path: str | os.PathLike, *, sheet: str | None = None) -> None:
        self.path = Path(path)
        self.sheet = sheet
        self._digest: tuple[str, int] | None = None
        self._raw = None
        self._size_error: BaseException | None = None
        self._read_error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"read-ahead {self.path.name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from ingest.limits import check_upload_size
        from ingest.read.source import file_sha256

        try:
            size = os.path.getsize(self.path)
            check_upload_size(size, self.path.name)
            self._digest = (file_sha256(self.path), size)  # in chunks: the file is never held whole
        except BaseException as exc:  # raised again by digest(), in the caller's thread
            self._size_error = exc
            return
        try:
            from ingest.read.tables import open_raw

            self._raw = open_raw(self.path, self.path.name, self.sheet)
        except BaseException as exc:  # raised again by raw(), where loading would have raised it
            self._read_error = exc

    def digest(self) -> tuple[str, int]:
        """The file's SHA-256 and size (after the size check, as ``load_export`` does first)."""
        self._thread.join()
        if self._size_error is not None:
            raise self._size_error
        assert self._digest is not None
        return self._digest

    def raw(self):
        """The RawTable, or the reading error."""
        self._thread.join()
        for error in (self._size_error, self._read_error):
            if error is not None:
                raise error
        return self._raw

    def discard(self) -> None:
        """Not needed after all (the file was already loaded): free what was read."""
        self._thread.join()
        if self._raw is not None:
            self._raw.close()
        self._raw = None
