"""Read a loaded configuration in the law of its date: resolve named deadlines, put words in force,
cite the council's resolutions in force in the procedures that apply them.

Runs once, in the loader, so rules, the simulation and the documents all see the same law.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from model.config import resolutions
from model.config.errors import ConfigError, Problem
from model.config.located import Located
from model.config.quantities import parse_span
from model.config.schema import OrgConfig, Procedure, Step
from model.i18n import msg
from model.law import LawError, Provision, provision, render
from model.law.benefit_period import fixes_dates


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


def _cite_resolutions(config: OrgConfig, procedure: Procedure, on: dt.date) -> None:
    """The council's resolutions a procedure applies, in the version in force, added to its basis."""
    for subject in procedure.resolutions:
        local = resolutions.in_force(config, subject, on)
        cited = resolutions.citation(config, local) if local is not None else None
        if cited is not None and cited not in procedure.basis:  # a dumped and reloaded file cites it once
            procedure.basis.append(cited)


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


def _named_deadline(step: Step, on: dt.date, used: set[Provision], default_file: str) -> list[Problem]:
    """A deadline that names a provision (``law:``) given its term and citation of the day, or
    dropped where that day's law sets none; an unknown provision is the problem returned."""
    deadline = step.deadline
    assert deadline is not None and deadline.law is not None
    found = _provision(deadline, "law", deadline.law, on, used, default_file)
    if isinstance(found, Problem):
        return [found]
    if found.value is None:
        step.deadline = None  # the law of that day sets no term for this step
    else:
        deadline.within, deadline.basis = parse_span(found.value), found.citation
    return []


def _dated_deadline(step: Step, on: dt.date, used: set[Provision], default_file: str) -> list[Problem]:
    """A deadline whose last day a provision fixes as a calendar date (``dates:``, art. 26 of the
    family-benefits act) bound to that provision's version of the day, its citation put before
    the general term's basis (the article only: the procedure's basis and the law applied cite it
    whole); a version that fixes no dates leaves the general term alone."""
    deadline = step.deadline
    assert deadline is not None and deadline.dates is not None
    found = _provision(deadline, "dates", deadline.dates, on, used, default_file)
    if isinstance(found, Problem):
        return [found]
    if found.value is None:
        deadline.fix_dates(None)
        return []
    if not fixes_dates(found):
        return [
            Problem(deadline.file or default_file, deadline.line_of("dates"), msg("error.law.no_dates", key=found.key))
        ]
    deadline.fix_dates(found)
    reference = found.citation.split(":", 1)[0]  # the catalogue writes "article: what it says"
    if deadline.basis and reference not in deadline.basis:  # a dumped and reloaded file cites it once
        deadline.basis = (
            f"{reference} (termin datą kalendarza według dnia wniosku); w pozostałych przypadkach: {deadline.basis}"
        )
    return []


def apply(config: OrgConfig, procedures: list[Procedure], default_file: str) -> AppliedLaw:
    """Resolve ``deadline.law`` and ``{law:…}`` words in place; raise one problem per unknown provision."""
    on, dated = law_date(config)
    used: set[Provision] = set()
    problems: list[Problem] = []

    def word(text: str | None, at: Located, key: str) -> str | None:
        """``text`` in the words of the day; an unknown provision is a problem at the line of ``key``."""
        if text is None or "{law:" not in text:
            return text
        try:
            return render(text, on, used)
        except LawError as exc:
            problems.append(Problem(at.file or default_file, at.line_of(key), exc.message))
            return text

    for unit in config.all_units():
        unit.name = word(unit.name, unit, "name") or unit.name
        unit.tasks = [word(task, unit, "tasks") or task for task in unit.tasks]
    for procedure in procedures:
        _cite_resolutions(config, procedure, on)
        procedure.name = word(procedure.name, procedure, "name") or procedure.name
        procedure.description = word(procedure.description, procedure, "description")
        procedure.basis = [word(item, procedure, "basis") or item for item in procedure.basis]
        for step in procedure.steps:
            step.name = word(step.name, step, "name")
            step.document = word(step.document, step, "document")
            step.description = word(step.description, step, "description")
            if not isinstance(step.next, str):
                for branch in step.next:
                    branch.label = word(branch.label, branch, "label")
            if step.deadline is not None and step.deadline.law is not None:
                problems += _named_deadline(step, on, used, default_file)
            if step.deadline is not None and step.deadline.dates is not None:
                problems += _dated_deadline(step, on, used, default_file)
    if problems:
        raise ConfigError(problems)
    return AppliedLaw(on, frozenset(used), dated)
