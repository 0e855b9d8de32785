"""Polish legal drafting for the regulation's documents: declined titles, list punctuation,
the scope formula and the reference to the director's order.

A generated declension of arbitrary unit names would be wrong too often, so only the titles of
management posts are declined, from a closed list of heads (``Dyrektor``, ``Zastępca``,
``Główny Księgowy``…): the rest of such a name is already a genitive complement ("Zastępca
*Dyrektora ds. Usług*") and stays as written. A name whose head is not on the list is never
guessed at: the callers fall back to a construction that keeps the nominative after a colon.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from model.config.loader import Scenario
from model.config.resolutions import polish_date
from model.config.schema import Unit, UnitKind

HEADS: dict[str, tuple[str, str]] = {
    "Pierwszy Zastępca": ("Pierwszego Zastępcy", "Pierwszemu Zastępcy"),
    "Zastępca": ("Zastępcy", "Zastępcy"),
    "Dyrektor": ("Dyrektora", "Dyrektorowi"),
    "Kierownik": ("Kierownika", "Kierownikowi"),
    "Główny Księgowy": ("Głównego Księgowego", "Głównemu Księgowemu"),
    "Główna Księgowa": ("Głównej Księgowej", "Głównej Księgowej"),
    "Radca Prawny": ("Radcy Prawnego", "Radcy Prawnemu"),
    "Koordynator": ("Koordynatora", "Koordynatorowi"),
    "Organizator": ("Organizatora", "Organizatorowi"),
    "Pełnomocnik": ("Pełnomocnika", "Pełnomocnikowi"),
    "Burmistrz": ("Burmistrza", "Burmistrzowi"),
    "Wójt": ("Wójta", "Wójtowi"),
    "Prezydent": ("Prezydenta", "Prezydentowi"),
}
"""Nominative head of a management title, or of the gmina's organ, → (genitive, dative)."""

CENTRE_HEADS: dict[str, str] = {
    "Miejsko-Gminny Ośrodek": "Miejsko-Gminnego Ośrodka",
    "Miejski Ośrodek": "Miejskiego Ośrodka",
    "Gminny Ośrodek": "Gminnego Ośrodka",
    "Ośrodek": "Ośrodka",
    "Miejskie Centrum": "Miejskiego Centrum",
    "Gminne Centrum": "Gminnego Centrum",
    "Centrum": "Centrum",
}
"""Nominative head of a centre's name → genitive ("Centrum" does not decline)."""


BLANK = "…………"
"""Left in a draft where the order's number or date is not known yet, to be filled in by hand."""


def _decline(name: str, heads: Mapping[str, tuple[str, ...]], case: int) -> str | None:
    for head in sorted(heads, key=len, reverse=True):
        if name == head or name.startswith(head + " "):
            return heads[head][case] + name[len(head) :]
    return None


def genitive(name: str) -> str | None:
    """``Zastępca Dyrektora`` → ``Zastępcy Dyrektora``; None when the head is not a known title."""
    return _decline(name, HEADS, 0)


def dative(name: str) -> str | None:
    """``Dyrektor`` → ``Dyrektorowi``; None when the head is not a known title."""
    return _decline(name, HEADS, 1)


def centre_name_genitive(name: str) -> str | None:
    """``Miejski Ośrodek Pomocy Społecznej w …`` → ``Miejskiego Ośrodka …``; None when the head is not known."""
    return _decline(name, {k: (v,) for k, v in CENTRE_HEADS.items()}, 0)


def centre_genitive(scenario: Scenario) -> str:
    """The centre's name in the genitive: ``name_genitive`` when given, else by its head, else as written."""
    centre = scenario.config.centre
    if centre.name_genitive:
        return centre.name_genitive
    return centre_name_genitive(centre.name) or centre.name


def describe(unit: Unit) -> str:
    """The unit's name with its letter symbol in brackets, as lists of units write it."""
    return f"{unit.name} ({unit.symbol})" if unit.symbol else unit.name


def with_symbol(text: str, unit: Unit) -> str:
    return f"{text} ({unit.symbol})" if unit.symbol else text


def subordinate_to(unit: Unit) -> str:
    """Heading of the units a manager supervises: ``Komórki podległe Dyrektorowi (D)``."""
    declined = dative(unit.name)
    return f"Komórki podległe {with_symbol(declined, unit)}" if declined else f"Komórki podległe: {describe(unit)}"


def division_of(unit: Unit) -> str:
    """A manager's division in the staffing annex: ``pion Zastępcy Dyrektora``."""
    declined = genitive(unit.name)
    return f"pion {declined}" if declined else f"pion: {unit.name}"


def reports_to(parent: Unit) -> str:
    """Where a unit sits: ``Podlega bezpośrednio Zastępcy Dyrektora.`` or its parent unit."""
    declined = dative(parent.name) if parent.kind == UnitKind.management else None
    if declined:
        return f"Podlega bezpośrednio {with_symbol(declined, parent)}."
    return f"Komórka nadrzędna: {describe(parent)}."


def scope_intro(unit: Unit) -> str:
    """The formula that opens a unit's tasks, in the form its kind needs.

    A department, team or section is a *komórka*; a post is a *stanowisko*; a manager or a post
    with a known title is named: ``Do zadań Dyrektora należy w szczególności:``.
    """
    declined = genitive(unit.name) if unit.kind in (UnitKind.management, UnitKind.post) else None
    if declined:
        return f"Do zadań {declined} należy w szczególności:"
    if unit.kind in (UnitKind.post, UnitKind.management):
        return "Do zadań stanowiska należy w szczególności:"
    return "Do zadań komórki należy w szczególności:"


def punctuate(items: list[str]) -> list[str]:
    """Points of a list as Polish legal texts end them: ``;`` after each, ``.`` after the last."""
    bare = [_bare(item) for item in items]
    last = len(bare) - 1
    return [item + (";" if index < last else "" if item.endswith(" r.") else ".") for index, item in enumerate(bare)]


def _bare(item: str) -> str:
    """A point without its closing punctuation; the full stop of a year ("2019 r.") is the abbreviation's."""
    item = item.strip().rstrip(";,").rstrip()
    return item if re.search(r"\d r\.$", item) else item.rstrip(".").rstrip()


def head_title_genitive(scenario: Scenario) -> str:
    """Who issues the order, in the genitive: the title of the top unit (``Dyrektora``,
    ``Kierownika``), ``Kierownika`` — the act's word for the head of a centre — when unknown."""
    top = scenario.config.units[0].name.split(" ")[0]
    return (genitive(top) or "Kierownika") if top in HEADS else "Kierownika"


def order_reference(scenario: Scenario) -> str:
    """``Zarządzenia nr 12/2017 Dyrektora Miejskiego Ośrodka … z dnia 31 lipca 2017 r.``

    A missing number is a blank with the year of the order (``nr …/2017``), a missing date a
    blank, so a draft can be printed before the order is signed.
    """
    regulation = scenario.config.centre.regulation
    date = regulation.order_date if regulation else None
    if regulation and regulation.order_number:
        number = regulation.order_number
    else:
        number = f"{BLANK}/{date.year if date else BLANK}"
    when = polish_date(date) if date else BLANK
    return f"Zarządzenia nr {number} {head_title_genitive(scenario)} {centre_genitive(scenario)} z dnia {when}"
