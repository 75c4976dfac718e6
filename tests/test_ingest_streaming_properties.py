"""Properties of reading a chunk at a time (issue 18): whatever the chunk size, the same answers as the whole.

``FileBytes`` must answer find, count and the rest exactly as ``bytes`` does, and decoding a file chunk by chunk
(encodings, NUL bytes, broken UTF-8) must give the text, encoding and warnings of decoding it in one piece."""

from __future__ import annotations

import codecs
import io
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.read import source
from ingest.read.encoding import decode_file
from ingest.read.source import FileBytes

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BYTES = st.binary(max_size=300) | st.text(alphabet="ab\n\r\t\"\x00é中", max_size=200).map(str.encode)
CHUNKS = st.integers(min_value=1, max_value=40)


def _with_chunk(chunk: int, work):
    """``work()`` with ingest.read.source.CHUNK set to ``chunk`` (hypothesis runs examples in one test)."""
    saved = source.CHUNK
    source.CHUNK = chunk
    try:
        return work()
    finally:
        source.CHUNK = saved


def _file_of(data: bytes) -> str:
    fd, path = tempfile.mkstemp(prefix="crm-okr-test-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return path


@SETTINGS
@given(data=BYTES, offset=st.integers(0, 3), chunk=CHUNKS, sub=st.sampled_from([b"\n", b"\n\n", b"\n\r\n", b"ab", b"\x00"]),
       start=st.integers(-5, 320), end=st.integers(-5, 320) | st.none())
def test_file_bytes_answer_as_bytes_do(data, offset, chunk, sub, start, end):
    path = _file_of(data)
    try:
        body, view = data[offset:], FileBytes(path, offset)

        def check():
            assert len(view) == len(body)
            assert view[start:end] == body[start:end]
            assert view.find(sub, start, end) == body.find(sub, start, end)
            assert view.count(sub, start, end) == body.count(sub, start, end)
            assert b"".join(view.chunks(start, end)) == body[start:end]
            assert max((len(c) for c in view.chunks()), default=0) <= chunk
            assert (sub in view) == (sub in body)
            assert view.startswith(body[:3])
            # Every place, overlapping, as repeated find(sub, pos + 1) finds them.
            expected, pos = [], body.find(sub, start, end)
            while pos >= 0:
                expected.append(pos)
                pos = body.find(sub, pos + 1, end)
            assert list(view.finditer(sub, start, end, overlapping=True)) == expected

        _with_chunk(chunk, check)
    finally:
        os.remove(path)


@SETTINGS
@given(data=BYTES, chunk=CHUNKS, positions=st.lists(st.integers(0, 300), max_size=12),
       splice=st.sampled_from([b",", b";;"]))
def test_counts_before_and_spliced_copies_match_bytes(data, chunk, positions, splice):
    path = _file_of(data)
    try:
        view, ends = FileBytes(path), sorted({min(p, len(data)) for p in positions})

        def check():
            assert list(view.counts_before(b'"', 0, ends)) == [data.count(b'"', 0, e) for e in ends]
            out = io.BytesIO()
            view.copy_to(out, 0, len(data), ends, splice)
            expected, last = [], 0
            for e in ends:
                expected += [data[last:e], splice]
                last = e
            assert out.getvalue() == b"".join([*expected, data[last:]])

        _with_chunk(chunk, check)
    finally:
        os.remove(path)


TEXT = st.text(alphabet=st.sampled_from(list('ab,;"\n\r\t 1éüß中文字😀') + ["\x00"]), max_size=120)
ENCODED = st.one_of(
    TEXT.map(lambda t: t.encode("utf-8")),
    TEXT.map(lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    TEXT.map(lambda t: t.encode("utf-16")),
    TEXT.map(lambda t: t.replace("😀", "").replace("ß", "").encode("gb18030")),
    TEXT.map(lambda t: t.encode("cp1252", "ignore")),
    # UTF-8 with a few broken bytes spliced in
    st.tuples(TEXT, st.binary(min_size=1, max_size=3).map(lambda b: bytes(x | 0x80 for x in b)), TEXT).map(
        lambda parts: parts[0].encode() + parts[1] + parts[2].encode()
    ),
)


def _decoded(path: str) -> tuple[str, bytes, list[str], int | None]:
    decoded = decode_file(FileBytes(path))
    try:
        return decoded.encoding, decoded.utf8.all_bytes(), decoded.warnings, decoded.source_offset
    finally:
        source.remove_quietly(decoded.temp_path)


@SETTINGS
@given(data=ENCODED, nuls=st.lists(st.integers(0, 400), max_size=6), chunk=CHUNKS)
def test_decoding_chunk_by_chunk_equals_decoding_the_whole(data, nuls, chunk):
    for position in sorted(nuls, reverse=True):  # NUL bytes anywhere, chunk boundaries included
        data = data[:position] + b"\x00" + data[position:]
    path = _file_of(data)
    try:
        whole = _with_chunk(10**9, lambda: _decoded(path))
        assert _with_chunk(chunk, lambda: _decoded(path)) == whole
        encoding, utf8, _warnings, _offset = whole
        assert b"\x00" not in utf8
        utf8.decode("utf-8")  # valid UTF-8, whatever came in
    finally:
        os.remove(path)
