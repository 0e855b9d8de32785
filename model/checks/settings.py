"""A configuration's ``checks:`` applied to the findings: rules switched off or re-graded, with reasons.

The switches are findings' companions, not a filter hidden inside :func:`validate`: every report
that shows findings (``validate`` on the command line, the app's findings) lists them too, with
the reason and the line that set them, so a clean report never hides what was not checked.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from model.checks.findings import REGISTRY, Finding, Severity
from model.config.loader import Scenario
from model.i18n import Message, msg


@dataclass(frozen=True)
class Switch:
    """One rule the configuration switched off (``severity`` None) or gave another severity."""

    rule: str
    severity: Severity | None
    registered: Severity | None
    """The rule's own severity; None when no rule has that id (REF007 reports it)."""
    reason: str
    file: str
    line: int | None

    @property
    def message(self) -> Message:
        if self.severity is None:
            return msg("checks.disabled", rule=self.rule, reason=self.reason)
        registered = msg(f"severity.{self.registered.value}") if self.registered else "—"
        return msg(
            "checks.severity",
            rule=self.rule,
            severity=msg(f"severity.{self.severity.value}"),
            registered=registered,
            reason=self.reason,
        )

    def located(self, lang: str = "en") -> str:
        """One line, as findings print: ``file:line: what was switched and why``."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message.text(lang)}"


def switches(scenario: Scenario) -> list[Switch]:
    """The rules the configuration's ``checks:`` switches off or re-grades, in the file's order."""
    settings = scenario.config.checks
    if settings is None:
        return []
    file = settings.file or scenario.file
    found = [
        Switch(rule_id, None, _registered(rule_id), reason, file, settings.line_of_rule(rule_id))
        for rule_id, reason in settings.disable.items()
    ]
    found += [
        Switch(
            rule_id, Severity(change.level), _registered(rule_id), change.reason, file, settings.line_of_rule(rule_id)
        )
        for rule_id, change in settings.severity.items()
    ]
    return found


def _registered(rule_id: str) -> Severity | None:
    registered = REGISTRY.get(rule_id)
    return registered.severity if registered else None


def apply_switches(findings: list[Finding], applied: list[Switch]) -> list[Finding]:
    """``findings`` without the switched-off rules' and with the re-graded rules' new severity."""
    off = {s.rule for s in applied if s.severity is None}
    graded = {s.rule: s.severity for s in applied if s.severity is not None}
    return [
        dataclasses.replace(f, severity=graded[f.rule]) if f.rule in graded else f
        for f in findings
        if f.rule not in off
    ]
