"""The editable PPTX and the PDF with text, read back.

Without a browser: the figure -> blocks reading (markup, boxes, tables, heat maps, charts) on hand-built slides
with hand-computed values, the Excel number formats, the ToUnicode repair; then the demo deck (as of
2026-08-16) as PPTX: titles are title placeholders, nothing is a picture, the scorecard table holds the
numbers ``okr.track`` gives (the CLI's ``okr status`` prints the same ``kr_row``), every deep dive's native
line chart holds the key result's running value (``okr.views.kr_series``), pace, target and forecast, the KPI
sparklines hold the metric engine's monthly values, the channels table's total leads is ``new_leads``.
With Chromium: the PDF's pages have the titles and key numbers as text, in English and Chinese."""

from __future__ import annotations

import io
import math
import re
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import pytest

from i18n import fmt_value, t
from i18n.okr_text import kr_row
from review.blocks import figure_blocks, parse_markup
from review.blocks_chart import Axis, BlockKind
from review.layout import add_table, add_text_box, new_slide
from review.pdf_merge import fix_unicode_map
from review.pptx_chart import number_format
from review.subfigure import add_subplot_figure
from tests.apptest_support import build_demo_workspace, copy_workspace

AS_OF = date(2026, 8, 16)
TODAY = date(2026, 8, 17)


def _plain(text: str) -> str:
    return " ".join(str(text).split())


def _excel_day(serial: str) -> date:
    return date(1899, 12, 30) + timedelta(days=round(float(serial)))


# ------------------------------------------------------------------------------------------ blocks
def test_markup_becomes_runs_with_bold_colour_and_lines():
    lines = parse_markup("<b><span style='color:#0f766e'>Northwind</span></b> · Q3<br>a &amp; b")
    assert [[(r.text, r.bold, r.colour) for r in line] for line in lines] == [
        [("Northwind", True, "#0f766e"), (" · Q3", False, None)], [("a & b", False, None)]]


def test_a_slide_reads_back_as_text_table_and_chart_blocks_at_their_places():
    fig = new_slide(title="Scorecard 2026-Q3", subtitle="As of 2026-08-16", lang="en")
    add_text_box(fig, x=100, y=300, w=400, h=60, text="CSAT 86.2%", size=30, bold=True, color="#b91c1c")
    add_table(fig, x=100, y=400, w=800, h=300, header=["KR", "Current"], rows=[["O1.1", "88.0%"], ["O1.2", "34"]],
              col_widths=[3, 1], cell_colors=[[None, "#22c55e"], [None, None]])
    chart = go.Figure([go.Scatter(x=[date(2026, 7, 1), date(2026, 9, 30)], y=[0, 32], name="pace", mode="lines",
                                  line={"color": "#111827", "dash": "dot", "width": 3}),
                       go.Scatter(x=[date(2026, 7, 5), date(2026, 7, 12)], y=[3, 8], name="this period",
                                  mode="lines+markers", line={"color": "#0f766e", "width": 5})])
    chart.update_layout(xaxis={"range": [date(2026, 6, 30), date(2026, 10, 1)]}, yaxis={"range": [0, 40]},
                        showlegend=False)
    add_subplot_figure(fig, chart, x=1000, y=400, w=800, h=400, margin={"l": 100, "r": 20, "t": 12, "b": 40},
                       show_title=False)
    blocks = figure_blocks(fig)
    texts = {b.text: b for b in blocks if b.kind == BlockKind.TEXT}
    assert texts["Scorecard 2026-Q3"].name == "slide-title" and texts["Scorecard 2026-Q3"].size == 54
    csat = texts["CSAT 86.2%"]
    assert (round(csat.box.x), round(csat.box.y), csat.box.w, csat.box.h) == (100, 300, 400, 60)
    assert csat.lines[0][0].bold and csat.colour == "#b91c1c"
    (table,) = [b for b in blocks if b.kind == BlockKind.TABLE]
    assert table.text_rows() == [["KR", "Current"], ["O1.1", "88.0%"], ["O1.2", "34"]]
    assert table.fills[0][1] == "#22c55e" and table.col_weights == [3, 1]
    assert (round(table.box.x), round(table.box.y), round(table.box.w), round(table.box.h)) == (100, 400, 800, 300)
    (line_chart,) = [b for b in blocks if b.kind == BlockKind.CHART]
    assert [s.name for s in line_chart.series] == ["pace", "this period"]
    assert line_chart.series[0].y == [0, 32] and line_chart.series[0].dash == "dot"
    assert line_chart.series[1].x == [date(2026, 7, 5), date(2026, 7, 12)]
    assert line_chart.series[1].marker_sizes[0] > 0 and line_chart.series[0].marker_sizes == [0, 0]
    # The plot area is the box less the margins: x 1100..1780, y 412..760.
    plot = line_chart.plot
    assert (round(plot.x), round(plot.right), round(plot.y), round(plot.bottom)) == (1100, 1780, 412, 760)
    # Drawing order: the page's shapes below, the table and chart, then the text on top.
    kinds = [b.kind for b in blocks]
    assert kinds.index(BlockKind.TABLE) < kinds.index(BlockKind.TEXT)


def test_a_heat_map_reads_as_a_table_filled_from_its_colour_scale():
    fig = new_slide(title="Channels", lang="en")
    heat = go.Figure(go.Heatmap(z=[[0.0, 2.0], [1.0, None]], x=["2026-07", "2026-08"], y=["Email", "Paid"],
                                text=[["0", "2.0*"], ["1.0", ""]], colorscale=[[0, "#ffffff"], [1, "#000000"]]))
    add_subplot_figure(fig, heat, x=300, y=300, w=800, h=300)
    (table,) = [b for b in figure_blocks(fig) if b.kind == BlockKind.TABLE]
    assert table.text_rows() == [["", "2026-07", "2026-08"], ["Email", "0", "2.0*"], ["Paid", "1.0", ""]]
    # z runs 0..2: 0 is white, 2 black, 1 halfway grey; a cell without a value has no fill.
    assert table.fills == [[None, "rgb(255, 255, 255)", "rgb(0, 0, 0)"], [None, "rgb(128, 128, 128)", None]]
    assert table.colours[0][2] == "white" and table.colours[0][1] != "white"


@pytest.mark.parametrize(("vals", "texts", "expected"), [
    ([0.85, 0.9], ["85%", "90%"], "0%"),
    ([0.855, 0.86], ["85.5%", "86.0%"], "0.0%"),
    ([0, 20, 40], ["0", "20", "40"], "#,##0"),
    ([10, 20], ["10 h", "20 h"], '#,##0" h"'),
    ([7.5, 10, 12.5], ["7.5 h", "10 h", "12.5 h"], '#,##0.0" h"'),
    ([10000, 20000], ["10K", "20K"], '#,##0,"K"'),
    ([2_500_000], ["2.5M"], '#,##0.0,,"M"'),
    ([1200], ["¥1,200"], '"¥"#,##0'),
    ([30000], ["3万"], "#,##0"),
    ([], [], "General"),
])
def test_axis_number_format_writes_the_ticks_as_the_slide_does(vals, texts, expected):
    assert number_format(Axis(tickvals=vals, ticktext=texts)) == expected


def test_unicode_map_radicals_become_the_ideographs_they_draw():
    cmap = (b"3 beginbfchar\n<9F> <6210>\n<DB> <2F3E>\n<DC> <2F6C>\nendbfchar\n"
            b"1 beginbfrange\n<2F> <30> <2ED3>\nendbfrange\n")
    fixed = fix_unicode_map(cmap)
    # 户 (U+6237, the glyph ⼾ shares in the SC font), 目 (U+76EE), 长 (U+957F); source codes and others kept.
    assert fixed == (b"3 beginbfchar\n<9F> <6210>\n<DB> <6237>\n<DC> <76EE>\nendbfchar\n"
                     b"1 beginbfrange\n<2F> <30> <957F>\nendbfrange\n")


# ------------------------------------------------------------------------------------------ the demo deck
@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    from store import Workspace

    demo = build_demo_workspace(tmp_path_factory.getbasetemp() / "review-demo")
    workspace = Workspace(str(copy_workspace(demo, tmp_path_factory.mktemp("native") / "native.duckdb")))
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def decks(ws):
    from review.deck import SLIDE_KINDS, build_slides, deck_context

    out = {}
    for lang in ("en", "zh"):  # the Chinese deck without the deep dives (the English one has them all)
        ctx = deck_context(ws, as_of=AS_OF, today=TODAY, lang=lang)
        out[lang] = (ctx, build_slides(ctx, [k for k in SLIDE_KINDS if lang == "en" or k != "deep_dives"]))
    return out


@pytest.fixture(scope="module")
def pptx_files(decks):
    from pptx import Presentation

    from review.export import export_pptx

    return {lang: Presentation(io.BytesIO(export_pptx(deck, deck_title=deck[0].title)))
            for lang, (_, deck) in decks.items()}


def _tables(page) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in shape.table.rows] for shape in page.shapes if shape.has_table]


def _charts(page):
    return [shape.chart for shape in page.shapes if shape.has_chart]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_slide_is_native_with_its_title_and_notes(decks, pptx_files, lang):
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    _, deck = decks[lang]
    prs = pptx_files[lang]
    assert len(prs.slides) == len(deck)
    assert prs.core_properties.title == deck[0].title
    for page, slide in zip(prs.slides, deck, strict=True):
        assert not [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE], slide.key
        assert page.notes_slide.notes_text_frame.text == slide.notes
        title = _plain(page.shapes.title.text)
        if slide.key == "title":  # the title slide's title is its big deck title, the period beside it
            assert slide.title.startswith(title) and title
        else:
            assert page.shapes.title.text == slide.title
        runs = [r for s in page.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
        assert runs and all(r.font._rPr.find(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}ea").get("typeface") == "Noto Sans CJK SC"
            for r in runs)
        chinese = [r for r in runs if re.search(r"[\u4e00-\u9fff]", r.text)]
        assert all(r.font._rPr.get("lang") == "zh-CN" for r in chinese)
        assert bool(chinese) == (lang == "zh"), slide.key
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode()
    assert '<a:minorFont><a:latin typeface="Arial"/><a:ea typeface="Noto Sans CJK SC"/>' in theme


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_scorecard_table_holds_the_tracked_numbers(decks, pptx_files, lang):
    ctx, deck = decks[lang]
    page = pptx_files[lang].slides[[s.key for s in deck].index("scorecard")]
    (table,) = _tables(page)
    assert table[0][:4] == [t("review.col.kr", lang), t("review.col.baseline", lang),
                            t("review.col.current", lang), t("review.col.target", lang)]
    by_id = {row[0].split()[0]: row for row in table[1:]}
    checked = 0
    for _, ks in ctx.kr_statuses():
        row = kr_row(ks, lang)
        assert by_id[ks.kr.id][1:6] == [row["baseline"], row["current"], row["target"], row["score"],
                                        t(f"status.{ks.status}", lang)]
        checked += 1
    assert checked == len(table) - 1 - len(ctx.statuses) > 0  # every key result row, none left unchecked


def _expected_running(series) -> list[tuple[date, float]]:
    """The key result's running value per week of this period, as charts.kr_trend draws it."""
    frame = series.points[series.points["which"] == "current"].sort_values("bucket_end")
    out = []
    for end, to_date, value in zip(frame["bucket_end"], frame["to_date"], frame["value"], strict=True):
        y = to_date if pd.notna(to_date) else value
        if pd.notna(y):
            out.append((pd.Timestamp(end).date() - timedelta(days=1), float(y)))
    return out


def test_deep_dive_charts_hold_the_running_value_pace_target_and_forecast(decks, pptx_files):
    ctx, deck = decks["en"]
    statuses = {ks.kr.id: ks for _, ks in ctx.kr_statuses()}
    dives = [(i, s) for i, s in enumerate(deck) if s.key == "deep-dive"]
    assert dives  # the demo has key results behind: each gets a deep dive
    for index, slide in dives:
        ks = statuses[slide.title.split()[0]]
        (chart,) = _charts(pptx_files["en"].slides[index])
        days = [_excel_day(c) for c in chart.plots[0].categories]
        series = {s.name: list(s.values) for s in chart.plots[0].series}
        drawn = [(d, v) for d, v in zip(days, series["this period"], strict=True) if v is not None]
        expected = _expected_running(ctx.series(ks))
        assert [d for d, _ in drawn] == [d for d, _ in expected]
        assert [v for _, v in drawn] == pytest.approx([v for _, v in expected])
        target_name = "limit" if ks.mode in ("threshold", "ceiling") else "target"
        target = [(d, v) for d, v in zip(days, series[target_name], strict=True) if v is not None]
        assert target == [(ks.period.start, pytest.approx(ks.target_value)),
                          (ks.period.last_day, pytest.approx(ks.target_value))]
        if "pace" in series:
            pace = ctx.series(ks).pace
            assert [v for v in series["pace"] if v is not None][-1] == pytest.approx(float(pace["value"].iloc[-1]))
        if "forecast" in series and not math.isnan(ks.forecast.point):
            assert [v for v in series["forecast"] if v is not None][-1] == pytest.approx(ks.forecast.point)
        edges = [[v for v in s.values if v is not None] for s in chart.plots[0].series if s.name == "forecast range"]
        if edges:  # the forecast range's band as its two edges, out to the period end's high and low
            assert sorted(e[-1] for e in edges) == pytest.approx(sorted([ks.forecast.low, ks.forecast.high]))
    assert statuses  # the deck had key results


def test_kpi_sparklines_hold_the_metric_engines_monthly_values(ws, decks, pptx_files):
    from metrics import compute
    from metrics.periods import period_containing
    from metrics.query import MetricQuery

    ctx, deck = decks["en"]
    page = pptx_files["en"].slides[[s.key for s in deck].index("kpis")]
    charts = _charts(page)
    tiles = [tl for tl in ctx.kpis() if len(tl.spark) >= 2]
    assert len(charts) == len(tiles) >= 10
    first = tiles[0]
    assert first.metric == "won_revenue"
    last = period_containing(AS_OF, "month", 1)
    frame = compute(ws, MetricQuery("won_revenue", grain="month", start=date(2025, 9, 1), end=last.start,
                                    as_of=AS_OF))  # the twelve months to the as-of date, the running one left out
    line = [v for v in charts[0].plots[0].series[0].values]
    assert line == pytest.approx([float(v) for v in frame["value"]])
    assert len(line) == 11


def test_channels_table_total_leads_is_the_new_leads_metric(ws, decks, pptx_files):
    from metrics import metric_value
    from metrics.query import MetricQuery

    ctx, deck = decks["en"]
    page = pptx_files["en"].slides[[s.key for s in deck].index("channels")]
    table, heat = _tables(page)
    assert table[-1][0] == "Total"
    leads = metric_value(ws, MetricQuery("new_leads", start=ctx.period.start, end=ctx.period.end, as_of=AS_OF))
    assert table[-1][1] == fmt_value(leads.value, "count", "en")
    assert sum(int(row[1].replace(",", "")) for row in table[1:-1]) == int(leads.value)
    assert heat[0][1:] and all(re.fullmatch(r"\d{4}-\d{2}", m) for m in heat[0][1:])
    assert not any("**" in cell for row in heat for cell in row)  # one asterisk marks a maturing cohort


# ------------------------------------------------------------------------------------------ PDF
@pytest.fixture(scope="module")
def pdf_pages(decks):
    from review.export import export_pdf
    from review.render import find_browser, render_figures

    if find_browser() is None:
        pytest.skip("no Chromium/Chrome to render with")
    kinds = ("title", "scorecard", "kpis")
    chosen = {lang: [s for s in deck if s.key in kinds] for lang, (_, deck) in decks.items()}
    figures = chosen["en"] + chosen["zh"]
    drawn = render_figures([s.figure for s in figures], formats=("pdf",))["pdf"]
    n = len(chosen["en"])
    return {lang: (chosen[lang], export_pdf(pages, title=chosen[lang][0].title))
            for lang, pages in (("en", drawn[:n]), ("zh", drawn[n:]))}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_pages_have_the_titles_and_numbers_as_text(decks, pdf_pages, lang):
    from pypdf import PdfReader

    ctx, _ = decks[lang]
    slides, data = pdf_pages[lang]
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == slides[0].title
    assert len(reader.pages) == len(slides)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (960, 540)
    texts = [_plain(page.extract_text()) for page in reader.pages]
    for slide, text in zip(slides, texts, strict=True):
        assert _plain(slide.title).replace(" ", "") in text.replace(" ", ""), slide.key
    scorecard = texts[[s.key for s in slides].index("scorecard")].replace(" ", "")
    for _, ks in ctx.kr_statuses():
        row = kr_row(ks, lang)
        for value in (row["current"], row["target"], row["title"]):
            assert _plain(value).replace(" ", "") in scorecard, (ks.kr.id, value)
    kpis = texts[[s.key for s in slides].index("kpis")]
    assert fmt_value(ctx.kpis()[0].current, ctx.kpis()[0].unit, lang, compact=True).replace(" ", "") in \
        kpis.replace(" ", "")
    if lang == "zh":
        assert "记分卡" in scorecard and "目标" in scorecard  # the radical ⽬ is read back as 目


def test_pdf_fonts_are_embedded(pdf_pages):
    from pypdf import PdfReader

    _, data = pdf_pages["zh"]
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type3":
                assert "/CharProcs" in font  # the glyphs themselves are in the file
                continue
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _png(size=(400, 200), colour=(15, 118, 110)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def test_the_logo_is_a_picture_fitted_to_the_right_of_its_box():
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from review.export import Slide, export_pptx
    from review.layout import LOGO_BOX

    slide = Slide("kpis", "KPIs", new_slide(title="KPIs", lang="en", logo_png=_png()), "notes")
    prs = Presentation(io.BytesIO(export_pptx([slide])))
    (logo,) = [s for s in prs.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    # A 400x200 logo in the 220x100 box: 200x100 px, flush with the box's right and top edges (6350 EMU/px).
    # (Paper fractions keep 6 decimals: a few EMU, far below a pixel, of rounding.)
    assert (logo.left, logo.top, logo.width, logo.height) == pytest.approx(
        ((LOGO_BOX.right - 200) * 6350, LOGO_BOX.y * 6350, 200 * 6350, 100 * 6350), abs=50)


def test_a_slide_that_cannot_be_read_keeps_its_picture(monkeypatch):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    import review.pptx_native as native
    from review.export import Slide

    slides = [Slide(k, k.title(), new_slide(title=k.title(), lang="en"), f"{k} notes") for k in ("one", "two")]
    real = native.figure_blocks

    def odd(figure):
        if figure is slides[1].figure:
            raise ValueError("a figure this reader does not know")
        return real(figure)

    monkeypatch.setattr(native, "figure_blocks", odd)
    data, pictures = native.native_pptx(slides, pngs=[_png(), _png((1920, 1080))])
    assert pictures == ["two"]
    prs = Presentation(io.BytesIO(data))
    assert [p.shapes.title.text for p in prs.slides] == ["One", "Two"]
    assert [len([s for s in p.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]) for p in prs.slides] == [0, 1]
    assert prs.slides[1].notes_slide.notes_text_frame.text == "two notes"


def test_pdf_pages_name_latin_fonts_first_and_png_specs_stay_as_they_are():
    from review.render import PDF_LATIN_FONTS, pdf_spec

    fig = new_slide(title="Scorecard", lang="en")
    add_table(fig, x=100, y=300, w=600, h=200, header=["KR", "Current"], rows=[["O1.1", "88.0%"]])
    spec = fig.to_dict()
    before = repr(spec)
    pdf = pdf_spec(spec)
    assert repr(spec) == before  # the PNG's figure is not touched
    family = spec["layout"]["font"]["family"]
    assert pdf["layout"]["font"]["family"] == f"{PDF_LATIN_FONTS}, {family}"
    table = pdf["data"][0]
    assert table["cells"]["font"]["family"].startswith(PDF_LATIN_FONTS + ", Noto Sans CJK SC")
    assert table["header"]["font"]["family"].startswith(PDF_LATIN_FONTS + ", Noto Sans CJK SC")


@pytest.mark.parametrize(("rng", "ticks", "expected"), [
    ([7.2, 26.0], [10, 20], ([5.0, 26.0], 5.0)),  # 0 would move it 7.2 (38% of 18.8): a half step, 5
    ([0.0, 79.08], [0, 20, 40, 60], ([0.0, 79.08], 20.0)),
    ([0.845, 0.915], [0.9], ([0.845, 0.915], None)),  # one tick: nothing to align to
])
def test_value_axes_start_on_a_tick(rng, ticks, expected):
    from review.blocks_chart import align_value_axes

    out = align_value_axes({"yaxis2": {"range": rng, "tickvals": ticks}})["yaxis2"]
    assert (out["range"], out.get("_pptx_step")) == (pytest.approx(expected[0]), expected[1])


def test_value_axis_alignment_moves_the_minimum_down_by_at_most_15_percent_to_a_multiple_of_the_step():
    from hypothesis import given
    from hypothesis import strategies as st

    from review.blocks_chart import align_value_axes

    @given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6), st.sampled_from([1, 2, 2.5, 5, 10, 0.1, 0.05, 1000]))
    def check(lo, span, step):
        hi = lo + span
        out = align_value_axes({"yaxis": {"range": [lo, hi], "tickvals": [0, step]}})["yaxis"]
        start, chosen = out["range"][0], out.get("_pptx_step")
        if chosen is None:
            assert out["range"] == [lo, hi]
            return
        assert chosen in (step, step / 2, step / 5)
        assert start <= lo + 1e-9 * max(1, abs(lo)) and lo - start <= 0.15 * span + 1e-9 * max(1, abs(lo))
        assert abs(start / chosen - round(start / chosen)) < 1e-6

    check()
