"""The fast path for .xlsx/.xlsm sheets: fastexcel reads a sheet straight into Arrow text columns.

python-calamine (ingest.read.workbook) hands every cell to Python as an object; for a 200,000-row sheet that
costs more than the parse itself.  fastexcel runs the same calamine parser and writes the cells as Arrow
strings in Rust, so no Python object is made per cell.  Its text differs from ``ingest.read.cells`` in a few
ways (booleans, numbers with nine decimals, times and durations shown as dates near 1900), all corrected
by ``ingest.read.excel_text``.

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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from xml.etree import ElementTree

from ingest.read.base import match_sheet

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKSHEET_TYPE = "/worksheet"

# In the sheet XML: a merged range, and the first cell that holds a value (<v> or an inline string).
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")
# A cell element with content (<c r="B3" .../> has none), its row, its type.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_CELL_ROW = re.compile(rb'\br="[A-Z]{1,3}(\d+)"')
_CELL_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")  # a value that is not empty (<v></v> is none)
_TEXT = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
_CHUNK = 1 << 20  # zipfile stops a member at the size its directory entry promises, which sniff has checked


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


def workbook_parts(archive: zipfile.ZipFile) -> tuple[list[SheetPart], bool]:
    """The workbook's worksheets in tab order (chart and dialog sheets left out), and whether it uses the
    1904 date system."""
    try:
        book_path = _office_document(archive)
        book = ElementTree.fromstring(archive.read(book_path))
        rels_path = posixpath.join(posixpath.dirname(book_path), "_rels", posixpath.basename(book_path) + ".rels")
        rels = ElementTree.fromstring(archive.read(rels_path))
    except Exception as exc:  # damaged XML, bad compression, encryption ...: the general reader words it
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
    properties = book.find(f"{_NS_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
    return parts, date1904


def _office_document(archive: zipfile.ZipFile) -> str:
    rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise _Unusual("no workbook part")


class SheetScanner:
    """One pass over a sheet's XML, in two steps: the row of its first value (read from the top, in a thread
    beside fastexcel's parse: zlib releases the GIL), then, only when needed, whether it merges cells (the
    <mergeCells> list comes after all the rows, so this reads on to the end)."""

    def __init__(self, archive: zipfile.ZipFile, part: SheetPart) -> None:
        self._stream = archive.open(part.path)
        self._carry = b""
        self._done = False
        self._first_row: int | None = None
        self._merged = False

    def _chunks(self):
        while not self._done:
            chunk = self._stream.read(_CHUNK)
            if not chunk:
                self._done = True
                self._stream.close()
                return
            text = self._carry + chunk
            # Keep the end for a tag cut in two and, while the first value is sought, the last cell whole.
            self._carry = text[-512:] if self._first_row is not None else text[_last_cell_start(text) :]
            yield text

    def first_row(self) -> int:
        """1-based row of the first cell calamine counts (fastexcel's first row)."""
        if self._first_row is None:
            for text in self._chunks():
                self._merged = self._merged or _has_merge(text)
                self._first_row = _first_value_row(text)
                if self._first_row is not None:
                    break
        return self._first_row or 1

    def merged(self) -> bool:
        if not self._merged:
            for text in self._chunks():
                if _has_merge(text):
                    self._merged = True
                    break
        self.close()
        return self._merged

    def close(self) -> None:
        self._done = True
        self._stream.close()


def _last_cell_start(text: bytes) -> int:
    """Where the last (perhaps unfinished) cell element of ``text`` begins (at most 512 bytes from the end
    when there is none)."""
    found = max(text.rfind(b"<c "), text.rfind(b"<c>"), text.rfind(b":c "), text.rfind(b":c>"))
    if found > 0 and text[found] == ord(":"):
        found = text.rfind(b"<", 0, found)
    return found if found >= 0 else max(0, len(text) - 512)


def _has_merge(text: bytes) -> bool:
    return b"mergeCell" in text and _MERGE.search(text) is not None


def scan_sheet(archive: zipfile.ZipFile, part: SheetPart) -> SheetScan:
    """The first row and whether the sheet merges cells, in one pass."""
    scanner = SheetScanner(archive, part)
    return SheetScan(scanner.first_row(), scanner.merged())


def _first_value_row(text: bytes) -> int | None:
    """The row of the first cell calamine counts: one with a value, or a text cell even when empty."""
    for cell in _CELL.finditer(text):
        attributes, body = cell.group(1), cell.group(2)
        kind = _CELL_TYPE.search(attributes)
        if _VALUE.search(body) or (kind and kind.group(1) in (b"str", b"inlineStr", b"d") and _TEXT.search(body)):
            row = _CELL_ROW.search(attributes)
            if row is None:
                raise _Unusual("cells without references")
            return int(row.group(1))
    return None


def read_fast(data: bytes, sheet: str | None):
    """The RawTable of an .xlsx/.xlsm through fastexcel, or None when the general reader should take it."""
    try:
        import fastexcel
    except ImportError:  # an optional speed-up: the general reader does the same work
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts, date1904 = workbook_parts(archive)
    except Exception:  # the general reader says what is wrong with the file
        return None
    visible = [p for p in parts if p.visible]
    candidates = _candidate_sheets(sheet, parts, visible)
    if not candidates:
        return None
    parsed = _parse(fastexcel, data, archive, candidates)
    if parsed is None:
        return None
    reader, batches, rows = parsed
    # Imported now, not at the top: the parse above should start before numpy and pyarrow are imported.
    from ingest.read.arrow import ArrowSource, Declined, layout_batch
    from ingest.read.excel_text import DateSystem
    from ingest.read.workbook import workbook_table

    system = DateSystem(epoch_1904=date1904)
    try:
        layouts = [(part, None if loaded is None else layout_batch(loaded[0], first_row, loaded[1], system))
                   for part, loaded, first_row in zip(candidates, batches, rows, strict=True)]
    except Declined:
        return None
    chosen = _choose(layouts)
    if chosen is None:
        return None  # every candidate sheet is empty: the general reader says so
    part, layout = chosen
    try:
        _read_numbers_again(reader, part.name, layout)
    except Exception:  # fastexcel's errors: the general reader words them
        return None
    return workbook_table(part.name, layout, [p.name for p in visible], "xlsx", ArrowSource(layout))


def _candidate_sheets(sheet: str | None, parts, visible) -> list:
    if sheet is None:
        return visible or parts
    wanted = _find(sheet, parts)
    return [] if wanted is None else [wanted]  # none: the general reader words the error with the choices


def _parse(fastexcel, data: bytes, archive, candidates):
    """fastexcel's batches of the candidate sheets and, meanwhile, their first rows as text; None when the
    general reader should take the file (damaged parts, merged cells to fill, fastexcel's errors)."""
    scanners: list[SheetScanner] = []
    try:
        scanners = [SheetScanner(archive, part) for part in candidates]
        with ThreadPoolExecutor(max_workers=1) as pool:
            first_rows = pool.submit(lambda: [scanner.first_row() for scanner in scanners])
            reader = fastexcel.read_excel(data)
            batches = [_load(reader, part.name) for part in candidates]
            rows = first_rows.result()
            # A merged range leaves its other cells empty: a sheet without an empty cell has none to fill.
            if any(b is not None and _has_empty_cells(b[0]) and s.merged()
                   for b, s in zip(batches, scanners, strict=True)):
                return None
        return reader, batches, rows
    except Exception:  # damaged or unsupported parts, fastexcel's errors: the general reader words them
        return None
    finally:
        for scanner in scanners:
            scanner.close()


def _read_numbers_again(reader, name: str, layout) -> None:
    """Columns with numbers fastexcel rounded to nine decimals are read again as numbers (one more parse
    of the sheet, only for such files): ``layout.exact``."""
    from ingest.read.excel_text import may_be_rounded

    rounded = [k for k, (c, kind) in enumerate(zip(layout.columns, layout.kinds, strict=True))
               if kind == "text" and may_be_rounded(c)]
    if not rounded:
        return
    columns = [layout.sheet_columns[k] for k in rounded]  # fastexcel counts them from column A
    sheet = reader.load_sheet(name, header_row=None, use_columns=columns, dtypes=dict.fromkeys(columns, "float"))
    batch = sheet.to_arrow()
    if batch.num_rows != layout.batch_rows:
        raise ValueError("the second read does not line up with the first")
    rows = len(layout.columns[0])
    for i, k in enumerate(rounded):
        layout.exact[k] = batch.column(i).slice(layout.body_start, rows)


def _has_empty_cells(batch) -> bool:
    """Any empty cell (missing, '' or only spaces), where a merged range may hide."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for column in batch.columns:
        if column.null_count:
            return True
        blank = pc.or_(pc.invert(pc.cast(pc.utf8_length(column), pa.bool_())), pc.utf8_is_space(column))
        if pc.any(blank).as_py():
            return True
    return False


def _find(wanted: str, parts: list[SheetPart]) -> SheetPart | None:
    name = match_sheet(wanted, [part.name for part in parts])
    return next((part for part in parts if part.name == name), None)


def _load(reader, name: str):
    """The sheet as a RecordBatch of string columns and the sheet column (0-based) of its first one; None
    for an empty sheet."""
    sheet = reader.load_sheet(name, header_row=None, dtypes="string")
    columns = sheet.available_columns()
    if not columns or sheet.height == 0:
        return None
    return sheet.to_arrow(), columns[0].absolute_index


def _choose(layouts):
    """The largest table on a data sheet (as ingest.read.workbook chooses); None when all are empty."""
    from ingest.read.workbook import sheet_rank

    ranked = [(sheet_rank(part.name, layout), -i) for i, (part, layout) in enumerate(layouts) if layout is not None]
    return layouts[-max(ranked)[1]] if ranked else None  # on a tie, the first sheet, as the general path
