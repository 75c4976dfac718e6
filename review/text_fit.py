"""Text on slides: plotly does not wrap text, so it is measured here and wrapped, shrunk or ellipsized.

Widths are estimated per character for the slide font (``charts.theme.FONT_FAMILY``, Noto Sans CJK SC
first): CJK full-width characters 1.0 em, Latin letters from a table of that font's own advance widths
plus 4% so that other sans fonts fit as well; other scripts 0.62 em.  ``fit_text`` wraps (on spaces for
Latin, between any two characters for CJK, never putting closing punctuation at the start of a line),
shrinks the font down to ``min_size`` and finally ellipsizes.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

LINE_HEIGHT = 1.3  # plotly's own line spacing for multi-line text (svg_text_utils LINE_SPACING)
ELLIPSIS = "…"

_NO_LINE_START = set("，。、；：！？）」』】》〉…,.;:!?)]}%”’")
_NO_LINE_END = set("（「『【《〈([{“‘")
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"  # "24.0\u00a0h" keeps the number and its unit on one line

# Advance widths (1/100 em, rounded up) of printable ASCII in the slide font's Latin glyphs
# (Noto Sans CJK SC Regular / Bold), ' ' .. '~'.
_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
_ASCII_REGULAR = (
    23, 33, 48, 56, 56, 93, 68, 28, 34, 34, 47, 56, 28, 35, 28, 40, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 28,
    28, 56, 56, 56, 48, 95, 61, 66, 64, 69, 59, 56, 69, 73, 30, 54, 65, 55, 82, 73, 75, 64, 75, 64, 60, 60, 73,
    58, 88, 58, 54, 61, 34, 40, 34, 56, 56, 61, 57, 62, 51, 62, 56, 33, 57, 61, 28, 28, 56, 29, 93, 61, 61, 62,
    62, 39, 47, 38, 61, 53, 81, 50, 53, 48, 34, 27, 34, 56,
)
_ASCII_BOLD = (
    23, 37, 58, 59, 59, 97, 74, 33, 38, 38, 51, 59, 33, 37, 33, 39, 59, 59, 59, 59, 59, 59, 59, 59, 59, 59, 33,
    33, 59, 59, 59, 52, 101, 65, 69, 66, 72, 62, 59, 72, 76, 33, 57, 69, 58, 86, 75, 77, 67, 77, 69, 63, 63, 75,
    62, 92, 63, 58, 62, 38, 39, 38, 59, 57, 63, 60, 65, 53, 65, 59, 38, 60, 64, 31, 31, 61, 32, 97, 65, 63, 65,
    65, 44, 50, 43, 64, 58, 87, 57, 58, 52, 38, 30, 38, 59,
)
_EM = {False: dict(zip(_ASCII, (v / 100 for v in _ASCII_REGULAR), strict=True)),
       True: dict(zip(_ASCII, (v / 100 for v in _ASCII_BOLD), strict=True))}
LATIN_SAFETY = 1.04  # other sans fonts (Arial, Helvetica, Inter) are a few per cent wider
OTHER_EM = 0.62  # Latin-1 symbols, Cyrillic, Greek ... without an ASCII base letter


@lru_cache(maxsize=8192)
def char_em(ch: str, bold: bool = False) -> float:
    """Estimated advance of one character in em: CJK full-width (East Asian Width W/F) 1.0, the
    ellipsis and dashes 1.0, ASCII from the font's own widths (+4%), other letters by their base
    letter (é -> e) or 0.62."""
    if unicodedata.east_asian_width(ch) in ("W", "F") or ch in "…—―":
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    table = _EM[bold]
    if ch in table:
        return table[ch] * LATIN_SAFETY
    if ch == "\t":
        return 4 * table[" "]
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base in table:
        return table[base] * LATIN_SAFETY
    return OTHER_EM * (1.06 if bold else 1.0)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated rendered width in pixels of one line of ``text`` at ``size`` px."""
    return sum(char_em(ch, bold) for ch in text) * size


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(paragraph: str) -> list[tuple[bool, str]]:
    """(space_before, token): Latin words stay whole, each CJK character is its own token; closing
    punctuation sticks to the token before it and opening punctuation to the token after it."""
    tokens: list[tuple[bool, str]] = []
    space = False
    word = ""
    glue_next = False

    def push(tok: str) -> None:
        nonlocal space, glue_next
        glue_before = bool(tok) and tok[0] in _NO_LINE_START and not space
        if tokens and (glue_next or glue_before):
            prev_space, prev = tokens[-1]
            tokens[-1] = (prev_space, prev + tok)
        else:
            tokens.append((space, tok))
        glue_next = bool(tok) and tok[-1] in _NO_LINE_END
        space = False

    for ch in paragraph:
        if ch.isspace() and ch not in _NO_BREAK_SPACES:
            if word:
                push(word)
                word = ""
            space = bool(tokens)
        elif _is_cjk(ch):
            if word:
                push(word)
                word = ""
            push(ch)
        else:
            word += ch
    if word:
        push(word)
    return tokens


def _hard_break(token: str, width: float, size: float, bold: bool) -> list[str]:
    """Split one token that is wider than a line into line-sized pieces."""
    pieces, current = [], ""
    for ch in token:
        if current and text_width(current + ch, size, bold=bold) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_text(text: str, *, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy line breaking for a box ``width`` px wide at font ``size`` px; ``\\n`` forces a break."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for space_before, token in _tokens(paragraph):
            candidate = line + (" " if space_before and line else "") + token
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            if text_width(token, size, bold=bold) <= width:
                line = token
            else:
                *full, line = _hard_break(token, width, size, bold)
                lines.extend(full)
        lines.append(line)
    return lines


def ellipsize(text: str, *, width: float, size: float, bold: bool = False) -> str:
    """``text`` cut so that ``text + "…"`` fits ``width`` (at a space when a Latin word would be cut
    and the space is not too far back)."""
    cut = text.rstrip()
    while cut and text_width(cut + ELLIPSIS, size, bold=bold) > width:
        cut = cut[:-1].rstrip()
    rest = text[len(cut):]
    if cut and rest[:1].isalnum() and cut[-1].isalnum() and not _is_cjk(cut[-1]):
        space = cut.rfind(" ")
        if space > len(cut) * 0.6:
            cut = cut[:space]
    cut = cut.rstrip(" ,;:.-—，、；：")
    return cut + ELLIPSIS


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    size: float
    truncated: bool
    line_height: float = LINE_HEIGHT

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * self.line_height


def fit_text(
    text: str,
    *,
    width: float,
    height: float,
    size: float,
    min_size: float | None = None,
    bold: bool = False,
    max_lines: int | None = None,
    line_height: float = LINE_HEIGHT,
) -> FittedText:
    """Wrap ``text`` into a ``width`` x ``height`` px box: shrink from ``size`` towards ``min_size``
    (default 60% of ``size``, at least 10 px) until it fits, else ellipsize the last line that fits."""
    text = str(text if text is not None else "")
    min_size = min(size, min_size if min_size is not None else max(10.0, round(size * 0.6)))
    current = float(size)
    while True:
        lines = wrap_text(text, width=width, size=current, bold=bold)
        fits = math.floor(height / (current * line_height) + 1e-9)  # lines of this size the box holds
        allowed = max(1, fits)
        if max_lines:
            allowed = min(allowed, max_lines)
        # A box lower than one line shrinks the text too (down to min_size), so it never spills out.
        if len(lines) <= allowed and (fits >= 1 or current <= min_size):
            return FittedText(lines, current, False, line_height)
        if current <= min_size:
            break
        current = max(min_size, math.floor(current * 0.94))
    kept = lines[:allowed]
    kept[-1] = ellipsize(kept[-1], width=width, size=current, bold=bold)
    return FittedText(kept, current, True, line_height)


def escape_text(text: str) -> str:
    """Plotly text is pseudo-HTML: keep user text literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup_lines(lines: Sequence[str], bold: bool) -> str:
    body = "<br>".join(escape_text(line) for line in lines)
    return f"<b>{body}</b>" if bold and body else body
