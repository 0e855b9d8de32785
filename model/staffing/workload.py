"""The workload balance of each unit: the work the model describes against the time its staff have.

Built in the manner of WHO's WISN (:mod:`model.staffing.wisn`), per staffed unit, in hours a year
of the configuration's year:

- **available time**: FTE × availability of each role (:mod:`model.config.availability`) × the
  open hours of the year on the working calendar (:mod:`model.config.calendar`);
- **procedure work**: the offered load the client flow puts on the unit, arrival rate × expected
  visits × mean effort, split between units as the routing splits it: the same function
  (:func:`model.staffing.erlang.unit_loads`) that gives the Erlang bound its load;
- **caseload work**: open cases × ``hours_per_case_month`` × 12, for a caseload declared on the
  unit, or on a procedure (shared between the units its steps load, as they share its work);
- **other work**: the unit's ``other_work``: shares of available time and hours a week per FTE
  are WISN's category allowance, hours a year its individual allowance.

Required FTE follows WISN: client work / available time per FTE × 1 / (1 − Σ shares) + hours a
year / available time per FTE; the WISN ratio is FTE / required. A staffed unit whose work no
component describes is *not modelled*: declared so with a reason (``not_modelled:``), or listed
with a warning that names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from model.checks.rules.staffing import OTHER_WORK_CAP
from model.config.availability import effective_fte
from model.config.availability import other_work as allowances  # the optimiser reads it here too
from model.config.calendar import open_hours
from model.config.loader import Scenario
from model.config.norms import law_date
from model.config.schema import Unit
from model.i18n import Message, msg
from model.simulation.gate import compiled
from model.simulation.network import Network
from model.staffing import wisn
from model.staffing.costs import MONTHS
from model.staffing.erlang import StepLoad, unit_loads
from model.staffing.evaluate import step_loads

LACKS_WORK = 0.5
"""Below this share explained by procedures and caseload, the model of a unit lacks work."""
RATE_DAYS = 14
"""Civil days of the calendar compiled for the arrival rates (a rate per working minute needs a week)."""


@dataclass(frozen=True)
class UnitWorkload:
    """One unit's year: hours available and hours of each kind of work, WISN's required staff."""

    name: str
    fte: float
    available_hours: float
    procedure_hours: float
    caseload_hours: float
    other_hours: float
    required_fte: float
    """WISN's required staff for the work described (infinite when other work fills all the time)."""
    wisn_ratio: float | None
    """FTE / required FTE (below 1: too few staff for the work); ``None`` when nothing is required."""
    explained_share: float
    """Work described / available time: 1 is a unit whose time the model fully explains."""

    @property
    def other_share(self) -> float:
        """Other work as a share of available time."""
        return self.other_hours / self.available_hours


@dataclass(frozen=True)
class WorkloadBalance:
    """Every staffed unit's balance, the units outside the model, and what a reader must be told."""

    units: dict[str, UnitWorkload]
    not_modelled: list[str]
    """Unit ids: declared ``not_modelled``, or staffed with no work described."""
    warnings: list[Message]
    year: int
    hours_per_fte: float
    """Open hours of the year on the working calendar: one FTE's time before availability."""


def rate_network(scenario: Scenario) -> Network:
    """The scenario compiled as the simulation compiles it, for its arrival rates and routing."""
    return compiled(scenario, RATE_DAYS, {})


def balance(scenario: Scenario, network: Network | None = None) -> WorkloadBalance:
    """The workload balance of ``scenario`` in its year (``centre.effective_from``, else today).

    ``network`` is the scenario already compiled (:func:`rate_network`), to spare compiling it twice.
    """
    config = scenario.config
    network = network or rate_network(scenario)
    year = law_date(scenario).year
    hours = open_hours(config.calendar, year, scenario.file)
    week_hours = network.calendar.week_minutes / 60
    steps = step_loads(network)
    servers = {u.id: u.servers for u in network.units}
    fte = {u.id: u.fte for u in network.units}
    loads = unit_loads(steps, servers, fte)
    caseload = _caseloads(scenario, steps, servers, fte)
    units: dict[str, UnitWorkload] = {}
    not_modelled: list[str] = []
    warnings: list[Message] = []
    for unit in scenario.units:
        if unit.fte() <= 0:
            continue
        found = _unit(
            unit,
            effective_fte(unit.staff, config) * hours,
            loads[unit.id].load * hours,  # every staffed unit is one of the network's
            caseload.get(unit.id, 0.0),
            week_hours,
        )
        units[unit.id] = found
        if unit.not_modelled or found.explained_share == 0:
            not_modelled.append(unit.id)
            if not unit.not_modelled:
                warnings.append(msg("workload.warn.undescribed", unit=unit.name))
            continue
        warnings.extend(_unit_warnings(unit.name, found))
    return WorkloadBalance(units, not_modelled, warnings, year, hours)


def _caseloads(
    scenario: Scenario, steps: list[StepLoad], servers: Mapping[str, int], fte: Mapping[str, float]
) -> dict[str, float]:
    """Caseload hours a year per unit: declared on the unit, or on a procedure and then shared
    between units as the procedure's own work is."""
    found: dict[str, float] = {}
    for procedure in scenario.procedures:
        standard = procedure.caseload.hours_per_case_month if procedure.caseload else None
        if not standard:
            continue
        own = [s for s in steps if s.key.startswith(f"{procedure.id}/")]
        shares = {u: load.load for u, load in unit_loads(own, servers, fte).items() if load.load > 0}
        total = sum(shares.values())
        for unit_id, share in shares.items():
            cases = procedure.caseload.families  # type: ignore[union-attr]
            found[unit_id] = found.get(unit_id, 0.0) + cases * standard * MONTHS * share / total
    for unit in scenario.units:
        if unit.caseload and unit.caseload.hours_per_case_month:
            cases = unit.caseload.families * unit.caseload.hours_per_case_month * MONTHS
            found[unit.id] = found.get(unit.id, 0.0) + cases
    return found


def _unit(unit: Unit, available: float, procedure: float, caseload: float, week_hours: float) -> UnitWorkload:
    """One unit's figures and WISN's required staff."""
    shares, individual = allowances(unit, week_hours)
    other = sum(shares) * available + sum(individual)
    fte = unit.fte()
    per_fte = available / fte
    required = wisn.required_staff(
        [(procedure + caseload, per_fte)],
        wisn.category_allowance_factor(shares),
        wisn.individual_allowance_factor(individual, per_fte),
    )
    return UnitWorkload(
        unit.name,
        fte,
        available,
        procedure,
        caseload,
        other,
        required,
        wisn.wisn_ratio(fte, required),
        (procedure + caseload + other) / available,
    )


def _unit_warnings(name: str, found: UnitWorkload) -> list[Message]:
    """What a reader of one modelled unit's balance must be told."""
    warnings = []
    if found.other_share >= 1:
        warnings.append(msg("workload.warn.other_full", unit=name, share=found.other_share))
    elif found.other_share > OTHER_WORK_CAP:
        warnings.append(msg("workload.warn.other_cap", unit=name, share=found.other_share, cap=OTHER_WORK_CAP))
    client = (found.procedure_hours + found.caseload_hours) / found.available_hours
    if client < LACKS_WORK:
        warnings.append(msg("workload.warn.lacks_work", unit=name, share=client))
    if found.explained_share > 1:
        warnings.append(msg("workload.warn.over", unit=name, share=found.explained_share))
    return warnings
