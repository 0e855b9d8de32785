"""Each validation rule fires on its documented example and on the seeded defects, at the right line,
and stays silent on the shipped configurations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model import REGISTRY, Severity, load_scenario, load_scenario_text, validate
from model.cli.rules import rules_table

from .conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken" / "centre.yaml"


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_rule_fires_on_its_docstring_example(rule_id: str) -> None:
    rule = REGISTRY[rule_id]
    findings = validate(load_scenario_text(rule.example, f"<{rule_id}>"))
    mine = [f for f in findings if f.rule == rule_id]
    assert mine, f"{rule_id} did not fire on its own example; got {[f.rule for f in findings]}"
    assert all(f.severity == rule.severity and f.line for f in mine)


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_rule_is_quiet_on_its_passing_example(rule_id: str) -> None:
    """The ``Passes::`` example is the failing one mended: it loads, and the rule says nothing on it."""
    rule = REGISTRY[rule_id]
    assert rule.passing.strip(), f"{rule_id} has no Passes:: example"
    assert rule.passing != rule.example
    findings = validate(load_scenario_text(rule.passing, f"<{rule_id} passes>"), only={rule_id})
    assert not findings, f"{rule_id} fired on its passing example: {[str(f) for f in findings]}"


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_rule_documents_itself(rule_id: str) -> None:
    rule = REGISTRY[rule_id]
    assert re.fullmatch(r"[A-Z]+\d{3}", rule.id)
    assert rule.doc and rule.title
    assert "::" not in rule.doc, "the explanation must not carry an example"


def _expected_marks() -> set[tuple[str, str, int]]:
    """(rule, file name, line) for every ``# expect: RULE`` comment in the broken fixture."""
    marks = set()
    for path in (FIXTURES / "broken").rglob("*.yaml"):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if match := re.search(r"#\s*expect:\s*(.+)$", text):
                marks |= {(rule_id, path.name, number) for rule_id in match.group(1).split()}
    return marks


def test_every_seeded_defect_is_reported_at_its_file_and_line() -> None:
    findings = [f for config in sorted((FIXTURES / "broken").glob("*.yaml")) for f in validate(load_scenario(config))]
    reported = {(f.rule, Path(f.file).name, f.line) for f in findings}
    assert reported == _expected_marks()


def test_broken_fixture_exercises_every_rule() -> None:
    assert {rule for rule, _, _ in _expected_marks()} == set(REGISTRY)


def test_shipped_config_has_no_findings(shipped_config: Path) -> None:
    findings = validate(load_scenario(shipped_config))
    assert [str(f) for f in findings] == []


def test_separation_rules_do_not_apply_to_the_care_area_model() -> None:
    separated = REGISTRY["SEP001"].example
    care_area = separated.replace("model: separated", "model: care_area")
    assert "SEP001" in {f.rule for f in validate(load_scenario_text(separated))}
    assert "SEP001" not in {f.rule for f in validate(load_scenario_text(care_area))}


def test_staffing_norm_is_one_per_2000_inhabitants_and_at_least_three() -> None:
    def norm_findings(population: int, fte: float) -> list[str]:
        text = (
            f"centre: {{name: OPS, population: {population}, model: care_area}}\n"
            "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],\n"
            f"     staff: [{{role: social_worker, fte: {fte}}}]}}\n"
        )
        return [f.rule for f in validate(load_scenario_text(text)) if f.rule == "STAFF001"]

    assert norm_findings(4000, 3) == []  # the minimum of 3 covers a small gmina
    assert norm_findings(4000, 2.5) == ["STAFF001"]
    assert norm_findings(61000, 30.5) == []
    assert norm_findings(61000, 30) == ["STAFF001"]


def test_errors_come_before_warnings() -> None:
    severities = [f.severity for f in validate(load_scenario(BROKEN))]
    assert severities == sorted(severities, key=lambda s: s != Severity.error)


def test_documented_rule_table_is_generated_from_the_registry() -> None:
    assert rules_table() in (ROOT / "docs" / "manual" / "rules.md").read_text(encoding="utf-8")


def test_documented_procedure_example_is_valid() -> None:
    """The format page of the documentation shows a procedure that really loads and validates."""
    blocks = re.findall(
        r"```yaml\n(.*?)```", (ROOT / "docs" / "manual" / "format.md").read_text(encoding="utf-8"), re.S
    )
    procedure = next(b for b in blocks if b.startswith("id: "))
    config = (
        "centre: {name: OPS, population: 6000, model: separated, effective_from: 2024-01-01,\n"
        "         shared_services: CUW, director_qualifications: specjalizacja}\nunits:\n"
        "  - {id: fc, name: Stanowisko ds. Pierwszego Kontaktu, kind: post, functions: [first_contact],"
        " staff: [{role: clerk, fte: 1}]}\n"
        "  - {id: dec, name: Zespół ds. Świadczeń Przyznawanych Decyzją, kind: team, authorisations: [decision_benefits],"
        " functions: [decision_benefits], staff: [{role: social_worker, fte: 3}]}\n"
        "procedures:\n"
        + "".join(f"    {line}\n" if i else f"  - {line}\n" for i, line in enumerate(procedure.splitlines()))
    )
    assert validate(load_scenario_text(config)) == []


def test_caseload_work_need_not_start_at_first_contact() -> None:
    walk_in = REGISTRY["SEP002"].example
    caseload = walk_in.replace("    name: Praca socjalna\n", "    name: Praca socjalna\n    origin: caseload\n")
    assert caseload != walk_in
    assert "SEP002" in {f.rule for f in validate(load_scenario_text(walk_in))}
    assert "SEP002" not in {f.rule for f in validate(load_scenario_text(caseload))}


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_every_finding_speaks_polish_too(rule_id: str) -> None:
    """The app shows findings to Polish public servants: each message has a Polish version."""
    findings = [f for f in validate(load_scenario_text(REGISTRY[rule_id].example)) if f.rule == rule_id]
    assert findings and all(f.message.code.startswith(f"finding.{rule_id}") for f in findings)
    assert all(f.text("pl") != f.text("en") and f.text("en") == str(f.message) for f in findings)


def test_polish_messages_use_decimal_commas() -> None:
    text = REGISTRY["STAFF001"].example.replace("fte: 3", "fte: 3.5")
    finding = next(f for f in validate(load_scenario_text(text)) if f.rule == "STAFF001")
    assert "3,5 etatu" in finding.text("pl") and "3.5 social-worker FTE" in finding.text("en")


def _staff001(population: int, staff: str, caseload: str = "") -> list:
    text = (
        f"centre: {{name: OPS, population: {population}, model: care_area}}\n"
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact, social_work],\n"
        f"     {caseload}staff: [{staff}]}}\n"
    )
    return [f for f in validate(load_scenario_text(text)) if f.rule == "STAFF001"]


def test_staffing_norm_accepts_the_50_families_alternative() -> None:
    """Art. 110 ust. 11: 1 per 2,000 inhabitants OR 1 per at most 50 families under social work."""
    assert _staff001(20000, "{role: social_worker, fte: 8}")  # 20,000 / 2,000 = 10 needed
    assert not _staff001(20000, "{role: social_worker, fte: 8}", "caseload: {families: 400}, ")  # 400 / 50 = 8
    assert _staff001(20000, "{role: social_worker, fte: 8}", "caseload: {families: 450}, ")  # 9 needed
    assert _staff001(20000, "{role: social_worker, fte: 2}", "caseload: {families: 20}, ")  # at least 3 anyway


def test_staffing_norm_counts_only_social_worker_posts() -> None:
    """A manager counts as a manager (MRPiPS-03), however many of them there are."""
    assert _staff001(9000, "{role: social_worker, fte: 4}, {role: manager, fte: 1}")
    assert not _staff001(9000, "{role: social_worker, fte: 4.5}, {role: manager, fte: 1}")


def test_staffing_message_declines_numbers_in_polish() -> None:
    finding = _staff001(20000, "{role: social_worker, fte: 8}")[0]
    text = finding.text("pl")
    assert text.startswith("8 etatów pracownika socjalnego") and "dodaj 2 etaty" in text
    assert "20\u202f000 mieszkańców" in text
    one = _staff001(8000, "{role: social_worker, fte: 3}")[0].text("pl")
    assert one.startswith("3 etaty") and "dodaj 1 etat" in one
    families = _staff001(20000, "{role: social_worker, fte: 5}", "caseload: {families: 452}, ")[0].text("pl")
    assert "(rodzin i osób objętych pracą socjalną: 452)" in families and "dodaj 4,1 etatu" in families


def test_the_issues_configuration_no_longer_passes_clean() -> None:
    """Duplicate symbols, a decision with no interview, one unit doing social work and family
    assistance: 0 findings before issue 10, each reported now."""
    text = """\
centre: {name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01,
         shared_services: CUW, director_qualifications: specjalizacja}
units:
  - id: ops
    name: Ośrodek
    symbol: OPS
    kind: management
    authorisations: [decision_benefits]
    functions: [first_contact, decision_benefits]
    staff: [{role: social_worker, fte: 3}]
    units:
      - {id: sw, name: Zespół Pracy z Rodziną, symbol: OPS, kind: team,
         functions: [social_work, family_assistance],
         staff: [{role: social_worker, fte: 1}, {role: family_assistant, fte: 1}]}
procedures:
  - id: grant
    name: Zasiłek
    arrivals: {per_week: 5}
    entry: talk
    steps:
      - {id: talk, function: first_contact, duration: 20 min, next: decide}
      - id: decide
        function: decision_benefits
        duration: 30 min
        decision: true
        next: [{to: end, p: 0.97}, {to: appeal, p: 0.03}]
      - {id: appeal, function: decision_benefits, duration: 1 h, appeal: true, next: end,
         deadline: {law: kpa.forward_appeal, from: decide}}
"""
    assert {f.rule for f in validate(load_scenario_text(text))} == {"DUP002", "PROC001", "SEP003"}


def test_a_violence_case_may_skip_the_first_contact_desk() -> None:
    """SEP002 must not force a victim through the general desk: urgent and crisis cases are exempt."""
    general = REGISTRY["SEP002"].example
    violence = general.replace(
        "functions: [first_contact, social_work]", "functions: [first_contact, violence_prevention]"
    )
    violence = violence.replace("function: social_work", "function: violence_prevention")
    assert violence != general
    assert "SEP002" not in {f.rule for f in validate(load_scenario_text(violence))}


def test_every_rule_names_its_provision_and_its_fix() -> None:
    for registered in REGISTRY.values():
        assert registered.citation and registered.fix, registered.id


def test_time_in_polish_messages_has_spelled_units_in_the_deadline_terms() -> None:
    """A deadline in working days is compared in working days: the 25 wd delay ends on the 25th."""
    finding = next(f for f in validate(load_scenario(BROKEN)) if f.rule == "TIME001")
    assert "termin 14 dni roboczych" in finding.text("pl") and "zajmuje 25 dni roboczych" in finding.text("pl")
    assert "takes 25 working days" in finding.text("en")


DEADLINES = """\
centre: {name: OPS, population: 6000, model: care_area}
units:
  - {id: ops, name: Ośrodek, kind: management,
     functions: [first_contact, decision_benefits], staff: [{role: social_worker, fte: 3}]}
procedures:
  - id: grant
    name: Zasiłek
    arrivals: {per_week: 5}
    entry: talk
    steps:
      - {id: talk, function: first_contact, duration: 20 min, delay: 3 d, next: visit}
      - {id: visit, function: first_contact, duration: 2 h, delay: 12 d, next: [{to: decide, p: 0.8}, {to: talk, p: 0.2}],
         deadline: {within: 14 d, basis: assumption}}
      - {id: decide, function: decision_benefits, duration: 30 min, delay: 2 wd, next: [{to: end, p: 0.9}, {to: appeal, p: 0.1}],
         deadline: {within: 1 month, basis: art. 35 § 3 KPA}}
      - {id: appeal, function: decision_benefits, duration: 30 min, delay: 3 d, next: end,
         deadline: {within: 7 d, from: talk, basis: assumption}}
"""


def test_deadlines_from_one_source_are_judged_as_each_alone() -> None:
    """TIME001 searches the routes once per source (issue 23): each deadline's finding is the one it
    gets when it is the procedure's only deadline."""
    deadlines = re.findall(r",\n +deadline: \{[^}]*\}", DEADLINES)
    assert len(deadlines) == 3

    def time001(text: str) -> list[tuple[str, str | None]]:  # lines move as deadlines go
        found = validate(load_scenario_text(text, "c.yaml"))
        return sorted((f.text("pl"), f.subject) for f in found if f.rule == "TIME001")

    alone = []
    for kept in deadlines:
        text = DEADLINES
        for other in deadlines:
            text = text if other == kept else text.replace(other, "")
        alone += time001(text)
    together = time001(DEADLINES)
    assert len(together) >= 2  # some deadlines fail, counted from the arrival and from a step
    assert together == sorted(alone)


def test_findings_read_from_kept_files_are_those_of_a_fresh_read(shipped_config: Path) -> None:
    """Loads share what they read before: procedure files, top-level keys, written times (issue 23),
    procedures validated and read in the law of the date, TIME001's searches (issue 21). A
    configuration loaded again after another load of it has the findings of one read from nothing."""
    from model.checks.rules import deadlines
    from model.config import dated, loader, quantities, yamlio

    def findings() -> list[tuple[str, str, str, int | None]]:
        return [(f.rule, f.text("pl"), f.file, f.line) for f in validate(load_scenario(shipped_config))]

    for kept in (
        yamlio._kept_file,
        yamlio._part,
        quantities._span_text,
        loader._kept_procedure,
        loader._kept_inline,
        dated._procedure_of_day,
        deadlines._unmeetable,
    ):
        kept.cache_clear()
    fresh = findings()
    assert findings() == fresh and findings() == fresh


def test_flow002_names_the_same_loop_whatever_the_hash_seed() -> None:
    """The trapped loop is read from the file's order, not from a set's: two runs of the
    validator with other hash seeds print the same findings, each loop told from the step
    listed first ('group' before 'meet' in the broken Niebieska Karta)."""
    import os
    import subprocess
    import sys

    def loops(seed: str) -> list[str]:
        run = subprocess.run(
            [sys.executable, "-m", "model", "validate", str(BROKEN)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        return [line for line in run.stdout.splitlines() if "FLOW002" in line]

    first = loops("1")
    assert len(first) == 2 and all("group → meet → group" in line for line in first), first
    assert loops("2") == first == loops("3")


def test_time001_kept_for_a_procedure_is_found_anew_when_a_step_or_the_calendar_changes() -> None:
    """TIME001's searches are kept per procedure read and calendar (issue 21): an edit of the staff
    reuses them, an edit of a step's delay finds what the new delay gives, and going back finds
    the old answer again; another calendar searches anew."""
    from model.checks.rules import deadlines

    text = REGISTRY["TIME001"].passing
    assert "delay: 3 d" in text and "fte: 3" in text

    def time001(changed: str) -> list[str]:
        return [f.rule for f in validate(load_scenario_text(changed, "c.yaml")) if f.rule == "TIME001"]

    assert time001(text) == []
    assert time001(text.replace("delay: 3 d", "delay: 35 d")) == ["TIME001"]
    assert time001(text.replace("fte: 3", "fte: 4")) == []
    assert time001(text) == []
    searched = deadlines._unmeetable.cache_info().misses
    calendar = text.replace("procedures:", "calendar: {open: '08:00', close: '16:00'}\nprocedures:")
    assert time001(calendar) == []
    assert deadlines._unmeetable.cache_info().misses == searched + 1
