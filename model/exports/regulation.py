"""The draft chapter "Zakres zadań komórek organizacyjnych" and annexes 1–3 of the regulation.

The content is built once as a list of plain blocks (:func:`regulation_blocks`) and each format
only typesets them: Markdown for review in a merge request, DOCX for the lawyer to edit, and
one PDF of the whole set to attach to the director's order. Units are grouped by the manager
who supervises them (director, deputies, chief accountant), as Polish regulations do; a unit
without ``tasks:`` gets a visible placeholder, since this is a draft to complete, not a
finished act. Only management titles are declined (:mod:`model.exports.wording`); list points
end with ``;`` and the last with ``.``. The DOCX is A4 in every section, in Polish (pl-PL), with
the centre as its author and plain black type; the PDF is A4 too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF
from fpdf.fonts import FontFace
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from model.config.loader import Scenario
from model.config.schema import Unit, UnitKind
from model.exports.orgchart import fte_phrase
from model.exports.render import (
    Layouts,
    Page,
    annex_caption,
    chart_pdf,
    chart_png,
    regulation_subtitle,
    regulation_title,
)
from model.exports.staffing import markdown_table, social_worker_table, staffing, table
from model.exports.wording import describe, punctuate, reports_to, scope_intro, subordinate_to

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
"""Shipped with the package so a PDF has the Polish letters on any machine."""

PLACEHOLDER = "[zadania do uzupełnienia]"
LANGUAGE = "pl-PL"
A4 = (Cm(21), Cm(29.7))
"""Portrait A4; python-docx's template is US Letter, so every section is set explicitly."""
TYPEFACE = "Times New Roman"
"""The usual face of Polish official acts; black throughout, no coloured headings."""


@dataclass(frozen=True)
class Heading:
    """A heading of the document; each writer (Markdown, DOCX, PDF) sets it in its own way."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the document, in the writers' common vocabulary."""

    text: str
    small: bool = False
    indent: bool = False
    """Set in from the left margin, as the quoted new wording of an amended paragraph is."""


@dataclass(frozen=True)
class Items:
    """A numbered list, ``1)``, ``2)``… as Polish legal texts number points."""

    items: list[str]


@dataclass(frozen=True)
class Table:
    """A table of the document, in the writers' common vocabulary."""

    header: list[str]
    rows: list[list[str]]
    bold: list[bool] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    """Relative column widths."""


@dataclass(frozen=True)
class Annex:
    """Starts an annex: a new page (landscape when ``wide``) headed by the annex caption."""

    number: int
    title: str
    wide: bool = False
    caption: tuple[str, ...] = ()
    """Lines to head the annex with instead of the regulation's own annex caption."""


@dataclass(frozen=True)
class Chart:
    """Annex 1's drawing; each format shows it its own way (outline, picture, vector pages)."""


Block = Heading | Paragraph | Items | Table | Annex | Chart


def regulation_blocks(scenario: Scenario) -> list[Block]:
    """The chapter on the scope of each unit, then annex 1 (chart), 2 (staffing), 3 (symbols)."""
    blocks: list[Block] = [
        Heading(regulation_title(scenario), 0),
        Paragraph(regulation_subtitle(scenario)),
        Paragraph(
            "Projekt rozdziału „Zakres zadań komórek organizacyjnych” i załączników nr 1–3, "
            "przygotowany z konfiguracji struktury; do uzupełnienia i uzgodnienia przed "
            "podpisaniem zarządzenia.",
            small=True,
        ),
        Heading("Zakres zadań komórek organizacyjnych", 1),
    ]
    numbers = section_numbers(scenario)
    for supervisor, units in supervised_groups(scenario):
        blocks.append(Heading(subordinate_to(supervisor) if supervisor else "Komórki poza pionami kierownictwa", 2))
        for unit in ([supervisor] if supervisor else []) + units:
            blocks += unit_section(scenario, unit, numbers[unit.id])
    blocks += authorisation_blocks(scenario)
    blocks += [Annex(1, ANNEX_TITLES[1], wide=True), Chart(), Annex(2, ANNEX_TITLES[2], wide=True)]
    blocks += staffing_blocks(scenario)
    blocks += [Annex(3, ANNEX_TITLES[3]), symbols_table(scenario)]
    return blocks


ANNEX_TITLES = {
    1: "Schemat organizacyjny",
    2: "Etatyzacja – liczba etatów w komórkach organizacyjnych",
    3: "Symbole komórek organizacyjnych",
}


def section_numbers(scenario: Scenario) -> dict[str, int]:
    """Unit id → the number of its paragraph (§) in the chapter: supervisors' groups in chart order."""
    order = [
        unit.id
        for supervisor, units in supervised_groups(scenario)
        for unit in ([supervisor] if supervisor else []) + units
    ]
    return {unit_id: number for number, unit_id in enumerate(order, 1)}


def staffing_blocks(scenario: Scenario) -> list[Block]:
    """Annex 2's content: FTE per unit and role with totals, and the art. 110 sentence."""
    data = staffing(scenario)
    header, rows, sums = table(data)
    blocks: list[Block] = [Table(header, rows, sums, [1.4, 6] + [1.6] * (len(header) - 2))]
    grade_header, grade_rows = social_worker_table(data)
    if grade_rows:
        blocks.append(Table(grade_header, grade_rows, [False] * (len(grade_rows) - 1) + [True], [6, 1.6]))
    if data.norm:
        blocks.append(Paragraph(data.norm.sentence()))
    return blocks


def symbols_table(scenario: Scenario) -> Table:
    """Annex 3: each unit's symbol, name, supervisor and seat."""
    parents = {child.id: unit for unit in scenario.units for child in unit.units}
    places = {loc.id: loc.address for loc in scenario.config.locations}
    return Table(
        ["Symbol", "Komórka organizacyjna", "Podległość", "Siedziba"],
        [
            [
                u.symbol or "–",
                u.name,
                describe(parents[u.id]) if u.id in parents else "–",
                places.get(u.location or "", ""),
            ]
            for u in scenario.units
        ],
        widths=[1.3, 4.5, 3.5, 3.5],
    )


def authorisation_blocks(scenario: Scenario) -> list[Block]:
    """Who signs decisions on the mayor's authorisation (art. 110 ust. 7–8 u.p.s.): the units that
    hold one, with the kinds of cases, as validation rule PROC003 checks them."""
    holders = [u for u in scenario.units if u.authorisations]
    if not holders:
        return []
    return [
        Heading("Upoważnienia do wydawania decyzji administracyjnych", 1),
        Paragraph(
            "Decyzje administracyjne wydają, na podstawie upoważnienia udzielonego przez organ gminy "
            "(w sprawach pomocy społecznej: art. 110 ust. 7–8 ustawy o pomocy społecznej; w pozostałych "
            "sprawach: na podstawie przepisów właściwych ustaw), osoby kierujące następującymi komórkami "
            "oraz – w zakresie upoważnień udzielonych na ich wniosek – podlegli im pracownicy:"
        ),
        Items(punctuate([f"{u.name} – w sprawach: {_cases(scenario, u)}" for u in holders])),
    ]


def _cases(scenario: Scenario, unit: Unit) -> str:
    """The kinds of cases a unit decides, in running text ("świadczenia rodzinne, dodatki …")."""
    names = (scenario.function_name(f) for f in unit.authorisations)
    return ", ".join(name[:1].lower() + name[1:] for name in names)


def supervised_groups(scenario: Scenario) -> list[tuple[Unit | None, list[Unit]]]:
    """Each management unit with the other units it is the nearest manager of, in chart order."""
    groups: dict[str | None, list[Unit]] = {}
    managers: dict[str | None, Unit | None] = {None: None}

    def visit(unit: Unit, manager: Unit | None) -> None:
        if unit.kind == UnitKind.management:
            manager = unit
            managers[unit.id] = unit
            groups.setdefault(unit.id, [])
        else:
            groups.setdefault(manager.id if manager else None, []).append(unit)
        for child in unit.units:
            visit(child, manager)

    for top in scenario.config.units:
        visit(top, None)
    return [(managers[key], units) for key, units in groups.items() if managers[key] or units]


def unit_section(scenario: Scenario, unit: Unit, number: int) -> list[Block]:
    """One paragraph (§) of the chapter: the unit, where it sits and reports, and its tasks."""
    parent = next((u for u in scenario.units if unit in u.units), None)
    facts = []
    if parent:
        facts.append(reports_to(parent))
    place = next((loc.address for loc in scenario.config.locations if loc.id == unit.location), None)
    if place:
        facts.append(f"Siedziba: {place}.")
    if unit.staff:
        facts.append(f"Obsada: {fte_phrase(unit.fte())}.")
    if unit.functions:
        facts.append("Realizowane funkcje: " + ", ".join(scenario.function_name(f) for f in unit.functions) + ".")
    blocks: list[Block] = [Heading(f"§ {number}. {describe(unit)}", 3)]
    if facts:
        blocks.append(Paragraph(" ".join(facts), small=True))
    if unit.qualifications:
        blocks.append(Paragraph("Wymagania kwalifikacyjne:"))
        blocks.append(Items(punctuate(unit.qualifications)))
    blocks.append(Paragraph(scope_intro(unit)))
    blocks.append(Items(punctuate(unit.tasks)) if unit.tasks else Paragraph(PLACEHOLDER))
    return blocks


# --- Markdown ---------------------------------------------------------------------------------


def regulation_markdown(scenario: Scenario) -> str:
    """The draft as Markdown; annex 1 becomes an indented outline of the chart."""
    return blocks_markdown(scenario, regulation_blocks(scenario))


def blocks_markdown(scenario: Scenario, blocks: list[Block]) -> str:
    """Blocks as Markdown (the regulation's, or another document's about ``scenario``)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * (block.level + 1) + " " + block.text)
        elif isinstance(block, Paragraph):
            text = f"*{block.text}*" if block.small else block.text
            out.append(f"> {text}" if block.indent else text)
        elif isinstance(block, Items):
            out.append("\n".join(f"{i}) {item}" for i, item in enumerate(block.items, 1)))
        elif isinstance(block, Table):
            out.append(markdown_table(block.header, block.rows, block.bold))
        elif isinstance(block, Annex):
            out.append(
                f"## Załącznik nr {block.number} – {block.title}\n\n"
                + "  \n".join(f"*{line}*" for line in block.caption or annex_caption(scenario, block.number))
            )
        elif isinstance(block, Chart):
            out.append(_outline(scenario))
    return "\n\n".join(out) + "\n"


def _outline(scenario: Scenario) -> str:
    lines: list[str] = []

    def visit(unit: Unit, depth: int) -> None:
        lines.append(f"{'  ' * depth}- **{unit.symbol or '–'}** {unit.name} – {fte_phrase(unit.fte())}")
        for child in unit.units:
            visit(child, depth + 1)

    for top in scenario.config.units:
        visit(top, 0)
    return "\n".join(lines)


# --- DOCX -------------------------------------------------------------------------------------


def regulation_docx(scenario: Scenario) -> bytes:
    """The draft as a Word document; annexes 1 and 2 on landscape pages, the chart as a picture."""
    return blocks_docx(scenario, regulation_blocks(scenario))


def blocks_docx(scenario: Scenario, blocks: list[Block]) -> bytes:
    """Blocks as a Word document, wide annexes on landscape pages, the chart as a picture."""
    document = docx.Document()
    title = next((b.text for b in blocks if isinstance(b, Heading) and b.level == 0), regulation_title(scenario))
    _docx_setup(document, scenario, title)
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(block.text)
            if block.indent:
                paragraph.paragraph_format.left_indent = Cm(1)
            if block.small:
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, Items):
            for i, item in enumerate(block.items, 1):
                document.add_paragraph(f"{i}) {item}").paragraph_format.left_indent = Cm(0.6)
        elif isinstance(block, Table):
            _docx_table(document, block)
        elif isinstance(block, Annex):
            _docx_annex(document, scenario, block)
        elif isinstance(block, Chart):
            _docx_chart(document, scenario)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_setup(document, scenario: Scenario, title: str) -> None:
    """A4 portrait with 2.5 cm margins, Polish as the language of every style (spelling and
    hyphenation in Word), the centre as author, black Times New Roman for text and headings."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    properties = document.core_properties
    properties.author = properties.last_modified_by = scenario.config.centre.name
    properties.title = title
    properties.language = LANGUAGE
    properties.comments = ""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_language(run_defaults)
    for style in document.styles:
        if style.type != 1:  # paragraph styles only (WD_STYLE_TYPE.PARAGRAPH)
            continue
        _set_language(style.element.get_or_add_rPr())
        font = style.font
        font.name = TYPEFACE
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TYPEFACE)
        if style.name.startswith("Heading") or style.name == "Title":
            font.color.rgb = RGBColor(0, 0, 0)
            font.bold = True
            font.italic = False
    document.styles["Normal"].font.size = Pt(11)
    title = document.styles["Title"]
    title.font.size = Pt(14)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if border is not None:  # the template underlines the title with a coloured rule
        border.getparent().remove(border)
    for level, size in ((1, 13), (2, 12), (3, 11)):
        document.styles[f"Heading {level}"].font.size = Pt(size)


def _set_language(run_properties) -> None:
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)


def _docx_annex(document, scenario: Scenario, block: Annex) -> None:
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE if block.wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4[::-1] if block.wide else A4
    for line in block.caption or annex_caption(scenario, block.number):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.runs[0].font.size = Pt(8)
    document.add_heading(block.title, level=1)


def _docx_chart(document, scenario: Scenario) -> None:
    section = document.sections[-1]
    room_w = section.page_width - section.left_margin - section.right_margin
    room_h = section.page_height - section.top_margin - section.bottom_margin - Cm(4)
    png = chart_png(scenario, dpi=200, title=False)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    if width / height > room_w / room_h:
        document.add_picture(io.BytesIO(png), width=room_w)
    else:
        document.add_picture(io.BytesIO(png), height=room_h)


def _docx_table(document, block: Table) -> None:
    grid = document.add_table(rows=1, cols=len(block.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, block.header):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    bold = block.bold or [False] * len(block.rows)
    for row, strong in zip(block.rows, bold):
        cells = grid.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
            if strong and cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def regulation_file(scenario: Scenario, fmt: str) -> bytes:
    """The draft as a file's bytes in ``fmt`` ("md", "docx" or "pdf"), for the CLI and the app."""
    if fmt == "md":
        return regulation_markdown(scenario).encode("utf-8")
    return {"docx": regulation_docx, "pdf": regulation_pdf}[fmt](scenario)


# --- PDF --------------------------------------------------------------------------------------


def regulation_pdf(scenario: Scenario) -> bytes:
    """The whole set as one A4 PDF: the chapter, the chart pages, annexes 2 and 3.

    Text pages are typeset with fpdf2 in the shipped DejaVu Sans; the chart pages come from
    :func:`model.exports.render.chart_pdf` (landscape or portrait, whichever prints larger, split
    into pages when needed) and are appended as they are.
    """
    return blocks_pdf(scenario, regulation_blocks(scenario), regulation_title(scenario))


def blocks_pdf(scenario: Scenario, blocks: list[Block], title: str) -> bytes:
    """Blocks as one A4 PDF; an annex holding the :class:`Chart` gets the chart's own pages."""
    parts = [blocks]
    if Chart() in blocks:
        chart_at = blocks.index(Chart())  # the chart pages carry annex 1's caption themselves
        parts = [blocks[: chart_at - 1], None, blocks[chart_at + 1 :]]
    writer = PdfWriter()
    for part in parts:
        pdf = _chart_pages(scenario) if part is None else _fpdf(scenario, part) if part else None
        if pdf:
            writer.append(PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Author": scenario.config.centre.name, "/Producer": "mops-configurator"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _chart_pages(scenario: Scenario) -> bytes:
    layouts = Layouts(scenario, {})
    page = max((Page("a4", True), Page("a4", False)), key=lambda p: layouts.best(p)[1])
    return chart_pdf(scenario, page, split=True)


def _fpdf(scenario: Scenario, blocks: list[Block]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(18, 15, 18)
    for style, path in FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(path))
    pdf.set_font("DejaVu", size=10)
    if not isinstance(blocks[0], Annex):
        pdf.add_page()
    for block in blocks:
        if isinstance(block, Heading):
            size = {0: 15, 1: 13, 2: 11.5, 3: 10.5}[block.level]
            pdf.ln(3 if block.level == 3 else 5)
            pdf.set_font("DejaVu", "B", size)
            pdf.multi_cell(0, size * 0.5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            pdf.set_font("DejaVu", size=8.5 if block.small else 10)
            if block.indent:
                pdf.set_x(pdf.l_margin + 10)
            pdf.multi_cell(0, 5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
        elif isinstance(block, Items):
            pdf.set_font("DejaVu", size=10)
            for i, item in enumerate(block.items, 1):
                pdf.set_x(pdf.l_margin + 5)
                pdf.multi_cell(0, 5, f"{i}) {item}", align="L", new_x="LMARGIN", new_y="NEXT")
        elif isinstance(block, Table):
            _fpdf_table(pdf, block)
        elif isinstance(block, Annex):
            pdf.add_page(orientation="L" if block.wide else "P")
            pdf.set_font("DejaVu", size=8)
            for line in block.caption or annex_caption(scenario, block.number):
                pdf.cell(0, 4, line, align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
            pdf.set_font("DejaVu", "B", 13)
            pdf.multi_cell(0, 7, block.title, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


TABLE_SIZES = (7.5, 7, 6.5, 6)
"""Font sizes a table may take, largest first: the first at which every heading word fits its column."""
CELL_PADDING_MM = 1


def column_widths(
    pdf: FPDF, header: list[str], relative: list[float], size: float, rows: list[list[str]] | None = None
) -> list[float] | None:
    """Column widths in mm across the page, close to ``relative``, each wide enough for the
    longest word of its heading and of its cells, in bold at ``size`` (sums are bold), so no
    word breaks in the middle; None if the page is too narrow for that."""
    pdf.set_font("DejaVu", "B", size)
    columns = list(zip(header, *rows)) if rows else [[heading] for heading in header]
    need = [
        max((pdf.get_string_width(word) for text in column for word in text.split()), default=0)
        + 2 * CELL_PADDING_MM
        + 1
        for column in columns
    ]
    widths = [pdf.epw * r / sum(relative) for r in relative]
    while short := [i for i, w in enumerate(widths) if w < need[i] - 1e-6]:
        deficit = sum(need[i] - widths[i] for i in short)
        for i in short:
            widths[i] = need[i]
        slack = {i: widths[i] - need[i] for i in range(len(widths)) if i not in short and widths[i] > need[i]}
        if sum(slack.values()) < deficit:
            return None
        total = sum(slack.values())
        for i, spare in slack.items():
            widths[i] -= deficit * spare / total
    return widths


def _fpdf_table(pdf: FPDF, block: Table) -> None:
    relative = block.widths or [1] * len(block.header)
    size, widths = next(
        ((size, w) for size in TABLE_SIZES if (w := column_widths(pdf, block.header, relative, size, block.rows))),
        (TABLE_SIZES[-1], relative),
    )
    pdf.set_font("DejaVu", size=size)
    bold = block.bold or [False] * len(block.rows)
    with pdf.table(
        width=pdf.epw,
        col_widths=widths,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        line_height=size * 0.53,
        padding=CELL_PADDING_MM,
        text_align="LEFT",
    ) as grid:
        grid.row(block.header)
        for cells, strong in zip(block.rows, bold):
            row = grid.row()
            for text in cells:
                row.cell(text, style=FontFace(emphasis="BOLD") if strong else None)
    pdf.ln(3)
