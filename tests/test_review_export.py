"""Deck outputs from PNG bytes: ZIP names in order, PPTX titles/notes/size, PDF pages (no browser needed)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from review.export import Slide, export_pdf, export_pptx, export_zip, slide_file_name, write_outputs
from review.layout import new_slide

KEYS = ["title", "scorecard", "o1-csat", "channels"]
TITLES = ["Quarterly review 2026-Q3", "Scorecard", "O1 提升客户满意度", "Channels"]


def _png(colour: tuple[int, int, int], size=(1920, 1080), mode="RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else (*colour, 255)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def deck() -> tuple[list[Slide], list[bytes]]:
    slides = [Slide(key=k, title=t, figure=new_slide(title=t, lang="en"), notes=f"{t}: CSAT 86.2% (target 90%)")
              for k, t in zip(KEYS, TITLES, strict=True)]
    pngs = [_png((40 * i, 100, 200)) for i in range(len(slides))]
    return slides, pngs


def test_slide_file_names():
    assert slide_file_name(1, "title") == "01-title.png"
    assert slide_file_name(12, "KR detail / O1.2") == "12-kr-detail-o1-2.png"
    assert slide_file_name(3, "概览") == "03-slide.png"
    assert slide_file_name(2, "scorecard", prefix="review-") == "review-02-scorecard.png"


def test_zip_holds_the_pngs_in_order(deck):
    slides, pngs = deck
    data = export_zip(slides, pngs)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["01-title.png", "02-scorecard.png", "03-o1-csat.png", "04-channels.png"]
        assert [zf.read(n) for n in zf.namelist()] == pngs
    assert export_zip(slides, pngs) == data  # deterministic


def test_picture_pptx_slides_titles_notes_and_full_bleed_picture(deck):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    slides, pngs = deck
    prs = Presentation(io.BytesIO(export_pptx(slides, pngs, native=False)))
    assert (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)  # 13.333 x 7.5 in, 16:9
    assert len(prs.slides) == len(slides)
    for page, slide, png in zip(prs.slides, slides, pngs, strict=True):
        assert page.shapes.title is not None and page.shapes.title.text == slide.title
        assert page.has_notes_slide and page.notes_slide.notes_text_frame.text == slide.notes
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        pic = pictures[0]
        assert (pic.left, pic.top, pic.width, pic.height) == (0, 0, prs.slide_width, prs.slide_height)
        assert pic.image.blob == png
        # The picture is stacked above the title (covers it on the slide; the title stays text).
        order = list(page.shapes)
        assert order.index(pic) > order.index(page.shapes.title)
        assert pic._element.nvPicPr.cNvPr.get("descr") == slide.title
        # Nothing but the title and the picture (no empty placeholders showing "Click to add text").
        assert len(order) == 2
    assert prs.core_properties.title == TITLES[0]


def _pdf_pages(data: bytes) -> list[bytes]:
    return re.findall(rb"/Type /Page\b(?!s)[^>]*?/MediaBox \[([^\]]*)\]", data)


def test_pdf_has_one_16_9_page_per_png(deck):
    _, pngs = deck
    data = export_pdf(pngs, title="Quarterly review")
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    boxes = _pdf_pages(data)
    assert len(boxes) == len(pngs)
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box.split())
        assert (x1 - x0) / (y1 - y0) == pytest.approx(16 / 9)
        assert (x1 - x0, y1 - y0) == (960, 540)  # 13.333 x 7.5 in
    assert len(re.findall(rb"/Type /Pages\b", data)) == 1
    assert re.search(rb"/Count 4\b", data)


def test_pdf_images_are_lossless_and_alpha_is_flattened():
    rgba = _png((255, 0, 0), mode="RGBA")
    big = _png((0, 0, 255), size=(3840, 2160))
    data = export_pdf([rgba, big])
    assert len(_pdf_pages(data)) == 2
    streams = re.findall(rb"/Width (\d+) /Height (\d+) .*?/Length (\d+) >>\nstream\n", data)
    assert [(int(w), int(h)) for w, h, _ in streams] == [(1920, 1080), (3840, 2160)]
    # The first image decodes to 1080 rows of 1 filter byte + 1920 RGB pixels ...
    start = data.index(b"stream\n") + len(b"stream\n")
    stream = data[start:start + int(streams[0][2])]
    assert len(zlib.decompress(stream)) == 1080 * (1 + 1920 * 3)
    # ... and, read back as a PNG (PDF Predictor 15 = PNG row filters), is exactly the slide.
    assert _png_from_stream(1920, 1080, stream).tobytes() == Image.new("RGB", (1920, 1080), (255, 0, 0)).tobytes()


def _png_from_stream(width: int, height: int, stream: bytes) -> Image.Image:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", stream) + chunk(b"IEND", b""))
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_pdf_cross_reference_table_points_at_every_object(deck):
    _, pngs = deck
    data = export_pdf(pngs)
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF", data).group(1))
    assert data[xref_at:xref_at + 4] == b"xref"
    lines = data[xref_at:].split(b"\n")
    count = int(lines[1].split()[1])
    offsets = [int(line[:10]) for line in lines[3:3 + count - 1]]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())


def test_write_outputs_names_and_formats(deck, tmp_path):
    slides, pngs = deck
    # PNGs given as the PDF's pages: the image PDF (no browser needed here; the vector one: test_review_native).
    written = write_outputs(slides, tmp_path / "out", {"png", "zip", "pptx", "pdf"}, pngs=pngs, pdfs=pngs)
    names = [p.name for p in written]
    assert names == ["review-01-title.png", "review-02-scorecard.png", "review-03-o1-csat.png",
                     "review-04-channels.png", "review-slides.zip", "review.pptx", "review.pdf"]
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    only_pdf = write_outputs(slides, tmp_path / "pdf", {"pdf"}, pdfs=pngs, name="review-2026-Q3")
    assert [p.name for p in only_pdf] == ["review-2026-Q3.pdf"]


def test_editable_pptx_needs_no_browser_and_keeps_titles_and_notes(deck, tmp_path, monkeypatch):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    monkeypatch.setenv("CRM_OKR_CHROME", str(tmp_path / "no-chrome-here"))
    slides, _ = deck
    (path,) = write_outputs(slides, tmp_path / "pptx", {"pptx"})
    prs = Presentation(str(path))
    assert (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)
    for page, slide in zip(prs.slides, slides, strict=True):
        assert page.shapes.title.text == slide.title
        assert page.notes_slide.notes_text_frame.text == slide.notes
        assert not [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        # The footer's page line and the accent strip are shapes of their own, at their places.
        strip = next(s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE)
        assert (strip.left, strip.top, strip.width, strip.height) == (0, 0, 12_192_000, 12 * 6350)
    assert prs.core_properties.title == TITLES[0]


def test_mismatched_inputs_and_unknown_formats_are_refused(deck, tmp_path):
    slides, pngs = deck
    with pytest.raises(ValueError, match="4 slides but 3 images"):
        export_zip(slides, pngs[:3])
    with pytest.raises(ValueError, match="unknown output format"):
        write_outputs(slides, tmp_path, {"gif"}, pngs=pngs)
