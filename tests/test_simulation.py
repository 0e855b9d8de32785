"""The simulation against queueing theory, Little's law, the law's deadlines and its own contract."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sys
import threading
import types
from dataclasses import fields, replace
from pathlib import Path

import pytest

from model import ConfigError, load_scenario, load_scenario_text
from model.checks import flow
from model.cli import main
from model.config.calendar import LegalCalendar, WorkingCalendar
from model.config.quantities import Span
from model.config.schema import Calendar
from model.simulation import SimulationSettings, compare, simulate
from model.simulation.comparison import ComparisonResult
from model.simulation.engine import Replication, replicate
from model.simulation.executor import can_fork, default_processes, shared_pool
from model.simulation.network import compile_network
from model.simulation.results import Estimate, RunResult, from_json, to_json
from model.simulation.runner import PRECISION_BATCH, network_of, observe
from model.simulation.stats import Tally

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"
CARE_AREA_CONFIG = ROOT / "org_configs" / "tarnowskie_gory_care_area.yaml"


def centre(units: str, procedures: str, calendar: str = "{kind: always}", routing: str = "first") -> str:
    """A small centre whose staff all serve (availability 1): FTE = servers, as queueing theory counts."""
    return f"""
centre: {{name: OPS Testowo, population: 10000, model: care_area}}
availability: {{default: 1}}
locations:
  - {{id: a, address: ul. Pierwsza 1}}
  - {{id: b, address: ul. Druga 2}}
units:
{units}
calendar: {calendar}
routing: {{policy: {routing}}}
procedures:
{procedures}
"""


def one_queue(servers: int, per_week: float, mean: float) -> str:
    """One unit, one step, exponential service, open 24/7: an M/M/c queue."""
    return centre(
        f"  - {{id: desk, name: Stanowisko, kind: post, functions: [first_contact], "
        f"staff: [{{role: clerk, fte: {servers}}}]}}",
        f"""  - id: visit
    name: Wizyta
    arrivals: {{per_week: {per_week}}}
    entry: serve
    steps:
      - {{id: serve, function: first_contact, duration: {{dist: exponential, mean: {mean}}}, next: end}}""",
    )


def erlang_c_wait(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c queue: Erlang's C formula over (cμ − λ)."""
    offered = arrival_rate / service_rate
    rho = offered / servers
    last = offered**servers / math.factorial(servers) / (1 - rho)
    waiting_probability = last / (sum(offered**k / math.factorial(k) for k in range(servers)) + last)
    return waiting_probability / (servers * service_rate - arrival_rate)


# --- queueing theory ----------------------------------------------------------------------------


@pytest.mark.parametrize("servers, rho, days", [(1, 0.7, 60), (3, 0.8, 40)])
def test_mean_wait_matches_erlang_c_within_the_confidence_interval(servers, rho, days):
    mean_service = 60.0
    arrival_rate = rho * servers / mean_service  # per minute; the 24/7 clock has 10 080 minutes a week
    scenario = load_scenario_text(one_queue(servers, arrival_rate * 10080, mean_service))
    result = simulate(scenario, SimulationSettings(days=days, replications=30, warmup_days=3, seed=7))

    expected = erlang_c_wait(arrival_rate, 1 / mean_service, servers)
    low, high = result.steps["visit/serve"].wait_minutes.ci95.low, result.steps["visit/serve"].wait_minutes.ci95.high
    assert low <= expected <= high, f"Erlang C gives {expected:.1f} min, simulated 95% CI [{low:.1f}, {high:.1f}]"
    utilisation = result.units["desk"].utilisation
    assert utilisation.ci95.low <= rho <= utilisation.ci95.high  # utilisation = λ × mean service / servers
    assert utilisation.mean == pytest.approx(rho, abs=0.02)


LONG_LIVED = ("asystent_rodziny", "uslugi_opiekuncze", "niebieska_karta")
"""Procedures whose cases stay open for months (a family with its assistant about a year, care
services about ten months, a Niebieska Karta about four): a year that starts empty is not their
steady state, and many of their lead times run past the run-out, so the steady-state identities
below are checked on the rest of the shipped centre."""


@pytest.fixture(scope="module")
def default_year():
    if not DEFAULT_CONFIG.exists():
        pytest.skip("org_configs/tarnowskie_gory_2017.yaml not there yet")
    settings = SimulationSettings(days=365, replications=3, warmup_days=30, demand=dict.fromkeys(LONG_LIVED, 0.0))
    return simulate(load_scenario(DEFAULT_CONFIG), settings)


def test_littles_law_holds_on_the_default_config(default_year):
    # L = λW. Clients still inside at the end are in L but not yet in W (their lead time is
    # unfinished), which biases λW low by a few per cent over a year; hence the tolerance.
    system = default_year.system
    assert system.mean_in_system.mean > 10
    assert system.arrivals_per_working_minute.mean * system.lead_time_working_minutes.mean == pytest.approx(
        system.mean_in_system.mean, rel=0.06
    )


def test_utilisation_equals_offered_load_on_the_default_config(default_year):
    busy = [u for u in default_year.units.values() if u.offered_load > 0]
    assert len(busy) >= 5
    # the work done is the work offered, in total ...
    assert sum(u.utilisation.mean * u.servers for u in busy) == pytest.approx(
        sum(u.offered_load * u.servers for u in busy), rel=0.02
    )
    # ... and per unit where a unit alone serves its functions; units sharing a function are
    # compared as a group: at light load the shortest queue takes ties in chart order, not in
    # proportion to staff as the estimate assumes, so only the group's work is the estimate's
    units = default_year.units
    sharing = {
        unit.id
        for serving in flow.servers(load_scenario(DEFAULT_CONFIG)).values()
        if len(serving) > 1
        for unit in serving
    } & set(units)
    for unit_id, unit in units.items():
        if unit.offered_load > 0:
            assert 0 <= unit.utilisation.mean <= 1
            if unit_id not in sharing:
                assert unit.utilisation.mean == pytest.approx(unit.offered_load, abs=0.03, rel=0.05), unit.name
    shared = [units[i] for i in sharing if units[i].offered_load > 0]
    assert sum(u.utilisation.mean * u.servers for u in shared) == pytest.approx(
        sum(u.offered_load * u.servers for u in shared), abs=0.05, rel=0.05
    )


def test_overloaded_unit_shows_a_growing_queue_and_a_warning():
    scenario = load_scenario_text(one_queue(1, 1.5 * 10080 / 60, 60.0))  # demand 1.5× what one clerk can do
    short = simulate(scenario, SimulationSettings(days=20, replications=2, warmup_days=2, processes=1))
    long = simulate(scenario, SimulationSettings(days=40, replications=2, warmup_days=2, processes=1))
    assert any("unstable: demand exceeds capacity by 50%" in w.text("en") for w in short.warnings)
    assert long.units["desk"].final_queue.mean > 1.5 * short.units["desk"].final_queue.mean > 100
    assert long.units["desk"].mean_queue.mean > 1.5 * short.units["desk"].mean_queue.mean


# --- reproducibility, contract, CLI -------------------------------------------------------------


def test_same_seed_same_numbers_sequential_or_parallel():
    scenario = load_scenario_text(one_queue(2, 200, 60.0))
    settings = {"days": 15, "replications": 4, "warmup_days": 1}
    first = simulate(scenario, SimulationSettings(**settings, seed=3, processes=1))
    again = simulate(scenario, SimulationSettings(**settings, seed=3, processes=2))
    other = simulate(scenario, SimulationSettings(**settings, seed=4, processes=1))
    assert to_json(first) == to_json(again)
    assert first.steps != other.steps


def test_a_host_with_threads_runs_on_its_one_shared_pool_of_workers_that_import_no_main(tmp_path, monkeypatch):
    """The app's server runs threads, where forking is unsafe: its runs go to one pool of workers
    forked from a fork server, kept between runs, that never run the host's main module (there the
    Streamlit page, which would draw itself; here a stand-in that leaves a mark when run)."""
    mark = tmp_path / "page-was-run"
    page = tmp_path / "page.py"
    page.write_text(f"open({str(mark)!r}, 'w').close()\n", encoding="utf-8")
    main_module = types.ModuleType("__main__")  # as Streamlit installs the page: a file, no spec
    main_module.__file__ = str(page)
    monkeypatch.setitem(sys.modules, "__main__", main_module)
    scenario = load_scenario_text(one_queue(2, 200, 60.0))
    settings = SimulationSettings(days=15, replications=4, warmup_days=1, seed=3)
    alone = simulate(scenario, replace(settings, processes=1))
    done = threading.Event()
    host = threading.Thread(target=done.wait)  # as the app's server threads are
    host.start()
    try:
        assert not can_fork() and default_processes() == (os.cpu_count() or 1)
        workers = 3  # a pool of this test's own making, whatever other tests started
        pool = shared_pool(workers)
        probe = "'model.simulation.engine' in __import__('sys').modules"
        assert pool.submit(eval, probe).result(timeout=60)  # preloaded by the fork server
        shared = [simulate(scenario, replace(settings, processes=workers)) for _ in range(2)]
        assert shared_pool(workers) is pool  # kept between runs, not started again
    finally:
        done.set()
        host.join()
    assert to_json(shared[0]) == to_json(shared[1]) == to_json(alone)
    assert not mark.exists()  # no worker ran the page


def test_progress_is_reported_after_each_replication():
    calls = []
    simulate(
        load_scenario_text(one_queue(1, 50, 30.0)),
        SimulationSettings(days=5, replications=3, warmup_days=0, processes=1),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_json_contract_from_the_command_line(capsys):
    if not DEFAULT_CONFIG.exists():
        pytest.skip("org_configs/tarnowskie_gory_2017.yaml not there yet")
    code = main(
        [
            "simulate",
            str(DEFAULT_CONFIG),
            "--days",
            "30",
            "--seed",
            "2",
            "--replications",
            "2",
            "--warmup",
            "5",
            "--demand",
            "*=1.1",
            "zasilek_celowy=2",
            "--processes",
            "1",
            "--json",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    result = json.loads(out)
    assert result["days"] == 30 and result["replications"] == 2
    assert isinstance(result["warnings"], list) and isinstance(result["trips_per_client"]["mean"], float)
    for procedure in result["procedures"].values():
        assert {"arrived", "completed", "censored", "lead_time_days", "deadline_met_share"} <= set(procedure)
        share = procedure["deadline_met_share"]
        assert share is None or 0 <= share["mean"] <= share["ci95"]["high"] <= 1
        low, high = procedure["lead_time_days"]["ci95"]["low"], procedure["lead_time_days"]["ci95"]["high"]
        assert low <= procedure["lead_time_days"]["mean"] <= high and procedure["lead_time_days"]["n"] <= 2
    assert result["procedures"]["informacja_poradnictwo"]["deadline_met_share"] is None  # no deadline there
    assert result["procedures"]["zasilek_celowy"]["arrivals_per_week"] == pytest.approx(100)
    for key, step in result["steps"].items():
        assert key.count("/") == 1 and {"mean", "ci95", "n"} == set(step["wait_minutes"])
    for unit in result["units"].values():
        assert 0 <= unit["utilisation"]["mean"] <= 1 and unit["mean_queue"]["mean"] >= 0
    # the output is what the shipped schema describes, and reads back into the typed result
    typed = from_json(RunResult, out)
    assert typed.procedures["zasilek_celowy"].arrived.mean == result["procedures"]["zasilek_celowy"]["arrived"]["mean"]
    assert [w.text("pl") for w in typed.warnings] == result["warnings"]


def test_unknown_procedure_in_demand_is_a_config_error(capsys):
    scenario = load_scenario_text(one_queue(1, 50, 30.0))
    with pytest.raises(ConfigError, match="unknown procedure"):
        simulate(scenario, SimulationSettings(days=5, warmup_days=1, demand={"nope": 2.0}))
    with pytest.raises(ConfigError, match="warm-up"):
        simulate(scenario, SimulationSettings(days=5, warmup_days=5))
    if DEFAULT_CONFIG.exists():
        assert main(["simulate", str(DEFAULT_CONFIG), "--demand", "nope=2"]) == 2
        assert main(["simulate", str(DEFAULT_CONFIG), "--demand", "zasilek_celowy"]) == 2
        assert "nope" in capsys.readouterr().err


def test_table_output_and_compare_from_the_command_line(capsys):
    if not (DEFAULT_CONFIG.exists() and CARE_AREA_CONFIG.exists()):
        pytest.skip("shipped configurations not there yet")
    short = ["--days", "20", "--warmup", "2", "--replications", "2"]
    assert main(["simulate", str(DEFAULT_CONFIG), *short, "--processes", "1"]) == 0
    assert "trips between buildings per client" in capsys.readouterr().out
    assert main(["compare", str(CARE_AREA_CONFIG), str(DEFAULT_CONFIG), *short, "--json"]) == 0
    out = capsys.readouterr().out
    comparison = json.loads(out)
    assert set(comparison) >= {"a", "b", "procedures", "steps", "units", "trips_per_client", "warnings", "costs"}
    difference = comparison["trips_per_client"]
    assert difference["mean"] == pytest.approx(
        comparison["b"]["trips_per_client"]["mean"] - comparison["a"]["trips_per_client"]["mean"]
    )
    low, high = difference["ci95"]["low"], difference["ci95"]["high"]
    assert low <= difference["mean"] <= high and difference["notable"] == (low > 0 or high < 0)
    assert difference["better"] == (None if not difference["notable"] else "B" if high < 0 else "A")
    # common random numbers: both organisations receive exactly the same clients
    assert all(p["arrived"]["mean"] == 0 for p in comparison["procedures"].values())
    assert from_json(ComparisonResult, out).a.days == 20
    assert set(comparison["system"]) == {
        "mean_in_system",
        "arrivals_per_working_minute",
        "lead_time_working_minutes",
        "deadline_met_share",
        "wait_minutes",
    }
    assert comparison["system"]["arrivals_per_working_minute"]["mean"] == 0  # the same clients


def test_compare_with_itself_differs_in_nothing():
    scenario = load_scenario_text(one_queue(2, 200, 60.0))
    comparison = compare(scenario, scenario, SimulationSettings(days=10, replications=2, warmup_days=1))
    for section in (comparison.procedures, comparison.steps, comparison.units):
        for numbers in section.values():
            differences = [getattr(numbers, f.name) for f in fields(numbers)]
            assert all(d.mean in (0, None) and not d.notable and d.better is None for d in differences)


# --- the story: routing, trips, delays, field hours, deadlines ---------------------------------

TWO_AREAS = """\
  - {id: area_1, name: Rejon 1, kind: team, location: a, functions: [first_contact, social_work],
     staff: [{role: social_worker, fte: 1}]}
  - {id: area_2, name: Rejon 2, kind: team, location: b, functions: [first_contact, social_work],
     staff: [{role: social_worker, fte: 3}]}"""
TALK_THEN_WORK = """\
  - id: help
    name: Pomoc
    arrivals: {per_week: 300}
    entry: talk
    steps:
      - {id: talk, function: first_contact, duration: {dist: exponential, mean: 20}, next: work}
      - {id: work, function: social_work, duration: {dist: exponential, mean: 40}, next: end}"""


@pytest.mark.parametrize("policy", ["care_area", "first", "shortest_queue"])
def test_routing_policies(policy):
    scenario = load_scenario_text(centre(TWO_AREAS, TALK_THEN_WORK, routing=policy))
    result = simulate(scenario, SimulationSettings(days=20, replications=2, warmup_days=2, processes=1))
    area_1, area_2 = result.units["area_1"].utilisation.mean, result.units["area_2"].utilisation.mean
    if policy == "care_area":  # a client stays in the area drawn by FTE (1 : 3) for both steps
        assert result.trips_per_client.mean == 0
        assert area_1 == pytest.approx(area_2, rel=0.15)
    elif policy == "first":
        assert result.trips_per_client.mean == 0 and area_2 == 0
    else:  # whoever is least busy: clients change buildings between the steps
        assert result.trips_per_client.mean > 0.05 and area_1 > 0 and area_2 > 0


def test_a_move_to_another_building_is_one_trip_and_delays_add_up():
    units = """\
  - {id: front, name: Punkt, kind: post, location: a, functions: [first_contact], staff: [{role: clerk, fte: 40}]}
  - {id: team, name: Zespół, kind: team, location: b, functions: [social_work],
     staff: [{role: social_worker, fte: 40}]}"""
    procedure = """\
  - id: help
    name: Pomoc
    arrivals: {per_week: 50}
    entry: talk
    steps:
      - {id: talk, function: first_contact, duration: 30 min, next: work}
      - {id: work, function: social_work, duration: 1 h, delay: 90 min, next: end}"""
    result = simulate(
        load_scenario_text(centre(units, procedure)),
        SimulationSettings(days=10, replications=2, warmup_days=1, processes=1),
    )
    assert result.trips_per_client.mean == 1
    procedure = result.procedures["help"]
    assert procedure.lead_time_working_minutes.mean == pytest.approx(30 + 90 + 60)
    assert procedure.lead_time_days.mean == pytest.approx(180 / 1440)


def test_home_visits_happen_only_in_field_hours():
    units = "  - {id: team, name: Zespół, kind: team, functions: [social_work], staff: [{role: social_worker, fte: 2}]}"
    procedure = """\
  - id: visit
    name: Wywiad
    arrivals: {per_week: 20}
    entry: interview
    steps:
      - {id: interview, function: social_work, field: true, duration: 3 h, next: end}"""
    calendar = "{kind: office, field_hours: ['10:00', '14:00']}"
    network = compile_network(load_scenario_text(centre(units, procedure, calendar)), 30, {})
    pieces = []

    class Pieces(Tally):  # a tally that also keeps each piece of field work
        def worked(self, me, now):
            pieces.append((me.since, now))
            super().worked(me, now)

    Replication(network, seed=1, replication=0, tally=Pieces).run()
    assert len(pieces) > 50
    for start, end in pieces:  # field hours are 150–390 minutes after the 7:30 opening
        assert start % 480 >= 150 and (end - 1e-9) % 480 <= 390 and end - start <= 240 + 1e-9
    assert any(end - start < 180 - 1e-9 for start, end in pieces)  # 3 h after 12:00 goes on the next day


def deadline_centre(first_delay: str, delay: str, within: str, anchor: str) -> str:
    units = "  - {id: team, name: Zespół, kind: team, functions: [decision_benefits], staff: [{role: clerk, fte: 5}]}"
    procedure = f"""\
  - id: grant
    name: Zasiłek
    arrivals: {{per_week: 10}}
    entry: apply
    steps:
      - {{id: apply, function: decision_benefits, duration: 20 min, delay: {first_delay}, next: decide}}
      - id: decide
        function: decision_benefits
        duration: 30 min
        delay: {delay}
        next: end
        deadline: {{within: {within}, from: {anchor}, basis: art. 35 § 3 KPA}}"""
    return centre(units, procedure, "{kind: office}")


@pytest.mark.parametrize(
    "first_delay, delay, within, anchor, share",
    [
        ("0 min", "5 wd", "14 wd", "arrival", 1.0),
        ("0 min", "20 wd", "14 wd", "arrival", 0.0),
        ("0 min", "10 wd", "1 month", "arrival", 1.0),
        ("20 wd", "5 wd", "1 month", "arrival", 0.0),
        ("20 wd", "5 wd", "14 wd", "apply", 1.0),  # counted from the application's completion, not from arrival
        ("0 min", "25 d", "1 month", "arrival", 1.0),  # calendar days: 25 of them fit in any month
        ("0 min", "40 d", "1 month", "arrival", 0.0),
    ],
)
def test_deadline_met_or_missed(first_delay, delay, within, anchor, share):
    scenario = load_scenario_text(deadline_centre(first_delay, delay, within, anchor))
    result = simulate(scenario, SimulationSettings(days=90, replications=2, warmup_days=0, processes=1))
    assert result.procedures["grant"].deadline_met_share.mean == share
    assert result.steps["grant/decide"].deadline_met_share.mean == share


def test_a_route_that_cannot_be_simulated_is_a_config_error():
    broken = one_queue(1, 50, 30.0).replace("next: end", "next: nowhere")
    with pytest.raises(ConfigError, match="REF003"):
        simulate(load_scenario_text(broken), SimulationSettings(days=5, warmup_days=1))


def test_deadlines_count_as_the_law_counts():
    legal = LegalCalendar.poland(2026, 2027)

    def due(day: dt.date, amount: float, unit: str) -> dt.date:
        return dt.date.fromordinal(legal.due(day.toordinal(), Span(amount, unit)))

    # 2 working days from Thursday 30 April 2026: Friday 1 May is a holiday, so Monday and Tuesday
    assert due(dt.date(2026, 4, 30), 2, "working_days") == dt.date(2026, 5, 5)
    # KPA art. 57 § 3: a month from 31 March ends on the last day of April; from 31 January on
    # Saturday 28 February, which § 5 moves to Monday 2 March
    assert due(dt.date(2026, 3, 31), 1, "months") == dt.date(2026, 4, 30)
    assert due(dt.date(2026, 1, 31), 1, "months") == dt.date(2026, 3, 2)
    # KPA art. 57 § 5: 14 days from Monday 2 March end on Monday 16 March; from 7 March on Saturday → Monday
    assert due(dt.date(2026, 3, 2), 14, "days") == dt.date(2026, 3, 16)
    assert due(dt.date(2026, 3, 7), 14, "days") == dt.date(2026, 3, 23)


def test_working_calendar_skips_weekends_and_holidays():
    calendar = WorkingCalendar.build(Calendar(start_date=dt.date(2026, 1, 1)), 14)
    days = [dt.date.fromordinal(o) for o in calendar.open_days]
    assert dt.date(2026, 1, 1) not in days and dt.date(2026, 1, 6) not in days  # New Year, Epiphany
    assert len(days) == 8 and calendar.day_minutes == 480
    assert calendar.civil_minute(480, finishing=True) == 15.5 * 60  # 1 Jan closed: day one is Friday 2 Jan


def test_trips_count_only_clients_who_come_in():
    """Staff visiting open cases at home (origin: caseload) make no client trips and do not dilute the mean."""
    units = """\
  - {id: front, name: Punkt, kind: post, location: a, functions: [first_contact], staff: [{role: clerk, fte: 2}]}
  - {id: team, name: Zespół, kind: team, location: b, functions: [social_work], staff: [{role: social_worker, fte: 3}]}"""
    procedures = (
        TALK_THEN_WORK.replace("per_week: 300", "per_week: 20")
        + """
  - id: followup
    name: Wizyta w środowisku
    origin: caseload
    arrivals: {per_week: 60}
    entry: home
    steps:
      - {id: home, function: social_work, field: true, duration: 30 min, next: end}"""
    )
    result = simulate(
        load_scenario_text(centre(units, procedures)),
        SimulationSettings(days=20, warmup_days=2, replications=2, processes=1),
    )
    assert result.procedures["followup"].completed.mean > result.procedures["help"].completed.mean
    assert result.trips_per_client.mean == pytest.approx(1.0)


def test_warnings_come_in_polish_too():
    """The app shows warnings in the interface's language: every warning has a Polish twin."""
    scenario = load_scenario_text(one_queue(1, 1.5 * 10080 / 60, 60.0))  # demand 1.5× what one clerk can do
    done = simulate(scenario, SimulationSettings(days=3, warmup_days=1, replications=1, processes=1))
    english, polish = [w.text("en") for w in done.warnings], [w.text("pl") for w in done.warnings]
    assert len(english) == len(polish) >= 2
    assert "przekracza możliwości o 50%" in polish[0] and "exceeds capacity by 50%" in english[0]
    assert "jedno powtórzenie" in polish[-1]


def test_a_short_window_for_a_long_procedure_is_named_in_a_warning():
    settings = SimulationSettings(days=40, warmup_days=0, run_out_days=20, replications=2, processes=1)
    warnings = [w.text("pl") for w in simulate(load_scenario_text(SLOW_STEP), settings).warnings]
    assert any("Długa sprawa" in w and "obserwacje ucięte" in w for w in warnings)
    assert any("Długa sprawa" in w and "okresu pomiaru" in w for w in warnings)


# --- common random numbers ----------------------------------------------------------------------

APART = """\
  - {{id: intake, name: Punkt przyjęć, kind: post, location: a, functions: [first_contact],
     staff: [{{role: clerk, fte: 2}}]}}
  - {{id: benefits, name: Dział świadczeń, kind: team, location: b, functions: [decision_benefits],
     staff: [{{role: clerk, fte: {benefits}}}]}}"""
TWO_PROCEDURES = """\
  - id: talk
    name: Rozmowa
    arrivals: {per_week: 400}
    entry: a
    steps:
      - {id: a, function: first_contact, duration: {dist: exponential, mean: 30}, next: [{to: b, p: 0.5}, {to: end, p: 0.5}]}
      - {id: b, function: first_contact, duration: {dist: triangular, min: 5, mode: 10, max: 30}, next: end}
  - id: benefit
    name: Zasiłek
    arrivals: {per_week: 300}
    entry: decide
    steps:
      - {id: decide, function: decision_benefits, duration: {dist: lognormal, mean: 40, sd: 20}, next: end}"""


def test_an_untouched_procedure_is_bit_identical_when_another_unit_changes():
    settings = SimulationSettings(days=20, replications=3, warmup_days=2, processes=1)
    small, large = (
        simulate(load_scenario_text(centre(APART.format(benefits=n), TWO_PROCEDURES)), settings) for n in (2, 4)
    )
    assert small.procedures["talk"] == large.procedures["talk"]
    assert small.steps["talk/b"] == large.steps["talk/b"]
    assert small.units["intake"] == large.units["intake"]
    assert small.steps["benefit/decide"].wait_minutes.mean > large.steps["benefit/decide"].wait_minutes.mean


# --- lead times by arrival cohort ---------------------------------------------------------------

SLOW_STEP = centre(
    "  - {id: team, name: Zespół, kind: team, functions: [social_work], staff: [{role: social_worker, fte: 400}]}",
    """  - id: long
    name: Długa sprawa
    arrivals: {per_week: 20}
    entry: work
    steps:
      - {id: work, function: social_work, duration: {dist: exponential, mean: 43200}, next: end}""",
)  # a 30-day mean (43 200 minutes on the 24/7 clock) on a team far bigger than its load


@pytest.mark.parametrize("days", [None, 365])
def test_a_known_30_day_lead_time_reads_within_10_percent(days):
    settings = SimulationSettings(replications=4, processes=1)
    if days is not None:
        settings = SimulationSettings(days=days, warmup_days=10, replications=4, processes=1)
    long = simulate(load_scenario_text(SLOW_STEP), settings).procedures["long"]
    assert long.lead_time_days.mean == pytest.approx(30, rel=0.10)
    assert long.censored.mean == 0 and long.completed == long.arrived


def test_clients_open_at_the_cap_are_censored_not_dropped():
    settings = SimulationSettings(days=60, warmup_days=0, run_out_days=10, replications=2, processes=1)
    long = simulate(load_scenario_text(SLOW_STEP), settings).procedures["long"]
    assert long.censored.mean > 0
    assert long.completed.mean + long.censored.mean == pytest.approx(long.arrived.mean)
    assert long.lead_time_days.mean < 30  # a lower bound: the censored count only the time they were seen


# --- warm start ---------------------------------------------------------------------------------

REVIEWS = """\
  - id: review
    name: Przegląd sprawy
    origin: caseload
    arrivals: {per_week: 70}
    entry: wait
    steps:
      - {id: wait, function: social_work, delay: 43200, duration: 1 min, next: visit}
      - {id: visit, function: social_work, duration: {dist: exponential, mean: 60}, next: end}"""


def test_a_caseload_procedure_starts_with_its_open_cases_in_progress():
    """A review every 30 days: started empty, nobody would be visited for a month; warm-started,
    the staff are as busy from the first day as on any other."""
    units = "  - {id: team, name: Zespół, kind: team, functions: [social_work], staff: [{role: social_worker, fte: 4}]}"
    settings = SimulationSettings(days=20, warmup_days=0, replications=3, processes=1)
    result = simulate(load_scenario_text(centre(units, REVIEWS)), settings)
    team = result.units["team"]
    assert team.utilisation.mean == pytest.approx(team.offered_load, rel=0.15)
    assert result.steps["review/visit"].count.mean > 0


def test_open_cases_given_through_the_api_start_at_their_step():
    from model.simulation.network import OpenCase

    scenario = load_scenario_text(centre(TWO_AREAS, TALK_THEN_WORK.replace("per_week: 300", "per_week: 1")))
    settings = SimulationSettings(days=2, warmup_days=0, replications=1, processes=1)
    cases = [OpenCase("help", "work", -100.0)] * 40
    result = simulate(scenario, settings, open_cases=cases)
    assert result.steps["help/work"].count.mean >= 40
    assert result.steps["help/talk"].count.mean < 10  # the open cases skipped the first step
    with pytest.raises(ConfigError, match="nope"):
        simulate(scenario, settings, open_cases=[OpenCase("help", "nope")])


def test_precision_adds_replications_until_the_centres_figures_are_narrow_enough(capsys):
    scenario = load_scenario_text(one_queue(2, 150, 60.0))
    settings = SimulationSettings(days=60, warmup_days=1, replications=3, precision=0.05, processes=1)
    result = simulate(scenario, settings)
    assert result.replications > 3 and result.precision == 0.05

    # each headline figure within ±γ/(1+γ) of its mean, so within ±γ of the true one (a wait: or a minute)
    def precise(run: RunResult) -> bool:
        system = run.system
        return all(
            (figure.ci95.high - figure.ci95.low) / 2 <= max(0.05 / 1.05 * figure.mean, enough)
            for figure, enough in ((system.lead_time_working_minutes, 0.0), (system.wait_minutes, 1.0))
        )

    assert precise(result)
    fewer = simulate(scenario, replace(settings, replications=result.replications - PRECISION_BATCH, precision=None))
    assert not precise(fewer) or not _within(fewer.system.mean_in_system, 0.05 / 1.05)  # the rule stopped at once
    with pytest.raises(SystemExit):
        main(["simulate", str(DEFAULT_CONFIG), "--precision", "five", "--days", "5"])
    assert "expected a share" in capsys.readouterr().err


def _within(figure: Estimate, share: float) -> bool:
    return (figure.ci95.high - figure.ci95.low) / 2 <= share * figure.mean


def test_a_rare_procedure_shows_its_own_wide_interval_and_does_not_set_the_replications():
    """The centre's figures set the stopping rule: a procedure of a few cases a year is named in a
    note with its own (wide, honest) interval instead of demanding hundreds of replications."""
    rare = """
  - id: rare
    name: Rzadka
    arrivals: {per_week: 0.5}
    entry: serve
    steps:
      - {id: serve, function: first_contact, duration: {dist: exponential, mean: 60.0}, next: end}"""
    scenario = load_scenario_text(one_queue(3, 300, 30.0) + rare)
    settings = SimulationSettings(days=30, warmup_days=1, replications=10, precision=0.05, processes=1)
    result = simulate(scenario, settings)
    assert result.replications == 10  # the first batch sufficed for the centre
    lead = result.procedures["rare"].lead_time_days
    assert not _within(lead, 0.05)  # its own interval, as wide as it is
    texts = [w.text("en") for w in result.warnings]
    assert [w for w in texts if w.startswith("note:") and "Rzadka" in w and "Wizyta" not in w], texts
    assert not [w for w in texts if "still wider" in w], texts


def test_precision_stops_at_the_limit_and_says_which_figures_are_still_too_wide():
    scenario = load_scenario_text(one_queue(2, 150, 60.0))
    settings = SimulationSettings(
        days=10, warmup_days=1, replications=3, precision=0.001, max_replications=7, processes=1
    )
    result = simulate(scenario, settings)
    assert result.replications == 7
    texts = [w.text("en") for w in result.warnings]
    assert any("after 7 replications" in w and "the mean wait per step" in w for w in texts), texts
    assert any(w.startswith("note: after 7 replications") and "Wizyta" in w for w in texts), texts
    with pytest.raises(ConfigError, match="replication limit"):
        simulate(scenario, replace(settings, max_replications=2))
    # a comparison pairs the same replications in both variants: a fixed number, said so
    comparison = compare(scenario, scenario, settings)
    assert comparison.a.replications == 3 and comparison.a.precision is None
    assert any("fixed number of replications (3)" in w.text("en") for w in comparison.warnings)


IN_SERVICE = """\
      - {id: decide, function: first_contact, duration: {dist: exponential, mean: 20160}, next: end,
         deadline: {within: 1 month, basis: "art. 35 § 3 KPA"}}"""
IN_DELAY = """\
      - {id: file, function: first_contact, duration: {dist: fixed, value: 5}, next: decide}
      - {id: decide, function: first_contact, delay: 45 d, duration: {dist: fixed, value: 5}, next: end,
         deadline: {within: 1 month, basis: "art. 35 § 3 KPA"}}"""


@pytest.mark.parametrize("steps, entry, censored", [(IN_SERVICE, "decide", True), (IN_DELAY, "file", False)])
def test_every_running_deadline_is_met_missed_or_censored_at_the_cap(steps, entry, censored):
    """At the cap, the deadline of the step a client is at counts as missed when it has passed and
    as censored while it runs, whether the client is being served (a case a month long) or still
    waiting out the delay before the step (documents for 45 days): checks + censored cover every
    client of the cohort, none is dropped."""
    procedure = f"""\
  - id: decide
    name: Decyzja
    arrivals: {{per_week: 30}}
    entry: {entry}
    steps:
{steps}"""
    units = "  - {id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{role: clerk, fte: 50}]}"
    settings = SimulationSettings(days=60, warmup_days=0, run_out_days=0, replications=2, processes=1)
    network = network_of(load_scenario_text(centre(units, procedure)), settings)
    records = [replicate(network, settings.seed, index) for index in range(settings.replications)]
    for run in observe(network, settings, records)[1]:
        decide = run.procedures["decide"]
        assert decide.completed < decide.arrived  # many are still open at the cap
        assert decide.deadline_checks + decide.deadline_censored == decide.arrived
        if censored:
            assert decide.deadline_censored > 0  # being served at the cap, deadline not yet due
        else:
            assert decide.deadline_met < decide.deadline_checks  # the delay outlasts the month: missed


@pytest.mark.parametrize("present, trips", [(True, 1.0), (False, 0.0)])
def test_back_office_steps_are_no_trip_for_the_client(present, trips):
    procedure = f"""\
  - id: benefit
    name: Zasiłek
    arrivals: {{per_week: 50}}
    entry: apply
    steps:
      - {{id: apply, function: first_contact, duration: 10 min, next: decide}}
      - {{id: decide, function: decision_benefits, duration: 20 min, client_present: {str(present).lower()}, next: end}}"""
    result = simulate(
        load_scenario_text(centre(APART.format(benefits=2), procedure)),
        SimulationSettings(days=10, warmup_days=1, replications=2, processes=1),
    )
    assert result.trips_per_client.mean == pytest.approx(trips)


def test_a_function_can_keep_the_client_in_one_care_area_under_any_policy():
    """Policy ``first`` sends everyone to area 1; with social work by care area, the work step
    goes to the area drawn by FTE (1 : 3), so three clients in four move to area 2's building."""
    text = centre(TWO_AREAS, TALK_THEN_WORK, routing="first")
    areas = load_scenario_text(
        text.replace("routing: {policy: first}", "routing: {policy: first, care_area: [social_work]}")
    )
    settings = SimulationSettings(days=20, replications=2, warmup_days=2, processes=1)
    first = simulate(load_scenario_text(text), settings)
    tied = simulate(areas, settings)
    assert first.trips_per_client.mean == 0 and first.units["area_2"].utilisation.mean == 0
    assert tied.trips_per_client.mean == pytest.approx(0.75, abs=0.05)
    assert tied.units["area_2"].utilisation.mean == pytest.approx(tied.units["area_2"].offered_load, rel=0.1)


def test_cases_beyond_a_units_caseload_capacity_wait():
    """Two assistants carrying at most 3 families each (6 cases) against about 10 open at a time
    without a limit: later families wait for a case to close, so lead times grow far beyond the
    10 days a case takes."""
    procedure = """\
  - id: family
    name: Asystent rodziny
    arrivals: {per_week: 7}
    entry: start
    steps:
      - {id: start, function: family_assistance, duration: 30 min, next: work}
      - {id: work, function: family_assistance, delay: 14400, duration: 60 min, next: end}"""
    unit = (
        "  - {{id: assist, name: Asystenci, kind: team, functions: [family_assistance], {limit}"
        "staff: [{{role: family_assistant, fte: 2}}]}}"
    )
    settings = SimulationSettings(days=60, warmup_days=5, replications=2, processes=1)
    free, limited = (
        simulate(load_scenario_text(centre(unit.format(limit=limit), procedure)), settings)
        for limit in ("", "cases_per_fte: 3, ")
    )
    assert free.procedures["family"].lead_time_days.mean == pytest.approx(10, rel=0.1)
    assert limited.procedures["family"].lead_time_days.mean > 2 * free.procedures["family"].lead_time_days.mean


def test_the_command_line_tables_speak_polish_with_decimal_commas(capsys):
    """``--lang pl`` turns the whole table into Polish: headings, units, numbers and the verdicts."""
    arguments = ["--days", "20", "--warmup", "2", "--replications", "3", "--processes", "1", "--lang", "pl"]
    assert main(["simulate", str(CARE_AREA_CONFIG), *arguments]) == 0
    out = capsys.readouterr().out
    assert "20 dni, 3 replikacje" in out and "rozbieg 2 dni (podany)" in out
    assert "procedura" in out and "czas realizacji, dni" in out and "przejścia między budynkami na klienta" in out
    assert re.search(r"\d,\d \[\d+,\d; \d+,\d\]", out)  # a mean and its interval with decimal commas
    assert not re.search(r"\d\.\d", out.split("\n\n", 1)[1].split("Ostrzeżenia:")[0])  # no decimal points
    assert "days" not in out.replace("--days", "") and "trips between buildings" not in out
    header, first = out.split("\n\n", 1)[1].splitlines()[:2]
    assert "zakończone" in header and "niezakończone" in header and "dotrzymane terminy" in header
    assert not re.search(r"\b(?:zakończ|niezak|dotrzym|oczek|śr)\.", out)  # words, not home-made abbreviations
    assert len(first) == len(header)  # the longer Polish headings widen their columns
    assert re.search(r"\d,\d\s%\s\[\d+,\d\s%; \d+,\d\s%\]", out)  # a share shown with its interval
    assert main(["compare", str(CARE_AREA_CONFIG), str(DEFAULT_CONFIG), *arguments]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"\b(?:oczek|śr)\.|p\.p\.", out) and "oczekiwanie A, min" in out
    assert "ci sami klienci w obu wariantach" in out and "przejścia na klienta: A " in out
    assert any(verdict in out for verdict in ("B lepszy", "B gorszy", "bez wyraźnej różnicy"))


def looping(first: str) -> str:
    """A procedure whose steps a, b, c loop; ``first`` is step a's branches."""
    return centre(
        "  - {id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{role: clerk, fte: 3}]}",
        f"""  - id: loop
    name: Pętla
    arrivals: {{per_week: 5}}
    entry: a
    steps:
      - {{id: a, function: first_contact, duration: 20 min, next: [{first}]}}
      - {{id: b, function: first_contact, duration: 20 min, next: a}}
      - {{id: c, function: first_contact, duration: 20 min, next: [{{to: a, p: 0.7}}, {{to: b, p: 0.3}}]}}""",
    )


def test_a_route_without_an_end_is_refused_with_the_steps_and_the_loop_named():
    """The compiler finds it solving for the visits (probabilities summing to 1 only up to rounding);
    rule FLOW002 then names every trapped step and its loop."""
    scenario = load_scenario_text(looping("{to: b, p: 0.1}, {to: c, p: 0.9}"))
    with pytest.raises(ConfigError) as refused:
        simulate(scenario, SimulationSettings(days=5, replications=1, processes=1))
    texts = [problem.text("en") for problem in refused.value.problems]
    assert len(texts) == 3 and all("FLOW002" in text and "loops" in text for text in texts), texts


def test_a_way_out_with_probability_zero_is_no_way_out():
    """The graph has an edge to the end, so FLOW002 is silent, yet no client ever takes it: the run is refused."""
    text = looping("{to: end, p: 0}, {to: c, p: 1}")
    scenario = load_scenario_text(text)
    with pytest.raises(ConfigError) as refused:
        simulate(scenario, SimulationSettings(days=5, replications=1, processes=1))
    line = text.splitlines().index("  - id: loop") + 1  # the procedure's line
    assert [problem.text("en") for problem in refused.value.problems] == [
        f"<memory>:{line}: procedure 'loop': clients never reach the end"
    ]
