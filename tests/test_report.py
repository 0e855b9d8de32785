"""Tables for the app's views (model.present.report): findings, flows, simulation results and comparisons."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from model import load_scenario, validate
from model.i18n import t
from model.present.report import (
    BOTTLENECK,
    DEADLINE_TARGET,
    LONGEST_WAITS,
    busiest,
    compared_waits,
    comparison_table,
    counts,
    deadline_share,
    deadlines_frame,
    finding_units,
    findings_frame,
    headline_caption,
    headline_difference,
    law_caption,
    lead_days,
    longest_waits,
    paired_text,
    procedure_findings,
    procedures_differ,
    procedures_frame,
    records,
    result_tables,
    step_label,
    steps_frame,
    subject_text,
    unit_labels,
    units_frame,
    wait_scale,
    waits_frame,
)
from model.simulation.comparison import ComparisonResult, Difference, ProcedureDifferences, SystemDifferences
from model.simulation.results import (
    Estimate,
    Interval,
    ProcedureStats,
    RunResult,
    StepStats,
    SystemStats,
    UnitStats,
    Warmup,
)

from .conftest import DEFAULT_CONFIG, FIXTURES


@pytest.fixture(scope="module")
def default():
    return load_scenario(DEFAULT_CONFIG)


@pytest.fixture(scope="module")
def broken():
    scenario = load_scenario(FIXTURES / "broken" / "centre.yaml")
    return scenario, validate(scenario)


def est(mean, ci=None):
    """An estimate of ``mean`` with interval ``ci`` (low, high) when given."""
    return Estimate(mean, None if ci is None else Interval(*ci), 0 if mean is None else 2)


def result(*, steps=None, units=None, procedures=None, day=480.0, trips=1.5, lead_minutes=960.0, deadlines=None):
    """A simulation result holding only what the tables read; every other figure unobserved."""
    nothing = Estimate()
    return RunResult(
        config="test.yaml",
        days=10,
        replications=2,
        precision=None,
        seed=1,
        warmup=Warmup(1, "given"),
        run_out_days=0,
        demand={},
        policy="first",
        working_minutes_per_day=day,
        procedures=procedures or {},
        steps=steps or {},
        units=units or {},
        trips_per_client=est(trips),
        system=SystemStats(nothing, nothing, est(lead_minutes), est(deadlines), nothing),
        events_per_replication=0.0,
        warnings=(),
    )


def step(wait, count=3.0):
    return StepStats("first_contact", (), est(count), est(wait), None, None)


def procedure(name, *, lead=None, lead_ci=None, share=None, share_ci=None, trips=None, arrived=10.0, completed=9.0):
    return ProcedureStats(
        name=name,
        walk_in=True,
        arrivals_per_week=1.0,
        arrived=est(arrived),
        completed=est(completed),
        censored=est(0.0),
        deadline_censored=est(0.0),
        lead_time_days=est(lead, lead_ci),
        lead_time_working_minutes=Estimate(),
        deadline_met_share=None if share is None else est(share, share_ci),
        trips_per_client=est(trips),
    )


def unit(name, utilisation, offered_load=1.0, queue=0.5):
    return UnitStats(name, 1, 1.0, None, offered_load, est(utilisation), est(queue), est(0.0))


def difference(mean, ci, better=None):
    return Difference(mean, Interval(*ci), 2, better is not None, better)


# --- findings and names ------------------------------------------------------------------------


def test_counts_split_errors_from_warnings(broken):
    _, findings = broken
    errors, warnings = counts(findings)
    assert errors == sum(f.severity.value == "error" for f in findings)
    assert errors + warnings == len(findings)
    assert counts([]) == (0, 0)


def test_unit_labels_indent_by_depth_in_chart_order(default):
    labels = unit_labels(default)
    assert list(labels) == [u.id for u in default.units]
    top = default.config.units[0]
    assert labels[top.id] == top.name
    assert labels[top.units[0].id] == "\u2003" + top.units[0].name


def test_function_name_in_both_languages_and_unknown_ids(default):
    function_id, function = next(iter(default.functions.items()))
    assert default.function_name(function_id) == function.name
    assert default.function_name(function_id, "en") == function.name_en
    assert default.function_name("no_such_function") == "no_such_function"


def test_subject_text_names_the_centre_a_unit_a_procedure_and_a_step(default):
    first_unit = default.units[0]
    first = default.procedures[0]
    step = first.steps[0]
    assert subject_text(default, None) == t("subject.centre")
    assert subject_text(default, first_unit.id) == f"{t('subject.unit')}: {first_unit.name}"
    assert subject_text(default, first.id, "en") == f"{t('subject.procedure', 'en')}: {first.name}"
    assert subject_text(default, f"{first.id}/{step.id}") == f"{first.name} › {step.name or step.id}"
    assert subject_text(default, f"{first.id}/missing") == f"{first.name} › missing"
    assert subject_text(default, "nothing/here") == "nothing/here"


def test_findings_frame_one_row_a_finding_with_translated_headers(broken):
    scenario, findings = broken
    frame = findings_frame(scenario, findings, "en")
    # what it says first, then what it is about (by name); where in the file last
    assert list(frame.columns) == [
        t(k, "en") for k in ("col.message", "col.subject", "col.severity", "col.rule", "col.file", "col.line")
    ]
    assert frame[t("col.rule", "en")].tolist() == [f.rule for f in findings]
    assert frame[t("col.file", "en")].tolist() == [Path(f.file).name for f in findings]
    assert findings_frame(scenario, [], "pl").empty


def test_a_finding_in_a_configuration_not_on_disk_names_no_file(broken):
    scenario, findings = broken
    moved = [replace(f, file="/nowhere/konfiguracja_edytowana.yaml") for f in findings]
    frame = findings_frame(scenario, moved, "pl")
    assert set(frame[t("col.file", "pl")]) == {t("col.file_edited", "pl")}


def test_finding_units_keep_only_subjects_that_are_units(broken):
    scenario, findings = broken
    ids = {u.id for u in scenario.units}
    highlighted = finding_units(scenario, findings)
    assert highlighted == tuple(sorted(highlighted)) and set(highlighted) <= ids
    assert "mixed_team" in highlighted
    assert not any("/" in subject for subject in highlighted)


def test_procedure_findings_are_the_procedures_and_its_steps(broken):
    _, findings = broken
    about = procedure_findings(findings, "allowance")
    assert {f.subject for f in about} >= {"allowance/talk", "allowance/payment"}
    assert all(f.subject == "allowance" or f.subject.startswith("allowance/") for f in about)


def test_records_drop_empty_cells():
    frame = pd.DataFrame(
        [{"role": "clerk", "fte": 1.0, "note": ""}, {"role": "social_worker", "fte": math.nan, "note": None}]
    )
    assert records(frame) == [{"role": "clerk", "fte": 1.0}, {"role": "social_worker"}]


def test_steps_frame_lists_every_step_with_its_deadline(default):
    first = default.procedures[0]
    frame = steps_frame(default, first, "en")
    assert len(frame) == len(first.steps)
    assert frame[t("col.step", "en")].tolist() == [s.name or s.id for s in first.steps]
    assert t("col.deadline", "en") in frame.columns


# --- one simulation ----------------------------------------------------------------------------


def test_step_label_by_name_or_the_key(default):
    first = default.procedures[0]
    step = first.steps[0]
    assert step_label(default, f"{first.id}/{step.id}") == f"{first.name} › {step.name or step.id}"
    assert step_label(default, "nope/nothing") == "nope/nothing"


@pytest.mark.parametrize(
    ("longest", "scale", "key"),
    [
        (30.0, 1.0, "sim.wait_minutes"),
        (119.0, 1.0, "sim.wait_minutes"),
        (120.0, 60.0, "sim.wait_hours"),
        (959.0, 60.0, "sim.wait_hours"),
        (960.0, 480.0, "sim.wait_days"),
    ],
)
def test_wait_scale_minutes_hours_or_working_days(longest, scale, key):
    assert wait_scale(longest, 480.0, "en") == (scale, t(key, "en"))


def test_waits_scaled_and_cut_to_the_longest(default):
    first = default.procedures[0]
    steps = {f"{first.id}/{s.id}": step(600.0 * (i + 1)) for i, s in enumerate(first.steps)}
    steps["x/none"] = step(None)
    raw = waits_frame(default, result(steps=steps))
    assert len(raw) == len(first.steps) and raw["low"].isna().all()
    waits, axis = longest_waits(default, result(steps=steps))
    assert axis == t("sim.wait_days")
    assert (
        waits["value"].tolist()
        == sorted((600.0 * (i + 1) / 480 for i in range(len(first.steps))), reverse=True)[:LONGEST_WAITS]
    )
    empty, no_axis = longest_waits(default, result())
    assert empty.empty and no_axis == ""


def test_units_frame_leaves_out_units_without_work_and_flags_bottlenecks():
    units = {
        "a": unit("Busy", BOTTLENECK),
        "b": unit("Calm", 0.2),
        "c": unit("Idle", 0.0, offered_load=0.0),
        "d": unit("Unknown", None),
    }
    frame = units_frame(result(units=units), "A")
    assert frame["item"].tolist() == ["Busy", "Calm", "Unknown"]
    assert frame["flag"].tolist() == [True, False, False]
    assert frame["value"].tolist() == [BOTTLENECK, 0.2, 0.0]
    assert set(frame["variant"]) == {"A"}


def test_procedure_measures_and_deadline_flags():
    procedures = {
        "p": procedure("P", share=DEADLINE_TARGET, trips=2.0),
        "q": procedure("Q", share=0.5),
        "r": procedure("R"),
    }
    assert procedures_frame(result(procedures=procedures), "trips_per_client")["item"].tolist() == ["P"]
    deadlines = deadlines_frame(result(procedures=procedures))
    assert deadlines["item"].tolist() == ["P", "Q"] and deadlines["flag"].tolist() == [False, True]


def test_result_tables_cover_procedures_steps_and_units(default):
    first = default.procedures[0]
    key = f"{first.id}/{first.steps[0].id}"
    done = result(
        steps={key: step(5.0)},
        units={"a": unit("Busy", 0.9)},
        procedures={"p": procedure("P", lead=2.0, lead_ci=[1.5, 2.5], share=0.9, share_ci=[0.85, 0.95])},
    )
    procedures, steps, units = result_tables(default, done, "en")
    assert procedures[t("col.procedure", "en")].tolist() == ["P"]
    # every figure with its 95% interval, as in the CLI's tables
    assert procedures[t("col.lead", "en")].tolist() == ["2.0 [1.5; 2.5]"]
    assert procedures[t("col.deadline_share", "en")].tolist() == ["90.0% [85.0%; 95.0%]"]
    assert result_tables(default, done, "pl")[0][t("col.lead", "pl")].tolist() == ["2,0 [1,5; 2,5]"]
    assert steps[t("col.step", "en")].tolist() == [step_label(default, key)]
    assert list(units.columns) == [t("col.unit", "en"), t("sim.util_axis", "en"), t("col.queue", "en")]


def test_tables_of_a_real_simulation(default):
    from model.simulation import SimulationSettings, simulate

    done = simulate(default, SimulationSettings(days=10, seed=1, replications=2, warmup_days=1, processes=1))
    waits, axis = longest_waits(default, done)
    assert 0 < len(waits) <= LONGEST_WAITS and axis
    assert not units_frame(done).empty
    assert all(len(table) for table in result_tables(default, done))


# --- comparison --------------------------------------------------------------------------------


def test_paired_text_shows_the_difference_with_its_interval_in_polish():
    assert paired_text(difference(-2.1, (-2.8, -1.4), "B"), "pl", "+.1f") == "−2,1 [−2,8; −1,4]"
    assert paired_text(Difference(0.5, None, 1), "en", "+.1f") == "+0.5"
    assert paired_text(Difference()) is None


def test_headline_measures():
    done = result(
        units={"a": unit("A", 0.4), "b": unit("B", 0.9), "c": unit("C", 1.0, offered_load=0.0)},
        procedures={"p": procedure("P", share=0.8), "q": procedure("Q", share=1.0), "r": procedure("R")},
        deadlines=0.95,  # the centre's share: P has three deadlines for every one of Q's
    )
    assert lead_days(done) == 2.0 and lead_days(result(lead_minutes=None)) is None
    assert deadline_share(done) == 0.95 and deadline_share(result()) is None
    assert busiest(done) == 0.9 and busiest(result()) is None


def test_comparison_table_marks_notable_differences_better_or_worse():
    a = result(
        procedures={
            "p": procedure("P", lead=10.0, lead_ci=[9.0, 11.0], share=0.9, trips=2.0),
            "only_a": procedure("A only", lead=1.0),
        }
    )
    b = result(procedures={"p": procedure("P", lead=5.0, lead_ci=[4.0, 6.0], share=0.5, trips=2.01)})
    none = Difference()
    differences = ProcedureDifferences(
        arrived=none,
        completed=none,
        censored=none,
        lead_time_days=difference(-5.0, (-6.0, -4.0), "B"),
        deadline_met_share=difference(-0.4, (-0.5, -0.3), "A"),
        trips_per_client=difference(0.01, (-0.02, 0.04)),
    )
    table, marks = comparison_table(comparison(a, b, {"p": differences}), "en")
    lead, share = t("col.lead", "en"), t("col.deadline_share", "en")
    assert table[t("col.procedure", "en")].tolist() == ["P"]
    assert table[f"{lead} Δ"].tolist() == ["-5.00 [-6.00; -4.00]".replace("-", "−")]
    assert marks == [{f"{lead} Δ": "better", f"{share} Δ": "worse"}]  # the trips' interval holds 0
    empty, no_marks = comparison_table(comparison(result(), result(), {}))
    assert empty.empty and no_marks == []


NONE = Difference()


def comparison(a, b, procedures, trips=NONE, lead=NONE, deadlines=NONE):
    system = SystemDifferences(NONE, NONE, lead, deadlines, NONE)
    return ComparisonResult(a, b, procedures, {}, {}, trips, system, (), (), ())


def test_headline_differences_are_the_paired_ones_in_the_headline_unit():
    done = comparison(
        result(day=480.0), result(), {}, difference(0.5, (0.1, 0.9), "A"), difference(-960.0, (-1440.0, -480.0), "B")
    )
    assert headline_difference(done, "compare.trips").mean == 0.5
    lead = headline_difference(done, "compare.lead")  # working minutes as working days
    assert (lead.mean, lead.ci95.low, lead.ci95.high, lead.better) == (-2.0, -3.0, -1.0, "B")
    assert headline_difference(done, "compare.busiest") is None
    shares = comparison(result(), result(), {}, deadlines=difference(0.05, (0.01, 0.09), "B"))
    assert headline_difference(shares, "compare.deadlines").mean == 0.05  # paired, as a share


def test_compared_waits_keep_the_longest_steps_of_either_variant(default):
    first = default.procedures[0]
    keys = [f"{first.id}/{s.id}" for s in first.steps]
    a = result(steps={k: step(10.0) for k in keys})
    b = result(steps={keys[0]: step(200.0)})
    waits, axis = compared_waits(default, a, b)
    assert axis == t("sim.wait_hours")
    assert set(waits["variant"]) == {"A", "B"}
    assert waits["value"].max() == pytest.approx(200.0 / 60)
    assert waits["item"].nunique() == min(len(keys), LONGEST_WAITS)


def test_procedures_differ_only_when_a_shared_procedure_changed(default, broken):
    assert not procedures_differ(default, default)
    assert not procedures_differ(default, broken[0])  # no procedure in common
    first = default.procedures[0]
    busier = first.model_copy(
        update={"arrivals": first.arrivals.model_copy(update={"per_week": first.arrivals.per_week + 1})}
    )
    assert procedures_differ(default, replace(default, procedures=[busier, *default.procedures[1:]]))


def test_waits_frame_carries_the_simulated_confidence_intervals(default):
    """On a real simulation result, every step clients reach in every run has its 95% interval
    (a rare branch, such as an appeal, may be reached in too few runs for one)."""
    from model.simulation import SimulationSettings, simulate

    # long enough for the rarest step (closing a Blue Card) to be reached in every replication
    result = simulate(default, SimulationSettings(days=90, warmup_days=5, replications=3, processes=1))
    frame = waits_frame(default, result)
    rare = {step_label(default, key) for key, v in result.steps.items() if v.count.mean < 1}
    frame = frame[~frame["item"].isin(rare)]
    assert not frame.empty
    assert frame["low"].notna().all() and (frame["low"] <= frame["value"]).all()
    assert (frame["value"] <= frame["high"]).all()


def test_law_caption_names_the_date_and_the_acts_applied(default):
    caption = law_caption(default, "pl")
    assert caption.startswith("Prawo na dzień 2017-09-01:")
    assert "13 września 2011" in caption and "25 sierpnia 2016" in caption and "2023" not in caption


def test_the_headline_caption_gives_each_headline_figure_its_interval():
    done = result(units={"a": unit("A", 0.4), "b": unit("B", 0.9)}, trips=1.5)
    done = replace(done, system=replace(done.system, arrived=est(1200.0, (1150.0, 1250.0))))
    text = " ".join(headline_caption(done, "pl").replace("\u202f", " ").split())  # every space one plain space
    assert "zgłoszenia 1 200 [1 150; 1 250]" in text
    assert "sprawy zakończone —" in text  # nothing observed: a dash, not a zero
    assert "komórki 90 %" in text  # the busiest unit's utilisation
