"""The quarterly review deck, built from the workspace: ``build_deck`` returns the slides (figures, titles,
speaker notes) without rendering; ``render_figures``/``write_outputs`` (review/render.py, review/export.py)
turn them into PNG, ZIP, editable PPTX and PDF with text.

Slide kinds, in deck order (``SLIDE_KINDS``):

=============  ========================================================================================
title          company, deck title, period, teams, data date, date generated, logo, status counts
scorecard      every objective and key result: baseline, current, target, score, status (paged)
objectives     one slide per objective: progress bars against the pace marker and a trend per KR
deep_dives     one slide per key result off track or at risk: trend, forecast, drill-down, check-ins
kpis           the scorecard KPIs, KBIs and KCIs as tiles with the change and a sparkline
channels       lead cohorts by channel: leads, conversion, cost per lead, revenue and ROI at T+1/T+2
highlights     generated sentences: KRs met and on track, biggest movers, KRs behind, data warnings,
               and the latest check-in comments
next_period    proposed key results for the next period (unmet ones carried over) for discussion
=============  ========================================================================================

One ``track`` call measures every key result for the whole deck; the other slides read the metric
engine with the same as-of date, so every number agrees with the pages (formatted by ``i18n.fmt``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

from metrics.periods import Period, as_date
from review.export import Slide
from review.layout import number_pages

SLIDE_KINDS = ("title", "scorecard", "objectives", "deep_dives", "kpis", "channels", "highlights", "next_period")
PERIOD_HINT = "use a label like 2026-Q3, 2026-07, 2026-W27 or 2026"


class DeckError(Exception):
    """A deck that cannot be built as asked; the message is one sentence saying what to do."""


def slide_kinds(slides: Collection[str] | str | None) -> list[str]:
    """The chosen kinds in deck order (all when None); a comma-separated string is accepted (CLI)."""
    if slides is None:
        return list(SLIDE_KINDS)
    if isinstance(slides, str):
        slides = [s.strip() for s in slides.split(",") if s.strip()]
    chosen = {str(s).strip().lower().replace("-", "_") for s in slides}
    unknown = sorted(chosen - set(SLIDE_KINDS))
    if unknown:
        raise DeckError(f"There is no slide kind {', '.join(repr(u) for u in unknown)}; "
                        f"choose from {', '.join(SLIDE_KINDS)}.")
    if not chosen:
        raise DeckError(f"Choose at least one slide kind: {', '.join(SLIDE_KINDS)}.")
    return [kind for kind in SLIDE_KINDS if kind in chosen]


def _period(ws: Any, period: str | Period | None) -> Period | None:
    if period is None or isinstance(period, Period):
        return period
    from metrics.periods import parse_period
    from okr.model import fiscal_start_of

    label = str(period).strip()
    try:
        return parse_period(label, fiscal_start_of(ws))
    except Exception:  # noqa: BLE001 - parse_period's own errors are the engine's business
        raise DeckError(f"The period '{label}' cannot be read; {PERIOD_HINT}.") from None


def _as_of(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return as_date(value)
    except (TypeError, ValueError):
        raise DeckError(f"The as-of date '{value}' cannot be read; write it as YYYY-MM-DD.") from None


def _builders() -> dict[str, Callable[[Any], list[Slide]]]:
    from review import slides_deep, slides_kpi, slides_okr, slides_story, slides_title

    return {
        "title": slides_title.build,
        "scorecard": slides_okr.scorecard,
        "objectives": slides_okr.objectives,
        "deep_dives": slides_deep.build,
        "kpis": slides_kpi.kpis,
        "channels": slides_kpi.channels,
        "highlights": slides_story.highlights,
        "next_period": slides_story.next_period,
    }


def deck_context(ws: Any, *, period: str | Period | None = None, as_of: Any = None, lang: str = "en",
                 objectives: Sequence[Any] | None = None, today: date | None = None):
    """The deck's shared numbers (``review.slides_base.DeckContext``): the period, the as-of date and every
    objective tracked once."""
    from metrics import latest_data_date
    from metrics.periods import period_containing
    from okr.measure import as_of_for
    from okr.model import OKRFileError, fiscal_start_of, resolve_period
    from okr.okr_write import load_from_workspace
    from okr.track import track
    from review.slides_base import DeckContext, load_branding

    if lang not in ("en", "zh"):
        raise DeckError(f"There is no language '{lang}' for the slides; choose en or zh.")
    today = _as_of(today) or date.today()
    given = _as_of(as_of)
    override = _period(ws, period)
    try:
        objs = list(objectives) if objectives is not None else load_from_workspace(ws)
    except OKRFileError as exc:
        raise DeckError(str(exc)) from None
    latest = latest_data_date(ws)
    fiscal = fiscal_start_of(ws)
    if override is not None:
        deck_period = override
    else:
        try:
            periods = [resolve_period(o, ws, fiscal_start=fiscal, today=given or latest or today) for o in objs]
        except OKRFileError as exc:
            raise DeckError(str(exc)) from None
        if periods:
            deck_period = max(set(periods), key=lambda p: (periods.count(p), -periods.index(p)))
        else:
            deck_period = period_containing(given or latest or today, "quarter", fiscal)
    day = min(given, deck_period.last_day) if given is not None else as_of_for(deck_period, latest, today)
    if day < deck_period.start:
        raise DeckError(f"{deck_period.label} has not started by {day.isoformat()}; choose an earlier period "
                        "or a later as-of date.")
    try:
        statuses = track(ws, objs, as_of=day, period_override=override, today=today)
    except OKRFileError as exc:
        raise DeckError(str(exc)) from None
    return DeckContext(ws=ws, period=deck_period, as_of=day, today=today, lang=lang, objectives=objs,
                       statuses=statuses, branding=load_branding(ws), period_override=override)


def build_deck(ws: Any, *, period: str | Period | None = None, as_of: Any = None, lang: str = "en",
               slides: Collection[str] | None = None, objectives: Sequence[Any] | None = None,
               today: date | None = None) -> list[Slide]:
    """The review deck's slides in order, numbered, with speaker notes; nothing is rendered.

    ``period`` (a label or Period) replaces every objective's own period (default: the objectives' period,
    else the quarter of the latest data); ``as_of`` defaults to the period's last day or the latest data
    when that is earlier; ``today`` is the date printed as generated.  The same inputs give the same deck.
    Raises ``DeckError`` (one sentence) for an unknown slide kind, an unreadable period or date, or
    objectives that cannot be read."""
    kinds = slide_kinds(slides)
    ctx = deck_context(ws, period=period, as_of=as_of, lang=lang, objectives=objectives, today=today)
    return build_slides(ctx, kinds)


def build_slides(ctx: Any, kinds: Sequence[str]) -> list[Slide]:
    """The slides of ``kinds`` (in the given order) for a deck context, numbered 1..N."""
    builders = _builders()
    deck: list[Slide] = []
    for kind in kinds:
        deck.extend(builders[kind](ctx))
    number_pages([s.figure for s in deck])
    return deck


def deck_file_name(period: Period | str, lang: str) -> str:
    """The stem of the deck's files: ``review-2026-Q3-en``."""
    label = period.label if isinstance(period, Period) else str(period)
    return f"review-{label}-{lang}".replace("..", "_").replace("/", "-")


# ------------------------------------------------------------------------------------------ for the page
_FINGERPRINT = (
    "SELECT (SELECT count(*) FROM uploads), (SELECT max(id) FROM uploads), "
    "(SELECT list(doc ORDER BY position, id) FROM objectives), "
    "(SELECT list((id, checkin_date, confidence, comment) ORDER BY id) FROM checkins), "
    "(SELECT list((key, value) ORDER BY key) FROM settings)"
)


def workspace_fingerprint(ws: Any) -> str:
    """Changes whenever what a deck shows can change: uploads, objectives, check-ins, settings."""
    import hashlib

    try:
        row = ws.execute(_FINGERPRINT)[0]
    except Exception:  # noqa: BLE001 - a workspace without these tables: no caching across changes
        return ""
    return hashlib.sha256(repr(row).encode("utf-8")).hexdigest()[:16]


def deck_key(ws: Any, *, period: Period | str | None, as_of: Any, lang: str, slides: Collection[str] | None,
             today: date | None) -> str:
    """The cache key of a rendered deck: the inputs and the workspace's fingerprint."""
    label = period.label if isinstance(period, Period) else str(period)
    kinds = ",".join(slide_kinds(slides)) if slides else ""
    return "|".join([label, str(as_of), lang, kinds, str(today), workspace_fingerprint(ws)])


def outline_markdown(slides: Sequence[Slide]) -> str:
    """Every slide's title and speaker notes as Markdown (the deck's text, also without a browser)."""
    parts = []
    for i, slide in enumerate(slides, start=1):
        parts.append(f"## {i}. {slide.title}\n\n{slide.notes}\n")
    return "\n".join(parts)


def generate_deck(ws: Any, *, period: str | Period | None = None, as_of: Any = None, lang: str = "en",
                  slides: Collection[str] | None = None, today: date | None = None) -> dict[str, Any]:
    """Build, render (one browser) and export the deck for the Quarterly Review page.

    Returns ``{"titles", "notes", "pngs", "files": {"zip", "pptx", "pdf", "outline"}, "error", "period",
    "lang"}``: the PPTX is the editable one, the PDF has selectable text (PNGs and PDF pages drawn in one
    browser session).  Without a browser (``RenderUnavailable``) there are no images: ``pngs`` is empty,
    ``files`` holds the outline and the PPTX (which needs no browser) and ``error`` is ``(i18n key,
    sentence)``.  ``DeckError`` propagates."""
    from review import render

    kinds = slide_kinds(slides)
    # The browser starts (~1.5 s of its own cores) while the deck's numbers are computed and its slides laid
    # out, so the drawing does not wait for it; a missing browser is reported by render below.
    with render.Renderer() as renderer:
        ctx = deck_context(ws, period=period, as_of=as_of, lang=lang, today=today)
        deck = build_slides(ctx, kinds)
        return _drawn_deck(deck, ctx, lang, renderer)


def _drawn_deck(deck: list[Any], ctx: Any, lang: str, renderer: Any) -> dict[str, Any]:
    from review import render

    label = deck[0].title if deck else ""
    result: dict[str, Any] = {
        "titles": [s.title for s in deck],
        "notes": [s.notes for s in deck],
        "pngs": [],
        "files": {"outline": outline_markdown(deck).encode("utf-8")},
        "error": None,
        "period": ctx.period.label,
        "lang": lang,
    }
    figures = [s.figure for s in deck]
    def draw() -> dict[str, list[bytes]]:  # the PNGs, then the PDF printed as one document
        pngs = render.render_figures(figures, formats=("png",), renderer=renderer)["png"]
        return {"png": pngs, "pdf": [renderer.render_pdf(figures)] if figures else []}

    with ThreadPoolExecutor(1, thread_name_prefix="review-draw") as waiter:
        return _exported(deck, result, waiter.submit(draw), label)


def _exported(deck: list[Any], result: dict[str, Any], pending: Future, label: str) -> dict[str, Any]:
    """``result`` with the files, the PPTX built while ``pending`` (the slides' PNGs and PDF) is drawn."""
    from review import render
    from review.export import export_pdf, export_pptx, export_zip

    order = [id(s.figure) for s in deck]

    def picture(figure: Any) -> bytes:  # a slide the PPTX cannot rebuild takes its PNG from the browser
        return pending.result()["png"][order.index(id(figure))]

    pptx = None
    try:  # built while the browser draws (it needs no browser but for a slide kept as a picture)
        pptx = export_pptx(deck, deck_title=label, render=picture)
    except render.RenderUnavailable:
        pass
    try:
        drawn = pending.result()
    except render.RenderUnavailable as exc:
        result["error"] = (exc.key, str(exc))
        if pptx is not None:
            result["files"]["pptx"] = pptx
        return result
    pngs = drawn["png"]
    result["pngs"] = pngs
    result["files"].update(zip=export_zip(deck, pngs), pptx=pptx, pdf=export_pdf(drawn["pdf"], title=label))
    return result


__all__ = [
    "SLIDE_KINDS",
    "DeckError",
    "build_deck",
    "build_slides",
    "deck_context",
    "deck_file_name",
    "deck_key",
    "generate_deck",
    "outline_markdown",
    "slide_kinds",
    "workspace_fingerprint",
]
