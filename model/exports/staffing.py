"""Annex 2, *etatyzacja*: FTE per unit and role, totals per department and for the centre.

The table is built once (:func:`staffing`) and written as CSV here, as a table of the
regulation in :mod:`model.exports.regulation`. The art. 110 check reuses the STAFF001 validation rule
and its constants, so the annex and the validator can never disagree.

CSV follows Polish spreadsheet habits: ``;`` between fields, decimal comma; write it with
:data:`CSV_ENCODING` so that Excel shows the diacritics.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from model.checks.findings import Finding, Severity
from model.config.loader import Scenario
from model.config.norms import staffing_norm
from model.config.schema import SOCIAL_WORKER_ROLES, Role, Unit, UnitKind
from model.exports.orgchart import fte_phrase
from model.exports.wording import division_of, genitive
from model.i18n import t
from model.law.norms import NormCheck
from model.staffing.costs import MONTHS, staff_costs

CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark: how Excel recognises UTF-8 in a CSV file."""


def role_name(role: Role, lang: str = "pl") -> str:
    """Column heading of a role (plural), from the catalogue (``roles.<value>``)."""
    return t(f"roles.{role.value}", lang)


TEXT = {
    "pl": {
        "symbol": "Symbol",
        "unit": "Komórka organizacyjna",
        "total": "Razem",
        "kind": "Wiersz",
        "subtotal": "Razem: {name}",
        "division": "Razem {name}",
        "centre": "Ogółem",
        "row": "komórka",
        "sum": "suma",
        "monthly": "Koszt miesięczny (zł)",
        "annual": "Koszt roczny (zł)",
        "cost_note": "Koszt etatu: wynagrodzenie brutto wraz ze składkami pracodawcy, według sekcji costs konfiguracji.",
        "cost_missing": "Koszty nie obejmują stanowisk bez podanego kosztu etatu: {roles}.",
    },
    "en": {
        "symbol": "Symbol",
        "unit": "Organisational unit",
        "total": "Total",
        "kind": "Row",
        "subtotal": "Total: {name}",
        "division": "Total {name}",
        "centre": "Centre total",
        "row": "unit",
        "sum": "sum",
        "monthly": "Monthly cost (PLN)",
        "annual": "Annual cost (PLN)",
        "cost_note": "Cost of an FTE: gross pay with the employer's contributions, from the configuration's costs section.",
        "cost_missing": "The costs leave out roles with no FTE cost: {roles}.",
    },
}


@dataclass(frozen=True)
class Row:
    """One line of the table: a unit's own staff, or the sum over a unit and its subordinates."""

    symbol: str
    name: str
    level: int
    fte: dict[Role, float]
    subtotal: bool = False
    division: bool = False
    """A management unit's subtotal: its whole division (pion)."""
    unit: Unit | None = None
    """The unit of the row (None for the centre's total)."""
    monthly: float | None = None
    """Staff cost a month, PLN (``None`` when the configuration gives no costs)."""

    @property
    def total(self) -> float:
        return sum(self.fte.values())


@dataclass(frozen=True)
class Norm:
    """Art. 110 ust. 11 of the Act on social assistance, applied to the centre: the rule's own
    check (:func:`model.config.norms.staffing_norm`, arithmetic in :mod:`model.law.norms`) and the
    population it counts."""

    population: int
    check: NormCheck

    @property
    def social_workers(self) -> float:
        return self.check.have

    @property
    def required(self) -> float:
        return self.check.required

    @property
    def met(self) -> bool:
        return self.check.met

    @property
    def families(self) -> int | None:
        return self.check.families

    @property
    def inhabitants_per_worker(self) -> float | None:
        return self.population / self.social_workers if self.social_workers else None

    def sentence(self) -> str:
        """The check in one Polish sentence, for the annex."""
        required = fte_phrase(math.ceil(self.required * 10) / 10)
        families = (
            f" albo na najwyżej {self.check.families_per} rodzin objętych pracą socjalną"
            if self.check.families_per
            else ""
        )
        text = (
            f"Norma zatrudnienia (art. 110 ust. 11 ustawy o pomocy społecznej: 1 pracownik socjalny na "
            f"{thousands(self.check.per)} mieszkańców{families}, nie mniej niż {self.check.least}): "
            f"dla {thousands(self.population)} mieszkańców"
            + (f" i {thousands(self.families)} rodzin objętych pracą socjalną" if self.families is not None else "")
            + f" wymagane co najmniej {required} pracowników socjalnych, "
            f"zatrudnione: {fte_phrase(self.social_workers)}"
        )
        if self.met:
            return text + " – norma spełniona."
        return text + f" – norma niespełniona, niedobór: {fte_phrase(self.required - self.social_workers)}."


@dataclass(frozen=True)
class Staffing:
    """Annex 2 as a table, before it is written to CSV, Markdown, DOCX or PDF (one content, several formats)."""

    rows: list[Row]
    roles: list[Role] = field(default_factory=list)
    """Roles that occur, in the order of :class:`Role`: the table's columns."""
    norm: Norm | None = None
    missing_costs: tuple[str, ...] = ()
    """Roles with no FTE cost, left out of the cost columns."""

    @property
    def costed(self) -> bool:
        return self.centre.monthly is not None

    @property
    def centre(self) -> Row:
        return self.rows[-1]


def staffing(scenario: Scenario) -> Staffing:
    """The annex's table: each unit in chart order, a subtotal after every unit with
    subordinates below the top, and the centre's total; plus the art. 110 check."""
    rows: list[Row] = []
    summary = staff_costs(scenario) if scenario.config.costs else None
    own = {u.unit_id: u.monthly for u in summary.units} if summary else {}

    def cost(units: Iterable[Unit]) -> float | None:
        return sum(own.get(u.id, 0.0) for u in units) if summary else None

    def add(unit: Unit, level: int) -> None:
        rows.append(Row(unit.symbol or "", unit.name, level, _by_role(unit.staff), unit=unit, monthly=cost([unit])))
        for child in unit.units:
            add(child, level + 1)
        if unit.units and level > 0:
            rows.append(
                Row(
                    unit.symbol or "",
                    unit.name,
                    level,
                    _by_role(s for u in unit.walk() for s in u.staff),
                    subtotal=True,
                    division=unit.kind == UnitKind.management
                    or (unit.kind == UnitKind.post and bool(genitive(unit.name))),
                    unit=unit,
                    monthly=cost(unit.walk()),
                )
            )

    for top in scenario.config.units:
        add(top, 0)
    rows.append(
        Row(
            "", "", 0, _by_role(s for u in scenario.units for s in u.staff), subtotal=True, monthly=cost(scenario.units)
        )
    )
    used = {role for row in rows for role in row.fte}
    centre = scenario.config.centre
    check = staffing_norm(scenario)
    norm = Norm(centre.population, check) if check else None
    return Staffing(rows, [role for role in Role if role in used], norm, summary.missing if summary else ())


def _by_role(staff: Iterable) -> dict[Role, float]:
    result: dict[Role, float] = {}
    for member in staff:
        result[member.role] = result.get(member.role, 0.0) + member.fte
    return result


def table(data: Staffing, lang: str = "pl", costs: bool = False) -> tuple[list[str], list[list[str]], list[bool]]:
    """Header, cells and which rows are sums: the table as every format shows it; with ``costs``
    (and costs in the configuration) two more columns, monthly and annual staff cost."""
    text = TEXT.get(lang, TEXT["pl"])
    costs = costs and data.costed
    header = [
        text["symbol"],
        text["unit"],
        *(role_name(r, lang) for r in data.roles),
        text["total"],
        *((text["monthly"], text["annual"]) if costs else ()),
    ]
    cells, sums = [], []
    for index, row in enumerate(data.rows):
        if index == len(data.rows) - 1:
            name = text["centre"]
        elif row.subtotal:
            division = division_of(row.unit) if lang == "pl" and row.unit else f"division: {row.name}"
            name = text["division"].format(name=division) if row.division else text["subtotal"].format(name=row.name)
        else:
            name = row.name
        cells.append(
            [
                row.symbol,
                name,
                *(number(row.fte.get(r, 0.0)) if row.fte.get(r) else "" for r in data.roles),
                number(row.total),
                *((money(row.monthly), money(row.monthly * MONTHS)) if costs and row.monthly is not None else ()),
            ]
        )
        sums.append(row.subtotal)
    return header, cells, sums


def social_worker_table(data: Staffing, lang: str = "pl") -> tuple[list[str], list[list[str]]]:
    """Social workers of the whole centre by post (grade) and in total, as MRPiPS-03 counts them;
    empty when the centre has none. Managers are not counted, whatever their qualifications."""
    centre = data.centre.fte
    grades = [role for role in Role if role in SOCIAL_WORKER_ROLES and centre.get(role)]
    if not grades:
        return [], []
    rows = [[role_name(role, lang), number(centre[role])] for role in grades]
    rows.append([t("staffing.social_workers_total", lang), number(sum(centre[role] for role in grades))])
    return [t("staffing.social_workers", lang), TEXT.get(lang, TEXT["pl"])["total"]], rows


def staffing_csv(scenario: Scenario, lang: str = "pl") -> str:
    """Annex 2 as CSV: one line per table row, a first column saying whether it is a sum."""
    text = TEXT.get(lang, TEXT["pl"])
    header, cells, sums = table(staffing(scenario), lang, costs=True)
    return write_csv(
        [text["kind"], *header], [[text["sum"] if is_sum else text["row"], *row] for row, is_sum in zip(cells, sums)]
    )


def staffing_markdown(scenario: Scenario, lang: str = "pl") -> str:
    """Annex 2 as a Markdown table with the art. 110 sentence below it."""
    data = staffing(scenario)
    text = TEXT.get(lang, TEXT["pl"])
    header, cells, sums = table(data, lang, costs=True)
    lines = [markdown_table(header, cells, sums)]
    grade_header, grade_rows = social_worker_table(data, lang)
    if grade_rows:
        lines += ["", markdown_table(grade_header, grade_rows, [False] * (len(grade_rows) - 1) + [True])]
    if data.norm:
        lines += ["", data.norm.sentence()]
    if data.costed:
        lines += ["", text["cost_note"]]
        if data.missing_costs:
            lines.append(text["cost_missing"].format(roles=", ".join(data.missing_costs)))
    return "\n".join(lines) + "\n"


def markdown_table(header: list[str], rows: list[list[str]], bold: list[bool] | None = None) -> str:
    """A pipe table; rows flagged in ``bold`` (sums) are set in bold."""

    def line(cells: list[str], strong: bool = False) -> str:
        cells = [c.replace("|", "\\|") for c in cells]
        return "| " + " | ".join(f"**{c}**" if strong and c else c for c in cells) + " |"

    bold = bold or [False] * len(rows)
    return "\n".join([line(header), "|" + "---|" * len(header), *(line(r, b) for r, b in zip(rows, bold))])


def number(value: float) -> str:
    """A number as Polish documents write it: decimal comma, no needless zeros."""
    return f"{round(value, 2):g}".replace(".", ",")


def money(value: float) -> str:
    """Whole złoty with Polish digit groups, e.g. ``813 120``."""
    return thousands(round(value))


def thousands(value: int) -> str:
    """``61 000``: Polish groups digits with a (non-breaking) space."""
    return f"{value:,}".replace(",", "\u00a0")


def write_csv(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


SEVERITY_NAMES = {
    "pl": {Severity.error: "błąd", Severity.warning: "ostrzeżenie"},
    "en": {Severity.error: "error", Severity.warning: "warning"},
}


def findings_csv(findings: Iterable[Finding], lang: str = "pl") -> str:
    """Validation findings as CSV, in the same spreadsheet conventions as the annexes."""
    header = {
        "pl": ["Reguła", "Waga", "Komunikat", "Plik", "Wiersz", "Dotyczy"],
        "en": ["Rule", "Severity", "Message", "File", "Line", "Subject"],
    }[lang if lang == "en" else "pl"]
    names = SEVERITY_NAMES[lang if lang == "en" else "pl"]
    return write_csv(
        header,
        (
            [f.rule, names[f.severity], f.text(lang), f.file, "" if f.line is None else str(f.line), f.subject or ""]
            for f in findings
        ),
    )
