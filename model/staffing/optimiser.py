"""The least-cost staff per unit that meets every service level with 95% confidence.

The search works on *servers* (staff serving at once, what the simulation counts) and writes the
plan in FTE on the ``step`` grid. It goes in five moves:

1. **Bound.** From the offered load the flow sends each unit, the fewest staff for which the unit
   is stable, stays under its utilisation target and, by Erlang C, under its office-wait target,
   with only the time its caseload and other work leave for clients (the workload balance,
   :mod:`model.staffing.workload`, as a floor); then every staffing norm a rule enforces
   (:func:`model.config.norms.role_floors` over :mod:`model.law.norms`: art. 110 ust. 11 u.p.s.,
   art. 15 ust. 4 uwr), always
   hard constraints. Plans below this bound are never simulated.
2. **Probe.** If the bound plan misses a target, one simulation with generous staff everywhere
   tells which targets no staffing can meet (a deadline shorter than the route's delays); those
   are reported, not chased.
3. **Climb.** While a target is missed, add one person to one of the two busiest units it
   involves, whichever helps more (both simulated at once).
4. **Descend.** Try one person fewer in each unit; a cut the bound or the norm rules out is not
   simulated; take the largest saving that still meets every target, until none does. Why the
   last cut failed is each unit's *binding* target.
5. **Front.** A few dearer plans (one more person where the load per person is highest) are
   simulated too, so that the cost-against-service front shows what more money buys.

``pruned_by_bound`` counts the simulations the bound avoided: every person the bound puts above
what mere capacity needs (a move a search without the bound would have had to climb, one
simulation at least each) and every cut in the descent the bound rules out.

A unit the balance declares *not modelled* (its work is not described, so no figure says what it
needs) keeps its FTE, with that as its binding reason; one whose procedures and caseload describe
less than half its time (its model lacks work) is never cut below today's FTE, though a target may
add to it: a cut on a model that misses most of a unit's work is no plan. Either is planned like
any other unit when the user releases it.

Every plan runs on the same seed (common random numbers); a plan is simulated once and cached.
The cost-against-service Pareto front is taken over every plan simulated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.config.norms import RoleFloor, role_floors
from model.config.schema import Unit
from model.i18n import msg
from model.law.norms import TOLERANCE
from model.simulation.executor import Executor, LocalExecutor, Stopped
from model.simulation.settings import SimulationSettings
from model.staffing import costs, wisn
from model.staffing.erlang import UnitLoad, bound_failure, unit_loads
from model.staffing.evaluate import Evaluation, Job, capacity, evaluate_jobs, network_for, plan_settings, step_loads
from model.staffing.optimum import Binding, FrontPoint, Optimum, UnitPlan
from model.staffing.plan import adjustable_role, resized_staff
from model.staffing.targets import Targets, unit_waits
from model.staffing.workload import LACKS_WORK, WorkloadBalance, allowances, balance

MAX_ROUNDS = 60
"""Climb and descent moves at most, so that a search always ends."""

Progress = Callable[[str, int, float], None]
"""``progress(phase, evaluations so far, share of the current batch done)``."""


def _others(unit) -> float:
    """FTE of the roles a plan leaves as they are (see :func:`~model.staffing.plan.adjustable_role`)."""
    role = adjustable_role(unit)
    return sum(s.fte for s in unit.staff if s.role != role)


@dataclass(frozen=True)
class Reserve:
    """The time a unit's caseload and other work take (the workload balance, WISN's allowances):
    time the clients' queue at the unit cannot have, whatever its staff."""

    per_fte: float
    """Available hours a year of one FTE of the unit (availability and the working calendar)."""
    caseload_hours: float
    category_factor: float
    """WISN's 1 / (1 − Σ shares of time) of the unit's other work."""
    individual_hours: float
    """Other work given as hours a year (WISN's individual allowances)."""

    def client_fte(self, fte: float) -> float:
        """FTE left for the clients' procedure work when the unit has ``fte``: WISN's required staff
        solved for that work, (FTE − IAF) / CAF − caseload hours / hours per FTE."""
        individual = wisn.individual_allowance_factor([self.individual_hours], self.per_fte)
        return (fte - individual) / self.category_factor - self.caseload_hours / self.per_fte

    def client_load(self, load: UnitLoad, fte: float) -> UnitLoad | None:
        """The unit's load as its staff see it with only the client time left: every server is there
        for clients a share ``q`` of its time, so the queue runs as on servers ``1/q`` times slower
        (load and service times ÷ q). ``None`` when the caseload and other work leave no time."""
        left = self.client_fte(fte)
        if left < -TOLERANCE or (left <= TOLERANCE and load.load > 0):
            return None
        if load.load == 0:
            return load
        share = left / fte
        return replace(
            load, load=load.load / share, field_load=load.field_load / share, mean_service=load.mean_service / share
        )


def held_units(
    scenario: Scenario, work: WorkloadBalance, serving: Iterable[str], released: Iterable[str] = ()
) -> dict[str, Binding]:
    """Units among ``serving`` the plan keeps at their FTE, and why: the balance declares them not
    modelled, or their procedures and caseload describe less than half their time (the model lacks
    work, :data:`~model.staffing.workload.LACKS_WORK`). ``released`` units are planned all the same."""
    units = {u.id: u for u in scenario.units}
    found = {}
    for i in serving:
        balance_of = work.units.get(i)
        if i in released or balance_of is None or balance_of.available_hours <= 0:
            continue
        if i in work.not_modelled:
            found[i] = Binding("not_modelled", i, None, units[i].not_modelled or units[i].name)
            continue
        described = (balance_of.procedure_hours + balance_of.caseload_hours) / balance_of.available_hours
        if described < LACKS_WORK:
            found[i] = Binding("lacks_work", i, described, units[i].name)
    return found


def _release(scenario: Scenario, release: Iterable[str]) -> frozenset[str]:
    """Unit ids the user releases from being held at their FTE; an unknown id is one clear line."""
    wanted = frozenset(release)
    known = {u.id for u in scenario.units}
    unknown = sorted(wanted - known)
    if unknown:
        raise ConfigError(Problem("--release", None, msg("error.staffing.release", units=", ".join(unknown))))
    return wanted


def _reserves(work: WorkloadBalance, units: dict[str, Unit], week_hours: float) -> dict[str, Reserve]:
    """The time each unit's caseload and other work take, where the workload balance describes the unit."""
    found = {}
    for i, unit in units.items():
        described = work.units.get(i)
        if described is None or i in work.not_modelled or described.available_hours <= 0:
            continue
        shares, individual = allowances(unit, week_hours)
        found[i] = Reserve(
            described.available_hours / described.fte,
            described.caseload_hours,
            wisn.category_allowance_factor(shares),
            sum(individual),
        )
    return found


def _by_kind(kept: dict[str, Binding], kind: str) -> dict[str, Binding]:
    return {i: binding for i, binding in kept.items() if binding.kind == kind}


def _counted(floor: RoleFloor, scenario: Scenario, planned: dict[str, Unit]) -> float:
    """The FTE of a floor's roles in the units a plan leaves as they are."""
    return sum(floor.counted(s) for u in scenario.units if u.id not in planned for s in u.staff)


def _names(scenario: Scenario) -> dict[str, str]:
    """Procedures and ``procedure/step`` keys by the names a person reads."""
    return {p.id: p.name for p in scenario.procedures} | {
        f"{p.id}/{s.id}": f"{p.name} › {s.name or s.id}" for p in scenario.procedures for s in p.steps
    }


class Search:
    """One optimisation: the scenario, its targets, the bound, and every plan simulated so far."""

    def __init__(
        self,
        scenario: Scenario,
        targets: Targets,
        settings: SimulationSettings,
        executor: Executor,
        step: float = 0.5,
        use_bound: bool = True,
        progress: Progress | None = None,
        stop: Callable[[], bool] | None = None,
        front_points: int = 3,
        release: Iterable[str] = (),
    ):
        costs.check_costs(scenario)
        self.front_points = front_points
        self.scenario, self.targets, self.settings, self.executor = scenario, targets, settings, executor
        self.step, self.use_bound, self.progress, self.stop = step, use_bound, progress, stop
        base = network_for(scenario, {}, settings)
        self.field_share = base.field_share
        self.steps = step_loads(base)
        released = _release(scenario, release)
        # the balance at the configuration's own demand: a what-if multiplier changes the queue, not
        # which units the model describes (so that more demand never asks for fewer staff)
        work = balance(scenario) if settings.demand else balance(scenario, base)
        units = {u.id: u for u in scenario.units}
        serving = [u.id for u in base.units if any(u.id in s.units for s in self.steps)]
        kept = held_units(scenario, work, serving, released)
        self.held, self.not_cut = _by_kind(kept, "not_modelled"), _by_kind(kept, "lacks_work")
        """Units kept at their FTE, not planned at all: the balance declares them outside the model;
        and units whose model lacks work: planned, but never below today's FTE (they may grow)."""
        self.ids = [i for i in serving if i not in self.held]
        self.kept = {i: units[i].fte() for i in self.held}
        self.kept_servers = {i: capacity(scenario, units[i], fte) for i, fte in self.kept.items()}
        self.reserve = _reserves(work, {i: units[i] for i in self.ids}, base.calendar.week_minutes / 60)
        """Caseload and other work per unit the plan sizes (units the balance describes)."""
        self.units = {i: units[i] for i in self.ids}
        self.now = {i: units[i].fte() for i in self.ids}
        self.floor = {
            i: self.servers_of(i, self.now[i] if i in self.not_cut else self._least(units[i])) for i in self.ids
        }
        """The fewest staff a unit keeps: its other roles (a manager) and one person doing its work (a
        part-time post its part), or today's where its model lacks work."""
        self.cache: dict[tuple[int, ...], Evaluation] = {}
        self.pruned = 0
        self.start: tuple[int, ...] = ()
        """The plan the search starts from: the bound's, with the norm."""
        self.best: tuple[int, ...] | None = None
        """The cheapest plan found so far that meets every target (what a stopped search answers)."""
        self.caps: tuple[int, ...] = ()
        """The most staff a unit may get: see :meth:`cap`."""
        self.unreachable: dict[str, Binding] = {}
        """Targets no staffing within reach meets, by ``kind:item``: no longer chased."""
        self.names = _names(scenario)
        self.floors: list[RoleFloor] = role_floors(scenario)
        """Every staffing norm a rule enforces, as a floor under some roles' FTE."""
        self.fixed = [_counted(floor, scenario, self.units) for floor in self.floors]
        """Per floor, the FTE of its roles in units the plan leaves as they are."""
        self.unit_steps = {s.key: s.units for s in self.steps}
        loads = unit_loads(self.steps, dict.fromkeys(serving, 1), self.now | self.kept)
        self.waits = unit_waits(targets, {i: loads[i].office_steps for i in self.ids})

    # --- plans: servers per unit (a tuple in ``ids`` order) and their FTE -----------------------

    def _least(self, unit: Unit) -> float:
        """FTE of a unit's other roles and one person at its work, or the part-time post it has."""
        own = self.now[unit.id] - _others(unit)
        return _others(unit) + (min(1.0, own) if own > 0 else 1.0)

    def servers_of(self, unit_id: str, fte: float) -> int:
        """Staff serving at once in ``unit_id`` staffed with ``fte``: the simulation's own rule."""
        return capacity(self.scenario, self.units[unit_id], fte)

    def fte(self, unit_id: str, servers: int) -> float:
        """The least FTE on the grid that pays for ``servers`` staff serving at once (after availability),
        and never below today's for a unit whose model lacks work (FTE to servers loses the fraction)."""
        value = math.ceil(servers / self.step - 1e-9) * self.step
        if unit_id in self.not_cut:
            value = max(value, self.now[unit_id])
        while self.servers_of(unit_id, value) < servers:
            value += self.step
        return round(value, 6)

    def plan(self, servers: tuple[int, ...]) -> dict[str, float]:
        return {i: self.fte(i, c) for i, c in zip(self.ids, servers)}

    def cost(self, servers: tuple[int, ...]) -> float:
        return costs.plan_cost(self.scenario, self.plan(servers))

    def full_plan(self, servers: tuple[int, ...]) -> dict[str, float]:
        """The plan with the held units at their FTE: every unit the result lists."""
        return self.plan(servers) | self.kept

    def have(self, k: int, servers: tuple[int, ...]) -> float:
        """FTE of the roles of floor ``k`` (see :attr:`floors`) with these staff."""
        plan, floor = self.plan(servers), self.floors[k]
        return self.fixed[k] + sum(floor.counted(s) for i in self.ids for s in resized_staff(self.units[i], plan[i]))

    def below(self, servers: tuple[int, ...]) -> list[int]:
        """Floors these staff do not reach."""
        return [k for k, floor in enumerate(self.floors) if self.have(k, servers) + TOLERANCE < floor.required]

    def norm_binding(self, k: int) -> Binding:
        floor = self.floors[k]
        return Binding("norm", floor.citation, math.ceil(floor.required * 10 - TOLERANCE) / 10)

    def loads(self, servers: tuple[int, ...]) -> dict[str, UnitLoad]:
        """The flow's load per unit with these staff, the held units at theirs (they share work)."""
        count = dict(zip(self.ids, servers)) | self.kept_servers
        return unit_loads(self.steps, count, self.full_plan(servers))

    def bound(self, servers: tuple[int, ...], queueing: bool | None = None) -> dict[str, str]:
        """Units that cannot meet their targets with these staff, and why (see :func:`bound_failure`).

        Without ``queueing`` (or with the bound switched off) only capacity counts: a plan whose
        demand exceeds its staff is never worth simulating."""
        queueing = self.use_bound if queueing is None else queueing
        count = dict(zip(self.ids, servers))
        loads = self.loads(servers)
        plan = self.plan(servers)
        found = {}
        for i in self.ids:
            limit = self.targets.utilisation.get(i) if queueing else None
            wait = self.waits.get(i) if queueing else None
            reason = bound_failure(loads[i], count[i], limit, wait, self.field_share)
            if not reason and i in self.reserve:
                left = self.reserve[i].client_load(loads[i], plan[i])
                if left is None or bound_failure(left, count[i], limit, wait, self.field_share):
                    reason = "workload"
            if reason:
                found[i] = reason
        return found

    def lower_bound(self, queueing: bool | None = None) -> tuple[int, ...]:
        """The cheapest plan the bound allows (before the norm): one person added at a time where short."""
        servers = dict(self.floor)
        for _ in range(100_000):
            failing = self.bound(tuple(servers.values()), queueing)
            if not failing:
                break
            loads = self.loads(tuple(servers.values()))
            worst = max(failing, key=lambda i: loads[i].load / servers[i])
            servers[worst] += 1
        return tuple(servers.values())

    def with_norm(self, servers: tuple[int, ...]) -> tuple[int, ...]:
        """Add staff of a norm's roles where they are busiest until every norm holds; a norm no unit
        the plan resizes can meet is given up (reported as unreachable)."""
        current = list(servers)
        for k, floor in enumerate(self.floors):
            able = [j for j, i in enumerate(self.ids) if adjustable_role(self.units[i]) in floor.roles]
            while able and self.have(k, tuple(current)) + TOLERANCE < floor.required:
                loads = self.loads(tuple(current))
                j = max(able, key=lambda j: loads[self.ids[j]].load / current[j])
                before = self.have(k, tuple(current))
                current[j] += 1
                if self.have(k, tuple(current)) <= before + TOLERANCE:  # its added staff do not count (unqualified)
                    current[j] -= 1
                    able.remove(j)
            if self.have(k, tuple(current)) + TOLERANCE < floor.required:
                self.give_up([self.norm_binding(k)])
        return tuple(current)

    # --- simulating ---------------------------------------------------------------------------

    def evaluate(self, plans: list[tuple[int, ...]], phase: str) -> list[Evaluation]:
        todo = [p for p in dict.fromkeys(plans) if p not in self.cache]
        if todo:
            jobs = [Job(network_for(self.scenario, self.plan(p), self.settings), self.plan(p), {}) for p in todo]

            def batch(done: int, total: int) -> None:
                if self.progress:
                    self.progress(phase, len(self.cache), done / total)

            for p, found in zip(todo, evaluate_jobs(self.executor, jobs, self.settings, batch, self.stop)):
                self.cache[p] = found
        return [self.cache[p] for p in plans]

    def misses(self, found: Evaluation) -> list[tuple[str, str, float, float]]:
        """Targets missed with 95% confidence: ``(kind, item, limit, how far off relative to it)``."""
        out = []
        for p, limit in self.targets.deadlines.items():
            got = found.procedures.get(p)
            if got is not None and got.mean is not None and f"deadlines:{p}" not in self.unreachable:
                low = got.ci95.low if got.ci95 is not None else got.mean
                if low < limit - TOLERANCE:
                    out.append(("deadlines", p, limit, (limit - low) / limit))
        for key, limit in self.targets.waits.items():
            got = found.steps.get(key)
            if got is not None and got.mean is not None and f"mean_wait:{key}" not in self.unreachable:
                high = got.ci95.high if got.ci95 is not None else got.mean
                if high > limit + TOLERANCE:
                    out.append(("mean_wait", key, limit, (high - limit) / max(limit, 1.0)))
        for unit, limit in self.targets.utilisation.items():
            got = found.units.get(unit)
            if got is not None and got.mean is not None and f"utilisation:{unit}" not in self.unreachable:
                high = got.ci95.high if got.ci95 is not None else got.mean
                if high > limit + TOLERANCE:
                    out.append(("utilisation", unit, limit, (high - limit) / limit))
        return out

    def binding(self, kind: str, item: str, limit: float | None) -> Binding:
        """A target, named as people call it."""
        return Binding(kind, item, limit, self.names.get(item, self.units[item].name if item in self.units else ""))

    def give_up(self, targets: list) -> None:
        """Stop chasing targets no staffing within reach meets (missed ones or ready bindings)."""
        for target in targets:
            found = target if isinstance(target, Binding) else self.binding(*target[:3])
            self.unreachable[found.key] = found

    def involved(self, kind: str, item: str) -> set[str]:
        """Units whose staff a missed target depends on."""
        if kind == "utilisation":
            return {item}
        if kind == "mean_wait":
            return set(self.unit_steps.get(item, ()))
        prefix = f"{item}/"
        return {u for key, units in self.unit_steps.items() if key.startswith(prefix) for u in units}

    # --- the search ---------------------------------------------------------------------------

    def run(self) -> Optimum:
        try:
            return self._run()
        except Stopped:
            return self._result(self.best or self.start, stopped=True)

    def _run(self) -> Optimum:
        now = tuple(self.servers_of(i, self.now[i]) for i in self.ids)
        bound = self.lower_bound()
        # every person the bound adds above mere capacity is a climb move, so at least one
        # simulation, that a search without the bound would have made
        self.pruned += sum(b - c for b, c in zip(bound, self.lower_bound(queueing=False)))
        self.start = current = self.with_norm(bound)
        self.caps = self.cap(now)
        found, _ = self.evaluate([current, now], "bound")
        if self.misses(found):
            (generous,) = self.evaluate([self.caps], "probe")
            self.give_up(self.misses(generous))
        for _ in range(MAX_ROUNDS):
            missed = self.misses(self.cache[current])
            if not missed:
                break
            current = self._climb(current, missed)
        if self.misses(self.cache[current]):
            return self._result(current)
        self.best = current
        current, bindings = self._descend(current)
        self._explore(current)
        return self._result(current, bindings)

    def cap(self, now: tuple[int, ...]) -> tuple[int, ...]:
        """Generous staff everywhere: twice today's or the bound's, and two more."""
        return tuple(max(2 * a, 2 * b, b + 2) for a, b in zip(now, self.start))

    def _climb(self, current: tuple[int, ...], missed: list[tuple[str, str, float, float]]) -> tuple[int, ...]:
        """One person more where it helps most; targets that no room is left for become unreachable."""
        found = self.cache[current]
        units = set().union(*(self.involved(kind, item) for kind, item, _, _ in missed))
        caps = dict(zip(self.ids, self.caps))
        room = [i for i in self.ids if i in units and dict(zip(self.ids, current))[i] < caps[i]]
        if not room:
            self.give_up(missed)
            return current
        busiest = sorted(room, key=lambda i: -((found.units[i].mean or 0.0) if i in found.units else 0.0))[:2]
        candidates = [tuple(c + (i == u) for i, c in zip(self.ids, current)) for u in busiest]
        results = self.evaluate(candidates, "climb")
        scored = [(sum(off for *_, off in self.misses(r)), self.cost(c), c) for c, r in zip(candidates, results)]
        return min(scored)[2]

    def _descend(self, current: tuple[int, ...]) -> tuple[tuple[int, ...], dict[str, Binding]]:
        bindings: dict[str, Binding] = {}
        for _ in range(MAX_ROUNDS):
            bindings = {}
            candidates: dict[str, tuple[int, ...]] = {}
            for k, unit in enumerate(self.ids):
                if current[k] <= self.floor[unit]:
                    bindings[unit] = self.not_cut.get(unit, Binding("minimum"))
                    continue
                fewer = current[:k] + (current[k] - 1,) + current[k + 1 :]
                reason = self.bound(fewer).get(unit)
                if reason:
                    self.pruned += 1
                    bindings[unit] = self._bound_binding(unit, reason)
                    continue
                role = adjustable_role(self.units[unit])
                broken = [k for k in self.below(fewer) if role in self.floors[k].roles]
                if broken:
                    bindings[unit] = self.norm_binding(broken[0])
                    continue
                candidates[unit] = fewer
            results = dict(zip(candidates, self.evaluate(list(candidates.values()), "descend")))
            saving = []
            for unit, fewer in candidates.items():
                missed = self.misses(results[unit])
                if missed:
                    own = [m for m in missed if unit in self.involved(m[0], m[1])] or missed
                    kind, item, limit, _ = max(own, key=lambda m: m[3])
                    bindings[unit] = self.binding(kind, item, limit)
                else:
                    saving.append((self.cost(current) - self.cost(fewer), unit))
            if not saving:
                return current, bindings
            current = candidates[max(saving)[1]]
            self.best = current
        return current, bindings

    def _explore(self, current: tuple[int, ...]) -> None:
        """Simulate a few dearer plans beside the one found, for the front: each adds one person
        where the flow's load per person is highest (known without simulating), all in one batch."""
        plans, servers = [], list(current)
        for _ in range(self.front_points if self.ids else 0):
            loads = self.loads(tuple(servers))
            k = max(range(len(self.ids)), key=lambda k: loads[self.ids[k]].load / servers[k])
            servers[k] += 1
            plans.append(tuple(servers))
        self.evaluate(plans, "front")

    def _bound_binding(self, unit: str, reason: str) -> Binding:
        if reason == "utilisation":
            return self.binding("utilisation", unit, self.targets.utilisation.get(unit))
        if reason == "mean_wait":
            steps = [s for s, units in self.unit_steps.items() if unit in units and s in self.targets.waits]
            strictest = min(steps, key=lambda s: self.targets.waits[s])
            return self.binding("mean_wait", strictest, self.targets.waits[strictest])
        if reason == "workload":
            return self.binding("workload", unit, None)
        return Binding("capacity", unit)

    def _result(
        self, servers: tuple[int, ...], bindings: dict[str, Binding] | None = None, stopped: bool = False
    ) -> Optimum:
        bindings = bindings or {}
        plan = self.full_plan(servers)
        now_costs = {u.unit_id: u for u in costs.staff_costs(self.scenario).units}
        new_costs = {u.unit_id: u for u in costs.staff_costs(self.scenario, plan).units}
        summary = costs.staff_costs(self.scenario)
        rows = [
            UnitPlan(
                u.id,
                u.name,
                u.fte(),
                plan[u.id],
                self.held.get(u.id) or bindings.get(u.id, Binding("unknown")),
                now_costs[u.id].monthly if u.id in now_costs else 0.0,
                new_costs[u.id].monthly if u.id in new_costs else 0.0,
            )
            for u in self.scenario.units
            if u.id in plan
        ]
        now_servers = tuple(self.servers_of(i, self.now[i]) for i in self.ids)
        needed = self.cache.get(servers)
        return Optimum(
            units=rows,
            cost_now=summary.monthly,
            cost_needed=costs.plan_cost(self.scenario, plan),
            evaluations=len(self.cache),
            pruned_by_bound=self.pruned,
            front=self._front(),
            now=self.cache.get(now_servers),
            needed=needed,
            feasible=needed is not None and not self.misses(needed) and not stopped,
            unreachable=list(self.unreachable.values()),
            stopped=stopped,
            missing_costs=summary.missing,
            fte_total_now=summary.fte,
        )

    def _front(self) -> list[FrontPoint]:
        """Plans no other simulated plan beats on cost, deadlines met, mean wait and meeting the
        targets at once: a plan that misses a target never hides one that meets them (the centre's
        mean wait can be shorter where one unit's wait is over its target)."""
        points = []
        for servers, found in self.cache.items():
            plan = self.full_plan(servers)
            total = sum(u.fte() for u in self.scenario.units if u.id not in plan) + sum(plan.values())
            meets = not self.misses(found) and not self.below(servers)
            points.append(
                FrontPoint(round(total, 6), self.cost(servers), found.deadlines_met, found.mean_wait, plan, meets)
            )

        def key(p: FrontPoint) -> tuple[float, float, float, bool]:
            deadlines = 1.0 if p.deadlines_met.mean is None else p.deadlines_met.mean
            wait = 0.0 if p.mean_wait.mean is None else p.mean_wait.mean
            return p.cost, -deadlines, wait, not p.meets_targets

        def beats(a: FrontPoint, b: FrontPoint) -> bool:
            x, y = key(a), key(b)
            return all(i <= j for i, j in zip(x, y)) and x != y

        front = [p for p in points if not any(beats(q, p) for q in points)]
        return sorted(front, key=key)


def optimise(
    scenario: Scenario,
    targets: Targets,
    settings: SimulationSettings | None = None,
    executor: Executor | None = None,
    step: float = 0.5,
    budget: float | None = None,
    use_bound: bool = True,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
    front_points: int = 3,
    release: Iterable[str] = (),
) -> Optimum:
    """Find the least-cost FTE per unit meeting every target, never below a staffing norm or the
    workload balance; ``release``: not-modelled units the plan may resize (see the module's docstring).

    Parameters
    ----------
    scenario:
        The centre as it is.
    targets:
        Service levels to meet (:func:`model.staffing.targets.resolve` of the wanted levels).
    settings:
        How each plan is simulated (default :func:`model.staffing.evaluate.plan_settings`).
    executor:
        Where plans run (:mod:`model.simulation.executor`); default local processes, closed after.
    step:
        FTE step of the search; ``budget``: a monthly cost the report compares the plan with.
    use_bound, progress, stop, front_points:
        Prune plans that Erlang C shows cannot meet a target; report progress; ask whether to
        stop between batches; points kept on the cost–service Pareto front.

    Returns
    -------
    Optimum
        The least-cost plan (``plan``: unit id → FTE) with its evaluation, its cost against
        today's, the binding targets and the Pareto front.

    Examples
    --------
    One post serving 2,000 ten-minute visits a week, round the clock; a wait of at most four
    minutes on average needs more than today's two clerks:

    >>> from model import load_scenario_text
    >>> from model.simulation.executor import LocalExecutor
    >>> from model.staffing.evaluate import plan_settings
    >>> from model.staffing.targets import Levels, resolve
    >>> scenario = load_scenario_text(
    ...     "centre: {name: OPS Testowo, population: 6000, model: care_area}\\n"
    ...     "availability: {default: 1}\\n"
    ...     "units:\\n"
    ...     "  - {id: office, name: Ośrodek, kind: management, staff: [{role: social_worker, fte: 3}]}\\n"
    ...     "  - {id: desk, name: Stanowisko, kind: post, functions: [first_contact], staff: [{role: clerk, fte: 2}]}\\n"
    ...     "calendar: {kind: always}\\n"
    ...     "routing: {policy: first}\\n"
    ...     "procedures:\\n"
    ...     "  - {id: visit, name: Wizyta, arrivals: {per_week: 2000}, entry: serve, steps: "
    ...     "[{id: serve, function: first_contact, duration: {dist: exponential, mean: 10}, next: end}]}\\n",
    ...     "testowo.yaml",
    ... )
    >>> targets = resolve(scenario, Levels(max_mean_wait={"*": 4.0}))
    >>> with LocalExecutor(1) as here:
    ...     found = optimise(scenario, targets, plan_settings(days=10, warmup_days=1, replications=3, seed=3), here)
    >>> found.plan["desk"] > 2
    True
    """
    settings = settings or plan_settings()
    own = executor is None
    executor = executor or LocalExecutor()
    try:
        result = Search(
            scenario, targets, settings, executor, step, use_bound, progress, stop, front_points, release
        ).run()
    finally:
        if own:
            executor.close()
    result.budget = budget
    return result
