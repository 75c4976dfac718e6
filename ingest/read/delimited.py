"""CSV and other delimited text: sniff in Python from a prefix and a suffix, load with DuckDB read_csv.

Python parses only the first 64 KB (delimiter, header row, columns, preview) and the last 64 KB (report
footer, trailing blank lines).  That gives the byte range of the data rows, which DuckDB's read_csv loads
as all-VARCHAR columns straight from the UTF-8 file (or from a temp copy of the range when lines above or
below must go), so a 1,000,000-row export is never parsed row by row in Python, nor held in its memory:
the text is a ``FileBytes``, read a chunk at a time.  Blank, subtotal and footer rows are then removed in SQL.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from ingest.read import header as hdr
from ingest.read.base import MB, TRIM_CHARS, Materialized, ReadError, ReadRetry, clean_cell
from ingest.read.csv_sniff import CsvLayout, decode_prefix, parse_records
from ingest.read.source import FileBytes, new_temp_file
from store import quote_ident

if TYPE_CHECKING:  # previews only; loading never imports pandas
    import pandas as pd

PREVIEW_SCAN_BYTES = 8 * MB
_WIDE_ROW = "crm-okr: a row has more fields than expected"
# What DuckDB says when its parallel reader meets values with line breaks (null_padding needs one thread).
_MULTILINE_HINTS = ("quoted new lines", "single threaded", "parallel = false", "parallel=false")
# DuckDB's read buffers must be larger than the longest line, so a max_line_size as large as the file means
# one buffer and one thread.  Lines are allowed this long when no stretch of the data between line breaks can
# be longer (see CsvSource._max_line); otherwise the limit is the file's size (a 50 MB cell is one line).
MAX_LINE_BYTES = 8 * MB
_LONG_LINE = "Maximum line size"


def _scalar(cur: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> int:
    """One number from SQL, with the result fully fetched: DuckDB refuses further work on a cursor whose
    result is unfinished, and the caller goes on using this cursor."""
    return int(cur.execute(sql, params or []).fetchall()[0][0])


def _has_text(utf8: FileBytes, start: int, end: int) -> bool:
    """Anything but whitespace between start and end (a chunk at a time)."""
    return any(chunk.strip(b" \t\r\n") for chunk in utf8.chunks(start, end))


def _sql_text(constant: str) -> str:
    """An SQL literal for a constant of this module (never for user data, which is always bound)."""
    return "'" + constant.replace("'", "''") + "'"


def _cell_sql(column: str, edges: str) -> str:
    """Trim a cell and turn whitespace-only into NULL, paying for trim() only on cells that need it:
    LIKE ' %' compiles to a cheap prefix test, trim() allocates a new string."""
    if not edges:
        return column
    needs_trim = " OR ".join(
        f"{column} LIKE {_sql_text(c + '%')} OR {column} LIKE {_sql_text('%' + c)}" for c in edges
    )
    return (
        f"CASE WHEN {needs_trim} THEN nullif(trim({column}, {_sql_text(TRIM_CHARS)}), '') ELSE {column} END"
    )


def _subtotal_deletes(names: list[str]) -> list[tuple[str, list[str]]]:
    """WHERE clauses that together match subtotal rows: the first non-empty cell among the leading
    columns is a total label (Total, Grand Totals (12 records), 合计 ...).

    One clause per leading column ("earlier columns NULL, this one starts like a total label"), run as
    separate statements: each is a simple per-column filter, so DuckDB skips whole row groups from
    their min/max and NULL statistics before any regular expression runs."""
    clauses = []
    columns = [quote_ident(n) for n in names[: hdr.SUBTOTAL_SCAN_COLUMNS]]
    for k, column in enumerate(columns):
        starts = " OR ".join(f"{column} LIKE {_sql_text(c + '%')}" for c in hdr.SUBTOTAL_FIRST_CHARACTERS)
        earlier_empty = "".join(f"{c} IS NULL AND " for c in columns[:k])
        clauses.append((f"{earlier_empty}({starts}) AND regexp_matches({column}, ?)", [hdr.SUBTOTAL_PATTERN]))
    return clauses


# Above this many columns the per-column CASE expressions make DuckDB's planner slow (it grows faster
# than linearly: 2,000 columns take seconds), so cells are trimmed as one list and unpacked.
WIDE_TABLE_COLUMNS = 200

_READ_CSV = (
    "read_csv(?, header=false, auto_detect=false, columns=?, delim=?, quote=?, escape=?, strict_mode=false, "
    "null_padding=true, parallel=?, max_line_size=?, buffer_size=?, skip=?, encoding='utf-8')"
)


def _create_sql(table: str, internal: list[str], plan: _ReadPlan, edges: str) -> str:
    """CREATE TABLE AS SELECT over read_csv: trimmed cells under their names plus _row.

    The WHERE clause raises an error (caught by the caller, which widens the read) when a column that
    was expected to be empty, or the sentinel column after the last expected one, holds a value: rows
    are never cut short silently."""
    # _row is filled from rowid afterwards (see CsvSource._read): row_number() OVER () would make DuckDB read
    # the file with one thread.
    row_number = f"CAST(NULL AS BIGINT) AS {quote_ident('_row')}"
    hidden = ", ".join(quote_ident(internal[p]) for p in plan.hidden)
    expected_empty = f"{quote_ident(internal[-1])} IS NULL"
    if hidden:
        trim = _sql_text(TRIM_CHARS)
        expected_empty += f" AND len(list_filter([{hidden}], lambda x: trim(x, {trim}) <> '')) = 0"
    where = f"WHERE {expected_empty} OR error(?)"
    columns = [quote_ident(internal[p]) for p in plan.positions]
    names = [quote_ident(n) for n in plan.names]
    if len(columns) <= WIDE_TABLE_COLUMNS:
        select = ", ".join(f"{_cell_sql(c, edges)} AS {n}" for c, n in zip(columns, names, strict=True))
        return (
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select}, {row_number} FROM {_READ_CSV} {where}"
        )
    cells = f"list_transform([{', '.join(columns)}], lambda x: {_cell_sql('x', edges)})"
    unpack = ", ".join(f"cells[{k + 1}] AS {n}" for k, n in enumerate(names))
    return (
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {unpack}, {quote_ident('_row')} FROM "
        f"(SELECT {cells} AS cells, {row_number} FROM {_READ_CSV} {where})"
    )


@dataclass
class _ReadPlan:
    """The columns one read_csv call produces; widened when a row turns out to have more fields."""

    positions: list[int]
    names: list[str]
    hidden: list[int]  # positions expected to be empty (no header, no sampled value)
    width: int
    exposed: list[str] = field(default_factory=list)  # names added because rows were wider than expected

    def widen(self) -> None:
        new_width = max(self.width * 2, self.width + 8)
        added = sorted(self.hidden + list(range(self.width, new_width)))
        taken = {n.casefold() for n in self.names}
        for pos in added:
            name = f"Unnamed {pos + 1}"
            k = 2
            while name.casefold() in taken:
                name, k = f"Unnamed {pos + 1} ({k})", k + 1
            taken.add(name.casefold())
            self.exposed.append(name)
        by_position = sorted(
            [
                *zip(self.positions, self.names, strict=True),
                *zip(added, self.exposed[-len(added) :], strict=True),
            ]
        )
        self.positions = [p for p, _ in by_position]
        self.names = [n for _, n in by_position]
        self.hidden = []
        self.width = new_width


def _buffer_size(max_line: int) -> int:
    """read_csv's buffer: DuckDB's default is 16 lines of the longest allowed, 128 MB per reading thread for
    MAX_LINE_BYTES, which would not fit the workspace's memory limit (store.workspace.duckdb_config).  Two
    lines are enough for correctness (a buffer holds at least one whole line) and read as fast."""
    return max(2 * max_line, 16 * MB)


# DuckDB pins a buffer per column while it writes a table: a 10,000-column export (400 KB) needs ~2 GB of its
# memory budget, however few its rows, though little of it is ever touched (peak RSS ~0.5 GB).
PINNED_PER_COLUMN = 256 * 1024


@contextlib.contextmanager
def _room_for_columns(cur: duckdb.DuckDBPyConnection, width: int):
    """Raise DuckDB's memory limit (store.workspace.duckdb_config) while a very wide table is written, to
    what its columns pin, and set it back afterwards: bounded by the columns, not the rows."""
    from store.workspace import memory_limit_bytes

    configured, needed = memory_limit_bytes(), (width + 1) * PINNED_PER_COLUMN
    if needed <= configured // 2:
        yield
        return
    cur.execute(f"SET memory_limit = '{configured + needed}B'")
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):
            cur.execute(f"SET memory_limit = '{configured}B'")


def _transaction_aborted(cur: duckdb.DuckDBPyConnection) -> bool:
    try:
        cur.execute("SELECT 1").fetchall()
    except duckdb.Error:
        return True
    return False


@dataclass(frozen=True)
class _TextFacts:
    lines: int  # line breaks in the data rows
    has_tabs: bool  # a tab in the data rows: cells are trimmed of tabs too
    short_lines: bool  # every full half of MAX_LINE_BYTES holds a line break (see CsvSource._max_line)


class CsvSource:
    """The data rows of a CSV file (bytes ``data_start:data_end`` of its UTF-8 text, a file read a chunk at a
    time).  ``temp_files`` (the upload written to disk, the text re-encoded) go with the table's own copies."""

    def __init__(self, utf8: FileBytes, layout: CsvLayout, temp_files: list[str] | None = None) -> None:
        self._utf8 = utf8
        self.layout = layout
        self._paths: dict[str, str] = {f"text{k}": path for k, path in enumerate(temp_files or [])}
        self._closed = False
        # Temp files go when the table is closed, or at the latest when it is garbage collected.
        self._cleanup = weakref.finalize(self, _remove_files, self._paths)

    # ------------------------------------------------------------ loading
    def materialize(self, cur: duckdb.DuckDBPyConnection, table_name: str) -> Materialized:
        if self._closed:  # its text may have been a temp file, removed by close()
            raise ReadError("This table was closed; read the file again.")
        layout = self.layout
        plan = _ReadPlan(
            list(layout.plan.positions),
            list(layout.plan.names),
            list(layout.plan.empty_positions),
            layout.width,
        )
        learned = self.__dict__.setdefault("_learned", {"multiline": False, "widen": 0, "max_line": 0})
        for _ in range(learned["widen"]):
            plan.widen()
        table = quote_ident(table_name)
        if not _has_text(self._utf8, layout.data_start, layout.data_end):
            return self._empty_table(cur, table, plan.names, layout.footer)
        path, skip = self._in_place() or (self._file("plain", []), 0)
        rows, multiline = self._read(cur, table, path, plan, layout.multiline or learned["multiline"], skip)
        blank_inserts = self._blank_line_inserts(rows, multiline)
        warnings: list[str] = []
        if blank_inserts:
            spliced_rows, _ = self._read(cur, table, self._file("spliced", blank_inserts), plan, multiline)
            if spliced_rows != rows + len(blank_inserts):
                # A stray quote misled the blank-line search: load the file as it is (numbers may shift).
                self._read(cur, table, path, plan, multiline, skip)
                warnings.append(
                    "Row numbers after blank lines may be off by the number of blank lines above them"
                )
        if plan.exposed:
            warnings += self._drop_empty_exposed(cur, table, plan)
        blank = self._delete(cur, table, f"coalesce({', '.join(quote_ident(n) for n in plan.names)}) IS NULL")
        subtotal = sum(
            self._delete(cur, table, where, params) for where, params in _subtotal_deletes(plan.names)
        )
        row_count = _scalar(cur, f"SELECT count(*) FROM {table}")
        return Materialized(
            int(row_count),
            plan.names,
            hdr.layout_warnings(warnings, layout.footer, blank, subtotal),
            blank + subtotal + layout.footer.footer_lines,
        )

    def _read(
        self,
        cur: duckdb.DuckDBPyConnection,
        table: str,
        path: str,
        plan: _ReadPlan,
        multiline: bool,
        skip: int = 0,
    ) -> tuple[int, bool]:
        """CREATE the table from the file.  Returns the rows read (DuckDB skips blank lines) and whether
        values span lines (then DuckDB reads with one thread, and newlines are trimmed from cell edges)."""
        layout = self.layout
        has_tabs = self._facts().has_tabs
        learned = self.__dict__.setdefault("_learned", {"multiline": False, "widen": 0, "max_line": 0})
        max_line = max(self._max_line(path, multiline), learned["max_line"])
        for _attempt in range(9):
            internal = [f"c{i + 1}" for i in range(plan.width + 1)]  # the last one is a sentinel
            edges = " " + ("\t" if has_tabs else "") + ("\r\n" if multiline else "")
            params = [
                path,
                dict.fromkeys(internal, "VARCHAR"),
                layout.dialect.delimiter,
                layout.dialect.quote,
                layout.dialect.escape,
                not multiline,  # parallel
                max_line,
                _buffer_size(max_line),
                skip,  # lines above the data rows (when reading the original file in place)
                _WIDE_ROW,
            ]
            try:
                with _room_for_columns(cur, plan.width):
                    cur.execute(_create_sql(table, internal, plan, edges), params)
            except duckdb.Error as exc:
                message = str(exc)
                retry, multiline, max_line = _learn(message, plan, learned, path, multiline, max_line)
                if retry:
                    if _transaction_aborted(cur):
                        # Inside the load's transaction DuckDB has aborted it: the loader reruns the
                        # transaction, and this reader starts from what it just learned.
                        raise ReadRetry(message) from None
                    continue
                raise ReadError(
                    f"This CSV file could not be read ({message.splitlines()[0][:200]}); open it in Excel or a "
                    "text editor, save it again as CSV (UTF-8) and upload the new file."
                ) from None
            # A table created from a parallel read keeps the file's row order, and its rowids are consecutive
            # (from 0, or from 2**55 inside a transaction): the data row number is rowid - min(rowid) + 1.
            return (
                _scalar(
                    cur,
                    f"UPDATE {table} SET {quote_ident('_row')} = rowid - (SELECT min(rowid) FROM {table}) + 1",
                ),
                multiline,
            )
        raise ReadError(
            "Rows of this CSV file have too many fields to read; check that it is one table and upload it again."
        )

    def _max_line(self, path: str, multiline: bool) -> int:
        """max_line_size for read_csv: MAX_LINE_BYTES when every half of it holds a line break, so no line
        can be longer, else the file's size.  Known up front because a failed read cannot be retried inside
        the load's transaction (DuckDB aborts it)."""
        size = os.path.getsize(path) + 16
        if size <= MAX_LINE_BYTES or multiline:  # a multi-line record may be long: one thread reads anyway
            return max(4 * MB, size)
        return MAX_LINE_BYTES if self._facts().short_lines else size

    def _facts(self) -> _TextFacts:
        """One pass over the text up to the end of the data, a chunk at a time, for what several steps ask
        (reading a 650 MB file once rather than three times)."""
        facts = self.__dict__.get("_text_facts")
        if facts is not None:
            return facts
        layout, step = self.layout, MAX_LINE_BYTES // 2
        start, newline = layout.data_start, layout.newline[-1:]
        lines, has_tabs, short_lines = 0, False, True
        # Windows of exactly half the longest line allowed, from the file's start (header lines included): a
        # full one without a line break could be the middle of a longer line.
        for window in range(0, layout.data_end, step):
            window_end, position, broken = min(window + step, layout.data_end), window, False
            for chunk in self._utf8.chunks(window, window_end):
                broken = broken or chunk.find(newline) >= 0
                skip = max(0, start - position)  # lines and tabs count in the data rows only
                if skip < len(chunk):
                    lines += chunk.count(newline, skip)
                    has_tabs = has_tabs or chunk.find(b"\t", skip) >= 0
                position += len(chunk)
            short_lines = short_lines and (broken or window_end - window < step)
        self.__dict__["_text_facts"] = facts = _TextFacts(lines, has_tabs, short_lines)
        return facts

    def _drop_empty_exposed(self, cur: duckdb.DuckDBPyConnection, table: str, plan: _ReadPlan) -> list[str]:
        counts = cur.execute(
            f"SELECT {', '.join(f'count({quote_ident(n)})' for n in plan.exposed)} FROM {table}"
        ).fetchall()[0]
        kept = []
        for name, count in zip(plan.exposed, counts, strict=True):
            if count:
                kept.append(name)
            else:
                cur.execute(f"ALTER TABLE {table} DROP COLUMN {quote_ident(name)}")
                plan.names.remove(name)
        return [hdr.extra_columns_warning(kept)] if kept else []

    @staticmethod
    def _delete(cur: duckdb.DuckDBPyConnection, table: str, where: str, params: list | None = None) -> int:
        return _scalar(cur, f"DELETE FROM {table} WHERE {where}", params)

    def _empty_table(
        self, cur: duckdb.DuckDBPyConnection, table: str, names: list[str], footer: hdr.TrailingJunk
    ) -> Materialized:
        columns = ", ".join(f"{quote_ident(n)} VARCHAR" for n in names)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({columns}, {quote_ident('_row')} BIGINT)")
        warning = footer.warning()
        return Materialized(0, names, [warning] if warning else [], footer.footer_lines)

    # ------------------------------------------------------------ blank lines
    def _blank_line_inserts(self, rows_read: int, multiline: bool) -> list[int]:
        """Offsets of blank lines inside the data, where a delimiter must be written so that DuckDB (which
        skips blank lines) still counts them and every row keeps its source row number.

        Cheap test first: with no blank lines and no multi-line values, lines == rows.  Otherwise blank
        lines are found by search and kept only when an even number of quotes precedes them."""
        layout = self.layout
        start, end, newline = layout.data_start, layout.data_end, layout.newline
        lines = self._facts().lines + (0 if self._utf8[end - 1 : end] == newline else 1)
        if lines == rows_read:
            return []
        patterns = [b"\r\r"] if newline == b"\r" else [b"\n\n", b"\n\r\n"]
        candidates = []
        if self._utf8[start : start + 1] == newline or self._utf8[start : start + 2] == b"\r\n":
            candidates.append(start - 1)  # a blank line straight after the header
        for pattern in patterns:
            for pos in self._utf8.finditer(pattern, start, end, overlapping=True):
                if len(candidates) >= 100_000:
                    break
                candidates.append(pos)
        ends = [pos + 1 for pos in sorted(set(candidates))]
        quote = layout.dialect.quote.encode()
        if len(quote) == 1:
            quotes = self._utf8.counts_before(quote, start, ends)
        else:
            quotes = (self._utf8.count(quote, start, end) for end in ends)
        return [end for end, count in zip(ends, quotes, strict=True) if count % 2 == 0]

    # ------------------------------------------------------------ temp files
    def _in_place(self) -> tuple[str, int] | None:
        """(the text's file, lines to skip) when DuckDB can read the data rows straight from the file holding
        the text (the upload, or its re-encoded copy), saving another copy: the file is the text from its first
        byte (or after a UTF-8 byte-order mark, which DuckDB skips), every record above the data is exactly one
        line (DuckDB's ``skip`` counts lines, quotes or not) and nothing but line breaks follows the data (no
        footer, no trailing spaces)."""
        layout, utf8 = self.layout, self._utf8
        if layout.newline != b"\n" or not os.path.isfile(utf8.path):
            return None
        if utf8.offset and FileBytes(utf8.path)[: utf8.offset] != b"\xef\xbb\xbf":
            return None
        start = layout.data_start
        if start == 0 or utf8[start - 1 : start] != b"\n" or utf8.count(b"\n", 0, start) != layout.header_row:
            return None
        if any(chunk.strip(b"\r\n") for chunk in utf8.chunks(layout.data_end)):
            return None
        return utf8.path, layout.header_row

    def _file(self, key: str, inserts: list[int]) -> str:
        if key in self._paths:
            return self._paths[key]
        layout = self.layout
        fd, path = new_temp_file()
        self._paths[key] = path
        with os.fdopen(fd, "wb") as out:
            self._utf8.copy_to(out, layout.data_start, layout.data_end, inserts, layout.dialect.delimiter.encode())
        return path

    def close(self) -> None:
        self._closed = True
        _remove_files(self._paths)

    # ------------------------------------------------------------ preview
    def sample_rows(self) -> list[tuple[int, list[str | None]]]:
        """(row number, cells in column order) for the sampled data rows, without blank or subtotal rows."""
        layout = self.layout
        rows = layout.sample
        if not layout.complete and len(rows) < 100:
            scanned = self._utf8[layout.data_start : min(layout.data_end, layout.data_start + PREVIEW_SCAN_BYTES + 1)]
            text, _ = decode_prefix(scanned, PREVIEW_SCAN_BYTES)
            records = list(parse_records(text, layout.dialect, limit=500))
            if len(records) > 1 and len(text) >= PREVIEW_SCAN_BYTES // 4:
                records.pop()
            rows = [(k + 1, [clean_cell(f) for f in r.fields]) for k, r in enumerate(records)]
        positions = layout.plan.positions
        result = []
        for number, row in rows:
            cells = [row[p] if p < len(row) else None for p in positions]
            if not hdr.is_blank(cells) and not hdr.is_subtotal(cells):
                result.append((number, cells))
        return result

    def preview(self, n: int) -> pd.DataFrame:
        import pandas as pd

        rows = [cells for _number, cells in self.sample_rows()[:n]]
        return pd.DataFrame(rows, columns=self.layout.plan.names, dtype=object)


def _remove_files(paths: dict[str, str]) -> None:
    for path in list(paths.values()):
        with contextlib.suppress(OSError):
            os.remove(path)
    paths.clear()


def _learn(message: str, plan: _ReadPlan, learned: dict, path: str, multiline: bool,
           max_line: int) -> tuple[bool, bool, int]:
    """What a failed read teaches (remembered in ``learned`` for the next attempt): values span lines, a row
    has more fields than the header, a line is longer than allowed.  ``(retry, multiline, max_line)``."""
    if not multiline and any(hint in message for hint in _MULTILINE_HINTS):
        learned["multiline"] = True  # the parallel reader met a quoted line break
        return True, True, max_line
    if _WIDE_ROW in message:
        plan.widen()
        learned["widen"] += 1
        return True, multiline, max_line
    if _LONG_LINE in message and max_line < os.path.getsize(path) + 16:
        learned["max_line"] = os.path.getsize(path) + 16
        return True, multiline, learned["max_line"]
    return False, multiline, max_line
