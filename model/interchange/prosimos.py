"""The simulation parameters of an exported procedure as Prosimos reads them (its JSON format).

Prosimos (Automated Process Improvement group, Tartu) takes the control flow from the BPMN file
and everything else from a JSON beside it: resource pools, arrival and resource calendars,
inter-arrival and task-duration distributions (in seconds, parameters as pix-framework's
``DurationDistribution.from_dict`` reads them), branching probabilities by sequence flow, and
the durations of timer events. What Prosimos cannot say is approximated, as written here:

- a triangular duration becomes a gamma of the same mean and variance, cut to its range;
- a delay in working days or months becomes calendar time (7/5 of a day per working day,
  30.44 days per month): Prosimos's timers run on the wall clock;
- each unit is one pool of identical staff, as many as its servers (FTE × availability).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from model.config.availability import unit_servers
from model.config.loader import Scenario
from model.config.quantities import Span
from model.config.schema import Duration
from model.interchange.bpmn_export import Drawn

SECONDS_PER_MINUTE = 60.0
TAIL = 50.0
"""An exponential or lognormal is cut at this many means: Prosimos needs a maximum."""
DAY_NAMES = {
    "mon": "MONDAY",
    "tue": "TUESDAY",
    "wed": "WEDNESDAY",
    "thu": "THURSDAY",
    "fri": "FRIDAY",
    "sat": "SATURDAY",
    "sun": "SUNDAY",
}
CALENDAR_ID = "office_hours"


def _params(*values: float) -> list[dict[str, float]]:
    return [{"value": float(v)} for v in values]


def distribution(duration: Duration) -> dict[str, Any]:
    """A duration (working minutes) as a Prosimos distribution (seconds)."""
    s = SECONDS_PER_MINUTE
    if duration.dist == "fixed":
        return {"distribution_name": "fix", "distribution_params": _params(duration.value * s)}  # type: ignore[operator]
    if duration.dist == "exponential":
        mean = duration.mean * s  # type: ignore[operator]
        return {"distribution_name": "expon", "distribution_params": _params(mean, 0.0, mean * TAIL)}
    if duration.dist == "lognormal":
        mean, sd = duration.mean * s, duration.sd * s  # type: ignore[operator]
        return {"distribution_name": "lognorm", "distribution_params": _params(mean, sd * sd, 0.0, mean * TAIL)}
    low, mode, high = (v * s for v in (duration.min, duration.mode, duration.max))  # type: ignore[operator]
    mean = (low + mode + high) / 3
    variance = (low * low + mode * mode + high * high - low * mode - low * high - mode * high) / 18
    if variance <= 0:
        return {"distribution_name": "fix", "distribution_params": _params(mean)}
    return {"distribution_name": "gamma", "distribution_params": _params(mean, variance, low, high)}


def wall_clock_seconds(span: Span, working_day_minutes: float) -> float:
    """A delay as the wall-clock time a Prosimos timer waits."""
    if span.unit == "minutes":
        return span.amount * SECONDS_PER_MINUTE
    if span.unit == "working_days":
        return span.amount * 7 / 5 * 86400
    if span.unit == "days":
        return span.amount * 86400
    return span.amount * 30.44 * 86400


def _clock(time: dt.time) -> str:
    return time.strftime("%H:%M:%S")


def prosimos_parameters(scenario: Scenario, drawn: Drawn) -> dict[str, Any]:
    """The Prosimos JSON of one exported procedure."""
    config = scenario.config
    calendar = config.calendar
    if calendar.kind == "always":
        periods = [{"from": "MONDAY", "to": "SUNDAY", "beginTime": "00:00:00", "endTime": "23:59:59"}]
        weekly_minutes = 7 * 24 * 60.0
    else:
        periods = [
            {
                "from": DAY_NAMES[d],
                "to": DAY_NAMES[d],
                "beginTime": _clock(calendar.open),
                "endTime": _clock(calendar.close),
            }
            for d in calendar.days
        ]
        day = (
            dt.datetime.combine(dt.date.min, calendar.close) - dt.datetime.combine(dt.date.min, calendar.open)
        ).seconds
        weekly_minutes = len(calendar.days) * day / 60
    procedure = drawn.procedure
    rate = procedure.arrivals.rate_for(config.centre.population)
    pools: dict[str, dict[str, Any]] = {}
    for lane_id, (name, units) in drawn.lanes.items():
        servers = sum(unit_servers(u, config) for u in scenario.units if u.id in units) or 1
        pools[lane_id] = {
            "id": lane_id,
            "name": name,
            "resource_list": [
                {
                    "id": f"{lane_id}.staff",
                    "name": name,
                    "cost_per_hour": 0,
                    "amount": servers,
                    "calendar": CALENDAR_ID,
                    "assigned_tasks": [],
                }
            ],
        }
    lane_of_task = {node.id: node.lane for node in drawn.nodes if node.id in drawn.tasks}
    tasks = []
    for task_id, step in drawn.tasks.items():
        pool = pools[lane_of_task[task_id]]
        resource = pool["resource_list"][0]
        resource["assigned_tasks"].append(task_id)
        tasks.append({"task_id": task_id, "resources": [{"resource_id": resource["id"]} | distribution(step.duration)]})
    mean_gap = weekly_minutes / rate * SECONDS_PER_MINUTE if rate > 0 else 1e12
    day_minutes = weekly_minutes / max(1, len(calendar.days))
    return {
        "resource_profiles": list(pools.values()),
        "arrival_time_distribution": {
            "distribution_name": "expon",
            "distribution_params": _params(mean_gap, 0.0, mean_gap * TAIL),
        },
        "arrival_time_calendar": periods,
        "gateway_branching_probabilities": [
            {"gateway_id": gateway, "probabilities": [{"path_id": flow, "value": p} for flow, p in flows]}
            for gateway, flows in drawn.gateways.items()
        ],
        "task_resource_distribution": tasks,
        "resource_calendars": [{"id": CALENDAR_ID, "name": CALENDAR_ID, "time_periods": periods}],
        "event_distribution": [
            {
                "event_id": timer,
                "distribution_name": "fix",
                "distribution_params": _params(wall_clock_seconds(span, day_minutes)),
            }
            for timer, span in drawn.timers.items()
        ],
        "batch_processing": [],
        "case_attributes": [],
        "prioritisation_rules": [],
    }
