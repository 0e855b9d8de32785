"""Log distances: the definitions of log-distance-measures, checked on logs whose distances are
known by construction, SciPy's Wasserstein distance as the reference, and in the fit report."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy.stats import wasserstein_distance

from model.calibration.estimate import calibrate
from model.calibration.log import check
from model.calibration.report import fit_report, markdown
from model.calibration.simulation import event_log
from model.config.loader import load_scenario
from model.interchange import distances as d
from tests.conftest import DEFAULT_CONFIG

MONDAY = pd.Timestamp("2026-01-05 08:00")


def _log(traces: dict[str, list[str]], shift: str = "0h", step: str = "30min") -> pd.DataFrame:
    """Cases of one-step-after-another events, each 20 minutes long, the cases an hour apart."""
    rows = []
    for number, (case, activities) in enumerate(traces.items()):
        for index, activity in enumerate(activities):
            start = MONDAY + pd.Timedelta(shift) + pd.Timedelta(hours=number) + index * pd.Timedelta(step)
            rows.append({"case": case, "activity": activity, "start": start, "end": start + pd.Timedelta("20min")})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", range(5))
def test_wasserstein_is_scipys(seed):
    generator = np.random.default_rng(seed)
    u, v = generator.exponential(3, 200), generator.normal(4, 1, 77)
    assert d.wasserstein(u, v) == pytest.approx(wasserstein_distance(u, v), rel=1e-12)


def test_a_log_is_at_no_distance_from_itself():
    log = _log({"a": ["x", "y", "z"], "b": ["x", "z"]})
    found = d.log_distances(log, log)
    assert found == d.LogDistances(0.0, 0.0, 0.0, 0.0, 0.0)


def test_a_log_shifted_by_five_hours():
    log = _log({"a": ["x", "y"], "b": ["x", "y"], "c": ["x"]})
    later = _log({"a": ["x", "y"], "b": ["x", "y"], "c": ["x"]}, shift="5h")
    assert d.arrival_distance(log, later) == 5.0
    assert d.absolute_event_distance(log, later) == 5.0
    assert d.cycle_time_distance(log, later) == 0.0  # the same cases, only later
    assert d.n_gram_distance(log, later) == 0.0
    assert d.circadian_event_distance(log, later) == pytest.approx(5.0 / 7)  # Monday only, 5 hours apart


def test_a_weekday_in_one_log_only_counts_23_hours():
    monday = _log({"a": ["x"]})
    tuesday = _log({"a": ["x"]}, shift="1D")
    assert d.circadian_event_distance(monday, tuesday) == pytest.approx(2 * 23.0 / 7)


def test_n_grams_as_the_package_counts_them():
    # a = [x y] gives the trigrams (·,·,x) (·,x,y) (x,y,·) (y,·,·); b = [x z] shares only (·,·,x)
    a, b = _log({"1": ["x", "y"]}), _log({"1": ["x", "z"]})
    assert d.n_gram_distance(a, b) == pytest.approx(6 / 8)
    assert d.n_gram_distance(_log({"1": ["x"]}), _log({"1": ["y"]})) == 1.0
    repeated = _log({"1": ["x", "y"], "2": ["x", "y"]})
    assert d.n_gram_distance(a, repeated) == pytest.approx(4 / 12)  # the same trigrams, half as often


def test_cycle_times_in_hour_bins():
    short = _log({"a": ["x", "y", "z"]}, step="30min")  # 1 h 20 min
    long = _log({"a": ["x", "y", "z"]}, step="150min")  # 5 h 20 min
    assert d.cycle_time_distance(short, long) == 4.0


def test_the_fit_report_shows_the_distances_per_procedure():
    scenario = load_scenario(DEFAULT_CONFIG)
    raw = event_log(scenario, dt.date(2025, 3, 3), 40, seed=11, replication=0)
    raw = raw[raw["case:procedure"].isin(["zasilek_celowy", "informacja_poradnictwo"])]
    log = check(raw, "observed.csv", {}, 2)
    observed = calibrate(log, scenario, dt.date(2025, 3, 10), dt.date(2025, 4, 11))
    rows = fit_report(scenario, observed, runs=2, seed=3, observed_log=log)
    row = next(r for r in rows if r.procedure == "zasilek_celowy")
    assert row.distances is not None and set(row.distances) == set(d.MEASURES)
    assert 0 <= row.distances["n_gram"].mean < 0.5  # the same model: mostly the same routes
    assert row.distances["circadian_hours"].mean < 3  # and the same office hours
    text = markdown(observed, rows, 2, "pl", [])
    assert "trigramów" in text and "EMD" in text
    assert "distances" in row.to_dict()
