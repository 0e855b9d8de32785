"""The staffing table a centre keeps in a spreadsheet (*etatyzacja*), read into units and posts.

One row a post: the unit, its parent unit, symbol, kind, address, the post (role), its FTE and
the functions the unit serves; a unit may take several rows (one a post) and a row with no post
declares a unit alone (a department heading). Headers may be Polish as offices write them
("Komórka", "Komórka nadrzędna", "Stanowisko", "Etat") or the English keys; ``--map`` renames
others. FTE is read as Polish spreadsheets write it: ``0,5``, ``1/2``, ``½``. Posts are read by
their job titles ("starszy pracownik socjalny", "referent"); a title not known is reported with
its row, or mapped by the caller (``role_map``).

Every problem names the file and the spreadsheet row (header = row 1); all are reported at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from model.config.errors import ConfigError, Problem
from model.config.functions import BUILTIN
from model.config.schema import Role, UnitKind
from model.config.tabular import read_table
from model.i18n import Message, msg, t

COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("komórka", "komórka organizacyjna", "nazwa komórki", "jednostka", "unit"),
    "parent": ("komórka nadrzędna", "nadrzędna", "podlega", "parent"),
    "symbol": ("symbol",),
    "kind": ("rodzaj", "typ", "rodzaj komórki", "kind"),
    "address": ("adres", "lokalizacja", "address"),
    "role": ("stanowisko", "nazwa stanowiska", "role"),
    "fte": ("etat", "etaty", "wymiar etatu", "liczba etatów", "fte"),
    "functions": ("funkcje", "zadania", "functions"),
}
"""Our key → the headers taken for it (compared without case, spaces or diacritics)."""
REQUIRED = ("unit",)

TITLES: dict[str, Role] = {
    "dyrektor": Role.manager,
    "zastępca dyrektora": Role.manager,
    "kierownik": Role.manager,
    "kierownik działu": Role.manager,
    "kierownik zespołu": Role.manager,
    "kierownik sekcji": Role.manager,
    "kierownik ośrodka": Role.manager,
    "aspirant pracy socjalnej": Role.social_worker_aspirant,
    "pracownik socjalny": Role.social_worker,
    "starszy pracownik socjalny": Role.social_worker_senior,
    "specjalista pracy socjalnej": Role.social_work_specialist,
    "starszy specjalista pracy socjalnej": Role.social_work_specialist_senior,
    "asystent rodziny": Role.family_assistant,
    "organizator usług społecznych": Role.services_organiser,
    "koordynator indywidualnych planów usług społecznych": Role.plan_coordinator,
    "organizator społeczności lokalnej": Role.community_organiser,
    "referent": Role.clerk,
    "starszy referent": Role.clerk,
    "podinspektor": Role.clerk,
    "inspektor": Role.clerk,
    "starszy inspektor": Role.clerk,
    "pomoc administracyjna": Role.clerk,
    "sekretarka": Role.clerk,
    "pracownik administracyjny": Role.clerk,
    "specjalista": Role.specialist,
    "starszy specjalista": Role.specialist,
    "główny specjalista": Role.specialist,
    "informatyk": Role.specialist,
    "księgowy": Role.accountant,
    "księgowa": Role.accountant,
    "główny księgowy": Role.accountant,
    "główna księgowa": Role.accountant,
    "kasjer": Role.accountant,
    "opiekunka": Role.carer,
    "opiekun": Role.carer,
    "opiekunka domowa": Role.carer,
    "psycholog": Role.psychologist,
    "radca prawny": Role.lawyer,
    "prawnik": Role.lawyer,
}
"""Job titles (singular, as a staffing table writes them) → the role the annex and MRPiPS-03 count."""

NAMED_ROLES = frozenset(Role) - {Role.manager, Role.clerk, Role.specialist, Role.accountant, Role.carer, Role.other}
"""Roles that are job titles themselves: a post under such a title needs no note."""

KINDS: dict[str, UnitKind] = {
    "dyrekcja": UnitKind.management,
    "kierownictwo": UnitKind.management,
    "dział": UnitKind.department,
    "zespół": UnitKind.team,
    "stanowisko": UnitKind.post,
    "samodzielne stanowisko": UnitKind.post,
    "sekcja": UnitKind.section,
}
"""Polish words for a unit's kind; a name starting with one of them gives the kind when none is given."""

FRACTIONS = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅓": "1/3", "⅔": "2/3"}


def fold(text: str) -> str:
    """Lower case, single spaces, no diacritics (``Komórka  Nadrzędna`` → ``komorka nadrzedna``)."""
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


@dataclass(frozen=True)
class Post:
    """One post of a unit, with the spreadsheet row it came from."""

    role: Role
    fte: float
    row: int
    title: str
    """The job title as the table wrote it."""

    @property
    def note(self) -> str | None:
        """The title, when it says more than the role does (``Inspektor`` of a clerk; not ``Pracownik socjalny``)."""
        same = {fold(title) for title, role in TITLES.items() if role == self.role and role in NAMED_ROLES}
        return None if fold(self.title) in same or self.title == self.role.value else self.title


@dataclass
class TableUnit:
    """A unit of the table, with its posts and the row that first named it."""

    name: str
    row: int
    parent: str | None = None
    symbol: str | None = None
    kind: UnitKind | None = None
    address: str | None = None
    functions: list[str] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)


@dataclass(frozen=True)
class StaffTable:
    """The units of a staffing table in the order they first appear (parents need not come first)."""

    units: dict[str, TableUnit]
    file: str


def parse_fte(text: str) -> float | None:
    """``1``, ``0,5``, ``0.75``, ``1/2``, ``½``, ``1 1/2`` → a number; None when it is none of these."""
    text = text.strip()
    for glyph, plain in FRACTIONS.items():
        text = text.replace(glyph, f" {plain}")
    match = re.fullmatch(r"(?:(\d+)\s+)?(\d+)\s*/\s*(\d+)", text.strip())
    if match:
        whole, top, bottom = match.groups()
        if int(bottom) == 0:
            return None
        return float(int(whole or 0) + Fraction(int(top), int(bottom)))
    try:
        return float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None


def parse_column_map(items: list[str], file: str = "--map") -> dict[str, str]:
    """``["unit=Nazwa działu", "fte=Wymiar"]`` → our key → the file's header."""
    mapping: dict[str, str] = {}
    for item in items:
        key, sep, column = item.partition("=")
        if not sep or key.strip() not in COLUMNS or not column.strip():
            raise ConfigError(Problem(file, None, msg("error.staff.map", item=item, keys=", ".join(COLUMNS))))
        mapping[key.strip()] = column.strip()
    return mapping


def parse_role_map(items: list[str], file: str = "--role") -> dict[str, Role]:
    """``["Inspektor ds. świadczeń=clerk"]`` → folded title → role."""
    mapping: dict[str, Role] = {}
    for item in items:
        title, sep, role = item.rpartition("=")
        if not sep or role.strip() not in Role.__members__ or not title.strip():
            raise ConfigError(
                Problem(file, None, msg("error.staff.role_map", item=item, roles=", ".join(Role.__members__)))
            )
        mapping[fold(title)] = Role(role.strip())
    return mapping


def role_of(title: str, extra: Mapping[str, Role] | None = None) -> Role | None:
    """The role a job title names: the caller's map, the titles above, a role's own id or its annex heading."""
    key = fold(title)
    known = {fold(k): v for k, v in TITLES.items()} | dict(extra or {})
    if key in known:
        return known[key]
    if title.strip() in Role.__members__:
        return Role(title.strip())
    headings = {fold(t(f"roles.{r.value}", lang)): r for r in Role for lang in ("pl", "en")}
    if key in headings:
        return headings[key]
    # "Starszy pracownik socjalny ds. usług": a known title followed by its specialism
    for name in sorted(known, key=len, reverse=True):
        if key.startswith(name + " ds") or key.startswith(name + " -") or key.startswith(name + " ("):
            return known[name]
    return None


def kind_of(text: str, name: str) -> UnitKind | None:
    """The kind written in the table, else the one its name starts with ("Dział …", "Zespół …")."""
    kinds = {fold(k): v for k, v in KINDS.items()} | {k: UnitKind(k) for k in UnitKind.__members__}
    if text.strip():
        return kinds.get(fold(text))
    folded = fold(name)
    for word in sorted(kinds, key=len, reverse=True):
        if folded.startswith(word + " ") or folded == word:
            return kinds[word]
    if folded.startswith(("dyrektor", "zastepca", "kierownik")):
        return UnitKind.management
    return None


def function_ids(text: str, known: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Functions named in a cell (ids or Polish names, separated by commas or semicolons): (ids, unknown)."""
    found: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[;,]", text):
        part = part.strip()
        if not part:
            continue
        key = known.get(part) or known.get(fold(part))
        (found if key else unknown).append(key or part)
    return found, unknown


def read_staff_table(
    data: bytes,
    name: str,
    columns: Mapping[str, str] | None = None,
    roles: Mapping[str, Role] | None = None,
    functions: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> StaffTable:
    """The table's units and posts; every bad cell is a :class:`Problem` with its row, raised together.

    ``functions`` maps the configuration's own function ids and names to ids, beside the built-in ones.
    """
    table = read_table(data, name, encoding)
    frame = table.frame
    chosen = _columns(list(frame.columns), name, columns or {})
    known_functions = {f.id: f.id for f in BUILTIN.values()} | {fold(f.name): f.id for f in BUILTIN.values()}
    known_functions |= dict(functions or {})
    units: dict[str, TableUnit] = {}
    problems: list[Problem] = []

    def cell(record: Mapping[str, str], key: str) -> str:
        return str(record.get(chosen[key], "")).strip() if key in chosen else ""

    def problem(row: int, message: Message) -> None:
        problems.append(Problem(name, row, message))

    for offset, record in enumerate(frame.to_dict("records")):
        row = table.first_row + offset
        unit_name = cell(record, "unit")
        if not unit_name:
            if any(cell(record, k) for k in chosen):
                problem(row, msg("error.staff.no_unit"))
            continue
        unit = units.setdefault(unit_name, TableUnit(unit_name, row))
        for key in ("parent", "symbol", "address"):
            if conflict := _set_once(unit, key, cell(record, key)):
                problem(row, msg("error.staff.conflict", unit=unit_name, column=chosen[key], first=conflict))
        for message in _classify(unit, cell(record, "kind"), cell(record, "functions"), known_functions):
            problem(row, message)
        title, fte_text = cell(record, "role"), cell(record, "fte")
        if title or fte_text:
            problems += _add_post(unit, title, fte_text, roles, name, row)
    if not units and not problems:
        problems.append(Problem(name, None, msg("error.calib.empty")))
    problems += _parent_problems(units, name)
    if problems:
        raise ConfigError(problems)
    return StaffTable(units, name)


def _columns(found: list[str], name: str, columns: Mapping[str, str]) -> dict[str, str]:
    """Which header of the table holds each key: the one ``columns`` names, else the first of its
    usual names; a table without the required columns is refused, naming what it has."""
    headers = {fold(c): c for c in found}
    chosen: dict[str, str] = {}
    for key, names in COLUMNS.items():
        wanted = columns.get(key)
        if wanted is not None:
            match = wanted if wanted in found else headers.get(fold(wanted))
        else:
            match = next((headers[fold(n)] for n in names if fold(n) in headers), None)
        if match is not None:
            chosen[key] = match
    missing = [COLUMNS[k][0].capitalize() for k in REQUIRED if k not in chosen]
    if "role" in chosen and "fte" not in chosen:
        missing.append(COLUMNS["fte"][0].capitalize())
    if missing:
        raise ConfigError(
            Problem(name, 1, msg("error.staff.columns", missing=", ".join(missing), found=", ".join(found)))
        )
    return chosen


def _classify(unit: TableUnit, kind_text: str, functions_text: str, known: Mapping[str, str]) -> list[Message]:
    """A row's kind of unit and its functions given to ``unit``; what in them is unknown."""
    found = []
    if kind_text or unit.kind is None:
        kind = kind_of(kind_text, unit.name)
        if kind_text and kind is None:
            found.append(msg("error.staff.kind", value=kind_text, kinds=", ".join(KINDS)))
        unit.kind = kind or unit.kind
    ids, unknown = function_ids(functions_text, known)
    unit.functions += [f for f in ids if f not in unit.functions]
    found += [msg("error.staff.function", value=item, known=", ".join(sorted(BUILTIN))) for item in unknown]
    return found


def _set_once(unit: TableUnit, key: str, value: str) -> str | None:
    """Set a unit's detail from its first row that gives one; what it was, when a later row differs."""
    if not value:
        return None
    if getattr(unit, key) is None:
        setattr(unit, key, value)
        return None
    return None if getattr(unit, key) == value else str(getattr(unit, key))


def _add_post(
    unit: TableUnit, title: str, fte_text: str, roles: Mapping[str, Role] | None, name: str, row: int
) -> list[Problem]:
    """A row's post (its job title and FTE) added to ``unit``; the problems of the row's cells."""
    role = role_of(title, roles) if title else None
    fte = parse_fte(fte_text) if fte_text else None
    problems = []
    if not title:
        problems.append(Problem(name, row, msg("error.staff.no_role", unit=unit.name)))
    elif role is None:
        problems.append(Problem(name, row, msg("error.staff.role", title=title, unit=unit.name)))
    if fte is None:
        problems.append(Problem(name, row, msg("error.staff.fte", value=fte_text, unit=unit.name)))
    elif fte < 0 or fte > 500:
        problems.append(Problem(name, row, msg("error.staff.fte_range", value=fte_text, unit=unit.name)))
    if role is not None and fte is not None and 0 <= fte <= 500:
        unit.posts.append(Post(role, fte, row, title))
    return problems


def _parent_problems(units: Mapping[str, TableUnit], name: str) -> list[Problem]:
    """A parent that is no unit of the table, or a chain of parents that comes back to itself."""
    problems = []
    by_symbol = {u.symbol: u.name for u in units.values() if u.symbol}
    for unit in units.values():
        if unit.parent is not None and unit.parent not in units:
            if unit.parent in by_symbol:
                unit.parent = by_symbol[unit.parent]
            else:
                problems.append(Problem(name, unit.row, msg("error.staff.parent", unit=unit.name, parent=unit.parent)))
    for unit in units.values():
        seen, current = {unit.name}, unit.parent
        while current is not None and current in units:
            if current in seen:
                problems.append(Problem(name, unit.row, msg("error.staff.cycle", unit=unit.name)))
                break
            seen.add(current)
            current = units[current].parent
    return problems
