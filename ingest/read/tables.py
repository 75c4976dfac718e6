"""Bytes -> a raw table of text cells with a correct header: the file-reading half of the importer.

``read_table`` decides the container from the bytes (never the file name), decodes text, finds the
header under any title rows, names the columns, and drops report footers, subtotal and blank rows.
The result, a ``RawTable``, is loaded into DuckDB with ``materialize`` (every column VARCHAR, plus the
source row number ``_row``) or looked at with ``preview``.

Errors a user can fix raise ``ReadError`` with one sentence saying what is wrong and what to do.
"""

from __future__ import annotations

import os

from ingest.errors import IngestError
from ingest.read import header as hdr
from ingest.read.base import RawTable, ReadError
from ingest.read.encoding import DecodedText, decode_file
from ingest.read.sniff import detect_container, text_container
from ingest.read.source import FileBytes, remove_quietly, spill

__all__ = ["RawTable", "ReadError", "open_raw", "read_table"]


def read_table(data: bytes | os.PathLike | FileBytes, file_name: str, *, sheet: str | None = None) -> RawTable:
    """Read an export (CSV/TSV/TXT, XLSX/XLSM, XLS, ODS or an HTML table) into a RawTable.

    ``data`` is the file's bytes or its path.  A text file is read from its path a chunk at a time (bytes are
    written to a temp file first, their only copy), and a UTF-8 CSV is loaded by DuckDB straight from it."""
    if isinstance(data, os.PathLike) and not isinstance(data, FileBytes):
        data = FileBytes(data)
    elif isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes | FileBytes):
        raise ReadError("The upload could not be read; choose the file again.")
    container = detect_container(data, file_name)
    if container in ("xlsx", "xls", "ods"):
        # Workbooks are parsed whole (python-calamine, fastexcel): their bytes are read into memory.
        return _read_workbook(data.all_bytes() if isinstance(data, FileBytes) else data, container, sheet)
    spilled = spill(data) if isinstance(data, bytes) else None
    decoded = None
    try:
        decoded = decode_file(FileBytes(spilled) if spilled else data)
        if text_container(decoded.utf8[:65536].decode("utf-8", "ignore")) != "html":
            return _read_csv(decoded, [p for p in (spilled, decoded.temp_path) if p])
        # An HTML page is parsed whole (Python's html.parser), in memory.
        whole = DecodedText(decoded.encoding, decoded.utf8.all_bytes(), decoded.warnings)
        page = data if isinstance(data, bytes) else data.all_bytes()
    except BaseException:
        remove_quietly(spilled)
        remove_quietly(decoded.temp_path if decoded else None)
        raise
    remove_quietly(spilled)
    remove_quietly(decoded.temp_path)
    from ingest.read.html_tables import read_html

    return read_html(page, whole)


def _read_workbook(data: bytes, container: str, sheet: str | None) -> RawTable:
    if container == "xlsx":  # fastexcel first: no Python object per cell (ingest.read.xlsx_fast)
        from ingest.read.xlsx_fast import read_fast

        fast = read_fast(data, sheet)
        if fast is not None:
            return fast
    from ingest.read.workbook import read_workbook

    return read_workbook(data, container, sheet=sheet)


def _read_csv(decoded: DecodedText, temp_files: list[str]) -> RawTable:
    """The CSV whose UTF-8 text is ``decoded.utf8``; ``temp_files`` go when the table is closed."""
    from ingest.read.csv_sniff import sniff_layout
    from ingest.read.delimited import CsvSource

    layout = sniff_layout(decoded.utf8)
    if not layout.plan.names:
        raise ReadError("No columns were found under the header row; export the report with its columns.")
    source = CsvSource(decoded.utf8, layout, temp_files)
    file_warnings = decoded.warnings + layout.plan.warnings
    footer = layout.footer.warning()
    if footer:
        file_warnings.append(footer)
    warnings = list(file_warnings)
    dropped = layout.footer.footer_lines
    row_count = None
    rows = source.sample_rows()
    if layout.complete:
        cells = [
            [row[p] if p < len(row) else None for p in layout.plan.positions] for _, row in layout.sample
        ]
        blank = sum(hdr.is_blank(c) for c in cells)
        subtotal = sum(not hdr.is_blank(c) and hdr.is_subtotal(c) for c in cells)
        warnings += hdr.row_warnings(blank, subtotal)
        dropped += blank + subtotal
        row_count = len(rows)
    return RawTable(
        columns=list(layout.plan.names),
        container="csv",
        encoding=decoded.encoding,
        delimiter=layout.dialect.delimiter,
        sheet=None,
        sheets=[],
        header_row=layout.header_row,
        kind=hdr.table_kind(layout.plan.names, [c for _, c in rows], row_count),
        warnings=warnings,
        dropped_rows=dropped,
        row_count=row_count,
        _source=source,
        _file_warnings=file_warnings,
    )


def _read_table(data: bytes | os.PathLike | FileBytes, file_name: str, sheet: str | None) -> RawTable:
    return read_table(data, file_name, sheet=sheet)  # the seam tests replace with a fake reader


def open_raw(data: bytes | os.PathLike | FileBytes, file_name: str, sheet: str | None = None) -> RawTable:
    """The reader's RawTable; summary tables are refused with what to export instead."""
    raw = _read_table(data, file_name, sheet)
    if getattr(raw, "kind", "records") == "summary":
        raw.close()
        raise IngestError(
            f"{file_name} is a summary (totals per group), not one row per record; export the underlying "
            "records instead (for example a tabular or details report, or the object's list view) and "
            "upload that."
        )
    return raw
