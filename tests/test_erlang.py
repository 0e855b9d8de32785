"""The Erlang bound pinned to values that cannot drift: pyworkforce's published test vectors,
closed forms of the single-server queue (M/M/1, M/D/1 by Pollaczek–Khinchine) and of M/M/2 and
M/M/3, and offered loads worked out by hand. A mutation run of ``model/staffing/erlang.py``
against this file alone leaves no behavioural mutant alive (see docs/optimiser.md); every test
here is arithmetic, a few milliseconds in all."""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError, astuple

import numpy as np
import pytest

from model.staffing.erlang import (
    StepLoad,
    UnitLoad,
    bound_failure,
    erlang_c,
    least_servers,
    mean_wait,
    service_level,
    unit_loads,
)

# --- pyworkforce's test vectors (pyworkforce/queuing/tests/test_erlang.py) ----------------------
# ErlangC(transactions=100, aht=3, interval=30, asa=0.33): 100 calls in 30 minutes of 3 minutes
# each, an offered load of 10 erlangs; answered within 0.33 minutes.
PYWORKFORCE_LOAD = 100 * 3 / 30
PYWORKFORCE_ASA = 0.33


@pytest.mark.parametrize(
    ("servers", "waiting", "level", "occupancy"),
    [(14, 0.174, 0.888, 0.714), (15, 0.102, 0.941, 0.667)],
)
def test_pyworkforce_vectors(servers, waiting, level, occupancy):
    """``test_expected_erlangc_results`` (14 positions) and ``test_over_occupancy_erlangc`` (15)."""
    assert round(erlang_c(servers, PYWORKFORCE_LOAD), 3) == waiting
    assert round(service_level(servers, PYWORKFORCE_LOAD, 3, PYWORKFORCE_ASA), 3) == level
    assert round(PYWORKFORCE_LOAD / servers, 3) == occupancy


def test_pyworkforce_raw_positions():
    """80% answered within 0.33 min and occupancy ≤ 85% → 14 positions; occupancy ≤ 70% → 15."""
    assert least_servers(PYWORKFORCE_LOAD, 3, max_utilisation=0.85) == 12  # occupancy alone: ⌈10/0.85⌉
    assert least_servers(PYWORKFORCE_LOAD, 3, max_utilisation=0.7) == 15  # ⌈10/0.7⌉, as raw_positions


# --- closed forms ------------------------------------------------------------------------------


def test_erlang_c_closed_forms():
    """M/M/1: P(wait) = ρ. M/M/2 at a = 1: 1/3. M/M/3 at a = 2: 4/9 (P0 = 1/9). At or past
    saturation every client waits."""
    for rho in (0.1, 0.5, 0.9):
        assert erlang_c(1, rho) == pytest.approx(rho, rel=1e-12)
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3, rel=1e-12)
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9, rel=1e-12)
    assert erlang_c(3, 3.0) == 1.0
    assert erlang_c(3, 4.0) == 1.0
    assert erlang_c(4, 0.0) == 0.0


def test_erlang_c_vectorised_and_scalar():
    """An array of loads gives an array, element by element; one load gives a plain float."""
    found = erlang_c(3, np.array([0.0, 2.0, 3.0, 4.0]))
    assert isinstance(found, np.ndarray)
    assert found.tolist() == pytest.approx([0.0, 4 / 9, 1.0, 1.0], rel=1e-12)
    assert type(erlang_c(3, 2.0)) is float


def test_mean_wait_single_server_exponential_and_fixed():
    """M/M/1: Wq = ρ/(1 − ρ)·E[S]; ρ = 0.5, E[S] = 10 → 10 min, below one erlang of load. M/D/1 by
    Pollaczek–Khinchine: half that (5 min). cs² = 3 (hyperexponential-like): twice M/M/1."""
    assert mean_wait(1, 0.5, 10) == pytest.approx(10.0, rel=1e-12)
    assert mean_wait(1, 0.5, 10, scv=1.0) == pytest.approx(10.0, rel=1e-12)
    assert mean_wait(1, 0.5, 10, scv=0.0) == pytest.approx(5.0, rel=1e-12)
    assert mean_wait(1, 0.5, 10, scv=3.0) == pytest.approx(20.0, rel=1e-12)
    assert mean_wait(1, 0.2, 38) == pytest.approx(0.2 / 0.8 * 38, rel=1e-12)  # 9.5 min at ρ = 0.2


def test_mean_wait_several_servers():
    """M/M/c: Wq = C(c, a)·E[S]/(c − a). M/M/2, a = 1, E[S] = 9: 3 min; M/M/3, a = 2, E[S] = 6:
    (4/9)·6 = 8/3 min; fixed durations halve both (Allen–Cunneen)."""
    assert mean_wait(2, 1.0, 9) == pytest.approx(3.0, rel=1e-12)
    assert mean_wait(2, 1.0, 9, scv=0.0) == pytest.approx(1.5, rel=1e-12)
    assert mean_wait(3, 2.0, 6) == pytest.approx(8 / 3, rel=1e-12)
    assert mean_wait(14, PYWORKFORCE_LOAD, 3) == pytest.approx(0.1741319335950498 * 3 / 4, rel=1e-12)


def test_mean_wait_edges():
    """No load, no wait; at or past saturation the queue grows without end."""
    assert mean_wait(2, 0.0, 10) == 0.0
    assert mean_wait(3, 3.0, 10) == math.inf
    assert mean_wait(3, 3.5, 10) == math.inf


def test_service_level_closed_form_and_edges():
    """M/M/1, ρ = 0.5, E[S] = 10: P(W ≤ t) = 1 − ρ·e^(−(1−ρ)t/E[S]); at t = 10: 1 − 0.5·e^(−0.5).
    Unstable: nobody is served in time."""
    assert service_level(1, 0.5, 10, 10) == pytest.approx(1 - 0.5 * math.exp(-0.5), rel=1e-12)
    assert service_level(1, 0.5, 10, 0) == pytest.approx(0.5, rel=1e-12)
    assert service_level(3, 4.0, 10, 5) == 0.0


# --- the fewest staff --------------------------------------------------------------------------


def test_least_servers_stability_and_at_least_one():
    """Stable needs more staff than erlangs of load; an idle unit still keeps one person."""
    assert least_servers(0.0, 10) == 1
    assert least_servers(0.4, 10) == 1
    assert least_servers(2.0, 10) == 3
    assert least_servers(2.5, 10) == 3


def test_least_servers_utilisation_exactly_on_the_grid():
    """2.1 erlangs at 70% is 3 staff exactly (2.1 / 0.7 = 3.0000000000000004 in floating point)."""
    assert least_servers(2.1, 1, max_utilisation=0.7) == 3
    assert least_servers(0.0, 1, max_utilisation=0.7) == 1
    assert least_servers(2.4, 1, max_utilisation=0.5) == 5
    assert least_servers(0.9, 1, max_utilisation=0.4) == 3  # under one erlang, still ⌈0.9 / 0.4⌉


def test_least_servers_wait_target():
    """M/M/1 at ρ = 0.5 and E[S] = 10 waits exactly 10 min: a 10-minute target is met by one
    person, a 9.9-minute target needs a second (M/M/2 at a = 0.5: C = 1/9·…, wait ≈ 0.67 min)."""
    assert least_servers(0.5, 10, max_wait=10.0) == 1
    assert least_servers(0.5, 10, max_wait=9.9) == 2
    assert least_servers(0.5, 10, max_wait=9.9, scv=0.0) == 1  # fixed durations: 5 min
    # the pyworkforce load: 14 staff wait 0.13 min, 13 wait 0.28 min (C = 0.2838…), 12: 0.67 min
    assert least_servers(PYWORKFORCE_LOAD, 3, max_wait=0.2) == 14
    assert least_servers(PYWORKFORCE_LOAD, 3, max_wait=0.5) == 13
    assert least_servers(PYWORKFORCE_LOAD, 3, max_wait=0.2, max_utilisation=0.6) == 17


# --- the offered load per unit, by hand -------------------------------------------------------


def steps() -> list[StepLoad]:
    """Unit ``a`` serves ``intake`` (exponential, 10 min, 0.02 a minute) in the office and ``visit``
    (fixed 30 min, 0.01 a minute) in the field; ``a`` and ``b`` share ``decide`` (fixed 6 min,
    0.05 a minute) by the routing policy; ``c`` serves nothing."""
    return [
        StepLoad("p/intake", ("a",), 0.02, 10.0, 200.0, False, "shortest_queue"),
        StepLoad("p/visit", ("a",), 0.01, 30.0, 900.0, True, "shortest_queue"),
        StepLoad("p/decide", ("a", "b"), 0.05, 6.0, 36.0, False, "shortest_queue"),
    ]


SERVERS = {"a": 2, "b": 3, "c": 1}
FTE = {"a": 4.0, "b": 1.0, "c": 1.0}


def test_unit_loads_by_hand_shortest_queue():
    """Shortest queue splits ``decide`` by staff serving, 2 : 3. Unit a: visits 0.02 + 0.01 + 0.02 =
    0.05 a minute; load 0.2 + 0.3 + 0.12 = 0.62 erlangs, 0.3 in the field; mean 12.4 min;
    E[S²] = (0.02·200 + 0.01·900 + 0.02·36) / 0.05 = 274.4, so cs² = 274.4 / 12.4² − 1."""
    found = unit_loads(steps(), SERVERS, FTE)
    a, b, c = found["a"], found["b"], found["c"]
    assert a.rate == pytest.approx(0.05, rel=1e-12)
    assert a.load == pytest.approx(0.62, rel=1e-12)
    assert a.field_load == pytest.approx(0.3, rel=1e-12)
    assert a.mean_service == pytest.approx(12.4, rel=1e-12)
    assert a.scv == pytest.approx(274.4 / 12.4**2 - 1, rel=1e-12)
    assert a.office_steps == ("p/intake", "p/decide")
    assert (b.rate, b.load, b.field_load, b.mean_service, b.scv) == pytest.approx((0.03, 0.18, 0.0, 6.0, 0.0))
    assert b.office_steps == ("p/decide",)
    assert (c.rate, c.load, c.mean_service, c.scv, c.office_steps) == (0.0, 0.0, 0.0, 1.0, ())
    assert a.unit_id == "a" and b.unit_id == "b"


def test_unit_loads_by_hand_care_area_and_first():
    """Care areas split by FTE (4 : 1), ``first`` sends everything to the first unit."""
    care = [StepLoad("p/decide", ("a", "b"), 0.05, 6.0, 36.0, False, "care_area")]
    found = unit_loads(care, SERVERS, FTE)
    assert (found["a"].rate, found["b"].rate) == pytest.approx((0.04, 0.01), rel=1e-12)
    assert (found["a"].load, found["b"].load) == pytest.approx((0.24, 0.06), rel=1e-12)
    first = [StepLoad("p/decide", ("a", "b"), 0.05, 6.0, 36.0, False, "first")]
    found = unit_loads(first, SERVERS, FTE)
    assert (found["a"].rate, found["b"].rate) == pytest.approx((0.05, 0.0))
    assert found["b"].office_steps == ()


def test_unit_loads_unit_without_staff_first_in_line():
    """A unit with no one serving gets no share of the shortest queue, and the unit after it gets it
    all; two field steps add up."""
    shared = [
        StepLoad("p/decide", ("a", "b"), 0.05, 6.0, 36.0, False, "shortest_queue"),
        StepLoad("p/visit", ("b",), 0.01, 30.0, 900.0, True, "first"),
        StepLoad("p/revisit", ("b",), 0.02, 15.0, 225.0, True, "first"),
    ]
    found = unit_loads(shared, {"a": 0, "b": 2}, {"a": 0.0, "b": 2.0})
    assert found["a"].load == 0.0 and found["a"].office_steps == ()
    assert found["b"].load == pytest.approx(0.3 + 0.3 + 0.3, rel=1e-12)
    assert found["b"].field_load == pytest.approx(0.6, rel=1e-12)
    assert found["b"].rate == pytest.approx(0.08, rel=1e-12)


def test_loads_are_values():
    """Loads are frozen values: hashable, and never changed behind the bound's back."""
    step = steps()[0]
    load = unit_loads([step], {"a": 1}, {"a": 1.0})["a"]
    assert hash(step) == hash(StepLoad(*astuple(step))) and hash(load) == hash(UnitLoad(*astuple(load)))
    with pytest.raises(FrozenInstanceError):
        load.load = 0.0  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        step.rate = 0.0  # type: ignore[misc]


def test_unit_loads_variability_never_negative():
    """A mix of fixed durations has cs² = 0, not a rounding error below it."""
    fixed = [
        StepLoad("p/x", ("a",), 0.1, 3.0, 9.0, False, "first"),
        StepLoad("p/y", ("a",), 0.3, 3.0, 9.0, False, "first"),
    ]
    found = unit_loads(fixed, {"a": 1}, {"a": 1.0})["a"]
    assert found.scv == 0.0 and found.mean_service == pytest.approx(3.0)


# --- why a plan cannot work --------------------------------------------------------------------


def unit(load: float, field: float = 0.0, mean: float = 10.0, scv: float = 1.0) -> UnitLoad:
    return UnitLoad("u", load, field, load / mean, mean, scv, ("p/s",))


def test_bound_failure_capacity():
    """Demand of two erlangs needs more than two staff; field work must fit the field hours."""
    assert bound_failure(unit(2.0), 2, None, None, 0.0) == "capacity"
    assert bound_failure(unit(1.9), 2, None, None, 0.0) is None
    assert bound_failure(unit(1.0, field=0.8), 2, None, None, 0.4) == "capacity"  # 0.8 ≥ 2 × 0.4
    assert bound_failure(unit(1.0, field=0.79), 2, None, None, 0.4) is None
    assert bound_failure(unit(1.0, field=0.79), 2, None, None, 0.0) is None  # no field hours of its own


def test_bound_failure_utilisation():
    """1.5 erlangs on 2 staff is 75% busy: over a 70% target, within 75% (to the tolerance)."""
    assert bound_failure(unit(1.5), 2, 0.7, None, 0.0) == "utilisation"
    assert bound_failure(unit(1.5), 2, 0.75, None, 0.0) is None
    assert bound_failure(unit(1.4), 2, 0.7, None, 0.0) is None  # 0.7 = 1.4 / 2, not above it
    assert bound_failure(unit(0.7 + 1e-9), 1, 0.7, None, 0.0) is None  # on the target, to the rounding allowed


def test_bound_failure_mean_wait_counts_office_work_only():
    """One person with 0.5 erlangs of office work waits 10 min (M/M/1); the 0.3 erlangs done in the
    field do not queue in the office. Counting them would make it 0.8 erlangs and 40 min."""
    mixed = unit(0.8, field=0.3)
    assert bound_failure(mixed, 1, None, 10.0, 0.5) is None
    assert bound_failure(mixed, 1, None, 9.9, 0.5) == "mean_wait"
    fixed = unit(0.8, field=0.3, scv=0.0)  # M/D/1: 5 min
    assert bound_failure(fixed, 1, None, 5.0, 0.5) is None
    assert bound_failure(fixed, 1, None, 4.9, 0.5) == "mean_wait"
