"""Deck outputs: PNG per slide (and one ZIP of them), PPTX, PDF.

File names (``write_outputs``; ``name`` defaults to "review"):

* ``review-01-title.png``, ``review-02-scorecard.png`` ... one PNG per slide, numbered in deck order
  with the slide key (inside the ZIP the same files are ``01-title.png``, ``02-scorecard.png`` ...),
* ``review-slides.zip`` (format "zip") - the PNGs as one download,
* ``review.pptx`` - one 16:9 slide (13.333 x 7.5 in) per slide, editable: titles, text, tiles and tables
  as PowerPoint text and tables, the charts as native PowerPoint charts with their data
  (review/pptx_native.py); the speaker notes carry ``Slide.notes`` (the numbers on that slide).  It needs
  no browser.  ``export_pptx(..., native=False)`` makes the earlier picture deck (one full-bleed PNG per
  slide, the title as text behind it),
* ``review.pdf`` - one 16:9 page (960 x 540 pt) per slide, vector, drawn by the same browser session as
  the PNGs: its text can be selected and searched (fonts embedded, Chinese included; review/pdf_merge.py).
  Given PNGs instead of PDF pages, ``export_pdf`` embeds the images losslessly (no text).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

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


def export_pptx(slides: Sequence[Slide], pngs: Sequence[bytes] | None = None, *, deck_title: str | None = None,
                native: bool = True, render: Callable[[go.Figure], bytes] | None = None) -> bytes:
    """The deck as PPTX: editable (text, tables, native charts: review/pptx_native.py) or, with
    ``native=False``, one full-bleed picture per PNG with the title as text behind it.  ``pngs`` are needed
    for pictures; the editable deck uses them only for a slide it cannot rebuild, or asks ``render(figure)``
    for that slide's PNG (default: a browser started for it)."""
    from review.pptx_native import native_pptx, new_presentation, picture_slide

    title = deck_title or (slides[0].title if slides else "")
    if native:
        if pngs is not None:
            _check(slides, pngs)
        data, _pictures = native_pptx(slides, deck_title=title, pngs=pngs, render=render)
        return data
    if pngs is None:
        raise ValueError("a picture PPTX needs the slides' PNGs")
    _check(slides, pngs)
    prs, layout = new_presentation()
    for slide, png in zip(slides, pngs, strict=True):
        picture_slide(prs, layout, title=slide.title, key=slide.key, notes=slide.notes, png=png)
    prs.core_properties.title = title
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


def export_pdf(pages: Sequence[bytes], *, title: str | None = None) -> bytes:
    """A PDF with one 16:9 page (960 x 540 pt) per slide: from the slides' vector PDFs (selectable, searchable
    text: review/pdf_merge.py) or, given PNGs, the images embedded without loss (no text)."""
    if pages and bytes(pages[0][:5]) == b"%PDF-":
        from review.pdf_merge import merge_pdfs

        return merge_pdfs(pages, title=title)
    return _image_pdf(pages, title=title)


def _image_pdf(pngs: Sequence[bytes], *, title: str | None = None) -> bytes:
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


def _draw(slides: Sequence[Slide], render: list[str], scale: float, renderer: Any, pngs: Any, pdfs: Any):
    """(pngs, pdfs) with what ``render`` names drawn; the PDF is one multi-page document (``export_pdf``
    takes it as it takes the pages one by one)."""
    from review.render import Renderer, render_figures, tabs_for

    figures = [s.figure for s in slides]
    session = renderer or Renderer(tabs=tabs_for(len(figures), render), warm=False)
    try:
        if "png" in render:
            pngs = render_figures(figures, formats=("png",), scale=scale, renderer=session)["png"]
        if "pdf" in render:
            pdfs = [session.render_pdf(figures)]
    finally:
        if session is not renderer:
            session.close()
    return pngs, pdfs


def write_outputs(
    slides: Sequence[Slide],
    out_dir: str | Path,
    formats: Iterable[str] = frozenset({"png", "pptx", "pdf"}),
    *,
    pngs: Sequence[bytes] | None = None,
    pdfs: Sequence[bytes] | None = None,
    name: str = "review",
    deck_title: str | None = None,
    scale: float = 1,
    renderer: Any = None,
) -> list[Path]:
    """Write the chosen ``formats`` (png, zip, pptx, pdf) into ``out_dir`` under the names in the module doc;
    returns the paths written.  What needs the browser (PNGs for png/zip, the PDF) is drawn in one session
    unless given: ``renderer`` (review/render.py ``Renderer``, e.g. started while the deck was computed) or
    one started here; the PDF is printed as one document.  The PPTX alone needs no browser."""
    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    for pages in (pngs, pdfs):
        if pages is not None:
            _check(slides, pages)
    render = [f for f, need in (("png", pngs is None and wanted & {"png", "zip"}),
                                 ("pdf", pdfs is None and "pdf" in wanted)) if need]
    if render and slides:
        pngs, pdfs = _draw(slides, render, scale, renderer, pngs, pdfs)
    elif render:  # no slides: nothing to draw
        pngs, pdfs = pngs or [], pdfs or []
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
        ("pdf", ".pdf", lambda: export_pdf(pdfs, title=title)),
    ):
        if fmt in wanted:
            path = out / f"{name}{suffix}"
            path.write_bytes(build())
            written.append(path)
    return written
