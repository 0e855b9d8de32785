"""The regulation's documents read as a Polish act would: A4 in Polish, declined titles of the
management, the right scope formula for units, posts and the director, list punctuation, the
annex caption naming the order, decimal commas, a legend for dotted lines, and social workers
counted by grade as MRPiPS-03 counts them."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from model.checks.rules import validate
from model.config.loader import load_scenario, load_scenario_text
from model.exports.regulation import regulation_blocks, regulation_docx, regulation_markdown, regulation_pdf
from model.exports.render import ExportError, Page, annex_caption, chart_pdf, chart_svg
from model.exports.staffing import social_worker_table, staffing, staffing_markdown, table
from model.exports.wording import dative, genitive, order_reference, punctuate, scope_intro
from tests.conftest import ROOT
from tests.test_exports import SMALL, large_config


@pytest.fixture(scope="module")
def small():
    return load_scenario_text(SMALL)


@pytest.fixture(scope="module")
def small_docx(small):
    return docx.Document(io.BytesIO(regulation_docx(small)))


def test_docx_every_section_is_a4_and_the_language_is_polish(small_docx, small):
    def millimetres(section) -> tuple[int, int]:  # Word stores twips: compare to the millimetre
        return round(section.page_width.mm), round(section.page_height.mm)

    assert len(small_docx.sections) >= 4  # the chapter, then annexes 1–3
    for section in small_docx.sections:
        assert millimetres(section) in {(210, 297), (297, 210)}
    assert millimetres(small_docx.sections[0]) == (210, 297)
    defaults = small_docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "pl-PL"
    normal = small_docx.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "pl-PL"
    properties = small_docx.core_properties
    assert properties.language == "pl-PL"
    assert properties.author == small.config.centre.name == "Miejski Ośrodek Pomocy Społecznej w Żółkiewce"
    assert "python-docx" not in (properties.comments or "")


def test_docx_headings_are_black_without_the_templates_blue(small_docx):
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = small_docx.styles[name]
        assert str(style.font.color.rgb) == "000000", name
    assert small_docx.styles["Title"].element.pPr.find(qn("w:pBdr")) is None


def test_pdf_says_it_is_polish_and_by_the_centre(small):
    reader = PdfReader(io.BytesIO(regulation_pdf(small)))
    assert reader.trailer["/Root"]["/Lang"] == "pl-PL"
    assert reader.metadata["/Author"] == "Miejski Ośrodek Pomocy Społecznej w Żółkiewce"


def test_pdf_table_headings_never_break_a_word():
    """Annex 2 of Tarnowskie Góry has eleven columns; each heading word must come out of the PDF whole."""
    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(regulation_pdf(scenario))).pages)
    lines = {line.strip() for line in text.splitlines()}
    header = table(staffing(scenario))[0]
    assert len(header) >= 10
    for heading in header:
        for word in heading.split():
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), word
            broken = [line for line in lines if line and word.startswith(line) and line != word and len(line) > 2]
            assert not broken, (word, broken)


@pytest.mark.parametrize(
    ("name", "gen", "dat"),
    [
        ("Dyrektor", "Dyrektora", "Dyrektorowi"),
        ("Zastępca Dyrektora", "Zastępcy Dyrektora", "Zastępcy Dyrektora"),
        ("Zastępca Dyrektora ds. Usług", "Zastępcy Dyrektora ds. Usług", "Zastępcy Dyrektora ds. Usług"),
        ("Główny Księgowy", "Głównego Księgowego", "Głównemu Księgowemu"),
        ("Kierownik Gminnego Ośrodka Pomocy Społecznej", "Kierownika Gminnego Ośrodka Pomocy Społecznej", None),
        ("Radca Prawny", "Radcy Prawnego", "Radcy Prawnemu"),
        ("Dział Pomocy Środowiskowej", None, None),
    ],
)
def test_management_titles_decline_and_other_names_are_left_alone(name, gen, dat):
    assert genitive(name) == gen
    if dat is not None or gen is None:
        assert dative(name) == dat


def test_chapter_uses_declined_titles_and_the_right_scope_formula(small):
    text = regulation_markdown(small)
    assert "### Komórki podległe Dyrektorowi (D)" in text
    assert "Podlega bezpośrednio Zastępcy Dyrektora (ZD)." in text
    assert "Do zadań Dyrektora należy w szczególności:" in text
    assert "Do zadań Radcy Prawnego należy w szczególności:" in text
    assert "Komórka nadrzędna: Dział Pomocy Środowiskowej (DPŚ)." in text
    units = {unit.id: unit for unit in small.units}
    assert scope_intro(units["pk"]) == "Do zadań stanowiska należy w szczególności:"
    assert scope_intro(units["zps"]) == "Do zadań komórki należy w szczególności:"
    assert "Do zadań komórki należy" not in text.split("Stanowisko ds. Pierwszego Kontaktu (PK)")[1].split("§")[0]


def test_staffing_annex_names_each_division_in_the_genitive(small):
    header, rows, sums = table(staffing(small))
    names = [row[1] for row in rows]
    assert "Razem pion Zastępcy Dyrektora" in names
    assert "Razem pion Głównego Księgowego" in names


def test_list_points_end_with_semicolons_and_the_last_with_a_full_stop():
    assert punctuate(["kierowanie Ośrodkiem", "nadzór nad działami;", "kontrola.  "]) == [
        "kierowanie Ośrodkiem;",
        "nadzór nad działami;",
        "kontrola.",
    ]
    assert punctuate(["jedno zadanie,"]) == ["jedno zadanie."]


def test_every_list_of_tasks_in_the_shipped_regulations_is_punctuated():
    for name in ("tarnowskie_gory_2017", "gops_rural"):
        for block in regulation_blocks(load_scenario(ROOT / "org_configs" / f"{name}.yaml")):
            if type(block).__name__ == "Items":
                assert all(item.endswith(";") for item in block.items[:-1]), block.items
                assert block.items[-1].endswith("."), block.items


def test_caption_names_the_order_that_adopts_the_regulation(small):
    assert annex_caption(small, 2) == [
        "Załącznik nr 2",
        "do Regulaminu Organizacyjnego Miejskiego Ośrodka Pomocy Społecznej w Żółkiewce",
        "stanowiącego załącznik nr 1 do Zarządzenia nr 12/2017 Dyrektora Miejskiego Ośrodka Pomocy Społecznej "
        "w Żółkiewce z dnia 31 lipca 2017 r.",
    ]
    assert "stanowiący załącznik nr 1 do Zarządzenia nr 12/2017 Dyrektora" in regulation_markdown(small)


def test_caption_of_a_centre_headed_by_a_kierownik_with_the_year_but_no_number():
    scenario = load_scenario(ROOT / "org_configs" / "gops_rural.yaml")
    scenario.config.centre.regulation = type(load_scenario_text(SMALL).config.centre.regulation)(
        order_date="2024-01-15"
    )
    assert order_reference(scenario) == (
        "Zarządzenia nr …………/2024 Kierownika Gminnego Ośrodka Pomocy Społecznej w Przykładowie z dnia 15 stycznia 2024 r."
    )


def test_the_chart_explains_its_dotted_lines(small):
    assert small.unit("zpp").also_reports_to  # the small centre has one dotted line
    assert "linia kropkowana – podległość funkcjonalna" in chart_svg(small).decode()
    plain = load_scenario_text(SMALL.replace("also_reports_to: [dyrektor]", "also_reports_to: []"))
    assert "linia kropkowana" not in chart_svg(plain).decode()


def test_export_error_speaks_both_languages_with_decimal_commas_and_spelled_out_units():
    scenario = load_scenario_text(large_config())
    with pytest.raises(ExportError) as caught:
        chart_pdf(scenario, Page("a4"))
    polish, english = caught.value.text("pl"), caught.value.text("en")
    assert re.search(r"miałby \d+,\d (punktu|punktów|punkty) typograficznego", polish), polish
    assert "minimum 6 punktów" in polish and "A4 pionowo" in polish
    assert re.search(r"would be \d+\.\d pt", english) and "A4 portrait" in english
    with pytest.raises(ExportError) as unknown:
        Page("b5")
    assert unknown.value.text("en").startswith("unknown page size 'b5'")


GRADED = SMALL.replace(
    "staff: [{role: social_worker, fte: 16.5}]",
    "staff: [{role: social_worker_senior, fte: 4}, {role: social_work_specialist, fte: 2.5}, "
    "{role: social_worker, fte: 8}, {role: social_work_specialist_senior, fte: 1}, "
    "{role: social_worker_aspirant, fte: 1}]",
)


def test_social_workers_are_counted_by_grade_and_every_grade_counts_for_the_norm(small):
    graded = load_scenario_text(GRADED)
    header, rows = social_worker_table(staffing(graded))
    assert header[0].startswith("Pracownicy socjalni według stanowisk")
    assert [row[0] for row in rows] == [
        "Aspiranci pracy socjalnej",
        "Pracownicy socjalni",
        "Starsi pracownicy socjalni",
        "Specjaliści pracy socjalnej",
        "Starsi specjaliści pracy socjalnej",
        "Pracownicy socjalni ogółem",
    ]
    assert rows[-1][1] == "32,5"  # 2 + 12 + 2 elsewhere, 16,5 graded here
    assert staffing(graded).norm.social_workers == staffing(small).norm.social_workers
    assert {f.rule for f in validate(graded)} == {f.rule for f in validate(small)}
    assert "Starsi specjaliści pracy socjalnej | 1" in staffing_markdown(graded)


@pytest.mark.parametrize(
    ("unit", "amount", "polish"),
    [
        ("days", 25.3, "25,3 dnia"),
        ("working_days", 14, "14 dni roboczych"),
        ("working_days", 2, "2 dni robocze"),
        ("working_days", 1, "1 dzień roboczy"),
        ("months", 1, "1 miesiąc"),
        ("minutes", 45, "45 minut"),
    ],
)
def test_deadlines_are_written_with_decimal_commas_and_declined_units(unit, amount, polish):
    from model.i18n import t

    assert t(f"span.{unit}", "pl", amount=amount) == polish


def test_the_apps_chart_explains_dotted_lines_in_its_legend(small):
    from model.exports.orgchart import orgchart

    source = orgchart(small, line_legend=True).source
    assert "podległość funkcjonalna" in source and "legend" in source
    plain = load_scenario_text(SMALL.replace("also_reports_to: [dyrektor]", "also_reports_to: []"))
    assert "podległość funkcjonalna" not in orgchart(plain, line_legend=True).source


def test_a_chief_accountants_post_with_subordinates_heads_a_division_too():
    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")
    names = [row[1] for row in table(staffing(scenario))[1]]
    assert "Razem pion Głównego Księgowego" in names and "Razem: Główny Księgowy" not in names
    assert "Razem: Dział Finansowo-Księgowy" in names  # a department is not declined
