"""The optimiser a director can act on: staffing norms and the workload balance as floors, units
outside the model kept as they are, and ``optimise -o`` writing a plan that passes ``validate``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model import load_scenario, load_scenario_text, validate
from model.checks.findings import Severity
from model.cli import main
from model.config.norms import assistant_norm, role_floors
from model.simulation.executor import LocalExecutor
from model.staffing.evaluate import plan_settings
from model.staffing.optimiser import optimise
from model.staffing.plan import with_plan, write_plan
from model.staffing.targets import Levels, levels_of, resolve
from model.staffing.workload import balance

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "org_configs").glob("*.yaml"))
QUICK = plan_settings(days=10, warmup_days=1, replications=2)


def centre(assistants: float, families: int, hours_per_case: float, unit_extra: str = "") -> str:
    """A desk of three social workers (the art. 110 minimum for 6,000 inhabitants) and a team of
    family assistants with a declared caseload; 10 clients a week, half of them seen by the team
    for two hours. The office is open 8 h on weekdays: 2,016 h in 2024, availability 1."""
    return f"""
centre: {{name: OPS Testowo, population: 6000, model: care_area, effective_from: 2024-03-01}}
availability: {{default: 1}}
units:
  - {{id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{{role: social_worker, fte: 3}}]}}
  - id: team
    name: Zespół Asystentów Rodziny
    kind: team
    functions: [family_assistance]
    caseload: {{families: {families}, hours_per_case_month: {hours_per_case}}}
    staff: [{{role: family_assistant, fte: {assistants}}}]
{unit_extra}
procedures:
  - id: visit
    name: Wizyta
    arrivals: {{per_week: 10}}
    entry: serve
    steps:
      - id: serve
        function: first_contact
        duration: 30
        next: [{{to: help, p: 0.5}}, {{to: end, p: 0.5}}]
      - {{id: help, function: family_assistance, duration: 120, next: end}}
"""


def run(text: str, release: tuple[str, ...] = ()):
    scenario = load_scenario_text(text, "c.yaml")
    with LocalExecutor(1) as executor:
        result = optimise(
            scenario, resolve(scenario, Levels(max_utilisation={"*": 0.85})), QUICK, executor, release=release
        )
    return scenario, result, {u.unit_id: u for u in result.units}


def test_the_family_assistant_norm_binds_the_cut():
    """80 families at 7 h a month and the procedure's 504 h are 3.6 FTE of work: the norm's
    80 / 15 = 5.33 FTE is higher, so the team of 7 goes to 6 (whole people at availability 1) and
    the cut to 5 is refused for art. 15 ust. 4 uwr."""
    scenario, result, units = run(centre(7, 80, 7))
    norm = assistant_norm(scenario)
    assert norm is not None and norm.required == pytest.approx(80 / 15)
    assert units["team"].fte_needed == 6.0
    assert units["team"].binding.kind == "norm"
    assert "art. 15 ust. 4" in units["team"].binding.text("pl")
    assert "norma zatrudnienia" in units["team"].binding.text("pl")
    planned = with_plan(scenario, result.plan)
    assert not [f for f in validate(planned) if f.severity == Severity.error]  # STAFF003 agrees
    assert assistant_norm(planned).met
    # one step below the plan, the rule the optimiser read says no
    below = with_plan(scenario, result.plan | {"team": 5.0})
    assert [f.rule for f in validate(below, only={"STAFF003"})] == ["STAFF003"]


def test_caseload_and_other_work_are_a_floor():
    """14 h a month for 80 families is 13,440 h; with 504 h of procedure work and 10% of the time
    for other work WISN asks (504 + 13,440) / 2,016 / 0.9 = 7.68 FTE. The queue bound on the time
    that leaves for clients keeps the team at 8, the balance named as the reason; 7.5 would leave
    0.08 FTE for clients."""
    other = "    other_work: [{activity: sprawozdawczość, share: 0.1, source: assumption}]"
    scenario, result, units = run(centre(10, 80, 14, other))
    required = balance(scenario).units["team"].required_fte
    assert required == pytest.approx((504 + 80 * 14 * 12) / 2016 / 0.9, rel=1e-3)
    assert units["team"].fte_needed == 8.0 and units["team"].fte_needed >= required
    assert units["team"].binding.kind == "workload"
    planned = balance(with_plan(scenario, result.plan)).units["team"]
    assert planned.wisn_ratio >= 1  # the balance of the plan itself has the staff its work needs


def test_units_outside_the_model_are_kept_unless_released():
    """The desk's procedure work is 4% of its time (lacks work), the team is declared outside the
    model: both keep their staff and say why; released, the team is planned again."""
    declared = "    not_modelled: całodobowa opieka nad rodzinami w mieszkaniach chronionych"
    scenario, result, units = run(centre(7, 80, 7, declared))
    assert result.plan == {"desk": 3.0, "team": 7.0} and all(u.change == 0 for u in result.units)
    assert units["team"].binding.kind == "not_modelled"
    assert "całodobowa opieka" in units["team"].binding.text("pl")
    assert units["desk"].binding.kind == "lacks_work"
    assert "4\u00a0%" in units["desk"].binding.text("pl")  # Polish: a hard space before %
    assert [u.unit_id for u in result.held] == ["desk", "team"]
    # availability 0.8: today's 3 FTE serve as 2 people, whom 2 FTE pay for too; still not cut
    scenario, result, units = run(
        centre(7, 80, 7, declared).replace("availability: {default: 1}", "availability: {default: 0.8}")
    )
    assert units["desk"].fte_needed == 3.0 and units["desk"].binding.kind == "lacks_work"
    _, released, units = run(centre(7, 80, 7, declared), release=("team",))
    assert units["team"].fte_needed == 6.0 and units["team"].binding.kind == "norm"
    assert units["desk"].binding.kind == "lacks_work"


def test_every_rule_enforced_norm_is_a_floor():
    """The floors are the norms the rules enforce, in the law of the date: art. 110 ust. 11 (3 for
    6,000 inhabitants) and art. 15 ust. 4 uwr (on the declared caseload)."""
    floors = role_floors(load_scenario_text(centre(8, 80, 10), "c.yaml"))
    assert [(f.citation.split(" u")[0], round(f.required, 4)) for f in floors] == [
        ("art. 110", 3.0),
        ("art. 15", round(80 / 15, 4)),
    ]


def test_release_of_an_unknown_unit_is_one_line(capsys):
    code = main(["optimise", str(SHIPPED[0]), "--release", "nie_ma_takiej", "--days", "5", "--warmup", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "nie_ma_takiej" in err[0]


def test_output_into_a_folder_that_cannot_be_written_is_one_line(tmp_path, capsys):
    """Refused before the search, nothing written: a path under a file, and /proc (read-only even for root)."""
    blocker = tmp_path / "plik"
    blocker.write_text("x")
    for target in (blocker / "plan.yaml", Path("/proc/plan.yaml")):
        code = main(["optimise", str(SHIPPED[0]), "-o", str(target), "--days", "5", "--warmup", "1"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1 and str(target) in err[0], err
        assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["plik"]


@pytest.mark.parametrize("config", SHIPPED, ids=lambda p: p.stem)
def test_the_leanest_plan_the_constraints_allow_is_written_valid(config, tmp_path):
    """On every shipped configuration, the plan the search starts from (the Erlang bound, the
    workload balance and the norms, before any simulation: the fewest staff the constraints allow)
    written with the plan applied into another folder: it loads there (procedures named from
    there), keeps every comment of the original and passes ``validate`` with no errors."""
    scenario = load_scenario(config)
    with LocalExecutor(1) as executor:
        start = optimise(scenario, resolve(scenario, levels_of(scenario)), QUICK, executor, stop=lambda: True)
    assert start.stopped and start.evaluations == 0 and start.changes
    out = tmp_path / "plan.yaml"
    assert write_plan(scenario, config, start.changes, out) == []
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]  # no temporary file left
    planned = load_scenario(out)
    assert {u: planned.unit(u).fte() for u in start.changes} == start.changes
    assert not [f.located() for f in validate(planned) if f.severity == Severity.error]
    original = config.read_text(encoding="utf-8")
    written = out.read_text(encoding="utf-8")
    comments = [line.split("#", 1)[1].strip() for line in original.splitlines() if "#" in line]
    assert comments and all(c in written for c in comments)


def test_optimise_writes_the_plan_it_found(tmp_path, capsys):
    """End to end on the rural centre: ``optimise -o`` writes the plan it reports, and the file
    passes ``validate`` (exit code 0)."""
    config = ROOT / "org_configs" / "gops_rural.yaml"
    out = tmp_path / "plan.yaml"
    args = ["optimise", str(config), "-o", str(out), "--days", "5", "--warmup", "1", "--replications", "2"]
    code = main([*args, "--processes", "1", "--json"])
    found = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and out.exists()
    planned = load_scenario(out)
    assert {u: planned.unit(u).fte() for u in found["units"]} == {u: v["fte_needed"] for u, v in found["units"].items()}
    assert main(["validate", str(out)]) == 0


def test_a_plan_keeps_qualified_fte_within_the_fte():
    """A line with 7 of its 8 FTE qualified, cut to 5: at most 5 qualified, and the text the plan
    writes loads (the schema refuses more qualified FTE than FTE)."""
    from model.staffing.plan import planned_text, resized_staff

    text = centre(8, 80, 7).replace(
        "{role: family_assistant, fte: 8}", "{role: family_assistant, fte: 8, qualified: 7}"
    )
    scenario = load_scenario_text(text, "c.yaml")
    (row,) = resized_staff(scenario.unit("team"), 5.0)
    assert (row.fte, row.qualified) == (5.0, 5.0)
    written, planned = planned_text(scenario, text, {"team": 5.0})
    assert planned.unit("team").staff[0].qualified == 5.0 and "qualified: 5.0" in written
