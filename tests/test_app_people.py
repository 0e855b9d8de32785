"""The app as a director uses it: defaults that give a steady answer, and messages that name fields, not flags."""

from __future__ import annotations

from pathlib import Path

from model import load_scenario
from model.i18n import Message, msg
from model.simulation import SimulationSettings
from model.simulation.runner import compare
from tests.test_app import first_contact_post, open_tab, started
from views.common import interface_text

ROOT = Path(__file__).resolve().parents[1]
GOPS = ROOT / "org_configs" / "gops_rural.yaml"


def test_the_simulation_form_defaults_to_a_year():
    at = open_tab(started(), "tab.simulation")
    assert at.number_input[0].label == "Dni symulacji" and at.number_input[0].value == 365


def test_a_remedy_names_the_field_in_the_app_and_the_flag_on_the_command_line():
    warning = msg("sim.warn.long_lead", procedure="Zasiłek stały", lead=40.0, share=0.5, remedy=msg("remedy.days"))
    assert "--days" in warning.text("pl")
    app = interface_text(warning, "pl")
    assert "„Dni symulacji”" in app and "--days" not in app
    assert "Days simulated" in interface_text(warning, "en")
    nested = msg("sim.warn.variant", variant="A", text=warning)
    assert "--days" not in interface_text(nested, "pl")


def test_a_warning_both_variants_give_is_said_once():
    scenario = load_scenario(GOPS)
    settings = SimulationSettings(days=20, replications=2, seed=3, warmup_days=2, processes=1)
    outcome = compare(scenario, scenario, settings)
    variants = [w for w in outcome.warnings if w.code == "sim.warn.variant"]
    assert variants, "a 20-day run of the same centre twice warns about its short period"
    inner = [w.params["text"] for w in variants]
    assert len(inner) == len({repr(w) for w in inner})  # no warning twice
    both = [w for w in variants if isinstance(w.params["variant"], Message)]
    assert both and all(w.text("pl").startswith("A i B: ") for w in both)


def test_findings_say_what_first_and_show_the_yaml_line_only_on_demand():
    from model.i18n import t

    at = open_tab(started(), "tab.edit")
    at.selectbox(key="edit_unit").set_value(first_contact_post()).run()
    at.button(key="delete_unit").click().run()  # findings to show
    open_tab(at, "tab.structure")
    columns = list(at.dataframe[0].value.columns)
    assert columns[:2] == [t("col.message"), t("col.subject")]
    assert t("col.line") not in columns and t("col.file") not in columns
    toggle = next(w for w in at.toggle if w.label == t("findings.where"))
    toggle.set_value(True).run()
    assert t("col.line") in list(at.dataframe[0].value.columns)
