"""The Streamlit app, driven headless with AppTest: every configuration, edits, simulation, trainer."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from model import dump_yaml, load_scenario, load_scenario_text
from model.i18n import number, t

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DEFAULT = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"
TABS = (
    "tab.structure",
    "tab.edit",
    "tab.changes",
    "tab.flow",
    "tab.simulation",
    "tab.compare",
    "tab.trainer",
    "tab.export",
    "tab.staffing",
)


def started() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, key: str) -> AppTest:
    at.segmented_control(key="tab").set_value(key).run()
    assert not at.exception, at.exception
    return at


def pages_shown(at: AppTest) -> list[str]:
    """The page names in the row of pages, as the browser shows them."""
    return [option.content for option in at.segmented_control(key="tab").proto.options]


def text_of(at: AppTest) -> str:
    return "\n".join(
        str(e.value)
        for kind in ("markdown", "caption", "subheader", "title", "header", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    )


def charts(at: AppTest) -> list[str]:
    """The SVG of every chart on the page (laid out on the server; the page's script puts it into
    its ``graph`` element, see :func:`views.common.show_graph`)."""
    bodies = [e.proto.body for e in at.get("html") if e.proto.body.startswith('<div class="graph-frame"')]
    return [json.loads(re.search(r"previousElementSibling, (.*)\);</script>$", body).group(1)) for body in bodies]


def findings_summary(at: AppTest) -> str:
    return next(e.value for e in at.caption if "błędy:" in e.value)


def first_contact_post() -> str:
    return next(u.id for u in load_scenario(DEFAULT).units if "first_contact" in u.functions)


def test_app_opens_the_default_configuration():
    at = started()
    assert at.title[0].value == "MOPS Tarnowskie Góry"
    assert pages_shown(at)[: len(TABS)] == [t(key) for key in TABS]
    assert at.session_state["tab"] == "tab.structure"
    assert at.session_state["config_file"] == DEFAULT.name


def test_app_runs_every_tab_on_every_shipped_configuration(shipped_config):
    at = started()
    at.selectbox(key="config_file").set_value(shipped_config.name).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert shipped_config.name in text_of(at)
    for key in TABS:
        open_tab(at, key)
        assert not at.error, (key, [e.value for e in at.error])


def test_the_org_chart_reaches_the_page_in_a_script_its_sanitiser_keeps():
    at = started()
    body = next(e.proto.body for e in at.get("html") if e.proto.body.startswith('<div class="graph-frame"'))
    script = body.split("<script>", 1)[1].removesuffix("</script>")
    assert "<" not in script  # the page drops a script whose text holds a tag
    assert charts(at)[0].startswith("<svg") and "Dyrektor" in charts(at)[0]


def test_deleting_the_first_contact_post_changes_the_findings_and_undo_restores_them():
    at = open_tab(started(), "tab.edit")
    before = findings_summary(at)
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()
    at.button(key="delete_unit").click().run()
    assert not at.exception, at.exception
    after = findings_summary(at)
    assert after != before
    open_tab(at, "tab.structure")
    rules = at.dataframe[0].value[t("col.rule")].tolist()
    assert "SERV001" in rules
    assert at.session_state["history"].modified

    at.button(key="undo").click().run()
    assert findings_summary(at) == before
    assert not at.session_state["history"].modified


def staff_field(at: AppTest, row: int, field: str):
    """The staff editor's field of ``row`` (``role``, ``fte``, ``note``, ``remove``, or ``add``)."""
    kinds = {"role": "selectbox", "add": "selectbox", "remove": "button"}
    pattern = re.compile(rf"staff_.+_{row}_{field}_\w+" if field != "add" else r"staff_.+_add_\w+")
    widgets = getattr(at, kinds.get(field, "text_input"))
    return next(w for w in widgets if w.key and pattern.fullmatch(w.key))


def staff_now(at: AppTest, unit_id: str) -> list:
    """The unit's staff in the configuration the session has now."""
    return load_scenario_text(at.session_state["history"].current, "x.yaml", DEFAULT.parent).unit(unit_id).staff


def test_changing_fte_in_the_staff_table_changes_the_findings():
    at = open_tab(started(), "tab.edit")
    before = findings_summary(at)
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()
    rows = len(load_scenario(DEFAULT).unit(post).staff)
    for row in range(rows):
        staff_field(at, row, "fte").set_value("0").run()
        assert not at.exception, at.exception
    assert at.session_state["history"].current.count("fte: 0.0") >= rows
    assert len(at.session_state["history"].past) == rows  # one undoable edit a field
    assert findings_summary(at) != before


def test_fte_is_typed_the_polish_way_and_shown_so():
    at = open_tab(started(), "tab.edit")
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()
    staff_field(at, 0, "fte").set_value("2,25").run()
    assert not at.exception, at.exception
    assert staff_now(at, post)[0].fte == 2.25
    assert staff_field(at, 0, "fte").value == "2,25"  # shown back with a decimal comma

    staff_field(at, 0, "fte").set_value("dwa").run()
    assert "„dwa”" in "\n".join(e.value for e in at.error)  # refused, and said why
    assert len(at.session_state["history"].past) == 1


def test_an_fte_edit_keeps_the_other_fields_and_undo_shows_the_configuration_again():
    at = open_tab(started(), "tab.edit")
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()
    before = staff_field(at, 0, "fte").value
    untouched = {w.key for w in at.text_input if w.key.startswith("unit_")}  # the unit's details form
    staff_field(at, 0, "fte").set_value("4,5").run()
    assert staff_field(at, 0, "fte").value == "4,5"
    assert untouched <= {w.key for w in at.text_input}  # the same fields: the browser keeps them
    at.button(key="undo").click().run()
    assert staff_field(at, 0, "fte").value == before == number(staff_now(at, post)[0].fte, "g", "pl")


def test_staff_posts_are_added_renamed_and_removed_as_undoable_edits():
    at = open_tab(started(), "tab.edit")
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()

    def staff() -> list:
        return staff_now(at, post)

    count = len(staff())

    staff_field(at, 0, "add").set_value("clerk").run()
    assert [s.role.value for s in staff()][-1] == "clerk" and staff()[-1].fte == 1.0
    staff_field(at, count, "note").set_value("pół etatu z funduszy UE").run()
    assert staff()[-1].note == "pół etatu z funduszy UE"
    staff_field(at, count, "role").set_value("accountant").run()
    assert staff()[-1].role.value == "accountant"
    staff_field(at, count, "remove").click().run()
    assert len(staff()) == count
    assert not at.exception, at.exception
    assert len(at.session_state["history"].past) == 4
    at.button(key="undo").click().run()
    assert staff()[-1].role.value == "accountant"


def test_a_unit_is_added_in_its_own_mode_and_then_shown_for_editing():
    at = open_tab(started(), "tab.edit")
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()
    assert not [w for w in at.text_input if w.label == t("edit.id")]  # no form for a new unit below the unit's
    at.segmented_control(key="edit_mode").set_value("add").run()
    form = next(f for f in at.get("form") if f.proto.form.form_id.startswith("add_form_"))
    form.text_input[0].set_value("zespol_nowy")
    form.text_input[1].set_value("Zespół Nowy")
    form.button[0].click().run()
    assert not at.exception, at.exception
    scenario = load_scenario_text(at.session_state["history"].current, "x.yaml", DEFAULT.parent)
    added = scenario.unit("zespol_nowy")
    assert added.name == "Zespół Nowy" and added.fte() == 1.0
    assert [u.id for u in scenario.unit(post).units] == ["zespol_nowy"]  # under the unit being edited
    assert at.segmented_control(key="edit_mode").value == "units"
    assert at.selectbox(key="edit_unit").value == "zespol_nowy"


def test_the_steps_table_shows_every_step_and_escapes_its_text():
    at = open_tab(started(), "tab.flow")
    procedure = load_scenario(DEFAULT).procedure(at.session_state["flow_procedure"])
    table = next(m.value for m in at.markdown if m.value.startswith(f"| {t('col.step')} |"))
    lines = table.splitlines()
    assert len(lines) == 2 + len(procedure.steps) and lines[1].startswith("| --- |")
    assert all(line.count(" | ") == lines[0].count(" | ") for line in lines)  # no cell split by its text


def test_a_markdown_table_keeps_each_cell_whole_and_literal():
    import pandas as pd

    from views.common import markdown_table

    table = markdown_table(pd.DataFrame({"krok": ["a | b", "---"], "opis": ["dwa\nwiersze", "*nie* kursywa"]}))
    header, rule, first, second = table.splitlines()
    assert header == "| krok | opis |" and rule == "| --- | --- |"
    assert first == "| a \\| b | dwa wiersze |"
    assert second == "| \\-\\-\\- | \\*nie\\* kursywa |"


def test_demand_and_routing_edits_reach_the_configuration():
    at = open_tab(started(), "tab.edit")
    at.segmented_control(key="edit_mode").set_value("procedures").run()
    procedure = at.session_state["edit_procedure"]
    demand = next(n for n in at.number_input if n.key.startswith(f"demand_{procedure}_"))
    demand.set_value(123.5).run()
    at.button(key="save_demand").click().run()
    assert not at.exception, at.exception
    assert "per_week: 123.5" in at.session_state["history"].current

    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"p": 0.5}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_routing").click().run()
    assert not at.exception, at.exception
    assert "FLOW003" in {f.rule for f in _findings(at)}


def test_a_steps_function_can_be_changed_and_validation_follows():
    at = open_tab(started(), "tab.edit")
    at.segmented_control(key="edit_mode").set_value("procedures").run()
    at.selectbox(key="edit_procedure").set_value("zasilek_okresowy").run()
    choice = next(s for s in at.selectbox if s.key.startswith("step_function_zasilek_okresowy_"))
    choice.set_value("services").run()
    at.button(key="save_step_function").click().run()
    assert not at.exception, at.exception
    assert "function: services" in at.session_state["history"].current
    assert "SEP002" in {f.rule for f in _findings(at)}  # the entry step is no longer first contact


def _findings(at: AppTest) -> list:
    from model import load_scenario_text, validate

    source = at.session_state["source"]
    return validate(load_scenario_text(at.session_state["history"].current, "x.yaml", source["base_dir"]))


def test_an_invalid_edit_is_refused_with_the_loaders_message():
    at = open_tab(started(), "tab.edit")
    with_form = next(f for f in at.get("form") if "unit_form" in f.proto.form.form_id)
    with_form.text_input[0].set_value("")  # a unit needs a name
    with_form.button[0].click()
    at.run()
    assert not at.exception, at.exception
    message = "\n".join(e.value for e in at.error)
    assert (
        "Nazwa w komórce" in message and "brak wymaganego klucza" in message
    )  # the loader's message, in Polish, by name
    assert not at.session_state["history"].modified


def test_switching_configuration_with_edits_asks_first():
    at = open_tab(started(), "tab.edit")
    at.selectbox(key="edit_unit").set_value(first_contact_post()).run()
    at.button(key="delete_unit").click().run()
    assert at.session_state["history"].modified
    at.run()  # the edit redrew only the parts showing the configuration: draw the whole page again
    at.selectbox(key="config_file").set_value("tarnowskie_gory_care_area.yaml").run()
    assert at.warning and "porzuci" in at.warning[0].value
    assert at.session_state["source"]["file"] == DEFAULT.name
    at.button(key="cancel_switch").click().run()
    assert at.session_state["history"].modified and not at.warning
    at.selectbox(key="config_file").set_value("tarnowskie_gory_care_area.yaml").run()
    at.button(key="confirm_switch").click().run()
    assert at.session_state["source"]["file"] == "tarnowskie_gory_care_area.yaml"
    assert not at.session_state["history"].modified


def test_an_edit_redraws_only_the_parts_that_show_the_configuration():
    at = open_tab(started(), "tab.edit")
    fte_before = at.caption[0].value
    at.selectbox(key="edit_unit").set_value(first_contact_post()).run()
    at.button(key="delete_unit").click().run()
    assert not at.exception, at.exception
    assert at.caption[0].value != fte_before  # the header: fewer units and FTE
    assert at.button(key="undo").label != t("undo.nothing")  # the sidebar's edit panel
    redrawn = {e.key for e in at.selectbox}
    assert "edit_unit" in redrawn and "config_file" not in redrawn  # the files and language stay as they are
    at.button(key="undo").click().run()
    assert at.caption[0].value == fte_before


def test_a_bad_upload_shows_located_errors_and_keeps_the_configuration():
    at = started()
    bad = b"centre:\n  name: OPS\n  population: -5\n  model: separated\nunits: []\n"
    at.file_uploader[0].set_value(("zly.yaml", bad, "application/x-yaml"))
    at.run()
    assert not at.exception, at.exception
    message = "\n".join(e.value for e in at.error)
    assert "zly.yaml" in message and "Liczba mieszkańców ośrodka" in message and "(wiersz 3)" in message
    assert at.session_state["source"]["file"] == DEFAULT.name


def test_a_bad_upload_with_unsaved_edits_is_refused_without_asking():
    at = open_tab(started(), "tab.edit")
    at.selectbox(key="edit_unit").set_value(first_contact_post()).run()
    at.button(key="delete_unit").click().run().run()  # the whole page again after the edit's partial redraw
    at.file_uploader[0].set_value(("zly.yaml", b"centre: [", "application/x-yaml")).run()
    assert not at.exception, at.exception
    assert any("zly.yaml" in e.value and "(wiersz 2)" in e.value for e in at.error)
    assert "pending" not in at.session_state and at.session_state["history"].modified


def test_a_good_upload_switches_configuration():
    at = started()
    text = (ROOT / "org_configs" / "gops_rural.yaml").read_bytes()
    at.file_uploader[0].set_value(("gops_rural.yaml", text, "application/x-yaml"))
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["source"]["name"] == "gops_rural.yaml"
    assert at.title[0].value != "MOPS Tarnowskie Góry"


def test_every_tab_survives_a_configuration_full_of_findings():
    broken = dump_yaml(load_scenario(ROOT / "tests" / "fixtures" / "broken" / "centre.yaml"))
    at = started()
    at.file_uploader[0].set_value(("wadliwa.yaml", broken.encode(), "application/x-yaml"))
    at.run()
    assert at.session_state["source"]["name"] == "wadliwa.yaml"
    for key in TABS:
        open_tab(at, key)
    open_tab(at, "tab.structure")
    messages = at.dataframe[0].value[t("col.message")].tolist()
    assert len(messages) > 5
    assert any("nie ma obsady" in m for m in messages)  # findings speak Polish in the Polish interface
    at.radio(key="lang").set_value("en").run()
    assert any("has no staff" in m for m in at.dataframe[0].value[t("col.message", "en")].tolist())


def test_selecting_a_step_finding_shows_its_procedure_flow():
    broken = dump_yaml(load_scenario(ROOT / "tests" / "fixtures" / "broken" / "centre.yaml"))
    at = started()
    at.file_uploader[0].set_value(("wadliwa.yaml", broken.encode(), "application/x-yaml")).run()
    table = at.dataframe[0]
    row = next(i for i, subject in enumerate(table.value[t("col.subject")]) if "›" in subject)
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert any("›" in m.value for m in at.markdown)  # the step's name heads its flow diagram
    assert len(charts(at)) == 2


def test_simulation_shows_results_as_charts():
    at = open_tab(started(), "tab.simulation")
    form = next(f for f in at.get("form") if f.proto.form.form_id == "simulation_form")
    form.number_input[0].set_value(20)  # days
    form.number_input[2].set_value(2)  # replications
    form.number_input[5].set_value(4)  # at most 4 replications: the precision rule stops there
    form.button[0].click()  # the warm-up chosen from the data, as by default
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("vega_lite_chart")) >= 3
    assert any(m.label == t("sim.trips") for m in at.metric)
    result = at.session_state["simulation"]["result"]
    assert result.days == 20 and result.precision == 0.05  # chosen for precision by default
    assert 2 < result.replications <= 4
    assert t("sim.replications_precise", n=result.replications, precision=0.05) in [c.value for c in at.caption]
    assert result.warmup.method == "MSER-5"
    assert any("MSER-5" in c.value and "Rozbieg" in c.value for c in at.caption)

    form = next(f for f in at.get("form") if f.proto.form.form_id == "simulation_form")
    form.radio[0].set_value(True)  # a fixed number instead
    form.checkbox[0].uncheck()  # and a warm-up given by hand
    form.number_input[3].set_value(2)
    form.button[0].click()
    at.run()
    result = at.session_state["simulation"]["result"]
    assert result.precision is None and result.replications == 2
    assert (result.warmup.days, result.warmup.method) == (2, "given")
    assert t("sim.replications_used", n=2) in [c.value for c in at.caption]


def test_comparison_shows_both_variants_and_differences():
    at = open_tab(started(), "tab.compare")
    form = next(f for f in at.get("form") if f.proto.form.form_id == "compare_form")
    form.number_input[0].set_value(15)
    form.number_input[2].set_value(2)
    form.checkbox[0].uncheck()  # a warm-up given by hand
    form.number_input[3].set_value(2)
    form.button[0].click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["comparison"]["result"].a.warmup.days == 2
    assert "tarnowskie_gory_care_area.yaml" in text_of(at)
    assert len(at.get("vega_lite_chart")) >= 3
    assert any(t("compare.table") in s.value for s in at.subheader)


def test_trainer_mode_advances_one_step():
    at = open_tab(started(), "tab.trainer")
    assert "Krok 1 z" in text_of(at)
    at.button(key="trainer_next").click().run()
    assert "Krok 2 z" in text_of(at)
    at.button(key="trainer_back").click().run()
    assert "Krok 1 z" in text_of(at)


def test_english_switch_translates_the_interface_and_keeps_the_tab():
    at = open_tab(started(), "tab.trainer")
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert pages_shown(at)[: len(TABS)] == [t(key, "en") for key in TABS]
    assert at.session_state["tab"] == "tab.trainer"
    assert "Step 1 of" in text_of(at)


def test_export_tab_offers_the_regulation_marked_as_a_draft_and_says_why():
    """The shipped 2017 configuration has no order number: its regulation is a draft, the buttons say so."""
    at = open_tab(started(), "tab.export")
    assert t("export.regulation") in text_of(at)
    buttons = {b.proto.label: b for b in at.get("download_button")}
    for what, fmt in [("regulation", "Markdown"), ("regulation", "DOCX"), ("regulation", "PDF"), ("staffing", "PDF")]:
        label = t("draft.button", label=t("export.button", what=t(f"export.what.{what}"), fmt=fmt))
        assert label in buttons, (label, list(buttons))
        assert "numer zarządzenia wprowadzającego Regulamin" in buttons[label].proto.help
    assert "PROJEKT – do uzupełnienia przed podpisaniem" in text_of(at)
    # the clerk's buttons all say what they download: no two alike
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(labels) == len(set(labels)) and "Pobierz PDF" not in labels
    assert "tasks" not in text_of(at)


def test_the_staffing_annex_is_offered_as_csv_docx_and_pdf():
    at = open_tab(started(), "tab.export")
    labels = {b.proto.label for b in at.get("download_button")}
    for fmt in ("CSV", "DOCX", "PDF"):
        assert t("draft.button", label=t("export.button", what=t("export.what.staffing"), fmt=fmt)) in labels


def test_the_amending_order_of_an_unlawful_structure_is_marked_in_the_app():
    at = open_tab(started(), "tab.edit")
    at.selectbox(key="edit_unit").set_value(first_contact_post()).run()
    at.button(key="delete_unit").click().run()
    open_tab(at, "tab.changes")
    buttons = {b.proto.label: b for b in at.get("download_button")}
    marked = buttons[t("draft.button", label=t("changes.download_amendment_pdf"))]
    assert marked.proto.help.startswith(t("draft.help", reasons="")[:20])
    assert "PROJEKT" in marked.proto.help
    assert t("changes.download_md") in buttons  # the impact report is no act: never marked
    assert "Sporządzono" in text_of(at)


def test_the_edit_chart_shows_the_unit_among_its_siblings_not_the_whole_centre():
    at = open_tab(started(), "tab.edit")
    scenario = load_scenario(DEFAULT)
    director = scenario.config.units[0]
    top = charts(at)[0]  # the top unit, the one edited first, with the units right under it
    assert all(f"<title>{unit.id}</title>" in top for unit in [director, *director.units])
    deeper = [unit.id for child in director.units for unit in child.units]
    assert deeper and not any(f"<title>{unit}</title>" in top for unit in deeper)
    assert "podległe:" in top  # their subordinates noted in their boxes
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()
    chart = charts(at)[0]
    parent = next(unit for unit in scenario.units if any(child.id == post for child in unit.units))
    assert all(f"<title>{unit.id}</title>" in chart for unit in [parent, *parent.units])
    assert f"<title>{director.id}</title>" not in chart


def test_the_changes_tab_shows_a_deleted_unit_as_closed_against_the_saved_file():
    at = open_tab(started(), "tab.edit")
    post = first_contact_post()
    at.selectbox(key="edit_unit").set_value(post).run()
    at.button(key="delete_unit").click().run()
    open_tab(at, "tab.changes")
    assert at.selectbox(key="changes_base").value == "saved"
    closed = next(m for m in at.metric if m.label == t("changes.closed"))
    assert closed.value == "1"
    name = load_scenario(DEFAULT).unit(post).name
    assert any(name in frame.value.to_string() for frame in at.table)  # a static table: nothing to sort or edit
    chart = charts(at)[0]  # the closed unit is drawn, dashed, beside the others
    assert f"<title>{post}</title>" in chart and "stroke-dasharray" in chart


def test_the_comparison_pairs_variants_of_the_same_centre():
    at = open_tab(started(), "tab.compare")
    assert at.session_state["compare_a"] == "file:tarnowskie_gory_care_area.yaml"
    at.selectbox(key="config_file").set_value("gops_rural.yaml").run()
    at.session_state["compare_a"] = None  # as on a first visit to the tab
    open_tab(at, "tab.compare")
    assert at.session_state["compare_a"] == "current"


def test_staffing_tab_applies_a_plan_as_one_undoable_edit():
    at = open_tab(started(), "tab.staffing")
    at.number_input(key="staffing_days").set_value(40)
    at.number_input(key="staffing_replications").set_value(3)
    submit = next(b for b in at.button if b.label == t("staffing.run"))
    submit.click().run()
    assert not at.exception, at.exception
    result = at.session_state["staffing"]["result"]
    changes = {u.unit_id: u.fte_needed for u in result.units if u.change}
    assert changes, "the shipped configuration is not staffed at the least cost"
    tables = [d.value for d in at.dataframe]
    plan = next(table for table in tables if t("staffing.col.binding") in table.columns)
    assert plan[t("staffing.col.needed")].tolist() == [u.fte_needed for u in result.units]
    costs = next(table for table in tables if t("costs.col.annual") in table.columns)
    assert costs[t("costs.col.annual")].iloc[-1] == round(12 * result.cost_now)
    saved = at.session_state["history"].current

    at.button(key="staffing_apply").click().run()
    assert not at.exception, at.exception
    history = at.session_state["history"]
    assert history.modified and history.labels[0].startswith("plan obsady")
    edited = load_scenario_text(history.current, "edited.yaml", str(DEFAULT.parent))
    assert {u: edited.unit(u).fte() for u in changes} == changes

    at.button(key="undo").click().run()
    assert not at.exception, at.exception
    assert at.session_state["history"].current == saved


def shown(table) -> list[dict]:
    """The cells of a table as the browser shows them: the display values Streamlit sends."""
    import pyarrow as pa

    return pa.ipc.open_stream(table.proto.arrow_data.styler.display_values).read_all().to_pandas().to_dict("records")


def chart_locale(at: AppTest) -> list[dict | None]:
    """The number locale of every Altair chart on the page, as sent to Vega."""
    return [json.loads(chart.proto.spec).get("config", {}).get("locale") for chart in at.get("vega_lite_chart")]


def test_tables_and_charts_write_numbers_as_the_language_does():
    at = open_tab(started(), "tab.staffing")
    fte, annual = t("costs.col.fte", "pl"), t("costs.col.annual", "pl")
    rows = shown(at.dataframe[0])
    assert all(re.fullmatch(r"\d+,\d\d", row[fte]) for row in rows if row[fte] != "—"), rows[:3]
    assert all(re.fullmatch(r"\d{1,3}(\u202f\d{3})*", row[annual]) for row in rows), rows[:3]
    assert any("\u202f" in row[annual] for row in rows)  # thousands apart: "144 480"

    open_tab(at, "tab.changes")
    locales = chart_locale(at)
    assert locales and all(locale["number"]["decimal"] == "," for locale in locales)

    at.radio(key="lang").set_value("en").run()
    assert chart_locale(at) and not any(chart_locale(at))  # Vega's own notation: "0.25"
    open_tab(at, "tab.staffing")
    fte, annual = t("costs.col.fte", "en"), t("costs.col.annual", "en")
    rows = shown(at.dataframe[0])
    assert all(re.fullmatch(r"\d+\.\d\d", row[fte]) for row in rows if row[fte] != "—"), rows[:3]
    assert any("," in row[annual] for row in rows)


def test_every_chart_comes_with_zoom_controls_and_a_minimum_text_size():
    at = started()
    frames = [e.proto.body for e in at.get("html") if e.proto.body.startswith('<div class="graph-frame"')]
    assert frames
    for body in frames:
        assert int(re.search(r'data-min-text-px="(\d+)"', body).group(1)) >= 11
        for act, label in (("in", "Powiększ"), ("out", "Pomniejsz"), ("whole", "Cały wykres"), ("full", "Pełny ekran")):
            assert re.search(rf'data-act="{act}" title="{label}"', body), (act, body[:600])
        assert "overflow: auto" in body


def test_a_bar_chart_wraps_a_long_name_instead_of_cutting_it():
    import pandas as pd

    from views.common import LABEL_WIDTH, bars

    name = "Wizyta w miejscu zamieszkania klienta i rodzinny wywiad środowiskowy (część I)"
    spec = bars(pd.DataFrame({"item": [name, "Decyzja"], "value": [3.0, 1.0]}), "Oczekiwanie", "min").to_dict()
    layer = spec["layer"][0]
    axis = layer["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and "split(datum.label" in axis["labelExpr"]  # no "…", lines instead
    rows = next(iter(spec["datasets"].values()))
    label = next(r["label"] for r in rows if r["item"] == name)
    assert label.split("\n") == [line for line in label.split("\n") if 0 < len(line) <= LABEL_WIDTH]
    assert " ".join(label.split("\n")) == name and label.count("\n") >= 2
    assert any(tip["field"] == "item" for tip in layer["encoding"]["tooltip"])  # the whole name on hover
