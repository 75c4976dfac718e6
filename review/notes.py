"""Sentences written from the data for the highlights-and-risks slide: key results met and on track, the
strongest objective, the biggest movers among the scorecard KPIs, key results behind (worst first), data
warnings, and the latest check-in comments.

Each sentence carries its figures, formatted by ``i18n.fmt`` (``KRStatus.display_row``), in the deck's
language; a number and its unit are joined by a no-break space so a line never splits "24.0 h".
``Sentence.tone`` is good | bad | warn | info (the bullet colour); ``Sentence.detail`` holds what only the
speaker notes carry (e.g. every SMART warning)."""

from __future__ import annotations

from dataclasses import dataclass, field

from charts.numbers import missing
from i18n import fmt_percent, fmt_value
from i18n.okr_text import error_text, issue_text, kr_row, title_in
from i18n.suggest_text import backtest_lines
from metrics.periods import previous
from okr.backtest import NO_FORECAST_METHODS, backtest_kr
from okr.status import CheckIn, KRStatus
from review import drivers
from review.slides_base import DeckContext

MOVERS = 2  # biggest improvements and biggest declines among the KPI tiles
NAMED = 4  # key results named one by one per list; the rest are summed up in one sentence
NBSP = "\u00a0"


@dataclass(frozen=True)
class Sentence:
    text: str
    tone: str  # good | bad | warn | info
    detail: list[str] = field(default_factory=list)


def nb(text: str) -> str:
    """Keep a formatted figure ('24.0 h', '+3.4 pts') on one line."""
    return text.replace(" ", NBSP)


def _kr(ks: KRStatus, lang: str) -> str:
    return f"{ks.kr.id} {title_in(ks.kr, lang)}"


def gap(ks: KRStatus) -> float:
    """How far behind the pace a key result is (bigger is worse)."""
    score = 0.0 if missing(ks.score) else ks.score
    return (0.0 if missing(ks.expected) else ks.expected) - score


def _rest(ctx: DeckContext, key: str, items: list[KRStatus], tone: str) -> list[Sentence]:
    if not items:
        return []
    return [Sentence(ctx.tr(key, n=len(items), krs=", ".join(ks.kr.id for ks in items)), tone,
                     [_kr(ks, ctx.lang) for ks in items])]


def highlights(ctx: DeckContext) -> list[Sentence]:
    out: list[Sentence] = []
    krs = [ks for _, ks in ctx.kr_statuses()]
    good = [ks for ks in krs if ks.status == "done"] + [ks for ks in krs if ks.status == "on_track"]
    if krs:
        out.append(Sentence(ctx.tr("review.hl.summary", good=len(good), total=len(krs)), "info"))
    for ks in good[:NAMED]:
        row = kr_row(ks, ctx.lang)
        text = ctx.tr("review.hl.good", status=ctx.status_name(ks.status), kr=_kr(ks, ctx.lang),
                      current=nb(row["current"]), target=nb(row["target"]))
        out.append(backed(ctx, text, "good", drivers.kr_explanation(ctx, ks),
                          ks.metric_label.get(ctx.lang), helped=True))
    out += _rest(ctx, "review.hl.good_rest", good[NAMED:], "good")
    measured = [o for o in ctx.statuses if not missing(o.score)]
    if len(measured) > 1:
        best = max(measured, key=lambda o: o.score)
        out.append(Sentence(ctx.tr("review.hl.best_objective", objective=f"{best.objective.id} {title_in(best.objective, ctx.lang)}",
                                   score=nb(fmt_percent(best.score, ctx.lang, decimals=0))), "good"))
    out += movers(ctx, improving=True)
    return out


def risks(ctx: DeckContext) -> list[Sentence]:
    out: list[Sentence] = []
    behind = sorted((ks for _, ks in ctx.kr_statuses() if ks.status in ("off_track", "at_risk")),
                    key=lambda ks: (ks.status != "off_track", -gap(ks)))
    for ks in behind[:NAMED]:
        row = kr_row(ks, ctx.lang)
        text = ctx.tr("review.hl.behind", status=ctx.status_name(ks.status), kr=_kr(ks, ctx.lang),
                      current=nb(row["current"]), target=nb(row["target"]))
        record: list[str] = []
        if ks.forecast_method not in ("none", "final") and not missing(ks.forecast.point):
            text += ("" if ctx.lang == "zh" else " ") + ctx.tr("review.hl.forecast", forecast=nb(fmt_value(ks.forecast.point, ks.unit, ctx.lang)))
            record = forecast_record(ctx, ks)
        out.append(backed(ctx, text, "bad" if ks.status == "off_track" else "warn", drivers.kr_explanation(ctx, ks),
                          ks.metric_label.get(ctx.lang), helped=False, detail=record))
    out += _rest(ctx, "review.hl.behind_rest", behind[NAMED:], "bad")
    out += movers(ctx, improving=False)
    out += data_warnings(ctx)
    return out


def forecast_record(ctx: DeckContext, ks: KRStatus) -> list[str]:
    """How far forecasts made at this point of past periods missed (okr/backtest.py), for the speaker notes: the
    slide's forecast range stays the one the Objectives page shows, so the notes only give the record."""
    if ks.error or ks.period_over or ks.forecast_method in NO_FORECAST_METHODS:
        return []
    return backtest_lines(backtest_kr(ctx.ws, ks.kr, ks.period, ks.as_of, method=ks.forecast_method), ks.unit, ctx.lang)[:1]


def backed(ctx: DeckContext, text: str, tone: str, exp: drivers.Explanation | None, label: str, *, helped: bool,
           detail: tuple[str, ...] | list[str] = ()) -> Sentence:
    """A highlight (``helped``) or risk backed by its drivers (review/drivers.py): the biggest lift or drag on the
    slide, the whole driver sentence (``label`` names the metric) in the speaker notes."""
    clause, why = drivers.backing(exp, label, ctx.lang, helped=helped)
    return Sentence(text + clause, tone, [*why, *detail])


def movers(ctx: DeckContext, *, improving: bool) -> list[Sentence]:
    """The KPIs that moved most (relative change; percentage points for rates) in the good or bad way, each
    with what moved it most that way."""
    from review.slides_kpi import change_text

    prev = previous(ctx.period).label
    # A tile whose period the data covers only in part (its note says so) has not moved: days are missing.
    tiles = [tl for tl in ctx.kpis() if tl.improved is improving and tl.note is None]

    def size(tl) -> float:
        if tl.unit == "percent":
            return abs(tl.change) * 10  # 1 point counts like a 10% change
        return 0.0 if missing(tl.change_pct) else abs(tl.change_pct)

    tiles.sort(key=size, reverse=True)
    return [backed(ctx, ctx.tr("review.hl.mover", label=tl.label, change=nb(change_text(tl, ctx.lang)), previous=prev,
                               value=nb(fmt_value(tl.current, tl.unit, ctx.lang))),
                   "good" if improving else "bad", drivers.explanation(ctx.ws, tl.metric, ctx.period, ctx.as_of),
                   tl.label, helped=improving) for tl in tiles[:MOVERS] if size(tl) > 0]


def data_warnings(ctx: DeckContext) -> list[Sentence]:
    out = []
    for _, ks in ctx.kr_statuses():
        if ks.status == "no_data" and ks.error:
            out.append(Sentence(ctx.tr("review.hl.no_data", kr=_kr(ks, ctx.lang), reason=error_text(ks, ctx.lang)), "warn"))
    flagged = [ks for _, ks in ctx.kr_statuses() if ks.warnings]
    if flagged:
        detail = [f"{ks.kr.id}: {issue_text(w, ctx.lang)}" for ks in flagged for w in ks.warnings]
        out.append(Sentence(ctx.tr("review.hl.smart", n=len(flagged)), "warn", detail))
    if ctx.kpi_skipped:
        labels = ", ".join(label for label, _ in ctx.kpi_skipped)
        out.append(Sentence(ctx.tr("review.hl.kpi_skipped", labels=labels), "warn",
                            [f"{label}: {reason}" for label, reason in ctx.kpi_skipped]))
    return out


def checkin_quotes(ctx: DeckContext, limit: int = 2) -> list[tuple[KRStatus, CheckIn]]:
    """The latest commented check-ins across all key results (newest first)."""
    found = [(ks, c) for _, ks in ctx.kr_statuses() for c in ks.checkins if (c.comment or "").strip()]
    found.sort(key=lambda pair: (pair[1].date, pair[1].id), reverse=True)
    return found[:limit]


def sentence_notes(sentences: list[Sentence]) -> list[str]:
    """Speaker-note lines: every sentence, its details indented under it."""
    lines = []
    for s in sentences:
        lines.append("- " + s.text.replace(NBSP, " "))
        lines += [f"    {d}" for d in s.detail]
    return lines
