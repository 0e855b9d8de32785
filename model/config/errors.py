"""Errors raised when a configuration cannot be read at all.

A :class:`ConfigError` is for input the tool cannot turn into a model (bad YAML, wrong types,
missing files). Problems in a model that *could* be read are :class:`~model.checks.findings.Finding`
objects instead, reported by the validation rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """The input cannot be loaded; carries one or more located problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
