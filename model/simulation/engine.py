"""The processes of one replication: clients come in and walk their procedure.

The story, as in SimPy's bank example, told on the model's own event loop
(:mod:`model.simulation.eventloop`, whose docstring states its contract): a client of a procedure arrives while the office is
open, and for every step waits (perhaps first for documents: the step's delay), is assigned
to a unit that serves the step's function, waits for one of its staff, is served, and follows
``next`` until the end. Home visits happen only in field hours. What the client lives
through is told to a :class:`~model.simulation.stats.Tally`, which keeps the numbers.

**Warm start.** A run need not begin empty. ``Network.open_cases`` (see
:class:`~model.simulation.network.OpenCase`, set through ``simulate(..., open_cases=...)``) lists
clients already in progress at minute 0: their procedure, the step they are at, and the working
minute (0 or earlier) at which their case began; each starts at that step. A caseload procedure
(``origin: caseload``), or one whose clients become cases of a unit that declares a caseload
(``ProcedureSpec.warm``), given no open cases of its own starts with its typical caseload: at every
step, a Poisson number of cases with mean rate × visits × (delay + duration), Little's law per
step, so the first day looks like any other. Open cases are not part of the measured cohort.
"""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import partial
from itertools import accumulate, chain

import numpy as np

from model.config.calendar import WorkingCalendar
from model.simulation.eventloop import EventLoop, Servers, Story
from model.simulation.network import Network, ProcedureSpec, StepSpec, UnitSpec
from model.simulation.stats import Client, Record, Tally


class Desk:
    """A unit at work: where it is, what it does, and its staff."""

    __slots__ = ("index", "staff", "location", "functions", "fte", "cases")

    def __init__(self, loop: EventLoop, index: int, spec: UnitSpec):
        self.index = index
        self.staff = Servers(loop, spec.servers)
        self.cases = None if spec.cases is None else Servers(loop, spec.cases)  # open cases it can carry
        self.location = spec.location
        self.functions = spec.functions
        self.fte = spec.fte


class Stage:
    """A step ready to run: its units, a sampler for its duration, where it leads."""

    __slots__ = (
        "key",
        "slot",
        "index",
        "function",
        "desks",
        "only",
        "weights",
        "sample",
        "delay",
        "until",
        "following",
        "forks",
        "cumulative",
        "field",
        "visited",
        "route",
        "deadline",
        "anchor",
        "branch",
    )
    route: Callable[[Client, Stage], Desk]
    """The routing policy that picks the unit (set by :class:`Replication` from ``routing.policy``)."""

    def __init__(
        self, spec: StepSpec, slot: int, desks: list[Desk], streams: Streams, procedure: str, calendar: WorkingCalendar
    ):
        self.key, self.slot, self.index, self.function = spec.key, slot, spec.index, spec.function
        self.desks = tuple(desks[u] for u in spec.units)
        self.only = self.desks[0] if len(self.desks) == 1 else None  # no routing decision to make
        self.weights = tuple(accumulate(d.fte for d in self.desks))  # for drawing a care area
        self.sample = _sampler(spec.duration, partial(streams.generator, procedure, spec.key, "service"))
        self.branch = _draws(partial(streams.generator, procedure, spec.key, "branch"), "random")
        self.delay = spec.delay
        # a delay in calendar days ends at a civil time: its working minutes depend on the start
        self.until = None if spec.delay_span is None else partial(calendar.after, span=spec.delay_span)
        self.following: tuple[Stage | None, ...] = ()
        self.forks = len(spec.targets) - 1  # the last branch's index; 0 when there is one way on
        self.cumulative = spec.cumulative
        self.field = spec.field and calendar.field_window is not None  # done in field hours only
        self.deadline, self.anchor = spec.deadline, spec.anchor
        self.visited = spec.client_present and not spec.field  # the client comes to the unit's building


class Flow:
    """A procedure ready to run."""

    __slots__ = ("index", "spec", "entry", "stages")

    def __init__(self, index: int, spec: ProcedureSpec, stages: list[Stage]):
        self.index, self.spec, self.stages = index, spec, stages
        self.entry = stages[spec.entry]
        for stage, step in zip(stages, spec.steps):
            stage.following = tuple(None if t is None else stages[t] for t in step.targets)


BLOCK = 512
"""Random numbers drawn at once: numpy is fast per block and slow per call."""


Stream = Callable[[], np.random.Generator]
"""Makes one random stream (see :meth:`Streams.generator`)."""


def _draws(stream: Stream, method: str, *parameters: float) -> Callable[[], float]:
    """A sampler that hands out one number at a time from blocks drawn by ``stream().method``.

    The stream is made at the first draw: many are never drawn from (a step with one way on,
    a fixed duration, a procedure without care areas), and making one costs more than a block.
    """

    def blocks() -> Iterator[list[float]]:
        draw = getattr(stream(), method)
        while True:
            yield draw(*parameters, BLOCK).tolist()

    return chain.from_iterable(blocks()).__next__


def _sampler(duration: tuple[str, float, float, float], stream: Stream) -> Callable[[], float]:
    dist, a, b, c = duration
    if dist == "fixed":
        return lambda: a
    if dist == "exponential":
        if not a:
            return lambda: 0.0
        return _draws(stream, "exponential", a)
    if dist == "triangular":
        if a == b:
            return lambda: a
        return _draws(stream, "triangular", a, c, b)  # numpy's order: left, mode, right
    return _draws(stream, "lognormal", a, b)


class Streams:
    """Independent random streams, one per purpose, from one seed (common random numbers).

    Each stream is keyed by the replication, the procedure, the step and the purpose
    (``arrivals``, ``service``, ``branch``, ``care_area``), hashed into numpy's
    :class:`~numpy.random.SeedSequence`. The same client therefore meets the same draws under
    any organisation: comparing two structures on one seed isolates the structure's effect, and
    a procedure whose units are untouched gives bit-identical numbers.
    """

    def __init__(self, seed: int, replication: int):
        self.seed, self.replication = seed, replication

    def generator(self, *key: str) -> np.random.Generator:
        entropy = [self.seed, self.replication] + [zlib.crc32(part.encode()) for part in key]
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))


class Replication:
    """One run of the centre over the simulated period."""

    def __init__(self, network: Network, seed: int, replication: int, tally: type[Tally] = Tally):
        """``tally`` keeps the numbers; a subclass may keep more (the event log of a calibration)."""
        self.network = network
        self.calendar = network.calendar
        self.loop = loop = EventLoop()
        self.streams = streams = Streams(seed, replication)
        self.desks = [Desk(loop, i, u) for i, u in enumerate(network.units)]
        self.flows: list[Flow] = []
        self.stages: list[Stage] = []
        for index, spec in enumerate(network.procedures):
            stages = [
                Stage(step, len(self.stages) + i, self.desks, streams, spec.id, self.calendar)
                for i, step in enumerate(spec.steps)
            ]
            self.stages.extend(stages)
            self.flows.append(Flow(index, spec, stages))
        self.tally = tally(network, len(self.stages))
        self.beginning: list[Story] = []  # the stories that start at minute 0, once the clock runs
        loop.after(0, self.begin)
        policies = {"first": self._first, "shortest_queue": self._shortest_queue, "care_area": self._care_area}
        for stage in self.stages:
            stage.route = policies[network.policy_for(stage.function)]
        for flow in self.flows:
            if flow.spec.rate > 0:
                self.beginning.append(self.arrivals(flow, partial(streams.generator, flow.spec.id, "arrivals")))
        self.care_draws = {
            flow.index: _draws(partial(streams.generator, flow.spec.id, "care_area"), "random") for flow in self.flows
        }
        given = {case.procedure for case in network.open_cases}
        for case in network.open_cases:
            procedure, step = case.procedure, case.step
            assert isinstance(procedure, int) and isinstance(step, int), "compile_network resolves ids to indexes"
            self.resume(self.flows[procedure], step, case.started)
        for flow in self.flows:
            if flow.spec.warm and flow.index not in given:
                self.caseload(flow, streams.generator(flow.spec.id, "open_cases"))

    def run(self) -> Record:
        """The window, then the run-out: no one new comes, the window's clients finish."""
        loop = self.loop
        loop.run(until=self.network.window_end)
        record = self.tally.close(loop.now, self.desks, self.stages)
        if self.calendar.horizon > loop.now:
            loop.run(until=self.calendar.horizon)
        record.events = loop.ran
        return self.tally.follow_up(record, loop.now)

    def begin(self) -> None:
        for story in self.beginning:
            self.loop.tell(story)

    # --- the story ----------------------------------------------------------------------------

    def arrivals(self, flow: Flow, stream: Stream) -> Story:
        """Clients of one procedure come in one by one, a Poisson stream in open hours."""
        loop, tally, end = self.loop, self.tally, self.network.window_end
        gap = _draws(stream, "exponential", 1.0 / flow.spec.rate)
        while True:
            yield gap()
            if loop.now >= end:
                return
            me = Client(flow, loop.now)
            tally.arrived(me)
            loop.tell(self.visit(me))

    def resume(self, flow: Flow, step: int, started: float, rest: float | None = None) -> None:
        """A case already open at the start: the client is at ``step`` since ``started``, with
        ``rest`` of its delay still to pass (all of it when ``None``)."""
        me = Client(flow, started)
        self.tally.arrived(me)
        self.beginning.append(self.visit(me, flow.stages[step], rest))

    def caseload(self, flow: Flow, generator: np.random.Generator) -> None:
        """The open cases of a caseload procedure in a steady state, spread over its steps."""
        spec = flow.spec
        for index, (step, visits) in enumerate(zip(spec.steps, spec.visits)):
            for _ in range(generator.poisson(spec.rate * visits * (step.delay + step.mean_minutes))):
                # seen at a random moment of the step: the rest of its delay is uniform (an
                # approximation: a case found in service would in truth start being served)
                self.resume(flow, index, 0.0, generator.uniform(0.0, step.delay))

    def visit(self, me: Client, stage: Stage | None = None, rest: float | None = None) -> Story:
        """The client walks the procedure from its entry to the end, one step at a time (an open
        case from ``stage``, with ``rest`` of its delay left)."""
        loop, tally = self.loop, self.tally
        stage = stage or me.procedure.entry
        while stage is not None:
            me.heading = stage
            if stage.delay:  # documents, opinions: time passes, nobody works
                if rest is None:
                    rest = stage.delay if stage.until is None else stage.until(loop.now) - loop.now
                yield rest
                rest = None
            desk = stage.only or stage.route(me, stage)
            me.stage, me.desk, me.since = stage, desk, loop.now  # waiting for the step begins now
            places = desk.cases
            if places is not None and places not in me.held:
                line = places.request()
                if line is not None:
                    yield line  # the unit carries all the cases it can: wait (in its queue) until one closes
                me.held += (places,)
            if stage.field:
                yield from self.home_visit(me, stage, desk)
                tally.finished(me, loop.now)
            else:
                line = desk.staff.request()
                if line is not None:
                    yield line  # everyone is busy: wait in line
                tally.started(me, loop.now)
                yield stage.sample()
                desk.staff.release()
                tally.served(me, loop.now)
            if stage.forks:
                stage = stage.following[min(bisect_right(stage.cumulative, stage.branch()), stage.forks)]
            else:
                stage = stage.following[0]
        for places in me.held:
            places.release()
        tally.left(me, loop.now)

    def home_visit(self, me: Client, stage: Stage, desk: Desk) -> Story:
        """An interview at the client's home: only in field hours, so it may go on the next day."""
        loop, calendar, tally = self.loop, self.calendar, self.tally
        remaining, begun = stage.sample(), False
        while True:
            closed = calendar.until_field(loop.now)
            if closed:
                yield closed
            line = desk.staff.request()
            if line is not None:
                yield line
            if (closed or line is not None) and calendar.until_field(loop.now):  # no wait: still in field hours
                desk.staff.release()
                continue  # field hours ended while the client waited for a free worker
            if begun:
                tally.resumed(me, loop.now)
            else:
                tally.started(me, loop.now)
                begun = True
            piece = min(remaining, calendar.field_left(loop.now))
            yield piece
            desk.staff.release()
            tally.worked(me, loop.now)
            remaining -= piece
            if remaining <= 0:
                return

    # --- routing policies (config ``routing.policy``) -----------------------------------------

    def _first(self, me: Client, stage: Stage) -> Desk:
        """The first unit in chart order that serves the function."""
        return stage.desks[0]

    def _shortest_queue(self, me: Client, stage: Stage) -> Desk:
        """The unit with the fewest clients (waiting or served) per staff member; first on a tie."""
        return min(stage.desks, key=lambda d: d.staff.load)

    def _care_area(self, me: Client, stage: Stage) -> Desk:
        """The client's own care-area unit.

        The first time a client needs a function served by several units, one of them is drawn
        with probability proportional to its FTE; the client then stays with that unit for every
        function it serves (drawing at that moment rather than at arrival changes nothing, as no
        earlier step depended on it).
        """
        desks = stage.desks
        for desk in me.tied:
            if stage.function in desk.functions:
                return desk
        weights = stage.weights
        desk = desks[min(bisect_right(weights, self.care_draws[me.procedure.index]() * weights[-1]), len(desks) - 1)]
        me.tied += (desk,)
        return desk


def replicate(network: Network, seed: int, replication: int) -> Record:
    """Run one replication, day by day; a plain function so worker processes can call it."""
    return Replication(network, seed, replication).run()


def replications(network: Network, seed: int, indices: tuple[int, ...]) -> list[Record]:
    """Run some replications of one network: the task an executor ships
    (:mod:`model.simulation.executor`), a plain function so that it can be."""
    return [replicate(network, seed, index) for index in indices]
