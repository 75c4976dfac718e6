"""What every slide of the deck shares: the deck context (the tracked numbers, read once), branding, the
type scale and colours, and small drawing helpers on top of ``review.layout``.

All coordinates are canvas pixels (1920x1080, top-left origin), as in ``review.layout``.  Every figure on a
slide is formatted with ``i18n.fmt`` (through ``KRStatus.display_row`` for key results), so a slide shows the
same text as the pages and the CLI.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go

from charts.theme import ACCENT, MUTED, STATUS_COLORS
from i18n import fmt_date, fmt_percent, t
from i18n.okr_text import title_in
from metrics.periods import Period
from okr.model import Objective
from okr.status import KRStatus, ObjectiveStatus
from okr.views import KRSeries
from review.export import Slide
from review.layout import CONTENT, TEXT_COLOR, Box, add_rect, add_text_box, new_slide

# ------------------------------------------------------------------------------------------ type scale
H1 = 34  # a heading inside the content area
BODY = 26
SMALL = 22
TINY = 19  # the smallest text on any slide (footnotes, axis ticks)
NUMBER = 44  # a number in a tile
SURFACE = "#f8fafc"  # card background
BORDER = "#e2e8f0"
GOOD = STATUS_COLORS["on_track"]
BAD = STATUS_COLORS["off_track"]
GOOD_TEXT = "#15803d"  # a readable green for text on white
BAD_TEXT = "#b91c1c"
STATUS_ORDER = ("missed", "off_track", "at_risk", "on_track", "done", "met", "no_data")
if TYPE_CHECKING:
    from review.slides_data import KpiTile

CHART_FONT = 18
HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


# ------------------------------------------------------------------------------------------ colours
def _rgb(colour: str) -> tuple[int, int, int]:
    m = HEX.match(colour.strip())
    if not m:
        return _rgb(ACCENT)
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: amount 0 is the colour, 1 is white."""
    r, g, b = _rgb(colour)
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * amount) for c in (r, g, b)))


def status_colour(status: str) -> str:
    return STATUS_COLORS.get(status, STATUS_COLORS["no_data"])


def valid_accent(colour: Any) -> str:
    return "#{:02x}{:02x}{:02x}".format(*_rgb(colour)) if isinstance(colour, str) and HEX.match(colour) else ACCENT


# ------------------------------------------------------------------------------------------ branding
@dataclass(frozen=True)
class Branding:
    """The workspace's ``branding`` setting: ``{"name", "accent", "logo_b64", "logo_mime"}``."""

    name: str = ""
    accent: str = ACCENT
    logo_png: bytes | None = None
    logo_note: str = ""  # why a logo that is set is not shown (speaker notes of the title slide)


def load_branding(ws: Any) -> Branding:
    raw = ws.get_setting("branding", {}) if ws is not None else {}
    raw = raw if isinstance(raw, dict) else {}
    name = str(raw.get("name") or "").strip()
    accent = valid_accent(raw.get("accent"))
    logo, note = None, ""
    if raw.get("logo_b64"):
        try:
            logo = logo_as_png(base64.b64decode(str(raw["logo_b64"]), validate=False))
        except Exception:  # noqa: BLE001 - a broken logo must not stop the deck
            logo, note = None, "logo"
    return Branding(name, accent, logo, note)


def logo_as_png(data: bytes) -> bytes:
    """The logo as PNG bytes (slides embed PNG); JPEG/GIF/WebP are converted, at most 800 px wide."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        im.load()
        if im.format == "PNG" and im.width <= 800:
            return data
        im = im.convert("RGBA")
        if im.width > 800:
            im = im.resize((800, max(1, round(im.height * 800 / im.width))))
        out = io.BytesIO()
        im.save(out, format="PNG")
        return out.getvalue()


# ------------------------------------------------------------------------------------------ context
@dataclass
class DeckContext:
    """Everything the slide builders read: the workspace, the period and as-of date, the tracked
    objectives (one ``track`` call for the whole deck) and lazily computed extras shared by slides."""

    ws: Any
    period: Period
    as_of: date
    today: date
    lang: str
    objectives: list[Objective]
    statuses: list[ObjectiveStatus]
    branding: Branding
    period_override: Period | None = None
    _series: dict[str, KRSeries | None] = field(default_factory=dict)
    _drill: dict[str, tuple[str, pd.DataFrame] | None] = field(default_factory=dict)
    _kpis: list[KpiTile] | None = None
    _kpi_skipped: list[tuple[str, str]] = field(default_factory=list)

    # -- text
    def tr(self, key: str, **kwargs: Any) -> str:
        return t(key, self.lang, **kwargs)

    def status_name(self, status: str) -> str:
        return t(f"status.{status}", self.lang)

    def date(self, day: date) -> str:
        return fmt_date(day, self.lang)

    @property
    def elapsed(self) -> float:
        days = max(1, self.period.days)
        return min(1.0, max(0.0, (self.period.to_date(self.as_of) - self.period.start).days / days))

    @property
    def period_over(self) -> bool:
        return self.as_of >= self.period.last_day

    def elapsed_text(self) -> str:
        return fmt_percent(self.elapsed, self.lang, decimals=0)

    def period_range(self, period: Period | None = None) -> str:
        period = period or self.period
        return f"{self.date(period.start)} – {self.date(period.last_day)}"

    # -- slides
    def new(self, key: str, title: str, subtitle: str | None = None, *, notes: str = "") -> Slide:
        """An empty slide in the deck's style (accent, logo, footer with brand and period)."""
        footer = self.tr("review.footer", period=self.period.label, as_of=self.date(self.as_of))
        fig = new_slide(
            title=title,
            subtitle=subtitle,
            accent=self.branding.accent,
            lang=self.lang,
            footer=footer,
            brand=self.branding.name or None,
            logo_png=self.branding.logo_png,
        )
        return Slide(key=key, title=title, figure=fig, notes=notes)

    # -- key results
    def kr_statuses(self) -> list[tuple[ObjectiveStatus, KRStatus]]:
        return [(o, k) for o in self.statuses for k in o.krs]

    def objective_of(self, ks: KRStatus) -> Objective:
        for o in self.statuses:
            if o.objective.id == ks.objective_id:
                return o.objective
        raise KeyError(ks.objective_id)

    def series(self, ks: KRStatus) -> KRSeries | None:
        """The key result's chart data (this period and the one before), computed once per deck."""
        key = f"{ks.objective_id}/{ks.kr.id}"
        if key not in self._series:
            from okr.views import kr_series

            try:
                self._series[key] = kr_series(
                    self.ws, ks.kr, self.objective_of(ks), periods_back=1, as_of=ks.as_of,
                    period_override=ks.period,
                )
            except Exception:  # noqa: BLE001 - a chart that cannot be drawn leaves its box empty
                self._series[key] = None
        return self._series[key]

    def drilldown(self, ks: KRStatus) -> tuple[str, pd.DataFrame] | None:
        key = f"{ks.objective_id}/{ks.kr.id}"
        if key not in self._drill:
            from review.slides_data import drilldown_for

            self._drill[key] = drilldown_for(self, ks)
        return self._drill[key]

    def kpis(self) -> list[KpiTile]:
        if self._kpis is None:
            from review.slides_data import kpi_tiles

            self._kpis, self._kpi_skipped = kpi_tiles(self)
        return self._kpis

    @property
    def kpi_skipped(self) -> list[tuple[str, str]]:
        self.kpis()
        return self._kpi_skipped


def objective_label(os_: ObjectiveStatus, lang: str) -> str:
    return f"{os_.objective.id}  {title_in(os_.objective, lang)}"


# ------------------------------------------------------------------------------------------ drawing
def card(fig: go.Figure, box: Box, *, fill: str = SURFACE, line: str | None = BORDER) -> None:
    add_rect(fig, **box.kw(), fill=fill, line=line, line_width=1.5 if line else 0)


def pill(fig: go.Figure, box: Box, text: str, fill: str, *, size: float = SMALL, color: str = "white") -> None:
    """A filled label (status chips): the text is centred and never wider than the box."""
    add_rect(fig, **box.kw(), fill=fill, layer="above")
    add_text_box(fig, **box.inset(8, 0).kw(), text=text, size=size, min_size=14, bold=True, color=color,
                 align="center", valign="middle", max_lines=1)


def heading(fig: go.Figure, box: Box, text: str, *, color: str = TEXT_COLOR, size: float = H1 * 0.8) -> None:
    add_text_box(fig, **box.kw(), text=text, size=size, min_size=TINY, bold=True, color=color, max_lines=1,
                 valign="bottom")


def tile(fig: go.Figure, box: Box, *, label: str, value: str, sub: str = "", value_color: str = TEXT_COLOR,
         accent: str | None = None, value_size: float = NUMBER) -> None:
    """A number card: label on top, the value large, a muted line under it; ``accent`` draws a strip on
    the left edge (status colour)."""
    card(fig, box)
    if accent:
        add_rect(fig, x=box.x, y=box.y, w=8, h=box.h, fill=accent, layer="above")
    inner = box.inset(28, 18)
    label_h = SMALL * 1.35
    add_text_box(fig, x=inner.x, y=inner.y, w=inner.w, h=label_h, text=label, size=SMALL, min_size=16,
                 color=MUTED, max_lines=1)
    sub_h = SMALL * 1.35 if sub else 0
    value_box = Box(inner.x, inner.y + label_h, inner.w, max(20, inner.h - label_h - sub_h))
    value_size = min(value_size, value_box.h / 1.3)
    add_text_box(fig, **value_box.kw(), text=value, size=value_size, min_size=24, bold=True,
                 color=value_color, max_lines=1, valign="middle")
    if sub:
        add_text_box(fig, x=inner.x, y=inner.bottom - sub_h, w=inner.w, h=sub_h, text=sub, size=SMALL * 0.92,
                     min_size=TINY * 0.85, color=MUTED, max_lines=1)


def message_slide(ctx: DeckContext, key: str, title: str, message: str, *, subtitle: str | None = None) -> Slide:
    """A slide that says, in one sentence, why there is nothing to show."""
    slide = ctx.new(key, title, subtitle, notes=message)
    box = Box(CONTENT.x + 160, CONTENT.y + 200, CONTENT.w - 320, 260)
    card(slide.figure, box)
    add_text_box(slide.figure, **box.inset(48, 32).kw(), text=message, size=BODY + 6, min_size=BODY,
                 color=MUTED, align="center", valign="middle")
    return slide


def chunks(items: list, size: int) -> list[list]:
    size = max(1, size)
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def page_title(title: str, index: int, total: int) -> str:
    return f"{title} ({index}/{total})" if total > 1 else title


def legend_row(fig: go.Figure, *, x: float, y: float, w: float, items: list[tuple[str, str, str]],
               size: float = TINY) -> None:
    """A one-line legend: ``(label, colour, dash)`` items, each a short line sample and its label, laid
    out from ``x`` and never wider than ``w`` (labels shrink to fit)."""
    from review.layout import SLIDE_HEIGHT, SLIDE_WIDTH
    from review.text_fit import text_width

    sample, gap = 40, 28
    needed = sum(sample + 10 + text_width(label, size) + gap for label, _, _ in items)
    scale = min(1.0, w / needed) if needed else 1.0
    cx = x
    for label, colour, dash in items:
        label_w = text_width(label, size * scale) + 6
        fig.add_shape(type="line", xref="paper", yref="paper", x0=cx / SLIDE_WIDTH, x1=(cx + sample) / SLIDE_WIDTH,
                      y0=1 - (y + 16) / SLIDE_HEIGHT, y1=1 - (y + 16) / SLIDE_HEIGHT,
                      line={"color": colour, "width": 4, "dash": dash})
        add_text_box(fig, x=cx + sample + 10, y=y, w=label_w + 4, h=32, text=label, size=size * scale,
                     min_size=size * scale, color=MUTED, max_lines=1, valign="middle")
        cx += sample + 10 + label_w + gap * scale
