"""Slide 1: the title - company, deck title, period, teams and owners, data date, date generated, logo, and
the deck at a glance (objectives, key results per status)."""

from __future__ import annotations

from collections import Counter

from metrics import stale_data
from review.export import Slide
from review.layout import SLIDE_HEIGHT, TEXT_COLOR, Box, add_rect, add_text_box
from review.slides_base import (
    BODY,
    MUTED,
    SMALL,
    STATUS_ORDER,
    DeckContext,
    status_colour,
    tint,
)
from review.text_fit import fit_text

LEFT = Box(150, 250, 1020, 700)
PANEL = Box(1260, 250, 580, 700)


def deck_title(ctx: DeckContext) -> str:
    grain = ctx.period.grain if ctx.period.grain in ("quarter", "month", "year", "week") else "other"
    return ctx.tr(f"review.deck_title.{grain}")


def _strip_title_band(fig) -> None:
    """The title slide has no title band: drop the band's title text and hairline (kept: accent strip,
    logo, footer)."""
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name != "slide-title"]
    shapes = list(fig.layout.shapes)
    band_line = 1 - 214 / SLIDE_HEIGHT
    fig.layout.shapes = [s for s in shapes if not (s.type == "line" and abs((s.y0 or 0) - band_line) < 1e-6)]


def build(ctx: DeckContext) -> list[Slide]:
    title = deck_title(ctx)
    full_title = f"{title} {ctx.period.label}"
    slide = ctx.new("title", full_title)
    fig = slide.figure
    _strip_title_band(fig)
    accent = ctx.branding.accent
    period_line = f"{ctx.period.label}  ·  {ctx.period_range()}"
    lines = _detail_lines(ctx)
    as_of = ctx.tr("review.title.as_of", as_of=ctx.date(ctx.as_of), elapsed=ctx.elapsed_text())
    generated = ctx.tr("review.title.generated", date=ctx.date(ctx.today))
    title_fit = fit_text(title, width=LEFT.w, height=230, size=92, min_size=60, bold=True, max_lines=2)
    # The block is centred vertically between the accent strip and the footer.
    block_h = (80 if ctx.branding.name else 0) + title_fit.height + 24 + 90 + 54 * len(lines) + 40 + 86
    top = max(150.0, (SLIDE_HEIGHT - block_h) / 2 - 10)
    add_rect(fig, x=LEFT.x - 50, y=top, w=12, h=block_h, fill=accent)
    y = top
    if ctx.branding.name:
        add_text_box(fig, x=LEFT.x, y=y, w=LEFT.w, h=66, text=ctx.branding.name, size=44, min_size=28, bold=True,
                     color=accent, max_lines=1, valign="top")
        y += 80
    add_text_box(fig, x=LEFT.x, y=y, w=LEFT.w, h=title_fit.height + 4, text=title, size=92, min_size=60,
                 bold=True, color=TEXT_COLOR, max_lines=2, valign="top")
    y += title_fit.height + 24
    add_text_box(fig, x=LEFT.x, y=y, w=LEFT.w, h=64, text=period_line, size=44, min_size=28, color=TEXT_COLOR,
                 max_lines=1)
    y += 90
    for line in lines:
        add_text_box(fig, x=LEFT.x, y=y, w=LEFT.w, h=46, text=line, size=BODY + 4, min_size=SMALL, color=MUTED,
                     max_lines=1)
        y += 54
    y += 40
    add_text_box(fig, x=LEFT.x, y=y, w=LEFT.w, h=40, text=as_of, size=BODY, min_size=SMALL, color=MUTED,
                 max_lines=1)
    add_text_box(fig, x=LEFT.x, y=y + 46, w=LEFT.w, h=40, text=generated, size=BODY, min_size=SMALL,
                 color=MUTED, max_lines=1)

    counts = Counter(ks.status for _, ks in ctx.kr_statuses())
    n_krs = sum(counts.values())
    _glance(ctx, fig, len(ctx.statuses), n_krs, counts, top)

    notes = [full_title]
    if ctx.branding.name:
        notes.append(ctx.branding.name)
    notes += [period_line, *lines, as_of, generated,
              ctx.tr("review.notes.glance", objectives=len(ctx.statuses), krs=n_krs,
                     statuses=", ".join(f"{ctx.status_name(s)} {counts[s]}" for s in STATUS_ORDER if counts[s]))]
    if ctx.branding.logo_note:
        notes.append(ctx.tr("review.notes.logo_unreadable"))
    slide.notes = "\n".join(notes)
    return [slide]


def _detail_lines(ctx: DeckContext) -> list[str]:
    """The teams, the owners, and data that is stale (said once, on the first slide)."""
    objectives = [o.objective for o in ctx.statuses]
    teams = list(dict.fromkeys(o.team for o in objectives if o.team))
    owners = list(dict.fromkeys(o.owner for o in objectives if o.owner))
    lines = []
    if teams:
        lines.append(ctx.tr("review.title.teams", teams="  ·  ".join(teams)))
    if owners:
        lines.append(ctx.tr("review.title.owners", owners=", ".join(owners)))
    for entity, last, days in stale_data(ctx.ws, ctx.as_of):
        lines.append(ctx.tr("coverage.stale", entity=ctx.tr(f"entity.{entity}"), date=ctx.date(last), days=days))
    return lines


def _glance(ctx: DeckContext, fig, n_objectives: int, n_krs: int, counts: Counter, top: float) -> None:
    """The right-hand panel: how many objectives and key results, and how many per status."""
    shown = [s for s in STATUS_ORDER if counts.get(s)]
    height = 44 + 60 + 200 + 16 + 62 * len(shown) + 36
    panel = Box(PANEL.x, top, PANEL.w, min(PANEL.h, height))
    add_rect(fig, **panel.kw(), fill=tint(ctx.branding.accent, 0.93))
    inner = panel.inset(48, 44)
    add_text_box(fig, x=inner.x, y=inner.y, w=inner.w, h=40, text=ctx.tr("review.title.glance"), size=SMALL + 2,
                 bold=True, color=MUTED, max_lines=1)
    y = inner.y + 60
    for number, label in ((n_objectives, ctx.tr("review.title.objectives")), (n_krs, ctx.tr("review.title.krs"))):
        add_text_box(fig, x=inner.x, y=y - 6, w=130, h=96, text=str(number), size=72, min_size=40, bold=True,
                     color=TEXT_COLOR, max_lines=1, valign="middle")
        add_text_box(fig, x=inner.x + 130, y=y - 6, w=inner.w - 130, h=96, text=label, size=BODY + 4, min_size=SMALL,
                     color=TEXT_COLOR, max_lines=2, valign="middle")
        y += 100
    y += 16
    row_h = 56
    for status in shown:
        add_rect(fig, x=inner.x, y=y + 14, w=28, h=28, fill=status_colour(status), layer="above")
        add_text_box(fig, x=inner.x + 48, y=y, w=inner.w - 150, h=row_h, text=ctx.status_name(status),
                     size=BODY + 2, min_size=SMALL, color=TEXT_COLOR, max_lines=1, valign="middle")
        add_text_box(fig, x=inner.right - 100, y=y, w=100, h=row_h, text=str(counts[status]), size=BODY + 6,
                     bold=True, color=TEXT_COLOR, max_lines=1, align="right", valign="middle")
        y += row_h + 6


__all__ = ["build", "deck_title"]
