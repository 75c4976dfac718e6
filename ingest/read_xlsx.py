"""The fast path for .xlsx/.xlsm sheets: fastexcel reads a sheet straight into Arrow text columns.

python-calamine (ingest.read_workbook) hands every cell to Python as an object; for a 200,000-row sheet that
costs more than the parse itself.  fastexcel runs the same calamine parser and writes the cells as Arrow
strings in Rust, so no Python object is made per cell.  Its text differs from ``ingest.read_cells`` in a few
ways, all corrected in SQL (``ingest.read_arrow``): "true"/"false", "-0", times and durations shown as
dates in 1899/1900, sub-second noise, and midnight dates printed with " 00:00:00".

The workbook's own XML says what fastexcel does not: which parts are visible worksheets, the row the
table starts on (fastexcel starts at the first row with a value) and whether the sheet has merged cells.
A sheet with merged cells, or anything unusual about the file, goes the general way (python-calamine),
which fills merged ranges and words every error; ``read_fast`` then returns None.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from xml.etree import ElementTree

from ingest.read_base import ReadError

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKSHEET_TYPE = "/worksheet"

# In the sheet XML: a merged range, and the first cell that holds a value (<v> or an inline string).
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")
_FIRST_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)>")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]{1,3}(\d+)"')
_CHUNK = 1 << 20
# A sheet part may not expand to more than this many times what its directory entry promises
# (sniff.check_zip_sizes has already refused archives whose directory promises too much).
_LIE_FACTOR = 1.05


@dataclass(frozen=True)
class SheetPart:
    name: str
    path: str  # the sheet's XML inside the archive
    visible: bool


@dataclass(frozen=True)
class SheetScan:
    first_row: int  # 1-based row of the first cell with a value
    merged: bool


class _Unusual(Exception):
    """Something the fast path does not handle; the general reader takes the file."""


def worksheets(archive: zipfile.ZipFile) -> list[SheetPart]:
    """The workbook's worksheets in tab order (chart and dialog sheets left out)."""
    try:
        book_path = _office_document(archive)
        book = ElementTree.fromstring(archive.read(book_path))
        rels_path = posixpath.join(posixpath.dirname(book_path), "_rels", posixpath.basename(book_path) + ".rels")
        rels = ElementTree.fromstring(archive.read(rels_path))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _Unusual from exc
    targets = {}
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(posixpath.dirname(book_path), target)
        )
        targets[rel.get("Id")] = (rel.get("Type", ""), path)
    parts = []
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        kind, path = targets.get(sheet.get(f"{_NS_REL}id"), ("", ""))
        if not kind.endswith(_WORKSHEET_TYPE):
            continue
        if path not in archive.NameToInfo:
            raise _Unusual(path)
        parts.append(SheetPart(sheet.get("name", ""), path, sheet.get("state", "visible") == "visible"))
    return parts


def _office_document(archive: zipfile.ZipFile) -> str:
    rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise _Unusual("no workbook part")


def scan_sheet(archive: zipfile.ZipFile, part: SheetPart) -> SheetScan:
    """Stream the sheet's XML once: the row of its first value and whether it merges cells.

    zlib releases the GIL, so this runs beside fastexcel's parse of the same sheet."""
    info = archive.getinfo(part.path)
    limit = max(info.file_size * _LIE_FACTOR, _CHUNK)
    first_row = None
    merged = False
    seen = 0
    carry = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            seen += len(chunk)
            if seen > limit:
                raise _Unusual("the sheet expands beyond its directory entry")
            text = carry + chunk
            if first_row is None:
                found = _FIRST_VALUE.search(text)
                if found:
                    cells = list(_CELL_REF.finditer(text, 0, found.start()))
                    if not cells:
                        raise _Unusual("cells without references")
                    first_row = int(cells[-1].group(1))
            if b"mergeCell" in text and _MERGE.search(text):
                merged = True
                break
            # Keep enough of the end of the chunk for a tag cut in two, and the cell that owns a value.
            carry = text[-512:] if first_row is not None else text[-65536:]
    return SheetScan(first_row or 1, merged)


def read_fast(data: bytes, sheet: str | None):
    """The RawTable of an .xlsx/.xlsm through fastexcel, or None when the general reader should take it."""
    try:
        import fastexcel
    except ImportError:  # an optional speed-up: the general reader does the same work
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = worksheets(archive)
    except (_Unusual, zipfile.BadZipFile, OSError, ValueError):
        return None
    visible = [p for p in parts if p.visible]
    if sheet is not None:
        wanted = _find(sheet, parts)
        if wanted is None:
            return None  # the general reader words the error with the choices
        candidates = [wanted]
    else:
        candidates = visible or parts
    if not candidates:
        return None
    with ThreadPoolExecutor(max_workers=1) as pool:
        scans = pool.submit(lambda: [scan_sheet(archive, part) for part in candidates])
        try:
            reader = fastexcel.read_excel(data)
            batches = [_load(reader, part.name) for part in candidates]
        except _Unusual:
            return None
        except Exception:  # fastexcel's errors: the general reader words them for the user
            return None
        try:
            found = scans.result()
        except (_Unusual, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            return None
    if any(scan.merged for scan in found):
        return None
    from ingest.read_arrow import Declined, layout_batch

    layouts = []
    try:
        for part, batch, scan in zip(candidates, batches, found, strict=True):
            layouts.append((part, layout_batch(batch, scan.first_row) if batch is not None else None))
    except Declined:
        return None
    return _choose(layouts, [p.name for p in visible])


def _find(wanted: str, parts: list[SheetPart]) -> SheetPart | None:
    for part in parts:
        if part.name == wanted:
            return part
    for part in parts:
        if part.name.strip().casefold() == wanted.strip().casefold():
            return part
    return None


def _load(reader, name: str):
    """The sheet as a RecordBatch of string columns (None for an empty sheet)."""
    batch = reader.load_sheet(name, header_row=None, dtypes="string", eager=True, whitespace_as_null=True)
    if batch.num_rows == 0 or batch.num_columns == 0:
        return None
    return batch


def _choose(layouts, visible: list[str]):
    from ingest.read_arrow import ArrowSource
    from ingest.read_workbook import is_side_table
    from ingest.readers import RawTable

    best = None
    for part, layout in layouts:
        if layout is None:
            continue
        key = (0 if is_side_table(part.name, layout) else 1, layout.row_count * len(layout.names))
        if best is None or key > best[0]:
            best = (key, part, layout)
    if best is None:
        return None  # every candidate sheet is empty: the general reader says so
    _, part, layout = best
    if not layout.names:
        raise ReadError(
            f"No columns were found on the sheet '{part.name}'; choose another sheet or export the report again."
        )
    return RawTable(
        columns=list(layout.names),
        container="xlsx",
        encoding=None,
        delimiter=None,
        sheet=part.name,
        sheets=visible,
        header_row=layout.header_row,
        kind=layout.kind,
        warnings=list(layout.warnings),
        dropped_rows=layout.dropped_rows,
        row_count=layout.row_count,
        _source=ArrowSource(layout),
    )
