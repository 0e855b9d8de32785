"""A configuration's ``checks:`` switches rules off or re-grades them, with a reason every report shows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import REGISTRY, ConfigError, Severity, load_scenario, load_scenario_text, validate
from model.checks.rules import law_applied
from model.checks.settings import switches
from model.i18n import t

ROOT = Path(__file__).resolve().parent.parent
REASON = "odwołania obsługuje radca prawny"


def _with_checks(example: str, checks: str) -> str:
    return example + "checks:\n" + checks


def test_a_switched_off_rule_reports_nothing_and_says_why_at_its_line() -> None:
    example = REGISTRY["PROC005"].example
    assert any(f.rule == "PROC005" for f in validate(load_scenario_text(example)))
    text = _with_checks(example, f"  disable:\n    PROC005: {REASON}\n")
    scenario = load_scenario_text(text, "centre.yaml")
    assert not any(f.rule == "PROC005" for f in validate(scenario))
    assert any(f.rule == "PROC005" for f in validate(scenario, settings=False))
    [switch] = switches(scenario)
    assert (switch.rule, switch.severity, switch.registered, switch.reason) == (
        "PROC005",
        None,
        Severity.warning,
        REASON,
    )
    assert text.splitlines()[switch.line - 1].strip().startswith("PROC005:")
    assert "kpa.appeal" not in {p.key for p in law_applied(scenario)}
    assert switch.message.text("pl") == f"reguła PROC005 wyłączona: {REASON}"


def test_a_regraded_rule_reports_at_the_new_severity_errors_first() -> None:
    example = REGISTRY["REF005"].example
    reason = "lokalizacja bez komórki to błąd w naszym ośrodku"
    text = _with_checks(example, f"  severity:\n    REF005: {{level: error, reason: {reason}}}\n")
    findings = validate(load_scenario_text(text))
    mine = [f for f in findings if f.rule == "REF005"]
    assert mine and all(f.severity == Severity.error for f in mine)
    assert findings[0].severity == Severity.error
    [switch] = switches(load_scenario_text(text))
    assert "zgłaszana jako błąd (domyślnie ostrzeżenie)" in switch.message.text("pl")


@pytest.mark.parametrize(
    ("checks", "key"),
    [
        ("  disable:\n    PROC005: ''\n", "PROC005"),  # a reason is required
        ("  disable:\n    proc5: bez powodu\n", "proc5"),  # not a rule id
        ("  severity:\n    REF005: {level: fatal, reason: bo tak}\n", "level"),
        ("  severity:\n    REF005: {level: error}\n", "reason"),
    ],
)
def test_a_switch_without_a_reason_or_with_a_bad_id_is_a_config_error(checks: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_scenario_text(_with_checks(REGISTRY["REF005"].example, checks), "centre.yaml")
    assert "centre.yaml" in str(raised.value) and key in str(raised.value)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "model", *args], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}
    )


def test_cli_validate_lists_the_switches_in_text_and_json(tmp_path: Path) -> None:
    config = tmp_path / "centre.yaml"
    text = _with_checks(REGISTRY["PROC005"].example, f"  disable:\n    PROC005: {REASON}\n")
    config.write_text(text, "utf-8")
    line = len(text.splitlines())  # the switch is the file's last line
    shown = _cli("validate", "--lang", "pl", str(config)).stdout
    assert t("checks.heading", "pl") in shown
    assert f"  {config}:{line}: reguła PROC005 wyłączona: {REASON}" in shown.splitlines()
    assert not [row for row in shown.splitlines() if "warning PROC005" in row or "ostrzeżenie PROC005" in row]
    data = json.loads(_cli("validate", "--json", str(config)).stdout)
    assert data["switches"] == [
        {
            "rule": "PROC005",
            "severity": None,
            "registered": "warning",
            "reason": REASON,
            "file": str(config),
            "line": line,
        }
    ]
    assert not [f for f in data["findings"] if f["rule"] == "PROC005"]


def test_the_app_shows_the_switches_beside_the_findings() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    history = at.session_state["history"]
    switch = f"    STAFF004: {REASON}\n"
    current = history.current
    text = (
        current.replace("checks:\n  disable:\n", "checks:\n  disable:\n" + switch, 1)
        if "checks:\n  disable:\n" in current
        else current + "checks:\n  disable:\n" + switch
    )
    history.record("checks", text)
    at.run()
    assert not at.exception, at.exception
    info = "\n".join(str(e.value) for e in at.info)
    assert t("checks.heading", "pl") in info and f"reguła STAFF004 wyłączona: {REASON}" in info


def test_shipped_configurations_switch_off_only_known_rules_with_a_reason() -> None:
    for path in sorted((ROOT / "org_configs").glob("*.yaml")):
        for switch in switches(load_scenario(path)):
            assert switch.registered is not None, (path.name, switch.rule)
            assert len(switch.reason.split()) >= 3, (path.name, switch.rule)  # a sentence, not a word
