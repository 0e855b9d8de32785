"""The staffing table a centre keeps in Excel becomes a configuration: encodings, headers, FTE, roles, rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from model import validate
from model.checks.findings import Severity
from model.cli import main
from model.config.errors import ConfigError
from model.config.loader import load_scenario, load_scenario_text
from model.config.new_centre import TEMPLATES, CentreFacts, new_centre_text, template_functions
from model.config.schema import Role
from model.config.staff_table import parse_fte, read_staff_table, role_of
from model.config.tabular import decode, read_table

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Komórka", "Komórka nadrzędna", "Symbol", "Adres", "Stanowisko", "Etat", "Funkcje"]
ROWS = [
    ["Dyrektor", "", "D", "ul. Główna 1, 42-600 Tarnowskie Góry", "Dyrektor", "1", "administration"],
    ["Dział Świadczeń", "Dyrektor", "DŚ", "", "Kierownik działu", "1", ""],
    [
        "Zespół ds. Świadczeń",
        "Dział Świadczeń",
        "ZŚ",
        "ul. Sienkiewicza 8",
        "Starszy pracownik socjalny",
        "2",
        "decision_benefits",
    ],
    ["Zespół ds. Świadczeń", "", "", "", "Inspektor", "1/2", ""],
    ["Zespół ds. Pracy Socjalnej", "DŚ", "ZPS", "", "Specjalista pracy socjalnej", "3,5", "Praca socjalna; services"],
]


def csv_bytes(rows: list[list[str]], encoding: str = "cp1250", delimiter: str = ";", header=HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode(encoding)


def test_polish_excel_csv_keeps_its_diacritics_and_reads_the_same_as_utf8_with_a_bom():
    excel = read_staff_table(csv_bytes(ROWS), "etaty.csv")
    utf8 = read_staff_table(b"\xef\xbb\xbf" + csv_bytes(ROWS, "utf-8", ","), "etaty.csv")
    assert (
        list(excel.units)
        == list(utf8.units)
        == ["Dyrektor", "Dział Świadczeń", "Zespół ds. Świadczeń", "Zespół ds. Pracy Socjalnej"]
    )
    team = excel.units["Zespół ds. Świadczeń"]
    assert [(p.role, p.fte, p.row) for p in team.posts] == [(Role.social_worker_senior, 2.0, 4), (Role.clerk, 0.5, 5)]
    assert team.parent == "Dział Świadczeń" and team.address == "ul. Sienkiewicza 8"
    # a parent may be named by its symbol; functions by id or Polish name
    social = excel.units["Zespół ds. Pracy Socjalnej"]
    assert social.parent == "Dział Świadczeń" and social.functions == ["social_work", "services"]


def test_the_encoding_is_detected_or_taken_as_given():
    text = "Czynność;Data zakończenia\n"
    assert decode(text.encode("cp1250"), "r.csv") == text
    assert decode(text.encode("utf-8"), "r.csv") == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "r.csv") == text
    assert decode(text.encode("cp1250"), "r.csv", "cp1250") == text
    with pytest.raises(ConfigError) as error:
        decode(("a\n" + text).encode("cp1250"), "r.csv", "utf-8")
    assert error.value.problems[0].line == 2  # the line with the first byte that is not UTF-8
    with pytest.raises(ConfigError, match="nonsense"):
        decode(b"a", "r.csv", "nonsense")


def test_tab_separated_and_excel_tables_read_alike():
    tabbed = read_table(csv_bytes(ROWS, "utf-8", "\t"), "t.tsv").frame
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in ROWS:
        book.active.append([float(c.replace(",", ".")) if c in ("1", "2") else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    excel = read_table(buffer.getvalue(), "t.xlsx").frame
    assert tabbed.columns.tolist() == excel.columns.tolist() == HEADER
    assert tabbed["Etat"].tolist() == excel["Etat"].tolist() == ["1", "1", "2", "1/2", "3,5"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", 1.0), ("0,5", 0.5), ("0.75", 0.75), ("1/2", 0.5), ("½", 0.5), ("1 1/2", 1.5), ("3/4", 0.75)],
)
def test_fte_as_polish_spreadsheets_write_it(text, value):
    assert parse_fte(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["pół", "1/0", "", "1,5,0"])
def test_what_is_no_fte_is_none(text):
    assert parse_fte(text) is None


def test_job_titles_name_their_roles():
    assert role_of("Starszy pracownik socjalny") == Role.social_worker_senior
    assert role_of("starszy  PRACOWNIK socjalny") == Role.social_worker_senior
    assert role_of("Pracownik socjalny ds. usług") == Role.social_worker  # a title with its specialism
    assert role_of("Asystenci rodziny") == Role.family_assistant  # the annex's own heading
    assert role_of("family_assistant") == Role.family_assistant
    assert role_of("Opiekun medyczny") is None
    assert role_of("Opiekun medyczny", {"opiekun medyczny": Role.carer}) == Role.carer


def test_every_wrong_row_is_named_at_once():
    rows = [
        *ROWS,
        ["Zespół X", "Nie ma takiej", "X", "", "Magik", "-1", ""],
        ["", "", "", "", "Referent", "1", ""],
        ["Zespół Y", "", "", "", "Referent", "pół", "teleportacja"],
    ]
    with pytest.raises(ConfigError) as error:
        read_staff_table(csv_bytes(rows), "etaty.csv")
    found = {(p.line, p.code) for p in error.value.problems}
    assert found == {
        (7, "error.staff.role"),
        (7, "error.staff.fte_range"),
        (7, "error.staff.parent"),
        (8, "error.staff.no_unit"),
        (9, "error.staff.fte"),
        (9, "error.staff.function"),
    }
    assert "Magik" in error.value.text("pl") and "etaty.csv:7:" in error.value.text("pl")


def test_a_chain_of_parents_that_comes_back_is_refused():
    rows = [["A", "B", "", "", "Referent", "1", ""], ["B", "A", "", "", "Referent", "1", ""]]
    with pytest.raises(ConfigError) as error:
        read_staff_table(csv_bytes(rows), "etaty.csv")
    assert {p.code for p in error.value.problems} == {"error.staff.cycle"}


def test_missing_columns_are_named_and_map_renames_others():
    header = ["Nazwa działu", "Stanowisko", "Wymiar"]
    data = csv_bytes([["Dyrektor", "Dyrektor", "1"]], header=header)
    with pytest.raises(ConfigError) as error:
        read_staff_table(data, "etaty.csv")
    assert error.value.problems[0].line == 1 and "Komórka" in error.value.text("pl")
    table = read_staff_table(data, "etaty.csv", {"unit": "Nazwa działu", "fte": "wymiar"})
    assert table.units["Dyrektor"].posts[0].fte == 1.0


def shipped_table(config: Path) -> list[list[str]]:
    """A shipped configuration's units and posts as the centre's own staffing table would list them."""
    scenario = load_scenario(config)
    addresses = {location.id: location.address for location in scenario.config.locations}
    rows = []

    def walk(unit, parent):
        posts = unit.staff or [None]
        for index, post in enumerate(posts):
            rows.append(
                [
                    unit.name,
                    parent.name if parent and index == 0 else "",
                    (unit.symbol or "") if index == 0 else "",
                    addresses.get(unit.location, "") if index == 0 else "",
                    post.role.value if post else "",
                    str(post.fte).replace(".", ",") if post else "",
                    ", ".join(unit.functions) if index == 0 else "",
                ]
            )
        for child in unit.units:
            walk(child, unit)

    for top in scenario.config.units:
        walk(top, None)
    return rows


@pytest.mark.parametrize("kind", list(TEMPLATES))
def test_a_shipped_centre_s_own_table_imports_to_a_centre_with_the_same_staff_and_no_new_errors(kind, tmp_path):
    config = ROOT / "org_configs" / TEMPLATES[kind]
    original = load_scenario(config)
    table = read_staff_table(csv_bytes(shipped_table(config)), "etaty.csv", functions=template_functions(kind))
    facts = CentreFacts(name=original.config.centre.name, population=original.config.centre.population)
    text = new_centre_text(kind, facts, table)
    imported = load_scenario_text(text, "nowy.yaml", config.parent)
    assert [(u.name, u.symbol, [(s.role, s.fte) for s in u.staff]) for u in imported.units] == [
        (u.name, u.symbol, [(s.role, s.fte) for s in u.staff]) for u in original.units
    ]
    assert [p.id for p in imported.procedures] == [p.id for p in original.procedures]
    rules = {f.rule for f in validate(imported) if f.severity == Severity.error}
    before = {f.rule for f in validate(original) if f.severity == Severity.error}
    # what the table cannot carry (caseloads, tasks, authorisations) may only lower what is checked
    assert rules <= before | {"STAFF003"}, rules - before


def test_cli_writes_a_configuration_that_exports_the_same_staffing_table(tmp_path, capsys):
    table = tmp_path / "etaty.csv"
    table.write_bytes(csv_bytes(ROWS))
    out = tmp_path / "nowy.yaml"
    assert main(["import-staff", str(table), "-o", str(out), "--template", "gops", "--population", "9000"]) == 0
    annex = tmp_path / "annex.csv"
    assert main(["export", "staffing", str(out), "-o", str(annex)]) == 0
    cells = {row[2]: row for row in csv.reader(io.StringIO(annex.read_text("utf-8-sig")), delimiter=";")}
    header = cells["Komórka organizacyjna"]
    team = dict(zip(header, cells["Zespół ds. Świadczeń"]))
    assert team["Starsi pracownicy socjalni"] == "2" and team["Pracownicy administracyjni"] == "0,5"
    assert dict(zip(header, cells["Ogółem"]))["Razem"] == "8"


def test_cli_refuses_a_bad_table_in_one_line_a_row_and_writes_nothing(tmp_path, capsys):
    table = tmp_path / "etaty.csv"
    table.write_bytes(csv_bytes([*ROWS, ["Zespół X", "", "", "", "Magik", "1", ""]]))
    out = tmp_path / "nowy.yaml"
    assert main(["import-staff", str(table), "-o", str(out), "--lang", "pl"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("błąd: etaty.csv:7: ") and "„Magik”" in err[0]
    assert not out.exists()
    assert main(["import-staff", str(table), "-o", str(out), "--role", "Magik=other"]) == 0
    assert out.exists()


def test_a_case_log_saved_by_polish_excel_is_read_with_its_polish_headers_mapped():
    from model.calibration.log import parse_map, read_log

    text = "Nr sprawy;Czynność;Data zakończenia\r\n1;Rozmowa wstępna;2025-01-02 08:15\r\n1;Decyzja;2025-01-09 12:00\r\n"
    mapping = parse_map(["case=Nr sprawy", "activity=Czynność", "timestamp=Data zakończenia"])
    log = read_log(text.encode("cp1250"), "rejestr.csv", mapping)
    assert log.frame["activity"].tolist() == ["Rozmowa wstępna", "Decyzja"]
    assert log.frame["case"].nunique() == 1 and "1" not in log.frame["case"].tolist()  # pseudonymised
