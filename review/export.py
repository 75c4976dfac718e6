"""Deck outputs: PNG per slide (and one ZIP of them), PPTX, PDF.

File names (``write_outputs``; ``name`` defaults to "review"):

* ``review-01-title.png``, ``review-02-scorecard.png`` ... one PNG per slide, numbered in deck order
  with the slide key (inside the ZIP the same files are ``01-title.png``, ``02-scorecard.png`` ...),
* ``review-slides.zip`` (format "zip") - the PNGs as one download,
* ``review.pptx`` - one 16:9 slide (13.333 x 7.5 in) per PNG, the picture covering the whole slide; the
  slide's title is real text in the slide's title placeholder, placed where the title is drawn and
  stacked *behind* the picture, so PowerPoint's outline view, slide sorter titles and screen readers
  get the title while the slide looks exactly like the PNG; the picture's alt text is the title too;
  the speaker notes carry ``Slide.notes`` (the numbers on that slide),
* ``review.pdf`` - one 16:9 page (960 x 540 pt = 13.333 x 7.5 in) per slide, the PNG embedded
  losslessly (Flate, PNG predictors), whatever the PNG's pixel size.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from review.layout import SLIDE_HEIGHT, SLIDE_WIDTH, SUBTITLE_BOX, TITLE_BOX

PPTX_WIDTH_EMU = 12_192_000  # 13.333 in
PPTX_HEIGHT_EMU = 6_858_000  # 7.5 in
PDF_PAGE_PT = (960, 540)  # 13.333 x 7.5 in
FORMATS = ("png", "zip", "pptx", "pdf")
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # fixed timestamps: the same deck gives the same bytes


@dataclass
class Slide:
    """One slide of the deck: ``key`` names the file (``02-scorecard.png``), ``title`` is the text title
    (PPTX outline, alt text), ``notes`` the speaker notes with the slide's numbers."""

    key: str
    title: str
    figure: go.Figure
    notes: str = ""


def slide_file_name(index: int, key: str, *, prefix: str = "") -> str:
    """``slide_file_name(2, "scorecard")`` -> ``02-scorecard.png`` (index counts from 1)."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(key).lower()).strip("-") or "slide"
    return f"{prefix}{index:02d}-{slug}.png"


def _check(slides: Sequence[Slide], pngs: Sequence[bytes]) -> None:
    if len(slides) != len(pngs):
        raise ValueError(f"{len(slides)} slides but {len(pngs)} images")


def export_zip(slides: Sequence[Slide], pngs: Sequence[bytes]) -> bytes:
    """The PNGs as one ZIP: ``01-title.png``, ``02-scorecard.png`` ... in deck order."""
    _check(slides, pngs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:  # PNG is already compressed
        for i, (slide, png) in enumerate(zip(slides, pngs, strict=True), start=1):
            zf.writestr(zipfile.ZipInfo(slide_file_name(i, slide.key), date_time=_ZIP_DATE), png)
    return buf.getvalue()


def _title_layout(prs):
    for layout in prs.slide_layouts:
        if layout.name == "Title Only":
            return layout
    for layout in prs.slide_layouts:
        if any(ph.placeholder_format.type == 1 for ph in layout.placeholders):  # TITLE
            return layout
    return prs.slide_layouts[0]


def export_pptx(slides: Sequence[Slide], pngs: Sequence[bytes], *, deck_title: str | None = None) -> bytes:
    """One full-bleed picture slide per PNG with the title as text behind it and the notes."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    _check(slides, pngs)
    prs = Presentation()
    prs.slide_width = Emu(PPTX_WIDTH_EMU)
    prs.slide_height = Emu(PPTX_HEIGHT_EMU)
    layout = _title_layout(prs)
    sx, sy = PPTX_WIDTH_EMU / SLIDE_WIDTH, PPTX_HEIGHT_EMU / SLIDE_HEIGHT
    for slide, png in zip(slides, pngs, strict=True):
        page = prs.slides.add_slide(layout)
        for ph in list(page.placeholders):  # keep only the title placeholder
            if ph.placeholder_format.type != 1:
                ph._element.getparent().remove(ph._element)
        title = page.shapes.title
        if title is not None:
            title.text = slide.title
            title.left, title.top = Emu(round(TITLE_BOX.x * sx)), Emu(round(TITLE_BOX.y * sy))
            title.width = Emu(round(TITLE_BOX.w * sx))
            title.height = Emu(round((SUBTITLE_BOX.bottom - TITLE_BOX.y) * sy))
            for paragraph in title.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(28)
        # Added after the title, so it is stacked above it and covers it on the slide.
        picture = page.shapes.add_picture(io.BytesIO(png), 0, 0, width=Emu(PPTX_WIDTH_EMU),
                                          height=Emu(PPTX_HEIGHT_EMU))
        picture.name = f"Slide image: {slide.key}"
        picture._element.nvPicPr.cNvPr.set("descr", slide.title)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    prs.core_properties.title = deck_title or (slides[0].title if slides else "")
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _png_chunks(data: bytes) -> Iterable[tuple[bytes, bytes]]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def _rgb_idat(png: bytes) -> tuple[int, int, bytes]:
    """(width, height, zlib stream of PNG-filtered 8-bit RGB rows) for a PDF FlateDecode image."""
    chunks = list(_png_chunks(png))
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or colour != 2 or interlace:
        from PIL import Image

        with Image.open(io.BytesIO(png)) as im:
            im.load()
            if im.mode in ("RGBA", "LA", "P", "PA"):
                im = im.convert("RGBA")
                flat = Image.new("RGB", im.size, "white")
                flat.paste(im, mask=im.getchannel("A"))
            else:
                flat = im.convert("RGB")
            buf = io.BytesIO()
            flat.save(buf, format="PNG", compress_level=6)
        return _rgb_idat(buf.getvalue())
    return width, height, b"".join(body for kind, body in chunks if kind == b"IDAT")


def _pdf_text(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def export_pdf(pngs: Sequence[bytes], *, title: str | None = None) -> bytes:
    """A PDF with one 16:9 page (960 x 540 pt) per PNG, images embedded without loss."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(header: bytes, data: bytes) -> bytes:
        return b"<< " + header + b" /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"

    catalog = add(b"")  # filled in below
    pages = add(b"")
    kids = []
    pw, ph = PDF_PAGE_PT
    for png in pngs:
        width, height, idat = _rgb_idat(png)
        image = add(stream(
            f"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB "
            f"/BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 "
            f"/BitsPerComponent 8 /Columns {width} >>".encode(), idat))
        content = add(stream(b"", f"q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q".encode()))
        kids.append(add(
            f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {pw} {ph}] "
            f"/Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>".encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode()
    objects[pages - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                          + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    info = add(b"<< /Producer " + _pdf_text("crm-okr-dashboard") + (b" /Title " + _pdf_text(title) if title else b"")
               + b" >>")

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def write_outputs(
    slides: Sequence[Slide],
    out_dir: str | Path,
    formats: Iterable[str] = frozenset({"png", "pptx", "pdf"}),
    *,
    pngs: Sequence[bytes] | None = None,
    name: str = "review",
    deck_title: str | None = None,
    scale: float = 1,
) -> list[Path]:
    """Render the slides once (unless ``pngs`` are given) and write the chosen ``formats`` (png, zip,
    pptx, pdf) into ``out_dir`` under the names in the module doc; returns the paths written."""
    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    if pngs is None:
        from review.render import render_pngs

        pngs = render_pngs([s.figure for s in slides], scale=scale)
    _check(slides, pngs)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "png" in wanted:
        for i, (slide, png) in enumerate(zip(slides, pngs, strict=True), start=1):
            path = out / slide_file_name(i, slide.key, prefix=f"{name}-")
            path.write_bytes(png)
            written.append(path)
    title = deck_title or (slides[0].title if slides else None)
    for fmt, suffix, build in (
        ("zip", "-slides.zip", lambda: export_zip(slides, pngs)),
        ("pptx", ".pptx", lambda: export_pptx(slides, pngs, deck_title=title)),
        ("pdf", ".pdf", lambda: export_pdf(pngs, title=title)),
    ):
        if fmt in wanted:
            path = out / f"{name}{suffix}"
            path.write_bytes(build())
            written.append(path)
    return written
