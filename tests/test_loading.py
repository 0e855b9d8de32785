"""Bad input gets one clear line with file and line, never a traceback, in bounded time and memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import ConfigError, dump_yaml, load_scenario, load_scenario_text
from model.config import yamlio
from model.config.loader import load_procedure, validate_as
from model.config.quantities import Span, parse_span, working_minutes
from model.config.schema import Duration, OrgConfig
from model.config.yamlio import MAX_BYTES, MAX_DEPTH

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """\
centre: {name: OPS Testowo, population: 6000, model: care_area}
units:
  - id: ops
    name: Ośrodek
    kind: management
    functions: [first_contact]
    staff: [{role: social_worker, fte: 3}]
"""


def problems_of(text: str | bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "centre.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def bad_procedure_problems(step: str, tmp_path: Path) -> list[str]:
    """The problems of a centre whose one procedure file, ``procedures/bad.yaml``, has the single
    step ``{id: a, function: first_contact, <step>}`` on its line 6."""
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "bad.yaml").write_text(
        "id: bad\nname: Zła\narrivals: {per_week: 1}\nentry: a\nsteps:\n"
        f"  - {{id: a, function: first_contact, {step}}}\n",
        encoding="utf-8",
    )
    return problems_of(MINIMAL + "procedures: [procedures/]\n", tmp_path)


def test_minimal_config_loads_with_lines() -> None:
    scenario = load_scenario_text(MINIMAL, "mini.yaml")
    unit = scenario.units[0]
    assert (unit.file, unit.line, unit.line_of("staff")) == ("mini.yaml", 3, 7)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("centre: {name: x, population: 5\n", 2, "an unclosed bracket"),
        ("centre:\n  name: OPS\n\tpopulation: 5\n", 3, "a tab character in the indentation"),
        (MINIMAL.replace("population: 6000", "population: many"), 1, "expected a whole number"),
        (MINIMAL.replace("fte: 3", "fte: -1"), 7, 'FTE in unit "Ośrodek": cannot be negative'),
        (MINIMAL.replace("kind: management", "kind: ministry"), 5, "management"),
        (MINIMAL.replace("functions:", "fucntions:"), 6, "did you mean 'functions'"),
        (MINIMAL.replace("centre:", "center:"), 1, "did you mean 'centre'"),
        (MINIMAL + "units: []\n", 8, "duplicate key 'units'"),
        (MINIMAL.replace("name: OPS Testowo, ", ""), 1, "Name of the centre: required key is missing"),
        ("- a\n- b\n", 1, "expected a mapping"),
        ("", 1, "empty document"),
        ("centre: !!python/object/apply:os.system ['echo hi']\n", 1, "!!python/object/apply:os.system"),
        ("centre: !custom {}\n", 1, "not allowed"),
        (MINIMAL + "procedures: [missing/]\n", 8, "does not exist"),
    ],
)
def test_bad_input_is_one_located_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    problems = problems_of(text, tmp_path)
    assert any(f"centre.yaml:{line}:" in p and words in p for p in problems), problems
    assert all("\n" not in p and "Traceback" not in p for p in problems)


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    problems = problems_of(
        MINIMAL.encode("utf-8").replace("Ośrodek".encode(), "O\xb6rodek".encode("latin-1")), tmp_path
    )
    assert problems == [
        f"{tmp_path / 'centre.yaml'}:4: file is not UTF-8 text; save it as UTF-8 (Polish letters included)"
    ]


@pytest.mark.parametrize(
    ("text", "polish"),
    [
        (
            MINIMAL.replace("population: 6000", "population: many"),
            "Liczba mieszkańców ośrodka: oczekiwano liczby całkowitej (jest 'many')",
        ),
        (MINIMAL.replace("fte: 3", "fte: -1"), ":7: Etat w komórce „Ośrodek”: wartość nie może być ujemna (jest -1)"),
        (MINIMAL.replace("fte: 3", "fte: -0.5"), "Etat w komórce „Ośrodek”: wartość nie może być ujemna (jest -0,5)"),
        (MINIMAL.replace("  - id: ops", "\t- id: ops"), ":3: znak tabulacji we wcięciu: YAML wymaga wcięć spacjami"),
        (MINIMAL.replace("name: Ośrodek", "name: Ośrodek: główny"), ":4: dwukropek w niedozwolonym miejscu"),
        (MINIMAL.replace("name: Ośrodek", "name: 'Ośrodek"), "niezamknięty cudzysłów"),
        (MINIMAL.replace("functions:", "fucntions:"), "nieznany klucz 'fucntions'; czy chodziło o 'functions'?"),
        (MINIMAL + "units: []\n", "powtórzony klucz 'units' (pierwszy raz w wierszu 2)"),
        ("- a\n- b\n", "a jest lista (2 elementy)"),
    ],
)
def test_load_errors_speak_polish(tmp_path: Path, text: str, polish: str) -> None:
    path = tmp_path / "centre.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    assert polish in caught.value.text("pl"), caught.value.text("pl")
    assert all(problem.code.startswith(("error.", "kind.")) for problem in caught.value.problems)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    problems = problems_of("a: " + "x" * (MAX_BYTES + 1), tmp_path)
    assert "over the limit" in problems[0]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 50_000])
def test_deep_nesting_is_refused_without_recursion(tmp_path: Path, depth: int) -> None:
    """Our limit or libyaml's own (whichever parser refuses first): one short line naming the file and line."""
    problems = problems_of("[" * depth + "]" * depth, tmp_path)
    assert len(problems) == 1 and len(problems[0]) < 200
    assert problems[0].startswith(f"{tmp_path / 'centre.yaml'}:1: ")
    assert "nesting" in problems[0]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    problems = problems_of("\n".join(lines) + "\n", tmp_path)
    assert "alias bomb" in problems[0]


def test_merge_keys_and_overrides_are_allowed() -> None:
    text = MINIMAL.replace(
        "    staff: [{role: social_worker, fte: 3}]",
        "    staff:\n      - &sw {role: social_worker, fte: 2}\n      - {<<: *sw, fte: 1}",
    )
    assert load_scenario_text(text).units[0].fte() == 3


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    text = MINIMAL.replace("population: 6000", "population: -4").replace("fte: 3", "fte: lots")
    problems = problems_of(text, tmp_path)
    assert len(problems) == 2


def test_bad_procedure_file_names_its_own_file(tmp_path: Path) -> None:
    problems = bad_procedure_problems("duration: 20 lat, next: end", tmp_path)
    assert len(problems) == 1 and "bad.yaml:6:" in problems[0] and "unknown time unit" in problems[0]


@pytest.mark.parametrize(("text", "minutes"), [("20 min", 20), ("2 h", 120), ("3 wd", 1440), (45, 45), ("1,5 h", 90)])
def test_durations_are_working_minutes(text: object, minutes: float) -> None:
    assert working_minutes(text) == minutes


@pytest.mark.parametrize("text", ["3 d", "1 w", "1 month"])
def test_calendar_time_is_not_staff_effort(text: str) -> None:
    with pytest.raises(ValueError, match="calendar time; effort and waits are working time"):
        working_minutes(text)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("14 wd", 14, "working_days"),
        ("2 dni robocze", 2, "working_days"),
        ("14 d", 14, "days"),
        ("14 dni", 14, "days"),
        ("1 w", 7, "days"),  # a week is 7 calendar days (KPA art. 57 § 2), not 7 working days
        ("1 month", 1, "months"),
        ("2 h", 120, "minutes"),
    ],
)
def test_each_unit_has_one_meaning(text: str, amount: float, unit: str) -> None:
    assert parse_span(text) == Span(amount, unit)


def test_months_count_whole_and_deadlines_whole_days(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="months count whole"):
        parse_span("1.5 month")
    problems = bad_procedure_problems("duration: 20 min, next: end, deadline: {within: 2.5 d, basis: x}", tmp_path)
    assert len(problems) == 1 and "bad.yaml:6:" in problems[0] and "whole days" in problems[0]


def test_calendar_days_as_effort_are_one_line_with_file_and_line(tmp_path: Path) -> None:
    problems = bad_procedure_problems("duration: 2 d, next: end", tmp_path)
    assert len(problems) == 1 and "bad.yaml:6:" in problems[0] and "\n" not in problems[0].strip()


def test_duration_needs_its_parameters() -> None:
    with pytest.raises(ValueError, match="triangular duration needs min, mode"):
        Duration.model_validate({"dist": "triangular", "max": 10})
    assert Duration.model_validate("20 min").mean_minutes == 20


def test_dump_loads_back_identically(shipped_config: Path) -> None:
    scenario = load_scenario(shipped_config)
    again = load_scenario_text(dump_yaml(scenario), "dumped.yaml")
    assert again.config.model_dump(exclude={"procedures"}) == scenario.config.model_dump(exclude={"procedures"})
    assert [p.model_dump() for p in again.procedures] == [p.model_dump() for p in scenario.procedures]
    assert dump_yaml(again) == dump_yaml(scenario)


def test_every_shipped_procedure_loads_alone() -> None:
    from .conftest import ROOT

    for path in sorted((ROOT / "procedures").glob("*.yaml")):
        assert load_procedure(path).id == path.stem


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("centr:units- {}[],&*!|>'\"#\n\t 0123456789abcółęż")), max_size=300))
def test_any_text_either_loads_or_gives_located_problems(text: str) -> None:
    """Fuzz: whatever the text, the loader returns a scenario or raises ConfigError — never another exception."""
    try:
        load_scenario_text(text, "fuzz.yaml")
    except ConfigError as exc:
        assert exc.problems and all(
            p.file == "fuzz.yaml" and "\n" not in p.text("en") + p.text("pl") for p in exc.problems
        )


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["centre", "units", "id", "name", "kind", "staff", "fte", "role", "next", "steps"]),
                inner,
                max_size=3,
            )
        ),
        max_leaves=20,
    )
)
def test_any_structure_either_loads_or_gives_located_problems(data: object) -> None:
    """Fuzz the schema with wrong shapes: always ConfigError with a file, never a pydantic or type error."""
    import yaml

    try:
        load_scenario_text(yaml.safe_dump({"centre": data, "units": data}), "shape.yaml")
    except ConfigError as exc:
        assert all(p.file == "shape.yaml" for p in exc.problems)


@pytest.mark.parametrize("path", ["../", "/etc", "procedures/../../"])
def test_uploaded_text_cannot_reach_outside_its_folder(tmp_path: Path, path: str) -> None:
    (tmp_path / "procedures").mkdir()
    with pytest.raises(ConfigError, match="leads outside"):
        load_scenario_text(MINIMAL + f"procedures: [{path!r}]\n", "upload.yaml", base_dir=tmp_path, root=tmp_path)


# --- reading a text key by key ----------------------------------------------------------------


def same_read(a, b) -> bool:
    """Equal values, types and remembered lines, all the way down."""
    if type(a) is not type(b) or getattr(a, "line", None) != getattr(b, "line", None):
        return False
    if isinstance(a, dict):
        return (
            list(a) == list(b)
            and a.key_lines == b.key_lines
            and a.file == b.file
            and all(same_read(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and a.item_lines == b.item_lines and all(same_read(x, y) for x, y in zip(a, b))
    return a == b


def test_a_text_read_key_by_key_is_the_text_read_whole():
    """The app reads each edited text again; its top-level keys are read one by one and kept, so
    an edit of the units reads only the units. What comes out must be what reading the whole
    text gives: the same values and the same lines, however the lines before a key moved."""
    from model.config import yamlio
    from model.config.roundtrip import standalone

    for path in sorted((ROOT / "org_configs").glob("*.yaml")):
        text = standalone(path.read_text(encoding="utf-8"), path.parent, path.name)
        moved = text.replace("units:\n", "units:\n  # a new line before every later key\n", 1)
        for version in (text, moved, text):  # the third read is served from the kept parts
            parts = yamlio._top_level_parts(version)
            assert parts is not None and len(parts) > 3
            assert same_read(yamlio._by_parts(parts, "x.yaml"), yamlio._whole(version, "x.yaml"))
            assert same_read(yamlio.load_text(version, "x.yaml"), yamlio._whole(version, "x.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        "a: [1,\n2]\nb: 3\n",  # a flow list continued on an unindented line
        'a: "two\nlines"\nb: 3\n',
        "a: &x {k: 1}\nb: *x\n",  # an alias to another key
        "<<: {k: 1}\nb: 2\n",
        "a: 1\na: 2\n",  # a duplicate key: the whole text's message
        "a: 1\nb: !!python/object:os.system x\n",
        "a:\n- 1\n- 2\nb: {c: d}\n",
        "# leading\n\na: 1\n# between\nb:\n  c: 2\n",
        "a: 1\r\nb: 2\r\n",
        "---\na: 1\nb: 2\n",
        "2024: x\nb: y\n",
    ],
)
def test_texts_that_cannot_be_cut_at_their_keys_read_as_a_whole(text):
    from model.config import yamlio

    try:
        whole = yamlio._whole(text, "t.yaml")
    except ConfigError as exc:
        with pytest.raises(ConfigError) as raised:
            yamlio.load_text(text, "t.yaml")
        assert [p.text() for p in raised.value.problems] == [p.text() for p in exc.problems]
    else:
        assert same_read(yamlio.load_text(text, "t.yaml"), whole)


def test_a_changed_procedure_file_is_read_again_and_an_unchanged_one_is_shared(tmp_path: Path) -> None:
    """Procedure files are kept validated by their content: two loads share a procedure the law
    does not change (an edit of the org structure does not check them again), and a file changed
    on disk is read anew."""
    procedure = tmp_path / "p.yaml"
    step = "{id: talk, function: first_contact, duration: %d, next: end}"
    body = "id: p\nname: P\narrivals: {per_week: 1}\nentry: talk\nsteps:\n  - " + step + "\n"
    config = tmp_path / "c.yaml"
    config.write_text(
        "centre: {name: OPS, population: 6000, model: care_area}\n"
        "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],"
        " staff: [{role: social_worker, fte: 1}]}\nprocedures: [p.yaml]\n",
        encoding="utf-8",
    )
    procedure.write_text(body % 20, encoding="utf-8")
    first, again = load_scenario(config), load_scenario(config)
    assert first.procedures[0] is again.procedures[0]
    procedure.write_text(body % 45, encoding="utf-8")
    changed = load_scenario(config)
    assert [s.procedures[0].steps[0].duration.mean_minutes for s in (first, again, changed)] == [20, 20, 45]


def test_a_shared_procedure_file_reads_in_the_law_of_each_configurations_date(tmp_path: Path) -> None:
    """One procedure file under two configurations of different dates: each load reads the words and
    the deadline of its own date, whichever was loaded first, and the file's own text (kept and
    shared between loads) is not changed by either (no load shows another's law)."""
    (tmp_path / "p.yaml").write_text(
        "id: p\nname: 'Procedura {law:nk.group.gen}'\narrivals: {per_week: 1}\nentry: a\nsteps:\n"
        "  - {id: a, name: 'Krok {law:nk.group.dat}', function: first_contact, duration: 10, next: b}\n"
        "  - {id: b, function: first_contact, duration: 10, next: end, deadline: {from: a, law: nk.pass_to_team}}\n",
        encoding="utf-8",
    )
    for year in (2017, 2024):
        (tmp_path / f"c{year}.yaml").write_text(
            f"centre: {{name: OPS, population: 6000, model: care_area, effective_from: {year}-09-01}}\n"
            "units:\n  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact],"
            " staff: [{role: social_worker, fte: 1}]}\nprocedures: [p.yaml]\n",
            encoding="utf-8",
        )
    for order in ((2017, 2024, 2017), (2024, 2017, 2024)):
        for year in order:
            procedure = load_scenario(tmp_path / f"c{year}.yaml").procedure("p")
            assert procedure is not None
            group = "grupy roboczej" if year == 2017 else "grupy diagnostyczno-pomocowej"
            assert procedure.name == f"Procedura {group}"
            assert str(procedure.steps[1].deadline.term) == ("7 dni" if year == 2017 else "5 dni roboczych")
    kept = load_procedure(tmp_path / "p.yaml")
    assert kept.name == "Procedura {law:nk.group.gen}" and kept.steps[1].deadline.within is None
    # the procedure read in the law of one day is kept too: loads of that day share it
    assert load_scenario(tmp_path / "c2017.yaml").procedure("p") is load_scenario(tmp_path / "c2017.yaml").procedure(
        "p"
    )


INLINE = """\
centre: {name: OPS, population: 6000, model: care_area}
units:
  - {id: ops, name: Ośrodek, kind: management, functions: [first_contact], staff: [{role: social_worker, fte: FTE}]}
procedures:
  - id: p
    name: P
    arrivals: {per_week: WEEKLY}
    entry: talk
    steps:
      - {id: talk, function: first_contact, duration: 20, next: end}
"""


def test_an_inline_procedure_an_edit_does_not_touch_is_shared_and_an_edited_one_is_read_anew() -> None:
    """Inline procedures (every text the app edits has them) are kept validated while their part
    of the text is unchanged: an edit of the staff does not check them again, an edit of the
    procedure shows the new value, and a load before it still shows the old one."""

    def load(fte: str, weekly: str):
        return load_scenario_text(INLINE.replace("FTE", fte).replace("WEEKLY", weekly), "c.yaml")

    first, staffed = load("1", "3"), load("2", "3")
    assert staffed.units[0].staff[0].fte == 2
    assert staffed.procedure("p") is first.procedure("p")
    busier = load("2", "5")
    assert [s.procedure("p").arrivals.per_week for s in (first, staffed, busier)] == [3, 3, 5]


def test_a_bad_inline_procedure_is_said_with_its_place_in_the_configuration() -> None:
    """As validating the whole configuration at once says it: the procedure's name and line."""
    text = INLINE.replace("FTE", "1").replace("WEEKLY", "-1")
    with pytest.raises(ConfigError) as caught:
        load_scenario_text(text, "c.yaml")
    with pytest.raises(ConfigError) as whole:
        validate_as(OrgConfig, yamlio.load_text(text, "c.yaml"), "c.yaml")
    assert caught.value.problems == whole.value.problems
    assert [(p.line, "„P”" in p.message.text("pl")) for p in caught.value.problems][-1] == (7, True)
