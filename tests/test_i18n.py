"""One catalogue per language: complete, consistent, and Polish numbers written the Polish way."""

import re
import string
from pathlib import Path

import pytest

from model.i18n import CATALOGUES, LANGUAGES, Message, msg, number, read_number, t

ROOT = Path(__file__).resolve().parent.parent


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_every_code_with_the_same_placeholders():
    assert set(CATALOGUES) == set(LANGUAGES)
    pl, en = CATALOGUES["pl"], CATALOGUES["en"]
    assert set(pl) == set(en), sorted(set(pl) ^ set(en))
    for code in pl:
        assert _fields(pl[code]) == _fields(en[code]), code


def test_polish_strings_have_diacritics():
    assert t("tab.flow") == "Przepływ klienta"
    assert t("trainer.step", number=2, count=5) == "Krok 2 z 5"
    polish = CATALOGUES["pl"].values()
    assert sum(bool(re.search("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]", text)) for text in polish) > len(polish) / 3


def test_app_and_views_use_only_known_codes():
    used: set[str] = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))]:
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", source))
    assert used and used <= set(CATALOGUES["pl"]), sorted(used - set(CATALOGUES["pl"]))


@pytest.mark.parametrize(
    ("value", "spec", "pl", "en"),
    [
        (25.25, ".1f", "25,2", "25.2"),
        (61000, ",", "61\u202f000", "61,000"),
        (0.243, ".1%", "24,3\u00a0%", "24.3%"),
        (2.5, "g", "2,5", "2.5"),
    ],
)
def test_numbers_take_decimal_commas_in_polish(value, spec, pl, en):
    assert number(value, spec, "pl") == pl
    assert number(value, spec, "en") == en


@pytest.mark.parametrize("value", [0.0, 2.25, 61000.0, 1234.5, 0.243])
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_number_shown_in_either_notation_reads_back(value, lang):
    assert read_number(number(value, "g", lang), lang) == value
    assert read_number(number(value, ",", lang), lang) == value


def test_polish_takes_a_decimal_point_as_well():
    assert read_number("2.5", "pl") == read_number("2,5", "pl") == 2.5


@pytest.mark.parametrize("typed", ["", "abc", "1,5 etatu", "nan", "inf", "1.000,5"])
def test_text_that_is_not_a_number_reads_as_none(typed):
    assert read_number(typed, "pl") is None


@pytest.mark.parametrize(
    ("fte", "expected"),
    [
        (1, "1 etat"),
        (2, "2 etaty"),
        (4, "4 etaty"),
        (5, "5 etatów"),
        (8, "8 etatów"),
        (12, "12 etatów"),
        (22, "22 etaty"),
        (2.5, "2,5 etatu"),
    ],
)
def test_nouns_follow_the_number_in_polish(fte, expected):
    template = "{n:g|etat|etaty|etatów|etatu}"
    CATALOGUES["pl"]["test.fte"] = CATALOGUES["en"]["test.fte"] = template
    try:
        assert t("test.fte", "pl", n=fte) == expected
    finally:
        del CATALOGUES["pl"]["test.fte"], CATALOGUES["en"]["test.fte"]


def test_a_message_is_put_into_words_in_the_language_asked_for():
    message = msg("trainer.step", number=2, count=5)
    assert message.text("pl") == "Krok 2 z 5" and message.text("en") != message.text("pl")
    assert isinstance(message, Message)
    with pytest.raises(KeyError):
        msg("no.such.code")
