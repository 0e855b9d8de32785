"""The law layer (model/law) applied by the loader, asserted on what reaches people: every text a
document or a view shows carries the word of the date and no raw ``{law:…}``; an undated
configuration says so; every unknown provision is one problem at its own file and line.

These are the tests that kill the mutants of ``model/law/apply.py`` (issue 20, item 13).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from model import load_scenario, load_scenario_text
from model.config.dated import law_date
from model.config.errors import ConfigError
from model.exports.regulation import regulation_markdown
from model.law import render

from .conftest import ROOT

CONFIGS = ROOT / "org_configs"

TEXT = """\
centre: {{name: OPS, population: 6000, model: care_area{when}}}
units:
  - id: ops
    name: "Zespół ds. {{law:violence.term.gen}}"
    kind: management
    functions: [first_contact, violence_prevention]
    staff: [{{role: social_worker, fte: 3}}]
    tasks: ["wsparcie {{law:violence.victim.dat_pl}}"]
procedures:
  - id: p
    name: "Procedura {{law:nk.group.gen}}"
    description: "Opis {{law:violence.term.gen}}"
    basis: ["{{law:nk.pass_to_team.citation}}"]
    arrivals: {{per_week: 1}}
    entry: a
    steps:
      - id: a
        name: "Krok {{law:nk.group.dat}}"
        function: first_contact
        duration: 10 min
        document: "Dokument {{law:nk.group.gen}}"
        description: "Rozmowa z {{law:violence.victim.ins}}"
        next:
          - to: b
            p: 0.5
            label: "do {{law:nk.group.gen}}"
          - {{to: end, p: 0.5}}
      - id: b
        name: Przekazanie
        function: violence_prevention
        duration: 10 min
        deadline:
          from: a
          law: nk.pass_to_team
        next: end
"""


def _loaded(when: str):
    return load_scenario_text(TEXT.format(when=when), "c.yaml")


@pytest.mark.parametrize(
    ("when", "group_gen", "victim_ins", "term_gen", "days"),
    [
        (
            ", effective_from: 2017-09-01",
            "grupy roboczej",
            "osobą dotkniętą przemocą w rodzinie",
            "przemocy w rodzinie",
            "7 dni",
        ),
        (
            ", effective_from: 2024-01-01",
            "grupy diagnostyczno-pomocowej",
            "osobą doznającą przemocy domowej",
            "przemocy domowej",
            "5 dni roboczych",
        ),
    ],
)
def test_every_text_of_units_procedures_steps_and_branches_speaks_the_law_of_the_date(
    when, group_gen, victim_ins, term_gen, days
):
    scenario = _loaded(when)
    unit, procedure = scenario.unit("ops"), scenario.procedure("p")
    step, branch = procedure.step("a"), procedure.step("a").next[0]
    assert unit.name == f"Zespół ds. {term_gen}"
    assert unit.tasks == [f"wsparcie {render('{law:violence.victim.dat_pl}', scenario.law.on)}"]
    assert procedure.name == f"Procedura {group_gen}" and procedure.description == f"Opis {term_gen}"
    assert procedure.basis == [render("{law:nk.pass_to_team.citation}", scenario.law.on)]
    assert step.name.startswith("Krok grup") and step.document == f"Dokument {group_gen}"
    assert step.description == f"Rozmowa z {victim_ins}"
    assert branch.label == f"do {group_gen}"
    deadline = procedure.step("b").deadline
    assert str(deadline.within) == days and deadline.basis == render("{law:nk.pass_to_team.citation}", scenario.law.on)
    assert {p.key for p in scenario.law.provisions} == {
        "violence.term",
        "violence.victim",
        "nk.group",
        "nk.pass_to_team",
    }


def test_the_law_applied_cannot_be_changed_after_loading():
    scenario = _loaded(", effective_from: 2017-09-01")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.law.on = dt.date(2024, 1, 1)


def test_a_provision_that_sets_no_term_on_the_date_leaves_the_step_without_a_deadline():
    text = TEXT.format(when=", effective_from: 2017-09-01").replace("law: nk.pass_to_team", "law: nk.pass_to_group")
    scenario = load_scenario_text(text, "c.yaml")
    assert scenario.procedure("p").step("b").deadline is None
    assert "nk.pass_to_group" in {p.key for p in scenario.law.provisions}


def test_an_undated_configuration_is_read_in_todays_law_and_says_so():
    scenario = _loaded("")
    assert scenario.law.dated is False and scenario.law.on == dt.date.today()
    dated = _loaded(", effective_from: 2017-09-01")
    assert dated.law.dated is True and dated.law.on == dt.date(2017, 9, 1)
    assert law_date(dated.config) == (dt.date(2017, 9, 1), True)


def test_every_unknown_provision_is_one_problem_at_its_own_file_and_line():
    text = (
        TEXT.format(when=", effective_from: 2024-01-01")
        .replace('"Zespół ds. {law:violence.term.gen}"', '"Zespół ds. {law:no.such_word}"')
        .replace('"Opis {law:violence.term.gen}"', '"Opis {law:no.other_word}"')
        .replace("law: nk.pass_to_team", "law: no.deadline")
    )
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(text, "c.yaml")
    problems = caught.value.problems
    lines = text.splitlines()
    expected = [
        next(i for i, line in enumerate(lines, 1) if marker in line)
        for marker in ("no.such_word", "no.other_word", "no.deadline")
    ]
    assert [(p.file, p.line) for p in problems] == [("c.yaml", line) for line in expected]
    assert [p.message.params["key"] for p in problems] == ["no.such_word", "no.other_word", "no.deadline"]


@pytest.mark.parametrize(
    "original",
    [
        '"Zespół ds. {law:violence.term.gen}"',  # a unit's name
        '"wsparcie {law:violence.victim.dat_pl}"',  # its tasks
        '"Procedura {law:nk.group.gen}"',  # a procedure's name
        '"Opis {law:violence.term.gen}"',  # its description
        '"{law:nk.pass_to_team.citation}"',  # its basis
        '"Krok {law:nk.group.dat}"',  # a step's name
        '"Dokument {law:nk.group.gen}"',  # its document
        '"Rozmowa z {law:violence.victim.ins}"',  # its description
        '"do {law:nk.group.gen}"',  # a branch's label
        "law: nk.pass_to_team",  # a deadline
    ],
)
def test_an_unknown_provision_is_reported_at_the_line_of_the_text_that_names_it(original):
    text = TEXT.format(when=", effective_from: 2024-01-01")
    broken = text.replace(original, original.replace("{law:", "{law:no.").replace("law: ", "law: no."), 1)
    assert broken != text
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(broken, "c.yaml")
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "no." in row)
    assert [(p.file, p.line) for p in caught.value.problems] == [("c.yaml", line)]


def test_a_problem_in_a_procedure_file_names_that_file(tmp_path):
    config = TEXT.format(when=", effective_from: 2024-01-01")
    head, procedure = config.split("procedures:\n")
    (tmp_path / "p.yaml").write_text(
        "\n".join(line[4:] for line in procedure.splitlines())
        .replace("{law:nk.group.gen}", "{law:no.word}")
        .replace("law: nk.pass_to_team", "law: no.deadline"),
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(head + 'procedures: ["p.yaml"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_scenario(tmp_path / "c.yaml")
    problems = caught.value.problems
    assert {Path(p.file).name for p in problems} == {"p.yaml"}
    assert "no.deadline" in {p.message.params["key"] for p in problems}


def test_the_resolution_in_force_is_cited_in_the_procedure_that_applies_it():
    text = (
        TEXT.format(when=", effective_from: 2024-01-01")
        .replace(
            "procedures:\n",
            "resolutions:\n  - {subject: meals, number: I/1/2020, adopted: 2020-01-30, title: w sprawie posiłków}\n"
            "  - {subject: meals, number: I/1/2010, adopted: 2010-01-28, title: w sprawie dawnej, valid_to: 2019-12-31}\n"
            "procedures:\n",
        )
        .replace("    arrivals: {per_week: 1}", "    resolutions: [meals]\n    arrivals: {per_week: 1}")
        .replace("model: care_area", "model: care_area, council: Rada Gminy Test")
    )
    scenario = load_scenario_text(text, "c.yaml")
    cited = "uchwała nr I/1/2020 Rady Gminy Test z dnia 30 stycznia 2020 r. w sprawie posiłków"
    assert scenario.procedure("p").basis[-1] == cited
    already = text.replace(
        'basis: ["{law:nk.pass_to_team.citation}"]', f'basis: ["{{law:nk.pass_to_team.citation}}", "{cited}"]'
    )
    assert load_scenario_text(already, "c.yaml").procedure("p").basis.count(cited) == 1  # a reloaded dump cites it once


@pytest.mark.parametrize(
    "name", ["tarnowskie_gory_2017", "tarnowskie_gory_care_area", "tarnowskie_gory_cus", "gops_rural"]
)
def test_no_raw_law_placeholder_reaches_a_shipped_configurations_texts_or_regulation(name):
    scenario = load_scenario(CONFIGS / f"{name}.yaml")
    texts = [u.name for u in scenario.units] + [t for u in scenario.units for t in u.tasks]
    for p in scenario.procedures:
        texts += [p.name, p.description or "", *p.basis]
        for s in p.steps:
            texts += [s.name or "", s.document or "", s.description or "", s.deadline.basis if s.deadline else ""]
            texts += [b.label or "" for b in ([] if isinstance(s.next, str) else s.next)]
    assert not [text for text in texts if "{law:" in text]
    assert "{law:" not in regulation_markdown(scenario)
