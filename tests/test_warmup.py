"""The warm-up chosen from the data (MSER-5) and the lead time that accounts for censoring (Kaplan–Meier)."""

from __future__ import annotations

import numpy as np
import pytest

from model import load_scenario_text
from model.cli import main
from model.simulation import SimulationSettings, simulate
from model.simulation.survival import kaplan_meier
from model.simulation.warmup import mser
from tests.test_simulation import DEFAULT_CONFIG, REVIEWS, SLOW_STEP, centre, one_queue


def test_mser_cuts_off_a_transient_and_leaves_a_steady_series_alone():
    rng = np.random.default_rng(5)
    steady = rng.normal(10.0, 1.0, 200)
    assert mser(steady)[0] <= 10
    rising = steady.copy()
    rising[:40] = np.linspace(0.0, 10.0, 40)  # the centre fills up over the first 40 days
    cut_off, at_limit = mser(rising)
    assert 25 <= cut_off <= 50 and not at_limit
    assert mser([1.0] * 9) == (0, False)  # under two batches: nothing to choose from


def test_mser_says_when_its_minimum_is_at_the_end_of_its_search():
    growing = np.arange(100.0)  # never settles
    cut_off, at_limit = mser(growing)
    assert at_limit and cut_off == 50


def test_an_empty_start_is_cut_off_and_a_warm_start_needs_little():
    """Reviews every 30 days: started empty, the centre fills for a month; warm-started, not at all."""
    units = "  - {id: team, name: Zespół, kind: team, functions: [social_work], staff: [{role: social_worker, fte: 4}]}"
    walk_in = REVIEWS.replace("origin: caseload", "origin: walk_in")
    settings = SimulationSettings(days=120, run_out_days=60, replications=3, processes=1)
    empty = simulate(load_scenario_text(centre(units, walk_in)), settings)
    warm = simulate(load_scenario_text(centre(units, REVIEWS)), settings)
    assert empty.warmup.method == warm.warmup.method == "MSER-5"
    assert empty.warmup.days >= 28  # the first visits come after 30 days
    assert warm.warmup.days < empty.warmup.days


def test_the_command_line_reports_the_warm_up_and_how_it_was_chosen(capsys):
    assert main(["simulate", str(DEFAULT_CONFIG), "--days", "30", "--replications", "2", "--processes", "1"]) == 0
    out = capsys.readouterr().out
    assert "(MSER-5)" in out and "Kaplan–Meier" in out
    assert main(["simulate", str(DEFAULT_CONFIG), "--days", "30", "--replications", "2", "--warmup", "3"]) == 0
    assert "warm-up 3 days (given)" in capsys.readouterr().out


def test_kaplan_meier_on_a_textbook_sample():
    """Freireich's 6-MP group: 6,6,6,6+,7,9+,10,10+,11+,13,16 (Kaplan–Meier by hand: median 10)."""
    times = np.array([6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16.0])
    finished = np.array([1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1], dtype=bool)
    found = kaplan_meier(times, finished, 20.0)
    s = [8 / 11, 8 / 11 * 6 / 7, 8 / 11 * 6 / 7 * 4 / 5, 8 / 11 * 6 / 7 * 4 / 5 / 2]
    assert found.restricted_mean == pytest.approx(6 + s[0] * 1 + s[1] * 3 + s[2] * 3 + s[3] * 3)
    assert found.median == 10


def test_the_censoring_aware_lead_time_recovers_the_true_mean_where_the_plain_one_cannot():
    """A 30-day mean (exponential) followed only 10 days after a 60-day window: many are censored.
    Restricted to the longest follow-up τ, the true mean is 30 (1 − e^(−τ/30))."""
    settings = SimulationSettings(days=60, warmup_days=0, run_out_days=10, replications=6, processes=1)
    result = simulate(load_scenario_text(SLOW_STEP), settings)
    long = result.procedures["long"]
    truth = 30 * (1 - np.exp(-long.km_horizon_days / 30))
    assert long.censored.mean > 0.05 * long.arrived.mean
    assert long.lead_time_km_days.mean == pytest.approx(truth, rel=0.10)
    assert long.lead_time_days.mean < 0.85 * truth  # counting the censored as seen: biased low
    assert long.lead_time_km_days.ci95.low <= truth <= long.lead_time_km_days.ci95.high
    assert long.lead_time_km_median_days.mean == pytest.approx(30 * np.log(2), rel=0.15)
    assert any("Długa sprawa" in w.text("pl") and "Kaplana–Meiera" in w.text("pl") for w in result.warnings)


def test_a_given_warm_up_is_used_as_given():
    scenario = load_scenario_text(one_queue(2, 200, 60.0))
    result = simulate(scenario, SimulationSettings(days=20, warmup_days=4, replications=2, processes=1))
    assert (result.warmup.days, result.warmup.method) == (4, "given")
