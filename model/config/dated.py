"""Read a loaded configuration in the law of its date: resolve named deadlines, put words in force,
cite the council's resolutions in force in the procedures that apply them.

Runs once, in the loader, so rules, the simulation and the documents all see the same law. It
changes nothing it is given: what the law of the date changes is read into a copy, so that the
procedures read from files can be kept and shared between loads (:mod:`model.config.loader`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel

from model.config import resolutions
from model.config.errors import ConfigError, Problem
from model.config.located import Located
from model.config.quantities import parse_span
from model.config.schema import Deadline, OrgConfig, Procedure, Step, Unit
from model.i18n import msg
from model.law import LawError, Provision, provision, render
from model.law.benefit_period import fixes_dates

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class AppliedLaw:
    """The day whose law was applied and every provision the configuration drew on."""

    on: dt.date
    provisions: frozenset[Provision]
    dated: bool
    """False when the configuration gave no ``effective_from`` and today's law was applied."""


def law_date(config: OrgConfig) -> tuple[dt.date, bool]:
    """The configuration's date (``centre.effective_from``), or today when it has none."""
    if config.centre.effective_from:
        return config.centre.effective_from, True
    return dt.date.today(), False


def _in_force(model: M, **values: Any) -> M:
    """``model`` itself when it already holds every value, else a copy holding them: the law of a
    date is read into copies, so that the objects read from a file are never changed and can be
    shared between loads (the loader keeps validated procedures by their text)."""
    changed = {name: value for name, value in values.items() if getattr(model, name) != value}
    return model.model_copy(update=changed) if changed else model


def _cited_resolutions(config: OrgConfig, procedure: Procedure, on: dt.date) -> list[str]:
    """The procedure's basis with the council's resolutions it applies, in the version in force, added."""
    basis = list(procedure.basis)
    for subject in procedure.resolutions:
        local = resolutions.in_force(config, subject, on)
        cited = resolutions.citation(config, local) if local is not None else None
        if cited is not None and cited not in basis:  # a dumped and reloaded file cites it once
            basis.append(cited)
    return basis


def _provision(
    deadline: Located, key: str, name: str, on: dt.date, used: set[Provision], default_file: str
) -> Provision | Problem:
    """The version of the day of the provision a deadline names under ``key`` (counted as
    applied), or the problem at that key's line where the catalogue has no such provision."""
    try:
        found = provision(name, on)
    except LawError as exc:
        return Problem(deadline.file or default_file, deadline.line_of(key), exc.message)
    used.add(found)
    return found


def _named_deadline(
    deadline: Deadline, on: dt.date, used: set[Provision], default_file: str, problems: list[Problem]
) -> Deadline | None:
    """A deadline that names a provision (``law:``) with its term and citation of the day, or none
    where that day's law sets no term; an unknown provision is added to ``problems``."""
    assert deadline.law is not None
    found = _provision(deadline, "law", deadline.law, on, used, default_file)
    if isinstance(found, Problem):
        problems.append(found)
        return deadline
    if found.value is None:
        return None  # the law of that day sets no term for this step
    return _in_force(deadline, within=parse_span(found.value), basis=found.citation)


def _dated_deadline(
    deadline: Deadline, on: dt.date, used: set[Provision], default_file: str, problems: list[Problem]
) -> Deadline:
    """A deadline whose last day a provision fixes as a calendar date (``dates:``, art. 26 of the
    family-benefits act) bound to that provision's version of the day, its citation put before
    the general term's basis (the article only: the procedure's basis and the law applied cite it
    whole); a version that fixes no dates leaves the general term alone."""
    assert deadline.dates is not None
    found = _provision(deadline, "dates", deadline.dates, on, used, default_file)
    if isinstance(found, Problem):
        problems.append(found)
        return deadline
    if found.value is not None and not fixes_dates(found):
        problems.append(
            Problem(deadline.file or default_file, deadline.line_of("dates"), msg("error.law.no_dates", key=found.key))
        )
        return deadline
    law = found if found.value is not None else None
    basis = deadline.basis
    reference = found.citation.split(":", 1)[0]  # the catalogue writes "article: what it says"
    if law is not None and basis and reference not in basis:  # a dumped and reloaded file cites it once
        basis = f"{reference} (termin datą kalendarza według dnia wniosku); w pozostałych przypadkach: {basis}"
    if deadline.dated is law and basis == deadline.basis:
        return deadline
    bound = deadline.model_copy(update={"basis": basis})
    bound.fix_dates(law)  # a copy of its own: the deadline read from the file keeps its own
    return bound


@dataclass(frozen=True)
class InForce:
    """A configuration and its procedures as the law of the configuration's date reads them."""

    config: OrgConfig
    procedures: list[Procedure]
    law: AppliedLaw


class Same:
    """A value as a cache key by its identity: for values nothing changes once made (read YAML,
    validated procedures), whose identity is their content. It holds the value, so the id stays its own."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value


class _Reader:
    """Reads texts, units, steps and procedures in the law of ``on``, into copies; collects the
    provisions used and the problems (an unknown provision, at its file and line)."""

    def __init__(self, on: dt.date, default_file: str) -> None:
        self.on, self.default_file = on, default_file
        self.used: set[Provision] = set()
        self.problems: list[Problem] = []

    def word(self, text: str | None, at: Located, key: str) -> str | None:
        """``text`` in the words of the day; an unknown provision is a problem at the line of ``key``."""
        if text is None or "{law:" not in text:
            return text
        try:
            return render(text, self.on, self.used)
        except LawError as exc:
            self.problems.append(Problem(at.file or self.default_file, at.line_of(key), exc.message))
            return text

    def unit(self, unit: Unit) -> Unit:
        return _in_force(
            unit,
            name=self.word(unit.name, unit, "name") or unit.name,
            tasks=[self.word(task, unit, "tasks") or task for task in unit.tasks],
            units=[self.unit(child) for child in unit.units],
        )

    def step(self, step: Step) -> Step:
        name, document = self.word(step.name, step, "name"), self.word(step.document, step, "document")
        description = self.word(step.description, step, "description")
        following = step.next
        if not isinstance(following, str):
            following = [_in_force(branch, label=self.word(branch.label, branch, "label")) for branch in following]
        deadline = step.deadline
        if deadline is not None and deadline.law is not None:
            deadline = _named_deadline(deadline, self.on, self.used, self.default_file, self.problems)
        if deadline is not None and deadline.dates is not None:
            deadline = _dated_deadline(deadline, self.on, self.used, self.default_file, self.problems)
        return _in_force(step, name=name, document=document, description=description, next=following, deadline=deadline)

    def procedure(self, procedure: Procedure, basis: list[str]) -> Procedure:
        """The procedure of the day, its ``basis`` the one with the council's resolutions cited."""
        name = self.word(procedure.name, procedure, "name") or procedure.name
        description = self.word(procedure.description, procedure, "description")
        basis = [self.word(item, procedure, "basis") or item for item in basis]
        steps = [self.step(step) for step in procedure.steps]
        return _in_force(procedure, name=name, description=description, basis=basis, steps=steps)


PROCEDURES_KEPT = 256
"""Procedures kept read in the law of a day (see :func:`_procedure_of_day`)."""


@lru_cache(maxsize=PROCEDURES_KEPT)
def _procedure_of_day(
    procedure: Same, on: dt.date, basis: tuple[str, ...], default_file: str
) -> tuple[Procedure, frozenset[Provision], tuple[Problem, ...]]:
    """A procedure read in the law of ``on`` (its basis with the resolutions cited), the provisions
    used and the problems; kept, so that every load of a day shares one copy (the rules, too, can
    then keep what they found in it). The loader keeps the procedures it reads, and nothing
    changes them, so a procedure's identity is its content."""
    reader = _Reader(on, default_file)
    read = reader.procedure(procedure.value, list(basis))
    return read, frozenset(reader.used), tuple(reader.problems)


def apply(config: OrgConfig, procedures: list[Procedure], default_file: str) -> InForce:
    """Resolve ``deadline.law`` and ``{law:…}`` words into copies of what they change (``config``
    and ``procedures`` are left as they are); raise one problem per unknown provision."""
    on, dated = law_date(config)
    reader = _Reader(on, default_file)
    units = [reader.unit(unit) for unit in config.units]
    applied: dict[int, Procedure] = {}
    for procedure in procedures:
        basis = tuple(_cited_resolutions(config, procedure, on))
        applied[id(procedure)], used, problems = _procedure_of_day(Same(procedure), on, basis, default_file)
        reader.used |= used
        reader.problems += problems
    # an inline procedure is in the configuration's list too: the same copy there
    listed = [applied.get(id(entry), entry) if isinstance(entry, Procedure) else entry for entry in config.procedures]
    if reader.problems:
        raise ConfigError(reader.problems)
    in_force = _in_force(config, units=units, procedures=listed)
    return InForce(
        in_force, [applied[id(procedure)] for procedure in procedures], AppliedLaw(on, frozenset(reader.used), dated)
    )
