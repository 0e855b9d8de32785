"""The Regulamin Organizacyjny as a whole: chapters of numbered paragraphs, then annexes 1–3.

What a centre's legal adviser expects of the act the director signs: general provisions (name,
seat, legal basis, the statute), the management and who deputises, the structure, the chapter of
the units' tasks, the signing of letters and decisions with the mayor's authorisations (art. 110
ust. 7–8 u.p.s.), the receiving of complaints and requests, final provisions, and annexes 1 (chart),
2 (staffing), 3 (symbols). Paragraphs (§) are numbered continuously through the numbered chapters;
a paragraph with several parts numbers them as ustępy ("1.", "2.") and lists as points ("1)"),
each point ending with ";" and the last with ".". A manager's paragraph comes before those of the
units he supervises.

The content is a list of :class:`Section` values keyed by what they regulate (a unit's id, or the
name of a general provision), so the amending order (:mod:`model.exports.amendment`) compares two
regulations paragraph by paragraph. What the configuration leaves out is a dotted blank, listed
in a framed "PROJEKT" notice on the first page together with the configuration's errors
(:mod:`model.exports.draft`); a complete and lawful configuration gives a regulation without it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from model.config.loader import Scenario
from model.config.resolutions import council_genitive
from model.config.schema import Unit, UnitKind
from model.exports.draft import Blanks, NotFinal, Status, errors_of
from model.exports.render import NOMINATIVE
from model.exports.staffing import social_worker_table, staffing, table
from model.exports.typeset import (
    Annex,
    Block,
    Chart,
    Heading,
    Items,
    Paragraph,
    Table,
    Title,
    blocks_docx,
    blocks_markdown,
    blocks_pdf,
)
from model.exports.wording import (
    BLANK,
    centre_genitive,
    describe,
    genitive,
    polish_date,
    punctuate,
    reports_to,
    scope_intro,
    subordinate_to,
)

PLACEHOLDER = "[zadania do uzupełnienia]"

ANNEX_TITLES = {
    1: "Schemat organizacyjny",
    2: "Etatyzacja – liczba etatów w komórkach organizacyjnych",
    3: "Symbole komórek organizacyjnych",
}

CASES = {
    "decision_benefits": "pomocy społecznej",
    "family_benefits": "świadczeń rodzinnych",
    "alimony_fund": "świadczeń z funduszu alimentacyjnego",
    "housing_allowance": "dodatków mieszkaniowych",
    "social_services_organisation": "usług społecznych",
}
"""The matters a head decides on the mayor's authorisation, by the function's id, in the genitive."""

ACTS = {
    "decision_benefits": "ustawy z dnia 12 marca 2004 r. o pomocy społecznej",
    "family_benefits": "ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych",
    "alimony_fund": "ustawy z dnia 7 września 2007 r. o pomocy osobom uprawnionym do alimentów",
    "housing_allowance": "ustawy z dnia 21 czerwca 2001 r. o dodatkach mieszkaniowych",
}
"""The act under which each kind of decision is taken, for the list of the centre's legal bases."""
FAMILY_SUPPORT = "ustawy z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej"
CUS_ACT = "ustawy z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych"
LOCAL_GOVERNMENT = "ustawy z dnia 8 marca 1990 r. o samorządzie gminnym"


@dataclass(frozen=True)
class Ustep:
    """A part of a paragraph: its sentence, and the points that follow it."""

    text: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One paragraph (§) of the regulation, keyed by what it regulates (``unit:ID`` or a name)."""

    key: str
    ustepy: tuple[Ustep, ...]
    heading: str | None = None
    """A unit's name and symbol, which heads the unit's paragraph."""
    group: str | None = None
    """The supervisor's heading the paragraph is listed under (units' chapter only)."""

    def lines(self, number: int | str) -> list[str]:
        """The paragraph as lines of text, numbered ``number``: what an amending order quotes."""
        lines = [f"§ {number}. {self.heading}"] if self.heading else []
        for index, ustep in enumerate(self.ustepy, 1):
            label = f"{index}. " if len(self.ustepy) > 1 else ""
            text = label + ustep.text
            if not lines:
                text = f"§ {number}. {text}"
            lines.append(text)
            lines += [f"{i}) {point}" for i, point in enumerate(ustep.points, 1)]
        return lines

    def blocks(self, number: int | str) -> list[Block]:
        blocks: list[Block] = [Heading(f"§ {number}. {self.heading}", 3)] if self.heading else []
        for index, ustep in enumerate(self.ustepy, 1):
            label = f"{index}. " if len(self.ustepy) > 1 else ""
            lead = "" if self.heading or index > 1 else f"§ {number}. "
            blocks.append(Paragraph(lead + label + ustep.text))
            if ustep.points:
                blocks.append(Items(list(ustep.points)))
        return blocks


@dataclass(frozen=True)
class Chapter:
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Order:
    """The director's order that adopts (or amends) a regulation: number and date, either may be blank."""

    number: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Regulation:
    """The whole regulation of one configuration, with what it left blank."""

    scenario: Scenario
    title: tuple[str, ...]
    chapters: tuple[Chapter, ...]
    blanks: tuple

    @property
    def sections(self) -> list[Section]:
        return [section for chapter in self.chapters for section in chapter.sections]

    def numbers(self) -> dict[str, int]:
        """Section key → its paragraph number, continuous through the chapters."""
        return {section.key: number for number, section in enumerate(self.sections, 1)}


class Names:
    """How the regulation names the centre and its head, declined: "Ośrodek", "Ośrodka", "Dyrektor"…"""

    def __init__(self, scenario: Scenario) -> None:
        centre = scenario.config.centre
        cus = centre.institution == "cus"
        self.nom, self.gen, self.ins, self.acc = (
            ("Centrum",) * 4 if cus else ("Ośrodek", "Ośrodka", "Ośrodkiem", "Ośrodek")
        )
        self.full_gen = centre_genitive(scenario)
        self.head = scenario.config.units[0]
        first = self.head.name.split(" ")[0]
        self.head_title = first if genitive(first) else "Kierownik"  # "Kierownik", the act's word, when unknown
        self.head_gen = genitive(self.head_title) or "Kierownika"


def regulation(scenario: Scenario, order: Order | None = None) -> Regulation:
    """The regulation of ``scenario``; ``order`` is the one adopting it (default: ``centre.regulation``)."""
    blanks = Blanks()
    names = Names(scenario)
    centre = scenario.config.centre
    if order is None:
        adopting = centre.regulation
        order = Order(adopting.order_number if adopting else None, adopting.order_date if adopting else None)
    year = str(order.date.year) if order.date else None
    number = order.number or f"{blanks.fill(None, 'blank.adopting_number')}/{year or BLANK}"
    date = polish_date(order.date) if order.date else blanks.fill(None, "blank.adopting_date")
    title = (
        NOMINATIVE.upper(),
        names.full_gen,
        f"stanowiący załącznik nr 1 do Zarządzenia nr {number} {names.head_gen} {names.full_gen} z dnia {date}",
    )
    chapters = (
        Chapter("Postanowienia ogólne", _general(scenario, names, blanks)),
        Chapter(f"Kierownictwo {names.gen}", _management(scenario, names)),
        Chapter(f"Struktura organizacyjna {names.gen}", _structure(scenario, names)),
        Chapter("Zakres zadań komórek organizacyjnych", _units(scenario, blanks)),
        Chapter("Podpisywanie pism i decyzji, upoważnienia", _signing(scenario, names, blanks)),
        Chapter("Przyjmowanie i rozpatrywanie skarg i wniosków", _complaints(scenario, names)),
        Chapter("Postanowienia końcowe", _final(names)),
    )
    return Regulation(scenario, title, chapters, tuple(blanks.missing))


def statute_reference(scenario: Scenario, blanks: Blanks) -> str:
    """``Statutu … stanowiącego załącznik do uchwały nr … Rady Miejskiej … z dnia …``."""
    centre = scenario.config.centre
    statute = centre.statute
    number = blanks.fill(statute.resolution if statute else None, "blank.statute_resolution")
    day = statute.adopted if statute else None
    when = polish_date(day) if day else blanks.fill(None, "blank.statute_date")
    council = council_genitive(centre.council) if centre.council else blanks.fill(None, "blank.council")
    return f"Statutu {centre_genitive(scenario)} stanowiącego załącznik do uchwały nr {number} {council} z dnia {when}"


def _general(scenario: Scenario, names: Names, blanks: Blanks) -> tuple[Section, ...]:
    centre = scenario.config.centre
    seat = next((loc.address for loc in scenario.config.locations if loc.id == names.head.location), None)
    organ = blanks.fill(centre.municipal_organ, "blank.organ")
    acts = [ACTS["decision_benefits"]]
    if centre.institution == "cus":
        acts.append(CUS_ACT)
    acts.append(FAMILY_SUPPORT)
    authorised = {case for unit in scenario.units for case in unit.authorisations}
    acts += [ACTS[case] for case in ("family_benefits", "alimony_fund", "housing_allowance") if case in authorised]
    acts += [LOCAL_GOVERNMENT, statute_reference(scenario, blanks), "niniejszego Regulaminu"]
    return (
        Section(
            "general.scope",
            (
                Ustep(
                    f"Regulamin Organizacyjny {names.full_gen}, zwany dalej „Regulaminem”, określa organizację "
                    f"wewnętrzną, zasady kierowania i funkcjonowania oraz zakres zadań komórek organizacyjnych "
                    f"{names.full_gen}, zwanego dalej „{names.ins}”."
                ),
            ),
        ),
        Section(
            "general.status",
            (
                Ustep(f"{names.nom} jest jednostką organizacyjną gminy."),
                Ustep(f"Siedzibą {names.gen} jest {blanks.fill(seat, 'blank.seat')}."),
                Ustep(f"Nadzór nad działalnością {names.gen} sprawuje {organ}."),
            ),
        ),
        Section("general.basis", (Ustep(f"{names.nom} działa na podstawie:", tuple(punctuate(acts))),)),
    )


def _deputy(scenario: Scenario) -> Unit | None:
    """Who stands in for the head: the first management post under the head whose title is a deputy's."""
    return next(
        (
            unit
            for unit in scenario.config.units[0].units
            if unit.kind == UnitKind.management and unit.name.split(" ")[0] in ("Zastępca", "Pierwszy")
        ),
        None,
    )


def _management(scenario: Scenario, names: Names) -> tuple[Section, ...]:
    helpers = [
        genitive(unit.name) or unit.name
        for unit in names.head.units
        if unit.kind == UnitKind.management or unit.name.startswith(("Główny Księgowy", "Główna Księgowa"))
    ]
    head = names.head_title
    ustepy = [
        Ustep(
            f"{names.ins} kieruje {head}, który reprezentuje {names.acc} na zewnątrz i wykonuje czynności "
            f"z zakresu prawa pracy wobec pracowników {names.gen}."
        )
    ]
    if len(helpers) == 1:
        ustepy.append(Ustep(f"{head} kieruje {names.ins} przy pomocy {helpers[0]}."))
    elif helpers:
        ustepy.append(Ustep(f"{head} kieruje {names.ins} przy pomocy:", tuple(punctuate(helpers))))
    deputy = _deputy(scenario)
    stand_in = deputy.name if deputy else f"pracownik wyznaczony przez {genitive(head) or head}"
    return (
        Section("management.head", tuple(ustepy)),
        Section(
            "management.deputy",
            (Ustep(f"W czasie nieobecności {genitive(head) or head} {names.ins} kieruje {stand_in}."),),
        ),
    )


def _structure(scenario: Scenario, names: Names) -> tuple[Section, ...]:
    units = [describe(unit) for unit in scenario.units if unit is not names.head]
    return (
        Section(
            "structure.units",
            (
                Ustep(
                    f"W skład {names.gen} wchodzą następujące komórki organizacyjne i stanowiska:",
                    tuple(punctuate(units)),
                ),
                Ustep(
                    "Schemat organizacyjny określa załącznik nr 1 do Regulaminu, liczbę etatów w komórkach "
                    "organizacyjnych – załącznik nr 2, a symbole komórek organizacyjnych – załącznik nr 3."
                ),
            ),
        ),
    )


def nearest_managers(scenario: Scenario) -> dict[str, Unit | None]:
    """Unit id → the management unit it belongs to: itself for a manager, else its nearest managing superior."""
    found: dict[str, Unit | None] = {}

    def visit(unit: Unit, manager: Unit | None) -> None:
        manager = unit if unit.kind == UnitKind.management else manager
        found[unit.id] = manager
        for child in unit.units:
            visit(child, manager)

    for top in scenario.config.units:
        visit(top, None)
    return found


def _units(scenario: Scenario, blanks: Blanks) -> tuple[Section, ...]:
    """The units' paragraphs in the chart's order, so a deputy comes right before the units he
    supervises; each run of one manager's units is headed by the manager's title."""
    managers = nearest_managers(scenario)
    sections = []
    for unit in scenario.units:
        manager = managers[unit.id]
        group = subordinate_to(manager) if manager else "Komórki poza pionami kierownictwa"
        sections.append(unit_section(scenario, unit, group))
    empty = [unit.name for unit in scenario.units if not unit.tasks]
    if empty:
        blanks.note("blank.tasks", units=", ".join(empty))
    return tuple(sections)


def unit_section(scenario: Scenario, unit: Unit, group: str | None = None) -> Section:
    """A unit's paragraph: where it sits, its seat, required qualifications, then its tasks."""
    parent = next((u for u in scenario.units if unit in u.units), None)
    ustepy = []
    if parent:
        ustepy.append(Ustep(reports_to(parent)))
    place = next((loc.address for loc in scenario.config.locations if loc.id == unit.location), None)
    if place:
        ustepy.append(Ustep(f"Siedziba: {place}."))
    if unit.qualifications:
        ustepy.append(Ustep("Wymagania kwalifikacyjne:", tuple(punctuate(unit.qualifications))))
    if unit.tasks:
        ustepy.append(Ustep(scope_intro(unit), tuple(punctuate(unit.tasks))))
    else:
        ustepy.append(Ustep(f"{scope_intro(unit)} {PLACEHOLDER}"))
    return Section(f"unit:{unit.id}", tuple(ustepy), describe(unit), group)


def decision_cases(unit: Unit) -> str:
    """The matters a unit decides on authorisation, in running text ("pomocy społecznej, świadczeń …")."""
    cases = [CASES.get(case, case) for case in unit.authorisations]
    return cases[0] if len(cases) == 1 else ", ".join(cases[:-1]) + " oraz " + cases[-1]


def _signing(scenario: Scenario, names: Names, blanks: Blanks) -> tuple[Section, ...]:
    centre = scenario.config.centre
    organ = centre.municipal_organ
    organ_gen = (genitive(organ) or organ) if organ else blanks.fill(None, "blank.organ")
    head = names.head_title
    ustepy = [
        Ustep(
            f"{head} podpisuje pisma i dokumenty związane z reprezentowaniem {names.gen} na zewnątrz, "
            f"w sprawach zastrzeżonych do jego kompetencji oraz kierowane do organów administracji publicznej."
        )
    ]
    if names.head.authorisations:
        ustepy.append(
            Ustep(
                f"{head} wydaje decyzje administracyjne w indywidualnych sprawach z zakresu "
                f"{decision_cases(names.head)}, w imieniu {organ_gen}, na podstawie jego upoważnienia "
                "(w sprawach pomocy społecznej – art. 110 ust. 7 ustawy z dnia 12 marca 2004 r. o pomocy "
                "społecznej; w pozostałych sprawach – na podstawie przepisów właściwych ustaw)."
            )
        )
    others = [unit for unit in scenario.units if unit.authorisations and unit is not names.head]
    if others:
        ustepy.append(
            Ustep(
                f"Na wniosek {genitive(head) or head} upoważnienia do wydawania decyzji administracyjnych "
                f"w imieniu {organ_gen} (art. 110 ust. 8 ustawy o pomocy społecznej) posiadają osoby kierujące "
                "komórkami:",
                tuple(punctuate([f"{unit.name} – w sprawach {decision_cases(unit)}" for unit in others])),
            )
        )
    ustepy.append(
        Ustep(
            "Kierownicy komórek organizacyjnych podpisują pisma w sprawach należących do zakresu zadań "
            f"kierowanych komórek, niezastrzeżonych dla {genitive(head) or head}."
        )
    )
    return (Section("signing", tuple(ustepy)),)


def _complaints(scenario: Scenario, names: Names) -> tuple[Section, ...]:
    regulation_ = scenario.config.centre.regulation
    hours = regulation_.complaints_hours if regulation_ else None
    head = names.head_title
    when = (
        hours or f"w dniach i godzinach ustalonych przez {genitive(head) or head} i podanych do wiadomości publicznej"
    )
    return (
        Section(
            "complaints",
            (
                Ustep(
                    "Skargi i wnioski przyjmuje się i rozpatruje w trybie działu VIII Kodeksu postępowania "
                    "administracyjnego."
                ),
                Ustep(
                    f"{head} lub osoba przez niego upoważniona przyjmuje interesantów w sprawach skarg i wniosków {when}."
                ),
                Ustep(
                    "Skargi i wnioski rejestruje się w rejestrze skarg i wniosków, a ich rozpatrzenie nadzoruje "
                    f"{head}."
                ),
            ),
        ),
    )


def _final(names: Names) -> tuple[Section, ...]:
    return (
        Section(
            "final",
            (
                Ustep("Zmiany Regulaminu wprowadza się w trybie właściwym dla jego nadania."),
                Ustep(
                    f"W sprawach nieuregulowanych w Regulaminie stosuje się przepisy Statutu {names.gen} "
                    "oraz przepisy powszechnie obowiązującego prawa."
                ),
            ),
        ),
    )


# --- the document ------------------------------------------------------------------------------


def regulation_blocks(scenario: Scenario, order: Order | None = None, errors: tuple | None = None) -> list[Block]:
    """The title block, the notice of a draft, the chapters, then annexes 1 (chart), 2 and 3."""
    found = regulation(scenario, order)
    status = Status(errors_of(scenario) if errors is None else errors, found.blanks)
    blocks: list[Block] = [Title(found.title)]
    notice = status.notice()
    if notice:
        blocks.append(notice)
    blocks += body_blocks(found)
    blocks += annex_blocks(scenario)
    return blocks


def body_blocks(found: Regulation) -> list[Block]:
    """The chapters with their continuously numbered paragraphs (and the units' group headings)."""
    blocks: list[Block] = []
    numbers = found.numbers()
    for index, chapter in enumerate(found.chapters, 1):
        blocks += [Heading(f"Rozdział {index}", 1, centred=True), Heading(chapter.title, 2, centred=True)]
        group = None
        for section in chapter.sections:
            if section.group and section.group != group:
                group = section.group
                blocks.append(Heading(group, 2))
            blocks += section.blocks(numbers[section.key])
    return blocks


def annex_blocks(scenario: Scenario) -> list[Block]:
    blocks: list[Block] = [Annex(1, ANNEX_TITLES[1], wide=True), Chart(), Annex(2, ANNEX_TITLES[2], wide=True)]
    blocks += staffing_blocks(scenario)
    blocks += [Annex(3, ANNEX_TITLES[3]), symbols_table(scenario)]
    return blocks


def regulation_status(scenario: Scenario) -> Status:
    """Whether the regulation of ``scenario`` can be signed as generated, and if not why."""
    return Status(errors_of(scenario), regulation(scenario).blanks)


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


def regulation_markdown(scenario: Scenario) -> str:
    """The regulation as Markdown; annex 1 becomes an indented outline of the chart."""
    return blocks_markdown(scenario, regulation_blocks(scenario))


def regulation_docx(scenario: Scenario) -> bytes:
    """The regulation as a Word document; annexes 1 and 2 on landscape pages, the chart as a picture."""
    return blocks_docx(scenario, regulation_blocks(scenario))


def regulation_pdf(scenario: Scenario) -> bytes:
    """The whole set as one A4 PDF: the chapters, the chart pages, annexes 2 and 3."""
    blocks = regulation_blocks(scenario)
    return blocks_pdf(scenario, blocks, " ".join(regulation(scenario).title[:2]))


def regulation_file(scenario: Scenario, fmt: str, final: bool = False) -> bytes:
    """The regulation as a file's bytes in ``fmt`` ("md", "docx" or "pdf"), for the CLI and the app.

    ``final`` refuses (:class:`~model.exports.draft.NotFinal`) a configuration with errors or blanks.
    """
    if final:
        status = regulation_status(scenario)
        if not status.final:
            raise NotFinal(status)
    writers = {"md": lambda s: regulation_markdown(s).encode("utf-8"), "docx": regulation_docx, "pdf": regulation_pdf}
    return writers[fmt](scenario)
