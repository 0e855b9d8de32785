"""The annexes of the regulation: org chart, staffing, scope of units, in every format.

Outputs are checked structurally (names in the text layer, page sizes, embedded fonts, nodes
and edges of the DOT), never pixel by pixel. Graphviz's ``dot`` is required: without it
these tests fail with a message saying so, they are not skipped.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from model.checks import flow
from model.checks.findings import Finding, Severity
from model.checks.rules import validate
from model.cli import main
from model.config.loader import load_scenario, load_scenario_text
from model.config.schema import Role
from model.exports.orgchart import JOINT_PREFIX, fte_phrase, orgchart
from model.exports.regulation import (
    PLACEHOLDER,
    regulation_docx,
    regulation_file,
    regulation_markdown,
    regulation_pdf,
)
from model.exports.render import (
    MIN_TEXT_PT,
    ExportError,
    Layouts,
    Page,
    annex_caption,
    chart_dot,
    chart_pdf,
    chart_png,
    chart_svg,
    split_chart,
)
from model.exports.staffing import CSV_ENCODING, findings_csv, staffing, staffing_csv, staffing_markdown
from model.exports.typeset import FONT_FILES
from model.i18n import msg, t

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "org_configs").glob("*.yaml"))
POLISH_LETTERS = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"

SMALL = """
centre:
  name: Miejski Ośrodek Pomocy Społecznej w Żółkiewce
  population: 61000
  model: separated
  regulation: {order_number: "12/2017", order_date: 2017-07-31}
locations:
  - {id: janasa, address: "ul. Janasa 9, 42-600 Tarnowskie Góry"}
units:
  - id: dyrektor
    name: Dyrektor
    symbol: D
    kind: management
    staff: [{role: manager, fte: 1}]
    tasks: [kieruje Ośrodkiem i reprezentuje go na zewnątrz]
    units:
      - id: zastepca
        name: Zastępca Dyrektora
        symbol: ZD
        kind: management
        staff: [{role: manager, fte: 1}]
        units:
          - id: dps
            name: Dział Pomocy Środowiskowej
            symbol: DPŚ
            kind: department
            staff: [{role: manager, fte: 1}]
            units:
              - {id: pk, name: Stanowisko ds. Pierwszego Kontaktu, symbol: PK, kind: post, location: janasa,
                 functions: [first_contact], staff: [{role: social_worker, fte: 2}],
                 tasks: [udziela informacji o przysługujących świadczeniach]}
              - {id: zsd, name: Zespół ds. Świadczeń Przyznawanych Decyzją, symbol: ŚD, kind: team,
                 functions: [decision_benefits], staff: [{role: social_worker, fte: 12}, {role: clerk, fte: 2}]}
          - id: dpsar
            name: Dział Pracy Socjalnej i Asysty Rodzin
            symbol: DPS
            kind: department
            staff: [{role: manager, fte: 1}]
            units:
              - {id: zps, name: Zespół ds. Pracy Socjalnej, symbol: PS, kind: team, functions: [social_work],
                 staff: [{role: social_worker, fte: 16.5}]}
              - {id: zpp, name: Zespół ds. Przeciwdziałania Przemocy w Rodzinie, symbol: PP, kind: team,
                 functions: [violence_prevention], staff: [{role: social_worker, fte: 2}],
                 also_reports_to: [dyrektor]}
      - id: gk
        name: Główny Księgowy
        symbol: GK
        kind: management
        staff: [{role: accountant, fte: 1}]
        units:
          - {id: dfk, name: Dział Finansowo-Księgowy, symbol: FK, kind: department, staff: [{role: accountant, fte: 4}]}
      - {id: radca, name: Radca Prawny, symbol: RP, kind: post, staff: [{role: lawyer, fte: 0.5}]}
"""


def large_config(deputies: int = 3, departments: int = 4, teams: int = 6) -> str:
    """A centre of 3 deputies with 4 departments of 6 teams each: 89 units with long names."""
    lines = [
        "centre: {name: Miejski Ośrodek Pomocy Społecznej w Żółkiewce Śląskiej, population: 150000,",
        "         model: separated, regulation: {order_number: '7/2025', order_date: 2025-03-14}}",
        "units:",
        "  - {id: d, name: Dyrektor, symbol: D, kind: management, staff: [{role: manager, fte: 1}], units: [",
    ]
    for a in range(deputies):
        lines.append(
            f"    {{id: z{a}, name: Zastępca Dyrektora ds. Pionu {a + 1}, symbol: Z{a}, kind: management, "
            "staff: [{role: manager, fte: 1}], units: ["
        )
        for b in range(departments):
            lines.append(
                f"      {{id: d{a}{b}, name: Dział Świadczeń i Pracy Socjalnej Rejonu Północno-Wschodniego "
                f"nr {a}{b}, symbol: DŚ{a}{b}, kind: department, staff: [{{role: manager, fte: 1}}], units: ["
            )
            for c in range(teams):
                lines.append(
                    f"        {{id: t{a}{b}{c}, name: Zespół ds. Przeciwdziałania Przemocy w Rodzinie i "
                    f"Interwencji Kryzysowej {a}{b}{c}, symbol: ZP{a}{b}{c}, kind: team, "
                    "functions: [social_work], staff: [{role: social_worker, fte: 2.5}]},"
                )
            lines.append("      ]},")
        lines.append("    ]},")
    lines.append(
        "    {id: gk, name: Główny Księgowy, symbol: GK, kind: management, staff: [{role: accountant, fte: 1}]},"
    )
    lines.append("  ]}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module", autouse=True)
def graphviz_installed():
    if shutil.which("dot") is None:
        pytest.fail(
            "Graphviz is not installed: the 'dot' program is needed for the org chart "
            "(apt-get install graphviz; CI installs it)"
        )


@pytest.fixture(scope="module")
def small():
    return load_scenario_text(SMALL, "small.yaml")


@pytest.fixture(scope="module")
def large():
    scenario = load_scenario_text(large_config(), "large.yaml")
    assert len(scenario.units) >= 80
    return scenario


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of the fonts whose program is embedded in the PDF, over all pages."""
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.add(str(font["/BaseFont"]).split("+")[-1])
    return found


def dot_graph(source: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    """Nodes and ``(tail, head, style)`` edges of Graphviz's DOT as the ``graphviz`` package writes it."""
    node = re.compile(r'^\s*("[^"]+"|[\w\-]+) \[')
    edge = re.compile(r'^\s*("[^"]+"|[\w\-]+) -> ("[^"]+"|[\w\-]+)(?: \[(.*)\])?$')
    nodes, edges = set(), []
    for line in source.splitlines():
        if match := edge.match(line):
            style = re.search(r"style=(\w+)", match.group(3) or "")
            edges.append((match.group(1).strip('"'), match.group(2).strip('"'), style.group(1) if style else "solid"))
        elif (match := node.match(line)) and match.group(1) not in ("graph", "node", "edge"):
            nodes.add(match.group(1).strip('"'))
    return nodes, edges


def reporting_lines(source: str) -> tuple[set[str], set[tuple[str, str]], set[tuple[str, str]]]:
    """Units, solid supervisor → unit lines (through joint points) and dotted lines of a chart."""
    nodes, edges = dot_graph(source)
    units = {n for n in nodes if not n.startswith(JOINT_PREFIX) and n != "legend"}
    drawn = [(tail, head) for tail, head, style in edges if style == "solid"]
    into = {head: tail for tail, head in drawn}

    def supervisor(name: str) -> str | None:
        name = into.get(name)
        while name is not None and name not in units:
            name = into.get(name)
        return name

    solid = {(boss, unit) for unit in units if (boss := supervisor(unit))}
    dotted = {(tail, head) for tail, head, style in edges if style == "dotted"}
    return units, solid, dotted


# --- annex 1: the org chart -------------------------------------------------------------------


def test_svg_holds_every_unit_name_with_diacritics(small):
    root = ET.fromstring(chart_svg(small))
    text = words(" ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")))
    for unit in small.units:
        assert words(unit.name) in text, unit.name
    assert "Załącznik nr 1 do Regulaminu Organizacyjnego" in text
    assert (
        "stanowiącego załącznik nr 1 do Zarządzenia nr 12/2017 Dyrektora Miejskiego Ośrodka Pomocy Społecznej w Żółkiewce z dnia 31 lipca 2017 r."
        in text
    )


@pytest.mark.parametrize(
    "size,landscape,expected",
    [
        ("a4", False, (595, 842)),
        ("a4", True, (842, 595)),
        ("a3", False, (842, 1191)),
        ("a3", True, (1191, 842)),
    ],
)
def test_pdf_is_one_page_of_the_requested_size_with_fonts_embedded(small, size, landscape, expected):
    data = chart_pdf(small, Page(size, landscape))
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == expected
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded_fonts(data), (
        "DejaVu Sans not embedded: install fonts-dejavu so that cairo finds it"
    )
    text = pdf_text(data)
    for name in ("Dział Pomocy Środowiskowej", "Zespół ds. Świadczeń", "Główny Księgowy", "Żółkiewce"):
        assert name in text


def test_pdf_text_of_a_shipped_config_keeps_diacritics():
    if not SHIPPED:
        pytest.fail("no org_configs/*.yaml to render")
    scenario = load_scenario(SHIPPED[0])
    data = chart_pdf(scenario, Page("a3", True))
    text = pdf_text(data)
    assert any(letter in text for letter in POLISH_LETTERS)
    assert all(words(unit.name) in text or unit.name.split()[0] in text for unit in scenario.units)


@pytest.mark.parametrize("dpi", [72, 150])
def test_png_has_the_size_of_the_drawing_at_the_requested_resolution(small, dpi):
    svg = chart_svg(small).decode()
    width_pt, height_pt = map(float, re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    png = chart_png(small, dpi=dpi)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width - width_pt * dpi / 72) <= 1 and abs(height - height_pt * dpi / 72) <= 1


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_dot_of_shipped_config_has_one_node_per_unit_and_the_reporting_lines(path):
    scenario = load_scenario(path)
    units, solid, dotted = reporting_lines(chart_dot(scenario))
    expected = flow.org_graph(scenario)
    assert units == set(expected.nodes)
    assert solid == {(a, b) for a, b, line in expected.edges(data="line") if line == "solid"}
    assert dotted == {(a, b) for a, b, line in expected.edges(data="line") if line == "dotted"}


def test_shipped_configs_exist():
    assert SHIPPED, "org_configs/*.yaml are the product's examples; the export tests render them"


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_config_prints_readably_on_a3_landscape(path):
    data = chart_pdf(load_scenario(path), Page("a3", True))
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


@pytest.mark.parametrize("spread_depth,wrap", [(None, None), (None, 2), (1, None), (0, None)])
def test_every_layout_keeps_the_structure(small, spread_depth, wrap):
    units, solid, dotted = reporting_lines(orgchart(small, spread_depth=spread_depth, wrap=wrap).source)
    assert units == {u.id for u in small.units}
    assert ("dps", "pk") in solid and ("dyrektor", "zastepca") in solid and ("dyrektor", "zpp") in dotted


def test_large_chart_is_refused_on_a4_and_split_into_readable_pages(large):
    with pytest.raises(ExportError, match="--split"):
        chart_pdf(large, Page("a4", True))
    parts = split_chart(Layouts(large, {}), Page("a4", True))
    assert 1 < len(parts) < 20
    assert all(part.scale * 10 >= MIN_TEXT_PT for part in parts)
    data = chart_pdf(large, Page("a4", True), split=True)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == len(parts)
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (842, 595) for p in pages)
    text = pdf_text(data)
    for unit in large.units:
        assert unit.symbol in text, unit.symbol
    assert f"Część 1 z {len(parts)}" in text
    assert f"Część 2 z {len(parts)}: " in text


def test_large_chart_layout_stays_bounded(large):
    """Leaves stacked under their department: the widest layout is about one column per
    department, not one per team, and a narrower layout exists for portrait pages."""
    layouts = Layouts(large, {})
    widths = sorted(layouts.size(shape)[0] for shape in layouts.shapes())
    departments = 12
    assert widths[-1] < departments * 4.5 * 72
    assert widths[0] < 4 * 4.5 * 72


def test_highlight_and_colours(small):
    source = orgchart(small, highlight={"zps"}, color_by_function=True).source
    line = next(line for line in source.splitlines() if line.strip().startswith("zps ["))
    assert "penwidth=4" in line
    assert "legend [" in source and "Praca socjalna" in source


def test_chart_without_fte(small):
    assert "etat" in chart_dot(small) and "etat" not in chart_dot(small, show_fte=False).split("Załącznik")[0]


def test_caption_leaves_blanks_for_a_missing_order():
    scenario = load_scenario_text(
        SMALL.replace(
            'regulation: {order_number: "12/2017", order_date: 2017-07-31}',
            "regulation: {title: Regulamin Organizacyjny MOPS w Żółkiewce}",
        )
    )
    first, second, third = annex_caption(scenario, 1)
    assert (first, second) == ("Załącznik nr 1", "do Regulaminu Organizacyjnego MOPS w Żółkiewce")
    assert third == (
        "stanowiącego załącznik nr 1 do Zarządzenia nr …………/………… Dyrektora Miejskiego Ośrodka Pomocy "
        "Społecznej w Żółkiewce z dnia …………"
    )


@pytest.mark.parametrize(
    "fte,phrase",
    [
        (1, "1 etat"),
        (3, "3 etaty"),
        (5, "5 etatów"),
        (12, "12 etatów"),
        (22, "22 etaty"),
        (2.5, "2,5 etatu"),
        (0, "0 etatów"),
    ],
)
def test_fte_in_polish(fte, phrase):
    assert fte_phrase(fte) == phrase


def test_shipped_font_has_the_polish_letters():
    for path in FONT_FILES.values():
        cmap = TTFont(path).getBestCmap()
        assert all(ord(letter) in cmap for letter in POLISH_LETTERS), path


# --- annex 2: staffing ------------------------------------------------------------------------


def test_staffing_totals_and_norm(small):
    data = staffing(small)
    assert data.centre.total == pytest.approx(sum(u.fte() for u in small.units))
    department = next(row for row in data.rows if row.subtotal and row.name == "Dział Pracy Socjalnej i Asysty Rodzin")
    assert department.total == pytest.approx(1 + 16.5 + 2)
    assert department.fte[Role.social_worker] == pytest.approx(18.5)
    assert data.norm.required == pytest.approx(30.5)
    assert data.norm.social_workers == pytest.approx(32.5)
    assert data.norm.met == (not validate(small, only={"STAFF001"}))
    assert data.norm.met


def test_staffing_norm_not_met_agrees_with_the_rule():
    scenario = load_scenario_text(SMALL.replace("fte: 16.5", "fte: 10"))
    data = staffing(scenario)
    assert not data.norm.met and validate(scenario, only={"STAFF001"})
    assert "norma niespełniona" in data.norm.sentence() and "niedobór: 4,5 etatu" in data.norm.sentence()


def test_staffing_csv(small):
    rows = list(csv.reader(io.StringIO(staffing_csv(small)), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["Wiersz", "Symbol", "Komórka organizacyjna"] and header[-1] == "Razem"
    assert "Pracownicy socjalni" in header
    assert rows[-1][2] == "Ogółem" and rows[-1][-1] == "44"
    assert {row[2] for row in rows if row[0] == "komórka"} == {u.name for u in small.units}
    assert any(row[2] == "Razem: Dział Pomocy Środowiskowej" and row[-1] == "17" for row in rows)
    assert any(row[-1] == "16,5" for row in rows)


def test_staffing_markdown_has_the_norm(small):
    text = staffing_markdown(small)
    assert "| **Ogółem** |" in text and "art. 110 ust. 11" in text and "norma spełniona" in text


def test_findings_csv():
    finding = Finding("STAFF002", Severity.warning, msg("finding.STAFF002", unit="Sekcja Kadr"), "a.yaml", 4, "dps")
    rows = list(csv.reader(io.StringIO(findings_csv([finding])), delimiter=";"))
    assert rows == [
        ["Reguła", "Waga", "Komunikat", "Plik", "Wiersz", "Dotyczy"],
        ["STAFF002", "ostrzeżenie", t("finding.STAFF002", unit="Sekcja Kadr"), "a.yaml", "4", "dps"],
    ]


# --- annex 3 and the chapter on the scope of units ----------------------------------------------


def test_regulation_markdown_groups_units_by_supervisor(small):
    text = regulation_markdown(small)
    for unit in small.units:
        assert unit.name in text
    assert "### Komórki podległe Zastępcy Dyrektora (ZD)" in text
    assert "### Komórki podległe Głównemu Księgowemu (GK)" in text
    assert "1) udziela informacji o przysługujących świadczeniach." in text
    assert PLACEHOLDER in text
    assert text.index("§ 7. Dyrektor (D)") < text.index("### Komórki podległe Głównemu Księgowemu")
    assert re.search(r"### Komórki podległe Głównemu Księgowemu \(GK\)\n\n#### § \d+\. Główny Księgowy", text)
    for annex in (1, 2, 3):
        assert f"## Załącznik nr {annex} –" in text


def test_regulation_docx_opens_and_holds_every_unit(small):
    document = docx.Document(io.BytesIO(regulation_docx(small)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for unit in small.units:
        assert unit.name in text and unit.name in cells
    assert len(document.inline_shapes) == 1  # annex 1, the chart


def test_regulation_pdf_is_the_whole_set_in_a4(small):
    data = regulation_pdf(small)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 4
    assert all(sorted((round(float(p.mediabox.width)), round(float(p.mediabox.height)))) == [595, 842] for p in pages)
    assert "DejaVuSans" in {name.replace("Book", "") for name in embedded_fonts(data)}
    text = pdf_text(data)
    for needle in (
        "Zakres zadań komórek organizacyjnych",
        "Załącznik nr 2",
        "Załącznik nr 3",
        "Zespół ds. Świadczeń Przyznawanych Decyzją",
        "Ogółem",
    ):
        assert needle in text


# --- the command line -----------------------------------------------------------------------------


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "mops.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args,suffix,magic",
    [
        (["orgchart", "--format", "svg"], ".svg", b"<?xml"),
        (["orgchart", "--format", "pdf", "--page", "a3", "--landscape"], ".pdf", b"%PDF"),
        (["orgchart", "--format", "png", "--no-fte"], ".png", b"\x89PNG"),
        (["orgchart", "--format", "dot"], ".dot", b"digraph"),
        (["staffing", "--format", "csv"], ".csv", "\ufeffWiersz".encode()),
        (["staffing", "--format", "md"], ".md", b"| Symbol"),
        (["regulation", "--format", "md"], ".md", b'<div align="center">\n\n# REGULAMIN ORGANIZACYJNY'),
        (["regulation", "--format", "docx"], ".docx", b"PK"),
        (["regulation", "--format", "pdf"], ".pdf", b"%PDF"),
        (["findings"], ".csv", "\ufeffReguła".encode()),
    ],
)
def test_cli_exports(small_file, tmp_path, capsys, args, suffix, magic):
    output = tmp_path / f"out{suffix}"
    assert main(["export", args[0], str(small_file), *args[1:], "-o", str(output)]) == 0
    assert output.read_bytes().startswith(magic)


def test_cli_csv_is_excel_friendly(small_file, tmp_path):
    output = tmp_path / "etaty.csv"
    assert main(["export", "staffing", str(small_file), "-o", str(output)]) == 0
    assert "Ogółem" in output.read_text(encoding=CSV_ENCODING)


@pytest.mark.parametrize(
    "target,message",
    [
        ("missing/dir/out.svg", "cannot write the file"),
        ("out.txt", "give --format"),
    ],
)
def test_cli_error_is_one_line(small_file, tmp_path, capsys, target, message):
    assert main(["export", "orgchart", str(small_file), "-o", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_cli_refuses_an_unreadable_page_and_suggests_split(tmp_path, capsys):
    config = tmp_path / "duzy.yaml"
    config.write_text(large_config(), encoding="utf-8")
    output = tmp_path / "schemat.pdf"
    assert main(["export", "orgchart", str(config), "--format", "pdf", "--page", "a4", "-o", str(output)]) == 2
    assert "--split" in capsys.readouterr().err
    assert not output.exists()


def test_cli_default_page_splits_a_chart_too_big_for_a3_and_says_so(tmp_path, capsys):
    config = tmp_path / "duzy.yaml"
    config.write_text(large_config(), encoding="utf-8")
    output = tmp_path / "schemat.pdf"
    assert main(["export", "orgchart", str(config), "--format", "pdf", "-o", str(output)]) == 0
    assert "split into pages" in capsys.readouterr().err
    assert len(PdfReader(output).pages) > 1


def test_regulation_file_dispatches_each_format():
    """The one entry point the CLI and the app share gives a real file in each format."""
    scenario = load_scenario(ROOT / "org_configs" / "gops_rural.yaml")
    assert regulation_file(scenario, "md").decode("utf-8") == regulation_markdown(scenario)
    assert regulation_file(scenario, "docx")[:2] == b"PK"  # a DOCX is a zip
    assert regulation_file(scenario, "pdf")[:5] == b"%PDF-"
    with pytest.raises(KeyError):
        regulation_file(scenario, "odt")


def test_regulation_lists_the_decision_authorisations():
    """Art. 110 ust. 7–8: the regulation names who decides on the mayor's authorisation, from the units'
    authorisations, in its chapter on signing, before the annexes."""
    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")
    text = regulation_markdown(scenario)
    assert "### Podpisywanie pism i decyzji, upoważnienia" in text
    assert "art. 110 ust. 7 ustawy z dnia 12 marca 2004 r. o pomocy społecznej" in text
    assert "Dyrektor wydaje decyzje administracyjne w indywidualnych sprawach z zakresu pomocy społecznej" in text
    assert text.index("Podpisywanie pism i decyzji") < text.index("Załącznik nr 1 –")


def test_staffing_annex_and_rule_agree_on_the_families_alternative():
    """One computation for STAFF001 and annex 2: met by 1 per 50 families, the annex says so too."""
    text = (
        "centre: {name: OPS, population: 20000, model: care_area}\n"
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        "     caseload: {families: 400}, staff: [{role: social_worker, fte: 8}]}\n"
    )
    scenario = load_scenario_text(text)
    norm = staffing(scenario).norm
    assert norm.met and norm.required == 8 and norm.families == 400
    assert "i 400 rodzin objętych pracą socjalną" in norm.sentence() and "norma spełniona" in norm.sentence()
    assert "STAFF001" not in {f.rule for f in validate(scenario)}
