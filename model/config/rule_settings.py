"""The configuration's ``checks:`` section: rules a centre switches off or re-grades, each with its reason.

A centre may know better than a rule (``PROC005``: "odwołania obsługuje radca prawny"). It says so
in the file, with the reason, and every report shows the change beside the findings, so nobody
reads a clean report without knowing what was not checked.
"""

# No future import of annotations: see model.config.located.

from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, StringConstraints, model_validator

from model.config.located import Located, empty_dict
from model.config.yamlio import LineDict

RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z]+\d{3}$")]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


class SeverityChange(Located):
    """A rule's severity set by the configuration instead of the registered one."""

    level: Literal["error", "warning"] = Field(description="The severity the rule's findings get.")
    reason: Reason = Field(description="Why, in a sentence every report shows.")


class RuleSettings(Located):
    """Rules switched off or re-graded for this centre; each needs a reason."""

    disable: dict[RuleId, Reason] = Field(
        default_factory=empty_dict,
        description="Rule id → why it does not apply here, e.g. PROC005: 'odwołania obsługuje radca prawny'.",
    )
    severity: dict[RuleId, SeverityChange] = Field(
        default_factory=empty_dict,
        description="Rule id → its severity here and why, e.g. REF005: {level: error, reason: …}.",
    )

    _rule_lines: dict[str, int] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_rule_lines(cls, data: Any, handler: Any) -> Any:
        """Remember the line of each switched-off rule: a report points at it, not at ``disable:``."""
        result = handler(data)
        disable = data.get("disable") if isinstance(data, dict) else None
        if isinstance(result, RuleSettings) and isinstance(disable, LineDict):
            result._rule_lines = dict(disable.key_lines)
        return result

    def line_of_rule(self, rule_id: str) -> int | None:
        """The line that switches ``rule_id`` off or re-grades it."""
        if rule_id in self.severity:
            return self.severity[rule_id].line
        return self._rule_lines.get(rule_id, self.line_of("disable"))
