"""Bounded memory (issue 18): the importer reads a text file a chunk at a time and never holds it whole.

The chunk size (ingest.read.source.CHUNK) is shrunk here so that small files cross many chunk boundaries:
characters of GB18030 and UTF-16, NUL bytes, blank lines and quotes all land on them, and the results must be
those of reading the file in one piece."""

from __future__ import annotations

import builtins
import codecs
import tracemalloc
from pathlib import Path

import pytest

from ingest import load_export
from ingest.read import delimited, source
from ingest.read.encoding import decode_file
from ingest.read.source import FileBytes
from ingest.read.tables import read_table
from tests.data.read.builders import load

ODD_CHUNK = 4099  # odd and prime: cuts characters of every width, UTF-16 code units included
HEADER = ["Opportunity Name", "Account Name", "Owner", "Stage", "Amount", "Close Date"]


def deal_rows(n: int, *, start: int = 0, chinese_only: bool = False) -> list[list[str]]:
    """Deals whose names mix 1- to 4-byte characters (only Chinese ones beside ASCII when ``chinese_only``:
    a GB18030 file with umlauts and emoji reads as cp1252, which is how encodings are told apart)."""
    stages = ["Prospecting", "Closed Won", "Closed Lost", "Negotiation"]
    extra = ("", "") if chinese_only else (" Zoë 😀", " Müller")
    return [
        [f"商机 {i}{extra[0]}", f"客户 {i % 97}{extra[1]}", f"Owner {i % 7}", stages[i % 4], f"{1000 + i}.50",
         f"{i % 12 + 1}/{i % 28 + 1}/2024"]
        for i in range(start, start + n)
    ]


def csv_text(rows: list[list[str]], newline: str = "\r\n") -> str:
    return "".join(",".join(f'"{c}"' for c in row) + newline for row in rows)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(source, "CHUNK", ODD_CHUNK)
    return ODD_CHUNK


def _cuts_a_character(data: bytes, codec: str, offset: int, chunk: int) -> bool:
    """Some chunk boundary of ``data`` (from ``offset`` on) falls inside a character."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    for start in range(offset, len(data), chunk):
        decoder.decode(data[start : start + chunk])
        if decoder.getstate()[0]:
            return True
    return False


# ------------------------------------------------------------------ encodings across chunk boundaries
@pytest.mark.parametrize(
    ("codec", "bom", "reported"),
    [
        ("gb18030", b"", "gb18030"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("utf-8", b"", "utf-8"),
    ],
    ids=["gb18030", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le-no-bom", "utf-8-sig", "utf-8"],
)
def test_characters_cut_by_chunk_boundaries_decode_whole(tmp_path, monkeypatch, codec, bom, reported):
    rows = deal_rows(1000, chinese_only=codec == "gb18030")
    text = csv_text([HEADER, *rows])
    data = bom + text.encode(codec)
    # An odd chunk size near 4 KB at which some boundary falls inside a character.
    chunk = next(c for c in range(ODD_CHUNK, ODD_CHUNK + 400, 2) if _cuts_a_character(data, codec, len(bom), c))
    monkeypatch.setattr(source, "CHUNK", chunk)
    assert len(data) > 10 * chunk
    path = tmp_path / "deals.csv"
    path.write_bytes(data)
    decoded = decode_file(FileBytes(path))
    try:
        assert decoded.encoding == reported and decoded.warnings == []
        assert decoded.utf8.all_bytes() == text.encode("utf-8")
    finally:
        source.remove_quietly(decoded.temp_path)
    raw = read_table(path, "deals.csv")
    assert (raw.encoding, raw.columns) == (reported, HEADER)
    _, loaded = load(raw)
    assert [list(r[:-1]) for r in loaded] == rows
    assert [r[-1] for r in loaded] == list(range(1, 1001))


def test_cp1252_and_broken_utf8_across_chunk_boundaries(tmp_path, small_chunks):
    rows = [[f"José Müller {i}", "Köln", f"{i},50 €"] for i in range(1500)]
    raw = read_table(csv_text([["Name", "Stadt", "Betrag"], *rows]).encode("cp1252"), "export.csv")
    assert raw.encoding == "cp1252"
    assert [list(r[:3]) for r in load(raw)[1]] == rows

    good = "".join(f"{i},Café {i},Zürich\n" for i in range(1, 2000)).encode()
    data = b"id,name,city\n" + good + b"2000,Bad \xff\xfe byte,Paris\n" + "2001,ok,Köln\n".encode()
    raw = read_table(data, "export.csv")
    assert raw.encoding == "utf-8"
    assert any(w.startswith("Line 2,001") and "not valid UTF-8" in w for w in raw.warnings), raw.warnings
    _, loaded = load(raw)
    assert loaded[1999][1] == "Bad \ufffd\ufffd byte" and loaded[2000] == ("2001", "ok", "Köln", 2001)


def test_nul_bytes_across_chunk_boundaries(tmp_path, small_chunks):
    rows = deal_rows(300)
    clean = csv_text([HEADER, *rows]).encode("utf-8")
    pieces, nuls, last = [], 0, 0
    for boundary in range(small_chunks, len(clean), small_chunks):  # a run of NULs over every boundary
        run = 1 + boundary % 5
        pieces += [clean[last : boundary - 2], b"\x00" * run]
        nuls, last = nuls + run, boundary - 2
    pieces.append(clean[last:] + b"\x00" * 3000)  # and the padding some exporters leave at the end
    nuls += 3000
    path = tmp_path / "nul.csv"
    path.write_bytes(b"".join(pieces))
    raw = read_table(path, "nul.csv")
    assert f"Removed {nuls:,} NUL bytes (empty characters that broken exports leave in the text)" in raw.warnings
    _, loaded = load(raw)
    assert [list(r[:-1]) for r in loaded] == rows


# ------------------------------------------------------------------ what DuckDB reads
def _materialized(raw):
    import duckdb

    con = duckdb.connect()
    try:
        raw.materialize(con, "t")
        return con.execute('SELECT * FROM "t" ORDER BY _row').fetchall()
    finally:
        con.close()


def test_a_utf8_file_with_a_byte_order_mark_is_read_in_place(tmp_path, small_chunks):
    path = tmp_path / "bom.csv"
    rows = deal_rows(500)
    path.write_bytes(codecs.BOM_UTF8 + csv_text([HEADER, *rows], "\n").encode())
    raw = read_table(path, "bom.csv")
    try:
        assert raw._source._in_place() == (str(path), 1)
        assert [list(r[:-1]) for r in _materialized(raw)] == rows
        assert raw._source._paths == {}  # no copy of the file was made
    finally:
        raw.close()


def test_a_re_encoded_file_is_read_in_place_from_its_one_copy(tmp_path, small_chunks):
    path = tmp_path / "gbk.csv"
    rows = deal_rows(500, chinese_only=True)
    path.write_bytes(csv_text([HEADER, *rows], "\n").encode("gb18030"))
    raw = read_table(path, "gbk.csv")
    try:
        copies = list(raw._source._paths.values())
        assert len(copies) == 1 and raw._source._in_place() == (copies[0], 1)
        assert [list(r[:-1]) for r in _materialized(raw)] == rows
        assert list(raw._source._paths.values()) == copies  # not copied again for DuckDB
    finally:
        raw.close()
    assert not Path(copies[0]).exists()


def _report_rows(data: bytes, name: str) -> tuple[list, list[str], int | None]:
    raw = read_table(data, name)
    try:
        return _materialized(raw), raw.warnings, raw.dropped_rows
    finally:
        raw.close()


def test_footers_blank_lines_and_quotes_across_chunk_boundaries(monkeypatch):
    """Title rows, blank lines (some inside quoted values), tabs and a report footer: the same table with
    chunks of 4 KB, and a line-length check over several windows, as in one piece."""
    lines = ["Opportunities report", "Generated by CRM", "", ",".join(HEADER)]
    for i, row in enumerate(deal_rows(900)):
        cells = [f'"{c}"' for c in row]
        if i % 37 == 5:
            cells[1] = f'"note {i}\n\nafter a blank line inside quotes"'
        if i % 53 == 7:
            cells[2] = f'"\tOwner {i}\t"'
        lines.append(",".join(cells))
        if i % 29 == 3:
            lines += ["", ""] if i % 2 else [""]
    lines += ["", "Grand Totals (900 records)", "Confidential - for internal use only", ""]
    data = "\n".join(lines).encode("utf-8")
    whole = _report_rows(data, "report.csv")
    monkeypatch.setattr(source, "CHUNK", ODD_CHUNK)
    monkeypatch.setattr(delimited, "MAX_LINE_BYTES", 2 * ODD_CHUNK)
    chunked = _report_rows(data, "report.csv")
    assert chunked == whole
    rows, warnings, _dropped = chunked
    assert len(rows) == 900 and rows[7][2] == "Owner 7"
    assert rows[-1][-1] > 900  # blank lines kept their row numbers
    assert any("footer" in w.lower() or "total" in w.lower() for w in warnings), warnings


# ------------------------------------------------------------------ the loader never holds the file
def _big_deals(path: Path, rows: int, codec: str = "utf-8", bom: bytes = b"", nul_every: int = 0) -> Path:
    with path.open("wb") as out:
        out.write(bom + csv_text([HEADER]).encode(codec))
        for start in range(0, rows, 5000):
            chunk = csv_text(deal_rows(min(5000, rows - start), start=start, chinese_only=codec == "gb18030"))
            chunk = chunk.encode(codec)
            if nul_every:
                chunk = b"\x00".join(chunk[k : k + nul_every] for k in range(0, len(chunk), nul_every))
            out.write(chunk)
    return path


class _BoundedReads:
    """open() for ingest.read.source that records every read and refuses reading a file to its end at once."""

    def __init__(self) -> None:
        self.largest = 0
        self.total = 0

    def __call__(self, path, mode="r", *args, **kwargs):
        f = builtins.open(path, mode, *args, **kwargs)  # noqa: SIM115 (closed by Reader.__exit__)
        reads = self

        class Reader:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                f.close()

            def seek(self, *a):
                return f.seek(*a)

            def read(self, n=-1):
                assert n is not None and n >= 0, "a whole file read"
                data = f.read(n)
                reads.largest, reads.total = max(reads.largest, len(data)), reads.total + len(data)
                return data

        return Reader()


@pytest.mark.parametrize("ahead", [False, True], ids=["path", "read-ahead"])
def test_the_loader_reads_a_path_in_bounded_pieces(ws, tmp_path, monkeypatch, ahead):
    from ingest.read.ahead import ReadAhead

    path = _big_deals(tmp_path / "deals.csv", 20_000)
    size = path.stat().st_size
    chunk = 64 * 1024
    monkeypatch.setattr(source, "CHUNK", chunk)
    reads = _BoundedReads()
    monkeypatch.setattr(source, "open", reads, raising=False)

    def whole_read(*_a, **_k):
        raise AssertionError("the file was read whole")

    monkeypatch.setattr(Path, "read_bytes", whole_read)
    report = load_export(ws, ReadAhead(path) if ahead else path, path.name)
    assert report.rows_loaded == 20_000 and report.size_bytes == size
    assert 0 < reads.largest <= chunk + 16 and reads.total >= 2 * size  # hashed, then checked as UTF-8


def _python_peak(load) -> int:
    tracemalloc.start()
    try:
        load()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("codec", "bom", "nul_every"),
    [("utf-8", b"", 0), ("utf-8", codecs.BOM_UTF8, 0), ("gb18030", b"", 0), ("utf-16-le", codecs.BOM_UTF16_LE, 0),
     ("utf-8", b"", 4000)],
    ids=["utf-8", "utf-8-sig", "gb18030", "utf-16", "nul-bytes"],
)
def test_python_memory_does_not_grow_with_the_file(ws, tmp_path, monkeypatch, codec, bom, nul_every):
    """Python's allocations while a file loads from its path, or from bytes already in memory (the browser
    upload), are the same for a file four times as large: a few chunks (256 KB here) beside what any load
    takes (planning, the report; ~8 MB to tell GB18030 from other code pages in a 1 MB sample), never the
    file, its text or a copy of it."""
    monkeypatch.setattr(source, "CHUNK", 256 * 1024)
    small = _big_deals(tmp_path / "warm.csv", 200, codec, bom, nul_every)
    load_export(ws, small, small.name)  # imports and first-use caches are not what is measured
    peaks, sizes = [], []
    for rows in (30_000, 120_000):
        path = _big_deals(tmp_path / f"deals_{rows}.csv", rows, codec, bom, nul_every)
        from_path = _python_peak(lambda path=path: load_export(ws, path, path.name, replace=True))
        ws.execute("DELETE FROM uploads")  # the same bytes load again rather than being recognised
        data = path.read_bytes()
        from_bytes = _python_peak(lambda data=data, path=path: load_export(ws, data, path.name, replace=True))
        peaks.append((from_path, from_bytes))
        sizes.append(len(data))
    assert sizes[1] - sizes[0] > 6 * 1024 * 1024
    for (small_peak, big_peak), how in zip(zip(*peaks, strict=True), ("path", "bytes"), strict=True):
        grew = big_peak - small_peak
        assert grew < 1024 * 1024, f"from {how}: {grew / 2**20:.1f} MB more for {sizes[1] / 2**20:.0f} MB"
        assert big_peak < 12 * 1024 * 1024


def test_an_upload_hands_over_the_bytes_streamlit_holds():
    """Streamlit's UploadedFile is a BytesIO over the upload: getvalue() is that bytes object, not a copy, so
    the Upload page holds one copy of a file however often it asks."""
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    data = bytes(range(256)) * 4096
    uploaded = UploadedFile(UploadedFileRec("id", "deals.csv", "text/csv", data), None)
    uploaded.read(100)
    assert uploaded.getvalue() is data and uploaded.getvalue() is uploaded.getvalue()
