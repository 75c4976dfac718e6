"""Small workbooks made in memory for the reader tests (tests/test_read_*.py)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

import duckdb
import openpyxl


def load(raw, table: str = "raw") -> tuple[list[str], list[tuple]]:
    """Materialize a RawTable into a fresh in-memory DuckDB; returns (column names, rows ordered by _row)."""
    con = duckdb.connect()
    try:
        cur = con.cursor()  # TEMP tables belong to the cursor (connection) that made them
        raw.materialize(cur, table)
        names = [d[0] for d in cur.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
        rows = cur.execute(f'SELECT * FROM "{table}" ORDER BY _row').fetchall()
        return names, rows
    finally:
        con.close()
        raw.close()


def xlsx_bytes(
    sheets: dict[str, Sequence[Sequence[object]]],
    *,
    merged: dict[str, Sequence[str]] | None = None,
    hidden: Iterable[str] = (),
    start: dict[str, str] | None = None,
    number_formats: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """An .xlsx with one sheet per entry; rows start at ``start[sheet]`` (e.g. "B3"), default A1."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        origin = (start or {}).get(name, "A1")
        first_row = sheet[origin].row
        first_col = sheet[origin].column
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.cell(row=first_row + r, column=first_col + c, value=value)
        for cell_range in (merged or {}).get(name, ()):
            sheet.merge_cells(cell_range)
        for ref, fmt in (number_formats or {}).get(name, {}).items():
            sheet[ref].number_format = fmt
        if name in set(hidden):
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


SHEET_XML_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)


def xlsx_from_sheet_xml(sheet_xml: bytes, *, sheet_compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A one-sheet .xlsx around ``sheet_xml`` (a whole worksheet part, e.g. SHEET_XML_HEAD + rows +
    b"</sheetData></worksheet>"): for cells and merges openpyxl will not write."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml, compress_type=sheet_compression)
    return out.getvalue()


def xlsx_with_empty_formatted_rows(data_rows: Sequence[Sequence[str]], empty_rows: int) -> bytes:
    """A one-sheet .xlsx written as raw XML: the rows, then ``empty_rows`` rows of styled empty cells
    (what Excel leaves after formatting whole columns).  openpyxl would take minutes to write this."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            for r, row in enumerate(data_rows, start=1):
                cells = "".join(
                    f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                    for c, v in enumerate(row)
                )
                sheet.write(f'<row r="{r}">{cells}</row>'.encode())
            first = len(data_rows) + 1
            chunk = []
            for r in range(first, first + empty_rows):
                chunk.append(
                    b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/><c r="B%d" s="1"/></row>'
                    % (r, r, r)
                )
                if len(chunk) == 20000:
                    sheet.write(b"".join(chunk))
                    chunk = []
            sheet.write(b"".join(chunk) + b"</sheetData></worksheet>")
    return out.getvalue()


def ods_bytes(rows: Sequence[Sequence[str | float | None]], sheet: str = "Sheet1") -> bytes:
    """A minimal OpenDocument spreadsheet."""
    body = []
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("<table:table-cell/>")
            elif isinstance(value, float | int):
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                    "</table:table-cell>"
                )
            else:
                cells.append(
                    f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'
                )
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{"".join(body)}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()
