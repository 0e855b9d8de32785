"""Whether a document may be signed as generated, or is a draft, and why.

A document made from a configuration that its own validation calls unlawful (an error finding),
or that still has blanks the configuration did not fill (an order's number, the statute's
paragraph), must not look finished: it carries a framed notice on its first page,
"PROJEKT – konfiguracja zawiera błędy: …" or "PROJEKT – do uzupełnienia …", and asked for a
final version (``--final``) it is refused with the same reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.checks.findings import Finding, Severity
from model.config.loader import Scenario
from model.exports.typeset import Notice
from model.exports.wording import BLANK
from model.i18n import Message, msg, t


class Blanks:
    """Collects what a document left blank while it is written: each gap once, in order."""

    def __init__(self) -> None:
        self.missing: list[Message] = []

    def fill(self, value: str | None, what: str, **params: object) -> str:
        """``value``, or a dotted blank noted as the catalogue message ``what`` ("blank.order_number")."""
        if value:
            return value
        self.note(what, **params)
        return BLANK

    def note(self, what: str, **params: object) -> None:
        """Record a gap the text shows in its own way (a placeholder instead of a unit's tasks)."""
        self.add(msg(what, **params))

    def add(self, gap: Message) -> None:
        if all(gap.text("en") != known.text("en") for known in self.missing):
            self.missing.append(gap)


@dataclass(frozen=True)
class Status:
    """Why a document is still a draft: its configuration's errors and its blanks (both may be empty)."""

    errors: tuple[Finding, ...] = ()
    blanks: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def final(self) -> bool:
        return not self.errors and not self.blanks

    def lines(self, lang: str = "pl") -> list[str]:
        """The reasons, first line a heading: for the notice, the refusal and the app's buttons."""
        lines: list[str] = []
        if self.errors:
            lines.append(t("draft.errors", lang))
            lines += [f"– {finding.rule}: {finding.text(lang)}" for finding in self.errors]
        if self.blanks:
            lines.append(t("draft.blanks", lang, blanks="; ".join(blank.text(lang) for blank in self.blanks)))
        return lines

    def notice(self) -> Notice | None:
        """The framed notice for the first page, in Polish; none for a document ready to sign."""
        return None if self.final else Notice(tuple(self.lines("pl")))


def errors_of(scenario: Scenario) -> tuple[Finding, ...]:
    """The configuration's error findings: what makes the structure unlawful or unworkable."""
    from model.checks.rules import validate

    return tuple(finding for finding in validate(scenario) if finding.severity == Severity.error)


class NotFinal(ValueError):
    """A final document was asked for, but the configuration has errors or the document blanks."""

    def __init__(self, status: Status) -> None:
        self.status = status
        super().__init__("\n".join(status.lines("en")))
