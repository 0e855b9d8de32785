"""Writing a document part by part gives, byte for byte, the text of writing it at once.

``roundtrip.dump`` writes each top-level section and each block mapping in a block list (a unit,
a procedure, a step) apart, and keeps the text of what an edit did not change. These tests
compare it with ruamel writing the whole document in one go (``roundtrip._dump``, the reference)
over random edits: of the shipped configurations, and of generated charts full of comments,
quotes, flow-style lists and Polish letters.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from model.config import editing, roundtrip
from tests.conftest import ROOT

SHIPPED = [ROOT / "org_configs" / "tarnowskie_gory_2017.yaml", ROOT / "org_configs" / "tarnowskie_gory_cus.yaml"]
ROLES = ["manager", "clerk", "social_worker", "family_assistant"]


def whole(document: Any) -> str:
    """The reference: ruamel writing the whole document at once."""
    return roundtrip._dump(document)


def unit_ids(units: list[Any]) -> list[str]:
    found: list[str] = []
    for unit in units:
        found.append(str(unit["id"]))
        found += unit_ids(unit.get("units", []))
    return found


# --- edits as the app makes them ----------------------------------------------------------------

names = st.text(
    alphabet="aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄĆĘŁŃÓŚŹŻ \"'#:-{}[],&*!|>%@`\\\t…„”–",
    min_size=1,
    max_size=24,
).filter(lambda name: name.strip() != "")


@st.composite
def edit(draw: st.DrawFn, ids: list[str]) -> Callable[[Any], Any]:
    """One edit of a unit picked from ``ids``: its staff, its name, a unit added, moved or deleted."""
    unit = draw(st.sampled_from(ids))
    kind = draw(st.sampled_from(["fte", "name", "add", "move", "delete"]))
    if kind == "fte":
        rows = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"role": st.sampled_from(ROLES), "fte": st.sampled_from([0.25, 0.5, 1, 1.5, 2, 11, 33.75])}
                ),
                min_size=1,
                max_size=3,
            )
        )
        return lambda data: editing.set_staff(data, unit, rows)
    if kind == "name":
        name = draw(names)
        return lambda data: editing.update_unit(data, unit, name=name)
    if kind == "add":
        new = {"id": f"nowa_{draw(st.integers(0, 10**6))}", "name": draw(names), "kind": "team"}
        return lambda data: editing.add_unit(data, unit, new)
    if kind == "move":
        parent = draw(st.sampled_from([None, *ids]))
        return lambda data: editing.move_unit(data, unit, parent)
    return lambda data: editing.delete_unit(data, unit)


def check_edits(document: Any, edits: list[Callable[[Any], Any]]) -> None:
    """Each edit in turn (skipping those that make no sense, as the app refuses them): the text
    written part by part, with what the earlier edits left kept, is the whole dump's."""
    assert roundtrip.dump(document) == whole(document)
    for change in edits:
        try:
            document = change(document)
        except editing.EditError:
            continue
        assert roundtrip.dump(document) == whole(document)


# --- the shipped configurations ------------------------------------------------------------------


@pytest.fixture(scope="module", params=SHIPPED, ids=[p.stem for p in SHIPPED])
def shipped(request: pytest.FixtureRequest) -> Any:
    path: Path = request.param
    return editing.document(path.read_text(encoding="utf-8"), path.parent, path.name)


@settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_edits_of_a_shipped_configuration_write_what_a_whole_dump_writes(shipped: Any, data: st.DataObject) -> None:
    ids = unit_ids(shipped["units"])
    check_edits(shipped, data.draw(st.lists(edit(ids), min_size=1, max_size=2)))


def test_an_edit_of_a_procedure_writes_what_a_whole_dump_writes(shipped: Any) -> None:
    procedure = next(p for p in shipped["procedures"] if isinstance(p, dict))
    step = procedure["steps"][0]
    check_edits(
        shipped,
        [
            lambda data: editing.set_demand(data, str(procedure["id"]), 3.25),
            lambda data: editing.set_step_function(data, str(procedure["id"]), str(step["id"]), "first_contact"),
        ],
    )


# --- generated charts -------------------------------------------------------------------------

plain_words = st.text(alphabet="abcdefghijklmnopqrstuwyząćęłńóśźż_", min_size=1, max_size=10).filter(
    lambda word: word not in ("y", "n", "yes", "no", "on", "off", "true", "false", "null")
)


@st.composite
def scalar(draw: st.DrawFn) -> str:
    """A scalar as a person writes it: plain, in single or double quotes, a number."""
    text = draw(names)
    return draw(
        st.sampled_from(
            [
                draw(plain_words),
                "'" + text.replace("'", "''") + "'",
                json.dumps(text, ensure_ascii=False),
                str(draw(st.sampled_from([1, 0.5, 12.25, -3]))),
            ]
        )
    )


@st.composite
def comment(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", "", "  # assumption", "  # źródło: „Regulamin” § 3 ust. 2", "   #x"]))


@st.composite
def between(draw: st.DrawFn, pad: str) -> list[str]:
    """What may stand between two lines: nothing, a blank line, comment lines at any column."""
    return draw(
        st.sampled_from(
            [[], [], [""], [f"{pad}# Podległość jest założeniem (assumption)."], ["", "# na początku wiersza", ""]]
        )
    )


@st.composite
def unit(draw: st.DrawFn, depth: int, pad: str, counter: list[int]) -> list[str]:
    """The lines of one unit, written at ``pad`` (its dash), with units below it."""
    counter[0] += 1
    inner = pad + "  "
    if draw(st.booleans()):
        lines = [f"{pad}- id: u{counter[0]}{draw(comment())}"]
    else:  # a comment on the dash's line, the unit's keys below it
        lines = [f"{pad}-   # przy myślniku", f"{inner}id: u{counter[0]}"]
    lines.append(f"{inner}name: {draw(scalar())}{draw(comment())}")
    lines += draw(between(inner))
    lines.append(f"{inner}kind: {draw(st.sampled_from(['team', 'section', 'department']))}")
    if draw(st.booleans()):
        tasks = draw(st.lists(scalar(), min_size=1, max_size=3))
        if draw(st.booleans()):
            lines.append(f"{inner}tasks: [{', '.join(tasks)}]{draw(comment())}")
        else:
            lines.append(f"{inner}tasks:")
            lines += [f"{inner}  - {task}{draw(comment())}" for task in tasks]
    if draw(st.booleans()):
        lines.append(f"{inner}staff:")
        for _ in range(draw(st.integers(1, 3))):
            role, fte = draw(st.sampled_from(ROLES)), draw(st.sampled_from(["1", "0.5", "2.25", "1.0"]))
            if draw(st.booleans()):
                lines.append(f"{inner}  - {{role: {role}, fte: {fte}}}{draw(comment())}")
            else:
                lines += [f"{inner}  - role: {role}{draw(comment())}", f"{inner}    fte: {fte}"]
    lines += draw(between(inner))
    if depth < 3 and draw(st.booleans()):
        lines.append(f"{inner}units:{draw(comment())}")
        lines += draw(between(inner + "  "))
        for _ in range(draw(st.integers(1, 3))):
            lines += draw(unit(depth + 1, inner + "  ", counter))
            lines += draw(between(inner + "  "))
    return lines


@st.composite
def chart(draw: st.DrawFn) -> str:
    """A configuration-like text: a heading comment, a section before and after the units."""
    counter = [0]
    lines = ["# Nagłówek: źródła i założenia", "", f"centre: {{name: {draw(scalar())}}}{draw(comment())}", "units:"]
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(unit(0, "  ", counter))
    lines += draw(between("  "))
    lines += ["checks:", "  - {id: a, severity: warning}", "  - id: b  # ostatni", "    enabled: false"]
    return "\n".join(lines) + "\n"


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_edits_of_generated_charts_write_what_a_whole_dump_writes(data: st.DataObject) -> None:
    document = roundtrip.parse(data.draw(chart()))
    ids = unit_ids(document["units"])
    check_edits(document, data.draw(st.lists(edit(ids), min_size=1, max_size=4)))


# --- what is written at once -----------------------------------------------------------------


def test_an_anchored_document_is_written_at_once_with_its_aliases() -> None:
    document = roundtrip.parse(
        "units:\n  - &szablon\n    id: a\n    name: A\n  - id: b\n    staff: *szablon\n  - id: c\n    name: C\n"
    )
    assert roundtrip.dump(document) == whole(document)
    assert "&szablon" in roundtrip.dump(document) and "*szablon" in roundtrip.dump(document)


def test_a_unit_in_two_places_is_written_as_the_whole_dump_writes_it() -> None:
    """Two references to one mapping are an alias in a whole dump; parts written apart would
    write it twice instead."""
    document = roundtrip.parse("units:\n  - id: a\n    name: A\n  - id: b\n    units:\n      - id: c\n")
    roundtrip.dump(document)  # every part kept
    a, b = document["units"]
    twice = CommentedMap(b)
    twice["units"] = CommentedSeq([*b["units"], a])
    edited = CommentedMap(document)
    edited["units"] = CommentedSeq([a, twice])
    assert roundtrip.dump(edited) == whole(edited)
    assert "&id" in roundtrip.dump(edited)


def test_an_edit_writes_only_the_unit_it_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of writing apart: after an edit of one team, neither the units beside it nor the
    copies of the units above it (which write what their originals wrote) are written again."""
    document = roundtrip.parse(
        "units:\n  - id: a  # góra\n    tasks: [x]\n    units:\n      - id: b\n        name: B\n"
        "      - id: c\n        name: C\n  - id: d\n"
    )
    roundtrip.dump(document)
    written: list[str] = []
    reference = roundtrip._dump

    def spy(part: Any) -> str:
        written.append(reference(part))
        return written[-1]

    monkeypatch.setattr(roundtrip, "_dump", spy)
    edited = editing.update_unit(document, "b", name="Zespół „B”")
    assert roundtrip.dump(edited) == reference(edited)
    assert len(written) == 1 and "name: Zespół „B”" in written[0]
    assert not any(other in written[0] for other in ("id: a", "id: c", "id: d"))
