"""Decide a text file's encoding from its bytes and turn it into UTF-8 (what DuckDB reads).

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16; a strict UTF-8 check of the
whole file (fast, and almost every modern export passes it); a mostly-UTF-8 file with a few broken
bytes (decoded with replacement and a warning naming the line); otherwise a legacy code page, where
Chinese Excel's GB18030 is told apart from Western cp1252 by how the high bytes pair up, and
charset-normalizer breaks the remaining ties.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, field

from ingest.read.sniff import utf16_without_bom

REPLACEMENT = "\ufffd"
_CHUNK = 4 * 1024 * 1024
_SAMPLE = 1024 * 1024
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
# CJK ideographs, CJK punctuation, full-width forms: what GB18030-decoded Chinese text is made of.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
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
    utf8: bytes  # the whole text re-encoded as UTF-8, without a byte-order mark or NUL bytes
    warnings: list[str] = field(default_factory=list)
    # When ``utf8`` is the input itself from this byte on (after a UTF-8 byte-order mark), unchanged: the
    # original file can then be read in place.  None when the text was re-encoded or repaired.
    source_offset: int | None = None


def decode_to_utf8(data: bytes) -> DecodedText:
    """The text of ``data`` as UTF-8 bytes, with the encoding that was used and any repairs made."""
    for bom, codec, name in (
        (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
        (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
        (b"\xff\xfe", "utf-16-le", "utf-16"),
        (b"\xfe\xff", "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8":
                return _verbatim(_decode_utf8_family(body, name), body, len(bom))
            return _transcode(body, codec, name, [])
    utf16 = utf16_without_bom(data[:4096])
    if utf16:
        return _transcode(data, utf16, utf16, [])
    return _verbatim(_decode_utf8_family(data, "utf-8"), data, 0)


def _verbatim(decoded: DecodedText, body: bytes, offset: int) -> DecodedText:
    if decoded.utf8 is body:
        decoded.source_offset = offset
    return decoded


def _strip_nuls(body: bytes) -> tuple[bytes, list[str]]:
    if b"\x00" not in body:
        return body, []
    count = body.count(b"\x00")
    return body.replace(b"\x00", b""), [
        f"Removed {count:,} NUL bytes (empty characters that broken exports leave in the text)"
    ]


def _decode_utf8_family(body: bytes, name: str) -> DecodedText:
    body, warnings = _strip_nuls(body)
    if body.isascii():
        return DecodedText(name, body, warnings)
    first_bad = _first_invalid_utf8(body)
    if first_bad is None:
        return DecodedText(name, body, warnings)
    if _mostly_utf8(body):
        decoded = _transcode(body, "utf-8", name, warnings)
        bad = _undecodable.count
        line = body.count(b"\n", 0, first_bad) + 1
        others = f" and {bad - 1:,} other places" if bad > 1 else ""
        decoded.warnings.append(
            f"Line {line:,}{others} had bytes that are not valid UTF-8; they were replaced with {REPLACEMENT}"
        )
        return decoded
    codec = _legacy_codec(body)
    return _transcode(body, codec, codec, warnings)


def _first_invalid_utf8(body: bytes) -> int | None:
    """The offset of the first byte that is not valid UTF-8, or None.  Checked chunk by chunk: decoding the
    whole file at once would hold its text as a Python string beside it (up to 4 bytes per character)."""
    view, start, size = memoryview(body), 0, len(body)
    while start < size:
        end = min(size, start + _CHUNK)
        while start < end < size and body[end] & 0xC0 == 0x80:  # never cut a character in two
            end -= 1
        if end == start:
            end = min(size, start + _CHUNK)
        try:
            codecs.utf_8_decode(view[start:end], "strict", True)
        except UnicodeDecodeError as exc:
            return start + exc.start
        start = end
    return None


def _mostly_utf8(body: bytes) -> bool:
    """A UTF-8 file with a few broken bytes, rather than a file in another encoding."""
    text = body.decode("utf-8", "replace")
    invalid = text.count(REPLACEMENT) - body.count(REPLACEMENT.encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    valid_multibyte = non_ascii - invalid
    return valid_multibyte > 0 and invalid <= max(3, valid_multibyte // 10)


def _legacy_codec(body: bytes) -> str:
    sample = body[:_SAMPLE]
    cut = sample.rfind(b"\n")
    if 0 < cut < len(sample) - 1 and len(body) > len(sample):
        sample = sample[: cut + 1]  # never split a multi-byte character
    runs = _HIGH_RUNS.findall(sample)
    high = sum(len(r) for r in runs)
    paired = sum(len(r) for r in runs if len(r) >= 2)
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
        if text and (len(_CJK.findall(text)) >= 0.7 * non_ascii or _common_share(sample, "gb18030") >= 0.3):
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
    cjk = _CJK.findall(text)
    chars = "".join(cjk)
    return sum(ch in _COMMON_CJK for ch in chars) / len(chars) if len(chars) >= 4 else 0.0


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


def _transcode(body: bytes, codec: str, name: str, warnings: list[str]) -> DecodedText:
    """Decode chunk by chunk (never the whole file as one string) and re-encode as UTF-8."""
    _undecodable.count = 0
    decoder = codecs.getincrementaldecoder(codec)("crm_okr_count_replace")
    out: list[bytes] = []
    for start in range(0, len(body), _CHUNK):
        out.append(decoder.decode(body[start : start + _CHUNK]).encode("utf-8", "replace"))
    out.append(decoder.decode(b"", final=True).encode("utf-8", "replace"))
    utf8 = b"".join(out)
    warnings = list(warnings)
    if _undecodable.count and not codec.startswith("utf-8"):
        warnings.append(
            f"{_undecodable.count:,} characters could not be read as {name} and were replaced with {REPLACEMENT}"
        )
    if b"\x00" in utf8:  # NULs inside UTF-16 text
        utf8, more = _strip_nuls(utf8)
        warnings += more
    return DecodedText(name, utf8, warnings)
