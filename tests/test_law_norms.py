"""The norm arithmetic of model/law/norms.py over plain numbers, in the law of each date."""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError

import pytest

from model.law.norms import assistant_cap, check_social_workers, qualified_fte, social_worker_norm


def test_before_2015_only_the_population_counts():
    norm = social_worker_norm(dt.date(2014, 12, 31))
    assert norm is not None and norm.families_per is None
    assert norm.required(10_000, 100) == 5  # the 100 families do not lower it
    assert norm.required(4_000, None) == 3  # 2 by population, at least 3


def test_from_2015_the_lower_alternative_counts_never_below_the_minimum():
    norm = social_worker_norm(dt.date(2015, 1, 1))
    assert norm is not None and (norm.per, norm.families_per, norm.least) == (2000, 50, 3)
    assert norm.required(20_000, 250) == 5  # 250 / 50 = 5 < 20 000 / 2 000 = 10
    assert norm.required(20_000, 1_000) == 10  # the population alternative is lower
    assert norm.required(20_000, 50) == 3  # 1 by families, at least 3
    assert norm.required(20_000, None) == 10


def test_a_check_drops_the_families_where_the_law_of_the_day_does_not_count_them():
    old = check_social_workers(social_worker_norm(dt.date(2014, 6, 1)), 10_000, 100, 4.99)
    new = check_social_workers(social_worker_norm(dt.date(2024, 6, 1)), 10_000, 100, 3)
    assert (old.families, old.required, old.met) == (None, 5, False)
    assert (new.families, new.required, new.met) == (100, 3, True)
    assert "art. 110 ust. 11" in new.citation


def test_the_assistant_cap_of_the_day():
    cap = assistant_cap(dt.date(2024, 1, 1))
    assert cap is not None and cap.cap == 15 and "art. 15 ust. 4" in cap.citation
    assert cap.required(45) == 3
    assert cap.met(45, 3) and not cap.met(46, 3)


@pytest.mark.parametrize(("qualified", "counted"), [(True, 2.0), (False, 0.0), (1.5, 1.5), (3.0, 2.0)])
def test_qualified_fte_never_exceeds_the_line(qualified, counted):
    assert qualified_fte(2.0, qualified) == counted


def test_a_shortfall_beyond_the_tolerance_is_not_met():
    norm = social_worker_norm(dt.date(2024, 1, 1))
    assert check_social_workers(norm, 6_000, None, 3 - 1e-6).met  # a rounding of FTE sums
    assert not check_social_workers(norm, 6_000, None, 3 - 1.5e-6).met


def test_the_norms_of_a_day_are_values_no_caller_can_change():
    norm = social_worker_norm(dt.date(2024, 1, 1))
    cap = assistant_cap(dt.date(2024, 1, 1))
    for value, name in ((norm, "least"), (cap, "cap"), (check_social_workers(norm, 6_000, None, 3), "required")):
        with pytest.raises(FrozenInstanceError):
            setattr(value, name, 0)
