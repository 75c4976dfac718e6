"""Sniffing a delimited file in Python from a prefix and a suffix: the dialect, the header row, the columns,
the first records for a preview, and a report footer at the end.  The rows in between are left to DuckDB
(ingest/read/delimited.py)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.read import header as hdr
from ingest.read.base import MB, ReadError, clean_cell
from ingest.read.sniff import CsvDialect, sniff_dialect

PREFIX_BYTES = 64 * 1024
MAX_PREFIX_BYTES = 16 * MB
SUFFIX_BYTES = 64 * 1024
SUFFIX_LINES = 200


@dataclass
class Record:
    fields: list[str]
    end: int  # byte offset (in the UTF-8 text) just after the record's line ending


@dataclass
class CsvLayout:
    """Everything sniffed from the prefix and suffix."""

    dialect: CsvDialect
    header_row: int  # 1-based record number of the header
    plan: hdr.ColumnPlan
    width: int  # fields DuckDB must expect (header or the widest sampled row)
    data_start: int  # byte offset of the first data row
    data_end: int  # byte offset after the last data row (footer and trailing blanks excluded)
    sample: list[tuple[int, list[str | None]]]  # (1-based data row number, cleaned cells) of sampled rows
    complete: bool  # the sample is the whole file
    footer: hdr.TrailingJunk
    newline: bytes
    multiline: bool  # a sampled value spans lines (DuckDB must then read single-threaded)


def parse_records(text: str, dialect: CsvDialect, limit: int | None = None) -> Iterator[Record]:
    """Records of ``text`` with the byte offset where each ends (blank lines are empty records)."""
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += len(line) if line.isascii() else len(line.encode("utf-8"))
            yield line

    reader = csv.reader(lines(), **dialect.reader_options())
    count = 0
    while limit is None or count < limit:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:  # e.g. a NUL inside a field after all; skip the line rather than stop
            continue
        count += 1
        yield Record(fields, consumed)


def decode_prefix(utf8: bytes, size: int) -> tuple[str, bool]:
    truncated = len(utf8) > size
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    return decoder.decode(utf8[:size], final=not truncated), truncated


def _newline(text: str) -> bytes:
    if "\n" not in text and "\r" in text:
        return b"\r"  # classic Mac line endings
    return b"\n"


def _prefix_records(utf8: bytes) -> tuple[str, CsvDialect, list[Record], bool]:
    """Whole records from the start of the file: 64 KB, or more when lines are very long (10,000
    columns, huge cells) until a header and one row are complete."""
    size = PREFIX_BYTES
    while True:
        text, truncated = decode_prefix(utf8, size)
        dialect = sniff_dialect(text)
        records = list(parse_records(text, dialect))
        if truncated:
            records.pop()  # the prefix may end inside this record
        if not truncated or len(records) >= 2 or size >= MAX_PREFIX_BYTES:
            break
        size *= 4
    if not records:
        raise ReadError(
            "The first line of this file is too long to be a header; export the report as CSV again."
        )
    return text, dialect, records, truncated


def sniff_layout(utf8: bytes) -> CsvLayout:
    text, dialect, records, truncated = _prefix_records(utf8)
    rows = [[clean_cell(f) for f in r.fields] for r in records]
    header_index = hdr.find_header(rows)
    if header_index is None:
        raise ReadError("The file has no values, only empty lines; export the report again with its rows.")
    data_start = records[header_index].end
    body = records[header_index + 1 :]
    width = max(len(r.fields) for r in records[header_index:])
    if truncated:
        footer, data_end = _suffix_footer(utf8, dialect, width, data_start)
        kept = sum(1 for r in body if r.end <= data_end)
    else:
        footer = hdr.trailing_junk(rows[header_index + 1 :], width)
        kept = footer.start
        data_end = body[kept - 1].end if kept else data_start
    body_rows = rows[header_index + 1 : header_index + 1 + kept]
    return CsvLayout(
        dialect=dialect,
        header_row=header_index + 1,
        plan=hdr.plan_columns(rows[header_index], hdr.columns_with_data(body_rows, width)),
        width=width,
        data_start=data_start,
        data_end=max(data_start, data_end),
        sample=list(enumerate(body_rows, start=1)),
        complete=not truncated,
        footer=footer,
        newline=_newline(text),
        multiline=any("\n" in f or "\r" in f for r in body for f in r.fields),
    )


def _suffix_footer(utf8: bytes, dialect: CsvDialect, width: int, floor: int) -> tuple[hdr.TrailingJunk, int]:
    """Footer and trailing blank lines, judged from the last lines of a file too big to parse whole.

    Footer lines are single physical lines; a line with an odd number of quotes belongs to a multi-line
    value and stops the search, so the tail of a long description is never mistaken for a footer."""
    start = max(floor, len(utf8) - SUFFIX_BYTES)
    if start > floor:
        start = utf8.find(b"\n", start) + 1  # skip the partial first line
        if start == 0:
            return hdr.TrailingJunk(0, 0, False), len(utf8)
    pieces = utf8[start:].split(b"\n")
    offsets = []
    position = start
    for piece in pieces:
        offsets.append(position)
        position += len(piece) + 1
    if pieces and not pieces[-1]:
        pieces.pop()  # the file ends with a line break
        offsets.pop()
    pieces, offsets = pieces[-SUFFIX_LINES:], offsets[-SUFFIX_LINES:]
    rows: list[list[str | None]] = []
    for raw in pieces:
        line = raw.decode("utf-8", "replace").rstrip("\r")
        if line.count(dialect.quote) % 2:
            rows.append(["\x00data", "\x00data"])  # inside a multi-line value: not a footer
        else:
            fields = next(csv.reader([line], **dialect.reader_options()), [])
            rows.append([clean_cell(f) for f in fields])
    junk = hdr.trailing_junk(rows, width)
    data_end = offsets[junk.start] if junk.start < len(offsets) else len(utf8)
    return junk, data_end
