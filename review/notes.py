"""Sentences written from the data for the highlights-and-risks slide: key results met and on track, the
biggest movers among the scorecard KPIs, key results behind, data warnings, and check-in comments.

Each sentence carries its figures, formatted by ``i18n.fmt`` (``KRStatus.display_row``), in the deck's
language.  ``Sentence.tone`` is good | bad | warn | info (the bullet colour)."""

from __future__ import annotations

from dataclasses import dataclass

from i18n import fmt_value
from metrics.periods import previous
from metrics.tracking import KRStatus
from review.slides_base import DeckContext, missing

MOVERS = 2  # biggest improvements and biggest declines among the KPI tiles


@dataclass(frozen=True)
class Sentence:
    text: str
    tone: str  # good | bad | warn | info


def _kr_figures(ctx: DeckContext, ks: KRStatus) -> str:
    row = ks.display_row()
    return ctx.tr("review.hl.figures", current=row["current"], target=row["target"])


def _gap(ks: KRStatus) -> float:
    """How far behind the pace a key result is (bigger is worse)."""
    score = 0.0 if missing(ks.score) else ks.score
    return (ks.expected if not missing(ks.expected) else 0.0) - score


def highlights(ctx: DeckContext) -> list[Sentence]:
    out: list[Sentence] = []
    krs = [ks for _, ks in ctx.kr_statuses()]
    met = [ks for ks in krs if ks.status == "done"]
    on_track = [ks for ks in krs if ks.status == "on_track"]
    if krs:
        out.append(Sentence(ctx.tr("review.hl.summary", good=len(met) + len(on_track), total=len(krs)), "info"))
    for ks in met:
        out.append(Sentence(ctx.tr("review.hl.met", kr=f"{ks.kr.id} {ks.title}", figures=_kr_figures(ctx, ks)),
                            "good"))
    for ks in on_track:
        out.append(Sentence(ctx.tr("review.hl.on_track", kr=f"{ks.kr.id} {ks.title}",
                                   figures=_kr_figures(ctx, ks)), "good"))
    measured = [o for o in ctx.statuses if not missing(o.score)]
    if len(measured) > 1:
        best = max(measured, key=lambda o: o.score)
        out.append(Sentence(ctx.tr("review.hl.best_objective", objective=f"{best.objective.id} {best.title}",
                                   score=_pct(ctx, best.score)),
                            "good"))
    out += [Sentence(s, "good") for s in movers(ctx, improving=True)]
    return out


def risks(ctx: DeckContext) -> list[Sentence]:
    out: list[Sentence] = []
    behind = sorted((ks for _, ks in ctx.kr_statuses() if ks.status in ("off_track", "at_risk")),
                    key=lambda ks: (ks.status != "off_track", -_gap(ks)))
    for ks in behind:
        row = ks.display_row()
        key = "review.hl.off_track" if ks.status == "off_track" else "review.hl.at_risk"
        text = ctx.tr(key, kr=f"{ks.kr.id} {ks.title}", figures=_kr_figures(ctx, ks))
        if ks.forecast_method not in ("none", "final") and row["forecast"] != "—":
            text += " " + ctx.tr("review.hl.forecast", forecast=fmt_value(ks.forecast.point, ks.unit, ctx.lang))
        out.append(Sentence(text, "bad" if ks.status == "off_track" else "warn"))
    out += [Sentence(s, "bad") for s in movers(ctx, improving=False)]
    out += [Sentence(s, "warn") for s in data_warnings(ctx)]
    return out


def movers(ctx: DeckContext, *, improving: bool) -> list[str]:
    """The KPIs that moved most (relative change; percentage points for rates) in the good or bad way."""
    from review.slides_kpi import change_text

    prev = previous(ctx.period).label
    tiles = [tl for tl in ctx.kpis() if tl.improved is improving]

    def size(tl) -> float:
        return abs(tl.change) * 10 if tl.unit == "percent" else abs(tl.change_pct) if not missing(tl.change_pct) else 0

    tiles.sort(key=size, reverse=True)
    key = "review.hl.mover_up" if improving else "review.hl.mover_down"
    return [ctx.tr(key, label=tl.label, change=change_text(tl, ctx.lang), previous=prev,
                   value=fmt_value(tl.current, tl.unit, ctx.lang)) for tl in tiles[:MOVERS] if size(tl) > 0]


def data_warnings(ctx: DeckContext) -> list[str]:
    out = []
    for _, ks in ctx.kr_statuses():
        if ks.status == "no_data" and ks.error:
            out.append(ctx.tr("review.hl.no_data", kr=f"{ks.kr.id} {ks.title}", reason=ks.error))
    flagged = [ks for _, ks in ctx.kr_statuses() if ks.warnings]
    if flagged:
        first = flagged[0]
        out.append(ctx.tr("review.hl.smart", n=len(flagged), example=f"{first.kr.id}: {first.warnings[0].message(ctx.lang)}"))
    for label, reason in ctx.kpi_skipped:
        out.append(ctx.tr("review.hl.kpi_skipped", label=label, reason=reason))
    return out


def checkin_quotes(ctx: DeckContext, limit: int = 4) -> list[tuple[KRStatus, object]]:
    """The latest check-ins across all key results (newest first)."""
    found = [(ks, c) for _, ks in ctx.kr_statuses() for c in ks.checkins if (c.comment or "").strip()]
    found.sort(key=lambda pair: (pair[1].date, pair[1].id), reverse=True)
    return found[:limit]


def _pct(ctx: DeckContext, value: float) -> str:
    from i18n import fmt_percent

    return fmt_percent(value, ctx.lang, decimals=0)
