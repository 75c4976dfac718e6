"""The container is decided from the bytes; what is not a table is refused with one clear sentence."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest.read.sniff import detect_container
from ingest.read.tables import ReadError, read_table
from tests.data.read.builders import load, ods_bytes, xlsx_bytes


def xlsx_deals() -> bytes:
    return xlsx_bytes({"Deals": [["Deal", "Amount"], ["A", 10], ["B", 20]]})


@pytest.mark.parametrize(
    ("data", "name", "container"),
    [
        (b"a,b\n1,2\n", "export.csv", "csv"),
        (b"a\tb\n1\t2\n", "export.xls", "csv"),  # "Excel" export that is really tab-separated text
        (b"<html><body><table><tr><td>a</td><td>b</td></tr></table></body></html>", "report.xls", "html"),
        (xlsx_deals(), "deals.csv", "xlsx"),  # an xlsx named .csv
        (xlsx_deals(), "deals.xlsm", "xlsx"),
        (ods_bytes([["a", "b"], ["1", "2"]]), "deals.ods", "ods"),
    ],
)
def test_container_from_bytes(data, name, container):
    raw = read_table(data, name)
    assert raw.container == container


def test_ods_is_read():
    raw = read_table(ods_bytes([["Name", "Amount"], ["A", 1.0], ["B", 2.5], [None, None], ["C", 3]]), "x.ods")
    assert (raw.container, raw.sheet, raw.sheets) == ("ods", "Sheet1", ["Sheet1"])
    columns, rows = load(raw)
    assert rows == [("A", "1", 1), ("B", "2.5", 2), ("C", "3", 4)]


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A 300 MB member of zeros that compresses to about 300 KB (ratio ~1000)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (4 * 1024 * 1024)
            for _ in range(75):
                member.write(block)
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


def huge_declared_zip() -> bytes:
    """A tiny archive whose directory claims a 2 GB member (what a forged bomb looks like)."""
    data = bytearray(zip_of({"xl/workbook.xml": b"<workbook/>", "xl/big.xml": b"x"}, zipfile.ZIP_STORED))
    # Patch the uncompressed size of xl/big.xml in its central directory entry.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (2 * 1024**3).to_bytes(4, "little")
    return bytes(data)


HOSTILE = {
    "empty": (b"", "empty"),
    "whitespace only": (b" \r\n\t\r\n", "empty"),
    "bom only": (b"\xef\xbb\xbf", "empty"),
    "png named xlsx": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), "JPEG image"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    "gzip": (b"\x1f\x8b\x08\x00" + bytes(100), "gzip"),
    "garbage bytes": (bytes((i * 37 + 11) % 256 for i in range(5000)), "binary data"),
    "truncated xlsx": (xlsx_deals()[:1500], "damaged or incomplete"),
    "zip that is not a workbook": (zip_of({"report.csv": b"a,b\n1,2\n"}), "ZIP archive"),
    "word document": (
        zip_of({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"}),
        "Word document",
    ),
    "zip bomb": (zip_bomb(), "zip bomb"),
    "zip claiming 2 GB": (huge_declared_zip(), "1 GB"),
    "ole2 that is not excel": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(600),
        "Word document",
    ),
    "encrypted xlsx": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(600),
        "password",
    ),
    "html without a table": (
        b"<!DOCTYPE html><html><body><p>Session expired</p></body></html>",
        "without a table",
    ),
    "excel 2003 xml": (
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
        "Excel 2003 XML",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_inputs_are_refused_with_a_sentence(case):
    data, words = HOSTILE[case]
    with pytest.raises(ReadError) as error:
        read_table(data, "upload.xlsx")
    message = str(error.value)
    assert words.lower() in message.lower()
    assert message.endswith(".") and message.count(". ") == 0  # one sentence
    assert ";" in message  # what is wrong; what to do


def test_detect_container_says_text_for_text():
    assert detect_container(b"id,name\n1,x\n", "a.bin") == "text"


def test_png_message_is_exact():
    with pytest.raises(
        ReadError,
        match="^This file is a PNG image, not a spreadsheet; export the report as CSV or Excel and upload that.$",
    ):
        read_table(b"\x89PNG\r\n\x1a\n" + bytes(64), "chart.xlsx")
