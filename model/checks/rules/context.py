"""What every rule is given: the scenario and what rules share (graphs, servers, calendar, the law).

Also the few ways rules word a subject, a span or a working time, so every family words them alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from model.checks import flow
from model.config.calendar import WorkingCalendar, open_hours
from model.config.errors import ConfigError
from model.config.loader import Scenario
from model.config.norms import law_date
from model.config.quantities import MINUTES_PER_WORKING_DAY, Span
from model.config.schema import Procedure, Step, Unit
from model.i18n import Message, msg
from model.law import Provision, in_force

CHECK_START_DAYS = 28
"""Deadlines are checked for a client who comes at the opening of each open day of four weeks."""
CHECK_DAYS = CHECK_START_DAYS + 731  # room for the longest route and deadline after the last start

if TYPE_CHECKING:  # annotations; a rule imports networkx when it runs
    import networkx as nx


@dataclass
class Context:
    """The scenario plus what rules share: flow graphs, servers per function, the law of its date."""

    scenario: Scenario

    @cached_property
    def graphs(self) -> dict[str, nx.DiGraph]:
        """The procedures' flow graphs, built when a rule first asks (many rules need none)."""
        return {p.id: flow.procedure_graph(p) for p in self.scenario.procedures}

    @cached_property
    def servers(self) -> dict[str, list[Unit]]:
        return flow.servers(self.scenario)

    @cached_property
    def decision_functions(self) -> set[str]:
        return {s.function for p in self.scenario.procedures for s in p.steps if s.decision}

    @cached_property
    def parents(self) -> dict[str, Unit]:
        return {child.id: unit for unit in self.scenario.units for child in unit.units}

    @property
    def on(self) -> dt.date:
        return law_date(self.scenario)

    @cached_property
    def clock(self) -> WorkingCalendar | None:
        """The configuration's working calendar as the simulation builds it (``None`` if it is broken:
        the simulation reports that)."""
        try:
            return WorkingCalendar.build(self.scenario.config.calendar, CHECK_DAYS, self.scenario.file)
        except ConfigError:
            return None

    @cached_property
    def year_hours(self) -> float:
        """One FTE's open hours in the configuration's year (:func:`open_hours`): built once, not for
        every unit with other work, each a year's calendar (issue 23)."""
        return open_hours(self.scenario.config.calendar, self.on.year, self.scenario.file)

    @cached_property
    def starts(self) -> list[float]:
        """Working minutes of the openings of the open days of the first four weeks."""
        clock = self.clock
        if clock is None:
            return []
        limit = clock.open_days[0] + CHECK_START_DAYS
        return [float(i * clock.day_minutes) for i, day in enumerate(clock.open_days) if day < limit]

    def law(self, key: str) -> Provision | None:
        """The provision ``key`` in force on the configuration's date, or None when none was."""
        return in_force(key, self.on)

    def steps(self) -> Iterator[tuple[Procedure, Step]]:
        for procedure in self.scenario.procedures:
            for step in procedure.steps:
                yield procedure, step

    def chain(self, unit: Unit) -> Iterator[Unit]:
        """The unit and its superiors up to the top of the chart."""
        current: Unit | None = unit
        while current is not None:
            yield current
            current = self.parents.get(current.id)


def subject(procedure: Procedure, step: Step | None = None) -> str:
    return f"{procedure.id}/{step.id}" if step else procedure.id


def span_text(span: Span) -> Message:
    return msg(f"span.{span.unit}", amount=span.amount)


def work_text(minutes: float) -> Message:
    """Working time as a person says it: minutes, hours, or (8-hour) working days."""
    if minutes < 60:
        return msg("work.minutes", n=minutes)
    if minutes < MINUTES_PER_WORKING_DAY:
        return msg("work.hours", n=minutes / 60)
    return msg("work.days", n=minutes / MINUTES_PER_WORKING_DAY)


def listed(items: Any) -> str:
    return ", ".join(sorted(items))
