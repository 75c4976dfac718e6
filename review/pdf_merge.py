"""One PDF from the per-slide vector PDFs Chromium prints (review/render.py ``render_figures(formats=("pdf",))``):
pages in deck order, each scaled to 960 x 540 pt (13.333 x 7.5 in, the PPTX's slide size), the deck's title
in the document information, and text that a search finds.

Chromium embeds the CJK font's glyphs with a Unicode map that names, for a few hundred ideographs, the Kangxi
radical or CJK radical code point that shares the glyph (U+2F6C '⽬' for 目, U+2F84 '⾄' for 至): the page
looks right but a search for 目标 finds nothing and copied text holds the radicals.  ``merge_pdfs`` rewrites
those entries of every font's ToUnicode map to the ideographs they stand for (the ideograph whose glyph the font
shares with the radical, else Unicode's NFKC mapping of the radical), so the text reads, copies and searches as it was written.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence

PAGE_PT = (960, 540)
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_RADICALS = (0x2E80, 0x2FDF)  # CJK Radicals Supplement and Kangxi Radicals
# Radicals whose glyph in Noto Sans CJK SC is that of another ideograph than their NFKC form (⼾ draws 户, not
# 戶), or that have no NFKC form (⻓ draws 长): pairs of (radical, ideograph), read from the font's cmap.
_SC_GLYPH_SHARES = dict(zip(*[iter(
    "⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺭礻⺮𥫗⺯糹⺰纟⺱罓"
    "⺳㓁⺹耂⺺肀⺽𦥑⺾艹⻂衤⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠"
    "⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻮齿⻯竜⻰龙⻱龜⻲亀⼾户")] * 2, strict=True))


def _ideograph(code: int) -> int:
    if _RADICALS[0] <= code <= _RADICALS[1]:
        shared = _SC_GLYPH_SHARES.get(chr(code))
        normal = shared or unicodedata.normalize("NFKC", chr(code))
        if len(normal) == 1:
            return ord(normal)
    return code


def _utf16_hex(code: int) -> bytes:
    """A ToUnicode destination: UTF-16BE in hex (a surrogate pair beyond the BMP)."""
    return chr(code).encode("utf-16-be").hex().upper().encode()


def fix_unicode_map(cmap: bytes) -> bytes:
    """A ToUnicode CMap with radical code points replaced by their ideographs (destinations only: the
    source codes of a Type 3 or CID font are not Unicode and are kept)."""
    out, pos = [], 0
    for section in re.finditer(rb"beginbf(char|range)(.*?)endbf\1", cmap, re.S):
        out.append(cmap[pos:section.start(2)])
        lines = []
        for line in section.group(2).split(b"\n"):
            tokens = list(_HEX.finditer(line))
            keep = 1 if section.group(1) == b"char" else 2  # <src> <dst>  /  <lo> <hi> <dst>
            for m in reversed(tokens[keep:]):
                value = m.group(1)
                if len(value) == 4:
                    code = _ideograph(int(value, 16))
                    line = line[:m.start(1)] + _utf16_hex(code) + line[m.end(1):]
            lines.append(line)
        out.append(b"\n".join(lines))
        pos = section.end(2)
    out.append(cmap[pos:])
    return b"".join(out)


def _fix_fonts(page) -> None:
    from pypdf.generic import NameObject, StreamObject

    fonts = (page.get("/Resources") or {}).get_object().get("/Font") if page.get("/Resources") else None
    seen = set()
    for ref in (fonts.get_object().values() if fonts else []):
        font = ref.get_object()
        cmap_ref = font.get("/ToUnicode")
        if cmap_ref is None or id(cmap_ref.get_object()) in seen:
            continue
        stream = cmap_ref.get_object()
        seen.add(id(stream))
        fixed = fix_unicode_map(stream.get_data())
        if fixed != stream.get_data():
            new = StreamObject()
            new.set_data(fixed)
            font[NameObject("/ToUnicode")] = new


def _scale_to(writer, page, width: float, height: float) -> None:
    """``page.scale_to(width, height)`` without parsing the page: pypdf's rewrites every drawing operator
    (~0.1 s a slide, most of a merge); wrapping the content in ``q sx 0 0 sy 0 0 cm ... Q`` draws the same."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject, RectangleObject

    contents = page.get("/Contents")
    if "/Annots" in page or contents is None or not callable(getattr(writer, "_add_object", None)):
        page.scale_to(width, height)  # links and the like have their own coordinates: let pypdf move them
        return
    box = page.mediabox
    sx, sy = width / float(box.width), height / float(box.height)
    head, tail = DecodedStreamObject(), DecodedStreamObject()
    head.set_data(f"q {sx:.8f} 0 0 {sy:.8f} 0 0 cm\n".encode())
    tail.set_data(b"\nQ")
    parts = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(head), *parts,  # noqa: SLF001
                                                 writer._add_object(tail)])  # noqa: SLF001
    for name in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
        if name in page:
            x0, y0, x1, y1 = (float(v) for v in page[name])
            page[NameObject(name)] = RectangleObject((x0 * sx, y0 * sy, x1 * sx, y1 * sy))


def merge_pdfs(pages: Sequence[bytes], *, title: str | None = None) -> bytes:
    """The slides' one-page PDFs as one document (see the module doc)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in pages:
        for source in PdfReader(io.BytesIO(data)).pages:
            page = writer.add_page(source)
            box = page.mediabox
            if (round(float(box.width)), round(float(box.height))) != PAGE_PT:
                _scale_to(writer, page, *PAGE_PT)
            _fix_fonts(page)
    metadata = {"/Producer": "crm-okr-dashboard"}
    if title:
        metadata["/Title"] = title
    writer.add_metadata(metadata)
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["PAGE_PT", "fix_unicode_map", "merge_pdfs"]
