"""Properties: any bytes give a table or a ReadError, and well-formed CSVs round-trip exactly."""

from __future__ import annotations

import csv
import io

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.read import header as hdr
from ingest.read.tables import ReadError, read_table
from tests.data.read.builders import load

PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"<html><table><tr><td>",
    b"id,name\n",
    b"a;b;c\r\n1;2;3\r\n",
]
TEXTISH = st.text(alphabet=',;\t|"\n\r x1é中\x00<>', max_size=300).flatmap(
    lambda text: st.sampled_from(["utf-8", "utf-16", "gb18030"]).map(lambda enc: text.encode(enc, "replace"))
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.one_of(st.binary(max_size=400), TEXTISH))
def test_any_bytes_give_a_table_or_a_read_error(prefix, body):
    try:
        raw = read_table(prefix + body, "upload.csv")
    except ReadError as error:
        assert str(error).endswith(".")
        return
    con = duckdb.connect()
    try:
        cur = con.cursor()
        count = raw.materialize(cur, "t")
        assert cur.execute('SELECT count(*) FROM "t"').fetchone()[0] == count
        assert [d[0] for d in cur.execute('SELECT * FROM "t" LIMIT 0').description] == [*raw.columns, "_row"]
        raw.preview(5)
    except ReadError:
        pass
    finally:
        raw.close()
        con.close()


HEADER = st.lists(
    st.text(alphabet="abcdefghijXYZ", min_size=1, max_size=8), min_size=1, max_size=6, unique_by=str.casefold
)
# No bare CR: Python's csv writer leaves a value with a CR unquoted when lines end in LF, which no reader
# can tell from a line break (values with LF are quoted and do cover the mixed CRLF/LF case).
CELL = st.one_of(
    st.none(),
    st.text(alphabet=" ,\"\nab1é中x'", min_size=1, max_size=12).map(lambda s: s.strip(" \t\r\n") or None),
)


@st.composite
def tables(draw):
    names = draw(HEADER)
    row = st.lists(CELL, min_size=len(names), max_size=len(names)).filter(
        lambda r: any(r) and not hdr.is_subtotal(r)
    )
    return names, draw(st.lists(row, max_size=25))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=tables(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_well_formed_csv_round_trips(table, encoding, newline):
    names, rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    raw = read_table(out.getvalue().encode(encoding), "generated.csv")
    assert raw.columns == names
    assert raw.header_row == 1
    columns, loaded = load(raw)
    assert columns == [*names, "_row"]
    assert loaded == [(*row, number) for number, row in enumerate(rows, start=1)]
