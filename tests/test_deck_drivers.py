"""The deck names what moved its figures (review/drivers.py): the biggest lift and drag by hand on a tiny
workspace, which window a key result is explained against, and the drivers on the demo deck's deep dives and
highlights in both languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from i18n.explain_text import sentence
from metrics import parse_period
from metrics.explain import explain
from review import drivers
from tests.metrics_fixtures import approx, insert, make_ws

Q1, Q2 = parse_period("2025-Q1"), parse_period("2025-Q2")


def _deal(i: int, status: str, closed: str, **fields) -> dict:
    return {"deal_id": f"D{i}", "status": status, "closed_at": closed, "created_at": "2025-01-01", **fields}


@pytest.fixture(scope="module")
def channels():
    """Closed deals by channel.  Q1: A won, lost (50%); B lost, lost (0%): 25%.  Q2: A won, lost, lost (1/3);
    B won, won, won (100%): 4/6.  Shares: Q1 A 1/2, B 1/2; Q2 A 1/2, B 1/2 (no mix).
    Rate effects: A 1/2 x (1/3 - 1/2) = -1/12; B 1/2 x (1 - 0) = +1/2; total 2/3 - 1/4 = 5/12."""
    ws = make_ws()
    spec = [("A", "won", "2025-01-05"), ("A", "lost", "2025-02-05"), ("B", "lost", "2025-02-06"),
            ("B", "lost", "2025-03-06"), ("A", "won", "2025-04-05"), ("A", "lost", "2025-04-06"),
            ("A", "lost", "2025-05-06"), ("B", "won", "2025-04-07"), ("B", "won", "2025-05-07"),
            ("B", "won", "2025-06-07")]
    insert(ws, "deals", [_deal(i, status, day, channel=ch, amount=100.0 * (i + 1))
                         for i, (ch, status, day) in enumerate(spec)])
    yield ws
    ws.close()


def test_biggest_lift_and_drag_by_hand(channels):
    exp = explain(channels, "win_rate", Q2, as_of=date(2025, 6, 30), by="channel")
    assert approx(exp.total_change, 5 / 12)
    lift, drag = drivers.top_driver(exp, helped=True), drivers.top_driver(exp, helped=False)
    assert lift.segment == "B" and approx(lift.effect, 0.5)
    assert drag.segment == "A" and approx(drag.effect, -1 / 12)
    nb = "\u00a0"  # a figure keeps its unit on its line
    assert drivers.clause(exp, "en", helped=True) == f" Biggest lift: B (Channel) +50.0{nb}pts."
    assert drivers.clause(exp, "en", helped=False) == f" Biggest drag: A (Channel) -8.3{nb}pts."
    assert drivers.clause(exp, "zh", helped=True) == f"最大拉动：B（渠道）+50.0{nb}个百分点。"
    assert drivers.note(exp, "Win rate", "en") == (
        "Why it moved (against all of 2025-Q1): " + sentence(exp, "Win rate", "en"))


def test_lower_is_better_turns_lift_and_drag_around(channels):
    """When lower is better (complaints, hours), a segment going up is the drag: won revenue read that way."""
    exp = explain(channels, "won_revenue", Q2, as_of=date(2025, 6, 30), by="channel")
    # Q1 won: A 100 (deal 0); Q2 won: A 500, B 800 + 900 + 1000.  B is new (+2700), A +400.
    assert {p.segment: p.change for p in exp.parts} == {"A": 400, "B": 2700}
    flipped = SimpleNamespace(**{**exp.__dict__, "better": "lower"})
    flipped.parts, flipped.method = exp.parts, exp.method
    assert drivers.top_driver(flipped, helped=False).segment == "B"
    assert drivers.top_driver(flipped, helped=True) is None  # nothing went down: no lift to name
    assert drivers.clause(flipped, "en", helped=True) == ""


def _status(metric: str, *, accumulating: bool, like_for_like: bool = False, source: str = "previous period"):
    kr = SimpleNamespace(filters=None)
    return SimpleNamespace(error=None, metric=metric, period=Q2, as_of=date(2025, 5, 15), kr=kr,
                           accumulating=accumulating, like_for_like=like_for_like, baseline_source=source)


def test_a_key_result_is_explained_against_its_baselines_window(channels):
    """A rate with the whole previous period as its baseline: against all of Q1.  A count (Q2 to date cannot be
    set against a whole quarter), a like-for-like figure and a given baseline: Q1 to the same point (45 days of
    Q2 to 2025-05-15: Q1 to 2025-02-14)."""
    ctx = SimpleNamespace(ws=channels)
    rate = drivers.kr_explanation(ctx, _status("win_rate", accumulating=False))
    assert rate.against == Q1 and rate.against_end == Q1.end and approx(rate.previous, 0.25)
    for ks in (_status("deals_won", accumulating=True), _status("win_rate", accumulating=False, like_for_like=True),
               _status("win_rate", accumulating=False, source="given")):
        exp = drivers.kr_explanation(ctx, ks)
        assert exp.against == Q1 and exp.against_end == date(2025, 2, 15)
    counted = drivers.kr_explanation(ctx, _status("deals_won", accumulating=True))
    # Q1 to 2025-02-14: D0 (A); Q2 to 2025-05-15: D4 (A), D7 and D8 (B)
    assert (counted.previous, counted.current) == (1, 3)
    assert drivers.kr_explanation(ctx, SimpleNamespace(error="no data")) is None


def test_an_unknown_metric_or_missing_data_names_no_driver(channels):
    assert drivers.explanation(channels, "no_such_metric", Q2, date(2025, 6, 30)) is None
    assert drivers.explanation(channels, "csat", Q2, date(2025, 6, 30)) is None  # no ratings loaded
    assert drivers.clause(None, "en", helped=True) == "" and drivers.note(None, "x", "en") == ""


# ------------------------------------------------------------------------------------------ the demo deck
@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from tests.apptest_support import build_demo_workspace

    return build_demo_workspace(tmp_path_factory.getbasetemp() / "drivers-demo")


@pytest.fixture(scope="module")
def demo(demo_db, tmp_path_factory):
    from store import Workspace
    from tests.apptest_support import copy_workspace

    ws = Workspace(str(copy_workspace(demo_db, tmp_path_factory.mktemp("drivers") / "deck.duckdb")))
    yield ws
    ws.close()


def _squeezed(text: str) -> str:
    """Slide text wraps at spaces (English) or between any two characters (Chinese): compare without breaks."""
    return "".join(text.replace("<br>", "").split())


def _texts(slide) -> str:
    return _squeezed(" ".join(a.text for a in slide.figure.layout.annotations if a.text))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_deep_dives_say_why_the_key_result_moved(demo, lang):
    """Every deep dive carries its key result's driver line (two drivers on the slide, three in the notes); a rate
    measured against the whole previous period is explained from exactly its baseline to its current value."""
    from okr.okr_write import load_from_workspace
    from okr.track import track
    from review.deck import build_deck

    as_of = date(2026, 8, 16)
    slides = build_deck(demo, as_of=as_of, today=date(2026, 8, 17), lang=lang, slides=["deep_dives"])
    statuses = {ks.kr.id: ks for o in track(demo, load_from_workspace(demo), as_of=as_of) for ks in o.krs}
    deep = [s for s in slides if s.key == "deep-dive" and s.title.split()[0] in statuses]
    assert deep, "the demo has key results behind"
    ctx = SimpleNamespace(ws=demo)
    for slide in deep:
        ks = statuses[slide.title.split()[0]]
        exp = drivers.kr_explanation(ctx, ks)
        assert exp is not None and exp.total_change is not None
        assert approx(sum(p.change for p in exp.parts), exp.total_change)
        if exp.against_end == exp.against.end:  # against the whole baseline period: the slide's own figures
            assert approx(exp.previous, ks.baseline) and approx(exp.current, ks.current)
        label = ks.metric_label.get(lang)
        assert _squeezed(drivers.note(exp, label, lang, top=drivers.SLIDE_DRIVERS)) in _texts(slide)
        assert drivers.note(exp, label, lang) in slide.notes


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_highlights_and_risks_name_their_drivers(demo, lang):
    """Every key result named as a highlight ends with its biggest lift, every one named as a risk with its biggest
    drag, and so does every KPI mover; the whole driver sentence is in the speaker notes under it."""
    from i18n.okr_text import title_in
    from review.deck import deck_context
    from review.notes import highlights, risks

    ctx = deck_context(demo, as_of=date(2026, 8, 16), today=date(2026, 8, 17), lang=lang)
    checked = 0
    for helped, sentences in ((True, highlights(ctx)), (False, risks(ctx))):
        for _, ks in ctx.kr_statuses():
            named = [s for s in sentences if f"{ks.kr.id} {title_in(ks.kr, lang)}" in s.text]
            if not named:
                continue
            exp = drivers.kr_explanation(ctx, ks)
            assert named[0].text.endswith(drivers.clause(exp, lang, helped=helped))
            assert drivers.note(exp, ks.metric_label.get(lang), lang) in named[0].detail
            checked += 1
        for tile in ctx.kpis():
            named = [s for s in sentences if s.text.startswith(tile.label) and s.tone in ("good", "bad")]
            if named:
                exp = drivers.explanation(demo, tile.metric, ctx.period, ctx.as_of)
                assert named[0].text.endswith(drivers.clause(exp, lang, helped=helped))
                assert drivers.note(exp, tile.label, lang) in named[0].detail
                assert approx(exp.total_change, tile.change)  # the same two windows as the tile
                checked += 1
    assert checked >= 6
    lifts = sum(("Biggest lift" if lang == "en" else "最大拉动") in s.text for s in highlights(ctx))
    assert lifts >= 2


def test_the_window_a_key_result_is_explained_against():
    """okr/why.py, the one rule of the deck and the KR detail page: only a rate with the whole previous period as
    its baseline is explained against that whole period."""
    from okr.why import explained_against

    def status(source: str, *, accumulating: bool = False, like_for_like: bool = False):
        return SimpleNamespace(period=Q2, baseline_source=source, accumulating=accumulating,
                               like_for_like=like_for_like)

    assert explained_against(status("previous period")) == Q1
    assert explained_against(status("previous period", accumulating=True)) is None
    assert explained_against(status("previous period", like_for_like=True)) is None
    assert explained_against(status("given")) is None
    assert explained_against(status("zero", accumulating=True)) is None


@pytest.mark.usefixtures("app_env")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kr_detail_and_deck_explain_the_same_move(demo, demo_db, tmp_path, lang):
    """KR detail's "why it moved" for a rate measured against all of the previous quarter explains exactly the change
    from the baseline to the current value the page shows above it, as the deck's deep dive does."""
    from i18n import fmt_delta
    from okr.okr_write import load_from_workspace
    from okr.track import track
    from tests.apptest_support import copy_workspace, error_texts, run_page

    as_of = date(2026, 8, 16)
    statuses = {ks.kr.id: ks for o in track(demo, load_from_workspace(demo), as_of=as_of) for ks in o.krs}
    rates = [ks for ks in statuses.values() if not ks.error and ks.unit == "percent"
             and ks.baseline_source == "previous period" and not ks.accumulating and not ks.like_for_like]

    def same_point(ks) -> str:  # what the page would say against the previous quarter to the same point
        return fmt_delta(drivers.explanation(demo, ks.metric, ks.period, ks.as_of).total_change, "percent", lang)

    # one whose previous quarter to the same point reads differently, so the page's window shows
    rate = next(ks for ks in rates if same_point(ks) != fmt_delta(ks.current - ks.baseline, "percent", lang))
    exp = drivers.kr_explanation(SimpleNamespace(ws=demo), rate)
    assert approx(exp.total_change, rate.current - rate.baseline)
    db = copy_workspace(demo_db, tmp_path / "ws.duckdb")
    at = run_page("app_pages/kr_detail.py", db=str(db), lang=lang,
                  session={"kr_detail": (rate.objective_id, rate.kr.id)})
    assert not at.exception, [e.message for e in at.exception]
    assert error_texts(at) == []
    bold = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]  # Markdown escapes off
    change = fmt_delta(rate.current - rate.baseline, "percent", lang)
    assert any(change in text for text in bold), (change, bold)


def test_speaker_notes_say_when_no_dimension_splits_the_data():
    """Won deals with no owner, region, channel ... : the change is said, no driver is named, and the notes say what
    to map so that one can be."""
    from i18n import t

    ws = make_ws()
    insert(ws, "deals", [_deal(1, "won", "2025-02-01", amount=100.0), _deal(2, "won", "2025-05-01", amount=250.0)])
    exp = drivers.explanation(ws, "won_revenue", Q2, date(2025, 6, 30))
    assert exp.by is None and exp.total_change == 150
    assert drivers.clause(exp, "en", helped=True) == ""
    lines = drivers.speaker_lines(exp, "Won revenue", "en")
    assert lines == ["Why it moved (against all of 2025-Q1): Won revenue +150.00", t("explain.no_dimension", "en")]
    ws.close()
