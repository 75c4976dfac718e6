"""Which of the app's languages a browser asks for: from its locale (``navigator.language``) or its
Accept-Language header. Pure functions, so the choice is tested without a browser."""

from __future__ import annotations

LANG_CODES = ("zh", "en")  # the same as i18n.LANGS; kept here so this module imports nothing


def lang_from_tag(tag: str | None) -> str | None:
    """The app language a BCP 47 tag asks for ("zh-CN", "zh_Hant_TW", "en-GB" ...), or None."""
    primary = (tag or "").strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANG_CODES else None


def lang_from_accept_language(header: str | None) -> str | None:
    """The app language with the highest weight in an Accept-Language header, or None.

    "fr-FR,fr;q=0.9,en;q=0.8,zh;q=0.7" -> "en": French is preferred but not offered. Ties keep the
    header's order, as browsers list the languages in the order the user chose them."""
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        lang = lang_from_tag(tag)
        if lang is None:
            continue
        weight = _weight(params)
        if weight <= 0:
            continue
        candidate = (-weight, position, lang)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None


def _weight(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0  # a malformed weight: the browser did not mean this language
    return 1.0
