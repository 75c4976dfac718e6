"""HTML tables, which several CRMs save with an .xls name.  A small html.parser reader (no lxml/bs4):
cells keep their text, <br> becomes a line break, colspan/rowspan fill every covered cell, and the
largest table on the page is the data.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from ingest.read.base import RawTable, ReadError, clean_cell
from ingest.read.encoding import DecodedText, decode_to_utf8
from ingest.read.grid import GridSource, Values, layout_grid
from ingest.read.sniff import ASK_FOR_EXPORT

_MAX_SPAN = 1000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_STRONG_ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"}


class _Cell:
    __slots__ = ("colspan", "parts", "rowspan")

    def __init__(self, colspan: int, rowspan: int) -> None:
        self.parts: list[str] = []
        self.colspan = colspan
        self.rowspan = rowspan

    def text(self) -> str | None:
        joined = "".join(self.parts)
        lines = [" ".join(line.split()) for line in joined.split("\n")]  # HTML collapses whitespace
        return clean_cell("\n".join(lines))


class _TableParser(HTMLParser):
    """Collects every <table> as rows of _Cell; nested tables are separate tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[_Cell]]] = []
        self._stack: list[list[list[_Cell]]] = []  # open tables
        self._cell: list[_Cell | None] = []  # the open cell of each open table

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            table: list[list[_Cell]] = []
            self.tables.append(table)
            self._stack.append(table)
            self._cell.append(None)
        elif not self._stack:
            return
        elif tag == "tr":
            self._stack[-1].append([])
            self._cell[-1] = None
        elif tag in ("td", "th"):
            table = self._stack[-1]
            if not table:
                table.append([])
            values = dict(attrs)
            cell = _Cell(_span(values.get("colspan")), _span(values.get("rowspan")))
            table[-1].append(cell)
            self._cell[-1] = cell
        elif tag == "br" and self._cell[-1] is not None:
            self._cell[-1].parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            self._stack.pop()
            self._cell.pop()
        elif tag in ("td", "th", "tr") and self._cell:
            self._cell[-1] = None

    def handle_data(self, data: str) -> None:
        if self._cell and self._cell[-1] is not None:
            self._cell[-1].parts.append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1


def _grid(rows: list[list[_Cell]]) -> Values:
    """Lay cells out on a grid, repeating a spanning cell's text in every position it covers."""
    grid: Values = []
    pending: dict[tuple[int, int], str | None] = {}  # cells covered by a rowspan from above
    for r, cells in enumerate(rows):
        row: list[str | None] = []
        col = 0
        for cell in cells:
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            value = cell.text()
            for dc in range(cell.colspan):
                row.append(value)
                for dr in range(1, cell.rowspan):
                    pending[(r + dr, col + dc)] = value
            col += cell.colspan
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        grid.append(row)
    return grid


def _already_text(value: object) -> str | None:
    return value  # type: ignore[return-value]  # cells were cleaned when the table was parsed


def _decode(data: bytes, decoded: DecodedText) -> tuple[str, str]:
    if decoded.encoding not in _STRONG_ENCODINGS:
        declared = _META_CHARSET.search(data[:8192])
        if declared:
            try:
                codec = codecs.lookup(declared.group(1).decode("ascii")).name
            except LookupError:
                codec = ""
            if codec:
                return data.decode(codec, "replace"), declared.group(1).decode("ascii").lower()
    return decoded.utf8.decode("utf-8", "replace"), decoded.encoding


def read_html(data: bytes, decoded: DecodedText | None = None) -> RawTable:
    decoded = decoded or decode_to_utf8(data)
    text, encoding = _decode(data, decoded)
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    tables = [t for t in parser.tables if t]
    if not tables:
        raise ReadError(f"This file is a web page without a table; {ASK_FOR_EXPORT}.")
    best = max(tables, key=lambda t: len(t) * max(len(r) for r in t))
    layout = layout_grid(_grid(best), _already_text)
    if layout is None or not layout.names:
        raise ReadError(f"The table in this web page is empty; {ASK_FOR_EXPORT}.")
    return RawTable(
        columns=list(layout.names),
        container="html",
        encoding=encoding,
        delimiter=None,
        sheet=None,
        sheets=[],
        header_row=layout.header_row,
        kind=layout.kind,
        warnings=decoded.warnings + layout.warnings,
        dropped_rows=layout.dropped_rows,
        row_count=layout.row_count,
        _source=GridSource(layout),
        _file_warnings=list(decoded.warnings),
    )
