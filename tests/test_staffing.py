"""Staffing: costs, targets, the Erlang C bound against a published vector, the optimiser against
Erlang C on a single desk, monotonicity in demand, and sweeps on local processes and on Dask."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import ConfigError, load_scenario, load_scenario_text, validate
from model.cli import main
from model.config import editing
from model.config.norms import required_social_workers
from model.config.schema import Role
from model.simulation.executor import DaskExecutor, LocalExecutor
from model.staffing import costs
from model.staffing.erlang import erlang_c, least_servers, mean_wait, service_level
from model.staffing.evaluate import Job, evaluate_jobs, network_for, plan_settings
from model.staffing.optimiser import Search, optimise
from model.staffing.plan import adjustable_role, plan_edit, resized_staff, with_plan
from model.staffing.sweep import parse_axis, rows, sweep
from model.staffing.targets import Levels, levels_of, parse_option, resolve

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"

MEAN_SERVICE = 60.0
LOAD = 10.0  # erlangs: λ·E[S]


def single_desk(servers: int = 11, load: float = LOAD, extra: str = "") -> str:
    """One desk, Poisson arrivals, exponential service, open 24/7: an M/M/c queue; the social
    workers of the art. 110 norm sit in a unit that serves no client, so the norm never binds.
    Availability 1: every FTE serves, so FTE = servers as Erlang C counts them."""
    per_week = load / MEAN_SERVICE * 10080
    return f"""
centre: {{name: OPS Testowo, population: 6000, model: care_area}}
availability: {{default: 1}}
units:
  - {{id: office, name: Ośrodek, kind: management, staff: [{{role: social_worker, fte: 3}}]}}
  - {{id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{{role: clerk, fte: {servers}}}]}}
calendar: {{kind: always}}
routing: {{policy: first}}
procedures:
  - id: visit
    name: Wizyta
    arrivals: {{per_week: {per_week}}}
    entry: serve
    steps:
      - {{id: serve, function: first_contact, duration: {{dist: exponential, mean: {MEAN_SERVICE}}}, next: end}}
costs:
  roles: {{clerk: 7000, social_worker: 8000}}
{extra}
"""


# --- Erlang C against pyworkforce's published example -------------------------------------------


def test_erlang_c_matches_the_pyworkforce_example():
    """pyworkforce's README: 100 calls in 30 min, AHT 3 min, answer within 20 s, 80% service level,
    occupancy at most 85% → 14 positions, waiting probability 0.1741319335950498, service level
    0.8883500191794669, occupancy 0.7142857142857143."""
    load = 100 / 30 * 3
    assert erlang_c(14, load) == pytest.approx(0.1741319335950498, rel=1e-12)
    assert service_level(14, load, 3, 20 / 60) == pytest.approx(0.8883500191794669, rel=1e-12)
    needed = next(c for c in range(1, 100) if service_level(c, load, 3, 20 / 60) >= 0.8 and load / c <= 0.85)
    assert needed == 14
    assert load / needed == pytest.approx(0.7142857142857143)


def test_erlang_c_agrees_with_the_factorial_formula():
    for servers, load in [(1, 0.5), (3, 2.4), (14, 10.0), (40, 35.0)]:
        last = load**servers / math.factorial(servers) * servers / (servers - load)
        direct = last / (sum(load**k / math.factorial(k) for k in range(servers)) + last)
        assert erlang_c(servers, load) == pytest.approx(direct, rel=1e-9)
    assert erlang_c(3, 3.0) == 1.0 and mean_wait(3, 3.5, 10) == math.inf


@settings(max_examples=200, deadline=None)
@given(
    load=st.floats(0.01, 80),
    growth=st.floats(1.0, 3.0),
    service=st.floats(1, 240),
    wait=st.one_of(st.none(), st.floats(0.1, 120)),
    utilisation=st.one_of(st.none(), st.floats(0.3, 1.0)),
)
def test_more_demand_never_needs_fewer_staff_by_erlang_c(load, growth, service, wait, utilisation):
    fewer = least_servers(load, service, wait, utilisation)
    more = least_servers(load * growth, service, wait, utilisation)
    assert more >= fewer
    assert fewer > load and (wait is None or mean_wait(fewer, load, service) <= wait)
    assert fewer == 1 or (
        (fewer - 1 <= load)
        or (utilisation is not None and load / (fewer - 1) > utilisation)
        or (wait is not None and mean_wait(fewer - 1, load, service) > wait)
    )


@settings(max_examples=15, deadline=None)
@given(low=st.floats(0.5, 2.0), growth=st.floats(1.0, 2.0))
def test_more_demand_never_lowers_the_staff_the_bound_asks_for(low, growth):
    """On the shipped Tarnowskie Góry configuration, for every unit and in total."""
    scenario = load_scenario(DEFAULT_CONFIG)
    targets = resolve(scenario, levels_of(scenario))

    def bound(multiplier: float) -> tuple[int, ...]:
        search = Search(
            scenario, targets, plan_settings(days=30, warmup_days=1, demand={"*": multiplier}), LocalExecutor(1)
        )
        return search.lower_bound()

    fewer, more = bound(low), bound(low * growth)
    assert sum(more) >= sum(fewer)


# --- the optimiser against Erlang C on a single desk --------------------------------------------


@pytest.fixture(scope="module")
def desk_runs():
    """The optimiser with and without the bound, on a mean-wait target between W(13) and W(14)."""
    scenario = load_scenario_text(single_desk(), "desk.yaml")
    target = 4.0  # minutes; Erlang C: W(13) = 5.7, W(14) = 2.6
    targets = resolve(scenario, Levels(max_mean_wait={"*": target}))
    per_plan = plan_settings(days=40, warmup_days=2, replications=8, seed=3)
    with LocalExecutor(2) as executor:
        bounded = optimise(scenario, targets, per_plan, executor)
        blind = optimise(scenario, targets, per_plan, executor, use_bound=False)
    return scenario, target, bounded, blind


def test_single_desk_matches_erlang_c(desk_runs):
    scenario, target, bounded, blind = desk_runs
    expected = least_servers(LOAD, MEAN_SERVICE, max_wait=target)
    assert expected == 14
    # the simulation alone (no bound) climbs from the least stable staff to Erlang C's answer
    assert blind.plan == {"desk": float(expected)}
    assert bounded.plan == {"desk": float(expected)}
    assert bounded.feasible and blind.feasible
    assert bounded.units[0].binding.kind == "mean_wait"


def test_the_bound_saves_simulations_and_reports_how_many(desk_runs):
    _, _, bounded, blind = desk_runs
    assert bounded.pruned_by_bound >= 1
    assert blind.pruned_by_bound == 0
    assert bounded.evaluations < blind.evaluations


def test_costs_and_front_of_the_plan(desk_runs):
    scenario, _, bounded, _ = desk_runs
    assert bounded.cost_now == pytest.approx(11 * 7000 + 3 * 8000)
    assert bounded.cost_needed == pytest.approx(14 * 7000 + 3 * 8000)
    front = bounded.to_dict()["front"]
    assert [p["cost"] for p in front] == sorted(p["cost"] for p in front)
    # along the front, paying more buys a shorter wait
    waits = [p["wait_minutes"]["mean"] for p in front]
    assert waits == sorted(waits, reverse=True)
    assert any(p["cost"] == pytest.approx(bounded.cost_needed) for p in front)
    # the least-cost plan is the cheapest point of the front that meets the targets
    meeting = [p["cost"] for p in front if p["meets_targets"]]
    assert min(meeting) == pytest.approx(bounded.cost_needed)
    assert all(not p["meets_targets"] for p in front if p["cost"] < bounded.cost_needed)


def test_more_demand_never_lowers_the_staff_the_optimiser_finds():
    """Along a demand ladder on the single desk (same seed), the plan never shrinks."""
    scenario = load_scenario_text(single_desk(), "desk.yaml")
    targets = resolve(scenario, Levels(max_mean_wait={"*": 4.0}, max_utilisation={"*": 0.9}))
    found = []
    with LocalExecutor(2) as executor:
        for multiplier in (0.5, 0.8, 1.0, 1.3):
            per_plan = plan_settings(days=30, warmup_days=2, replications=6, seed=11, demand={"*": multiplier})
            # the desk's procedure is all its work: released, it is planned also where it idles
            found.append(optimise(scenario, targets, per_plan, executor, release=["desk"]).plan["desk"])
    assert found == sorted(found) and found[0] < found[-1]


def test_a_norm_no_planned_unit_can_meet_is_reported():
    """The desk employs clerks only, and the one social-worker unit serves no client: for 10,000
    inhabitants art. 110 asks for 5 social workers, and no plan of the desk can give them."""
    scenario = load_scenario_text(single_desk(servers=14).replace("population: 6000", "population: 10000"))
    targets = resolve(scenario, Levels(max_utilisation={"*": 0.9}))
    with LocalExecutor(1) as executor:
        result = optimise(scenario, targets, plan_settings(days=8, warmup_days=1, replications=2), executor)
    assert [b.key for b in result.unreachable] == ["norm:art. 110 ust. 11 u.p.s."]
    assert "art. 110" in result.unreachable[0].text("pl")
    assert validate(with_plan(scenario, result.plan), only={"STAFF001"})  # and validate agrees


def test_a_stopped_search_returns_the_best_plan_so_far():
    scenario = load_scenario_text(single_desk(), "desk.yaml")
    targets = resolve(scenario, Levels(max_mean_wait={"*": 4.0}))
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 1  # let the first batch through, then stop

    with LocalExecutor(1) as executor:
        result = optimise(scenario, targets, plan_settings(days=10, warmup_days=1, replications=2), executor, stop=stop)
    assert result.stopped and not result.feasible
    assert result.plan == {"desk": float(least_servers(LOAD, MEAN_SERVICE, max_wait=4.0))}  # the bound's plan


def test_unreachable_target_is_reported_not_chased():
    """A deadline shorter than the step's own delay: no staffing meets it."""
    text = single_desk(extra="").replace(
        "next: end}",
        "next: end, delay: 2 h, deadline: {within: 30 min, from: arrival, basis: test}}",
    )
    scenario = load_scenario_text(text, "late.yaml")
    targets = resolve(scenario, Levels(deadlines_met={"*": 0.95}))
    with LocalExecutor(1) as executor:
        result = optimise(scenario, targets, plan_settings(days=8, warmup_days=1, replications=3), executor)
    assert [b.key for b in result.unreachable] == ["deadlines:visit"]
    assert result.unreachable[0].text("pl").endswith(": Wizyta")  # named as the procedure is
    assert result.plan == {"desk": 11.0}  # the bound's plan: more staff would not help


def test_the_art_110_norm_is_a_hard_constraint():
    """With the desk's staff social workers and no one else, the norm (3 for 6000) binds the cut."""
    text = (
        single_desk(servers=5, load=0.5)
        .replace("role: clerk", "role: social_worker")
        .replace("  - {id: office, name: Ośrodek, kind: management, staff: [{role: social_worker, fte: 3}]}\n", "")
    )
    scenario = load_scenario_text(text, "norm.yaml")
    targets = resolve(scenario, Levels(max_utilisation={"*": 0.85}))
    with LocalExecutor(1) as executor:
        settings = plan_settings(days=8, warmup_days=1, replications=3)
        result = optimise(scenario, targets, settings, executor, release=["desk"])  # it idles: see test_optimiser
    assert result.plan == {"desk": required_social_workers(scenario)}
    assert result.units[0].binding.kind == "norm"


# --- costs, plans, targets -----------------------------------------------------------------------


def test_staff_cost_is_fte_times_the_role_cost_per_unit_department_and_centre():
    scenario = load_scenario(DEFAULT_CONFIG)
    prices = scenario.config.costs.roles
    summary = costs.staff_costs(scenario)
    expected = sum(s.fte * prices[s.role] for u in scenario.units for s in u.staff)
    assert summary.monthly == pytest.approx(expected)
    assert summary.annual == pytest.approx(12 * expected)
    assert sum(summary.departments.values()) == pytest.approx(expected)
    department = next(u for u in scenario.units if u.kind.value == "department")
    inside = {u.id for u in department.walk()}
    assert summary.departments[department.id] == pytest.approx(
        sum(s.fte * prices[s.role] for u in scenario.units if u.id in inside for s in u.staff)
    )
    assert not summary.missing


def test_unit_cost_override_and_missing_roles():
    text = single_desk(extra="").replace(
        "costs:\n  roles: {clerk: 7000, social_worker: 8000}",
        "costs:\n  roles: {clerk: 7000}\n  units: {desk: {clerk: 9000}}",
    )
    summary = costs.staff_costs(load_scenario_text(text))
    by_unit = {u.unit_id: u for u in summary.units}
    assert by_unit["desk"].monthly == 11 * 9000
    assert by_unit["office"].missing == ("social_worker",) and by_unit["office"].monthly == 0
    assert summary.missing == ("social_worker",)


def test_unknown_unit_in_costs_is_one_clear_line(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(single_desk(extra="").replace("costs:\n  roles:", "costs:\n  units: {dsek: {clerk: 1}}\n  roles:"))
    assert main(["optimise", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "dsek" in err[0] and f"{path}:" in err[0]


def test_a_plan_resizes_the_working_role_and_keeps_the_manager():
    scenario = load_scenario(DEFAULT_CONFIG)
    team = next(u for u in scenario.units if {s.role for s in u.staff} >= {Role.manager} and len(u.staff) > 1)
    role = adjustable_role(team)
    assert role != Role.manager
    rows_ = resized_staff(team, team.fte() + 2)
    assert sum(s.fte for s in rows_) == pytest.approx(team.fte() + 2)
    assert [s for s in rows_ if s.role == Role.manager] == [s for s in team.staff if s.role == Role.manager]
    assert with_plan(scenario, {team.id: 3}).unit(team.id).fte() == 3
    assert scenario.unit(team.id).fte() == team.fte()  # the original is untouched


def test_applying_a_plan_is_an_edit_that_reloads_and_undoes():
    scenario = load_scenario(DEFAULT_CONFIG)
    unit = next(u for u in scenario.units if "first_contact" in u.functions)
    original = DEFAULT_CONFIG.read_text(encoding="utf-8")
    text, changed = editing.apply(
        original, plan_edit(scenario, {unit.id: unit.fte() + 1}), "plan.yaml", ROOT / "org_configs"
    )
    assert changed.unit(unit.id).fte() == unit.fte() + 1
    history = editing.History(original)
    history.record("plan", text)
    assert history.undo() == "plan" and not history.modified


def test_targets_resolve_with_precedence_and_refuse_unknown_keys():
    scenario = load_scenario(DEFAULT_CONFIG)
    post = next(u.id for u in scenario.units if "first_contact" in u.functions)
    levels = levels_of(
        scenario, Levels(max_mean_wait=parse_option(["60min", f"{post}=10min"], "--max-mean-wait", minutes=True))
    )
    targets = resolve(scenario, levels)
    first = [k for k, v in targets.waits.items() if v == 10]
    assert first and all(
        scenario.procedure(k.split("/")[0]).step(k.split("/")[1]).function == "first_contact" for k in first
    )
    assert all(v == 60 for k, v in targets.waits.items() if k not in first)
    assert set(targets.deadlines) == {p.id for p in scenario.procedures if any(s.deadline for s in p.steps)}
    with pytest.raises(ConfigError, match="punkt"):
        resolve(scenario, Levels(max_mean_wait={"punkt": 5}))
    with pytest.raises(ConfigError, match="--max-mean-wait"):
        parse_option(["punkt=abc"], "--max-mean-wait", minutes=True)


# --- the command line ----------------------------------------------------------------------------


def test_optimise_json_on_the_shipped_configuration(capsys):
    code = main(["optimise", str(DEFAULT_CONFIG), "--days", "60", "--replications", "4", "--json", "--processes", "2"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["feasible"]
    scenario = load_scenario(DEFAULT_CONFIG)
    for unit_id, unit in out["units"].items():
        assert unit["fte_now"] == scenario.unit(unit_id).fte()
        assert unit["binding"]
    assert out["cost_now"] == pytest.approx(costs.staff_costs(scenario).monthly)
    planned = {u: v["fte_needed"] for u, v in out["units"].items()}
    assert out["cost_needed"] == pytest.approx(costs.plan_cost(scenario, planned))
    social = sum(s.fte for u in with_plan(scenario, planned).units for s in u.staff if s.role == Role.social_worker)
    assert social >= required_social_workers(scenario) - 1e-9
    assert not validate(with_plan(scenario, planned), only={"STAFF001"})  # and the rule agrees
    for unit_id, fte in planned.items():  # a plan keeps a unit's manager and one person at its work
        unit = scenario.unit(unit_id)
        role = adjustable_role(unit)
        kept = [s for s in with_plan(scenario, planned).unit(unit_id).staff if s.role != role]
        assert kept == [s for s in unit.staff if s.role != role]
        assert fte >= sum(s.fte for s in kept) + 1
    assert out["evaluations"] >= 1 and out["pruned_by_bound"] >= 0 and out["front"]


def test_optimise_refuses_a_bad_target_in_one_line(capsys):
    assert main(["optimise", str(DEFAULT_CONFIG), "--max-mean-wait", "punkt=soon"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--max-mean-wait" in err[0]


# --- sweeps: local processes and a real Dask cluster --------------------------------------------


def test_sweep_axis_parsing():
    assert parse_axis("*=0.8..1.2:0.2", "demand") == ("demand", "*", [0.8, 1.0, 1.2])
    assert parse_axis("desk=2..4", "staff") == ("staff", "desk", [2.0, 3.0, 4.0])
    with pytest.raises(ConfigError, match="--demand"):
        parse_axis("*=1.6..0.8", "demand")


def test_sweep_runs_the_same_on_local_processes_and_on_dask():
    scenario = load_scenario_text(single_desk(servers=12), "desk.yaml")
    axes = [parse_axis("*=0.8..1.0:0.2", "demand"), parse_axis("desk=12..13", "staff")]
    per_plan = plan_settings(days=10, warmup_days=1, replications=4, seed=5)
    with LocalExecutor(2) as local:
        here = rows(sweep(scenario, axes, per_plan, local))
    with DaskExecutor(workers=2, processes=False) as dask:
        assert dask.workers == 2
        there = rows(sweep(scenario, axes, per_plan, dask))
    assert here == there  # the same seeds give the same numbers wherever they run
    assert len(here) == 4
    by_point = {(r["demand *"], r["fte desk"]): r for r in here}
    # more demand on the same staff waits longer; more staff on the same demand costs more
    assert by_point[(1.0, 12.0)]["mean_wait_minutes"] > by_point[(0.8, 12.0)]["mean_wait_minutes"]
    assert by_point[(1.0, 13.0)]["cost_monthly"] - by_point[(1.0, 12.0)]["cost_monthly"] == pytest.approx(7000)


def test_optimise_on_a_running_dask_cluster_by_its_address():
    """``--address``: a scheduler started apart (here in this process), the optimiser its client."""
    from dask.distributed import LocalCluster

    scenario = load_scenario_text(single_desk(), "desk.yaml")
    targets = resolve(scenario, Levels(max_mean_wait={"*": 4.0}))
    per_plan = plan_settings(days=20, warmup_days=1, replications=4, seed=3)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with cluster, DaskExecutor(address=cluster.scheduler_address) as dask:
        there = optimise(scenario, targets, per_plan, dask)
    with LocalExecutor(1) as local:
        here = optimise(scenario, targets, per_plan, local)
    assert there.to_dict() == here.to_dict()


def test_sweep_command_writes_a_table_csv_and_chart(tmp_path, capsys):
    path = tmp_path / "desk.yaml"
    path.write_text(single_desk(servers=12))
    chart, table = tmp_path / "s.png", tmp_path / "s.csv"
    argv = ["sweep", str(path), "--demand", "*=0.8..1:0.2", "--days", "8", "--warmup", "1", "--replications", "3"]
    assert main(argv + ["--chart", str(chart), "--csv", str(table), "--processes", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["demand *"] for p in out["points"]] == [0.8, 1.0]
    assert chart.read_bytes()[:4] == b"\x89PNG"
    assert table.read_text().splitlines()[0].startswith("demand *")
    assert main(argv + ["--processes", "1", "--lang", "pl"]) == 0
    header, first = capsys.readouterr().out.splitlines()[:2]
    assert "mnożnik liczby zgłoszeń (*)" in header and "dotrzymane terminy" in header
    assert re.search(r"\d,\d \[\d+,\d; \d+,\d\]", first)  # the mean wait with its interval, in Polish
    assert re.search(r"\d\s%\s\[\d+\s%; \d+\s%\]", first)  # the busiest unit's utilisation, likewise


# --- costs in show, the staffing annex and comparisons ------------------------------------------


def test_show_prints_the_cost_per_unit_department_and_centre(capsys):
    from model.i18n import t

    summary = costs.staff_costs(load_scenario(DEFAULT_CONFIG))
    for lang in ("en", "pl"):
        assert main(["show", str(DEFAULT_CONFIG), "--lang", lang]) == 0
        out = capsys.readouterr().out
        centre = t("show.centre_total", lang)
        assert t("show.cost_line", lang, name=centre, monthly=summary.monthly, annual=summary.annual) in out
        assert t("show.unit_cost", lang, monthly=summary.units[0].monthly) in out
    assert "61 000 mieszkańców" in out.replace("\u202f", " ") and "zł miesięcznie" in out


def test_the_staffing_annex_has_monthly_and_annual_costs():
    from model.exports.staffing import staffing, staffing_markdown

    scenario = load_scenario(DEFAULT_CONFIG)
    data = staffing(scenario)
    assert data.costed and data.centre.monthly == pytest.approx(costs.staff_costs(scenario).monthly)
    text = staffing_markdown(scenario)
    assert "Koszt miesięczny (zł)" in text and "Koszt roczny (zł)" in text
    annual = f"{round(data.centre.monthly * 12):,}".replace(",", "\u00a0")
    assert annual in text


def test_compare_reports_the_cost_difference(capsys):
    care_area = ROOT / "org_configs" / "tarnowskie_gory_care_area.yaml"
    argv = ["compare", str(care_area), str(DEFAULT_CONFIG), "--days", "20", "--replications", "2", "--json"]
    assert main(argv + ["--processes", "1"]) == 0
    found = json.loads(capsys.readouterr().out)["costs"]
    a, b = (costs.staff_costs(load_scenario(p)).monthly for p in (care_area, DEFAULT_CONFIG))
    assert found["centre"] == {"a": a, "b": b, "difference": b - a, "annual_difference": 12 * (b - a)}
    assert sum(d["b"] or 0 for d in found["departments"].values()) == pytest.approx(b)


def test_a_plan_is_simulated_as_a_simulation_would_run_it():
    """The same run-out after the window and the same warm start as ``simulate``: a plan's
    service levels are the simulation's own figures for that staffing, to the last digit."""
    from model.simulation import simulate

    scenario = load_scenario(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")
    per_plan = plan_settings(days=20, warmup_days=2, replications=2, seed=4)
    plan = {"stanowisko_pierwszego_kontaktu": 2.0}
    with LocalExecutor(1) as local:
        (found,) = evaluate_jobs(local, [Job(network_for(scenario, plan, per_plan), plan, {})], per_plan)
    expected = simulate(with_plan(scenario, plan), replace(per_plan, processes=1))
    assert per_plan.run_out_days == expected.run_out_days > 0
    assert found.steps == {key: s.wait_minutes for key, s in expected.steps.items()}
    assert found.procedures == {
        p: s.deadline_met_share for p, s in expected.procedures.items() if s.deadline_met_share is not None
    }
    assert found.deadlines_met == expected.system.deadline_met_share and found.deadlines_met.mean is not None


@pytest.mark.parametrize("policy", ["shortest_queue", "care_area", "first"])
def test_the_bound_splits_each_units_load_as_the_simulation_routes_it(policy):
    """The Erlang bound's offered load per unit equals the simulation's own, function by function,
    also where ``routing.care_area`` routes some functions by care area under another policy."""
    from model.staffing.erlang import unit_loads
    from model.staffing.evaluate import step_loads

    # The alimony-fund section also takes family benefits here, so that one function is served by
    # two units and the split between them matters.
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    shared_text = text.replace("functions: [alimony_fund]", "functions: [alimony_fund, family_benefits]", 1)
    assert shared_text != text
    scenario = load_scenario_text(shared_text, DEFAULT_CONFIG.name, DEFAULT_CONFIG.parent)
    network = network_for(scenario, {}, plan_settings(days=10))
    shared = sorted({s.function for p in network.procedures for s in p.steps if len(s.units) > 1})
    assert shared, "the centre has functions served by several units"
    routing = scenario.config.routing.model_copy(update={"policy": policy, "care_area": shared[:1]})
    scenario = replace(scenario, config=scenario.config.model_copy(update={"routing": routing}))
    network = network_for(scenario, {}, plan_settings(days=10))
    loads = unit_loads(
        step_loads(network), {u.id: u.servers for u in network.units}, {u.id: u.fte for u in network.units}
    )
    for unit, (office, field) in zip(network.units, network.offered_load()):
        assert loads[unit.id].load == pytest.approx(office + field, rel=1e-9, abs=1e-12)
        assert loads[unit.id].field_load == pytest.approx(field, rel=1e-9, abs=1e-12)


def test_the_plan_found_stands_on_the_front_as_meeting_the_targets():
    """A plan of the same cost that misses a target (a unit's wait) but has a shorter mean wait for
    the centre must not push the plan found off the front: the front would then say that the plan's
    cost buys nothing that meets the targets (found on the shipped centre, 20 days, 2 replications)."""
    scenario = load_scenario(DEFAULT_CONFIG)
    with LocalExecutor(1) as executor:
        result = optimise(
            scenario,
            resolve(scenario, levels_of(scenario)),
            plan_settings(days=20, warmup_days=2, replications=2),
            executor,
        )
    assert result.feasible
    assert any(p.meets_targets and p.cost == pytest.approx(result.cost_needed) for p in result.front)
    assert min(p.cost for p in result.front if p.meets_targets) == pytest.approx(result.cost_needed)
