"""Decide what a file is from its bytes (never from its name), and refuse what cannot be a table.

``detect_container`` returns "csv", "html", "xlsx", "xls" or "ods", or raises ``ReadError`` with one
sentence naming what the file really is (an image, a PDF, a damaged or oversized ZIP ...).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass

from ingest.read.base import ReadError
from ingest.read.source import FileBytes, chunks_of

# Exports can hold very long cells (a 50 MB description); Python's csv module refuses fields over 128 KB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

ASK_FOR_EXPORT = "export the report as CSV or Excel and upload that"

# Refuse archives that would expand beyond this (zip bombs, or simply too much for an upload).
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_RATIO = 200
# Members smaller than this are never "bombs", however well they compress (short repetitive XML).
RATIO_MIN_SIZE = 8 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (prefix, offset, what the file is).  Checked before any text decoding.
BINARY_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"%PDF", 0, "a PDF document"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"ftypheic", 4, "a HEIC photo"),
    (b"ftypmif1", 4, "a HEIC photo"),
    (b"ftypisom", 4, "an MP4 video"),
    (b"ftypmp42", 4, "an MP4 video"),
    (b"WEBP", 8, "a WebP image"),
    (b"\x1f\x8b", 0, "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"BZh", 0, "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", 0, "an XZ-compressed file"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"PAR1", 0, "a Parquet file"),
    (b"\x7fELF", 0, "a program"),
    (b"{\\rtf", 0, "an RTF document"),
]

# Control bytes that text exports do contain (tab, newlines, form feed, Ctrl-Z end marker, escape).
_TEXT_CONTROL_OK = {9, 10, 12, 13, 26, 27}
_BINARY_CONTROLS = bytes(b for b in range(1, 32) if b not in _TEXT_CONTROL_OK)


def detect_container(data: bytes | FileBytes, file_name: str = "") -> str:
    """The container format of ``data`` (bytes, or a file's bytes read a chunk at a time); raises ReadError for
    anything that is not a readable table."""
    if not _has_content(data):
        raise ReadError(
            "The file is empty; export the report again and upload the file that contains the rows."
        )
    for magic, offset, what in BINARY_SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            raise ReadError(f"This file is {what}, not a spreadsheet; {ASK_FOR_EXPORT}.")
    if data[:2] == b"MZ" and b"\x00" in data[:64]:
        raise ReadError(f"This file is a program, not a spreadsheet; {ASK_FOR_EXPORT}.")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _zip_container(data)
    if data[:8] == OLE2_MAGIC:
        return _ole2_container(data)
    if looks_binary(data[:65536]):
        raise ReadError(
            f"This file is not a spreadsheet or a text export (it contains binary data); {ASK_FOR_EXPORT}."
        )
    return "text"  # CSV or HTML: decided after decoding (see ingest.read.tables)


def _has_content(data: bytes | FileBytes) -> bool:
    """Anything but blanks and NULs after a byte-order mark (the whole file is read only for blank starts)."""
    blank = b" \t\r\n\x00"
    start = next((len(bom) for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff") if data.startswith(bom)), 0)
    if data[start : start + 4096].strip(blank):
        return True
    return any(chunk.strip(blank) for chunk in chunks_of(data, start))


def looks_binary(sample: bytes) -> bool:
    """True when a sample has too many control bytes to be text (UTF-16 text is not binary).

    Judged on the sample's first 8 KB that are not NUL, so a file that starts with NUL padding is judged by
    what follows it."""
    if not sample:
        return False
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff") or utf16_without_bom(sample):
        return False
    # NULs say nothing either way: exporters pad fields or the file's end with them (we remove them), and
    # binary formats have them too.  What tells binary apart is the rest: text has almost no other control
    # bytes, while compressed or structured binary data has about one in ten (25 of 255 byte values).
    text = sample.replace(b"\x00", b"")[:8192]
    controls = len(text) - len(text.translate(None, _BINARY_CONTROLS))
    return controls > len(text) * 0.05


def utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ASCII-range text shows the NUL byte of every second byte."""
    sample = sample[: len(sample) // 2 * 2][:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > half * 0.6 and even.count(0) < half * 0.1:
        return "utf-16-le"
    if even.count(0) > half * 0.6 and odd.count(0) < half * 0.1:
        return "utf-16-be"
    return None


# ------------------------------------------------------------------ ZIP (xlsx, xlsm, xlsb, ods)
def _zip_container(data: bytes | FileBytes) -> str:
    with open(data.path, "rb") if isinstance(data, FileBytes) else io.BytesIO(data) as file:
        return _zip_kind(file)


def _zip_kind(file) -> str:
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ReadError(
            "This Excel file is damaged or incomplete (perhaps the upload was cut off); open it in Excel, "
            "save it again and upload the new copy."
        ) from None
    check_zip_sizes(infos)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "content.xml" in names and _zip_mimetype(archive).startswith(
        "application/vnd.oasis.opendocument.spreadsheet"
    ):
        return "ods"
    if "word/document.xml" in names:
        raise ReadError(f"This file is a Word document, not a spreadsheet; {ASK_FOR_EXPORT}.")
    if "ppt/presentation.xml" in names:
        raise ReadError(f"This file is a PowerPoint presentation, not a spreadsheet; {ASK_FOR_EXPORT}.")
    if "Index/Document.iwa" in names or any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        raise ReadError(
            "This file is an Apple Numbers document; in Numbers choose File > Export To > Excel or CSV and upload that."
        )
    if "content.xml" in names:
        raise ReadError(
            f"This file is an OpenDocument text or presentation, not a spreadsheet; {ASK_FOR_EXPORT}."
        )
    raise ReadError(
        "This file is a ZIP archive, not a spreadsheet; unzip it and upload the CSV or Excel file inside."
    )


def check_zip_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives whose directory promises more than we can safely expand."""
    total = sum(max(0, info.file_size) for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise ReadError(
            f"This file would expand to {total / 1024**3:.1f} GB, which is more than the 1 GB an upload may "
            "hold; export a shorter date range or fewer columns and upload that."
        )
    for info in infos:
        if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise ReadError(
                "This file is compressed more than 200 to 1, which is how zip bombs look, so it was not opened; "
                "save the spreadsheet again from Excel or export it as CSV and upload that."
            )


def _zip_mimetype(archive: zipfile.ZipFile) -> str:
    try:
        with archive.open("mimetype") as member:
            return member.read(200).decode("ascii", "replace").strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return ""


# ------------------------------------------------------------------ OLE2 (legacy .xls, encrypted xlsx)
def _utf16_name(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole2_container(data: bytes | FileBytes) -> str:
    # Directory entries hold stream names in UTF-16; looking for them is enough to tell the formats apart.
    if _utf16_name("EncryptedPackage") in data or _utf16_name("EncryptionInfo") in data:
        raise ReadError(
            "This Excel file is password-protected; remove the password in Excel (File > Info > Protect "
            "Workbook) and upload it again."
        )
    if _utf16_name("Workbook") in data or _utf16_name("Book") in data:
        return "xls"
    if _utf16_name("WordDocument") in data:
        raise ReadError(f"This file is a Word document, not a spreadsheet; {ASK_FOR_EXPORT}.")
    if _utf16_name("PowerPoint Document") in data:
        raise ReadError(f"This file is a PowerPoint presentation, not a spreadsheet; {ASK_FOR_EXPORT}.")
    if _utf16_name("__substg1.0_") in data:
        raise ReadError(
            "This file is an Outlook message, not a spreadsheet; save the attachment and upload it."
        )
    return "xls"  # let the workbook reader try; it reports damage itself


# ------------------------------------------------------------------ text: CSV or HTML
_HTML_START = re.compile(
    r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|table|meta|style|\?xml)", re.I | re.S
)
_SPREADSHEET_2003 = re.compile(r"urn:schemas-microsoft-com:office:spreadsheet", re.I)


def text_container(text_prefix: str) -> str:
    """'html' for an HTML page (some CRMs call it .xls), else 'csv'.  Refuses Excel 2003 XML."""
    if not _HTML_START.match(text_prefix):
        return "csv"
    head = text_prefix[:65536]
    if head.lstrip().startswith("<?xml") and _SPREADSHEET_2003.search(head) and "<table" not in head.lower():
        raise ReadError(
            "This file is an Excel 2003 XML spreadsheet; open it in Excel, save it as .xlsx (Excel Workbook) "
            "and upload that."
        )
    if head.lstrip().startswith("<?xml") and "<html" not in head.lower():
        raise ReadError(f"This file is an XML document, not a spreadsheet; {ASK_FOR_EXPORT}.")
    return "html"


# ------------------------------------------------------------------ CSV dialect
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str = ","
    quote: str = '"'
    escape: str = '"'  # '"' means a quote inside quotes is doubled ("")

    def reader_options(self) -> dict:
        """Options for Python's csv module that parse like DuckDB's read_csv with these settings."""
        if self.escape == self.quote:
            return {
                "delimiter": self.delimiter,
                "quotechar": self.quote,
                "doublequote": True,
                "strict": False,
            }
        return {
            "delimiter": self.delimiter,
            "quotechar": self.quote,
            "escapechar": self.escape,
            "doublequote": False,
            "strict": False,
        }


def sniff_dialect(text: str) -> CsvDialect:
    """The delimiter (and escape style) that splits the sample into the most consistent rows.

    Every candidate parses the sample with quotes respected; the winner has the largest share of rows
    with its most common field count (counted over the lower part of the sample, below any title lines),
    preferring more fields and then the usual order , ; tab |.  A decimal comma in a ;-file loses because
    "1,5;2,5" splits unevenly on commas."""
    lines = text[:65536]
    escape = _escape_style(lines)
    best: tuple[tuple[float, int, int], CsvDialect] | None = None
    for order, delimiter in enumerate(DELIMITERS):
        if delimiter not in lines:
            continue
        dialect = CsvDialect(delimiter, '"', escape)
        score = _consistency(lines, dialect)
        if score is not None and (best is None or (*score, -order) > best[0]):
            best = ((*score, -order), dialect)
    return best[1] if best else CsvDialect(escape=escape)


def _escape_style(text: str) -> str:
    """Backslash-escaped quotes (\\") only when the sample has them and no doubled quotes inside a value."""
    if '\\"' in text and not _DOUBLED_QUOTE_INSIDE.search(text):
        return "\\"
    return '"'


_DOUBLED_QUOTE_INSIDE = re.compile(r'[^\s,;\t|"]""|""[^\s,;\t|"]')


def _consistency(text: str, dialect: CsvDialect) -> tuple[float, int] | None:
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), **dialect.reader_options()) if r]
    except csv.Error:
        return None
    if len(rows) > 2:
        rows = rows[:-1]  # the sample may end mid-row
    counts = [len(r) for r in rows[len(rows) // 4 :]] or [len(r) for r in rows]
    if not counts:
        return None
    mode, freq = Counter(counts).most_common(1)[0]
    if mode < 2:
        return None
    return round(freq / len(counts), 2), mode
