"""What validation reports: findings, their severity, and the registry of rules that make them."""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from model.i18n import Message

_EXAMPLE = re.compile(r"^(Passes|Fails)::$", re.MULTILINE)
"""The headings of a rule docstring's two examples, as yamllint documents its rules."""


class Severity(str, Enum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in a loaded configuration, with where it is and how to fix it."""

    rule: str
    severity: Severity
    message: Message
    """What is wrong and how to fix it, as a catalogue code (``finding.STAFF001``) and parameters."""
    file: str
    line: int | None
    subject: str | None = None
    """Id of the unit, procedure or ``procedure/step`` the finding is about (for views)."""

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` ("pl" or "en")."""
        return self.message.text(lang)

    def located(self, lang: str = "en") -> str:
        """One line: ``file:line: severity RULE message``, as compilers and linters print."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity.value} {self.rule} {self.text(lang)}"

    def __str__(self) -> str:
        return self.located()


@dataclass(frozen=True)
class Place:
    """A line of a file that is no model element of its own (a key of a mapping), for a :class:`Hit`."""

    file: str | None
    line: int | None


@dataclass(frozen=True)
class Hit:
    """What a rule function yields: a message and the element (and key) it is about."""

    message: Message
    at: Any
    key: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class Rule:
    """A validation rule as registered: what the documentation's rule table, the findings and the tests read."""

    id: str
    severity: Severity
    title: str
    citation: str
    """The provision the rule enforces, as the documentation's rule table shows it."""
    fix: str
    """What to change when it fires."""
    law: tuple[str, ...]
    """Keys of the law catalogue (:mod:`model.law`) whose version in force the rule applies."""
    check: Callable[..., Iterable[Hit]]

    @property
    def doc(self) -> str:
        """The explanation, without the examples."""
        return _EXAMPLE.split(inspect.cleandoc(self.check.__doc__ or ""))[0].strip()

    @property
    def example(self) -> str:
        """The docstring's minimal configuration on which the rule fires (YAML, ``Fails::``)."""
        return self._example("Fails")

    @property
    def passing(self) -> str:
        """The docstring's configuration, next to the failing one, on which the rule is quiet (``Passes::``)."""
        return self._example("Passes")

    def _example(self, kind: str) -> str:
        parts = _EXAMPLE.split(inspect.cleandoc(self.check.__doc__ or ""))
        found = dict(zip(parts[1::2], parts[2::2]))
        return textwrap.dedent(found.get(kind, "")).strip() + "\n"

    def run(self, context: Any, default_file: str) -> Iterator[Finding]:
        for hit in self.check(context):
            file = getattr(hit.at, "file", None) or default_file
            line = hit.at.line_of(hit.key) if hit.key and hasattr(hit.at, "line_of") else getattr(hit.at, "line", None)
            yield Finding(self.id, self.severity, hit.message, file, line, hit.subject)


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: Severity, title: str, *, citation: str, fix: str, law: tuple[str, ...] = ()
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register a validation rule under ``rule_id`` (ids are unique and stable)."""

    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = Rule(rule_id, severity, title, citation, fix, law, check)
        return check

    return register
