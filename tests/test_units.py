"""One meaning of time units: examples that pin each unit, and properties of the arithmetic.

``min``/``h`` are working time, ``wd`` working days, ``d`` calendar days (delays and deadlines
alike), ``w`` seven calendar days, ``month`` as KPA art. 57 § 3 counts it. The simulation and
rule TIME001 both convert through :mod:`model.config.calendar`.
"""

from __future__ import annotations

import calendar as civil
import datetime as dt

import holidays as holidays_package
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import load_scenario_text, validate
from model.config.calendar import LegalCalendar, WorkingCalendar, _add_months, public_holidays
from model.config.quantities import Span
from model.config.schema import Calendar
from model.simulation import SimulationSettings, simulate
from model.simulation.engine import Replication
from model.simulation.network import ARRIVAL, DeadlineSpec, OpenCase, compile_network, deadline_ends
from model.simulation.stats import Client, Tally

LEGAL = LegalCalendar.poland(2023, 2070)  # deadlines of up to 400 months from 2032 end before 2070
MONDAY = dt.date(2026, 1, 12)  # a week with no holiday (Epiphany was the Tuesday before)
OFFICE = WorkingCalendar.build(Calendar(start_date=MONDAY), 400)
ALWAYS = WorkingCalendar.build(Calendar(kind="always", start_date=MONDAY), 400)
FRIDAY_2PM = 4 * 480 + 390  # Friday 16 January 2026, 14:00, on the office clock (opens 7:30)

dates = st.dates(dt.date(2024, 1, 1), dt.date(2032, 12, 31)).map(dt.date.toordinal)
units = st.sampled_from(["days", "working_days", "months"])


# --- each unit pinned ---------------------------------------------------------------------------


def test_a_3_day_delay_from_friday_afternoon_ends_on_monday_afternoon():
    end = OFFICE.after(FRIDAY_2PM, Span(3, "days"))
    assert end == 5 * 480 + 390  # Monday 19 January, 14:00
    assert OFFICE.civil_minute(end) - OFFICE.civil_minute(FRIDAY_2PM) == 3 * 1440
    # one calendar day ends on Saturday 14:00, when the office is shut: on the clock, Monday's opening
    assert OFFICE.after(FRIDAY_2PM, Span(1, "days")) == 5 * 480


def test_a_week_is_seven_calendar_days_and_working_days_skip_the_weekend():
    assert OFFICE.after(FRIDAY_2PM, Span(7, "days")) == 9 * 480 + 390  # next Friday 14:00: five open days
    assert OFFICE.after(FRIDAY_2PM, Span(2, "working_days")) == 6 * 480 + 390  # Tuesday 14:00
    assert OFFICE.after(FRIDAY_2PM, Span(0.5, "working_days")) == FRIDAY_2PM + 240  # half an open day
    # on a 24/7 clock working days still skip the weekend: Friday 14:00 + 2 wd is Tuesday 14:00
    friday = 4 * 1440 + 14 * 60
    assert ALWAYS.after(friday, Span(2, "working_days")) == friday + 4 * 1440
    assert ALWAYS.after(friday, Span(2, "days")) == friday + 2 * 1440


def scenario_with_delay(delay: str, start: dt.date = dt.date(2026, 1, 16)) -> str:
    return f"""\
centre: {{name: OPS, population: 6000, model: care_area}}
calendar: {{kind: office, start_date: {start.isoformat()}}}
units:
  - {{id: team, name: Zespół, kind: team, functions: [decision_benefits], staff: [{{role: clerk, fte: 1}}]}}
procedures:
  - id: p
    name: Sprawa
    arrivals: {{per_week: 1}}
    entry: prepare
    steps:
      - {{id: prepare, function: decision_benefits, duration: 390 min, next: wait}}
      - {{id: wait, function: decision_benefits, duration: 1 min, delay: {delay}, next: end}}
"""


@pytest.mark.parametrize(
    ("delay", "end"),
    [
        ("3 d", 480 + 390 + 1),  # Friday 14:00 + 3 calendar days: Monday 14:00
        ("1 w", 5 * 480 + 390 + 1),  # next Friday 14:00, not 7 working days
        ("2 wd", 2 * 480 + 390 + 1),  # Tuesday 14:00
        ("2 h", 390 + 120 + 1),  # working time: the 90 minutes left on Friday, then Monday
    ],
)
def test_the_engine_waits_each_delay_as_its_unit_says(delay, end):
    """A client starts on Friday 16 January 2026 at 7:30, is served until 14:00, then waits."""
    network = compile_network(
        load_scenario_text(scenario_with_delay(delay)), 20, {"*": 0.0}, open_cases=(OpenCase("p", "prepare"),)
    )
    left = []

    class Departures(Tally):  # a tally that also keeps when each client left
        def left(self, me, now):
            left.append(now)
            super().left(me, now)

    Replication(network, seed=1, replication=0, tally=Departures).run()
    assert left == [pytest.approx(end)]


@pytest.mark.parametrize(
    ("year", "last_day"),
    [
        (2026, dt.date(2026, 3, 2)),  # 28 February 2026 is a Saturday: art. 57 § 4 moves it to Monday
        (2027, dt.date(2027, 3, 1)),  # a Sunday: Monday 1 March
        (2028, dt.date(2028, 2, 29)),  # a leap year: the month's last day, a Tuesday
    ],
)
def test_a_month_from_31_january_ends_on_the_last_day_of_february(year, last_day):
    assert dt.date.fromordinal(LEGAL.due(dt.date(year, 1, 31).toordinal(), Span(1, "months"))) == last_day


def test_14_days_are_calendar_days_not_10_working_days():
    """From Thursday 30 April 2026 (1 May a holiday): 14 d end on 14 May, 10 wd would on 15 May."""
    start = dt.date(2026, 4, 30).toordinal()
    assert dt.date.fromordinal(LEGAL.due(start, Span(14, "days"))) == dt.date(2026, 5, 14)
    assert dt.date.fromordinal(LEGAL.due(start, Span(10, "working_days"))) == dt.date(2026, 5, 15)


def deadline_scenario(delay: str, within: str) -> str:
    return f"""\
centre: {{name: OPS, population: 6000, model: care_area}}
calendar: {{kind: office}}
units:
  - {{id: team, name: Zespół, kind: team, functions: [decision_benefits], staff: [{{role: clerk, fte: 6}}]}}
procedures:
  - id: grant
    name: Zasiłek
    arrivals: {{per_week: 10}}
    entry: decide
    steps:
      - id: decide
        function: decision_benefits
        duration: 30 min
        delay: {delay}
        next: end
        deadline: {{within: {within}, basis: art. 35 § 3 KPA}}
"""


@pytest.mark.parametrize(
    ("delay", "within", "unmeetable"),
    [("40 d", "1 month", True), ("25 d", "1 month", False), ("15 wd", "14 wd", True), ("13 wd", "14 wd", False)],
)
def test_time001_and_the_simulation_count_alike(delay, within, unmeetable):
    scenario = load_scenario_text(deadline_scenario(delay, within))
    assert ("TIME001" in {f.rule for f in validate(scenario)}) is unmeetable
    settings_ = SimulationSettings(days=60, warmup_days=0, replications=1, processes=1)
    share = simulate(scenario, settings_).procedures["grant"].deadline_met_share.mean
    assert share == (0.0 if unmeetable else 1.0)


def test_time001_speaks_in_the_deadline_s_terms_with_decimal_commas():
    text = deadline_scenario("2 h", "3 h").replace("duration: 30 min", "duration: 90 min")
    finding = next(f for f in validate(load_scenario_text(text)) if f.rule == "TIME001")
    assert "zajmuje 3,5 godz." in finding.text("pl") and "takes 3.5 h" in finding.text("en")


# --- the law's arithmetic, as properties ----------------------------------------------------------


@given(dates, st.integers(0, 400), units)
def test_a_deadline_never_ends_on_a_day_off(start, n, unit):
    """Art. 57 § 4 KPA: a last day on a Saturday, Sunday or holiday moves to the next working day."""
    due = LEGAL.due(start, Span(n, unit))
    assert LEGAL.is_working_day(due) and dt.date.fromordinal(due).weekday() < 5  # holidays: see below
    # and it moves no further than that: every day from the counted end to the last day is off
    assert all(not LEGAL.is_working_day(day) for day in range(LEGAL.count(start, Span(n, unit)), due))


@given(dates, st.integers(0, 300), st.integers(0, 300), st.sampled_from(["days", "working_days"]))
def test_days_add_up_before_the_day_off_shift(start, n, m, unit):
    assert LEGAL.count(LEGAL.count(start, Span(n, unit)), Span(m, unit)) == LEGAL.count(start, Span(n + m, unit))


@given(dates, st.integers(0, 300), units)
def test_deadlines_grow_with_their_length_and_their_start(start, n, unit):
    assert LEGAL.due(start, Span(n, unit)) <= LEGAL.due(start, Span(n + 1, unit))
    assert LEGAL.due(start, Span(n, unit)) <= LEGAL.due(start + 1, Span(n, unit))


@given(dates, st.integers(1, 300))
def test_working_days_skip_exactly_the_days_off(start, n):
    end = LEGAL.count(start, Span(n, "working_days"))
    off = sum(not LEGAL.is_working_day(day) for day in range(start + 1, end + 1))
    assert LEGAL.is_working_day(end) and LEGAL.working_days_between(start, end) == n and end - start == n + off


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)), st.integers(0, 120))
def test_a_month_ends_on_the_same_number_or_the_month_s_last_day(date, months):
    end = _add_months(date, months)
    index = date.year * 12 + date.month - 1 + months
    assert (end.year, end.month) == (index // 12, index % 12 + 1)
    assert end.day == min(date.day, civil.monthrange(end.year, end.month)[1])


def test_the_holidays_are_those_of_the_act():
    """The Act of 18 January 1951 as amended, computed here; the ``holidays`` package agrees."""
    for year in range(1990, 2100):
        assert public_holidays(year) == sorted(holidays_package.Poland(years=year)), year


# --- the same spans on the clock ----------------------------------------------------------------

minutes = st.floats(0, 150 * 480, allow_nan=False)


@given(minutes, st.integers(0, 60))
def test_a_calendar_day_delay_lasts_its_days_in_civil_time(start, n):
    """On the clock the delay ends when the office next sees that civil moment: never earlier."""
    end = OFFICE.after(start, Span(n, "days"))
    lived = OFFICE.civil_minute(end) - OFFICE.civil_minute(start)
    assert lived >= n * 1440 - 1e-6
    if 0 < end % 480 < 480 and n:  # it ended while the office was open: exactly n days later
        assert lived == pytest.approx(n * 1440)


@given(minutes, minutes, st.integers(0, 60), units)
def test_delays_end_later_when_they_start_later(a, b, n, unit):
    first, second = sorted((a, b))
    assert OFFICE.after(first, Span(n, unit)) <= OFFICE.after(second, Span(n, unit))


@given(minutes, st.integers(0, 40), st.integers(0, 40))
def test_calendar_day_delays_add_up(start, n, m):
    once = ALWAYS.after(start, Span(n + m, "days"))
    assert ALWAYS.after(ALWAYS.after(start, Span(n, "days")), Span(m, "days")) == pytest.approx(once)


@given(minutes, st.integers(0, 60), st.sampled_from([0, 0.25, 0.5]))
def test_on_an_ordinary_office_a_working_day_is_one_open_day(start, n, part):
    """The engine's shortcut (:meth:`WorkingCalendar.fixed`) is exact where it is taken."""
    span = Span(n + part, "working_days")
    assert OFFICE.keeps_working_days and OFFICE.fixed(span) == (n + part) * 480
    assert OFFICE.after(start, span) == pytest.approx(start + (n + part) * 480)


@settings(max_examples=300)
@given(
    minutes,
    minutes,
    st.one_of(
        st.builds(Span, st.integers(0, 60), units),
        st.builds(Span, st.floats(0, 20 * 480, allow_nan=False), st.just("minutes")),
    ),
    st.booleans(),
)
def test_the_simulation_and_the_rules_judge_a_deadline_alike(a, b, span, from_step):
    """:meth:`Tally.met` (the engine's fast path) and :meth:`WorkingCalendar.kept` (TIME001) agree."""
    start, end = sorted((a, b))
    network = compile_network(
        load_scenario_text(
            deadline_scenario("1 h", "1 month").replace("kind: office", "kind: office, start_date: 2026-01-12")
        ),
        400,
        {},
    )
    deadline = DeadlineSpec(span, 0 if from_step else ARRIVAL, "test", deadline_ends(network.calendar, span))
    client = Client(Replication(network, seed=1, replication=0).flows[0], start)
    client.done = {0: start}
    met = Tally(network, 1).met(client, deadline, end)
    assert met == network.calendar.kept(span, start, end, from_completion=from_step)


@settings(max_examples=60)
@given(
    start=st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
    amount=st.integers(1, 120),
    unit=st.sampled_from(["days", "working_days", "months"]),
)
def test_a_calendar_built_for_a_few_years_counts_beyond_them_as_the_law_does(start, amount, unit):
    """A run's calendar covers its own years; a long deadline runs past them and must still
    skip the holidays of the years it reaches."""
    short = LegalCalendar.poland(start.year, start.year)
    span = Span(amount, unit)
    assert short.due(start.toordinal(), span) == LEGAL.due(start.toordinal(), span)
