"""Slide 5, the KPI overview (the scorecard KPIs, KBIs and KCIs as tiles: value for the period to date,
the change against the previous period to the same point, a twelve-month sparkline), and slide 6, the
channels (lead cohorts by channel with revenue and ROI at T+1 and T+2, and ROI by lead month)."""

from __future__ import annotations

from charts.heatmap import cohort_heatmap
from charts.kr_trend import sparkline
from charts.numbers import missing
from i18n import fmt_delta, fmt_value
from i18n.messages import render
from metrics.periods import previous
from review.export import Slide
from review.layout import CONTENT, TEXT_COLOR, Box, add_table, add_text_box
from review.slides_base import (
    BAD_TEXT,
    GOOD_TEXT,
    MUTED,
    NUMBER,
    SMALL,
    TINY,
    DeckContext,
    card,
    message_slide,
)
from review.slides_data import KPI_LIST, KpiTile, channel_data
from review.subfigure import add_subplot_figure
from review.text_fit import fit_text

TILES_PER_ROW = 5
CLASS_W = 170


def change_text(tile: KpiTile, lang: str) -> str:
    """'+12.3%' for counts and amounts, '+1.2 pts' for percentages (``i18n.fmt_delta``)."""
    if missing(tile.change):
        return "—"
    if tile.unit == "percent":
        return fmt_delta(tile.change, "percent", lang)
    if missing(tile.change_pct):
        return fmt_delta(tile.change, tile.unit, lang)
    return fmt_delta(tile.change_pct, tile.unit, lang, relative=True)


def kpis(ctx: DeckContext) -> list[Slide]:
    prev = previous(ctx.period)
    title = ctx.tr("review.kpis.title", period=ctx.period.label)
    subtitle = ctx.tr("review.kpis.subtitle", as_of=ctx.date(ctx.as_of), previous=prev.label)
    tiles = ctx.kpis()
    skipped = ctx.kpi_skipped
    if not tiles:
        return [message_slide(ctx, "kpis", title, ctx.tr("review.kpis.none"), subtitle=subtitle)]
    slide = ctx.new("kpis", title, subtitle)
    fig = slide.figure
    classes = [cls for cls in KPI_LIST if any(tl.cls == cls for tl in tiles)]
    rows = CONTENT.rows(3, gap=24)[:len(classes)] if len(classes) == 3 else CONTENT.rows(len(classes), gap=24)
    notes = [title, subtitle]
    for cls, row in zip(classes, rows, strict=True):
        add_text_box(fig, x=row.x, y=row.y, w=CLASS_W - 20, h=56, text=cls, size=40, bold=True,
                     color=ctx.branding.accent, max_lines=1)
        add_text_box(fig, x=row.x, y=row.y + 60, w=CLASS_W - 20, h=row.h - 60, text=ctx.tr(f"review.kpis.{cls}"),
                     size=TINY, min_size=15, color=MUTED, max_lines=3)
        boxes = Box(row.x + CLASS_W, row.y, row.w - CLASS_W, row.h).columns(TILES_PER_ROW, gap=24)
        for tl, box in zip([tl for tl in tiles if tl.cls == cls], boxes, strict=False):
            _tile(ctx, fig, tl, box)
            notes.append(f"- {cls} · " + ctx.tr("review.notes.kpi", label=tl.label,
                                                value=fmt_value(tl.current, tl.unit, ctx.lang),
                                                previous=fmt_value(tl.previous, tl.unit, ctx.lang),
                                                change=change_text(tl, ctx.lang), period=prev.label))
    for label, reason in skipped:
        notes.append(ctx.tr("review.notes.kpi_skipped", label=label, reason=reason))
    slide.notes = "\n".join(notes)
    return [slide]


def _tile(ctx: DeckContext, fig, tl: KpiTile, box: Box) -> None:
    card(fig, box)
    inner = box.inset(22, 16)
    # The label on one line, or on two slightly smaller lines when it is long ("Customer satisfaction (CSAT)").
    one = fit_text(tl.label, width=inner.w, height=30, size=SMALL, min_size=SMALL - 3, max_lines=1)
    label_h = 30 if not one.truncated else 2 * (SMALL - 3) * 1.3
    add_text_box(fig, x=inner.x, y=inner.y, w=inner.w, h=label_h, text=tl.label, size=SMALL if not one.truncated
                 else SMALL - 3, min_size=15, color=MUTED, max_lines=1 if not one.truncated else 2)
    y = inner.y + label_h + 2
    add_text_box(fig, x=inner.x, y=y, w=inner.w, h=58, text=fmt_value(tl.current, tl.unit, ctx.lang, compact=True),
                 size=NUMBER, min_size=26, bold=True, color=TEXT_COLOR, max_lines=1, valign="middle")
    good = tl.improved
    colour = MUTED if good is None else GOOD_TEXT if good else BAD_TEXT
    arrow = "" if missing(tl.change) or tl.change == 0 else ("▲ " if tl.change > 0 else "▼ ")
    add_text_box(fig, x=inner.x, y=y + 62, w=inner.w, h=30,
                 text=f"{arrow}{change_text(tl, ctx.lang)}  {ctx.tr('review.kpis.vs_previous')}", size=SMALL - 2,
                 min_size=14, bold=True, color=colour, max_lines=1)
    spark_y = y + 100
    if tl.note is not None:  # the data covers the period only in part, or not at all: said on the tile
        add_text_box(fig, x=inner.x, y=spark_y, w=inner.w, h=26, text=render(tl.note, ctx.lang), size=TINY - 2,
                     min_size=12, color=MUTED, max_lines=1)
        spark_y += 28
    if len(tl.spark) >= 2 and inner.bottom - spark_y >= 24:
        add_subplot_figure(fig, sparkline(list(tl.spark["value"]), colour=ctx.branding.accent), x=inner.x, y=spark_y,
                           w=inner.w, h=inner.bottom - spark_y, margin={"l": 4, "r": 8, "t": 4, "b": 4},
                           show_title=False)


# ------------------------------------------------------------------------------------------ channels
CHANNEL_COLUMNS = (
    ("leads", "count"), ("conversion", "percent"), ("spend", "currency"), ("cost_per_lead", "currency"),
    ("revenue_t1", "currency"), ("roi_t1", "number"), ("revenue_t2", "currency"), ("roi_t2", "number"),
)


def channels(ctx: DeckContext) -> list[Slide]:
    title = ctx.tr("review.channels.title", period=ctx.period.label)
    data = channel_data(ctx)
    if data is None:
        return [message_slide(ctx, "channels", title, ctx.tr("review.channels.none"))]
    months = ", ".join(data.months)
    subtitle = ctx.tr("review.channels.subtitle", months=months, as_of=ctx.date(ctx.as_of))
    slide = ctx.new("channels", title, subtitle)
    fig = slide.figure
    columns = [(c, u) for c, u in CHANNEL_COLUMNS if c in data.summary]
    header = [ctx.tr("review.channels.col.channel")] + [ctx.tr(f"review.channels.col.{c}") for c, _ in columns]
    rows, fonts = [], []
    notes = [title, subtitle]
    for rec in data.summary.to_dict(orient="records"):
        cells = [fmt_value(rec.get(c), u, ctx.lang) for c, u in columns]
        rows.append([str(rec["channel"]), *cells])
        fonts.append([None] + [MUTED if _immature(c, data.immature) else None for c, _ in columns])
        notes.append("- " + str(rec["channel"]) + ": " + ", ".join(
            f"{h} {v}" for h, v in zip(header[1:], cells, strict=True)))
    total = _total_row(data.summary)
    rows.append([ctx.tr("review.channels.total"), *[fmt_value(total.get(c), u, ctx.lang) for c, u in columns]])
    fonts.append([None] + [MUTED if _immature(c, data.immature) else None for c, _ in columns])
    fills = [[None] * len(header) for _ in rows[:-1]] + [["#e2e8f0"] * len(header)]
    notes.append("- " + rows[-1][0] + ": " + ", ".join(f"{h} {v}" for h, v in zip(header[1:], rows[-1][1:],
                                                                                        strict=True)))
    table_h = min(420, 44 * (len(rows) + 1) + 8)
    add_table(fig, x=CONTENT.x, y=CONTENT.y, w=CONTENT.w, h=table_h, header=header, rows=rows,
              col_widths=[1.9] + [1.0] * len(columns), cell_colors=fills, font_colors=fonts, size=SMALL + 1,
              min_size=TINY - 2, header_fill=ctx.branding.accent, max_lines=1)
    y = CONTENT.y + table_h + 12
    if any(data.immature.get(k) for k in (1, 2)):
        note = ctx.tr("review.channels.immature", as_of=ctx.date(ctx.as_of))
        add_text_box(fig, x=CONTENT.x, y=y, w=CONTENT.w, h=30, text=note, size=TINY, min_size=15, color=MUTED,
                     max_lines=1)
        notes.append(note)
        y += 34
    if "roi_t2" in data.cohorts and CONTENT.bottom - y > 200:
        heat_title = ctx.tr("review.channels.heatmap")
        heat = _heatmap(ctx, data.cohorts, heat_title)
        add_subplot_figure(fig, heat, x=CONTENT.x, y=y + 8, w=CONTENT.w, h=CONTENT.bottom - y - 8,
                           margin={"l": 200, "r": 8, "t": 8, "b": 36}, font_size=TINY)
        notes.append(heat_title)
    slide.notes = "\n".join(notes)
    return [slide]


def _heatmap(ctx: DeckContext, cohorts, title: str):
    """ROI at T+2 by channel and lead month (charts.heatmap, as on the Channels page); a cohort still
    maturing at T+2 gets an asterisk instead of the page's hatching, which would cover the number."""
    heat = cohort_heatmap(cohorts=cohorts, value_column="roi_t2", title=title, unit="number", lang=ctx.lang,
                          mature_column="mature_t2", height=400)
    cells = heat.data[0]
    mature = {(str(c), str(m)): bool(v) for c, m, v in zip(cohorts["channel"], cohorts["month"],
                                                          cohorts["mature_t2"], strict=True)}
    # charts.heatmap marks a maturing cell already; the mark is added only where it is not there yet.
    text = [[(f"{value}*" if value and not value.endswith("*") and not mature.get((str(ch), str(month)), True)
              else value)
             for value, month in zip(row, cells.x, strict=True)] for row, ch in zip(cells.text, cells.y, strict=True)]
    heat.data = [cells]
    heat.update_traces(text=text, showscale=False, textfont={"size": TINY + 1}, xgap=2, ygap=2)
    heat.update_layout(title={"font": {"size": SMALL + 2}}, xaxis={"type": "category"})
    return heat


def _immature(column: str, immature: dict[int, bool]) -> bool:
    return column[-3:-1] == "_t" and immature.get(int(column[-1]), False)


def _total_row(summary) -> dict:
    total = {c: summary[c].sum() for c in summary.columns if c in ("leads", "spend") or c.startswith("revenue_t")}
    if "conversion" in summary and total.get("leads"):
        total["conversion"] = float((summary["conversion"].fillna(0) * summary["leads"]).sum() / total["leads"])
    if total.get("spend"):
        total["cost_per_lead"] = total["spend"] / total["leads"] if total.get("leads") else None
        for k in (0, 1, 2, 3):
            if f"revenue_t{k}" in total:
                total[f"roi_t{k}"] = total[f"revenue_t{k}"] / total["spend"]
    return total


__all__ = ["change_text", "channels", "kpis"]
