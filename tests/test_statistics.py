"""Properties of the simulation's statistics, checked on many generated cases (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import load_scenario_text
from model.simulation import SimulationSettings, simulate
from model.simulation.engine import Streams, replicate
from model.simulation.runner import network_of, observe
from model.simulation.stats import estimate
from model.simulation.survival import kaplan_meier
from tests.test_simulation import centre, one_queue


@settings(max_examples=12, deadline=None, derandomize=True)  # a fixed draw of seeds: it cannot flake
@given(
    seed=st.integers(0, 2**32 - 1),
    distribution=st.sampled_from(["normal", "uniform"]),
    n=st.sampled_from([5, 10, 30]),
)
def test_the_interval_covers_the_true_mean_about_95_percent_of_the_time(seed, distribution, n):
    """Over 2,000 samples of n replications from a known distribution, the 95% t interval
    holds the true mean in 93–97% of them for normal data (exactly 95%), and from 91% for uniform
    data (about 93% with 5 replications: light tails make the t interval a little short)."""
    check_coverage(seed, distribution, n, 0.93 if distribution == "normal" else 0.91)


@settings(max_examples=4, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1))
def test_the_interval_covers_a_skewed_mean_with_the_default_30_replications(seed):
    """Skewed data (exponential) with 30 replications, the default: close to 95% (about 93%:
    the t interval undercovers a little on skewed data)."""
    check_coverage(seed, "exponential", 30, 0.90)


def check_coverage(seed: int, distribution: str, n: int, low: float) -> None:
    rng = np.random.default_rng(seed)
    draw, true_mean = {
        "normal": (lambda: rng.normal(10.0, 3.0, n), 10.0),
        "exponential": (lambda: rng.exponential(10.0, n), 10.0),
        "uniform": (lambda: rng.uniform(0.0, 20.0, n), 10.0),
    }[distribution]
    trials = 2000
    covered = 0
    for _ in range(trials):
        found = estimate(draw().tolist(), signed=True)
        covered += found.ci95.low <= true_mean <= found.ci95.high
    assert low <= covered / trials <= 0.97


def test_a_signed_interval_may_go_below_zero_and_a_plain_one_may_not():
    assert estimate([-1.0, 1.0, -2.0, 2.5], signed=True).ci95.low < 0
    assert estimate([0.0, 0.1, 0.0, 0.2]).ci95.low == 0.0


WINDOW_DAYS = 40
"""Days of the run-invariant tests' windows: long enough for Little's law at the unit within 15–20%."""


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    servers=st.integers(1, 3),
    rho=st.floats(0.2, 0.9),
    seed=st.integers(0, 10_000),
    warmup=st.none() | st.integers(0, 5),
    run_out=st.integers(0, 3),
)
def test_run_invariants(servers, rho, seed, warmup, run_out):
    """Whatever the load, warm-up (given or chosen) and run-out: every client of the cohort is
    completed or censored (still in the centre at the cap), no unit is busy more than all the
    time, and Little's law holds at the unit (queue = arrival rate × wait).

    The measured window is 40 days: the waits that straddle its edges count whole on one side of
    Little's law and in part on the other, and over 20 days (a cut landing in a busy spell) that
    broke the tolerance in about one example in 150."""
    per_week = rho * servers * 10080 / 60  # one-hour service on a 24/7 clock
    scenario = load_scenario_text(one_queue(servers, per_week, 60.0))
    settings_ = SimulationSettings(
        days=WINDOW_DAYS, warmup_days=warmup, run_out_days=run_out, seed=seed, replications=2, processes=1
    )
    network = network_of(scenario, settings_)
    records = [replicate(network, seed, index) for index in range(settings_.replications)]
    for run in observe(network, settings_, records)[1]:
        visit = run.procedures["visit"]
        assert visit.arrived == visit.completed + visit.censored
        if visit.censored == 0 and visit.completed:  # nothing censored: Kaplan–Meier is the plain mean
            assert visit.lead_time_km_days == pytest.approx(visit.lead_time_days)
        unit = run.units["desk"]
        assert 0 <= unit.utilisation <= 1
        step = run.steps["visit/serve"]
        if step.count:
            # mean queue = (clients served per minute) × (mean wait), up to the clients waiting
            # at the ends of the window, whose wait is split between inside and outside it
            rate = step.count / run.window_minutes
            assert unit.mean_queue == pytest.approx(rate * step.wait_minutes, rel=0.15, abs=0.05)


def small_centre(staff: tuple[int, int], per_week: float, back: float, delay: int, calendar: str) -> str:
    """Two units; a first talk, then (with probability ``back``) a decision after a delay in another unit."""
    return centre(
        f"""  - {{id: intake, name: Punkt, kind: post, location: a, functions: [first_contact],
     staff: [{{role: clerk, fte: {staff[0]}}}]}}
  - {{id: benefits, name: Świadczenia, kind: team, location: b, functions: [decision_benefits],
     staff: [{{role: clerk, fte: {staff[1]}}}]}}""",
        f"""  - id: case
    name: Sprawa
    arrivals: {{per_week: {per_week}}}
    entry: talk
    steps:
      - {{id: talk, function: first_contact, duration: {{dist: exponential, mean: 30}},
         next: [{{to: decide, p: {back}}}, {{to: end, p: {1 - back:.2f}}}]}}
      - {{id: decide, function: decision_benefits, delay: {delay} min,
         duration: {{dist: triangular, min: 10, mode: 30, max: 90}}, next: end}}""",
        calendar,
    )


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    staff=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    per_week=st.floats(20, 120),
    back=st.sampled_from([0.2, 0.5, 0.8]),
    delay=st.integers(0, 960),
    calendar=st.sampled_from(["{kind: always}", "{kind: office}"]),
    warmup=st.none() | st.integers(0, 3),
    seed=st.integers(0, 1000),
)
def test_run_invariants_of_a_small_random_centre(staff, per_week, back, delay, calendar, warmup, seed):
    """Two units, a branch, a delay, office hours or 24/7: the cohort is completed or censored,
    no unit is busy more than all the time, and per unit the queue is the rate × wait of its steps
    (over 40 days, as above: over 15 an office's queue at the window's edges broke the tolerance,
    e.g. 0.31 against 0.40 with one clerk, 49 clients a week, seed 1)."""
    scenario = load_scenario_text(small_centre(staff, per_week, back, delay, calendar))
    settings_ = SimulationSettings(days=WINDOW_DAYS, warmup_days=warmup, run_out_days=2, seed=seed, replications=2)
    network = network_of(scenario, settings_)
    records = [replicate(network, seed, index) for index in range(settings_.replications)]
    for run in observe(network, settings_, records)[1]:
        case = run.procedures["case"]
        assert case.arrived == case.completed + case.censored
        for unit, step in (("intake", "case/talk"), ("benefits", "case/decide")):
            found, served = run.units[unit], run.steps[step]
            assert 0 <= found.utilisation <= 1
            if served.count:
                rate = served.count / run.window_minutes
                assert found.mean_queue == pytest.approx(rate * served.wait_minutes, rel=0.2, abs=0.05)


@settings(max_examples=6, deadline=None)
@given(warmup=st.none() | st.integers(0, 12), seed=st.integers(0, 1000))
def test_no_cohort_client_arrived_before_the_warm_up_ended(warmup, seed):
    """The arrivals are a stream of their own (common random numbers), so the test can draw it
    again: the cohort is exactly the arrivals after the warm-up, given or chosen by MSER-5."""
    scenario = load_scenario_text(one_queue(3, 400, 30.0))
    settings_ = SimulationSettings(days=25, warmup_days=warmup, seed=seed, replications=2, processes=1)
    network = network_of(scenario, settings_)
    records = [replicate(network, seed, index) for index in range(settings_.replications)]
    truncation, runs = observe(network, settings_, records)
    start, end = truncation.open_days * network.calendar.day_minutes, network.window_end
    for index, run in enumerate(runs):
        gaps = Streams(seed, index).generator("visit", "arrivals").exponential(1.0 / network.procedures[0].rate, 20_000)
        arrivals = np.cumsum(gaps)
        assert arrivals[-1] > end
        expected = int(np.sum((arrivals >= start) & (arrivals < end)))
        visit = run.procedures["visit"]
        assert visit.arrived == visit.completed + visit.censored == expected
    if warmup is not None:
        assert truncation.days == warmup


@settings(max_examples=40, deadline=None)
@given(
    times=st.lists(st.floats(0.01, 100.0), min_size=1, max_size=40),
    censored=st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_kaplan_meier_is_the_plain_mean_without_censoring_and_no_lower_with_it(times, censored):
    """Nothing censored: the restricted mean up to any horizon past the last time is the mean.
    Some censored: it is at least the plain mean that counts them with the time seen."""
    values = np.array(times)
    everyone = kaplan_meier(values, np.ones(len(values), dtype=bool), 150.0)
    assert everyone.restricted_mean == pytest.approx(values.mean())
    some = kaplan_meier(values, ~np.array(censored[: len(values)]), 150.0)
    assert some.restricted_mean >= values.mean() - 1e-9


@pytest.mark.parametrize("warmup", [0, 10])
def test_the_warm_up_excludes_its_days(warmup):
    """A steady 700 clients a week: the counted arrivals are those of the days after the warm-up."""
    scenario = load_scenario_text(one_queue(5, 700, 30.0))
    done = simulate(scenario, SimulationSettings(days=30, warmup_days=warmup, replications=10, processes=1))
    arrived = done.procedures["visit"].arrived.mean
    assert arrived == pytest.approx(100 * (30 - warmup), rel=0.03)


@settings(max_examples=6, deadline=None)
@given(staff=st.integers(2, 6), seed=st.integers(0, 1000))
def test_an_untouched_procedure_does_not_feel_another_units_staff(staff, seed):
    from tests.test_simulation import APART, TWO_PROCEDURES

    settings_ = SimulationSettings(days=10, warmup_days=1, replications=2, seed=seed, processes=1)
    base, changed = (
        simulate(load_scenario_text(centre(APART.format(benefits=n), TWO_PROCEDURES)), settings_)
        for n in (staff, staff + 1)
    )
    assert base.procedures["talk"] == changed.procedures["talk"]
