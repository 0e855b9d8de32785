"""How the council's resolutions are cited: the date, the council's name declined, the one in force.

These are the words a regulation, an order and a procedure's legal basis print (model/config/resolutions.py);
mutation testing of that module (docs/law.md) found them unasserted.
"""

from __future__ import annotations

import datetime as dt

import pytest

from model.config.resolutions import citation, council_genitive, in_force, polish_date
from model.config.schema import CouncilResolution, OrgConfig


def test_dates_are_written_with_the_month_in_the_genitive():
    written = [polish_date(dt.date(2024, month, 1 + month)) for month in range(1, 13)]
    assert written == [
        "2 stycznia 2024 r.",
        "3 lutego 2024 r.",
        "4 marca 2024 r.",
        "5 kwietnia 2024 r.",
        "6 maja 2024 r.",
        "7 czerwca 2024 r.",
        "8 lipca 2024 r.",
        "9 sierpnia 2024 r.",
        "10 września 2024 r.",
        "11 października 2024 r.",
        "12 listopada 2024 r.",
        "13 grudnia 2024 r.",
    ]


@pytest.mark.parametrize(
    ("council", "declined"),
    [
        ("Rada Miejska w Tarnowskich Górach", "Rady Miejskiej w Tarnowskich Górach"),
        ("Rada Miasta Jastrzębie-Zdrój", "Rady Miasta Jastrzębie-Zdrój"),
        ("Rada Gminy Przykładowo", "Rady Gminy Przykładowo"),
        ("Rada Miasta i Gminy Wołów", "Rady Miasta i Gminy Wołów"),
        ("Rada Gminy i Miasta Nowe Warpno", "Rady Gminy i Miasta Nowe Warpno"),
        ("Rada Gminy", "Rady Gminy"),
        ("Rada Miejskax", "rady gminy „Rada Miejskax”"),  # a head must end at a word's end
        ("Sejmik Województwa Śląskiego", "rady gminy „Sejmik Województwa Śląskiego”"),  # not a council's name: quoted
    ],
)
def test_the_councils_name_is_declined_only_in_its_head(council, declined):
    assert council_genitive(council) == declined


def _config(council: str | None, *resolutions: dict[str, object]) -> OrgConfig:
    centre: dict[str, object] = {"name": "Ośrodek Pomocy Społecznej", "population": 6000, "model": "care_area"}
    if council is not None:
        centre["council"] = council
    unit = {"id": "ops", "name": "Ośrodek", "kind": "management", "functions": ["first_contact"]}
    return OrgConfig.model_validate({"centre": centre, "units": [unit], "resolutions": list(resolutions)})


OLD = {"subject": "meals", "number": "I/1/2010", "adopted": dt.date(2010, 1, 28), "title": "w sprawie dawnej"}
NEW = {
    "subject": "meals",
    "number": "XX/200/2020",
    "adopted": dt.date(2020, 3, 26),
    "title": "w sprawie posiłków",
    "published": "Dz. Urz. Woj. Śl. 2020 poz. 2222",
}
FUNERAL = {"subject": "funeral", "number": "V/5/2021", "adopted": dt.date(2021, 5, 5), "title": "w sprawie pogrzebów"}


def test_of_two_resolutions_in_force_the_later_adopted_is_cited():
    """The older one was never repealed in the file: the newer one is the law of the day, in either order."""
    for order in ((OLD, NEW, FUNERAL), (NEW, FUNERAL, OLD)):
        config = _config("Rada Gminy Test", *order)
        assert in_force(config, "meals", dt.date(2024, 1, 1)).number == "XX/200/2020"
        assert in_force(config, "meals", dt.date(2015, 1, 1)).number == "I/1/2010"
        assert in_force(config, "meals", dt.date(2009, 12, 31)) is None
        assert in_force(config, "funeral", dt.date(2024, 1, 1)).number == "V/5/2021"
        assert in_force(config, "care_services", dt.date(2024, 1, 1)) is None


def test_a_citation_names_the_council_and_where_the_resolution_was_published():
    config = _config("Rada Miejska w Tarnowskich Górach", NEW, OLD)
    new, old = (CouncilResolution.model_validate(r) for r in (NEW, OLD))
    assert citation(config, new) == (
        "uchwała nr XX/200/2020 Rady Miejskiej w Tarnowskich Górach z dnia 26 marca 2020 r. w sprawie posiłków "
        "(Dz. Urz. Woj. Śl. 2020 poz. 2222)"
    )
    assert citation(config, old) == (
        "uchwała nr I/1/2010 Rady Miejskiej w Tarnowskich Górach z dnia 28 stycznia 2010 r. w sprawie dawnej"
    )
    assert (
        citation(_config(None, OLD), old)
        == "uchwała nr I/1/2010 rady gminy z dnia 28 stycznia 2010 r. w sprawie dawnej"
    )
