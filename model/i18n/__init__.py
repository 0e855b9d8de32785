"""One catalogue per language, and the only way the product speaks: :func:`t` and :class:`Message`.

Every text a user reads — the interface, a finding, a simulation warning, an error — has a
stable code (``finding.STAFF001``, ``sim.unstable``, ``error.yaml.syntax``) and a template in
each language's catalogue (:mod:`model.i18n.pl`, :mod:`model.i18n.en`). Library code returns
:class:`Message` values (code plus parameters) and the caller picks the language at the edge:
the CLI's ``--lang``, the app's language switch.

Templates use :meth:`str.format` with two additions, so numbers read naturally in Polish:

- a number is written with a decimal comma in Polish (``{days:.1f}`` → ``25,3``), a thin
  non-breaking space between thousands (``{n:,}`` → ``61 000``), and a comma before ``%``;
- ``{n:SPEC|one|few|many|fraction}`` writes the number and the noun in the form the number
  governs: ``{fte:g|etat|etaty|etatów|etatu}`` gives ``1 etat``, ``2 etaty``, ``8 etatów``,
  ``2,5 etatu``; in English ``{n:g|day|days}`` gives ``1 day``, ``3 days``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from model.i18n import en, pl

LANGUAGES = {"pl": "Polski", "en": "English"}
DEFAULT = "pl"
CATALOGUES: dict[str, dict[str, str]] = {"pl": pl.MESSAGES, "en": en.MESSAGES}
NBSP_THIN = "\u202f"


def plural_form(value: float, forms: list[str], lang: str) -> str:
    """The noun form a number governs: Polish one/few/many/fraction, English one/other."""
    if lang != "pl":
        return forms[0] if value == 1 else forms[min(1, len(forms) - 1)]
    if value != int(value):
        return forms[3] if len(forms) > 3 else forms[-1]
    n = abs(int(value))
    if n == 1:
        return forms[0]
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return forms[1]
    return forms[2]


def number(value: float, spec: str = "g", lang: str = DEFAULT) -> str:
    """``value`` formatted by ``spec``, with Polish decimal commas and thousands spaces."""
    text = format(value, spec)
    if lang != "pl":
        return text
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP_THIN)
    return text.replace("%", "\u00a0%") if text.endswith("%") else text


def read_number(text: str, lang: str = DEFAULT) -> float | None:
    """The number a user typed as ``lang`` writes it, or ``None`` if it is not one: the inverse of
    :func:`number`. Polish takes a decimal comma or point ("2,25", "2.25", "1 000,5"); English
    a point, with commas between thousands ("1,000.5")."""
    cleaned = "".join(text.split())  # split() drops the thin spaces between thousands too
    cleaned = cleaned.replace(",", ".") if lang == "pl" else cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        spec, *forms = format_spec.split("|")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = number(value, spec or "g", self.lang)
            return f"{text} {plural_form(value, forms, self.lang)}" if forms else text
        return super().format_field(value, format_spec)


def t(code: str, lang: str = DEFAULT, **params: Any) -> str:
    """The text of ``code`` in ``lang`` (Polish for an unknown language), placeholders filled."""
    catalogue = CATALOGUES.get(lang, CATALOGUES[DEFAULT])
    template = catalogue[code]
    return _Formatter(lang if lang in CATALOGUES else DEFAULT).format(template, **params) if params else template


@dataclass(frozen=True)
class Message:
    """A text not yet put into words: a catalogue code and its parameters.

    Parameters that are themselves :class:`Message` values are rendered in the same language,
    so a finding can embed, say, a deadline phrase.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = DEFAULT) -> str:
        values = {k: v.text(lang) if isinstance(v, Message) else v for k, v in self.params.items()}
        return t(self.code, lang, **values)

    def __str__(self) -> str:
        return self.text("en")


def msg(code: str, **params: Any) -> Message:
    """Shorthand for :class:`Message`; checks at once that the code exists."""
    if code not in CATALOGUES[DEFAULT]:
        raise KeyError(f"no message {code!r} in the catalogue")
    return Message(code, params)
