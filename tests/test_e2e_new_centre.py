"""A director starts a centre of their own in a real browser: a pasted staffing table to an exported org chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.appserver import page_option
from tests.test_e2e import CHROMIUM, CHROMIUM_ARGS, RUN_TIMEOUT_MS

TABLE = [
    [
        "Kierownik Gminnego Ośrodka Pomocy Społecznej",
        "",
        "K",
        "ul. Lipowa 2, 99-999 Lipowo",
        "Kierownik",
        "1",
        "Obsługa administracyjna i finansowa, Świadczenia przyznawane decyzją",
    ],
    [
        "Zespół Pracowników Socjalnych",
        "K",
        "ZPS",
        "",
        "Starszy pracownik socjalny",
        "2",
        "Pierwszy kontakt, Praca socjalna, Usługi",
    ],
    ["Zespół Pracowników Socjalnych", "", "", "", "Pracownik socjalny", "1,5", ""],
    [
        "Stanowisko ds. Świadczeń",
        "K",
        "SŚ",
        "",
        "Inspektor",
        "1/2",
        "Świadczenia rodzinne i wychowawcze, Realizacja świadczeń",
    ],
]


@pytest.mark.e2e
def test_a_director_starts_a_centre_from_a_pasted_table_and_exports_its_org_chart(served_app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} not found: install Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_app)
            page = context.new_page()
            page.goto(served_app)
            page.get_by_role("button", name="Nowy ośrodek").click(timeout=RUN_TIMEOUT_MS)
            dialog = page.get_by_role("dialog")
            expect(dialog).to_be_visible(timeout=RUN_TIMEOUT_MS)
            dialog.get_by_text("Gminny ośrodek pomocy społecznej (GOPS)").click()
            name = dialog.get_by_label("Pełna nazwa ośrodka (mianownik)")
            name.fill("Gminny Ośrodek Pomocy Społecznej w Lipowie")
            name.press("Tab")
            expect(dialog.get_by_text("Dyrektora Gminnego Ośrodka Pomocy Społecznej w Lipowie")).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )
            population = dialog.get_by_label("Liczba mieszkańców gminy")
            population.fill("6500")
            population.press("Tab")
            # paste the table from the clipboard over the example, as from a spreadsheet
            grid = dialog.locator("[data-testid='stDataFrame']")
            expect(grid).to_be_visible(timeout=RUN_TIMEOUT_MS)
            text = "\n".join("\t".join(row) for row in TABLE)
            page.evaluate("text => navigator.clipboard.writeText(text)", text)
            # The grid paints a canvas: a click before its first paint is lost, and so is the
            # paste. Paste again (a bounded few times) until its accessible table shows the rows.
            for attempt in range(3):
                box = grid.bounding_box()
                page.mouse.click(box["x"] + 60, box["y"] + 55)  # the first cell below the header
                page.keyboard.press("Control+V")
                try:
                    expect(grid.get_by_text(TABLE[1][0]).first).to_be_attached(timeout=5_000)
                    break
                except AssertionError:
                    if attempt == 2:
                        raise
            page.wait_for_timeout(500)  # the editor's value reaches the server before the click below
            dialog.get_by_label("Nazwa scenariusza (domyślnie nazwa ośrodka)").fill("GOPS Lipowo")
            dialog.get_by_role("button", name="Utwórz ośrodek").click()
            expect(page.get_by_role("heading", name="Gminny Ośrodek Pomocy Społecznej w Lipowie")).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )
            expect(page.get_by_text("Zespół Pracowników Socjalnych").first).to_be_attached(timeout=RUN_TIMEOUT_MS)
            page_option(page, "Eksport").click()
            button = page.get_by_role("button", name="SVG").first
            expect(button).to_be_visible(timeout=RUN_TIMEOUT_MS)
            with page.expect_download(timeout=RUN_TIMEOUT_MS) as download:
                button.click()
            svg = Path(download.value.path()).read_text(encoding="utf-8")
            texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
            assert "Zespół Pracowników Socjalnych" in texts and "Stanowisko ds. Świadczeń" in texts
            assert "łącznie 5 etatów" in texts  # 1 + 2 + 1,5 + 1/2 from the pasted rows
            assert "Tarnowsk" not in svg  # nothing of the template's own centre carries over
            page.screenshot(path=str(tmp_path / "new_centre.png"), full_page=True)
        finally:
            browser.close()
