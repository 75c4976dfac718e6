"""Slide canvas helpers (text fitting, tables, sub charts) and rendering with the system Chromium."""

from __future__ import annotations

import asyncio
import io
import os
import struct
import subprocess
import threading

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops, ImageStat

from charts.theme import FONT_FAMILY
from review import layout
from review.layout import (
    CONTENT,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    SUBTITLE_BOX,
    TITLE_BOX,
    Box,
    add_progress_bar,
    add_table,
    add_text_box,
    new_slide,
    number_pages,
)
from review.render import MISSING_BROWSER, RenderUnavailable, find_browser, render_pngs
from review.subfigure import add_subplot_figure
from review.text_fit import fit_text, text_width, wrap_text

LONG_EN = (
    "Customer satisfaction kept climbing through the third quarter while first response times slipped in "
    "the West region after the partner onboarding wave, so the service team must rebalance its queues now"
)[:200]
LONG_ZH = "本季度客户满意度持续上升，但西区在合作伙伴集中上线后首次响应时间明显变慢，团队需要在九月底之前重新平衡工单队列并补充人手"[:60]


def _annotation(fig: go.Figure, name: str):
    found = [a for a in fig.layout.annotations if a.name == name]
    assert found, f"no annotation named {name}"
    return found[0]


# ----------------------------------------------------------------------------------------- text


def test_long_titles_are_really_that_long():
    assert len(LONG_EN) == 200
    assert len(LONG_ZH) == 60


@pytest.mark.parametrize("text", [LONG_EN, LONG_ZH])
def test_long_title_fits_the_title_box(text):
    box_h = SUBTITLE_BOX.bottom - TITLE_BOX.y  # no subtitle: the title gets the whole band
    fitted = fit_text(text, width=TITLE_BOX.w, height=box_h, size=54, min_size=34, bold=True)
    assert all(text_width(line, fitted.size, bold=True) <= TITLE_BOX.w for line in fitted.lines)
    assert fitted.height <= box_h
    assert 34 <= fitted.size <= 54
    fig = new_slide(title=text, lang="zh" if text is LONG_ZH else "en")
    title = _annotation(fig, "slide-title")
    assert title.width == TITLE_BOX.w and title.height == box_h
    assert title.text.count("<br>") == len(fitted.lines) - 1


def test_chinese_title_wraps_between_characters_and_keeps_every_character():
    fitted = fit_text(LONG_ZH, width=900, height=400, size=54, bold=True)
    assert len(fitted.lines) >= 2 and not fitted.truncated
    assert "".join(fitted.lines).replace(" ", "") == LONG_ZH.replace(" ", "")
    assert not any(line[0] in "，。、；：！？）" for line in fitted.lines)  # no closing punctuation first


def test_latin_wraps_on_spaces_only():
    lines = wrap_text(LONG_EN, width=700, size=30)
    assert len(lines) > 2
    assert " ".join(lines) == LONG_EN
    assert all(text_width(line, 30) <= 700 for line in lines)


def test_text_shrinks_before_it_is_cut_and_is_cut_with_an_ellipsis():
    shrunk = fit_text("Quarterly review of the customer success organisation", width=600, height=60, size=40,
                      min_size=20)
    assert not shrunk.truncated and shrunk.size < 40 and shrunk.height <= 60
    cut = fit_text(LONG_EN, width=600, height=60, size=40, min_size=20)
    assert cut.truncated and cut.size == 20 and cut.lines[-1].endswith("…")
    assert cut.height <= 60 and all(text_width(line, 20) <= 600 for line in cut.lines)
    assert cut.lines[-1][:-1].split()[-1] in LONG_EN.split()  # cut at a word boundary


def test_a_word_longer_than_the_box_is_broken():
    lines = wrap_text("x" * 80, width=200, size=20)
    assert len(lines) > 1 and "".join(lines) == "x" * 80


def test_width_estimate_is_not_below_the_real_font(tmp_path):
    """The estimate must not be narrower than Noto Sans CJK SC really is (else text would be clipped)."""
    from PIL import ImageFont

    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC:bold"], capture_output=True,
                             text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    if "NotoSansCJK" not in out:
        pytest.skip("Noto Sans CJK is not installed (fc-match found none)")
    for bold, name in ((False, "NotoSansCJK-Regular.ttc"), (True, "NotoSansCJK-Bold.ttc")):
        font = ImageFont.truetype(os.path.join(os.path.dirname(out), name), 100, index=2)  # index 2 = SC
        for sample in (LONG_EN, LONG_ZH, "QUARTERLY REVIEW 2026", "bdhnopqu mmm www", "1,234,567.89 (+12.5%)"):
            assert text_width(sample, 100, bold=bold) >= font.getlength(sample), sample


def test_text_box_escapes_markup_and_reports_what_it_drew():
    fig = new_slide(title="t", lang="en")
    fitted = add_text_box(fig, x=100, y=300, w=400, h=100, text="a <b>bold</b> & more", size=20)
    ann = fig.layout.annotations[-1]
    assert "&lt;b&gt;" in ann.text and "&amp;" in ann.text
    assert fitted.lines == ["a <b>bold</b> & more"]
    assert ann.x == pytest.approx(100 / SLIDE_WIDTH, abs=1e-5)
    assert ann.y == pytest.approx(1 - 300 / SLIDE_HEIGHT, abs=1e-5)


# ----------------------------------------------------------------------------------------- canvas


def test_new_slide_is_a_fixed_1920x1080_canvas_with_zero_margins():
    fig = new_slide(title="Scorecard", subtitle="As of 2026-08-16", lang="en", brand="ACME", footer="Q3",
                    logo_png=_tiny_png())
    assert (fig.layout.width, fig.layout.height) == (1920, 1080)
    m = fig.layout.margin
    assert (m.l, m.r, m.t, m.b, m.autoexpand) == (0, 0, 0, 0, False)
    assert fig.layout.font.family == FONT_FAMILY and FONT_FAMILY.startswith("Noto Sans CJK SC")
    assert fig.layout.meta["slide"]["title"] == "Scorecard"
    assert len(fig.layout.images) == 1
    # The title makes room for the logo.
    assert _annotation(fig, "slide-title").width < TITLE_BOX.w
    assert "ACME" in _annotation(fig, "slide-footer").text


def test_number_pages_writes_page_of_total():
    figs = [new_slide(title=str(i), lang="en") for i in range(3)]
    number_pages(figs)
    assert [_annotation(f, "slide-page").text for f in figs] == ["1 / 3", "2 / 3", "3 / 3"]


def test_box_splits():
    a, b = CONTENT.columns([2, 1], gap=40)
    assert a.x == CONTENT.x and b.right == pytest.approx(CONTENT.right) and a.w == pytest.approx(2 * b.w)
    rows = CONTENT.rows(3, gap=20)
    assert rows[-1].bottom == pytest.approx(CONTENT.bottom)
    assert Box(10, 10, 100, 50).inset(5) == Box(15, 15, 90, 40)


def test_table_never_scrolls_it_shrinks_then_says_how_many_rows_are_left_out():
    fig = new_slide(title="t", lang="en")
    rows = [[f"Account {i} with a fairly long name", f"{i * 1000:,}", f"{i}%"] for i in range(40)]
    fit = add_table(fig, x=80, y=240, w=900, h=400, header=["Account", "Amount", "Share"], rows=rows,
                    col_widths=[4, 1.5, 1])
    assert fit.truncated and fit.rows_shown < 40 and fit.size == 15
    assert sum(fit.row_heights) <= 400
    table = fig.data[-1]
    assert table.type == "table"
    assert table.cells.values[0][-1] == f"… +{40 - fit.rows_shown}"
    assert list(table.domain.x) == pytest.approx([80 / 1920, 980 / 1920], abs=1e-6)
    small = add_table(fig, x=80, y=240, w=900, h=400, header=["A", "B"], rows=[["x", "1"]],
                      cell_colors=[["#fee2e2", None]])
    assert not small.truncated and small.size == 22
    assert fig.data[-1].cells.fill.color[0][0] == "#fee2e2"


def test_progress_bar_clips_value_and_marks_pace():
    fig = new_slide(title="t", lang="en")
    before = len(fig.layout.shapes)
    add_progress_bar(fig, x=100, y=500, w=1000, h=20, value=1.7, pace=0.5, color="#22c55e")
    shapes = fig.layout.shapes[before:]
    track, fill, pace = shapes
    assert fill.x1 == pytest.approx(track.x1)  # 170% fills the bar, no more
    assert pace.x0 == pytest.approx((100 + 500) / 1920)
    add_progress_bar(fig, x=100, y=600, w=1000, h=20, value=None)
    assert len(fig.layout.shapes) == before + 4  # no data: only the track


def test_subplot_figure_gets_fresh_axes_in_its_box():
    fig = new_slide(title="t", lang="en")
    line = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], name="a"))
    line.add_trace(go.Scatter(x=[1, 2, 3], y=[1, 2, 3], name="b"))
    line.add_hline(y=2, line_dash="dash")
    line.update_layout(title="Trend", legend={"orientation": "h", "y": 1.02})
    bars = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    left, right = CONTENT.columns(2)
    m1 = add_subplot_figure(fig, line, **left.kw())
    m2 = add_subplot_figure(fig, bars, **right.kw())
    assert m1["x"] != m2["x"] and m1["y"] != m2["y"]
    xa = fig.layout[m1["x"].replace("x", "xaxis")]
    assert left.x / 1920 <= xa.domain[0] < xa.domain[1] <= left.right / 1920
    assert xa.automargin is False
    assert {t.xaxis for t in fig.data if t.type == "scatter"} == {m1["x"]}
    assert fig.data[-1].xaxis == m2["x"] and fig.data[-1].showlegend is False  # one trace: no legend
    assert fig.data[0].legend == fig.data[1].legend != "legend"
    assert any(s.yref == m1["y"] and s.xref == f"{m1['x']} domain" for s in fig.layout.shapes)
    assert any(a.text == "<b>Trend</b>" for a in fig.layout.annotations)
    pie = go.Figure(go.Pie(labels=["a", "b"], values=[1, 2]))
    add_subplot_figure(fig, pie, x=100, y=300, w=400, h=400)
    assert fig.data[-1].domain.x[0] >= 100 / 1920 and fig.data[-1].domain.x[1] <= 500 / 1920


def _tiny_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (120, 60), (14, 165, 233, 255)).save(buf, "PNG")
    return buf.getvalue()


# -------------------------------------------------------------------------------------- rendering


def test_no_figures_needs_no_browser(monkeypatch):
    monkeypatch.setenv("CRM_OKR_CHROME", "/nonexistent")
    assert render_pngs([]) == []


def test_bogus_browser_path_raises_one_sentence(monkeypatch):
    monkeypatch.setenv("CRM_OKR_CHROME", "/nonexistent")
    assert find_browser() is None
    with pytest.raises(RenderUnavailable) as info:
        render_pngs([new_slide(title="x", lang="en")])
    assert str(info.value) == MISSING_BROWSER
    assert str(info.value).count(". ") == 0 and str(info.value).endswith(".")
    assert info.value.key == "review.error.no_browser"


def test_browser_that_does_not_start_raises_render_unavailable(monkeypatch, tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CRM_OKR_CHROME", str(fake))
    assert find_browser() == str(fake)
    with pytest.raises(RenderUnavailable, match="need Chromium"):
        render_pngs([new_slide(title="x", lang="en")])


@pytest.fixture(scope="module")
def browser(slide_browser) -> str:
    return slide_browser


def _slide_with_table(title: str, lang: str) -> go.Figure:
    fig = new_slide(title=title, lang=lang, brand="ACME", footer="Quarterly review")
    add_table(fig, **CONTENT.columns(2)[0].kw(), header=["KR", "Now"], rows=[["CSAT 客户满意度", "86%"]] * 4)
    add_subplot_figure(fig, go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), **CONTENT.columns(2)[1].kw())
    return fig


@pytest.fixture(scope="module")
def rendered(browser) -> dict[str, Image.Image | bytes]:
    """One browser session for the whole module: English, Chinese, tofu and a repeated slide."""
    figs = {
        "en": _slide_with_table(LONG_EN, "en"),
        "zh": new_slide(title="季度复盘：客户满意度", lang="zh"),
        "tofu": new_slide(title="\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008", lang="zh"),
        "zh_table": _slide_with_table(LONG_ZH, "zh"),
    }
    figs["en_again"] = figs["en"]
    pngs = render_pngs(list(figs.values()))
    return {"pngs": pngs, **{k: Image.open(io.BytesIO(p)).convert("RGB") for k, p in zip(figs, pngs, strict=True)}}


def test_real_render_gives_one_1920x1080_png_per_figure(rendered):
    pngs = rendered["pngs"]
    assert len(pngs) == 5
    for png in pngs:
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (1920, 1080)
    assert rendered["en"].size == (1920, 1080)


def test_tabs_are_reused_without_leaking_state(rendered):
    """The same figure drawn first and last in one session gives the same pixels."""
    assert ImageChops.difference(rendered["en"], rendered["en_again"]).getbbox() is None


def _title_area(img: Image.Image) -> Image.Image:
    return img.crop((TITLE_BOX.x, TITLE_BOX.y, TITLE_BOX.right, SUBTITLE_BOX.bottom)).convert("L")


def test_chinese_title_renders_as_glyphs_not_blank_and_not_tofu(rendered):
    zh, tofu = _title_area(rendered["zh"]), _title_area(rendered["tofu"])
    assert ImageStat.Stat(zh).stddev[0] > 20, "the Chinese title area is blank"
    ink = sum(zh.histogram()[:128])
    assert ink > 3000, f"too little ink in the Chinese title ({ink} dark pixels)"
    diff = ImageStat.Stat(ImageChops.difference(zh, tofu)).mean[0]
    assert diff > 3, "the Chinese title looks like tofu boxes"


def test_long_title_stays_inside_its_band(rendered):
    for key in ("en", "zh_table"):
        img = rendered[key].convert("L")
        title_area = _title_area(rendered[key])
        assert ImageStat.Stat(title_area).stddev[0] > 20
        # Between the title band and the hairline under it, and right of the title box: white.
        below = img.crop((0, SUBTITLE_BOX.bottom + 2, SLIDE_WIDTH, 212))
        right = img.crop((TITLE_BOX.right + 2, 20, SLIDE_WIDTH, 212))
        assert below.getextrema()[0] > 230, f"{key}: title text spills below its band"
        assert right.getextrema()[0] > 230, f"{key}: title text spills right of its box"


def test_render_from_inside_a_running_event_loop_and_scale(browser):
    async def inside_loop():
        return render_pngs([go.Figure(go.Bar(x=[1, 2], y=[2, 1]))], width=480, height=270, scale=2)

    # Our own loop in our own thread: the main thread may already run one (Playwright's sync API does, when
    # the browser tests ran first in the same session).
    box: dict = {}
    worker = threading.Thread(target=lambda: box.update(result=asyncio.run(inside_loop())), daemon=True)
    worker.start()
    worker.join(180)
    (png,) = box["result"]
    assert struct.unpack(">II", png[16:24]) == (960, 540)


def test_render_layout_module_is_streamlit_free():
    assert "streamlit" not in layout.__dict__
