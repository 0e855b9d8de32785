"""The impact report as a document: :mod:`model.impact.report`'s summary and tables in the regulation's blocks.

A document, so it sits with the other documents, above the typed results it typesets.
"""

from __future__ import annotations

from model.exports.typeset import Heading, Paragraph, Table, blocks_docx, blocks_markdown
from model.i18n import t
from model.impact.diff import Impact
from model.impact.report import impact_tables, summary


def impact_markdown(impact: Impact, lang: str) -> str:
    return blocks_markdown(impact.after, impact_blocks(impact, lang))


def impact_docx(impact: Impact, lang: str) -> bytes:
    return blocks_docx(impact.after, impact_blocks(impact, lang))


def impact_blocks(impact: Impact, lang: str) -> list:
    """The report as the regulation's blocks: a title, the summary, a table per kind of change."""
    blocks: list = [
        Heading(t("impact.title", lang), 0),
        Paragraph(t("impact.pair", lang, before=impact.before.file, after=impact.after.file), small=True),
    ]
    blocks += [Paragraph(line) for line in summary(impact, lang)]
    if impact.empty:
        blocks.append(Paragraph(t("impact.none", lang)))
    for table in impact_tables(impact, lang):
        blocks += [Heading(table.title, 1), Table(table.header, table.rows)]
    return blocks
