"""The law, dated: which provision, deadline, norm and word applied on a given day.

Polish social-assistance law changes under a centre's feet: the *Niebieska Karta* regulation of
2011 gave way to that of 2023 (working groups became diagnostic-and-help groups, 7 days became
5 working days), the interview regulation of 2016 to that of 2021, and since 2022 ZUS, not the
gmina, pays the *świadczenie wychowawcze*. A configuration is read in the law of its own date
(``centre.effective_from``): rules take their norms from here, procedure deadlines may name a
provision (``deadline: {law: nk.pass_to_team}``) instead of spelling its term and citation, and
texts may say ``{law:nk.group.dat}`` to use the word of the day in the case they need.

A change of law is one new :class:`Provision` in :mod:`model.law.catalogue` with its
``valid_from``, the old one's ``valid_to`` set to the day before: nothing else is edited.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from model.i18n import Message, msg


@dataclass(frozen=True, eq=False)
class Provision:
    """One provision as it read between two dates, with the values the product takes from it.

    Entries are compared by identity: each is one line of the catalogue.
    """

    key: str
    """Stable id, the same across versions (``nk.pass_to_team``)."""
    citation: str
    """How a finding or a deadline cites it, in Polish; parts that could not be checked say "niezweryfikowane"."""
    act: str
    """The act it belongs to, as ``validate`` lists the law it applied."""
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    """A public address of the text (ISAP, Dz.U.) or of the page the figure was checked on."""
    value: Any = None
    """A deadline (``"5 wd"``), a number, a mapping of numbers, or word forms by case."""
    institution: str | None = None
    """Set when the provision concerns one kind of centre only (``"cus"``)."""

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class LawError(LookupError):
    """A provision that does not exist, or that no version covers on the day asked."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(message.text("en"))


def provision(key: str, on: dt.date) -> Provision:
    """The version of ``key`` in force on ``on``."""
    from model.law.catalogue import CATALOGUE

    versions = [p for p in CATALOGUE if p.key == key]
    if not versions:
        raise LawError(msg("error.law.unknown", key=key, known=", ".join(sorted(keys()))))
    for version in versions:
        if version.in_force(on):
            return version
    spans = "; ".join(f"{v.valid_from}–{v.valid_to or '…'}" for v in versions)
    raise LawError(msg("error.law.not_in_force", key=key, on=str(on), spans=spans))


def in_force(key: str, on: dt.date) -> Provision | None:
    """The version of ``key`` in force on ``on``, or None when none was (or no such provision exists)."""
    try:
        return provision(key, on)
    except LawError:
        return None


def keys() -> set[str]:
    from model.law.catalogue import CATALOGUE

    return {p.key for p in CATALOGUE}


_PLACEHOLDER = re.compile(r"\{law:([a-z0-9_.]+?)(?:\.(nom|gen|dat|acc|ins|loc|gen_pl|dat_pl|loc_pl|citation))?\}")


def render(text: str, on: dt.date, used: set[Provision] | None = None) -> str:
    """``text`` with every ``{law:KEY}`` or ``{law:KEY.CASE}`` replaced by the word in force on ``on``.

    Word forms are kept by grammatical case (``nom``, ``gen``, ``dat``, …) because Polish
    declines them: "przekazanie {law:nk.group.dat}" reads "przekazanie grupie roboczej" in 2017.
    ``{law:KEY.citation}`` is the provision's citation (for a procedure's ``basis``).
    """

    def word(match: re.Match[str]) -> str:
        found = provision(match.group(1), on)
        if used is not None:
            used.add(found)
        forms, case = found.value, match.group(2) or "nom"
        if case == "citation":
            return found.citation
        if isinstance(forms, dict):
            if case not in forms:
                raise LawError(msg("error.law.no_form", key=found.key, case=case, forms=", ".join(forms)))
            return str(forms[case])
        return str(forms)

    return _PLACEHOLDER.sub(word, text) if "{law:" in text else text
