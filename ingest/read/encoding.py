"""Decide a text file's encoding from its bytes and turn it into UTF-8 (what DuckDB reads).

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16; a strict UTF-8 check of the
whole file (fast, and almost every modern export passes it: the file is then its own UTF-8 text); a
mostly-UTF-8 file with a few broken bytes (decoded with replacement and a warning naming the line);
otherwise a legacy code page, where Chinese Excel's GB18030 is told apart from Western cp1252 by how the
high bytes pair up, and charset-normalizer breaks the remaining ties.

The file is read a chunk at a time (ingest.read.source): checked, and when it is not UTF-8 already,
decoded with an incremental decoder and written as UTF-8 to a temp file, so memory never grows with it.
"""

from __future__ import annotations

import codecs
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.read.sniff import utf16_without_bom
from ingest.read.source import FileBytes, new_temp_file, remove_quietly, spill

REPLACEMENT = "\ufffd"
_SAMPLE = 1024 * 1024
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
# CJK ideographs, CJK punctuation, full-width forms: what GB18030-decoded Chinese text is made of.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_NOT_CJK = re.compile(r"[^\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
_MULTIBYTE_GUESSES = {
    "big5",
    "big5hkscs",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp949",
    "gbk",
    "gb2312",
    "gb18030",
}


@dataclass
class DecodedText:
    encoding: str  # the name reported to the user: utf-8, utf-8-sig, utf-16, gb18030, cp1252 ...
    # The whole text as UTF-8, without a byte-order mark or NUL bytes: the input file itself from
    # ``source_offset`` on, or a temp file the text was re-encoded into (``temp_path``).  Bytes in memory only
    # from ``decode_to_utf8``.
    utf8: bytes | FileBytes
    warnings: list[str] = field(default_factory=list)
    # When ``utf8`` is the input itself from this byte on (after a UTF-8 byte-order mark), unchanged: the
    # original file can then be read in place.  None when the text was re-encoded or repaired.
    source_offset: int | None = None
    temp_path: str | None = None  # the re-encoded copy, which its reader removes when it is closed


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)


def decode_file(source: FileBytes) -> DecodedText:
    """The text of the file ``source`` as UTF-8, with the encoding that was used and any repairs made.

    A file that is UTF-8 already (with or without a byte-order mark, without NUL bytes) is its own UTF-8 text;
    any other is re-encoded into a temp file chunk by chunk: never more than a chunk of it in memory."""
    head = source[:4]
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            body = source.shifted(len(bom))
            if codec == "utf-8":
                return _decode_utf8_family(body, name)
            return _transcode(body, codec, name, [])
    utf16 = utf16_without_bom(source[:4096])
    if utf16:
        return _transcode(source, utf16, utf16, [])
    return _decode_utf8_family(source, "utf-8")


def decode_to_utf8(data: bytes) -> DecodedText:
    """``decode_file`` for bytes in memory (a small HTML page, tests): the UTF-8 text as bytes."""
    path = spill(data)
    try:
        decoded = decode_file(FileBytes(path))
        text = decoded.utf8.all_bytes()
    finally:
        remove_quietly(path)
    remove_quietly(decoded.temp_path)
    return DecodedText(decoded.encoding, text, decoded.warnings, decoded.source_offset)


def _nul_warning(count: int) -> list[str]:
    return [f"Removed {count:,} NUL bytes (empty characters that broken exports leave in the text)"] if count else []


def _without_nuls(chunks: Iterator[bytes], counted: list[int]) -> Iterator[bytes]:
    """The chunks with NUL bytes removed; ``counted[0]`` adds up how many were."""
    for chunk in chunks:
        nuls = chunk.count(0)
        if nuls:
            counted[0] += nuls
            chunk = chunk.replace(b"\x00", b"")
        yield chunk


def _decode_utf8_family(body: FileBytes, name: str) -> DecodedText:
    nuls = [0]
    stream = _without_nuls(body.chunks(), nuls)
    first_bad = _first_invalid_utf8(stream)
    for _rest in stream:  # NUL bytes after the first bad byte count too
        pass
    warnings = _nul_warning(nuls[0])
    if first_bad is None:
        if not nuls[0]:
            return DecodedText(name, body, [], source_offset=body.offset)
        return _transcode(body, "utf-8", name, warnings, strip_nuls=True)
    if _mostly_utf8(_without_nuls(body.chunks(), [0])):
        decoded = _transcode(body, "utf-8", name, warnings, strip_nuls=True)
        bad = _undecodable.count
        line = _lines_before(_without_nuls(body.chunks(), [0]), first_bad) + 1
        others = f" and {bad - 1:,} other places" if bad > 1 else ""
        decoded.warnings.append(
            f"Line {line:,}{others} had bytes that are not valid UTF-8; they were replaced with {REPLACEMENT}"
        )
        return decoded
    sample, more = _prefix(_without_nuls(body.chunks(), [0]), _SAMPLE)
    codec = _legacy_codec(sample, more)
    return _transcode(body, codec, codec, warnings, strip_nuls=True)


def _first_invalid_utf8(chunks: Iterator[bytes]) -> int | None:
    """The offset of the first byte that is not valid UTF-8, or None.  Checked chunk by chunk (decoding the
    whole file at once would hold its text as a Python string, up to 4 bytes per character); a character
    cut in two by a chunk boundary is completed with the next chunk."""
    offset, pending = 0, b""  # bytes read before this chunk; the unfinished character at the last one's end
    for chunk in chunks:
        if not pending and chunk.isascii():  # most exports: no string is made at all
            offset += len(chunk)
            continue
        data = pending + chunk if pending else chunk
        try:
            _, consumed = codecs.utf_8_decode(data, "strict", False)
        except UnicodeDecodeError as exc:
            return offset - len(pending) + exc.start
        pending = data[consumed:]
        offset += len(chunk)
    return offset - len(pending) if pending else None  # the file ends inside a character


def _lines_before(chunks: Iterator[bytes], position: int) -> int:
    """Line breaks in the first ``position`` bytes of the chunks' stream."""
    lines, offset = 0, 0
    for chunk in chunks:
        if offset >= position:
            break
        lines += chunk.count(b"\n", 0, position - offset)
        offset += len(chunk)
    return lines


def _prefix(chunks: Iterator[bytes], size: int) -> tuple[bytes, bool]:
    """The first ``size`` bytes of the chunks' stream, and whether more follow."""
    pieces, have = [], 0
    for chunk in chunks:
        pieces.append(chunk)
        have += len(chunk)
        if have > size:
            break
    return b"".join(pieces)[:size], have > size


def _mostly_utf8(chunks: Iterator[bytes]) -> bool:
    """A UTF-8 file with a few broken bytes, rather than a file in another encoding: among its characters
    beyond ASCII, few are bytes that did not decode (each becomes one replacement character)."""
    _undecodable.count = 0
    decoder = codecs.getincrementaldecoder("utf-8")("crm_okr_count_replace")
    non_ascii = 0
    for chunk in chunks:
        text = decoder.decode(chunk)
        non_ascii += len(text) - len(text.encode("ascii", "ignore"))
    text = decoder.decode(b"", final=True)
    non_ascii += len(text) - len(text.encode("ascii", "ignore"))
    invalid = _undecodable.count
    valid_multibyte = non_ascii - invalid
    return valid_multibyte > 0 and invalid <= max(3, valid_multibyte // 10)


def _legacy_codec(sample: bytes, more: bool) -> str:
    """The code page of a text whose first bytes are ``sample`` (``more`` when the text goes on)."""
    cut = sample.rfind(b"\n")
    if 0 < cut < len(sample) - 1 and more:
        sample = sample[: cut + 1]  # never split a multi-byte character
    high = paired = 0
    for run in _HIGH_RUNS.finditer(sample):  # one match at a time: a list of them would be ~10x the sample
        length = run.end() - run.start()
        high += length
        paired += length if length >= 2 else 0
    multibyte = high > 0 and paired / high >= 0.8
    big5 = _common_share(sample, "big5")
    # Big5's second byte may be ASCII (0x40-0x7E), so its high bytes need not come in pairs: the codec whose
    # text holds more of the commonest Chinese characters wins (GB18030 decodes Big5 bytes into rare ones).
    if big5 >= 0.3 and big5 > _common_share(sample, "gb18030"):
        return "big5"
    if multibyte:
        try:
            text = sample.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        non_ascii = len(text) - len(text.encode("ascii", "ignore"))
        # Mostly Chinese characters, or fewer beside punctuation (an em dash in every other row of a short
        # file) but common ones: the bytes of another CJK codec decode into rare characters.
        if text and (len(text) - len(_CJK.sub("", text)) >= 0.7 * non_ascii or _common_share(sample, "gb18030") >= 0.3):
            return "gb18030"
        guess = _charset_normalizer_guess(sample)
        if guess in _MULTIBYTE_GUESSES:
            return guess
    return "cp1252"


# Characters among the most frequent in Chinese text, the same in simplified and traditional script, and
# the column words of CRM exports in both scripts.
_COMMON_CJK = frozenset(
    "的一是不了人我在有他中大上个到们和你地出道也时年得就那要下以生会自着去过家学可她里后小心多天而能好都然没日"
    "于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法"
    "此实回二理美点月明其种全工己话向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西"
    "再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数"
    "件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许"
    "客户戶单單号號额額间間称稱态態狀状编編码碼负負责責阶階段商机機会會赢贏输輸订訂购購买買卖賣销銷售员員价價格"
    "问問题題类類型满滿评評分推荐薦意愿願提交创創建结結关關闭閉处處理解决決工时時日期名金部门門区區域渠道来來源"
)


def _common_share(sample: bytes, codec: str) -> float:
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return 0.0
    chars = _NOT_CJK.sub("", text)  # one string, not a list of one-character strings
    return sum(map(_COMMON_CJK.__contains__, chars)) / len(chars) if len(chars) >= 4 else 0.0


def _charset_normalizer_guess(sample: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional evidence only
        return None
    best = from_bytes(sample[:262144]).best()
    return codecs.lookup(best.encoding).name.replace("-", "_") if best else None


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    _undecodable.count += 1
    return REPLACEMENT, error.end  # type: ignore[attr-defined]


_undecodable = threading.local()
codecs.register_error("crm_okr_count_replace", _count_and_replace)


def _transcode(body: FileBytes, codec: str, name: str, warnings: list[str], *,
               strip_nuls: bool = False) -> DecodedText:
    """Decode chunk by chunk (never the whole file as one string) and write it as UTF-8 to a temp file.

    NUL bytes are removed from the input first (``strip_nuls``: ASCII-compatible codecs, already counted in
    ``warnings``) and from the output (the NUL characters of UTF-16 text)."""
    _undecodable.count = 0
    decoder = codecs.getincrementaldecoder(codec)("crm_okr_count_replace")
    chunks = _without_nuls(body.chunks(), [0]) if strip_nuls else body.chunks()
    output_nuls = [0]
    fd, path = new_temp_file()
    try:
        with os.fdopen(fd, "wb") as out:
            for utf8 in _without_nuls(_encoded(decoder, chunks), output_nuls):
                out.write(utf8)
    except BaseException:
        remove_quietly(path)
        raise
    warnings = list(warnings)
    if _undecodable.count and not codec.startswith("utf-8"):
        warnings.append(
            f"{_undecodable.count:,} characters could not be read as {name} and were replaced with {REPLACEMENT}"
        )
    warnings += _nul_warning(output_nuls[0])  # NULs inside UTF-16 text
    return DecodedText(name, FileBytes(path), warnings, temp_path=path)


def _encoded(decoder: codecs.IncrementalDecoder, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks decoded (a character cut by a chunk boundary waits for the next) and encoded as UTF-8."""
    for chunk in chunks:
        yield decoder.decode(chunk).encode("utf-8", "replace")
    yield decoder.decode(b"", final=True).encode("utf-8", "replace")
