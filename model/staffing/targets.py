"""The service levels a plan must meet, from ``service_levels:`` and the command line, per item.

Keys are resolved once, here, to the things the simulation measures: a share of deadlines per
procedure, a mean wait per step, a utilisation per unit. A wait target named for a step beats one
for its unit, which beats one for its function, which beats ``*``. An unknown key is refused
with the file and line, never ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from model.checks import flow
from model.checks.references import unknown_level_keys
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.config.quantities import working_minutes
from model.config.schema import Unit
from model.i18n import msg


@dataclass(frozen=True)
class Targets:
    """The service levels resolved to what the simulation measures (see :func:`resolve`)."""

    deadlines: dict[str, float] = field(default_factory=dict)
    """Procedure id → least share of its deadlines met."""
    waits: dict[str, float] = field(default_factory=dict)
    """``procedure/step`` → longest mean wait, working minutes."""
    utilisation: dict[str, float] = field(default_factory=dict)
    """Unit id → highest utilisation."""

    def __bool__(self) -> bool:
        return bool(self.deadlines or self.waits or self.utilisation)


@dataclass(frozen=True)
class Levels:
    """Targets as written (``service_levels:`` merged with the command line), before resolving."""

    deadlines_met: dict[str, float] = field(default_factory=dict)
    max_mean_wait: dict[str, float] = field(default_factory=dict)
    max_utilisation: dict[str, float] = field(default_factory=dict)


def parse_option(items: list[str], option: str, minutes: bool = False) -> dict[str, float]:
    """``["15min", "punkt=10min"]`` → ``{"*": 15, "punkt": 10}``; a bad item is one clear line."""
    found = {}
    for item in items:
        key, sep, value = item.rpartition("=")
        key = key.strip() if sep else "*"
        try:
            number = working_minutes(value.strip()) if minutes else float(value)
        except ValueError:
            example = "15min or UNIT=10min" if minutes else "0.9 or NAME=0.9"
            raise ConfigError(Problem(option, None, msg("error.staffing.option", example=example, item=item))) from None
        if number < 0 or (not minutes and not 0 < number <= 1):
            raise ConfigError(Problem(option, None, msg("error.staffing.range", item=item)))
        found[key] = number
    return found


def levels_of(scenario: Scenario, overrides: Levels | None = None) -> Levels:
    """The configuration's ``service_levels:`` with the command line's values on top."""
    written = scenario.config.service_levels
    overrides = overrides or Levels()
    base = (
        Levels(dict(written.deadlines_met), dict(written.max_mean_wait), dict(written.max_utilisation))
        if written
        else Levels()
    )
    return Levels(
        base.deadlines_met | overrides.deadlines_met,
        base.max_mean_wait | overrides.max_mean_wait,
        base.max_utilisation | overrides.max_utilisation,
    )


def resolve(scenario: Scenario, levels: Levels) -> Targets:
    """Per procedure, step and unit: what each written key means in this configuration."""
    servers = flow.servers(scenario)
    used = {s.function for p in scenario.procedures for s in p.steps}
    serving = sorted({u.id for f, units in servers.items() if f in used for u in units})
    with_deadline = [p.id for p in scenario.procedures if any(s.deadline for s in p.steps)]
    for section, kind, names in unknown_level_keys(scenario, levels):
        written = scenario.config.service_levels
        line = written.line_of(section) if written else None
        raise ConfigError(
            Problem(scenario.file, line, msg(f"error.staffing.unknown_{kind}", section=section, names=", ".join(names)))
        )
    waits = {
        f"{p.id}/{s.id}": wait
        for p in scenario.procedures
        for s in p.steps
        if (wait := _wait(levels.max_mean_wait, f"{p.id}/{s.id}", s.function, servers)) is not None
    }
    return Targets(_each(levels.deadlines_met, with_deadline), waits, _each(levels.max_utilisation, serving))


def _each(written: Mapping[str, float], keys: list[str]) -> dict[str, float]:
    """The target of each of ``keys``: its own, else the one for everything (``*``); none if neither."""
    return {key: written[key] if key in written else written["*"] for key in keys if key in written or "*" in written}


def _wait(written: Mapping[str, float], step: str, function: str, servers: Mapping[str, list[Unit]]) -> float | None:
    """A step's wait target, the most specific written: the step's, its units' (the strictest),
    its function's, everything's."""
    by_unit = [written[u.id] for u in servers.get(function, []) if u.id in written]
    for found in (written.get(step), min(by_unit) if by_unit else None, written.get(function), written.get("*")):
        if found is not None:
            return found
    return None


def unit_waits(targets: Targets, unit_steps: Mapping[str, tuple[str, ...]]) -> dict[str, float]:
    """The strictest wait target over the office steps each unit serves (for the Erlang bound)."""
    found = {}
    for unit, steps in unit_steps.items():
        limits = [targets.waits[s] for s in steps if s in targets.waits]
        if limits:
            found[unit] = min(limits)
    return found
