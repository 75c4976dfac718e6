"""The waterfall of a change: the previous value, each driver's step, the current value (metrics/explain.py)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from charts.kr_trend import nice_ticks, tick_text
from charts.numbers import missing
from charts.theme import MUTED, apply_theme
from i18n import fmt_delta, fmt_value

UP, DOWN = "#16a34a", "#dc2626"


def change_waterfall(
    *,
    previous: float,
    current: float,
    labels: Sequence[str],
    changes: Sequence[float],
    unit: str,
    lang: str = "en",
    previous_label: str,
    current_label: str,
    better: str = "higher",
    title: str = "",
    height: int | None = None,
    font_size: int = 13,
) -> go.Figure:
    """One bar for ``previous``, one step per driver (``labels``/``changes``, in order), one bar for ``current``.

    The steps are the explanation's parts, so they end exactly at ``current``.  A step that helps (up when
    higher is better) is green, one that hurts red; percentages are fractions and read as points.
    """
    if len(labels) != len(changes):
        raise ValueError("labels and changes must have the same length")
    steps = [0.0 if missing(c) else float(c) for c in changes]
    rising, falling = (UP, DOWN) if better == "higher" else (DOWN, UP)
    fig = go.Figure(go.Waterfall(
        orientation="v",
        measure=["absolute", *["relative"] * len(steps), "total"],
        x=[previous_label, *labels, current_label],
        y=[previous, *steps, current],
        text=[fmt_value(previous, unit, lang), *(fmt_delta(s, unit, lang) if s else "0" for s in steps),
              fmt_value(current, unit, lang)],
        textposition="outside",
        increasing={"marker": {"color": rising}},
        decreasing={"marker": {"color": falling}},
        totals={"marker": {"color": MUTED}},
        connector={"line": {"color": "#d1d5db", "width": 1}},
        cliponaxis=False,
    ))
    fig.update_layout(title={"text": title}, showlegend=False, font={"size": font_size})
    apply_theme(fig, height=height)
    fig.update_layout(font={"size": font_size})
    low, high = _range(previous, steps, current)
    # ticks in the reader's numbers (万 in Chinese, K/M in English), as on the KR trend
    ticks = [v for v in nice_ticks(low, high, 5) if low - 1e-12 <= v <= high + 1e-12]
    fig.update_yaxes(range=[low, high], tickvals=ticks, ticktext=[tick_text(v, unit, lang) for v in ticks])
    fig.update_xaxes(type="category")  # period labels such as 2026-07 would otherwise make a date axis
    return fig


def _range(previous: float, steps: Sequence[float], current: float) -> tuple[float, float]:
    """A y range around the running levels (not from 0: a 3-point move on a 30% rate must be visible)."""
    levels = [previous]
    for s in steps:
        levels.append(levels[-1] + s)
    levels.append(current)
    low, high = min(levels), max(levels)
    pad = (high - low) * 0.25 or abs(high) * 0.1 or 1.0
    bottom = 0.0 if low >= 0 and low - pad < 0 else low - pad
    return bottom, high + pad


def explanation_steps(explanation: object, lang: str = "en", *, top: int = 5) -> tuple[list[str], list[float]]:
    """The waterfall's steps for an Explanation (metrics/explain.py, duck-typed): the ``top`` drivers, the other
    segments together, the mix (ratios) and what is not attributable; they add up to the total change."""
    from i18n import t
    from i18n.explain_text import segment_label

    exp = explanation
    ratio = str(exp.method) == "shift_share"
    shown = exp.drivers(top)

    labels, steps = [segment_label(p, lang) for p in shown], [p.effect for p in shown]
    others = [p for p in exp.parts if p not in shown and str(p.kind) != "rest"]
    if others:
        labels.append(t("explain.others", lang, n=len(others), change="").strip())
        steps.append(sum(p.effect for p in others))
    if ratio and any(str(p.kind) == "segment" for p in exp.parts):
        labels.append(t("explain.mix", lang, change="").strip())
        steps.append(sum(p.mix_effect or 0.0 for p in exp.parts if str(p.kind) == "segment"))
    rest = [p for p in exp.parts if str(p.kind) == "rest"]
    if rest:
        labels.append(t("explain.rest", lang))
        steps.append(sum(p.change for p in rest))
    return labels, steps


def explanation_waterfall(*, explanation: object, title: str = "", lang: str = "en", top: int = 5,
                          height: int | None = None, font_size: int = 13) -> go.Figure:
    """``change_waterfall`` of an Explanation: from the previous window's value to the current one."""
    exp = explanation
    labels, steps = explanation_steps(exp, lang, top=top)
    return change_waterfall(previous=exp.previous, current=exp.current, labels=labels, changes=steps, unit=exp.unit,
                            lang=lang, previous_label=exp.against.label, current_label=exp.period.label,
                            better=exp.better, title=title, height=height, font_size=font_size)
