"""Slide 4: one deep dive per key result that is off track or at risk - the key figures (current, target,
forecast, what is needed), why it moved (its drivers from its baseline to now, review/drivers.py), the trend
with pace, target and forecast against the previous period, the drill-down showing which segment is behind,
and the latest check-in comments."""

from __future__ import annotations

from charts.kr_trend import kr_trend
from charts.numbers import missing
from i18n import fmt_date, fmt_value, t
from i18n.okr_text import kr_row
from okr.status import KRStatus
from review import drivers
from review.export import Slide
from review.layout import CONTENT, TEXT_COLOR, Box, add_table, add_text_box
from review.slides_base import (
    BAD_TEXT,
    CHART_FONT,
    GOOD_TEXT,
    MUTED,
    SMALL,
    TINY,
    DeckContext,
    card,
    heading,
    message_slide,
    objective_label,
    status_colour,
    tile,
)
from review.slides_okr import kr_note
from review.subfigure import add_subplot_figure
from review.text_fit import fit_text

DEEP_STATUSES = ("off_track", "at_risk")
DRILL_ROWS = 6
CHECKINS_SHOWN = 3
TILES_H = 150
CHART_W = 1060
DRIVER_H = 58  # two lines of the driver sentence under the key figures


def deep_dive_krs(ctx: DeckContext) -> list[KRStatus]:
    """Key results that are off track or at risk, in scorecard order."""
    return [ks for _, ks in ctx.kr_statuses() if ks.status in DEEP_STATUSES]


def build(ctx: DeckContext) -> list[Slide]:
    chosen = deep_dive_krs(ctx)
    if not chosen:
        title = ctx.tr("review.deep.none_title")
        return [message_slide(ctx, "deep-dive", title, ctx.tr("review.deep.none"))]
    return [_slide(ctx, ks) for ks in chosen]


def meets(ks: KRStatus, value: float) -> bool | None:
    if missing(value) or missing(ks.target_value):
        return None
    if ks.mode in ("threshold", "ceiling"):
        below = ks.kr.target.type == "stay_below" or ks.mode == "ceiling"
        return value <= ks.target_value if below else value >= ks.target_value
    return value >= ks.target_value if ks.direction > 0 else value <= ks.target_value


def _slide(ctx: DeckContext, ks: KRStatus) -> Slide:
    row = kr_row(ks, ctx.lang)
    objective = next(o for o in ctx.statuses if o.objective.id == ks.objective_id)
    title = f"{ks.kr.id}  {row['title']}"
    subtitle = ctx.tr("review.deep.subtitle", objective=objective_label(objective, ctx.lang),
                      status=ctx.status_name(ks.status), score=row["score"], expected=row["expected"])
    slide = ctx.new("deep-dive", title, subtitle)
    fig = slide.figure
    notes = [title, subtitle, kr_note(ctx, ks)]
    notes += _key_figures(ctx, fig, ks, row)
    # Why it moved: from the baseline's window to now, by the dimension that explains most.
    body_y = CONTENT.y + TILES_H + 36
    why = drivers.kr_explanation(ctx, ks)
    label = ks.metric_label.get(ctx.lang)
    line = drivers.note(why, label, ctx.lang, top=drivers.SLIDE_DRIVERS)
    if line:
        add_text_box(fig, x=CONTENT.x, y=CONTENT.y + TILES_H + 18, w=CONTENT.w, h=DRIVER_H, text=line, size=SMALL,
                     min_size=TINY - 2, color=TEXT_COLOR, max_lines=2)
        body_y += DRIVER_H
        notes += drivers.speaker_lines(why, label, ctx.lang)
    body_h = CONTENT.bottom - body_y
    checkins = sorted(ks.checkins, key=lambda c: (c.date, c.id), reverse=True)
    _trend(ctx, fig, ks, checkins, body_y, body_h)
    # Drill-down and check-ins.
    right = Box(CONTENT.x + CHART_W + 48, body_y, CONTENT.right - CONTENT.x - CHART_W - 48, body_h)
    found = ctx.drilldown(ks)
    rows = min(DRILL_ROWS, len(found[1])) if found else 2
    drill_h = min(right.h * 0.6, 52 + (rows + 1) * 44 + 12)
    notes += _drilldown(ctx, fig, ks, Box(right.x, right.y, right.w, drill_h))
    notes += _checkins(ctx, fig, checkins, Box(right.x, right.y + drill_h + 24, right.w, right.h - drill_h - 24))
    slide.notes = "\n".join(notes)
    return slide


def _key_figures(ctx: DeckContext, fig, ks: KRStatus, row: dict) -> list[str]:
    """Four tiles: the current value, the target, the forecast, and what is needed (or the margin to a
    limit); returns their speaker notes."""
    boxes = Box(CONTENT.x, CONTENT.y, CONTENT.w, TILES_H).columns(4, gap=28)
    current_label = ctx.tr("review.deep.current_as_of", date=fmt_date(ks.as_of, ctx.lang))
    tile(fig, boxes[0], label=current_label, value=row["current"],
         sub=f"{ctx.tr('review.col.baseline')} {row['baseline']}", accent=status_colour(ks.status))
    on_pace = "" if ks.mode == "threshold" else f"{ctx.tr('review.deep.on_pace_now')} {row['on_pace']}"
    tile(fig, boxes[1], label=ctx.tr("review.col.target"), value=row["target"], sub=on_pace)
    fc_ok = meets(ks, ks.forecast.point)
    fc_colour = TEXT_COLOR if fc_ok is None else GOOD_TEXT if fc_ok else BAD_TEXT
    point = fmt_value(ks.forecast.point, ks.unit, ctx.lang)
    fc_sub = ""
    if not missing(ks.forecast.low) and ks.forecast.low != ks.forecast.high:
        fc_sub = ctx.tr("review.deep.range", low=fmt_value(ks.forecast.low, ks.unit, ctx.lang),
                        high=fmt_value(ks.forecast.high, ks.unit, ctx.lang))
    tile(fig, boxes[2], label=ctx.tr("review.deep.forecast"), value=point, sub=fc_sub, value_color=fc_colour)
    if ks.mode in ("threshold", "ceiling"):
        tile(fig, boxes[3], label=ctx.tr("review.deep.margin"), value=row["margin"],
             value_color=GOOD_TEXT if not missing(ks.margin) and ks.margin >= 0 else BAD_TEXT)
    else:
        _needed_tile(fig, boxes[3], ctx.tr("review.deep.needed"), row["needed"] or "—")
    notes = [ctx.tr("review.notes.forecast_line", forecast=row["forecast"],
                    method=t(f"kr.method.{ks.forecast_method}", ctx.lang))]
    if row["needed"]:
        notes.append(ctx.tr("review.notes.needed", needed=row["needed"]))
    return notes


def _trend(ctx: DeckContext, fig, ks: KRStatus, checkins: list, body_y: float, body_h: float) -> None:
    """The key result's trend chart (charts.kr_trend, the one the KR detail page draws) on the left."""
    series = ctx.series(ks)
    if series is None:
        return
    labels = {
        "current": ctx.tr("review.chart.this_period"),
        "previous": ctx.tr("review.chart.previous", period=ks.period.previous().label),
        "pace": ctx.tr("review.chart.pace"),
        "target": ctx.tr("review.chart.target"),
        "limit": ctx.tr("review.chart.limit"),
        "forecast": ctx.tr("review.chart.forecast"),
        "baseline": ctx.tr("review.chart.baseline"),
        "checkin": ctx.tr("review.chart.checkin"),
        "no_data": ctx.status_name("no_data"),
    }
    sub = kr_trend(series=series, lang=ctx.lang, compact=False, colour=ctx.branding.accent, labels=labels,
                   checkin_days=[c.date for c in checkins])
    add_subplot_figure(fig, sub, x=CONTENT.x, y=body_y, w=CHART_W, h=body_h,
                       margin={"l": 100, "r": 20, "t": 12, "b": 40}, font_size=CHART_FONT, show_title=False)


def _needed_tile(fig, box: Box, label: str, text: str) -> None:
    card(fig, box)
    inner = box.inset(28, 18)
    add_text_box(fig, x=inner.x, y=inner.y, w=inner.w, h=SMALL * 1.35, text=label, size=SMALL, color=MUTED,
                 max_lines=1)
    add_text_box(fig, x=inner.x, y=inner.y + SMALL * 1.35 + 4, w=inner.w, h=inner.h - SMALL * 1.35 - 4, text=text,
                 size=SMALL + 2, min_size=TINY - 2, bold=True, color=TEXT_COLOR, valign="middle")


def _drilldown(ctx: DeckContext, fig, ks: KRStatus, box: Box) -> list[str]:
    found = ctx.drilldown(ks)
    if found is None:
        heading(fig, Box(box.x, box.y, box.w, 40), ctx.tr("review.deep.drill_none_head"))
        add_text_box(fig, x=box.x, y=box.y + 52, w=box.w, h=box.h - 52, text=ctx.tr("review.deep.no_drill"),
                     size=SMALL, color=MUTED)
        return [ctx.tr("review.deep.no_drill")]
    dim, frame = found
    dim_name = dimension_name(dim, ctx.lang)
    in_sentence = dimension_name(dim, ctx.lang, in_sentence=True)
    heading(fig, Box(box.x, box.y, box.w, 40), ctx.tr("review.deep.drill_head", dim=in_sentence))
    shown = frame.head(DRILL_ROWS)
    rows, fills, fonts = [], [], []
    for rec in shown.to_dict(orient="records"):
        rows.append([str(rec["segment"]), fmt_value(rec["current"], ks.unit, ctx.lang),
                     fmt_value(rec["target"], ks.unit, ctx.lang), ctx.status_name(rec["status"])])
        fills.append([None, None, None, status_colour(rec["status"])])
        fonts.append([None, None, None, "white"])
    header = [dim_name, ctx.tr("review.col.current"), ctx.tr("review.col.target"), ctx.tr("review.col.status")]
    add_table(fig, x=box.x, y=box.y + 52, w=box.w, h=box.h - 52, header=header, rows=rows,
              col_widths=[1.6, 1.1, 1.1, 1.3], cell_colors=fills, font_colors=fonts,
              align=["left", "right", "right", "center"], size=SMALL, min_size=TINY - 2,
              header_fill=ctx.branding.accent, max_lines=1)
    notes = [ctx.tr("review.notes.drill", dim=in_sentence)]
    for rec in frame.to_dict(orient="records"):
        notes.append("- " + ctx.tr("review.notes.segment", segment=str(rec["segment"]),
                                   current=fmt_value(rec["current"], ks.unit, ctx.lang),
                                   baseline=fmt_value(rec["baseline"], ks.unit, ctx.lang),
                                   target=fmt_value(rec["target"], ks.unit, ctx.lang),
                                   status=ctx.status_name(rec["status"])))
    return notes


def _checkins(ctx: DeckContext, fig, checkins: list, box: Box) -> list[str]:
    heading(fig, Box(box.x, box.y, box.w, 40), ctx.tr("review.deep.checkins"))
    if not checkins:
        add_text_box(fig, x=box.x, y=box.y + 50, w=box.w, h=box.h - 50, text=ctx.tr("review.deep.no_checkins"),
                     size=SMALL, color=MUTED)
        return [ctx.tr("review.deep.no_checkins")]
    y, bottom = box.y + 50, box.bottom
    notes = [ctx.tr("review.deep.checkins")]
    for c in checkins[:CHECKINS_SHOWN]:
        meta = checkin_meta(ctx, c)
        notes.append(f"- {meta}: {c.comment}")
        if y + 30 > bottom:
            continue
        add_text_box(fig, x=box.x, y=y, w=box.w, h=30, text=meta, size=TINY, bold=True, color=MUTED, max_lines=1)
        y += 32
        room = min(bottom - y, 2 * SMALL * 1.3 + 2)
        if room < SMALL:
            continue
        comment = c.comment or "—"
        fitted = fit_text(comment, width=box.w, height=room, size=SMALL, min_size=TINY - 1)
        add_text_box(fig, x=box.x, y=y, w=box.w, h=fitted.height + 2, text=comment, size=SMALL,
                     min_size=TINY - 1, color=TEXT_COLOR)
        y += fitted.height + 14
    return notes


def checkin_meta(ctx: DeckContext, c) -> str:
    parts = [fmt_date(c.date, ctx.lang)]
    if c.author:
        parts.append(c.author)
    if c.confidence is not None:
        parts.append(ctx.tr("review.deep.confidence", n=c.confidence))
    return "  ·  ".join(parts)


def dimension_name(dim: str, lang: str, *, in_sentence: bool = False) -> str:
    """The dimension's display name ('Region' / '区域'); lower case inside an English sentence."""
    from i18n import has

    if not has(f"dim.{dim}"):
        return dim
    name = t(f"dim.{dim}", lang)
    return name.lower() if in_sentence and lang == "en" else name


__all__ = ["build", "deep_dive_krs", "dimension_name", "meets"]
