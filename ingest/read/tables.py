"""Bytes -> a raw table of text cells with a correct header: the file-reading half of the importer.

``read_table`` decides the container from the bytes (never the file name), decodes text, finds the
header under any title rows, names the columns, and drops report footers, subtotal and blank rows.
The result, a ``RawTable``, is loaded into DuckDB with ``materialize`` (every column VARCHAR, plus the
source row number ``_row``) or looked at with ``preview``.

Errors a user can fix raise ``ReadError`` with one sentence saying what is wrong and what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.errors import IngestError
from ingest.read import header as hdr
from ingest.read.base import RawTable, ReadError
from ingest.read.encoding import DecodedText, decode_to_utf8
from ingest.read.sniff import detect_container, text_container

if TYPE_CHECKING:  # previews only; loading never imports pandas
    pass

__all__ = ["RawTable", "ReadError", "open_raw", "read_table"]


def read_table(data: bytes, file_name: str, *, sheet: str | None = None, path: str | None = None) -> RawTable:
    """Read an export (CSV/TSV/TXT, XLSX/XLSM, XLS, ODS or an HTML table) into a RawTable.

    ``path``, when given, is the file ``data`` was read from: a UTF-8 CSV is then loaded by DuckDB straight
    from it instead of from a temporary copy of its data rows."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReadError("The upload could not be read; choose the file again.")
    data = bytes(data)
    container = detect_container(data, file_name)
    if container in ("xlsx", "xls", "ods"):
        if container == "xlsx":  # fastexcel first: no Python object per cell (ingest.read.xlsx_fast)
            from ingest.read.xlsx_fast import read_fast

            fast = read_fast(data, sheet)
            if fast is not None:
                return fast
        from ingest.read.workbook import read_workbook

        return read_workbook(data, container, sheet=sheet)
    decoded = decode_to_utf8(data)
    head = decoded.utf8[:65536].decode("utf-8", "ignore")
    if text_container(head) == "html":
        from ingest.read.html_tables import read_html

        return read_html(data, decoded)
    return _read_csv(decoded, path if decoded.source_offset is not None else None)


def _read_csv(decoded: DecodedText, original: str | None = None) -> RawTable:
    from ingest.read.csv_sniff import sniff_layout
    from ingest.read.delimited import CsvSource

    layout = sniff_layout(decoded.utf8)
    if not layout.plan.names:
        raise ReadError("No columns were found under the header row; export the report with its columns.")
    source = CsvSource(decoded.utf8, layout, original)
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


def _read_table(data: bytes, file_name: str, sheet: str | None, path: str | None = None) -> RawTable:
    return read_table(data, file_name, sheet=sheet, path=path)


def open_raw(data: bytes, file_name: str, sheet: str | None = None, path: str | None = None) -> RawTable:
    """The reader's RawTable; summary tables are refused with what to export instead."""
    raw = _read_table(data, file_name, sheet) if path is None else _read_table(data, file_name, sheet, path)
    if getattr(raw, "kind", "records") == "summary":
        raw.close()
        raise IngestError(
            f"{file_name} is a summary (totals per group), not one row per record; export the underlying "
            "records instead (for example a tabular or details report, or the object's list view) and "
            "upload that."
        )
    return raw
