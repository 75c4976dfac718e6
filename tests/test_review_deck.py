"""The review deck built from the demo workspace (as of 2026-08-16, generated 2026-08-17), tested as data:
slide order and selection, titles, the numbers in table cells and text (equal to tracking's display_row
and the metric engine), trend traces, status colours, deep dives with their drill-down, next-period
proposals, speaker notes, text that fits its box, both languages; and one real render of the whole deck
through render_pngs + write_outputs (PNG, PPTX, PDF)."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date, timedelta

import pytest

from charts.theme import STATUS_COLORS
from i18n import fmt_value, t
from i18n.okr_text import kr_row
from metrics import metric_value, parse_period
from metrics.periods import previous
from metrics.query import MetricQuery
from okr.okr_write import load_from_workspace
from okr.track import track
from okr.views import kr_drilldown
from review.deck import SLIDE_KINDS, DeckError, build_deck, deck_context, generate_deck, slide_kinds
from review.slides_data import KPI_LIST, proposals, this_period_result
from review.text_fit import LINE_HEIGHT, text_width
from tests.apptest_support import build_demo_workspace, copy_workspace

AS_OF = date(2026, 8, 16)
TODAY = date(2026, 8, 17)
CHECKINS = [
    ("O2.1", "O2", "2026-08-03", 5, "Paid Search was cut at the end of June; its leads dried up in July.",
     "Wang Fang"),
    ("O2.1", "O2", "2026-08-14", 4, "付费搜索预算六月底停了，七月起线索明显减少。", "王芳"),
    ("O3.2", "O3", "2026-08-12", 6, "South answers within hours since the new shift; North and West do not yet.",
     "Grace Wu"),
]


# ------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    from store import Workspace

    demo = build_demo_workspace(tmp_path_factory.getbasetemp() / "review-demo")
    path = copy_workspace(demo, tmp_path_factory.mktemp("deck") / "deck.duckdb")
    workspace = Workspace(str(path))
    for kr, obj, day, confidence, comment, author in CHECKINS:
        workspace.add_checkin(kr_id=kr, objective_id=obj, checkin_date=day, confidence=confidence, comment=comment,
                              author=author)
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def deck_en(ws):
    return build_deck(ws, as_of=AS_OF, today=TODAY, lang="en")


@pytest.fixture(scope="module")
def deck_zh(ws):
    return build_deck(ws, as_of=AS_OF, today=TODAY, lang="zh")


@pytest.fixture(scope="module")
def statuses(ws):
    return {ks.kr.id: ks for o in track(ws, load_from_workspace(ws), as_of=AS_OF) for ks in o.krs}


@pytest.fixture(scope="module")
def objective_statuses(ws):
    return {o.objective.id: o for o in track(ws, load_from_workspace(ws), as_of=AS_OF)}


# ------------------------------------------------------------------------------------------ helpers
def plain(text: str) -> str:
    """Drawn text without markup; runs of spaces read as one (line wrapping joins words with one space)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(text).replace("<br>", "\n"))).replace("\u00a0", " ")
    return re.sub(r" {2,}", " ", text)


def texts(slide) -> list[str]:
    return [plain(a.text) for a in slide.figure.layout.annotations if a.text]


def all_text(slide) -> str:
    cells = [plain(v) for tb in tables(slide) for col in tb.cells.values for v in col]
    heads = [plain(v) for tb in tables(slide) for v in tb.header.values]
    return "\n".join(texts(slide) + heads + cells)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shows(slide, text: str) -> bool:
    """Whether ``text`` is drawn on the slide, whatever the line breaks."""
    return squeeze(text) in squeeze(all_text(slide))


def tables(slide):
    return [tr for tr in slide.figure.data if tr.type == "table"]


def table_rows(table) -> list[list[str]]:
    cols = [[plain(v) for v in col] for col in table.cells.values]
    return [list(row) for row in zip(*cols, strict=True)]


def fills(table) -> list[list[str]]:
    cols = table.cells.fill.color
    return [list(row) for row in zip(*cols, strict=True)]


def slides_of(deck, key):
    return [s for s in deck if s.key == key]


def deep_dive(deck, kr_id):
    found = [s for s in slides_of(deck, "deep-dive") if s.title.startswith(kr_id + " ")]
    assert found, f"no deep dive for {kr_id}"
    return found[0]


# ------------------------------------------------------------------------------------------ structure
def test_slide_order_numbering_and_titles(deck_en, statuses):
    keys = [s.key for s in deck_en]
    behind = [k for k, ks in statuses.items() if ks.status in ("off_track", "at_risk")]
    assert keys == (["title", "scorecard"] + ["objective"] * 4 + ["deep-dive"] * len(behind)
                    + ["kpis", "channels", "highlights", "next-period"])
    assert [s.title.split()[0] for s in slides_of(deck_en, "objective")] == ["O1", "O2", "O3", "O4"]
    for i, slide in enumerate(deck_en, start=1):
        page = [a for a in slide.figure.layout.annotations if a.name == "slide-page"][0]
        assert page.text == f"{i} / {len(deck_en)}"
        assert slide.figure.layout.width == 1920 and slide.figure.layout.height == 1080
        assert slide.notes.strip()
    assert deck_en[0].title == "Quarterly business review 2026-Q3"
    assert any("Generated 2026-08-17" in x for x in texts(deck_en[0]))
    assert any("Data as of 2026-08-16 (51% of the period elapsed)" in x for x in texts(deck_en[0]))
    assert any("Teams: Service · Sales · Marketing" in x for x in texts(deck_en[0]))


def test_slide_selection_keeps_deck_order_and_rejects_unknown_kinds(ws):
    deck = build_deck(ws, as_of=AS_OF, today=TODAY, slides=["kpis", "title"])
    assert [s.key for s in deck] == ["title", "kpis"]
    assert slide_kinds("title, next-period") == ["title", "next_period"]
    assert slide_kinds(None) == list(SLIDE_KINDS)
    with pytest.raises(DeckError, match=r"^There is no slide kind 'agenda'; choose from title, scorecard"):
        build_deck(ws, slides=["agenda"])
    with pytest.raises(DeckError, match="Choose at least one slide kind"):
        slide_kinds([])
    with pytest.raises(DeckError, match=r"^The period '2026-Q5' cannot be read; use a label like 2026-Q3"):
        build_deck(ws, period="2026-Q5", slides=["title"])
    with pytest.raises(DeckError, match="has not started by 2026-08-16"):
        build_deck(ws, period="2026-Q4", as_of=AS_OF, slides=["title"])
    with pytest.raises(DeckError, match="as-of date 'soon' cannot be read"):
        build_deck(ws, as_of="soon", slides=["title"])


def test_the_same_inputs_give_the_same_deck(ws):
    one = build_deck(ws, as_of=AS_OF, today=TODAY, slides=["title", "scorecard"])
    two = build_deck(ws, as_of=AS_OF, today=TODAY, slides=["title", "scorecard"])
    assert [s.figure.to_json() for s in one] == [s.figure.to_json() for s in two]
    assert [s.notes for s in one] == [s.notes for s in two]


def test_a_past_period_is_read_at_its_end(ws):
    deck = build_deck(ws, period="2026-Q2", today=TODAY, slides=["scorecard"])
    slide = deck[0]
    assert slide.title == "Scorecard 2026-Q2"
    assert "As of 2026-06-30, 100% of the period elapsed" in all_text(slide)
    assert plain(tables(slide)[0].header.values[2]) == "End of period"


# ------------------------------------------------------------------------------------------ scorecard
def test_scorecard_cells_are_tracking_figures_with_status_colours(deck_en, statuses, objective_statuses):
    slide = slides_of(deck_en, "scorecard")[0]
    table = tables(slide)[0]
    assert [plain(h) for h in table.header.values] == ["Objective / key result", "Baseline", "Current", "Target",
                                                       "Score", "Status"]
    rows, colours = table_rows(table), fills(table)
    assert len(rows) == 4 + 12  # the demo: four objectives of three key results
    seen = 0
    for row, fill in zip(rows, colours, strict=True):
        first = row[0].split()[0]
        if first in objective_statuses:
            o = objective_statuses[first]
            assert row[4] == f"{round(o.score * 100)}%"
            assert row[5] == t(f"status.{o.status}", "en")
            assert fill[5] == STATUS_COLORS[o.status]
            continue
        ks = statuses[first]
        shown = kr_row(ks, "en")
        assert row[1:5] == [shown["baseline"], shown["current"], shown["target"], shown["score"]]
        assert row[5] == t(f"status.{ks.status}", "en")
        assert fill[5] == STATUS_COLORS[ks.status]
        seen += 1
    assert seen == 12
    # The CSAT key result, by hand: it is a percentage with one decimal.
    csat = next(r for r in rows if r[0].startswith("O1.1"))
    assert csat[3] == "88.0%" and csat[2].endswith("%")


# ------------------------------------------------------------------------------------------ objectives
def test_objective_slide_bars_pace_and_trends(deck_en, statuses, objective_statuses):
    slide = slides_of(deck_en, "objective")[0]
    fig = slide.figure
    o1 = objective_statuses["O1"]
    assert slide.title == "O1  Raise customer satisfaction"
    subtitle = [a for a in fig.layout.annotations if a.name == "slide-subtitle"][0]
    assert plain(subtitle.text) == (f"Li Na · Service · score {round(o1.score * 100)}% (expected "
                                    f"{round(o1.expected * 100)}%) · {t(f'status.{o1.status}', 'en')}")
    # One status-coloured bar fill per key result with a score above zero, and one pace tick each.
    fills_used = [s.fillcolor for s in fig.layout.shapes if s.type == "rect"]
    for kr_id in ("O1.1", "O1.2", "O1.3"):
        ks = statuses[kr_id]
        if ks.score > 0:
            assert STATUS_COLORS[ks.status] in fills_used
        assert any(x.startswith(f"{kr_id} ") for x in texts(slide))
        assert kr_row(ks, "en")["score"] in texts(slide)
    ticks = [s for s in fig.layout.shapes if s.type == "line" and s.line.width == 3 and s.line.color == "#111827"]
    assert len(ticks) == 3
    # A small trend per key result: this period, pace, target (and forecast while the period runs).
    names = [tr.name for tr in fig.data if tr.type == "scatter"]
    paced = sum(1 for k in ("O1.1", "O1.2", "O1.3") if statuses[k].mode != "threshold")  # a threshold has no pace
    assert names.count("this period") == 3 and names.count("pace") == paced
    assert names.count("target") == 3 and names.count("forecast") == 3
    targets = [tr for tr in fig.data if tr.name == "target"]
    assert [tr.y[0] for tr in targets] == pytest.approx([statuses[k].target_value for k in ("O1.1", "O1.2", "O1.3")])
    csat = kr_row(statuses["O1.1"], "en")
    facts = [x for x in texts(slide) if x.startswith("Baseline ")]
    assert facts[0].startswith(f"Baseline {csat['baseline']} · Current {csat['current']} · Target {csat['target']}")


# ------------------------------------------------------------------------------------------ deep dives
def test_every_key_result_behind_gets_a_deep_dive_with_trend_forecast_and_drilldown(ws, deck_en, statuses):
    dives = slides_of(deck_en, "deep-dive")
    behind = [k for k, ks in statuses.items() if ks.status in ("off_track", "at_risk")]
    assert [s.title.split()[0] for s in dives] == behind
    assert "O2.1" in behind  # new customers are off track in the demo: Paid Search dried up
    slide = deep_dive(deck_en, "O2.1")
    ks = statuses["O2.1"]
    shown = kr_row(ks, "en")
    text = texts(slide)
    assert "Current (as of 2026-08-16)" in text and shown["current"] in text and shown["target"] in text
    assert fmt_value(ks.forecast.point, ks.unit, "en") in text
    assert f"range {fmt_value(ks.forecast.low, ks.unit, 'en')}–{fmt_value(ks.forecast.high, ks.unit, 'en')}" in text
    names = {tr.name for tr in slide.figure.data if tr.type == "scatter"}
    assert {"this period", "forecast", "pace", "target", "check-in", "2026-Q2 (same days)"} <= names
    # The drill-down: which region is behind, worst first, with the figures of kr_drilldown.
    assert "By region, furthest behind first" in text
    objective = next(o for o in load_from_workspace(ws) if o.id == "O2")
    frame = kr_drilldown(ws, ks.kr, objective, "region", as_of=AS_OF)
    table = tables(slide)[0]
    assert [plain(h) for h in table.header.values] == ["Region", "Current", "Target", "Status"]
    expected = [[str(r["segment"]), fmt_value(r["current"], ks.unit, "en"), fmt_value(r["target"], ks.unit, "en"),
                 t(f"status.{r['status']}", "en")] for r in frame.to_dict(orient="records")][:6]
    assert table_rows(table) == expected
    assert [f[3] for f in fills(table)] == [STATUS_COLORS[s] for s in frame["status"]][:6]
    # The latest check-ins, newest first.
    assert "2026-08-14 · 王芳 · confidence 4/10" in text
    assert shows(slide, CHECKINS[1][4]) and shows(slide, CHECKINS[0][4])
    flat = squeeze(all_text(slide))
    assert flat.index(squeeze(CHECKINS[1][4])) < flat.index(squeeze(CHECKINS[0][4]))


def test_a_metric_without_dimensions_says_so(ws):
    from okr.model import KeyResult, Objective, Target

    # NPS answers in the demo (a 简道云 form) carry no segment column, and this key result is far behind.
    nps = Objective("X", "Promoters", period="2026-Q3",
                    key_results=[KeyResult("X.1", "NPS to 90", "nps", Target("to_value", value=90.0))])
    deck = build_deck(ws, as_of=AS_OF, today=TODAY, lang="en", slides=["deep_dives"], objectives=[nps])
    slide = deep_dive(deck, "X.1")
    assert shows(slide, "This metric has no dimension with several segments to drill into.")
    assert shows(slide, "No check-ins this period.")


# ------------------------------------------------------------------------------------------ KPIs, channels
def test_kpi_tiles_show_the_period_to_date_against_the_previous_period_to_the_same_point(ws, deck_en):
    slide = slides_of(deck_en, "kpis")[0]
    text = texts(slide)
    prev = previous(parse_period("2026-Q3"))
    days = (AS_OF - date(2026, 7, 1)).days + 1
    won = metric_value(ws, MetricQuery("won_revenue", start=date(2026, 7, 1), end=date(2026, 10, 1), as_of=AS_OF)).value
    before = metric_value(ws, MetricQuery("won_revenue", start=prev.start, end=prev.end, as_of=prev.start + timedelta(days=days - 1))).value
    assert fmt_value(won, "currency", "en", compact=True) in text
    change = f"{(won - before) / abs(before) * 100:+.1f}%"
    arrow = "▲" if won > before else "▼"
    assert any(x.startswith(f"{arrow} {change} vs previous") for x in text)
    csat = metric_value(ws, MetricQuery("csat", start=date(2026, 7, 1), end=date(2026, 10, 1), as_of=AS_OF)).value
    assert fmt_value(csat, "percent", "en") in text
    for cls in KPI_LIST:
        assert cls in text
    # One sparkline (line + last point) per tile.
    tiles = sum(1 for x in text if x.endswith("vs previous"))
    assert tiles == 15
    assert "Won revenue: " in slide.notes and "2026-Q2 to the same point" in slide.notes


def test_kpis_that_cannot_be_computed_are_left_out_and_named_in_the_notes(ws, monkeypatch):
    import review.slides_data as data

    real = data.requirements
    monkeypatch.setattr(data, "requirements",
                        lambda w, m, lang="en": ["needs survey rows with a score"] if m == "nps" else real(w, m, lang))
    slide = build_deck(ws, as_of=AS_OF, today=TODAY, slides=["kpis"])[0]
    assert "Net Promoter Score (NPS)" not in texts(slide)
    assert "Not shown: Net Promoter Score (NPS) (needs survey rows with a score)" in slide.notes


def test_channel_table_holds_the_cohorts_of_the_period(ws, deck_en):
    from metrics.channels import channel_cohorts, channel_summary

    slide = slides_of(deck_en, "channels")[0]
    rows = table_rows(tables(slide)[0])
    cohorts = channel_cohorts(ws, start=date(2026, 3, 1), end=date(2026, 9, 1), as_of=AS_OF)
    in_q3 = cohorts[cohorts["month_start"] >= date(2026, 7, 1)]
    summary = channel_summary(in_q3)
    assert [r[0] for r in rows[:-1]] == list(summary["channel"])
    first = summary.iloc[0]
    assert rows[0][1] == fmt_value(first["leads"], "count", "en")
    assert rows[0][5] == fmt_value(first["revenue_t1"], "currency", "en")
    assert rows[0][6] == fmt_value(first["roi_t1"], "number", "en")
    assert rows[-1][0] == "Total" and rows[-1][1] == fmt_value(summary["leads"].sum(), "count", "en")
    assert "Grey figures are still growing" in all_text(slide)
    assert any(tr.type == "heatmap" for tr in slide.figure.data)


# ------------------------------------------------------------------------------------------ story
def squeeze_lines(text: str) -> str:
    """Slide text wraps long sentences onto several lines; compare sentences with the breaks as spaces."""
    return text.replace("\n", " ")


def test_highlights_and_risks_are_written_from_the_data(deck_en, statuses):
    slide = slides_of(deck_en, "highlights")[0]
    text = "\n".join(texts(slide))
    done = kr_row(statuses["O1.1"], "en")  # CSAT already at its target: done
    assert (f"Done: O1.1 CSAT to 88%, {done['current']} against a target of "
            f"{done['target']}.") in squeeze_lines(text)
    assert "more met or on track: O1.3," in squeeze_lines(text)  # a threshold held so far: on track
    worst = kr_row(statuses["O2.1"], "en")
    assert (f"Off track: O2.1 New customers +20%, {worst['current']} against a target of {worst['target']}."
            in squeeze_lines(text))
    assert "key results are met or on track." in text
    assert "From the check-ins" in text and shows(slide, CHECKINS[1][4])
    warned = [k for k, ks in statuses.items() if ks.warnings]
    assert warned == []  # the demo's targets pass the SMART check, so the notes list no warnings
    assert "SMART check warnings" not in slide.notes


def test_next_period_carries_over_unmet_key_results_with_this_periods_result_as_baseline(ws, deck_en, statuses):
    slide = slides_of(deck_en, "next-period")[0]
    assert slide.title == "Proposed key results for 2026-Q4"
    rows = table_rows(tables(slide)[0])
    carried = [k for k, ks in statuses.items() if ks.status in ("off_track", "at_risk", "no_data")]
    assert [r[0].split()[0] for r in rows] == carried
    for row in rows:
        ks = statuses[row[0].split()[0]]
        value, projected = this_period_result(ks)
        if ks.accumulating:  # a count measured mid-period: the forecast for the period end
            assert projected and value == ks.forecast.point
        else:
            assert not projected and value == ks.current
        assert row[2] == fmt_value(value, ks.unit, "en") + (" *" if projected else "")
    answered = next(r for r in rows if r[0].startswith("O3.2"))  # a rate: this period's value, same target
    assert answered[2] == kr_row(statuses["O3.2"], "en")["current"] and answered[3] == "85.0%"
    customers = next(r for r in rows if r[0].startswith("O2.1"))  # +20% again from the projected result
    assert customers[3] == fmt_value(statuses["O2.1"].forecast.point * 1.2, "count", "en")
    ctx = deck_context(ws, as_of=AS_OF, today=TODAY)
    props, kept = proposals(ctx)
    assert {ks.kr.id for ks in kept} == {k for k in statuses if k not in carried}
    kr = props[0].key_result
    assert kr.baseline == pytest.approx(props[0].baseline) and kr.target == props[0].status.kr.target
    met = ", ".join(k for k in statuses if k not in carried)
    assert f"Met or on track, not carried over: {met}." in texts(slide)


# ------------------------------------------------------------------------------------------ notes
def test_speaker_notes_carry_the_numbers_of_their_slide(deck_en, statuses):
    score_notes = slides_of(deck_en, "scorecard")[0].notes
    for ks in statuses.values():
        row = kr_row(ks, "en")
        assert f"{ks.kr.id} {row['title']}: baseline {row['baseline']}, current {row['current']}, " \
               f"target {row['target']}, score {row['score']}" in score_notes
    dive = deep_dive(deck_en, "O2.1").notes
    assert "By region, furthest behind first:" in dive and "North: current" in dive
    assert "Forecast for the period end: " + kr_row(statuses["O2.1"], "en")["forecast"] in dive
    assert CHECKINS[1][4] in dive
    assert "baseline" in slides_of(deck_en, "next-period")[0].notes


# ------------------------------------------------------------------------------------------ languages, fitting
def test_chinese_deck_has_chinese_text_and_the_same_numbers(deck_zh, deck_en):
    assert [s.key for s in deck_zh] == [s.key for s in deck_en]
    assert deck_zh[0].title == "季度业务复盘 2026-Q3"
    score = slides_of(deck_zh, "scorecard")[0]
    assert score.title == "2026-Q3 记分卡"
    zh_rows, en_rows = table_rows(tables(score)[0]), table_rows(tables(slides_of(deck_en, "scorecard")[0])[0])
    assert {r[5] for r in zh_rows} <= {t(f"status.{s}", "zh") for s in STATUS_COLORS}
    for zh, en in zip(zh_rows, en_rows, strict=True):  # same figures; units read 小时/天 instead of h/d
        assert [c.replace(" 小时", " h").replace(" 天", " d") for c in zh[1:5]] == en[1:5]
    assert zh_rows[1][0].startswith("O1.1 客户满意度达到 88%")
    for slide in deck_zh:
        assert "review." not in all_text(slide)  # no untranslated key
        assert re.search(r"[\u4e00-\u9fff]", all_text(slide))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_box_fits_its_box(lang, deck_en, deck_zh):
    deck = deck_en if lang == "en" else deck_zh
    for slide in deck:
        for a in slide.figure.layout.annotations:
            if not a.width or not a.height or not a.text:
                continue
            bold = str(a.text).startswith("<b>")
            lines = plain(a.text).split("\n")
            size = a.font.size or 20
            assert len(lines) * size * LINE_HEIGHT <= a.height + 1, (slide.title, a.text)
            for line in lines:
                assert text_width(line, size, bold=bold) <= a.width + 1, (slide.title, line)
            assert size >= 14, (slide.title, a.text)
        for table in tables(slide):  # every row shown: no "… +N" row
            assert not any(row[0].startswith("… +") for row in table_rows(table)), slide.title


def test_branding_name_accent_and_logo(ws):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 120), (200, 30, 30)).save(buf, "JPEG")
    import base64

    before = ws.get_setting("branding")
    ws.set_setting("branding", {"name": "Northwind Trading", "accent": "#0f766e",
                                "logo_b64": base64.b64encode(buf.getvalue()).decode(), "logo_mime": "image/jpeg"})
    try:
        slide = build_deck(ws, as_of=AS_OF, today=TODAY, slides=["title"], lang="zh")[0]
    finally:
        ws.set_setting("branding", before)
    fig = slide.figure
    assert "Northwind Trading" in texts(slide)
    assert fig.layout.shapes[0].fillcolor == "#0f766e"  # the accent strip
    assert len(fig.layout.images) == 1 and fig.layout.images[0].source.startswith("data:image/png;base64,")


# ------------------------------------------------------------------------------------------ real render
@pytest.fixture(scope="module")
def rendered(deck_en, deck_zh, tmp_path_factory):
    """One browser session for the whole English deck and the Chinese title and scorecard slides."""
    from review import find_browser, render_pngs, write_outputs

    if find_browser() is None:
        pytest.skip("no Chromium/Chrome to render with")
    extra = deck_zh[:2]
    pngs = render_pngs([s.figure for s in deck_en + extra])
    out = tmp_path_factory.mktemp("deck-out")
    paths = write_outputs(deck_en, out, {"png", "zip", "pptx", "pdf"}, pngs=pngs[:len(deck_en)])
    return out, paths, pngs[:len(deck_en)], pngs[len(deck_en):]


def test_the_demo_deck_renders_to_png_zip_pptx_and_pdf(rendered, deck_en):
    from PIL import Image
    from pptx import Presentation

    out, paths, pngs, _ = rendered
    names = sorted(p.name for p in paths if p.suffix == ".png")
    assert len(names) == len(deck_en)
    assert names[0] == "review-01-title.png" and names[1] == "review-02-scorecard.png"
    for png in pngs:
        with Image.open(io.BytesIO(png)) as im:
            assert im.size == (1920, 1080)
            assert len(im.convert("L").getcolors(1 << 16) or []) > 20  # drawn, not blank
    with zipfile.ZipFile(out / "review-slides.zip") as zf:
        assert len(zf.namelist()) == len(deck_en)
    prs = Presentation(str(out / "review.pptx"))
    assert len(prs.slides) == len(deck_en)
    first_dive = next(i for i, s in enumerate(deck_en) if s.key == "deep-dive")
    page = prs.slides[first_dive]
    assert page.shapes.title.text == deck_en[first_dive].title
    assert page.notes_slide.notes_text_frame.text == deck_en[first_dive].notes
    pdf = (out / "review.pdf").read_bytes()
    assert len(re.findall(rb"/Type /Page\b", pdf)) == len(deck_en)


def test_chinese_slides_render_with_glyphs(rendered):
    from PIL import Image

    _, _, _, zh = rendered
    with Image.open(io.BytesIO(zh[0])) as im:
        title = im.convert("L").crop((150, 250, 1100, 600))
        dark = sum(title.histogram()[:100])
    assert dark > 5000  # the big 季度业务复盘 title is drawn


def test_generate_deck_without_a_browser_still_gives_the_outline(ws, monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_OKR_CHROME", str(tmp_path / "no-such-chrome"))
    result = generate_deck(ws, as_of=AS_OF, today=TODAY, slides=["title", "scorecard"])
    assert result["pngs"] == [] and set(result["files"]) == {"outline", "pptx"}  # the PPTX needs no browser
    key, sentence = result["error"]
    assert key == "review.error.no_browser" and "apt-get install -y chromium" in sentence
    outline = result["files"]["outline"].decode()
    assert outline.startswith("## 1. Quarterly business review 2026-Q3") and "## 2. Scorecard 2026-Q3" in outline
