"""BPMN 2.0 both ways: the export is valid against the OMG schema and parses in SpiffWorkflow,
every shipped procedure comes back from it unchanged, and a modeller's file is mapped with every
element it cannot carry named by id.

SpiffWorkflow (LGPL-3.0, test-only) ships the OMG BPMN 2.0 XSD and a BPMN parser; lxml validates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import SpiffWorkflow
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator

from model.cli import main
from model.config.errors import ConfigError
from model.config.loader import load_procedure, load_scenario
from model.interchange.bpmn import span_of_iso
from model.interchange.bpmn_export import export_bpmn
from model.interchange.bpmn_import import import_bpmn
from tests.conftest import DEFAULT_CONFIG, ROOT

PROCEDURE_FILES = sorted((ROOT / "procedures").rglob("*.yaml"))
XSD = Path(SpiffWorkflow.__file__).parent / "bpmn" / "parser" / "schema" / "BPMN20.xsd"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_CONFIG)


@pytest.fixture(scope="module")
def shipped():
    """Every shipped procedure as its file says (law ids and placeholders unresolved)."""
    return [load_procedure(path) for path in PROCEDURE_FILES]


@pytest.fixture(scope="module")
def exported(scenario, shipped) -> bytes:
    return export_bpmn(scenario, shipped)[0]


def test_every_shipped_procedure_comes_back_unchanged(shipped, exported):
    result = import_bpmn(exported, "all.bpmn")
    assert result.findings == []
    back = {p.id: p for p in result.procedures}
    assert len(shipped) >= 19 and sorted(back) == sorted(p.id for p in shipped)
    for procedure in shipped:
        assert back[procedure.id].model_dump(mode="json") == procedure.model_dump(mode="json"), procedure.id


def test_export_is_valid_bpmn_and_spiffworkflow_parses_every_process(shipped, exported, tmp_path):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(exported)
    assert schema.validate(document), schema.error_log
    path = tmp_path / "all.bpmn"
    path.write_bytes(exported)
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_file(str(path))
    assert sorted(parser.get_process_ids()) == sorted(p.id for p in shipped)
    spec = parser.get_spec("zasilek_okresowy")
    kinds = {type(s).__name__ for s in spec.task_specs.values()}
    assert {"UserTask", "ManualTask", "ExclusiveGateway", "IntermediateCatchEvent", "BoundaryEvent"} <= kinds


def test_export_draws_lanes_timers_deadlines_and_the_diagram(scenario):
    data, drawn = export_bpmn(scenario, [scenario.procedure("zasilek_okresowy")])
    root = etree.fromstring(data)
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}
    lanes = {lane.get("name") for lane in root.iterfind(".//bpmn:lane", ns)}
    assert "Zespół ds. Świadczeń Przyznawanych Decyzją" in lanes and "Stanowisko ds. Pierwszego Kontaktu" in lanes
    assert root.find(".//bpmn:userTask[@id='zasilek_okresowy.wywiad']", ns) is not None
    assert root.find(".//bpmn:manualTask[@id='zasilek_okresowy.decyzja']", ns) is not None  # back office
    delay = root.find(".//bpmn:intermediateCatchEvent[@id='zasilek_okresowy.decyzja.delay']", ns)
    assert delay.findtext(".//bpmn:timeDuration", namespaces=ns) == "P3D"
    boundary = root.find(".//bpmn:boundaryEvent[@attachedToRef='zasilek_okresowy.decyzja']", ns)
    assert boundary.get("cancelActivity") == "false" and "miesiąc" in boundary.get("name")
    notes = [t.text for t in root.iterfind(".//bpmn:textAnnotation/bpmn:text", ns)]
    assert any("art. 35 § 3" in n for n in notes)  # the legal basis of the decision's deadline
    flows = {f.get("id"): f for f in root.iterfind(".//bpmn:sequenceFlow", ns)}
    shapes = {s.get("bpmnElement") for s in root.iterfind(".//bpmndi:BPMNShape", ns)}
    edges = {e.get("bpmnElement") for e in root.iterfind(".//bpmndi:BPMNEdge", ns)}
    nodes = {n.id for n in drawn[0].nodes}
    assert nodes <= shapes and set(flows) <= edges
    lane_boxes = {
        s.get("bpmnElement"): s.find("{http://www.omg.org/spec/DD/20100524/DC}Bounds")
        for s in root.iterfind(".//bpmndi:BPMNShape", ns)
    }
    for lane in root.iterfind(".//bpmn:lane", ns):  # every node drawn inside its lane's band
        band = lane_boxes[lane.get("id")]
        top, bottom = float(band.get("y")), float(band.get("y")) + float(band.get("height"))
        for ref in lane.iterfind("bpmn:flowNodeRef", ns):
            box = lane_boxes[ref.text]
            assert top <= float(box.get("y")) and float(box.get("y")) + float(box.get("height")) <= bottom


def test_lanes_by_function(scenario):
    data, _ = export_bpmn(scenario, [scenario.procedure("zasilek_okresowy")], lanes="function")
    names = set(re.findall(rb'<bpmn:lane id="[^"]+" name="([^"]+)"', data))
    assert "Świadczenia przyznawane decyzją".encode() in names and b"Pierwszy kontakt" in names


def test_probabilities_not_summing_to_one_are_a_finding_with_the_gateway(scenario):
    data, _ = export_bpmn(scenario, [scenario.procedure("zasilek_okresowy")])
    broken = data.replace(b'p="0.85"', b'p="0.5"', 1)
    result = import_bpmn(broken, "broken.bpmn")
    assert [(f.severity, f.element) for f in result.errors] == [("error", "zasilek_okresowy.decyzja.split")]
    assert "0.65" in result.errors[0].message.text("en")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"this is not XML", "not an XML file"),
        (b"<html><body/></html>", "not BPMN 2.0: the root element is html"),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&b;</definitions>',
            "file refused for safety",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&x;</definitions>',
            "file refused for safety",
        ),
    ],
)
def test_bad_files_are_one_line(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.bpmn"
    path.write_bytes(content)
    assert main(["import", "bpmn", str(path), "-o", str(tmp_path / "out.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(path) in err and expected in err
    assert not (tmp_path / "out.yaml").exists()


MODELLER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_1"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collaboration_1">
    <bpmn:participant id="Participant_1" name="Dodatek energetyczny" processRef="Process_1" />
    {message_flow}
  </bpmn:collaboration>
  <bpmn:process id="Process_1" isExecutable="true">
    <bpmn:laneSet id="LaneSet_1">
      <bpmn:lane id="Lane_fc" name="Pierwszy kontakt">
        <bpmn:flowNodeRef>StartEvent_1</bpmn:flowNodeRef><bpmn:flowNodeRef>Activity_intake</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_dec" name="Zespół decyzji">
        <bpmn:flowNodeRef>Timer_wait</bpmn:flowNodeRef><bpmn:flowNodeRef>Activity_decide</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Gateway_1</bpmn:flowNodeRef><bpmn:flowNodeRef>Activity_pay</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>End_1</bpmn:flowNodeRef>{extra_ref}
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Activity_intake" name="Przyjęcie wniosku" />
    <bpmn:intermediateCatchEvent id="Timer_wait" name="Czekamy na dokumenty">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="Activity_decide" name="Wydanie decyzji" />
    <bpmn:boundaryEvent id="Deadline_1" attachedToRef="Activity_decide" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P1M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:exclusiveGateway id="Gateway_1" />
    <bpmn:manualTask id="Activity_pay" name="Wypłata" />
    <bpmn:endEvent id="End_1" />
    {extra}
    <bpmn:sequenceFlow id="F1" sourceRef="StartEvent_1" targetRef="Activity_intake" />
    <bpmn:sequenceFlow id="F2" sourceRef="Activity_intake" targetRef="Timer_wait" />
    <bpmn:sequenceFlow id="F3" sourceRef="Timer_wait" targetRef="Activity_decide" />
    <bpmn:sequenceFlow id="F4" sourceRef="Activity_decide" targetRef="Gateway_1" />
    <bpmn:sequenceFlow id="F5" name="przyznano" sourceRef="Gateway_1" targetRef="Activity_pay" />
    <bpmn:sequenceFlow id="F6" name="odmowa" sourceRef="Gateway_1" targetRef="End_1" />
    <bpmn:sequenceFlow id="F7" sourceRef="Activity_pay" targetRef="{pay_to}" />
    {extra_flows}
    <bpmn:textAnnotation id="Note_1"><bpmn:text>art. 35 § 3 KPA</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="Assoc_1" sourceRef="Deadline_1" targetRef="Note_1" />
  </bpmn:process>
</bpmn:definitions>
"""


def _modeller(**parts: str) -> bytes:
    defaults = {"message_flow": "", "extra_ref": "", "extra": "", "extra_flows": "", "pay_to": "End_1"}
    return MODELLER.format(**(defaults | parts)).encode()


def test_a_modellers_process_with_a_prosimos_json_becomes_a_procedure():
    simulation = {
        "gateway_branching_probabilities": [
            {
                "gateway_id": "Gateway_1",
                "probabilities": [{"path_id": "F5", "value": 0.8}, {"path_id": "F6", "value": 0.2}],
            }
        ],
        "task_resource_distribution": [
            {
                "task_id": "Activity_intake",
                "resources": [
                    {"resource_id": "r", "distribution_name": "fix", "distribution_params": [{"value": 900}]}
                ],
            },
            {
                "task_id": "Activity_decide",
                "resources": [
                    {
                        "resource_id": "r",
                        "distribution_name": "expon",
                        "distribution_params": [{"value": 2700}, {"value": 0}, {"value": 99999}],
                    }
                ],
            },
            {
                "task_id": "Activity_pay",
                "resources": [
                    {
                        "resource_id": "r",
                        "distribution_name": "lognorm",
                        "distribution_params": [{"value": 600}, {"value": 3600}, {"value": 0}, {"value": 9999}],
                    }
                ],
            },
        ],
        "arrival_time_distribution": {
            "distribution_name": "expon",
            "distribution_params": [{"value": 14400}, {"value": 0}, {"value": 1e6}],
        },
        "arrival_time_calendar": [{"from": "MONDAY", "to": "FRIDAY", "beginTime": "08:00:00", "endTime": "16:00:00"}],
    }
    result = import_bpmn(_modeller(), "m.bpmn", simulation, {"Zespół decyzji": "decision_benefits"})
    assert result.errors == []
    (procedure,) = result.procedures
    assert procedure.id == "Process_1" and procedure.name == "Dodatek energetyczny"
    assert procedure.arrivals.per_week == pytest.approx(10.0)  # 40 h a week / 4 h between arrivals
    intake, decide, pay = procedure.steps
    assert (intake.function, intake.client_present, intake.duration.value) == ("first_contact", True, 15.0)
    assert (decide.function, decide.client_present, decide.duration.dist, decide.duration.mean) == (
        "decision_benefits",
        False,
        "exponential",
        45.0,
    )
    assert (pay.duration.mean, pay.duration.sd) == (10.0, 1.0)
    assert str(decide.delay) == str(span_of_iso("P7D")) and decide.delay.unit == "days"
    assert decide.deadline.within.unit == "months" and decide.deadline.basis == "art. 35 § 3 KPA"
    assert [(b.to, b.p, b.label) for b in decide.next] == [("Activity_pay", 0.8, "przyznano"), ("end", 0.2, "odmowa")]


def test_without_probabilities_or_durations_defaults_are_warned_by_element():
    result = import_bpmn(_modeller(), "m.bpmn")
    warned = {(f.element, f.message.code) for f in result.findings if f.severity == "warning"}
    assert ("Gateway_1", "bpmn.import.equal") in warned
    assert ("Activity_decide", "bpmn.import.duration") in warned
    assert ("Lane_dec", "bpmn.import.lane") in warned  # no mapping file: the lane's name assumed as function
    assert ("Process_1", "bpmn.import.arrivals") in warned
    assert [b.p for b in result.procedures[0].step("Activity_decide").next] == [0.5, 0.5]


def test_what_cannot_be_mapped_is_named_by_element_id(tmp_path, capsys):
    data = _modeller(
        message_flow='<bpmn:messageFlow id="Msg_1" sourceRef="Participant_1" targetRef="Participant_1" />',
        extra_ref="<bpmn:flowNodeRef>Fork_1</bpmn:flowNodeRef>",
        extra='<bpmn:parallelGateway id="Fork_1" /><bpmn:subProcess id="Sub_1" />',
        extra_flows='<bpmn:sequenceFlow id="F8" sourceRef="Fork_1" targetRef="End_1" />',
        pay_to="Fork_1",
    )
    result = import_bpmn(data, "m.bpmn")
    assert {f.element for f in result.errors} == {"Msg_1", "Fork_1", "Sub_1"}
    path = tmp_path / "m.bpmn"
    path.write_bytes(data)
    assert main(["import", "bpmn", str(path), "-o", str(tmp_path / "p.yaml"), "--lang", "pl"]) == 1
    err = capsys.readouterr().err
    assert "element Fork_1" in err and "parallelGateway" in err and not (tmp_path / "p.yaml").exists()


def test_cli_exports_with_prosimos_json_and_imports_back(tmp_path):
    bpmn, sim, out = tmp_path / "z.bpmn", tmp_path / "z.json", tmp_path / "z.yaml"
    args = ["export", "bpmn", str(DEFAULT_CONFIG), "--procedure", "zasilek_okresowy", "--simulation-json", str(sim)]
    assert main([*args, "-o", str(bpmn)]) == 0
    parameters = json.loads(sim.read_text())
    text = bpmn.read_text()
    assert "<bpmn:task " in text and "userTask" not in text  # Prosimos simulates plain tasks only
    for gateway in parameters["gateway_branching_probabilities"]:
        assert f'id="{gateway["gateway_id"]}"' in text
        assert sum(p["value"] for p in gateway["probabilities"]) == pytest.approx(1.0)
        assert all(f'id="{p["path_id"]}"' in text for p in gateway["probabilities"])
    assert {t["task_id"] for t in parameters["task_resource_distribution"]} == {
        f"zasilek_okresowy.{s.id}" for s in load_procedure(ROOT / "procedures" / "zasilek_okresowy.yaml").steps
    }
    assert main(["import", "bpmn", str(bpmn), "--simulation-json", str(sim), "-o", str(out)]) == 0
    back = load_procedure(out)
    original = load_scenario(DEFAULT_CONFIG).procedure("zasilek_okresowy")
    assert back.model_dump(mode="json") == original.model_dump(mode="json")


def test_several_procedures_with_a_simulation_json_are_refused(tmp_path, capsys):
    code = main(
        [
            "export",
            "bpmn",
            str(DEFAULT_CONFIG),
            "--simulation-json",
            str(tmp_path / "s.json"),
            "-o",
            str(tmp_path / "a.bpmn"),
        ]
    )
    assert code == 2 and "--procedure" in capsys.readouterr().err
    assert not (tmp_path / "a.bpmn").exists()


def test_an_unreadable_extension_is_a_finding_not_a_crash(shipped, scenario):
    posilek = next(p for p in shipped if p.resolutions)  # a field carried in mops:more
    data, _ = export_bpmn(scenario, [posilek])
    broken = re.sub(rb"<mops:more>[^<]*</mops:more>", b"<mops:more>{not json</mops:more>", data, count=1)
    result = import_bpmn(broken, "p.bpmn")
    assert [(f.element, f.message.code) for f in result.errors] == [(posilek.id, "bpmn.import.more")]


def test_iso_durations():
    assert (span_of_iso("PT90M").amount, span_of_iso("PT1H30M").unit) == (90.0, "minutes")
    assert (span_of_iso("P2W").amount, span_of_iso("P2W").unit) == (14.0, "days")
    assert span_of_iso("P1DT2H") is None and span_of_iso("soon") is None
    with pytest.raises(ConfigError):
        import_bpmn(b"<x", "x.bpmn")
