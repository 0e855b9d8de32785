"""The draft order amending the organisational regulation, made from an as-is → to-be impact.

"Zarządzenie nr …/RRRR Dyrektora … w sprawie zmiany Regulaminu Organizacyjnego": § 1 lists the
changes to the chapter *Zakres zadań komórek organizacyjnych* as :mod:`model.exports.regulation`
numbers it (one § per unit), then the new wording of annexes 1 (chart), 2 (staffing) and, when
units or symbols changed, 3; § 2 says when the order takes effect. The wording follows the
amending technique of the "Zasady techniki prawodawczej" (rozporządzenie Prezesa Rady Ministrów
z dnia 20 czerwca 2002 r., Dz. U. z 2016 r. poz. 283), which internal acts of a director commonly
follow: a changed paragraph "otrzymuje brzmienie:" with the new text in „…”, a removed one is
"uchyla się", a new one is added after its predecessor with a letter ("po § 5 dodaje się § 5a")
so the other paragraphs keep their numbers; points end with a semicolon, the last with a full
stop. The legal basis (the centre's statute) and the order's number are left as dotted blanks:
they are the centre's to fill in. The blocks are typeset by :mod:`model.exports.regulation`.
"""

from __future__ import annotations

import datetime as dt
import re
import string

from model.config.loader import Scenario
from model.exports.regulation import (
    ANNEX_TITLES,
    Annex,
    Block,
    Chart,
    Heading,
    Items,
    Paragraph,
    blocks_docx,
    blocks_markdown,
    blocks_pdf,
    describe,
    section_numbers,
    staffing_blocks,
    symbols_table,
    unit_section,
)
from model.exports.render import NOMINATIVE, annex_caption
from model.exports.wording import polish_date
from model.impact.diff import Impact

BLANK = "…"

HEAD_NOUNS = {"Ośrodek": "Ośrodka", "Centrum": "Centrum", "Zespół": "Zespołu", "Dom": "Domu"}
"""Genitives of the nouns that head a centre's name (the words before them are adjectives)."""


def centre_genitive(scenario: Scenario) -> str:
    """The centre's name in the genitive ("Dyrektora Miejskiego Ośrodka Pomocy Społecznej w …").

    ``regulation.title`` "Regulamin Organizacyjny X" already holds it as X; otherwise the leading
    adjectives and the head noun of the usual names (Miejski/Gminny Ośrodek Pomocy Społecznej,
    Centrum Usług Społecznych…) are declined and the rest, already a genitive, kept. A name of
    another shape is kept as written, in quotes, rather than declined wrongly.
    """
    centre = scenario.config.centre
    title = centre.regulation.title if centre.regulation else None
    if title and title.startswith(NOMINATIVE + " "):
        return title[len(NOMINATIVE) + 1 :]
    words = centre.name.split()
    for index, word in enumerate(words):
        if word in HEAD_NOUNS:
            adjectives = [_adjective_genitive(w) for w in words[:index]]
            if None not in adjectives:
                return " ".join([*adjectives, HEAD_NOUNS[word], *words[index + 1 :]])  # type: ignore[list-item]
            break
    return f"„{centre.name}”"


def _adjective_genitive(word: str) -> str | None:
    """Miejski → Miejskiego, Gminny → Gminnego, Miejsko-Gminny → Miejsko-Gminnego, Miejskie → Miejskiego."""
    for ending, genitive in (("ie", "iego"), ("i", "iego"), ("y", "ego"), ("e", "ego")):
        if word.endswith(ending):
            return word[: -len(ending)] + genitive
    return None


def amendment_blocks(impact: Impact, number: str | None = None, effective: dt.date | None = None) -> list[Block]:
    """The order: title, basis, § 1 with the changes, § 2 the date, then the new annexes."""
    after = impact.after
    effective = effective or after.config.centre.effective_from
    year = str(effective.year) if effective else "RRRR"
    number = number or f"{BLANK}/{year}"
    centre = centre_genitive(after)
    regulation = f"Regulamin Organizacyjny {centre}"
    original = after.config.centre.regulation
    adopted = (
        f", wprowadzonym zarządzeniem nr {original.order_number or BLANK} Dyrektora {centre}"
        f" z dnia {polish_date(original.order_date) if original.order_date else BLANK}"
        if original
        else ""
    )
    points = paragraph_points(impact) + annex_points(impact)
    blocks: list[Block] = [
        Heading(f"Zarządzenie nr {number}", 0),
        Paragraph(f"Dyrektora {centre}"),
        Paragraph(f"z dnia {BLANK} {year} r."),
        Paragraph(f"w sprawie zmiany Regulaminu Organizacyjnego {centre}"),
        Paragraph(f"Na podstawie § {BLANK} Statutu {centre} zarządza się, co następuje:"),
        Paragraph(
            f"§ 1. W Regulaminie Organizacyjnym {centre}{adopted}, wprowadza się następujące zmiany:"
            if points
            else f"§ 1. {regulation} pozostaje bez zmian."
        ),
    ]
    for index, (lead, quoted) in enumerate(points, 1):
        last = index == len(points)
        if quoted:
            blocks.append(Paragraph(f"{index}) {lead}"))
            blocks += [Paragraph(line, indent=True) for line in _quote(quoted, "." if last else ";")]
        else:
            blocks.append(Paragraph(f"{index}) {lead}{'.' if last else ';'}"))
    when = polish_date(effective) if effective else f"{BLANK} r."
    blocks += [
        Paragraph(f"§ 2. Zarządzenie wchodzi w życie z dniem {when}"),
        Paragraph("Dyrektor", small=True),
    ]
    caption = (f"Załącznik nr {{n}} do zarządzenia nr {number} Dyrektora {centre} z dnia {BLANK} {year} r.",)
    for annex in _changed_annexes(impact):
        own = tuple(line.format(n=annex) for line in caption) + tuple(annex_caption(after, annex))
        blocks.append(Annex(annex, ANNEX_TITLES[annex], wide=annex != 3, caption=own))
        if annex == 1:
            blocks.append(Chart())
        elif annex == 2:
            blocks += staffing_blocks(after)
        else:
            blocks.append(symbols_table(after))
    return blocks


Point = tuple[str, list[str]]
"""An amending point: its lead-in, and the quoted new wording (empty when there is none)."""


def paragraph_points(impact: Impact) -> list[Point]:
    """The chapter's changes in paragraph order: new wording, repeals, additions after a predecessor.

    A paragraph changes when its text would read differently (name, supervisor, seat, staff,
    functions, tasks); the numbers are those of the regulation in force (``before``). Neighbours
    of one kind share a point: "uchyla się § 10–14", "§ 17 i 18 otrzymują brzmienie:", "po § 9
    dodaje się § 9a i 9b w brzmieniu:".
    """
    before, after = impact.before, impact.after
    numbers_a, numbers_b = section_numbers(before), section_numbers(after)
    edits: list[tuple[tuple[int, int], str, str, list[str]]] = []  # (order, kind, label, new wording)
    for unit_id, number in numbers_a.items():
        if unit_id not in numbers_b:
            edits.append(((number, 0), "repeal", str(number), []))
        elif _section_text(after, unit_id, 0) != _section_text(before, unit_id, 0):
            edits.append(((number, 0), "change", str(number), _section_text(after, unit_id, number)))
    predecessor, letter = 0, 0
    for unit_id in numbers_b:
        if unit_id in numbers_a:
            predecessor, letter = numbers_a[unit_id], 0
            continue
        letter += 1
        label = f"{predecessor}{string.ascii_lowercase[letter - 1]}"
        edits.append(((predecessor, letter), "add", label, _section_text(after, unit_id, label)))
    edits.sort(key=lambda edit: edit[0])
    runs: list[list[tuple[tuple[int, int], str, str, list[str]]]] = []
    for edit in edits:
        last = runs[-1][-1] if runs else None
        if last and last[1] == edit[1] and _neighbours(last[0], edit[0], edit[1]):
            runs[-1].append(edit)
        else:
            runs.append([edit])
    return [_point(run) for run in runs]


def _neighbours(a: tuple[int, int], b: tuple[int, int], kind: str) -> bool:
    return a[0] == b[0] if kind == "add" else b[0] == a[0] + 1


def _point(run: list[tuple[tuple[int, int], str, str, list[str]]]) -> Point:
    kind, labels = run[0][1], [edit[2] for edit in run]
    wording = [line for edit in run for line in edit[3]]
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


def _changed_annexes(impact: Impact) -> list[int]:
    """Annexes 1 and 2 always get their new wording (the issue of a structural change); annex 3
    only when a unit's symbol, name, supervisor or seat changed."""
    symbols = {tuple(row) for row in symbols_table(impact.before).rows} != {
        tuple(row) for row in symbols_table(impact.after).rows
    }
    return [1, 2, 3] if symbols else [1, 2]


def annex_points(impact: Impact) -> list[Point]:
    return [
        (
            f"załącznik nr {annex} do Regulaminu otrzymuje brzmienie określone w załączniku nr {annex} "
            "do niniejszego zarządzenia",
            [],
        )
        for annex in _changed_annexes(impact)
    ]


def _section_text(scenario: Scenario, unit_id: str, number: int | str) -> list[str]:
    """A unit's paragraph as lines of text: "§ n. Name (SYMBOL)", the facts, the tasks as points."""
    unit = scenario.unit(unit_id)
    assert unit is not None
    lines: list[str] = []
    for block in unit_section(scenario, unit, 0):
        if isinstance(block, Heading):
            lines.append(f"§ {number}. {describe(unit)}")
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Items):
            lines += [
                f"{i}) {_bare(item)}{'.' if i == len(block.items) else ';'}" for i, item in enumerate(block.items, 1)
            ]
    return lines


def _bare(text: str) -> str:
    """A task without the punctuation it may end with, so the list's own can be added."""
    return re.sub(r"[\s.;,]+$", "", text)


def _quote(lines: list[str], end: str) -> list[str]:
    """The new wording in Polish quotation marks, the point's own punctuation after the closing one."""
    return [("„" if i == 0 else "") + line + ("”" + end if i == len(lines) - 1 else "") for i, line in enumerate(lines)]


def amendment_title(impact: Impact) -> str:
    return f"Zarządzenie w sprawie zmiany Regulaminu Organizacyjnego {centre_genitive(impact.after)}"


def amendment_file(impact: Impact, fmt: str, number: str | None = None, effective: dt.date | None = None) -> bytes:
    """The draft order as ``fmt`` ("md", "docx" or "pdf") bytes, for the CLI and the app."""
    blocks = amendment_blocks(impact, number, effective)
    if fmt == "md":
        return blocks_markdown(impact.after, blocks).encode("utf-8")
    if fmt == "docx":
        return blocks_docx(impact.after, blocks)
    return blocks_pdf(impact.after, blocks, amendment_title(impact))
