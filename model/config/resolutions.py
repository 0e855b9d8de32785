"""The council's resolutions (local law) a configuration names: which is in force, how it is cited.

A procedure that applies one (``resolutions: [care_services]``) gets its citation in its legal
basis, in the version in force on the configuration's date, so its documents cite the gmina's own
act; rule RES001 reports a procedure whose resolution is not named.
"""

from __future__ import annotations

import datetime as dt

from model.config.schema import CouncilResolution, OrgConfig

COUNCIL_HEADS: dict[str, str] = {
    "Rada Miejska": "Rady Miejskiej",
    "Rada Miasta": "Rady Miasta",
    "Rada Gminy": "Rady Gminy",
}
"""Nominative head of a council's name → genitive; the rest ("w Tarnowskich Górach", "i Gminy Wołów") stays."""

MONTHS = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)


def polish_date(day: dt.date) -> str:
    """``31 lipca 2017 r.``, as dates are written in Polish official documents."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} r."


def council_genitive(name: str) -> str:
    """``Rada Miejska w Tarnowskich Górach`` → ``Rady Miejskiej w Tarnowskich Górach``; unknown shapes quoted."""
    for head in COUNCIL_HEADS:
        if name == head or name.startswith(head + " "):
            return COUNCIL_HEADS[head] + name[len(head) :]
    return f"rady gminy „{name}”"


def in_force(config: OrgConfig, subject: str, on: dt.date) -> CouncilResolution | None:
    """The resolution on ``subject`` in force on ``on`` (the latest adopted), if the configuration names one."""
    found = [r for r in config.resolutions if r.subject == subject and r.in_force(on)]
    return max(found, key=lambda r: r.adopted) if found else None


def citation(config: OrgConfig, resolution: CouncilResolution) -> str:
    """``uchwała nr LIV/544/2014 Rady Miejskiej w Tarnowskich Górach z dnia 26 lutego 2014 r. w sprawie …``."""
    council = council_genitive(config.centre.council) if config.centre.council else "rady gminy"
    published = f" ({resolution.published})" if resolution.published else ""
    return (
        f"uchwała nr {resolution.number} {council} z dnia {polish_date(resolution.adopted)} "
        f"{resolution.title}{published}"
    )
