"""The Quarterly Review page through AppTest: generate, preview every slide, download ZIP/PPTX/PDF, reuse the
rendered deck on reruns, and without Chromium say how to install it (and still offer the notes)."""

from __future__ import annotations

import io
import zipfile

import pytest

from i18n import t
from tests.apptest_support import build_demo_workspace, copy_workspace, run_page

PAGE = "app_pages/review.py"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    demo = build_demo_workspace(tmp_path_factory.getbasetemp() / "review-demo")
    return str(copy_workspace(demo, tmp_path_factory.mktemp("review-page") / "page.duckdb"))


def _generate(at, kinds):
    at.multiselect(key=f"review_kinds_{at.session_state['lang']}").set_value(kinds).run()
    at.button(key="review_generate").click().run()
    assert not at.exception, at.exception[0].value if at.exception else ""
    return at


def test_generate_shows_every_slide_and_offers_the_downloads(demo_db, monkeypatch):
    import review.render as render

    calls = []
    real = render.render_figures

    def counting(figures, **kwargs):
        calls.append(len(figures))
        return real(figures, **kwargs)

    monkeypatch.setattr(render, "render_figures", counting)
    if render.find_browser() is None:
        pytest.skip("no Chromium/Chrome to render with")
    at = run_page(PAGE, db=demo_db, lang="en")
    assert [i.value for i in at.info] == [t("review.page.hint", "en")]
    at = _generate(at, ["title", "scorecard"])
    assert calls == [2]
    assert "Preview (2 slides)" in [s.value for s in at.subheader]
    images = at.get("image")
    assert len(images) == 2
    labels = [b.label for b in at.get("download_button")]
    assert labels == [t("review.page.download_zip", "en"), t("review.page.download_pptx", "en"),
                      t("review.page.download_pdf", "en"), t("review.page.download_outline", "en")]
    assert all(b.proto.url for b in at.get("download_button"))
    deck = at.session_state["review_deck"]
    with zipfile.ZipFile(io.BytesIO(deck["files"]["zip"])) as zf:
        assert zf.namelist() == ["01-title.png", "02-scorecard.png"]
        assert zf.read("01-title.png") == deck["pngs"][0]
    assert deck["files"]["pptx"][:2] == b"PK" and deck["files"]["pdf"][:5] == b"%PDF-"
    # What the buttons download, read back: the editable slides' titles, and the PDF's titles as text.
    from pptx import Presentation
    from pypdf import PdfReader

    prs = Presentation(io.BytesIO(deck["files"]["pptx"]))
    assert [page.shapes.title.text.startswith(title.split()[0]) for page, title in
            zip(prs.slides, deck["titles"], strict=True)] == [True, True]
    assert prs.slides[1].shapes.title.text == deck["titles"][1]
    assert any(shape.has_table for shape in prs.slides[1].shapes)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(deck["files"]["pdf"])).pages]
    assert len(pages) == 2 and deck["titles"][1] in pages[1]
    assert deck["titles"][1].startswith("Scorecard ")
    # The same inputs again: the rendered deck is reused, nothing is drawn twice.
    at.button(key="review_generate").click().run()
    at.run()
    assert calls == [2]
    assert len(at.get("image")) == 2
    # Other inputs: the old deck is not shown as if it were the new one.
    at.multiselect(key="review_kinds_en").set_value(["title"]).run()
    assert [i.value for i in at.info] == [t("review.page.stale", "en")]
    assert not at.get("image")


def test_without_chromium_the_page_says_how_to_install_it(demo_db, monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_OKR_CHROME", str(tmp_path / "no-chrome-here"))
    at = run_page(PAGE, db=demo_db, lang="zh")
    assert at.title[0].value == t("review.page.title", "zh")
    assert [w.value for w in at.warning] == [t("review.error.no_browser", "zh")]  # said before the click
    at = _generate(at, ["title", "kpis"])
    assert [w.value for w in at.warning] == [t("review.error.no_browser", "zh")]  # and only once
    assert [b.label for b in at.get("download_button")] == [t("review.page.download_pptx", "zh"),
                                                             t("review.page.download_outline", "zh")]
    assert at.session_state["review_deck"]["titles"] == ["季度业务复盘 2026-Q3", "2026-Q3 指标概览"]
    assert not at.error
