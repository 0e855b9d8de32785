"""Typesetting of the documents: plain blocks, and a writer per format.

The content of a document (the regulation, the director's order, the impact report) is built
once as a list of blocks and each format only typesets them: Markdown for review in a merge
request, DOCX for the lawyer to edit, and one A4 PDF to attach to the director's order. The DOCX
is A4 in every section, in Polish (pl-PL), with the centre as its author and plain black type.
A title block is centred in every format; a notice is framed, so a draft cannot pass for a
signed act; a signature block sits on the right.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from model.config.schema import Unit
from model.exports.orgchart import fte_phrase
from model.exports.render import Layouts, Page, annex_caption, chart_pdf, chart_png, regulation_title
from model.exports.staffing import markdown_table

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
"""Shipped with the package so a PDF has the Polish letters on any machine."""

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
    centred: bool = False
    """Chapter headings of an act ("Rozdział 1", its title) are centred."""


@dataclass(frozen=True)
class Title:
    """The title block of an act, centred: ``ZARZĄDZENIE NR …`` / ``DYREKTORA …`` / ``z dnia …`` / ``w sprawie …``.

    The first line is the document's title (its DOCX and PDF metadata, its Markdown heading).
    """

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    """A framed notice on the first page: the document is a draft, and why."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """The signature block on the right: the office of whoever signs, a line to sign on."""

    office: str


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


Block = Heading | Title | Notice | Signature | Paragraph | Items | Table | Annex | Chart

SIGNATURE_LINE = "." * 40
"""Where the head signs; "(podpis)" goes under it."""


def document_title(blocks: list[Block], default: str) -> str:
    """The first line of the title block, else the first top-level heading, else ``default``."""
    for block in blocks:
        if isinstance(block, Title):
            return block.lines[0]
        if isinstance(block, Heading) and block.level == 0:
            return block.text
    return default


# --- Markdown ---------------------------------------------------------------------------------


def blocks_markdown(scenario: Scenario, blocks: list[Block]) -> str:
    """Blocks as Markdown (the regulation's, or another document's about ``scenario``)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            heading = "#" * (block.level + 1) + " " + block.text
            out.append(f'<div align="center">\n\n{heading}\n\n</div>' if block.centred else heading)
        elif isinstance(block, Title):
            rest = "  \n".join(block.lines[1:])
            out.append(f'<div align="center">\n\n# {block.lines[0]}\n\n{rest}\n\n</div>')
        elif isinstance(block, Notice):
            out.append("\n".join(f"> {'**' + line + '**' if i == 0 else line}" for i, line in enumerate(block.lines)))
        elif isinstance(block, Signature):
            out.append(f'<div align="right">\n\n{block.office}  \n{SIGNATURE_LINE}  \n(podpis)\n\n</div>')
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


def blocks_docx(scenario: Scenario, blocks: list[Block]) -> bytes:
    """Blocks as a Word document, wide annexes on landscape pages, the chart as a picture."""
    document = docx.Document()
    _docx_setup(document, scenario, document_title(blocks, regulation_title(scenario)))
    for block in blocks:
        if isinstance(block, Heading):
            heading = document.add_heading(block.text, level=block.level)
            if block.centred:
                heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Title):
            for index, line in enumerate(block.lines):
                paragraph = document.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(line)
                run.bold = index < 2  # the kind of act and its author; the date and subject in plain type
                run.font.size = Pt(13 if index == 0 else 11)
        elif isinstance(block, Notice):
            box = document.add_table(rows=1, cols=1)
            box.style = "Table Grid"
            cell = box.rows[0].cells[0]
            cell.text = block.lines[0]
            cell.paragraphs[0].runs[0].bold = True
            for line in block.lines[1:]:
                cell.add_paragraph(line)
            document.add_paragraph()
        elif isinstance(block, Signature):
            for line in ("", block.office, SIGNATURE_LINE, "(podpis)"):
                document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
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
    title_style = document.styles["Title"]
    title_style.font.size = Pt(14)
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = title_style.element.get_or_add_pPr().find(qn("w:pBdr"))
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


# --- PDF --------------------------------------------------------------------------------------


def blocks_pdf(scenario: Scenario, blocks: list[Block], title: str) -> bytes:
    """Blocks as one A4 PDF; an annex holding the :class:`Chart` gets the chart's own pages."""
    parts: list[list[Block] | None] = [blocks]
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
        write = _PDF_WRITERS.get(type(block))
        if write is not None:  # the chart has pages of its own (blocks_pdf)
            write(pdf, block, scenario)
    return bytes(pdf.output())


def _pdf_heading(pdf: FPDF, block: Heading, scenario: Scenario) -> None:
    size = {0: 15, 1: 13, 2: 11.5, 3: 10.5}[block.level]
    pdf.ln(3 if block.level == 3 else 5)
    pdf.set_font("DejaVu", "B", size)
    align = "C" if block.centred else "L"
    pdf.multi_cell(0, size * 0.5, block.text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _pdf_title(pdf: FPDF, block: Title, scenario: Scenario) -> None:
    for index, line in enumerate(block.lines):
        pdf.set_font("DejaVu", "B" if index < 2 else "", 13 if index == 0 else 11)
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _pdf_notice(pdf: FPDF, block: Notice, scenario: Scenario) -> None:
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_draw_color(0, 0, 0)
    top = pdf.get_y()
    pdf.ln(2)
    pdf.set_x(pdf.l_margin + 2)
    pdf.multi_cell(pdf.epw - 4, 5, block.lines[0], align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=9)
    for line in block.lines[1:]:
        pdf.set_x(pdf.l_margin + 2)
        pdf.multi_cell(pdf.epw - 4, 4.5, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_line_width(0.6)
    pdf.rect(pdf.l_margin, top, pdf.epw, pdf.get_y() - top)
    pdf.set_line_width(0.2)
    pdf.ln(4)


def _pdf_signature(pdf: FPDF, block: Signature, scenario: Scenario) -> None:
    pdf.ln(10)
    pdf.set_font("DejaVu", size=10)
    for line in (block.office, "", SIGNATURE_LINE, "(podpis)"):
        pdf.cell(0, 5, line, align="R", new_x="LMARGIN", new_y="NEXT")


def _pdf_paragraph(pdf: FPDF, block: Paragraph, scenario: Scenario) -> None:
    pdf.set_font("DejaVu", size=8.5 if block.small else 10)
    if block.indent:
        pdf.set_x(pdf.l_margin + 10)
    pdf.multi_cell(0, 5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")


def _pdf_items(pdf: FPDF, block: Items, scenario: Scenario) -> None:
    pdf.set_font("DejaVu", size=10)
    for i, item in enumerate(block.items, 1):
        pdf.set_x(pdf.l_margin + 5)
        pdf.multi_cell(0, 5, f"{i}) {item}", align="L", new_x="LMARGIN", new_y="NEXT")


def _pdf_table(pdf: FPDF, block: Table, scenario: Scenario) -> None:
    _fpdf_table(pdf, block)


def _pdf_annex(pdf: FPDF, block: Annex, scenario: Scenario) -> None:
    pdf.add_page(orientation="L" if block.wide else "P")
    pdf.set_font("DejaVu", size=8)
    for line in block.caption or annex_caption(scenario, block.number):
        pdf.cell(0, 4, line, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, block.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


_PDF_WRITERS: dict[type, Callable[[FPDF, Any, Scenario], None]] = {
    Heading: _pdf_heading,
    Title: _pdf_title,
    Notice: _pdf_notice,
    Signature: _pdf_signature,
    Paragraph: _pdf_paragraph,
    Items: _pdf_items,
    Table: _pdf_table,
    Annex: _pdf_annex,
}
"""How each kind of block is set in the PDF (the DOCX and Markdown writers follow the same blocks)."""


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
