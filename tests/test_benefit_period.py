"""Art. 26 of the family-benefits act: calendar-date deadlines by the date of the application.

The law's windows (model/law/benefit_period.py), a deadline that names them (``dates:``), the
simulation's compliance figure that counts each application's own due date, and the rule that
walks the quickest route on the same calendar.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from model import ConfigError, load_scenario, load_scenario_text, validate
from model.law import Provision, provision
from model.law.benefit_period import fixes_dates, new_period_due
from model.present.flowchart import deadline_text
from model.simulation import SimulationSettings, simulate
from model.simulation.network import compile_network

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("applied", "on", "due"),
    [
        # 2017/2018 (elblag.eu, mops.sanok.pl 23.11.2017): August → 30 November, September–October →
        # 31 December, November–December → the last day of February
        (dt.date(2017, 8, 15), dt.date(2017, 9, 1), dt.date(2017, 11, 30)),
        (dt.date(2017, 9, 1), dt.date(2017, 9, 1), dt.date(2017, 12, 31)),
        (dt.date(2017, 11, 20), dt.date(2017, 9, 1), dt.date(2018, 2, 28)),
        (dt.date(2017, 7, 20), dt.date(2017, 9, 1), None),  # applications for 2017/2018 from 1 August
        # 2016/2017 (art. 26 ust. 3 i 4, ops-sepolno.pl): to 30 September → 30 November, October–November → 31 December
        (dt.date(2016, 9, 20), dt.date(2016, 9, 1), dt.date(2016, 11, 30)),
        (dt.date(2016, 11, 20), dt.date(2016, 9, 1), dt.date(2016, 12, 31)),
        (dt.date(2016, 8, 20), dt.date(2016, 9, 1), None),
        # 2026: electronic applications from 1 July (kcus.krotoszyn.pl, 2025/2026)
        (dt.date(2026, 7, 10), dt.date(2026, 1, 1), dt.date(2026, 11, 30)),
        (dt.date(2026, 10, 31), dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2027, 12, 31), dt.date(2026, 1, 1), dt.date(2028, 2, 29)),  # a leap year's February
        (dt.date(2026, 3, 10), dt.date(2026, 1, 1), None),  # within the period: the general month
        (dt.date(2009, 9, 10), dt.date(2009, 9, 1), None),  # before the terms the catalogue could check
    ],
)
def test_art_26_gives_the_due_date_by_the_date_of_the_application(applied, on, due):
    assert new_period_due(applied, on) == due


def test_the_law_of_the_configurations_date_is_applied_to_later_applications():
    """A configuration of 1.09.2016 keeps the 2016 terms for an application in September 2017."""
    assert new_period_due(dt.date(2017, 9, 20), dt.date(2016, 9, 1)) == dt.date(2017, 11, 30)
    assert new_period_due(dt.date(2017, 9, 20), dt.date(2017, 9, 1)) == dt.date(2017, 12, 31)


def centre(
    start: str, dates: str = "\n          dates: family_benefits.new_period", effective: str = "2026-01-01"
) -> str:
    """One family-benefits team; each decision comes 45 calendar days after the application."""
    return f"""
centre: {{name: OPS Testowo, population: 10000, model: care_area, effective_from: {effective}}}
availability: {{default: 1}}
units:
  - {{id: sr, name: Dział Świadczeń Rodzinnych, kind: team, functions: [family_benefits], staff: [{{role: clerk, fte: 5}}]}}
calendar: {{kind: office, start_date: {start}}}
procedures:
  - id: sr
    name: Świadczenia rodzinne
    arrivals: {{per_week: 20}}
    entry: apply
    steps:
      - {{id: apply, function: family_benefits, duration: 15 min, next: decide}}
      - id: decide
        function: family_benefits
        decision: true
        duration: 30 min
        delay: 45 d
        next: end
        deadline:
          within: 1 month
          basis: art. 35 § 3 KPA{dates}
"""


def _share(text: str) -> float:
    result = simulate(load_scenario_text(text), SimulationSettings(days=28, replications=2, warmup_days=0, processes=1))
    return result.procedures["sr"].deadline_met_share.mean


@pytest.mark.parametrize(
    ("start", "share"),
    [
        ("2026-08-03", 1.0),  # filed in August: due 30 November, the decision in September–October keeps it
        ("2026-11-02", 1.0),  # filed in November: due 28 February 2027
        ("2026-03-02", 0.0),  # within the period: a month, which 45 days miss
    ],
)
def test_the_compliance_figure_counts_each_applications_art_26_date(start, share):
    assert _share(centre(start)) == share


def test_with_the_general_month_the_same_applications_miss():
    """The figure the one-month deadline gave for August applications: every one late."""
    assert _share(centre("2026-08-03", dates="")) == 0.0


def test_each_open_day_of_the_run_has_its_own_due_date():
    """The engine keeps, per start day, the closing of the last open day the step may end on."""
    network = compile_network(load_scenario_text(centre("2026-08-03")), 240, {})
    decide = next(s for p in network.procedures for s in p.steps if s.key == "sr/decide")
    assert decide.deadline is not None and "art. 26" in decide.deadline.basis
    calendar = network.calendar
    last_open_day = {
        dt.date.fromordinal(day): dt.date.fromordinal(calendar.open_days[int(by // calendar.day_minutes) - 1])
        for day, by in zip(calendar.open_days, decide.deadline.by)
        if math.isfinite(by)  # a last day past the run: whenever the step ends, it is in time
    }
    assert last_open_day[dt.date(2026, 8, 31)] == dt.date(2026, 11, 30)
    assert last_open_day[dt.date(2026, 9, 1)] == dt.date(2026, 12, 31)
    assert last_open_day[dt.date(2026, 11, 2)] == dt.date(2027, 2, 26)  # due 28.02.2027, a Sunday: the Friday before


def test_the_deadline_cites_art_26_before_the_general_month():
    scenario = load_scenario_text(centre("2026-08-03", effective="2017-09-01"))
    deadline = scenario.procedure("sr").steps[1].deadline
    assert deadline.dated is provision("family_benefits.new_period", dt.date(2017, 9, 1))
    assert deadline.basis.startswith("art. 26 ustawy z dnia 28 listopada 2003 r. o świadczeniach rodzinnych")
    assert deadline.basis.endswith("w pozostałych przypadkach: art. 35 § 3 KPA")
    assert provision("family_benefits.new_period", dt.date(2017, 9, 1)) in scenario.law.provisions


def test_a_configuration_before_the_checked_terms_counts_the_month():
    scenario = load_scenario_text(centre("2026-08-03", effective="2009-09-01"))
    deadline = scenario.procedure("sr").steps[1].deadline
    assert deadline.dated is None and deadline.basis == "art. 35 § 3 KPA"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("kpa.decision", "fixes no calendar dates"),
        ("family_benefits.nowhere", "no provision 'family_benefits.nowhere'"),
    ],
)
def test_dates_naming_no_dated_provision_is_an_error_at_its_line(key, message):
    text = centre("2026-08-03", dates=f"\n          dates: {key}")
    with pytest.raises(ConfigError) as raised:
        load_scenario_text(text, "c.yaml")
    problem = raised.value.problems[0]
    assert problem.line == text.splitlines().index(f"          dates: {key}") + 1
    assert problem.file == "c.yaml" and message in problem.message.text("en")


def test_time001_walks_the_route_against_the_art_26_date():
    """The quickest route (45 days) misses a month but keeps 30 November for August applications."""
    assert "TIME001" not in {f.rule for f in validate(load_scenario_text(centre("2026-08-03")))}
    missed = [f for f in validate(load_scenario_text(centre("2026-08-03", dates=""))) if f.rule == "TIME001"]
    assert len(missed) == 1


@pytest.mark.parametrize("config", ["tarnowskie_gory_2017.yaml", "gops_rural.yaml", "tarnowskie_gory_cus.yaml"])
def test_the_shipped_family_benefits_decision_counts_art_26(config):
    scenario = load_scenario(ROOT / "org_configs" / config)
    procedure = scenario.procedure("swiadczenia_rodzinne")
    decision = next(s for s in procedure.steps if s.decision)
    assert decision.deadline.dated is provision("family_benefits.new_period", scenario.law.on)
    assert not [
        f for f in validate(scenario) if f.rule in ("TIME001", "TIME002") and "swiadczenia_rodzinne" in f.subject
    ]


def test_the_flowchart_says_the_deadline_is_a_date_or_the_month():
    scenario = load_scenario_text(centre("2026-08-03"))
    procedure = scenario.procedure("sr")
    said = deadline_text(procedure, procedure.steps[1], "pl")
    assert said.startswith("data kalendarza albo 1 miesiąc od zgłoszenia (art. 26 ustawy")
    assert said.endswith("w pozostałych przypadkach: art. 35 § 3 KPA)")
    general = load_scenario_text(centre("2026-08-03", dates="")).procedure("sr")
    assert deadline_text(general, general.steps[1], "pl") == "1 miesiąc od zgłoszenia (art. 35 § 3 KPA)"


@pytest.mark.parametrize(
    ("value", "dated"),
    [
        ([("08-01", "08-31", "11-30")], True),
        ([("08-01", "08-31")], False),  # a window without its due day
        (["abc"], False),
        ({}, False),  # a mapping of numbers (a norm), even an empty one
        ("1 month", False),
    ],
)
def test_only_windows_of_three_dates_fix_dates(value, dated):
    law = Provision("x", "art. 1", "ustawa", dt.date(2000, 1, 1), None, "https://example.org", value)
    assert fixes_dates(law) is dated
