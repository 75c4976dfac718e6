"""What every file reader shares: the user-facing error, cell cleaning, and the reader-backend contract.

The readers (CSV, workbook, HTML) each produce a ``TableSource``; ``RawTable`` (below) wraps it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ingest.errors import IngestError

if TYPE_CHECKING:  # previews only; loading never imports pandas
    import duckdb
    import pandas as pd


class ReadRetry(Exception):
    """The reader learned something about the file (a quoted line break or a wide row beyond the sample) inside a
    transaction DuckDB has now aborted; the loader reruns the transaction and the reader starts from there."""


class ReadError(IngestError):
    """A file that cannot be read as a table; the message is one sentence saying what is wrong and what to do.

    An IngestError, so that one raised while the table is loaded (not only while it is opened) reaches the
    Upload page and the CLI as the user's error it is."""


# Characters trimmed from both ends of every cell and header.  The same set is used in Python (workbooks,
# HTML, previews) and in DuckDB SQL (CSV), so both paths produce the same text.
TRIM_CHARS = " \t\r\n"

MB = 1024 * 1024


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Python's cycle collector paused: a 200,000-row sheet is 1.4 million cell objects (and their row
    lists), none in a reference cycle, and the collector would walk them all again and again while they are
    built (a sixth of a workbook's load).  Cycles made meanwhile are collected once it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def clean_cell(value: str | None) -> str | None:
    """Trim surrounding whitespace; an empty or whitespace-only cell is None."""
    if value is None:
        return None
    value = value.strip(TRIM_CHARS)
    return value or None


@dataclass
class Materialized:
    """What ``TableSource.materialize`` found out while loading every row."""

    row_count: int
    columns: list[str]
    warnings: list[str] = field(default_factory=list)
    dropped_rows: int = 0


class TableSource(Protocol):
    """A reader backend: the rows below the header, ready to be loaded or previewed."""

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized: ...

    def preview(self, n: int) -> pd.DataFrame: ...

    def close(self) -> None: ...


def match_sheet(wanted: str, names: list[str]) -> str | None:
    """The sheet a user asked for: the exact name, else the same name in any letter case and spacing."""
    for name in names:
        if name == wanted:
            return name
    for name in names:
        if name.strip().casefold() == wanted.strip().casefold():
            return name
    return None


@dataclass
class RawTable:
    columns: list[str]  # cleaned, unique header names
    container: str  # "csv" | "xlsx" | "xls" | "html" | "ods"
    encoding: str | None  # text files only
    delimiter: str | None  # CSV only
    sheet: str | None  # workbooks only
    sheets: list[str]  # visible sheets of a workbook
    header_row: int  # 1-based row of the header in the file or sheet
    kind: str  # "records" | "summary"
    warnings: list[str]
    dropped_rows: int
    row_count: int | None  # data rows, when known without loading
    _source: TableSource | None = field(default=None, repr=False, compare=False)
    _file_warnings: list[str] = field(default_factory=list, repr=False, compare=False)

    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> int:
        """Create (or replace) TEMP TABLE ``table_name``: one VARCHAR column per header name plus ``_row``
        (1-based data row number in the source).  Returns the number of rows."""
        if self._source is None:
            raise ReadError("This table was closed; read the file again.")
        result: Materialized = self._source.materialize(cur, table_name)
        self.columns = list(result.columns)
        self.row_count = result.row_count
        self.dropped_rows = result.dropped_rows
        self.warnings = _unique(self._file_warnings + result.warnings)
        return result.row_count

    def preview(self, n: int = 20) -> pd.DataFrame:
        """The first ``n`` data rows as text (None for empty cells)."""
        if self._source is None:
            raise ReadError("This table was closed; read the file again.")
        return self._source.preview(n)

    def close(self) -> None:
        """Remove temporary files; the table cannot be loaded afterwards."""
        if self._source is not None:
            self._source.close()


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
