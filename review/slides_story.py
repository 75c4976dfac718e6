"""Slide 7, highlights and risks (sentences written from the data, and the latest check-in comments), and
slide 8, the next period: the unmet key results carried over with this period's result as the baseline,
proposed for discussion."""

from __future__ import annotations

from i18n import fmt_value, t
from i18n.okr_text import kr_row
from review.export import Slide
from review.layout import CONTENT, TEXT_COLOR, Box, add_rect, add_table, add_text_box
from review.notes import Sentence, checkin_quotes, sentence_notes
from review.notes import highlights as highlight_sentences
from review.notes import risks as risk_sentences
from review.slides_base import (
    BAD,
    BODY,
    GOOD,
    MUTED,
    SMALL,
    TINY,
    DeckContext,
    card,
    chunks,
    heading,
    message_slide,
    page_title,
    status_colour,
)
from review.slides_data import proposals
from review.slides_deep import checkin_meta
from review.text_fit import fit_text

TONES = {"good": GOOD, "bad": BAD, "warn": "#f59e0b", "info": "#64748b"}
BULLET = 14
PROPOSALS_PER_SLIDE = 13


# ------------------------------------------------------------------------------------------ highlights
def highlights(ctx: DeckContext) -> list[Slide]:
    title = ctx.tr("review.hl.title", period=ctx.period.label)
    subtitle = ctx.tr("review.hl.subtitle", as_of=ctx.date(ctx.as_of), elapsed=ctx.elapsed_text())
    slide = ctx.new("highlights", title, subtitle)
    fig = slide.figure
    good, bad = highlight_sentences(ctx), risk_sentences(ctx)
    quotes = checkin_quotes(ctx)
    quotes_h = 200 if quotes else 0
    top_h = CONTENT.h - (quotes_h + 28 if quotes else 0)
    left, right = Box(CONTENT.x, CONTENT.y, CONTENT.w, top_h).columns(2, gap=40)
    notes = [title, subtitle]
    inner = [Box(b.x + 32, b.y + 88, b.w - 64, b.h - 108) for b in (left, right)]
    size = bullet_size([(inner[0], good), (inner[1], bad)])
    for box, body, head, sentences, colour in ((left, inner[0], ctx.tr("review.hl.highlights"), good, GOOD),
                                               (right, inner[1], ctx.tr("review.hl.risks"), bad, BAD)):
        card(fig, box)
        add_rect(fig, x=box.x, y=box.y, w=box.w, h=8, fill=colour, layer="above")
        heading(fig, Box(box.x + 32, box.y + 24, box.w - 64, 48), head, size=32)
        shown = _bullets(fig, body, sentences, size=size, empty=ctx.tr("review.hl.nothing"), lang=ctx.lang)
        notes.append(head + ":")
        notes += sentence_notes(sentences) or [f"- {ctx.tr('review.hl.nothing')}"]
        if shown < len(sentences):
            notes.append(ctx.tr("review.notes.more_in_notes", n=len(sentences) - shown))
    if quotes:
        box = Box(CONTENT.x, CONTENT.bottom - quotes_h, CONTENT.w, quotes_h)
        card(fig, box)
        heading(fig, Box(box.x + 32, box.y + 18, box.w - 64, 40), ctx.tr("review.hl.checkins"), size=28)
        cols = Box(box.x + 32, box.y + 66, box.w - 64, box.h - 80).columns(min(len(quotes), 2), gap=40)
        notes.append(ctx.tr("review.hl.checkins") + ":")
        for (ks, c), col in zip(quotes, cols, strict=False):
            meta = f"{ks.kr.id}  ·  {checkin_meta(ctx, c)}"
            add_text_box(fig, x=col.x, y=col.y, w=col.w, h=30, text=meta, size=TINY, bold=True, color=MUTED,
                         max_lines=1)
            add_text_box(fig, x=col.x, y=col.y + 34, w=col.w, h=col.h - 34, text=f"“{c.comment.strip()}”",
                         size=SMALL + 2, min_size=TINY - 1, color=TEXT_COLOR)
        notes += [f"- {ks.kr.id} · {checkin_meta(ctx, c)}: {c.comment}" for ks, c in quotes]
    slide.notes = "\n".join(notes)
    return [slide]


BULLET_SIZES = (32, 30, 28, 26, 24, 22)


def _height(sentences: list[Sentence], width: float, size: float) -> float:
    total = 0.0
    for sentence in sentences:
        total += fit_text(sentence.text, width=width - 34, height=1e6, size=size, min_size=size).height + size * 0.7
    return total


def bullet_size(columns: list[tuple[Box, list[Sentence]]]) -> float:
    """The largest text size at which every column's bullets fit its box (the smallest size otherwise)."""
    for size in BULLET_SIZES:
        if all(_height(sentences, box.w, size) <= box.h + size * 0.7 for box, sentences in columns):
            return size
    return BULLET_SIZES[-1]


def _bullets(fig, box: Box, sentences: list[Sentence], *, size: float, empty: str, lang: str) -> int:
    """Draw bullets top-down while they fit; returns how many were drawn."""
    if not sentences:
        add_text_box(fig, **box.kw(), text=empty, size=BODY, color=MUTED)
        return 0
    y, shown = box.y, 0
    for sentence in sentences:
        room = box.bottom - y
        fitted = fit_text(sentence.text, width=box.w - 34, height=max(1, room), size=size, min_size=size,
                          max_lines=3)
        if fitted.truncated or fitted.height > room:
            break
        add_rect(fig, x=box.x, y=y + size * 0.65 - BULLET / 2, w=BULLET, h=BULLET, fill=TONES.get(sentence.tone, MUTED),
                 layer="above")
        add_text_box(fig, x=box.x + 34, y=y, w=box.w - 34, h=fitted.height + 4, text=sentence.text, size=size,
                     min_size=size, color=TEXT_COLOR, max_lines=3)
        y += fitted.height + size * 0.7
        shown += 1
    if shown < len(sentences):
        more = len(sentences) - shown
        add_text_box(fig, x=box.x + 34, y=min(y, box.bottom - 30), w=box.w - 34, h=30,
                     text=t("review.hl.more", lang, n=more), size=TINY,
                     color=MUTED, max_lines=1)
    return shown


# ------------------------------------------------------------------------------------------ next period
def next_period(ctx: DeckContext) -> list[Slide]:
    carried, kept_out = proposals(ctx)
    nxt = ctx.period.next().label
    title = ctx.tr("review.next.title", period=nxt)
    subtitle = ctx.tr("review.next.subtitle", period=ctx.period.label)
    if not ctx.statuses:
        return [message_slide(ctx, "next-period", title, ctx.tr("review.no_objectives"), subtitle=subtitle)]
    if not carried:
        return [message_slide(ctx, "next-period", title, ctx.tr("review.next.all_met"), subtitle=subtitle)]
    header = [ctx.tr("review.col.kr"), ctx.tr("review.next.col.rule"),
              ctx.tr("review.next.col.baseline", period=ctx.period.label), ctx.tr("review.next.col.target"),
              ctx.tr("review.next.col.result", period=ctx.period.label)]
    groups = chunks(carried, PROPOSALS_PER_SLIDE)
    slides = []
    footnotes = []
    if any(p.projected for p in carried):
        footnotes.append(ctx.tr("review.next.projected", period=ctx.period.label))
    if kept_out:
        footnotes.append(ctx.tr("review.next.kept_out", krs=", ".join(ks.kr.id for ks in kept_out)))
    foot_h = 36 * len(footnotes)
    for index, group in enumerate(groups, start=1):
        slide = ctx.new("next-period", page_title(title, index, len(groups)), subtitle)
        rows, fills, fonts = [], [], []
        notes = [slide.title, subtitle]
        for prop in group:
            ks = prop.status
            row = kr_row(ks, ctx.lang)
            base = fmt_value(prop.baseline, ks.unit, ctx.lang) + (" *" if prop.projected else "")
            target = fmt_value(prop.target_value, ks.unit, ctx.lang)
            rule = rule_text(ks, ctx.lang)
            result = f"{ctx.status_name(ks.status)} · {row['score']}"
            rows.append([f"{ks.kr.id}  {row['title']}", rule, base, target, result])
            fills.append([None, None, None, None, status_colour(ks.status)])
            fonts.append([None, None, None, None, "white"])
            notes.append("- " + ctx.tr("review.notes.proposal", kr=f"{ks.kr.id} {row['title']}", rule=rule,
                                       baseline=base, target=target, result=result, period=nxt))
        add_table(slide.figure, x=CONTENT.x, y=CONTENT.y, w=CONTENT.w, h=CONTENT.h - foot_h - 16, header=header,
                  rows=rows, col_widths=[3.4, 2.4, 1.8, 1.6, 1.6], cell_colors=fills, font_colors=fonts,
                  align=["left", "left", "right", "right", "center"], size=SMALL + 2, min_size=TINY - 1,
                  header_fill=ctx.branding.accent, max_lines=2)
        y = CONTENT.bottom - foot_h
        for line in footnotes:
            add_text_box(slide.figure, x=CONTENT.x, y=y, w=CONTENT.w, h=34, text=line, size=TINY, min_size=14,
                         color=MUTED, max_lines=1)
            y += 36
        slide.notes = "\n".join(notes + footnotes)
        slides.append(slide)
    return slides


def rule_text(ks, lang: str) -> str:
    """The target rule in words: 'reach a value', '-50.0% on the baseline' ..."""
    from i18n import fmt_delta

    target = ks.kr.target
    if target.type == "relative_change":
        return t("review.next.rule_change", lang, change=fmt_delta(target.change, ks.unit, lang, relative=True))
    if target.type == "absolute_change":
        return t("review.next.rule_change", lang, change=fmt_delta(target.change, ks.unit, lang))
    return t(f"target.{target.type}", lang)


__all__ = ["highlights", "next_period", "rule_text"]
