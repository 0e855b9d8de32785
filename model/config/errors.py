"""Errors raised when a configuration cannot be read at all.

A :class:`ConfigError` is for input the tool cannot turn into a model (bad YAML, wrong types,
missing files). Problems in a model that *could* be read are :class:`~model.checks.findings.Finding`
objects instead, reported by the validation rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.i18n import Message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can.

    The message is a catalogue :class:`~model.i18n.Message`, so the CLI's ``--lang`` and the
    app's language switch reach it; ``str()`` is the English line.
    """

    file: str
    line: int | None
    message: Message

    @property
    def code(self) -> str:
        return self.message.code

    def text(self, lang: str = "en") -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message.text(lang)}"

    def sentence(self, lang: str = "en") -> str:
        """The problem for a person who sees the file's name above it: ``… (wiersz 380)``."""
        from model.i18n import t

        said = self.message.text(lang)
        return t("problem.at_line", lang, text=said, line=self.line) if self.line else said

    def __str__(self) -> str:
        return self.text("en")


class ConfigError(Exception):
    """The input cannot be loaded; carries one or more located problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def text(self, lang: str = "en") -> str:
        return "\n".join(p.text(lang) for p in self.problems)
