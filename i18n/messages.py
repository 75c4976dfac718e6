"""Messages as data: the domain says *what* (a translation key and its values), the edges say it in a language.

Domain code (metrics, okr) returns ``Message``s and bilingual ``Text``s instead of sentences; pages, the CLI
and the deck call ``render(message, lang)``.  A value in a message keeps its meaning until then:
``Quantity`` (a figure in a catalog unit), ``Change`` (a signed change), ``Text`` (both languages), a
``{"en", "zh"}`` title, or a plain string or number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Text:
    """The same words in English and Chinese (catalog labels, definitions, data requirements)."""

    en: str
    zh: str

    def get(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Quantity:
    value: float | None
    unit: str


@dataclass(frozen=True)
class Change:
    value: float | None
    unit: str
    relative: bool = False


@dataclass(frozen=True)
class Message:
    """A sentence to be said: ``key`` in the translation table, ``params`` its named values."""

    key: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        """JSON-ready: the key and the values (Quantity/Change as {value, unit}, Text as {en, zh})."""
        return {"code": self.key, "params": {k: _plain(v) for k, v in self.params.items()}}


def say(key: str, **params: Any) -> Message:
    return Message(key, params)


def _plain(value: Any) -> Any:
    if isinstance(value, Quantity | Change):
        return {"value": value.value, "unit": value.unit}
    if isinstance(value, Text):
        return {"en": value.en, "zh": value.zh}
    if isinstance(value, Message):
        return value.to_dict()
    return value


def text_in(value: Any, lang: str) -> str:
    """One value of a message in ``lang``."""
    from i18n.fmt import fmt_delta, fmt_value

    if isinstance(value, Quantity):
        return fmt_value(value.value, value.unit, lang)
    if isinstance(value, Change):
        return fmt_delta(value.value, value.unit, lang, relative=value.relative)
    if isinstance(value, Message):
        return render(value, lang)
    if hasattr(value, "get") and callable(value.get) and not isinstance(value, dict):
        return value.get(lang)
    if isinstance(value, dict):  # a title written in both languages
        for key in (lang, "en", "zh"):
            if value.get(key):
                return str(value[key])
        return next((str(v) for v in value.values() if v), "")
    return str(value)


def render(message: Message | None, lang: str = "en") -> str:
    """The sentence in ``lang`` ("" for None)."""
    if message is None:
        return ""
    from i18n import t

    return t(message.key, lang, **{k: text_in(v, lang) for k, v in message.params.items()})
