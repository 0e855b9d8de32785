"""The documents a director signs (issue 20): the whole Regulamin Organizacyjny, the amending order or
a new regulation, and the gate that marks a document made from an unlawful structure as a draft.

Each assertion is about what the document says: its title block, its basis, its numbering, the
notice on its first page, the refusal of ``--final``; the PDFs are checked for a centred title
block and continuous numbering from the text's positions (pdftotext -bbox).
"""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import docx
import pytest

from model import load_scenario, load_scenario_text
from model.cli import main
from model.exports.amendment import AMENDMENT, NEW_REGULATION, amendment_file, decide, order_blocks
from model.exports.draft import NotFinal
from model.exports.regulation import regulation, regulation_blocks, regulation_file, regulation_markdown
from model.exports.typeset import Notice, Title
from model.impact.diff import diff

from .conftest import ROOT

CONFIGS = ROOT / "org_configs"
TG2017 = CONFIGS / "tarnowskie_gory_2017.yaml"
CARE_AREA = CONFIGS / "tarnowskie_gory_care_area.yaml"
RURAL = CONFIGS / "gops_rural.yaml"


@pytest.fixture(scope="module")
def tg2017():
    return load_scenario(TG2017)


@pytest.fixture(scope="module")
def rural():
    return load_scenario(RURAL)


def _rural_text() -> str:
    return RURAL.read_text(encoding="utf-8")


def _variant(old: str, new: str):
    text = _rural_text()
    assert old in text, old
    return load_scenario_text(text.replace(old, new), "b.yaml", CONFIGS)


# --- the whole regulation -----------------------------------------------------------------------


def test_the_regulation_has_every_chapter_a_legal_adviser_expects(rural):
    text = regulation_markdown(rural)
    chapters = re.findall(r"## Rozdział (\d+)\n\n</div>\n\n<div align=\"center\">\n\n### (.+)", text)
    assert [title for _, title in chapters] == [
        "Postanowienia ogólne",
        "Kierownictwo Ośrodka",
        "Struktura organizacyjna Ośrodka",
        "Zakres zadań komórek organizacyjnych",
        "Podpisywanie pism i decyzji, upoważnienia",
        "Przyjmowanie i rozpatrywanie skarg i wniosków",
        "Postanowienia końcowe",
    ]
    assert [int(n) for n, _ in chapters] == list(range(1, 8))
    assert "zwanego dalej „Ośrodkiem”" in text
    assert "Siedzibą Ośrodka jest ul. Główna 1, 00-001 Przykładowo." in text
    assert "Nadzór nad działalnością Ośrodka sprawuje Wójt Gminy Przykładowo." in text
    assert (
        "Statutu Gminnego Ośrodka Pomocy Społecznej w Przykładowie stanowiącego załącznik do uchwały "
        "nr XII/85/2019 Rady Gminy Przykładowo z dnia 28 listopada 2019 r.;"
    ) in text
    assert "W czasie nieobecności Kierownika Ośrodkiem kieruje" in text
    assert "w trybie działu VIII Kodeksu postępowania administracyjnego" in text
    assert "Zmiany Regulaminu wprowadza się w trybie właściwym dla jego nadania." in text
    for annex in (1, 2, 3):
        assert f"## Załącznik nr {annex} –" in text


def test_paragraphs_are_numbered_continuously_through_the_chapters(tg2017):
    text = regulation_markdown(tg2017)
    body = text.split("## Załącznik nr 1")[0]
    numbers = [int(n) for n in re.findall(r"^(?:#### )?§ (\d+)\.", body, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == len(regulation(tg2017).sections)
    assert numbers[-1] > len(tg2017.units)  # general provisions, then every unit, then the closing chapters


def test_the_deputy_comes_before_the_units_he_supervises(tg2017):
    text = regulation_markdown(tg2017)
    deputy = text.index("§ 8. Zastępca Dyrektora (ZD)")  # right after the director's own paragraph (§ 7)
    assert text.index("§ 7. Dyrektor (D)") < deputy < text.index("Dział Świadczeń Rodzinnych i Wychowawczych (DŚRiW)\n")
    assert deputy < text.index("Główny Księgowy (GK)\n")


def test_staffing_and_the_tools_functions_stay_out_of_the_paragraphs(tg2017):
    body = regulation_markdown(tg2017).split("## Załącznik nr 1")[0]
    assert "Obsada:" not in body and "Realizowane funkcje" not in body
    assert not re.search(r"\d etat", body)  # FTE belongs to annex 2


def test_the_director_decides_on_the_mayors_authorisation_in_every_matter_configured(tg2017):
    text = regulation_markdown(tg2017)
    assert (
        "Dyrektor wydaje decyzje administracyjne w indywidualnych sprawach z zakresu pomocy społecznej, "
        "świadczeń rodzinnych, świadczeń z funduszu alimentacyjnego oraz dodatków mieszkaniowych, w imieniu "
        "Burmistrza Miasta Tarnowskie Góry, na podstawie jego upoważnienia"
    ) in text
    assert "art. 110 ust. 7 ustawy z dnia 12 marca 2004 r. o pomocy społecznej" in text
    assert "ustawy z dnia 7 września 2007 r. o pomocy osobom uprawnionym do alimentów;" in text


def test_a_complete_configuration_gives_a_regulation_without_blanks_or_a_draft_note(rural):
    blocks = regulation_blocks(rural)
    assert not any(isinstance(block, Notice) for block in blocks)
    text = regulation_markdown(rural)
    assert "…" not in text and "PROJEKT" not in text and "do uzupełnienia" not in text
    assert "{law:" not in text
    assert "stanowiący załącznik nr 1 do Zarządzenia nr 1/2024 Kierownika Gminnego Ośrodka" in text


def test_a_regulation_with_blanks_says_which_in_a_visible_box(tg2017):
    blocks = regulation_blocks(tg2017)
    assert isinstance(blocks[0], Title) and isinstance(blocks[1], Notice)
    assert blocks[1].lines == (
        "PROJEKT – do uzupełnienia przed podpisaniem: numer zarządzenia wprowadzającego Regulamin.",
    )
    text = regulation_markdown(tg2017)
    assert "uchwały nr XXXIX/436/2013 Rady Miejskiej w Tarnowskich Górach z dnia 27 marca 2013 r." in text
    assert "{law:" not in text


# --- the gate on unlawful structures -----------------------------------------------------------


def _unlawful():
    """The rural assistant (1 FTE) with 60 families: art. 15 ust. 4 uwr allows 15 per assistant."""
    text = _rural_text()
    assert "caseload: {families: 9," in text
    return load_scenario_text(
        text.replace("caseload: {families: 9,", "caseload: {families: 60,"), "unlawful.yaml", CONFIGS
    )


def test_an_unlawful_structure_gives_a_draft_marked_with_its_errors(tmp_path):
    scenario = _unlawful()
    blocks = regulation_blocks(scenario)
    notice = next(block for block in blocks if isinstance(block, Notice))
    assert notice.lines[0].startswith("PROJEKT – konfiguracja zawiera błędy")
    assert any("art. 15 ust. 4" in line for line in notice.lines[1:])
    with pytest.raises(NotFinal) as refused:
        regulation_file(scenario, "md", final=True)
    assert refused.value.status.errors


def test_final_refuses_with_exit_code_1_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "unlawful.yaml"
    text = _rural_text().replace("../procedures", (ROOT / "procedures").as_posix())  # the copy lives elsewhere
    scenario_text = text
    good = tmp_path / "good.yaml"
    good.write_text(scenario_text, encoding="utf-8")
    out = tmp_path / "regulamin.md"
    assert main(["export", "regulation", str(good), "--final", "-o", str(out)]) == 0
    assert "PROJEKT" not in out.read_text(encoding="utf-8")
    bad_text = scenario_text.replace(
        "caseload: {families: 9,", "caseload: {families: 60,"
    )  # art. 15 ust. 4 uwr: 15 each
    source.write_text(bad_text, encoding="utf-8")
    refused = tmp_path / "refused.md"
    assert main(["export", "regulation", str(source), "--final", "-o", str(refused)]) == 1
    err = capsys.readouterr().err
    assert "STAFF003" in err and not refused.exists()
    assert main(["export", "regulation", str(source), "-o", str(refused)]) == 0
    assert "PROJEKT – konfiguracja zawiera błędy" in refused.read_text(encoding="utf-8")


# --- the amending order and the new regulation -------------------------------------------------


def test_the_amending_order_has_the_title_block_basis_formula_and_signature(rural):
    after = _variant("name: Stanowisko ds. Przeciwdziałania Przemocy Domowej", "name: Stanowisko ds. Przemocy Domowej")
    impact = diff(rural, after)
    assert decide(impact).kind == AMENDMENT
    blocks, status, _ = order_blocks(impact, number="5/2024")
    assert blocks[0] == Title(
        (
            "ZARZĄDZENIE NR 5/2024",
            "KIEROWNIKA GMINNEGO OŚRODKA POMOCY SPOŁECZNEJ W PRZYKŁADOWIE",
            "z dnia 20 grudnia 2023 r.",
            "w sprawie zmiany Regulaminu Organizacyjnego Gminnego Ośrodka Pomocy Społecznej w Przykładowie",
        )
    )
    text = amendment_file(impact, "md", number="5/2024").decode()
    assert (
        "Na podstawie § 8 ust. 2 Statutu Gminnego Ośrodka Pomocy Społecznej w Przykładowie stanowiącego załącznik "
        "do uchwały nr XII/85/2019 Rady Gminy Przykładowo z dnia 28 listopada 2019 r. zarządzam, co następuje:"
    ) in text
    # the amended act is A's regulation, by A's own order, not the date of the new one
    assert (
        "§ 1. W Regulaminie Organizacyjnym Gminnego Ośrodka Pomocy Społecznej w Przykładowie, stanowiącym "
        "załącznik nr 1 do zarządzenia nr 1/2024 Kierownika Gminnego Ośrodka Pomocy Społecznej w Przykładowie "
        "z dnia 20 grudnia 2023 r., wprowadza się następujące zmiany:"
    ) in text
    assert "zarządza się" not in text
    assert '<div align="right">\n\nKierownik  \n' in text and "(podpis)" in text
    assert status.final and "PROJEKT" not in text and "…" not in text


def test_an_extensive_change_drafts_a_new_regulation_that_repeals_the_old(tg2017):
    care_area = load_scenario(CARE_AREA)
    impact = diff(care_area, tg2017)
    decision = decide(impact)
    assert decision.kind == NEW_REGULATION
    assert "paragrafów" in decision.message().text("pl") or "załączniki" in decision.message().text("pl")
    text = amendment_file(impact, "md").decode()
    assert "w sprawie wprowadzenia Regulaminu Organizacyjnego Miejskiego Ośrodka Pomocy Społecznej" in text
    assert "§ 1. Wprowadza się Regulamin Organizacyjny" in text
    assert "§ 2. Traci moc zarządzenie nr" in text
    assert "§ 3. Zarządzenie wchodzi w życie z dniem 1 września 2017 r." in text
    assert "## Załącznik nr 1 – Regulamin Organizacyjny" in text and "## Rozdział 7" in text
    forced = amendment_file(impact, "md", force=AMENDMENT).decode()
    assert "w sprawie zmiany Regulaminu Organizacyjnego" in forced and "Traci moc" not in forced


def test_amend_says_which_order_it_drafted_and_the_flags_force_it(tmp_path, capsys):
    out = tmp_path / "z.md"
    assert main(["amend", str(CARE_AREA), str(TG2017), "--lang", "pl", "-o", str(out)]) == 0
    said = capsys.readouterr().err
    assert "Sporządzono nowy Regulamin Organizacyjny" in said
    assert main(["amend", str(CARE_AREA), str(TG2017), "--amendment", "--lang", "pl", "-o", str(out)]) == 0
    assert "Sporządzono zarządzenie zmieniające Regulamin: wybrano --amendment" in capsys.readouterr().err
    assert "w sprawie zmiany Regulaminu" in out.read_text(encoding="utf-8")
    assert main(["amend", str(CARE_AREA), str(TG2017), "--final", "--lang", "pl", "-o", str(tmp_path / "f.md")]) == 1
    assert "numer zarządzenia" in capsys.readouterr().err and not (tmp_path / "f.md").exists()


def test_the_orders_of_the_shipped_configurations_reach_no_raw_law_placeholder(tg2017):
    impact = diff(load_scenario(CARE_AREA), tg2017)
    for force in (AMENDMENT, NEW_REGULATION):
        text = amendment_file(impact, "md", force=force).decode()
        assert "{law:" not in text and "Obsada:" not in text


# --- the PDF: a centred title block, paragraphs numbered continuously --------------------------


def _words(pdf: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page, x-left, x-right, y, word) of every word, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", html).replace(b' xmlns="http://www.w3.org/1999/xhtml"', b""))
    found = []
    for number, page in enumerate(root.iter("page")):
        for word in page.iter("word"):
            x0, x1, y = float(word.get("xMin")), float(word.get("xMax")), float(word.get("yMin"))
            found.append((number, x0, x1, y, word.text or ""))
    return found


def _line_centre(words, page: int, first: str) -> float:
    """The centre of the line that starts with the word ``first`` on ``page``."""
    start = next(w for w in words if w[0] == page and w[4] == first)
    line = [w for w in words if w[0] == page and abs(w[3] - start[3]) < 1]
    return (min(w[1] for w in line) + max(w[2] for w in line)) / 2


def test_the_pdf_title_blocks_are_centred_and_the_paragraphs_continuous(rural):
    page_centre = 595.28 / 2
    words = _words(regulation_file(rural, "pdf"))
    assert abs(_line_centre(words, 0, "REGULAMIN") - page_centre) < 3
    assert abs(_line_centre(words, 0, "Rozdział") - page_centre) < 3
    text = " ".join(w[4] for w in words)
    numbers = [int(n) for n in re.findall(r"§ (\d+)\.", text.split("Załącznik nr 1")[0])]
    assert numbers == list(range(1, len(regulation(rural).sections) + 1))
    after = _variant("name: Stanowisko ds. Przeciwdziałania Przemocy Domowej", "name: Stanowisko ds. Przemocy Domowej")
    order = _words(amendment_file(diff(rural, after), "pdf", number="5/2024"))
    assert abs(_line_centre(order, 0, "ZARZĄDZENIE") - page_centre) < 3
    assert abs(_line_centre(order, 0, "KIEROWNIKA") - page_centre) < 3


def test_the_docx_title_block_is_centred(rural):
    after = _variant("name: Stanowisko ds. Przeciwdziałania Przemocy Domowej", "name: Stanowisko ds. Przemocy Domowej")
    document = docx.Document(io.BytesIO(amendment_file(diff(rural, after), "docx", number="5/2024")))
    first = document.paragraphs[0]
    assert first.text == "ZARZĄDZENIE NR 5/2024" and first.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
    assert document.core_properties.title == "ZARZĄDZENIE NR 5/2024"
