"""Annex 2 on its own (DOCX, PDF, CSV) and the org chart on the page that keeps it readable."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest

from model import load_scenario
from model.cli import main
from model.exports.annex import staffing_annex_file
from model.exports.render import AUTO_PAGES, MIN_TEXT_PT, Page, chart_pdf_auto

ROOT = Path(__file__).resolve().parents[1]
TG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "annex.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_annex_as_a_word_document_has_its_rows_and_the_centre_s_total():
    scenario = load_scenario(TG)
    document = docx.Document(io.BytesIO(staffing_annex_file(scenario, "docx")))
    table = next(
        t for t in document.tables if any(row.cells[1].text == "Ogółem" for row in t.rows if len(row.cells) > 1)
    )
    rows = [[c.text for c in row.cells] for row in table.rows]
    total = next(r for r in rows if r[1] == "Ogółem")
    expected = sum(u.fte() for u in scenario.units)
    assert float(total[-1].replace(",", ".")) == pytest.approx(expected)
    names = {r[1] for r in rows}
    assert {u.name for u in scenario.units if u.staff} <= names
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Załącznik nr 2" in text and "art. 110 ust. 11" in text


def test_the_annex_as_a_pdf_carries_the_draft_notice_while_the_regulation_cannot_be_signed(tmp_path):
    text = pdf_text(staffing_annex_file(load_scenario(TG), "pdf"), tmp_path)
    assert "Załącznik nr 2" in text and "Ogółem" in text
    assert "PROJEKT" in text  # the shipped 2017 configuration has no order number


@pytest.mark.parametrize("fmt", ["csv", "md", "docx", "pdf"])
def test_cli_exports_the_annex_in_every_format(fmt, tmp_path):
    out = tmp_path / f"etatyzacja.{fmt}"
    assert main(["export", "staffing", str(TG), "-o", str(out)]) == 0
    assert out.stat().st_size > 500


def test_the_chart_goes_on_the_first_page_that_keeps_its_text_readable_and_says_which(capsys, tmp_path):
    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_cus.yaml")
    chosen = chart_pdf_auto(scenario)
    assert chosen.text_pt >= MIN_TEXT_PT - 1e-9
    earlier = AUTO_PAGES[: AUTO_PAGES.index(chosen.page)] if not chosen.split else AUTO_PAGES
    from model.exports.render import Layouts

    layouts = Layouts(scenario, {})
    assert all(not layouts.fit(page).readable for page in earlier)  # none smaller would do
    out = tmp_path / "schemat.pdf"
    assert main(["export", "orgchart", str(ROOT / "org_configs" / "tarnowskie_gory_cus.yaml"), "-o", str(out)]) == 0
    assert chosen.page.label().text("en") in capsys.readouterr().err
    assert out.read_bytes().startswith(b"%PDF")
    assert Page("a4") in AUTO_PAGES
