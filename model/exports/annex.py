"""Annex 2, *etatyzacja*, on its own: the table a clerk files with the regulation, as CSV, Markdown, DOCX or PDF.

The content is the regulation's own annex 2 (:func:`model.exports.regulation.staffing_blocks`):
FTE per unit and role, a subtotal per division and the centre's total, the social workers by
grade and the art. 110 sentence. A configuration with errors or blanks gets the same PROJEKT notice
on its first page as the regulation, so that an annex cannot look signable where the regulation is not.
"""

from __future__ import annotations

from model.config.loader import Scenario
from model.exports.regulation import ANNEX_TITLES, regulation_status, staffing_blocks
from model.exports.staffing import CSV_ENCODING, staffing_csv, staffing_markdown
from model.exports.typeset import Annex, Block, blocks_docx, blocks_pdf

FORMATS = ("csv", "md", "docx", "pdf")


def staffing_annex_blocks(scenario: Scenario) -> list[Block]:
    """Annex 2's caption, the draft notice when the regulation cannot be signed, then its tables."""
    blocks: list[Block] = [Annex(2, ANNEX_TITLES[2], wide=True)]
    notice = regulation_status(scenario).notice()
    if notice:
        blocks.append(notice)
    return blocks + staffing_blocks(scenario)


def staffing_annex_file(scenario: Scenario, fmt: str, lang: str = "pl") -> bytes:
    """Annex 2 as a file's bytes in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "csv":
        return staffing_csv(scenario, lang).encode(CSV_ENCODING)
    if fmt == "md":
        return staffing_markdown(scenario, lang).encode("utf-8")
    blocks = staffing_annex_blocks(scenario)
    if fmt == "docx":
        return blocks_docx(scenario, blocks)
    if fmt == "pdf":
        return blocks_pdf(scenario, blocks, ANNEX_TITLES[2])
    raise ValueError(fmt)
