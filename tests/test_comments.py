"""Comments survive: edits and downloads keep every ``# assumption`` and cited source."""

from __future__ import annotations

import re

from model import dump_yaml, load_scenario, load_scenario_text
from model.config import editing
from model.config.roundtrip import standalone
from tests.conftest import DEFAULT_CONFIG, ROOT

PROCEDURES = sorted((ROOT / "procedures").glob("*.yaml"))


def comments(text: str) -> list[str]:
    """Every comment of a text, as written (the part from ``#`` on, without surrounding spaces)."""
    return [match.group(1).strip() for match in re.finditer(r"(?:^|\s)(#.*)$", text, re.MULTILINE)]


def shipped_comments() -> list[str]:
    """The comments of the default configuration and of every procedure file it names."""
    found = comments(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    for path in PROCEDURES:
        found += comments(path.read_text(encoding="utf-8"))
    return found


def missing(expected: list[str], text: str) -> list[str]:
    """Comments of ``expected`` not in ``text``, counting repeats (two ``# assumption`` need two)."""
    left = comments(text)
    gone = []
    for comment in expected:
        if comment in left:
            left.remove(comment)
        else:
            gone.append(comment)
    return gone


def test_download_of_the_shipped_file_keeps_every_comment_and_loads_identically():
    text = standalone(DEFAULT_CONFIG.read_text(encoding="utf-8"), DEFAULT_CONFIG.parent, str(DEFAULT_CONFIG))
    assert "procedures: [" not in text  # the procedures are inline: the file stands alone
    assert missing(shipped_comments(), text) == []
    assert dump_yaml(load_scenario_text(text, "pobrana.yaml")) == dump_yaml(load_scenario(DEFAULT_CONFIG))


def test_comments_survive_many_edits_and_downloads():
    original = load_scenario(DEFAULT_CONFIG)
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    base = str(DEFAULT_CONFIG.parent)
    unit = next(u for u in original.units if u.staff and u.units == [])
    procedure = original.procedures[0]
    edits = [
        lambda d: editing.update_unit(d, unit.id, name="Zespół po zmianie"),
        lambda d: editing.set_staff(d, unit.id, [{"role": "social_worker", "fte": 7.5}]),
        lambda d: editing.add_unit(d, unit.id, {"id": "nowy_zespol", "name": "Nowy Zespół", "kind": "team"}),
        lambda d: editing.set_demand(d, procedure.id, 3.25),
        lambda d: editing.move_unit(d, "nowy_zespol", None),
        lambda d: editing.delete_unit(d, "nowy_zespol"),
    ]
    for round_ in range(3):
        for change in edits:
            text, scenario = editing.apply(text, change, "edytowana.yaml", base)
            text = standalone(text, base)  # a download in between changes nothing
        assert missing(shipped_comments(), text) == [], f"comments lost in round {round_ + 1}"
    assert scenario.unit(unit.id).name == "Zespół po zmianie"
    assert scenario.unit(unit.id).fte() == 7.5
    assert scenario.unit("nowy_zespol") is None
    assert scenario.procedure(procedure.id).arrivals.per_week == 3.25
    # apart from the three changes, the edited text loads to exactly the original configuration
    restored = editing.apply(
        text,
        lambda d: editing.set_demand(
            editing.set_staff(
                editing.update_unit(d, unit.id, name=unit.name),
                unit.id,
                [s.model_dump(mode="json", exclude_defaults=True) for s in unit.staff],
            ),
            procedure.id,
            procedure.arrivals.per_week,
        ),
        "edytowana.yaml",
        base,
    )[1]
    assert dump_yaml(restored) == dump_yaml(original)
    assert dump_yaml(load_scenario_text(text, "x.yaml")) == dump_yaml(scenario)


def test_an_edit_changes_only_its_own_lines():
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    scenario = load_scenario(DEFAULT_CONFIG)
    unit = next(u for u in scenario.units if u.staff)
    inlined = standalone(text, DEFAULT_CONFIG.parent)
    edited, _ = editing.apply(
        text, lambda d: editing.update_unit(d, unit.id, name="Inna Nazwa"), "e.yaml", DEFAULT_CONFIG.parent
    )
    before, after = inlined.splitlines(), edited.splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [
        (f"{changed[0][0].split('name:')[0]}name: {unit.name}", f"{changed[0][0].split('name:')[0]}name: Inna Nazwa")
    ]


def test_replacing_the_procedures_leaves_the_shared_parsed_text_untouched():
    """Accepting a calibration replaces every procedure; the parsed text other edits start from
    is shared, so its comments must still be written out afterwards (they once went missing)."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    base = DEFAULT_CONFIG.parent
    options = {"mode": "json", "by_alias": True, "exclude_defaults": True, "exclude_none": True}
    procedures = [p.model_dump(**options) for p in load_scenario(DEFAULT_CONFIG).procedures]
    replaced, _ = editing.apply(text, lambda d: editing.replace_procedures(d, procedures), "e.yaml", base)
    assert "# order_number" in replaced
    unit = next(u for u in load_scenario(DEFAULT_CONFIG).units if u.staff)
    edited, _ = editing.apply(text, lambda d: editing.update_unit(d, unit.id, name="Inna"), "e.yaml", base)
    assert missing(comments(text), edited) == []


def test_a_document_written_key_by_key_is_the_document_written_whole(shipped_config):
    """Edits write only the top-level keys they changed (see ``roundtrip.dump``): the text must be
    exactly what writing the whole document gives, after every kind of edit, for every shipped file;
    and a document with anchors is written whole."""
    from model.config import roundtrip

    text = shipped_config.read_text(encoding="utf-8")
    base = shipped_config.parent
    scenario = load_scenario(shipped_config)
    unit = scenario.units[-1]
    procedure = scenario.procedures[0]
    step = procedure.steps[0]
    edits = [
        lambda d: editing.update_unit(d, unit.id, name="Zespół po zmianie"),
        lambda d: editing.set_staff(d, unit.id, [{"role": "social_worker", "fte": 3.5}]),
        lambda d: editing.add_unit(d, unit.id, {"id": "nowy_zespol", "name": "Nowy zespół", "kind": "team"}),
        lambda d: editing.set_demand(d, procedure.id, 7.5),
        lambda d: editing.set_step_function(d, procedure.id, step.id, step.function),
        lambda d: editing.delete_unit(d, "nowy_zespol"),
    ]
    for edit in edits:
        document = editing.document(text, base, shipped_config.name)
        after = edit(document)
        assert roundtrip.dump(after) == roundtrip._dump(after)
        text = roundtrip.dump(after)
        assert roundtrip.dump(document) == roundtrip._dump(document)  # the shared parts are unharmed

    anchored = roundtrip.parse("a: &shared {x: 1}  # kept\nb: *shared\nc: 2\n")
    assert roundtrip.dump(anchored) == roundtrip._dump(anchored) == "a: &shared {x: 1}  # kept\nb: *shared\nc: 2\n"
