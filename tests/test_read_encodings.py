"""Text encodings decided from the bytes: BOMs, strict UTF-8, GB18030 versus cp1252, broken UTF-8."""

from __future__ import annotations

import pytest

from ingest.read.encoding import decode_to_utf8
from ingest.read.tables import read_table
from tests.data.read.builders import load

ROWS = [["客户", "城市", "金额"], ["张三", "北京", "1200"], ["Zoë Müller", "Zürich", "30"]]


def csv_text(rows, delimiter=",", newline="\r\n") -> str:
    return newline.join(delimiter.join(r) for r in rows) + newline


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (csv_text(ROWS).encode("utf-8"), "utf-8", ","),
        (csv_text(ROWS).encode("utf-8-sig"), "utf-8-sig", ","),
        (csv_text(ROWS[:2]).encode("gb18030"), "gb18030", ","),
        (csv_text(ROWS, "\t").encode("utf-16"), "utf-16", "\t"),  # Excel "Unicode text"
        (b"\xfe\xff" + csv_text(ROWS, "\t").encode("utf-16-be"), "utf-16", "\t"),
        (csv_text(ROWS, "\t").encode("utf-16-le"), "utf-16-le", "\t"),  # no BOM: told by the NUL bytes
    ],
    ids=["utf-8", "utf-8-sig", "gb18030", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le-no-bom"],
)
def test_encodings(data, encoding, delimiter):
    raw = read_table(data, "export.csv")
    assert (raw.encoding, raw.delimiter) == (encoding, delimiter)
    expected_rows = ROWS[1:] if encoding != "gb18030" else ROWS[1:2]
    assert raw.columns == ROWS[0]
    columns, rows = load(raw)
    assert [list(r[:3]) for r in rows] == expected_rows


def test_gbk_excel_export_with_many_rows():
    rows = [["日期", "门店", "销售额", "备注"]] + [
        [f"2024-01-{i % 28 + 1:02d}", f"朝阳{i % 7}号店", str(i * 10), "正常营业，无异常"] for i in range(500)
    ]
    raw = read_table(csv_text(rows).encode("gbk"), "销售.csv")
    assert raw.encoding == "gb18030"
    assert raw.columns == rows[0]
    columns, loaded = load(raw)
    assert len(loaded) == 500 and loaded[3][:4] == tuple(rows[4])


def test_cp1252_western_export():
    text = "Name;Stadt;Betrag\r\nJosé Müller;Köln;1.234,50 €\r\nFrançoise;Zürich;99,00 €\r\n"
    raw = read_table(text.encode("cp1252"), "export.csv")
    assert (raw.encoding, raw.delimiter) == ("cp1252", ";")
    columns, rows = load(raw)
    assert rows == [("José Müller", "Köln", "1.234,50 €", 1), ("Françoise", "Zürich", "99,00 €", 2)]


def test_invalid_utf8_in_the_middle_is_replaced_with_a_warning():
    good = "".join(f"{i},Café {i},Zürich\n" for i in range(1, 40)).encode()
    data = b"id,name,city\n" + good + b"40,Bad \xff\xfe byte,Paris\n" + "41,ok,Köln\n".encode()
    raw = read_table(data, "export.csv")
    assert raw.encoding == "utf-8"
    assert any(w.startswith("Line 41") and "not valid UTF-8" in w for w in raw.warnings)
    columns, rows = load(raw)
    assert rows[39][1] == "Bad \ufffd\ufffd byte"
    assert rows[40] == ("41", "ok", "Köln", 41)


def test_decoded_text_has_no_bom_or_nul():
    decoded = decode_to_utf8("a,b\r\n1,2\r\n".encode("utf-8-sig"))
    assert decoded.utf8 == b"a,b\r\n1,2\r\n"
    decoded = decode_to_utf8(b"a,b\n1,\x002\n")
    assert decoded.utf8 == b"a,b\n1,2\n" and decoded.warnings


def test_utf16_with_odd_trailing_byte_does_not_crash():
    data = "a\tb\r\n1\t2\r\n".encode("utf-16") + b"\x00"
    raw = read_table(data, "x.txt")
    assert raw.columns == ["a", "b"]
