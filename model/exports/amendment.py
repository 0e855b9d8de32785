"""The director's order that changes the regulation from structure A (as is) to B (to be).

Two kinds, as the "Zasady techniki prawodawczej" (rozporządzenie Prezesa Rady Ministrów z dnia
20 czerwca 2002 r., Dz. U. z 2016 r. poz. 283), which a director's internal acts commonly follow,
distinguish them: an order *amending* the regulation in force, or, when the change is extensive,
an order *introducing a new regulation* that repeals the old one (§ 84 of the rules: a new act
rather than many amendments). :func:`decide` chooses: a new regulation when the centre's name
changes, when more than half of the regulation's paragraphs change, or when all three annexes
change with most of their lines; ``force`` overrides it.

An amending order names the amended act by A's own adopting order (its number and date), cites
its legal basis as "§ … Statutu … stanowiącego załącznik do uchwały nr … Rady … z dnia …", says
"zarządzam, co następuje:", lists the changes paragraph by paragraph in the numbering of the
regulation in force (a changed paragraph "otrzymuje brzmienie:" with the new text in „…”, a
removed one "uchyla się", a new one "po § 5 dodaje się § 5a" so the others keep their numbers),
gives the new wording of the annexes that changed, the day it takes effect and a signature block.
Its title block is centred. Every gap the configurations leave is a dotted blank listed in the
"PROJEKT" notice (:mod:`model.exports.draft`), as are B's validation errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
from dataclasses import dataclass

from model.config.loader import Scenario
from model.config.schema import Regulation as Adopting
from model.exports.draft import Blanks, NotFinal, Status, errors_of
from model.exports.orgchart import orgchart
from model.exports.regulation import (
    ANNEX_TITLES,
    Names,
    Regulation,
    Section,
    annex_blocks,
    body_blocks,
    regulation,
    staffing_blocks,
    statute_reference,
    symbols_table,
)
from model.exports.render import annex_caption
from model.exports.staffing import staffing, table
from model.exports.typeset import (
    Annex,
    Block,
    Chart,
    Paragraph,
    Signature,
    Title,
    blocks_docx,
    blocks_markdown,
    blocks_pdf,
    document_title,
)
from model.exports.wording import BLANK, polish_date
from model.i18n import Message, msg
from model.impact.diff import Impact

NEW_REGULATION, AMENDMENT = "new_regulation", "amendment"


@dataclass(frozen=True)
class Decision:
    """Which order is drafted, and why (a catalogue message, for ``amend`` to print)."""

    kind: str
    reason: Message

    def message(self) -> Message:
        return msg(f"amend.{self.kind}", reason=self.reason)


def changed_annexes(impact: Impact) -> list[int]:
    """The annexes whose content differs: 1 the chart, 2 the staffing table, 3 the symbols."""
    before, after = impact.before, impact.after
    changed = []
    if orgchart(before).body != orgchart(after).body:
        changed.append(1)
    if table(staffing(before)) != table(staffing(after)):
        changed.append(2)
    if {tuple(row) for row in symbols_table(before).rows} != {tuple(row) for row in symbols_table(after).rows}:
        changed.append(3)
    return changed


def _rewritten(impact: Impact) -> bool:
    """More than half of the units' lines of annex 3 differ: the annexes are rewritten, not edited."""
    before = {tuple(row) for row in symbols_table(impact.before).rows}
    after = {tuple(row) for row in symbols_table(impact.after).rows}
    return len(before ^ after) > len(before | after) / 2


def decide(impact: Impact, force: str | None = None) -> Decision:
    """An amendment, or a new regulation when the change is extensive (see the module's docstring)."""
    if force:
        flag = "--new-regulation" if force == NEW_REGULATION else "--amendment"
        return Decision(force, msg("amend.reason_forced", flag=flag))
    old, new = regulation(impact.before), regulation(impact.after)
    edits = _edits(old, new)
    total = len(old.sections)
    if impact.before.config.centre.name != impact.after.config.centre.name:
        return Decision(NEW_REGULATION, msg("amend.reason_name"))
    share = msg("amend.reason_share", changed=len(edits), total=total)
    if len(edits) * 2 > total:
        return Decision(NEW_REGULATION, share)
    if changed_annexes(impact) == [1, 2, 3] and _rewritten(impact):
        return Decision(NEW_REGULATION, msg("amend.reason_annexes"))
    return Decision(AMENDMENT, share)


def order_blocks(
    impact: Impact,
    number: str | None = None,
    effective: dt.date | None = None,
    force: str | None = None,
) -> tuple[list[Block], Status, Decision]:
    """The order the change needs (:func:`decide`), as blocks, with its status and the decision."""
    decision = decide(impact, force)
    blanks = Blanks()
    after = impact.after
    adopting = after.config.centre.regulation
    order_date = adopting.order_date if adopting else None
    effective = effective or after.config.centre.effective_from
    dated = order_date or effective
    year = str(dated.year) if dated else "RRRR"
    number = (
        number or (adopting.order_number if adopting else None) or f"{blanks.fill(None, 'blank.order_number')}/{year}"
    )
    if decision.kind == NEW_REGULATION:
        after = _adopted_by(after, number, order_date)  # the new regulation is this order's annex
    else:
        kept = impact.before.config.centre.regulation  # the amended regulation keeps its adopting order
        after = _adopted_by(after, kept.order_number if kept else None, kept.order_date if kept else None)
    names = Names(after)
    subject = (
        f"w sprawie wprowadzenia Regulaminu Organizacyjnego {names.full_gen}"
        if decision.kind == NEW_REGULATION
        else f"w sprawie zmiany Regulaminu Organizacyjnego {names.full_gen}"
    )
    statute = after.config.centre.statute
    paragraph = blanks.fill(statute.paragraph if statute else None, "blank.statute_paragraph")
    blocks: list[Block] = [
        Title(
            (
                f"ZARZĄDZENIE NR {number}",
                f"{names.head_gen} {names.full_gen}".upper(),
                f"z dnia {polish_date(order_date) if order_date else blanks.fill(None, 'blank.order_date')}",
                subject,
            )
        ),
        Paragraph(f"Na podstawie {paragraph} {statute_reference(after, blanks)} zarządzam, co następuje:"),
    ]
    when = polish_date(effective) if effective else blanks.fill(None, "blank.effective")
    if decision.kind == NEW_REGULATION:
        blocks += _introducing(impact.before, names, blanks)
        blocks.append(Paragraph(f"§ 3. Zarządzenie wchodzi w życie z dniem {when}"))
    else:
        blocks += _amending(impact, after, names, blanks)
        blocks.append(Paragraph(f"§ 2. Zarządzenie wchodzi w życie z dniem {when}"))
    blocks.append(Signature(names.head_title))
    if decision.kind == NEW_REGULATION:
        new = regulation(after)
        for gap in new.blanks:
            blanks.add(gap)
        caption = (f"Załącznik nr 1 do Zarządzenia nr {number} {names.head_gen} {names.full_gen}",)
        blocks += [Annex(1, "Regulamin Organizacyjny", caption=caption), Title(new.title)]
        blocks += body_blocks(new) + annex_blocks(after)
    else:
        blocks += _new_annexes(impact, after, number, names)
    status = Status(errors_of(impact.after), tuple(blanks.missing))
    notice = status.notice()
    return ([blocks[0], notice, *blocks[1:]] if notice else blocks), status, decision


def _adopted_by(scenario: Scenario, number: str | None, day: dt.date | None) -> Scenario:
    """``scenario`` whose regulation is adopted by this order: its captions and title cite it."""
    centre = scenario.config.centre
    old = centre.regulation
    adopting = Adopting(
        order_number=number,
        order_date=day,
        title=old.title if old else None,
        complaints_hours=old.complaints_hours if old else None,
    )
    config = scenario.config.model_copy(update={"centre": centre.model_copy(update={"regulation": adopting})})
    return dataclasses.replace(scenario, config=config)


def _amended_order(before: Scenario, blanks: Blanks) -> str:
    """``zarządzeniem nr 12/2017 Dyrektora … z dnia 31 lipca 2017 r.``: the order that adopted A's regulation."""
    adopting = before.config.centre.regulation
    number = blanks.fill(adopting.order_number if adopting else None, "blank.amended_number")
    day = adopting.order_date if adopting else None
    when = polish_date(day) if day else blanks.fill(None, "blank.amended_date")
    names = Names(before)
    return f"nr {number} {names.head_gen} {names.full_gen} z dnia {when}"


def _introducing(before: Scenario, names: Names, blanks: Blanks) -> list[Block]:
    old = Names(before)
    return [
        Paragraph(
            f"§ 1. Wprowadza się Regulamin Organizacyjny {names.full_gen}, stanowiący załącznik "
            "do niniejszego zarządzenia."
        ),
        Paragraph(
            f"§ 2. Traci moc zarządzenie {_amended_order(before, blanks)} w sprawie wprowadzenia "
            f"Regulaminu Organizacyjnego {old.full_gen}."
        ),
    ]


def _amending(impact: Impact, after: Scenario, names: Names, blanks: Blanks) -> list[Block]:
    points = paragraph_points(impact) + annex_points(impact)
    if not points:
        return [Paragraph(f"§ 1. Regulamin Organizacyjny {names.full_gen} pozostaje bez zmian.")]
    blocks: list[Block] = [
        Paragraph(
            f"§ 1. W Regulaminie Organizacyjnym {names.full_gen}, stanowiącym załącznik nr 1 do zarządzenia "
            f"{_amended_order(impact.before, blanks)}, wprowadza się następujące zmiany:"
        )
    ]
    for index, (lead, quoted) in enumerate(points, 1):
        last = index == len(points)
        if quoted:
            blocks.append(Paragraph(f"{index}) {lead}"))
            blocks += [Paragraph(line, indent=True) for line in _quote(quoted, "." if last else ";")]
        else:
            blocks.append(Paragraph(f"{index}) {lead}{'.' if last else ';'}"))
    return blocks


def _new_annexes(impact: Impact, after: Scenario, number: str, names: Names) -> list[Block]:
    blocks: list[Block] = []
    for annex in changed_annexes(impact):
        caption = (
            f"Załącznik nr {annex} do Zarządzenia nr {number} {names.head_gen} {names.full_gen}",
            *annex_caption(after, annex),
        )
        blocks.append(Annex(annex, ANNEX_TITLES[annex], wide=annex != 3, caption=caption))
        if annex == 1:
            blocks.append(Chart())
        elif annex == 2:
            blocks += staffing_blocks(after)
        else:
            blocks.append(symbols_table(after))
    return blocks


Point = tuple[str, list[str]]
"""An amending point: its lead-in, and the quoted new wording (empty when there is none)."""
Edit = tuple[tuple[int, int], str, str, Section | None]
"""(where in the numbering, kind, label, the new paragraph); kinds: change, repeal, add."""


def _edits(old: Regulation, new: Regulation) -> list[Edit]:
    """The paragraphs that differ, in the numbering of the regulation in force."""
    numbers_a = old.numbers()
    sections_a = {section.key: section for section in old.sections}
    sections_b = {section.key: section for section in new.sections}
    edits: list[Edit] = []
    for key, number in numbers_a.items():
        if key not in sections_b:
            edits.append(((number, 0), "repeal", str(number), None))
        elif sections_b[key].lines(0) != sections_a[key].lines(0):
            edits.append(((number, 0), "change", str(number), sections_b[key]))
    predecessor, letter = 0, 0
    for section in new.sections:
        if section.key in numbers_a:
            predecessor, letter = numbers_a[section.key], 0
            continue
        letter += 1
        label = f"{predecessor}{string.ascii_lowercase[letter - 1]}"
        edits.append(((predecessor, letter), "add", label, section))
    return sorted(edits, key=lambda edit: edit[0])


def paragraph_points(impact: Impact) -> list[Point]:
    """The regulation's changes in paragraph order: new wording, repeals, additions after a predecessor.

    Neighbours of one kind share a point: "uchyla się § 10–14", "§ 17 i 18 otrzymują brzmienie:",
    "po § 9 dodaje się § 9a i 9b w brzmieniu:".
    """
    runs: list[list[Edit]] = []
    for edit in _edits(regulation(impact.before), regulation(impact.after)):
        last = runs[-1][-1] if runs else None
        if last and last[1] == edit[1] and _neighbours(last[0], edit[0], edit[1]):
            runs[-1].append(edit)
        else:
            runs.append([edit])
    return [_point(run) for run in runs]


def _neighbours(a: tuple[int, int], b: tuple[int, int], kind: str) -> bool:
    return a[0] == b[0] if kind == "add" else b[0] == a[0] + 1


def _point(run: list[Edit]) -> Point:
    kind, labels = run[0][1], [edit[2] for edit in run]
    wording = [line for edit in run if edit[3] for line in edit[3].lines(edit[2])]
    many = len(labels) > 1
    if kind == "repeal":
        return f"uchyla się § {_labels(labels, many)}", []
    if kind == "change":
        return f"§ {_labels(labels, many)} {'otrzymują' if many else 'otrzymuje'} brzmienie:", wording
    predecessor = run[0][0][0]
    where = f"po § {predecessor} dodaje się" if predecessor else "przed § 1 dodaje się"
    return f"{where} § {_labels(labels, many)} w brzmieniu:", wording


def _labels(labels: list[str], many: bool) -> str:
    """ "5", "5 i 6", "5–7" (a range for three or more neighbours)."""
    if not many:
        return labels[0]
    return f"{labels[0]} i {labels[1]}" if len(labels) == 2 else f"{labels[0]}–{labels[-1]}"


def annex_points(impact: Impact) -> list[Point]:
    return [
        (
            f"załącznik nr {annex} do Regulaminu otrzymuje brzmienie określone w załączniku nr {annex} "
            "do niniejszego zarządzenia",
            [],
        )
        for annex in changed_annexes(impact)
    ]


def _quote(lines: list[str], end: str) -> list[str]:
    """The new wording in Polish quotation marks, the point's own punctuation after the closing one."""
    return [("„" if i == 0 else "") + line + ("”" + end if i == len(lines) - 1 else "") for i, line in enumerate(lines)]


def amendment_file(
    impact: Impact,
    fmt: str,
    number: str | None = None,
    effective: dt.date | None = None,
    *,
    force: str | None = None,
    final: bool = False,
) -> bytes:
    """The order as ``fmt`` ("md", "docx" or "pdf") bytes, for the CLI and the app.

    ``final`` refuses (:class:`~model.exports.draft.NotFinal`) an order that would be a draft.
    """
    blocks, status, _ = order_blocks(impact, number, effective, force)
    if final and not status.final:
        raise NotFinal(status)
    if fmt == "md":
        return blocks_markdown(impact.after, blocks).encode("utf-8")
    if fmt == "docx":
        return blocks_docx(impact.after, blocks)
    return blocks_pdf(impact.after, blocks, document_title(blocks, BLANK))
