"""Slide 2, the scorecard (every objective and key result: baseline, current, target, score, status), and
slide 3, one slide per objective (its key results as progress bars against the pace marker, each with a
small trend chart: the running value, the pace line, the target and the forecast)."""

from __future__ import annotations

from charts.kr_trend import FORECAST, LIMIT, TARGET, kr_trend
from i18n.okr_text import error_text, kr_row
from review.export import Slide
from review.layout import CONTENT, GRID, TEXT_COLOR, Box, add_progress_bar, add_table, add_text_box
from review.slides_base import (
    BODY,
    CHART_FONT,
    MUTED,
    SMALL,
    TINY,
    DeckContext,
    chunks,
    legend_row,
    message_slide,
    objective_label,
    page_title,
    pill,
    status_colour,
    tint,
)
from review.subfigure import add_subplot_figure

SCORECARD_ROWS = 18  # rows per scorecard slide (objectives are never split across slides)
KRS_PER_SLIDE = 5
TABLE_SIZE = 24
TABLE_MIN = 19


# ------------------------------------------------------------------------------------------ scorecard
def _scorecard_groups(ctx: DeckContext) -> list[list]:
    groups, current, rows = [], [], 0
    for os_ in ctx.statuses:
        need = 1 + len(os_.krs)
        if current and rows + need > SCORECARD_ROWS:
            groups.append(current)
            current, rows = [], 0
        current.append(os_)
        rows += need
    if current:
        groups.append(current)
    return groups


def scorecard(ctx: DeckContext) -> list[Slide]:
    title = ctx.tr("review.scorecard.title", period=ctx.period.label)
    subtitle = ctx.tr("review.scorecard.subtitle", as_of=ctx.date(ctx.as_of), elapsed=ctx.elapsed_text())
    if not ctx.statuses:
        return [message_slide(ctx, "scorecard", title, ctx.tr("review.no_objectives"), subtitle=subtitle)]
    header = [ctx.tr("review.col.kr"), ctx.tr("review.col.baseline"),
              ctx.tr("review.col.current_end" if ctx.period_over else "review.col.current"),
              ctx.tr("review.col.target"), ctx.tr("review.col.score"), ctx.tr("review.col.status")]
    groups = _scorecard_groups(ctx)
    slides = []
    obj_fill = tint(ctx.branding.accent, 0.88)
    for index, group in enumerate(groups, start=1):
        rows, fills, fonts, notes = [], [], [], [subtitle]
        for os_ in group:
            score = _pct(os_.score, ctx.lang)
            rows.append([objective_label(os_, ctx.lang), "", "", "", score, ctx.status_name(os_.status)])
            fills.append([obj_fill] * 5 + [status_colour(os_.status)])
            fonts.append([TEXT_COLOR] * 5 + ["white"])
            notes.append(ctx.tr("review.notes.objective", label=objective_label(os_, ctx.lang), score=score,
                                status=ctx.status_name(os_.status)))
            for ks in os_.krs:
                row = kr_row(ks, ctx.lang)
                rows.append([f"    {ks.kr.id}  {row['title']}", row["baseline"], row["current"], row["target"],
                             row["score"], ctx.status_name(ks.status)])
                fills.append([None] * 5 + [status_colour(ks.status)])
                fonts.append([None] * 5 + ["white"])
                notes.append("- " + kr_note(ctx, ks))
        slide = ctx.new("scorecard", page_title(title, index, len(groups)), subtitle)
        add_table(slide.figure, **CONTENT.kw(), header=header, rows=rows, col_widths=[5.2, 1.35, 1.35, 1.35, 1.0, 1.45],
                  cell_colors=fills, font_colors=fonts, align=["left", "right", "right", "right", "right", "center"],
                  size=TABLE_SIZE, min_size=TABLE_MIN, header_fill=ctx.branding.accent, max_lines=1)
        slide.notes = "\n".join(notes)
        slides.append(slide)
    return slides


def _pct(value: float, lang: str) -> str:
    from i18n import fmt_percent

    return fmt_percent(value, lang, decimals=0)


def kr_note(ctx: DeckContext, ks) -> str:
    """One key result in words with its figures (speaker notes)."""
    row = kr_row(ks, ctx.lang)
    text = ctx.tr("review.notes.kr", id=ks.kr.id, title=row["title"], baseline=row["baseline"],
                  current=row["current"], target=row["target"], score=row["score"], expected=row["expected"],
                  status=ctx.status_name(ks.status))
    if ks.forecast_method not in ("none", "final") and row["forecast"] != "—":
        text += " " + ctx.tr("review.notes.forecast", forecast=row["forecast"])
    if ks.error:
        text += " " + error_text(ks, ctx.lang)
    return text


# ------------------------------------------------------------------------------------------ objectives
def objectives(ctx: DeckContext) -> list[Slide]:
    slides = []
    for os_ in ctx.statuses:
        groups = chunks(os_.krs, KRS_PER_SLIDE)
        obj = os_.objective
        meta = [part for part in (obj.owner, obj.team) if part]
        score = _pct(os_.score, ctx.lang)
        subtitle = "  ·  ".join([*meta, ctx.tr("review.objective.score", score=score, expected=_pct(os_.expected,
                                                                                                  ctx.lang)),
                                 ctx.status_name(os_.status)])
        if os_.period != ctx.period:
            subtitle += f"  ·  {os_.period.label}"
        for index, krs in enumerate(groups, start=1):
            title = page_title(objective_label(os_, ctx.lang), index, len(groups))
            slide = ctx.new("objective", title, subtitle)
            notes = [title, subtitle]
            if krs:
                _objective_rows(ctx, slide.figure, krs)
                notes += ["- " + kr_note(ctx, ks) for ks in krs]
            else:
                add_text_box(slide.figure, **CONTENT.kw(), text=ctx.tr("review.objective.no_krs"), size=BODY,
                             color=MUTED, align="center", valign="middle")
            slide.notes = "\n".join(notes)
            slides.append(slide)
    return slides


LEFT_W = 1000
CHART_X = CONTENT.x + LEFT_W + 48
HEAD_H = 40


def _objective_rows(ctx: DeckContext, fig, krs) -> None:
    # Column heads: what the bars mean, and the chart legend.
    add_text_box(fig, x=CONTENT.x, y=CONTENT.y, w=LEFT_W, h=32, text=ctx.tr("review.objective.bars_head"),
                 size=TINY, color=MUTED, max_lines=1, valign="middle")
    items = [
        (ctx.tr("review.chart.this_period"), ctx.branding.accent, "solid"),
        (ctx.tr("review.chart.pace"), TEXT_COLOR, "dot"),
        (ctx.tr("review.chart.target"), TARGET, "dash"),
        (ctx.tr("review.chart.forecast"), FORECAST, "dash"),
    ]
    if any(ks.mode in ("threshold", "ceiling") for ks in krs):
        items.insert(3, (ctx.tr("review.chart.limit"), LIMIT, "dash"))
    legend_row(fig, x=CHART_X, y=CONTENT.y, w=CONTENT.right - CHART_X, items=items)
    area = Box(CONTENT.x, CONTENT.y + HEAD_H + 8, CONTENT.w, CONTENT.h - HEAD_H - 8)
    rows = area.rows(max(len(krs), 3), gap=20)  # one or two key results keep the size of three
    labels = {"no_data": ctx.status_name("no_data")}
    for ks, row in zip(krs, rows, strict=False):
        _kr_row(ctx, fig, ks, row)
        series = ctx.series(ks)
        if series is not None:
            sub = kr_trend(series=series, lang=ctx.lang, compact=True, colour=ctx.branding.accent, labels=labels)
            add_subplot_figure(fig, sub, x=CHART_X, y=row.y, w=CONTENT.right - CHART_X, h=row.h,
                               margin={"l": 92, "r": 12, "t": 8, "b": 34}, font_size=CHART_FONT, show_title=False)
    for row in rows[1:len(krs)]:
        fig.add_shape(type="line", xref="paper", yref="paper", x0=CONTENT.x / 1920, x1=CONTENT.right / 1920,
                      y0=1 - (row.y - 10) / 1080, y1=1 - (row.y - 10) / 1080, line={"color": GRID, "width": 1.5})


def _kr_row(ctx: DeckContext, fig, ks, row: Box) -> None:
    block_h = 132
    y = row.y + max(0.0, (row.h - block_h) / 2)
    data = kr_row(ks, ctx.lang)
    pill_w = 190
    add_text_box(fig, x=CONTENT.x, y=y, w=LEFT_W - pill_w - 20, h=44, text=f"{ks.kr.id}  {data['title']}",
                 size=BODY + 2, min_size=SMALL, bold=True, color=TEXT_COLOR, max_lines=1, valign="middle")
    pill(fig, Box(CONTENT.x + LEFT_W - pill_w, y + 4, pill_w, 38), ctx.status_name(ks.status),
         status_colour(ks.status), size=SMALL - 1)
    bar_w = LEFT_W - 150
    bar_value = None if ks.status == "no_data" else ks.score
    add_progress_bar(fig, x=CONTENT.x, y=y + 62, w=bar_w, h=28, value=bar_value, pace=ks.expected,
                     color=status_colour(ks.status))
    add_text_box(fig, x=CONTENT.x + bar_w + 16, y=y + 52, w=LEFT_W - bar_w - 16, h=48, text=data["score"],
                 size=BODY + 8, min_size=SMALL, bold=True, color=status_colour(ks.status), max_lines=1,
                 align="right", valign="middle")
    facts = [
        f"{ctx.tr('review.col.baseline')} {data['baseline']}",
        f"{ctx.tr('review.col.current')} {data['current']}",
        f"{ctx.tr('review.col.target')} {data['target']}",
    ]
    if ks.forecast_method not in ("none", "final") and not ks.period_over:
        facts.append(f"{ctx.tr('review.col.forecast')} {_point(ks, ctx.lang)}")
    text = "   ·   ".join(facts)
    if ks.error:
        text = error_text(ks, ctx.lang)
    add_text_box(fig, x=CONTENT.x, y=y + 100, w=LEFT_W, h=34, text=text, size=SMALL, min_size=TINY - 2,
                 color=MUTED if not ks.error else LIMIT, max_lines=1, valign="middle")


def _point(ks, lang: str) -> str:
    from i18n import fmt_value

    return fmt_value(ks.forecast.point, ks.unit, lang)
