"""One sample client's journey through a procedure, step by step, for trainers.

The path is drawn at random along the ``next`` probabilities with a fixed seed, so a trainer
gets the same client again tomorrow. Each stop says whom the client meets, where, what is
produced and which statutory deadline runs; a stop in another building than the previous
one is a new trip, the cost the separated model is often blamed for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from model.checks import flow
from model.config.loader import Scenario
from model.config.schema import END, Deadline, Location, Step, Unit

MAX_STOPS = 40
"""A journey longer than this is cut off; procedures with loops could otherwise run forever."""


@dataclass(frozen=True)
class Stop:
    """One step of the journey, with the unit that serves it and where that is."""

    number: int
    step: Step
    function_name: str
    unit: Unit | None
    location: Location | None
    at_home: bool
    """The step happens at the client's home (a field step such as the environmental interview)."""
    new_trip: bool
    """The client has to go to a building other than the one of the previous office step."""
    trips: int
    """Trips so far, this stop included."""
    reason: str | None
    """Label of the branch that led here, if the procedure gives one."""
    p: float
    """Probability of the branch that led here (1 for the entry)."""
    running: tuple[Step, ...] = ()
    """Steps of this journey, this one or later, whose statutory deadline is already counting."""

    @property
    def deadline(self) -> Deadline | None:
        return self.step.deadline

    @property
    def address(self) -> str | None:
        return self.location.address if self.location else None


@dataclass(frozen=True)
class Summary:
    """What the client did on the whole journey, counted as the client lives it: the steps, the
    times they came to a building of the centre, those buildings, and the visits at their home.
    A step done without them (a decision drafted, a payment) is no visit, wherever it is done."""

    steps: int
    trips: int
    buildings: tuple[str, ...]
    home_visits: int


def summarise(stops: list[Stop]) -> Summary:
    visited = (s.address for s in stops if s.address and s.step.client_present and not s.at_home)
    return Summary(
        steps=len(stops),
        trips=stops[-1].trips if stops else 0,
        buildings=tuple(dict.fromkeys(visited)),
        home_visits=sum(1 for s in stops if s.at_home),
    )


def location_of(scenario: Scenario, unit: Unit) -> Location | None:
    """Where a unit works: its own ``location``, else its nearest supervisor's."""
    parents = {child.id: parent for parent in scenario.units for child in parent.units}
    places = {loc.id: loc for loc in scenario.config.locations}
    current: Unit | None = unit
    while current is not None:
        if current.location:
            return places.get(current.location)
        current = parents.get(current.id)
    return None


def sample_journey(scenario: Scenario, procedure_id: str, seed: int = 1, lang: str = "pl") -> list[Stop]:
    """The stops of one client through ``procedure_id``, drawn with ``seed``.

    Where several units serve a step, the client returns to a unit met before if it is among
    them (their caseworker, or their care area, stays the same); otherwise they get the first
    (routing policy ``first``) or one drawn at random.
    """
    procedure = scenario.procedure(procedure_id)
    if procedure is None:
        raise KeyError(procedure_id)
    rng = random.Random(seed)
    serving = flow.servers(scenario)
    first = scenario.config.routing.policy == "first"
    met: list[str] = []
    stops: list[Stop] = []
    building: str | None = None
    trips = 0
    step_id, reason, p = procedure.entry, None, 1.0
    while step_id != END and len(stops) < MAX_STOPS:
        step = procedure.step(step_id)
        if step is None:
            break
        candidates = serving.get(step.function, [])
        unit = next((u for u in candidates if u.id in met), None)
        if unit is None and candidates:
            unit = candidates[0] if first else rng.choice(candidates)
        if unit is not None and unit.id not in met:
            met.append(unit.id)
        location = location_of(scenario, unit) if unit else None
        # only a step the client comes in for is a trip (a decision drafted or a payment is not)
        new_trip = step.client_present and not step.field and location is not None and location.id != building
        if new_trip:
            trips += 1
            building = location.id  # type: ignore[union-attr]
        function = scenario.functions.get(step.function)
        stops.append(
            Stop(
                len(stops) + 1,
                step,
                (function.name_en if lang == "en" else function.name) if function else step.function,
                unit,
                location,
                step.field,
                new_trip,
                trips,
                reason,
                p,
            )
        )
        step_id, reason, p = _next(step, rng)
    return _with_running_deadlines(stops)


def _with_running_deadlines(stops: list[Stop]) -> list[Stop]:
    """Say at each stop which deadlines run: those of later steps whose clock has started.

    A clock starts on arrival or at the step its deadline counts from, and stops once its
    step is done, so a trainer can say "the decision is due within a month of the request".
    """
    result = []
    for index, stop in enumerate(stops):
        started = {"arrival", *(s.step.id for s in stops[: index + 1])}
        running = {
            later.step.id: later.step
            for later in stops[index:]
            if later.step.deadline and later.step.deadline.from_ in started
        }
        result.append(replace(stop, running=tuple(running.values())))
    return result


def _next(step: Step, rng: random.Random) -> tuple[str, str | None, float]:
    """Draw the branch taken after ``step``: its target, label and probability."""
    if isinstance(step.next, str):
        return step.next, None, 1.0
    draw, total = rng.random(), 0.0
    for branch in step.next:
        total += branch.p
        if draw < total:
            return branch.to, branch.label, branch.p
    last = step.next[-1]
    return last.to, last.label, last.p
