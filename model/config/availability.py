"""Staff availability: the share of an FTE that serves clients, and the servers it makes.

An FTE is paid working time, not time at the desk: leave, sickness, training, reporting and
supervision take part of it. The simulation, the Erlang bound and the staffing optimiser all
turn a unit's staff into *servers* (people serving at once) through :func:`unit_servers`, so the
three always agree on a unit's capacity.

The defaults below hold when a configuration has no ``availability:`` section (or leaves a
role out). Each figure is a share of a year's working days.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from model.config.planning import AvailabilityShares
from model.config.schema import SOCIAL_WORKER_ROLES, OrgConfig, Role, Staff, Unit

WORKING_DAYS = 251
"""Working days in a year: 2008 h of nominal working time in 2024 (art. 130 Kodeksu pracy) / 8 h.
# assumption: the count varies by a day or two from year to year."""

LEAVE = 26 / WORKING_DAYS
"""26 days of annual leave: art. 154 § 1 pkt 2 Kodeksu pracy (10 years of employment, school
counted in: the usual case in a centre's staff; 20 days below that).
# assumption: every employee has the 26-day entitlement."""

SOCIAL_WORKER_EXTRA_LEAVE = 5 / WORKING_DAYS
"""10 extra working days of leave once in two years for a social worker doing social work or
interviews (art. 121 ust. 3 u.p.s.). # assumption: every social worker qualifies."""

SICKNESS = 0.0398
"""Sickness absence: 14.5 days per working person, 3.98% of working time (ZUS data for 2012, Z.
Szubert, "Absencja chorobowa w Polsce po transformacji społeczno-gospodarczej", Medycyna Pracy
2014;65(1):73–84). # assumption: the national share holds for a centre's staff."""

TRAINING = 0.02
"""About 5 days a year of training. # assumption, no public source found (art. 121 ust. 3b u.p.s.
pays for social workers' specialisation training but sets no amount of time)."""

REPORTING = 0.03
"""Reporting and internal paperwork outside the steps' own durations (MRPiPS-03, the
assessment of resources, internal reports). # assumption, no public source found."""

SUPERVISION = 0.01
"""Supervision of social work, a right of every social worker (art. 121a u.p.s.); about 2.5 days a
year for social workers and family assistants. # assumption, no public source found for the time."""

DEFAULT = AvailabilityShares(leave=LEAVE, sickness=SICKNESS, training=TRAINING, reporting=REPORTING)
"""Every role without a figure of its own: about 0.81 of an FTE serves clients."""

ROLE_DEFAULTS: dict[Role, AvailabilityShares] = {
    **{
        role: DEFAULT.model_copy(update={"leave": LEAVE + SOCIAL_WORKER_EXTRA_LEAVE, "supervision": SUPERVISION})
        for role in SOCIAL_WORKER_ROLES
    },
    Role.family_assistant: DEFAULT.model_copy(update={"supervision": SUPERVISION}),
}
"""Roles whose entitlements differ from :data:`DEFAULT` (social workers: about 0.78)."""


def availability(config: OrgConfig, role: Role) -> float:
    """Share of one FTE of ``role`` that serves clients: the configuration's figure, else the default."""
    section = config.availability
    value = None
    if section is not None:
        value = section.roles.get(role, section.default)
    if value is None:
        value = ROLE_DEFAULTS.get(role, DEFAULT)
    return 1.0 - value.lost() if isinstance(value, AvailabilityShares) else float(value)


def effective_fte(staff: Iterable[Staff], config: OrgConfig) -> float:
    """FTE that serves clients: Σ FTE × availability of the role."""
    return sum(s.fte * availability(config, s.role) for s in staff)


def servers(effective: float) -> int:
    """Staff serving at once for ``effective`` FTE: rounded half up, at least 1.

    The engine's servers are whole people (a queue is served by 1, 2, … at once), so the effective
    FTE is rounded to the nearest whole: 5 FTE × 0.8 = 4 servers, 3 × 0.8 = 2.4 → 2, 0.3 → 1 (a
    unit with any staff can serve; its utilisation then over-states what a part-timer can do).
    """
    return max(1, math.floor(effective + 0.5))


def unit_servers(unit: Unit, config: OrgConfig, staff: Iterable[Staff] | None = None) -> int:
    """Servers of ``unit`` (with ``staff`` instead of its own, for a plan being weighed)."""
    return servers(effective_fte(unit.staff if staff is None else staff, config))


def other_work(unit: Unit, week_hours: float) -> tuple[list[float], list[float]]:
    """The unit's declared other work as WISN's allowances: shares of available time (a share, or
    hours a week per FTE over the ``week_hours`` of an open week) and hours a year for the unit."""
    shares = [w.share for w in unit.other_work if w.share is not None]
    shares += [w.hours_per_week_per_fte / week_hours for w in unit.other_work if w.hours_per_week_per_fte is not None]
    return shares, [w.hours_per_year for w in unit.other_work if w.hours_per_year is not None]
