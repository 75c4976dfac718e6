"""A file's bytes read a bounded piece at a time: what the text readers work on instead of one bytes object.

A 650 MB export held as Python bytes (and again as its UTF-8 text) would make the process grow with the file.
``FileBytes`` answers the questions the readers ask (length, a short slice, find, count, the bytes in chunks)
by reading at most ``CHUNK`` bytes at once, so memory stays the same whatever the file's size.  Bytes a
caller already holds (the browser upload) are written once to a temp file by ``spill`` and read the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence

from ingest.read.base import MB

# The most bytes read from a file at once.  Tests shrink it to put characters and NULs across chunk boundaries.
CHUNK = 4 * MB
TEMP_PREFIX = "crm-okr-read-"


class FileBytes:
    """Bytes ``offset ..`` of a file (after a byte-order mark, say), read-only and bytes-like.

    Supports ``len``, slicing (callers keep slices short: a slice is read into memory), ``find``, ``count``,
    ``in`` and ``startswith`` like ``bytes`` does, plus ``chunks`` and ``copy_to``; none of them holds more than
    one chunk of the file.  Offsets are relative to ``offset``."""

    def __init__(self, path: str | os.PathLike, offset: int = 0) -> None:
        self.path = os.fspath(path)
        self.offset = offset
        self._size = max(0, os.path.getsize(self.path) - offset)

    def __repr__(self) -> str:
        return f"FileBytes({self.path!r}, offset={self.offset}, size={self._size})"

    def __len__(self) -> int:
        return self._size

    def shifted(self, skip: int) -> FileBytes:
        """The same file from ``skip`` bytes further on (the text after a byte-order mark)."""
        return FileBytes(self.path, self.offset + skip)

    def _range(self, start: int | None, end: int | None) -> tuple[int, int]:
        start, end, _ = slice(start, end).indices(self._size)
        return start, max(start, end)

    def read(self, start: int, end: int) -> bytes:
        start, end = self._range(start, end)
        if end <= start:
            return b""
        with open(self.path, "rb") as f:
            f.seek(self.offset + start)
            return f.read(end - start)

    def __getitem__(self, key: int | slice) -> bytes | int:
        if isinstance(key, int):
            index = key + self._size if key < 0 else key
            if not 0 <= index < self._size:
                raise IndexError("FileBytes index out of range")
            return self.read(index, index + 1)[0]
        if key.step not in (None, 1):
            raise ValueError("FileBytes slices have no step")
        return self.read(key.start, key.stop)

    def chunks(self, start: int = 0, end: int | None = None, size: int | None = None) -> Iterator[bytes]:
        """The bytes from ``start`` to ``end`` in pieces of ``size`` (CHUNK) bytes, one at a time."""
        start, end = self._range(start, end)
        yield from self._windows(start, end, size or CHUNK, 0)

    def _windows(self, start: int, end: int, step: int, overlap: int) -> Iterator[bytes]:
        """Pieces starting every ``step`` bytes, each ``overlap`` bytes longer (for patterns across two)."""
        with open(self.path, "rb") as f:
            position = start
            while position < end:
                f.seek(self.offset + position)
                yield f.read(min(end, position + step + overlap) - position)
                position += step

    def find(self, sub: bytes, start: int | None = None, end: int | None = None) -> int:
        start, end = self._range(start, end)
        if not sub:
            return start
        # Small reads first: most searches (the next line break) end within a few bytes.
        position, step = start, min(CHUNK, 64 * 1024)
        with open(self.path, "rb") as f:
            while position < end:
                f.seek(self.offset + position)
                found = f.read(min(end, position + step + len(sub) - 1) - position).find(sub)
                if found >= 0:
                    return position + found
                position += step
                step = min(CHUNK, step * 4)
        return -1

    def finditer(self, sub: bytes, start: int | None = None, end: int | None = None, *,
                 overlapping: bool = False) -> Iterator[int]:
        """Where ``sub`` occurs, left to right: every place (``overlapping``, as repeated ``find(sub, pos + 1)``
        finds them), or not overlapping (as ``bytes.count`` counts them)."""
        start, end = self._range(start, end)
        if not sub:
            raise ValueError("an empty pattern occurs everywhere")
        step, allowed, skip = CHUNK, start, 1 if overlapping else len(sub)
        for k, window in enumerate(self._windows(start, end, step, len(sub) - 1)):
            base = start + k * step
            found = window.find(sub, max(0, allowed - base))
            while 0 <= found < step:  # a match starting in the overlap belongs to the next window
                yield base + found
                allowed = base + found + skip
                found = window.find(sub, found + skip)

    def counts_before(self, byte: bytes, start: int, positions: list[int]) -> Iterator[int]:
        """For each of the ascending ``positions``, how often ``byte`` occurs from ``start`` up to it: one pass
        over the file, however many positions."""
        total, chunk_start, chunk = 0, start, b""
        chunks = self.chunks(start, positions[-1] if positions else start)
        for position in positions:
            while position > chunk_start + len(chunk):
                total += chunk.count(byte)
                chunk_start += len(chunk)
                chunk = next(chunks, b"")
                if not chunk:
                    break
            yield total + chunk.count(byte, 0, position - chunk_start)

    def count(self, sub: bytes, start: int | None = None, end: int | None = None) -> int:
        if len(sub) == 1:
            return sum(chunk.count(sub) for chunk in self.chunks(start, end))
        return sum(1 for _ in self.finditer(sub, start, end))

    def __contains__(self, sub: bytes) -> bool:
        return self.find(sub) >= 0

    def startswith(self, prefix: bytes) -> bool:
        return self.read(0, len(prefix)) == prefix

    def copy_to(self, out, start: int, end: int, splice_at: Sequence[int] = (), splice: bytes = b"") -> None:
        """Write bytes ``start:end`` to the binary file ``out`` a chunk at a time, with ``splice`` written in
        before each of the ascending offsets ``splice_at``."""
        start, end = self._range(start, end)
        with open(self.path, "rb") as f:
            for stop in [*splice_at, None]:
                segment_end = end if stop is None else stop
                f.seek(self.offset + start)
                while start < segment_end:
                    piece = f.read(min(CHUNK, segment_end - start))
                    if not piece:
                        break
                    out.write(piece)
                    start += len(piece)
                if stop is not None:
                    out.write(splice)

    def all_bytes(self) -> bytes:
        """The whole of it in memory: only for readers that need it all (workbooks, HTML pages)."""
        return self.read(0, self._size)


def chunks_of(data: bytes | FileBytes, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """The bytes of ``data`` (in memory or in a file) in pieces of at most CHUNK bytes."""
    if isinstance(data, FileBytes):
        yield from data.chunks(start, end)
        return
    start, end, _ = slice(start, end).indices(len(data))
    view = memoryview(data)
    for position in range(start, end, CHUNK):
        yield bytes(view[position : min(end, position + CHUNK)])


def new_temp_file(suffix: str = ".csv") -> tuple[int, str]:
    """A new temp file (descriptor, path) for the readers' copies; the caller removes it."""
    return tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix)


def spill(data: bytes | bytearray | memoryview) -> str:
    """Bytes a caller holds, written to a temp file (the only copy besides the caller's): its path."""
    fd, path = new_temp_file()
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)  # the buffer itself goes to write(): no copy in Python
    except BaseException:
        remove_quietly(path)
        raise
    return path


def remove_quietly(path: str | None) -> None:
    if path:
        with contextlib.suppress(OSError):
            os.remove(path)


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file, read in chunks (hashlib releases the GIL while it hashes each one)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
