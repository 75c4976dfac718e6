"""Drawing slides in two tabs at once (review/render.py ``Renderer``): the same bytes, in the figures' order, as
one tab; a browser started ahead and reused; starting and stopping without leaks."""

from __future__ import annotations

import struct
import time

import plotly.graph_objects as go
import pytest

from review import render
from review.render import MISSING_BROWSER, Renderer, RenderUnavailable, render_pngs

SIZE = {"width": 480, "height": 270}


@pytest.fixture(scope="module")
def browser(slide_browser) -> str:
    return slide_browser


def _figures(n: int) -> list[go.Figure]:
    """``n`` figures that all look different (their title and bars), a Chinese one among them."""
    figs = []
    for i in range(n):
        fig = go.Figure(go.Bar(x=["a", "b", "c"], y=[i + 1, (i * 7) % 5 + 1, 3]))
        fig.update_layout(title=f"Slide {i + 1}" if i % 3 else f"第 {i + 1} 页", showlegend=False)
        figs.append(fig)
    return figs


def _slots_free() -> int:
    return render._BROWSERS._value  # noqa: SLF001 - the test checks that every browser gave its slot back


def test_two_tabs_give_the_same_pngs_in_the_same_order_as_one_tab(browser):
    figures = _figures(7)
    one = render_pngs(figures, tabs=1, **SIZE)
    with Renderer(tabs=2) as renderer:
        two = renderer.render(figures, **SIZE)["png"]
        assert renderer.tabs == 2
    assert len(set(one)) == len(figures), "the figures must draw differently for the order to be checked"
    assert [len(p) for p in two] == [len(p) for p in one]
    assert two == one
    assert all(struct.unpack(">II", p[16:24]) == (480, 270) for p in two)


def test_a_started_renderer_draws_png_and_pdf_several_times(browser):
    figures = _figures(3)
    with Renderer() as renderer:
        renderer.ready()
        first = renderer.render(figures, formats=("png", "pdf"), **SIZE)
        again = renderer.render(list(reversed(figures)), **SIZE)["png"]
        pending = renderer.submit(figures[:1], **SIZE)
        assert pending.result(120)["png"] == first["png"][:1]
    assert first["png"] == list(reversed(again))
    assert [p[:5] for p in first["pdf"]] == [b"%PDF-"] * 3
    assert _slots_free() == 2


def test_render_figures_uses_a_given_renderer(browser, monkeypatch):
    with Renderer(tabs=1, warm=False) as renderer:
        renderer.ready()
        monkeypatch.setattr(render, "find_browser", lambda: None)  # would raise if it started its own
        (png,) = render.render_figures(_figures(1), formats=("png",), renderer=renderer, **SIZE)["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_closing_while_the_browser_starts_stops_it_and_frees_its_slot(browser):
    started = time.perf_counter()
    renderer = Renderer()
    renderer.close()
    renderer.close()  # twice is harmless
    assert time.perf_counter() - started < 30
    assert _slots_free() == 2
    with pytest.raises(RuntimeError):
        renderer.render(_figures(1))


def test_no_browser_is_reported_when_drawing_not_when_starting(monkeypatch):
    monkeypatch.setenv("CRM_OKR_CHROME", "/nonexistent")
    with Renderer() as renderer:  # returns at once: the caller computes the deck meanwhile
        assert renderer.render([]) == {"png": []}
        with pytest.raises(RenderUnavailable) as info:
            renderer.render(_figures(1))
    assert str(info.value) == MISSING_BROWSER
    assert _slots_free() == 2


def test_one_document_pdf_has_a_page_per_figure_in_order_with_the_text_of_the_single_pages(browser):
    import io

    from pypdf import PdfReader

    from review.export import export_pdf

    figures = _figures(4)
    with Renderer() as renderer:
        document = renderer.render_pdf(figures, **SIZE)
        single = renderer.render(figures, formats=("pdf",), **SIZE)["pdf"]
        assert renderer.render_pdf([]) == b""
    pages = PdfReader(io.BytesIO(document)).pages
    assert len(pages) == 4
    texts = [" ".join(page.extract_text().split()) for page in pages]
    assert texts == [" ".join(PdfReader(io.BytesIO(p)).pages[0].extract_text().split()) for p in single]
    assert ["Slide 2" in t for t in texts] == [False, True, False, False]
    assert ["Slide 3" in t for t in texts] == [False, False, True, False]
    merged = PdfReader(io.BytesIO(export_pdf([document], title="Deck")))
    assert len(merged.pages) == 4
    assert [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in merged.pages] == [(960, 540)] * 4
