"""The workload balance: hand-computed hours on small centres, WISN's arithmetic against the WHO
manual, bad input as one line, and the shipped centres."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import ConfigError, load_scenario, load_scenario_text
from model.staffing.workload import balance

# An office open 8 h on weekdays with Polish holidays: 2024 has 252 such days (2,016 h).
YEAR_2024_HOURS = 252 * 8


def centre(unit_extra: str = "", procedure_extra: str = "", per_week: float = 10, availability: float = 0.8) -> str:
    """A centre of two units: a desk serving first contact, a team of assistants, one procedure
    that visits the desk once and the team with probability 0.5 (fixed 30 and 120 minutes)."""
    return f"""
centre: {{name: OPS Testowo, population: 6000, model: care_area, effective_from: 2024-03-01}}
availability: {{default: {availability}}}
units:
  - {{id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{{role: social_worker, fte: 3}}]}}
  - id: team
    name: Zespół Asystentów
    kind: team
    functions: [family_assistance]
    staff: [{{role: family_assistant, fte: 2}}]
{unit_extra}
  - {{id: boss, name: Kierownik, kind: post, staff: [{{role: manager, fte: 1}}]}}
procedures:
  - id: visit
    name: Wizyta
    arrivals: {{per_week: {per_week}}}
    entry: serve
{procedure_extra}
    steps:
      - id: serve
        function: first_contact
        duration: 30
        next: [{{to: help, p: 0.5}}, {{to: end, p: 0.5}}]
      - {{id: help, function: family_assistance, duration: 120, next: end}}
"""


def test_hours_are_the_flow_the_caseload_and_other_work_by_hand() -> None:
    extra = """    caseload: {families: 20, hours_per_case_month: "90 min"}
    other_work:
      - {activity: sprawozdawczość, share: 0.1, source: assumption}
      - {activity: narady zespołu, hours_per_week_per_fte: 2, source: assumption}
      - {activity: rozprawy sądowe, hours_per_year: 50, source: assumption}"""
    found = balance(load_scenario_text(centre(extra), "c.yaml"))
    assert found.year == 2024 and found.hours_per_fte == YEAR_2024_HOURS
    weeks = YEAR_2024_HOURS / 40  # arrivals come on open time: 10 a week of 40 open hours
    desk, team = found.units["desk"], found.units["team"]
    assert desk.available_hours == pytest.approx(3 * 0.8 * YEAR_2024_HOURS)
    assert desk.procedure_hours == pytest.approx(10 * weeks * 0.5)
    assert team.procedure_hours == pytest.approx(10 * weeks * 0.5 * 2)
    assert team.caseload_hours == pytest.approx(20 * 1.5 * 12)
    available = 2 * 0.8 * YEAR_2024_HOURS
    assert team.other_hours == pytest.approx((0.1 + 2 / 40) * available + 50)
    assert team.explained_share == pytest.approx((team.procedure_hours + 360 + team.other_hours) / available)
    # WISN: client work / AWT × 1 / (1 − CAS) + IAS / AWT, AWT per FTE = available / FTE
    per_fte = available / 2
    required = (team.procedure_hours + 360) / per_fte / (1 - 0.15) + 50 / per_fte
    assert team.required_fte == pytest.approx(required)
    assert team.wisn_ratio == pytest.approx(2 / required)
    assert found.not_modelled == ["boss"]
    assert any("Kierownik" in w.text("pl") for w in found.warnings)


def test_a_declared_unit_outside_the_model_is_listed_without_a_warning() -> None:
    text = centre().replace(
        "{id: boss, name: Kierownik, kind: post,", "{id: boss, name: Kierownik, kind: post, not_modelled: kieruje,"
    )
    found = balance(load_scenario_text(text, "c.yaml"))
    assert found.not_modelled == ["boss"]
    assert not any("Kierownik" in w.text("pl") for w in found.warnings)


def test_a_caseload_on_a_procedure_falls_where_its_work_falls() -> None:
    text = centre(procedure_extra="    caseload: {families: 10, hours_per_case_month: 2}")
    found = balance(load_scenario_text(text, "c.yaml"))
    desk, team = found.units["desk"], found.units["team"]
    assert desk.caseload_hours + team.caseload_hours == pytest.approx(10 * 2 * 12)
    assert team.caseload_hours == pytest.approx(2 * desk.caseload_hours)  # twice the procedure's work


@pytest.mark.parametrize(
    ("caseload", "words"),
    [
        ('{families: 20, hours_per_case_month: "dwie godziny"}', "Hours per case a month"),
        ('{families: 20, hours_per_case_month: "3 d"}', "calendar time"),
        ("{families: -4}", "cannot be negative"),
        ("{families: 2.5}", "whole number"),
    ],
)
def test_a_bad_caseload_is_one_line_with_file_and_line(caseload: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(centre(f"    caseload: {caseload}"), "c.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "c.yaml" and problem.line == 11
    assert words in problem.text("en") and "\n" not in problem.text("en")


def test_other_work_needs_exactly_one_measure() -> None:
    extra = """    other_work:
      - {activity: sprawozdawczość, share: 0.1, hours_per_year: 10, source: assumption}"""
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(centre(extra), "c.yaml")
    assert "exactly one" in caught.value.problems[0].text("en")


def test_other_work_filling_the_time_is_a_warning_not_a_traceback() -> None:
    extra = """    other_work:
      - {activity: dokumentacja, share: 0.7, source: assumption}
      - {activity: narady, hours_per_week_per_fte: 20, source: assumption}"""
    found = balance(load_scenario_text(centre(extra), "c.yaml"))
    team = found.units["team"]
    assert team.required_fte == float("inf") and team.wisn_ratio == 0
    assert any("Zespół Asystentów" in w.text("pl") and "120" in w.text("pl") for w in found.warnings)


def test_every_shipped_centre_balances(shipped_config) -> None:
    found = balance(load_scenario(shipped_config))
    assert found.units
    for unit in found.units.values():
        assert unit.available_hours > 0 and unit.explained_share >= 0


# --- WISN's arithmetic against a published calculation --------------------------------------


def test_wisn_reproduces_a_published_calculation() -> None:
    """Burmen, Owuor, Mitei, "An assessment of staffing needs at a HIV clinic in a Western Kenya
    using the WHO workload indicators of staffing need WISN, 2011", Human Resources for Health
    (2017) 15:9, Table 3: consultations of 15 minutes, 100,000 a year; 4.5 days a week of
    consultations × 52 weeks = 234 days, less 10 public holidays, 30 days of annual leave and 15
    of sick leave = 179 days of 8 hours; 25,000 hours = 3,125 days of work; 3,125 / 179 = 17.46
    clinicians. (The WHO user's manual's own worked example could not be retrieved: unverified.)"""
    from model.staffing import wisn

    awt = wisn.available_working_time(4.5 * 52, 8, days_off=(10, 30, 15))
    assert awt == 179 * 8
    standard = wisn.standard_workload(awt, 0.25)
    assert standard == pytest.approx(5728)  # consultations one clinician can do in a year
    assert wisn.required_staff([(100_000, standard)], 1.0, 0.0) == pytest.approx(17.46, abs=0.005)


def test_wisn_allowances_compose_as_the_manual_defines_them() -> None:
    """CAF = 1 / (1 − Σ CAS), IAF = Σ IAS / AWT, required = Σ workload / standard × CAF + IAF;
    WISN ratio = existing / required (WHO, WISN user's manual, 2010, steps 4–7)."""
    from model.staffing import wisn

    assert wisn.category_allowance_factor([0.1, 0.15]) == pytest.approx(1 / 0.75)
    assert wisn.category_allowance_factor([0.6, 0.4]) == float("inf")
    assert wisn.individual_allowance_factor([100, 60], 1600) == pytest.approx(0.1)
    required = wisn.required_staff([(3000, 1000), (800, 400)], 1 / 0.75, 0.1)
    assert required == pytest.approx((3 + 2) / 0.75 + 0.1)
    assert wisn.wisn_ratio(5, required) == pytest.approx(5 / required)
    assert wisn.wisn_ratio(5, 0) is None


# --- the balance against the simulation -------------------------------------------------------


@st.composite
def always_open_centre(draw: st.DrawFn) -> str:
    """A small centre open 24/7: 1–3 units, one function each, 1–2 procedures whose steps visit
    them with branches and loops; arrivals low enough that every unit is stable."""
    units = draw(st.integers(1, 3))
    staff = [draw(st.integers(1, 3)) for _ in range(units)]
    lines = [
        "centre: {name: OPS, population: 6000, model: care_area}",
        "availability: {default: 1}",
        "calendar: {kind: always, holidays: none, start_date: 2026-01-05}",
        "functions: " + str([{"id": f"f{u}", "name": f"F{u}"} for u in range(units)]).replace("'", ""),
        "units:",
        "  - {id: boss, name: Kierownik, kind: management, staff: [{role: social_worker, fte: 3}]}",
    ]
    lines += [
        f"  - {{id: u{u}, name: Komórka {u}, kind: team, functions: [f{u}], staff: [{{role: clerk, fte: {staff[u]}}}]}}"
        for u in range(units)
    ]
    lines.append("procedures:")
    for p in range(draw(st.integers(1, 2))):
        steps = draw(st.integers(1, 3))
        lines += [
            f"  - id: p{p}",
            f"    name: P{p}",
            f"    arrivals: {{per_week: {draw(st.integers(5, 30))}}}",
            "    entry: s0",
            "    steps:",
        ]
        for s in range(steps):
            unit = draw(st.integers(0, units - 1))
            minutes = draw(st.sampled_from([20, 45, 90]))
            dist = draw(st.sampled_from(["fixed", "exponential"]))
            duration = (
                f"{{dist: fixed, value: {minutes}}}" if dist == "fixed" else f"{{dist: exponential, mean: {minutes}}}"
            )
            onward = f"s{s + 1}" if s + 1 < steps else "end"
            back = draw(st.integers(0, s))
            lines.append(
                f"      - {{id: s{s}, function: f{unit}, duration: {duration}, "
                f"next: [{{to: {onward}, p: 0.8}}, {{to: s{back}, p: 0.2}}]}}"
            )
    return "\n".join(lines) + "\n"


@settings(max_examples=4, derandomize=True)
@given(always_open_centre())
def test_procedure_hours_are_the_simulations_busy_hours(text: str) -> None:
    """Per unit, the balance's procedure hours over the year's open hours are the busy share the
    simulation measures: within its 95% interval (24/7 calendar, so no office hours intervene)."""
    from model.simulation.runner import simulate
    from model.simulation.settings import SimulationSettings

    scenario = load_scenario_text(text, "c.yaml")
    found = balance(scenario)
    result = simulate(scenario, SimulationSettings(days=60, replications=5, warmup_days=5, run_out_days=2, processes=1))
    for unit_id, measured in result.units.items():
        if unit_id == "boss":
            continue
        expected = found.units[unit_id].procedure_hours / (measured.servers * found.hours_per_fte)
        assert measured.offered_load == pytest.approx(expected, abs=1e-6)  # the same load, two routes (rounded)
        low, high = measured.utilisation.ci95.low, measured.utilisation.ci95.high
        assert low <= expected <= high, (unit_id, expected, measured.utilisation)


# --- the app's "Bilans pracy" -------------------------------------------------------------------


def test_the_staffing_tab_shows_the_balance_and_follows_an_edit() -> None:
    """The Obsada tab opens with the balance: one bar per modelled unit, the units outside the model
    listed by name; halving a team's staff in the editor doubles the share its work takes."""
    import pyarrow as pa
    from streamlit.testing.v1 import AppTest

    from model.i18n import t
    from tests.conftest import DEFAULT_CONFIG, ROOT

    def shares(at: AppTest) -> dict[str, float]:
        """The procedure segments of the balance chart, as the page sends them to the browser."""
        frames = [
            pa.ipc.open_stream(data.data.data).read_all().to_pandas()
            for chart in at.get("vega_lite_chart")
            for data in chart.proto.datasets
        ]
        frame = next(f for f in frames if "part" in f.columns)
        work = frame[frame["part"] == t("workload.part.procedures", "pl")]
        return dict(zip(work["unit"], work["share"]))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.segmented_control(key="tab").set_value("tab.staffing").run()
    assert not at.exception, at.exception
    assert any(e.label == t("workload.title", "pl") for e in at.expander)
    before = shares(at)
    found = balance(load_scenario(DEFAULT_CONFIG))
    team = found.units["zespol_swiadczen_decyzja"]
    assert before[team.name] == pytest.approx(team.procedure_hours / team.available_hours)
    listed = "\n".join(str(m.value) for m in at.markdown)
    assert all(found.units[u].name in listed for u in found.not_modelled)

    history = at.session_state["history"]
    text = history.current.replace("- {role: social_worker, fte: 13}", "- {role: social_worker, fte: 6.5}", 1)
    assert text != history.current, "the team's staff line moved: update the test"
    history.record("test", text)
    at.run()
    assert not at.exception, at.exception
    assert shares(at)[team.name] == pytest.approx(2 * before[team.name], rel=0.02)


# --- one truth for caseloads: Little's law ------------------------------------------------------


def little_centre(families: int, continue_p: float = 0.0) -> str:
    """Assistants declaring ``families``; one family a week, 20 min at the desk, then rounds of
    60 minutes after 20 working days each, repeated with probability ``continue_p``."""
    loop = f"[{{to: praca, p: {continue_p}}}, {{to: end, p: {1 - continue_p}}}]" if continue_p else "end"
    return f"""
centre: {{name: OPS, population: 6000, model: care_area, effective_from: 2024-01-01}}
units:
  - {{id: ops, name: Ośrodek, kind: management, functions: [first_contact], staff: [{{role: social_worker, fte: 3}}]}}
  - id: ar
    name: Asystenci rodziny
    kind: team
    functions: [family_assistance]
    caseload: {{families: {families}}}
    staff: [{{role: family_assistant, fte: 2}}]
procedures:
  - id: asysta
    name: Asysta
    arrivals: {{per_week: 1}}
    entry: zgloszenie
    steps:
      - {{id: zgloszenie, function: first_contact, duration: 20, next: praca}}
      - {{id: praca, function: family_assistance, duration: 60, delay: 20 wd, next: {loop}}}
"""


def test_the_open_cases_the_flow_implies_by_hand() -> None:
    from model.checks.littles_law import case_flow
    from model.config.calendar import WorkingCalendar

    for continue_p, rounds in ((0.0, 1), (0.75, 4)):
        scenario = load_scenario_text(little_centre(4, continue_p), "c.yaml")
        clock = WorkingCalendar.build(scenario.config.calendar, 60)
        found = case_flow(scenario.procedures[0], {"family_assistance"}, 1.0, clock)
        open_minutes = rounds * (20 * 480 + 60)  # 20 working days of 8 h and an hour, per round
        assert found.new_per_week == 1.0
        assert found.open == pytest.approx(open_minutes / 2400)  # a week of 40 open hours
        assert found.weeks_open == pytest.approx(open_minutes / 2400)


def test_a_route_without_end_implies_no_cases() -> None:
    from model.checks.littles_law import case_flow
    from model.config.calendar import WorkingCalendar

    text = little_centre(4).replace("duration: 60, delay: 20 wd, next: end", "duration: 60, next: praca")
    scenario = load_scenario_text(text, "c.yaml")
    found = case_flow(
        scenario.procedures[0], {"family_assistance"}, 1.0, WorkingCalendar.build(scenario.config.calendar, 60)
    )
    assert (found.new_per_week, found.open) == (0.0, 0.0)


@pytest.mark.parametrize(("families", "fires"), [(4, False), (3, False), (8, False), (9, True), (2, True), (0, True)])
def test_validate_warns_at_the_caseload_line_naming_both_figures(families: int, fires: bool) -> None:
    """The flow implies about 4 families (4.03): a declaration below half of it, or above twice it, is named."""
    from model import validate

    findings = [f for f in validate(load_scenario_text(little_centre(families), "c.yaml")) if f.rule == "STAFF006"]
    assert bool(findings) == fires
    if fires:
        (finding,) = findings
        assert finding.line == 9 and finding.file == "c.yaml"
        text = finding.text("pl")
        assert f"zadeklarowano {families}," in text and "około 4 " in text and "1,0 nowych spraw" in text


def test_a_cut_in_a_caseload_team_shows_in_the_simulation() -> None:
    """The warm start opens the cases the flow implies; with case places for fewer (cases_per_fte),
    families wait for a place, and the first step of the assistants waits longer."""
    from model.simulation.runner import simulate
    from model.simulation.settings import SimulationSettings

    settings = SimulationSettings(days=120, replications=4, warmup_days=10, run_out_days=60, processes=1)
    base = little_centre(12, 0.75).replace(
        "caseload: {families: 12}", "caseload: {families: 16}\n    cases_per_fte: 15"
    )
    cut = base.replace("{role: family_assistant, fte: 2}", "{role: family_assistant, fte: 0.5}")
    waits = {}
    for name, text in (("now", base), ("cut", cut)):
        result = simulate(load_scenario_text(text, "c.yaml"), settings)
        waits[name] = result.steps["asysta/praca"].wait_minutes.mean
    assert waits["now"] < 60 < waits["cut"]


def test_a_comparison_says_why_an_unlawful_cut_shows_no_difference() -> None:
    """Cutting the assistants below art. 15 ust. 4 changes nothing the procedures measure here; the
    comparison says that B breaks STAFF003 instead of a silent "+0"."""
    from model.simulation.runner import compare
    from model.simulation.settings import SimulationSettings

    base = little_centre(4).replace("caseload: {families: 4}", "caseload: {families: 25}")
    cut = base.replace("{role: family_assistant, fte: 2}", "{role: family_assistant, fte: 1}")
    settings = SimulationSettings(days=30, replications=2, warmup_days=3, run_out_days=30, processes=1)
    outcome = compare(load_scenario_text(base, "a.yaml"), load_scenario_text(cut, "b.yaml"), settings)
    said = [w.text("pl") for w in outcome.warnings if w.code == "sim.warn.unlawful"]
    assert len(said) == 1 and "STAFF003" in said[0] and "25 rodzin" in said[0]
    assert not [
        w
        for w in compare(*(load_scenario_text(base, n) for n in ("a.yaml", "b.yaml")), settings).warnings
        if w.code == "sim.warn.unlawful"
    ]


def team_warnings(extra: str, per_week: float = 10) -> list[str]:
    """The codes of the balance's warnings about the assistants' team (``extra`` under the team)."""
    found = balance(load_scenario_text(centre(extra, per_week=per_week), "c.yaml"))
    return sorted(w.code for w in found.warnings if w.params.get("unit") == "Zespół Asystentów")


def test_the_balance_warns_where_the_model_lacks_work_or_time() -> None:
    """Team of 2 FTE × 0.8 × 2,016 h = 3,225.6 h; 10 clients a week bring it 5 × 50.4 = 252 h of
    procedures. A caseload of hours makes the client share; other work makes the allowance."""
    available = 2 * 0.8 * YEAR_2024_HOURS

    def caseload(share: float) -> str:
        hours = (share * available - 10 * YEAR_2024_HOURS / 40) / 12  # a month, for one case
        return f"    caseload: {{families: 1, hours_per_case_month: {hours:.6f}}}"

    assert team_warnings(caseload(0.49)) == ["workload.warn.lacks_work"]
    assert team_warnings(caseload(0.51)) == []
    assert team_warnings(caseload(0.99)) == []
    assert team_warnings(caseload(1.01)) == ["workload.warn.over"]
    other = "    other_work: [{{activity: dokumentacja, share: {share}, source: assumption}}]"
    assert team_warnings(caseload(0.55) + "\n" + other.format(share=0.4)) == []
    assert team_warnings(caseload(0.55) + "\n" + other.format(share=0.41)) == ["workload.warn.other_cap"]
    assert team_warnings(other.format(share=0.99)) == [
        "workload.warn.lacks_work",
        "workload.warn.other_cap",
        "workload.warn.over",
    ]
    assert team_warnings(other.format(share=1)) == [
        "workload.warn.lacks_work",
        "workload.warn.other_full",
        "workload.warn.over",
    ]


def test_a_unit_without_staff_has_no_balance_and_nothing_described_is_outside_the_model() -> None:
    text = centre().replace("staff: [{role: manager, fte: 1}]", "staff: [{role: manager, fte: 0}]")
    found = balance(load_scenario_text(text, "c.yaml"))
    assert "boss" not in found.units and found.not_modelled == []
    assert sorted(found.units) == ["desk", "team"]
    assert found.units["team"].name == "Zespół Asystentów" and found.units["team"].fte == 2


def test_a_precompiled_network_gives_the_same_balance() -> None:
    from model.staffing.workload import rate_network

    scenario = load_scenario_text(centre(), "c.yaml")
    assert balance(scenario, rate_network(scenario)) == balance(scenario)


def test_a_balance_with_nothing_required_has_no_ratio() -> None:
    text = centre().replace(
        "{id: boss, name: Kierownik, kind: post,", "{id: boss, name: Kierownik, kind: post, not_modelled: kieruje,"
    )
    found = balance(load_scenario_text(text, "c.yaml"))
    boss = found.units["boss"]
    assert (boss.procedure_hours, boss.required_fte, boss.wisn_ratio, boss.explained_share) == (0, 0, None, 0)


def test_the_balance_is_a_frozen_result() -> None:
    """Views cache the balance and share it between reruns: nobody may change it in place."""
    import dataclasses

    found = balance(load_scenario_text(centre(), "c.yaml"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.year = 2000  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.units["team"].fte = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("hours_per_case_month", "codes"),
    [
        (83, ["workload.warn.lacks_work"]),
        (84, []),  # exactly half of the time: the model explains enough
        (168, []),  # exactly all of it: not yet beyond
        (169, ["workload.warn.over"]),
    ],
)
def test_the_balance_warnings_at_their_exact_boundaries(hours_per_case_month: int, codes: list[str]) -> None:
    """A team of one FTE with availability 1 has 2,016 h in 2024; 84 h a month is 1,008 h, half."""
    text = centre(availability=1).replace(
        "  - {id: boss,",
        "  - {id: extra, name: Zespół Dodatkowy, kind: team, staff: [{role: clerk, fte: 1}],\n"
        f"     caseload: {{families: 1, hours_per_case_month: {hours_per_case_month}}}}}\n  - {{id: boss,",
    )
    found = balance(load_scenario_text(text, "c.yaml"))
    assert found.units["extra"].available_hours == YEAR_2024_HOURS
    assert sorted(w.code for w in found.warnings if w.params.get("unit") == "Zespół Dodatkowy") == codes


def test_units_outside_the_model_first_in_the_chart_leave_the_rest_balanced() -> None:
    """An empty post and a declared-outside post before the others: both skipped, the rest counted."""
    text = centre().replace(
        "units:\n",
        "units:\n  - {id: pusty, name: Pusty, kind: post}\n"
        "  - {id: sekretariat, name: Sekretariat, kind: post, not_modelled: obsługa kancelaryjna,"
        " staff: [{role: clerk, fte: 1}]}\n",
        1,
    )
    found = balance(load_scenario_text(text, "c.yaml"))
    assert sorted(found.units) == ["boss", "desk", "sekretariat", "team"]
    assert found.not_modelled == ["sekretariat", "boss"]
    assert found.units["team"].procedure_hours > 0


def test_a_procedure_caseload_counts_after_a_procedure_without_one_and_none_without_arrivals() -> None:
    second = """
  - id: wizyta2
    name: Wizyta druga
    arrivals: {per_week: PER_WEEK}
    entry: help
    caseload: {families: 10, hours_per_case_month: 2}
    steps:
      - {id: help, function: family_assistance, duration: 60, next: end}
"""
    for per_week, hours in ((5, 240.0), (0, 0.0)):
        found = balance(load_scenario_text(centre() + second.replace("PER_WEEK", str(per_week)), "c.yaml"))
        assert found.units["team"].caseload_hours == pytest.approx(hours)
        assert found.units["desk"].caseload_hours == 0
