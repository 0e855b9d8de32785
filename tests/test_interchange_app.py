"""The BPMN panel of the flow view, driven headless with AppTest: download a procedure's BPMN,
load a drawn process, answer which function each lane is, add it to the configuration, undo."""

from __future__ import annotations

import yaml

from model.i18n import t
from tests.test_app import open_tab, started
from tests.test_interchange_bpmn import _modeller


def test_the_flow_view_offers_the_procedures_bpmn_and_reads_its_own_file_back():
    at = open_tab(started(), "tab.flow")
    procedure = at.session_state["flow_procedure"]
    assert len(at.get("download_button")) >= 1  # the procedure's BPMN
    at.button(key="flow_bpmn_round_trip").click().run()
    assert not at.exception, at.exception
    assert not at.error and not at.warning  # our own file maps whole
    exists = {t("bpmn.app.exists", lang, id=procedure) for lang in ("pl", "en")}
    assert exists & {i.value for i in at.info}  # the same id: offered as YAML, not added twice
    assert not [b for b in at.button if b.key.startswith("flow_bpmn_add_")]


def test_a_drawn_process_asks_for_its_lanes_functions_then_is_added_undoably():
    at = open_tab(started(), "tab.flow")
    at.session_state["flow_bpmn"] = (_modeller(), "dodatek.bpmn")
    at.run()
    assert not at.exception, at.exception
    lanes = [s for s in at.selectbox if s.key.startswith("flow_bpmn_lane_")]
    assert {s.key for s in lanes} == {"flow_bpmn_lane_Lane_dec"}  # 'Pierwszy kontakt' is a known function
    lanes[0].set_value("decision_benefits").run()
    assert not at.exception, at.exception
    warned = " ".join(w.value for w in at.warning)
    assert "Gateway_1" in warned and "Lane_dec" not in warned  # equal branches assumed; the lane answered
    before = at.session_state["history"].current
    at.button(key="flow_bpmn_add_Process_1").click().run()
    assert not at.exception, at.exception
    added = [p for p in yaml.safe_load(at.session_state["history"].current)["procedures"] if isinstance(p, dict)]
    assert [p["id"] for p in added if p["id"] == "Process_1"] == ["Process_1"]
    assert {s["function"] for s in next(p for p in added if p["id"] == "Process_1")["steps"]} == {
        "first_contact",
        "decision_benefits",
    }
    at.button(key="undo").click().run()
    assert at.session_state["history"].current == before
