"""Benchmark: the simulation per core beside bare SimPy (M/M/3 and Tarnowskie Góry), and in parallel.

First the per-core ratio the issue sets (at most 0.5×): an M/M/3 queue (utilisation 0.8, 24/7,
365 days × 4 replications, one process) as ``python -m model simulate … --processes 1`` against
the same queue in idiomatic SimPy (``benchmarks/bare_mm3.py``), each as a whole process
(interpreter start and imports included), median of ``--rounds`` runs, interleaved so that
machine noise hits both alike; wall-clock and CPU time (user + system) are both given, as the
CPU time is what another job on a shared machine does not inflate.

Then Tarnowskie Góry for a year beside a bare SimPy model of the same network. That bare model is the same network written by hand in a few dozen lines (Poisson arrivals in
working time, delays, one ``simpy.Resource`` per unit, field hours, branching) with no
statistics, no calendar dates and no deadlines: what idiomatic SimPy costs. The ratio of the
two is the model's overhead. The model runs on its own event loop
(:mod:`model.simulation.eventloop`), which needs fewer events than the bare one: its servers are
a free count and a line rather than a ``simpy.Resource`` (no event when someone is free, none to
hand a freed one over), and a client is a generator resumed by the loop, not a SimPy process
with its start and end events; that, and the loop compiled by mypyc (:mod:`model.simulation.native`),
is why it comes out faster.
Then the app's default Symulacja run (a year, ±5 %, replications chosen by the stopping rule) as
the app's server runs it: in a process with threads, on the shared pool of workers; wall clock per
run, and the same run's CPU time in one process. Last, ``--replications`` of the default run in
parallel, run-out included. ``--only mm3|app|network|parallel`` (repeatable) runs some parts.
Usage::

    python benchmarks/simulate.py [CONFIG] [--days 365] [--replications 30] [--processes N] [--rounds 5] [--only PART]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

import simpy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bare_mm3  # the bare M/M/3, beside this script

import model.simulation as simulation
from model import load_scenario
from model.checks.flow import servers
from model.config.availability import unit_servers
from model.config.calendar import WorkingCalendar
from model.config.schema import END
from model.simulation import SimulationSettings, simulate
from model.simulation.engine import replicate
from model.simulation.runner import network_of
from model.simulation.settings import PRECISION_FIRST_BATCH

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("mm3", "app", "network", "parallel")
DEFAULT_CONFIG = ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"
MM3 = Path(__file__).resolve().parent / "mm3.yaml"
"""The queue of ``bare_mm3.py``: 3 servers, 60-minute exponential service, 0.8 × 3 / 60 arrivals a minute."""
OFFICE_DAY = 480  # 7:30–15:30
BARE_DELAY = {"minutes": 1, "working_days": OFFICE_DAY, "days": OFFICE_DAY * 5 / 7}  # working minutes per unit
OFFICE_WEEK = 5 * OFFICE_DAY
FIELD = (150, 390)  # 10:00–14:00 as minutes after opening


def bare_model(scenario, horizon: float, seed: int) -> int:
    """The same network in plain SimPy for ``horizon`` working minutes; returns the events scheduled."""
    env = simpy.Environment()
    rng = random.Random(seed)
    resources = {f: simpy.Resource(env, unit_servers(us[0], scenario.config)) for f, us in servers(scenario).items()}

    def duration(d):
        if d.dist == "exponential":
            return lambda: rng.expovariate(1 / d.mean)
        if d.dist == "triangular":
            return lambda: rng.triangular(d.min, d.max, d.mode)
        if d.dist == "lognormal":
            sigma2 = math.log1p((d.sd / d.mean) ** 2)
            return lambda: rng.lognormvariate(math.log(d.mean) - sigma2 / 2, sigma2**0.5)
        return lambda: d.value

    def until_field():
        offset = env.now % OFFICE_DAY
        return FIELD[0] - offset if offset < FIELD[0] else OFFICE_DAY - offset + FIELD[0] if offset >= FIELD[1] else 0

    def client(steps, entry):
        step = steps[entry]
        while step is not None:
            resource, sample, delay, field, targets, cumulative = step
            if delay:
                yield env.timeout(delay)
            if field:
                remaining = sample()
                while remaining > 0:
                    wait = until_field()
                    if wait:
                        yield env.timeout(wait)
                    with resource.request() as turn:
                        yield turn
                        if until_field():
                            continue
                        piece = min(remaining, FIELD[1] - env.now % OFFICE_DAY)
                        yield env.timeout(piece)
                        remaining -= piece
            else:
                with resource.request() as turn:
                    yield turn
                    yield env.timeout(sample())
            step = steps[targets[0] if len(targets) == 1 else targets[bisect_right(cumulative, rng.random())]]

    def arrivals(procedure, rate):
        index = {s.id: i for i, s in enumerate(procedure.steps)}
        end = len(procedure.steps)
        steps = [
            (
                resources[s.function],
                duration(s.duration),
                0 if s.delay is None else s.delay.amount * BARE_DELAY[s.delay.unit],
                s.field,
                [end if t == END else index[t] for t, _ in s.branches],
                [sum(p for _, p in s.branches[: i + 1]) for i in range(len(s.branches))],
            )
            for s in procedure.steps
        ] + [None]
        while True:
            yield env.timeout(rng.expovariate(rate))
            env.process(client(steps, index[procedure.entry]))

    for procedure in scenario.procedures:
        rate = procedure.arrivals.rate_for(scenario.config.centre.population) / OFFICE_WEEK
        env.process(arrivals(procedure, rate))
    env.run(until=horizon)
    return next(env._eid)


def whole_process(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command``.

    Bytecode caching is allowed whatever this shell says (``PYTHONDONTWRITEBYTECODE``), as an
    installed package has its modules compiled: otherwise the model, dozens of modules, would
    be compiled again on every run, and the bare script, one module, would not.
    """
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=environment | {"PYTHONPATH": str(ROOT)}
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def per_core_mm3(rounds: int) -> None:
    """The issue's ratio: M/M/3, 365 days × 4 replications, one process, whole-process medians."""
    model = [sys.executable, "-m", "model", "simulate", str(MM3), "--days", "365"]
    model += ["--replications", "4", "--processes", "1"]
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_mm3.py"), "365", "4"]
    times: dict[str, list[tuple[float, float]]] = {"bare": [], "model": []}
    engine: dict[str, list[float]] = {"bare": [], "model": []}
    scenario = load_scenario(MM3)
    settings = SimulationSettings(days=365, replications=4, processes=1)
    whole_process(bare), whole_process(model)  # untimed: compiles the bytecode, fills the disk cache
    for _ in range(rounds):
        times["bare"].append(whole_process(bare))
        times["model"].append(whole_process(model))
        started = time.process_time()
        for seed in range(1, 5):
            bare_mm3.replication(365, seed)
        engine["bare"].append(time.process_time() - started)
        started = time.process_time()
        simulate(scenario, settings)
        engine["model"].append(time.process_time() - started)
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    print(f"M/M/3, 365 days × 4 replications, one process, whole process, median of {rounds}:")
    print(f"  bare SimPy : {wall['bare']:6.2f} s wall, {cpu['bare']:6.2f} s CPU")
    print(f"  model      : {wall['model']:6.2f} s wall, {cpu['model']:6.2f} s CPU")
    print(
        f"  per core   : {wall['model'] / wall['bare']:.2f}x wall, {cpu['model'] / cpu['bare']:.2f}x CPU "
        "the bare SimPy model (target at most 0.5x)"
    )
    # a shared machine's speed drifts: each round's model run against the bare run just before it
    paired = sorted(m[1] / b[1] for b, m in zip(times["bare"], times["model"]))
    print(
        f"  paired     : {statistics.median(paired):.2f}x CPU, the median of the {rounds} rounds' own ratios "
        f"(from {paired[0]:.2f}x to {paired[-1]:.2f}x)"
    )
    bare_engine, model_engine = (statistics.median(engine[k]) for k in ("bare", "model"))
    print(
        f"  the run alone, in this process (no start-up, imports or checks): bare {bare_engine:.2f} s CPU, "
        f"model {model_engine:.2f} s CPU, {model_engine / bare_engine:.2f}x"
    )


def app_default(scenario, rounds: int) -> None:
    """The app's default Symulacja run (the form's defaults: a year, ±5 %, the first batch of
    ``PRECISION_FIRST_BATCH``) as the app's server runs it: in a process with threads, on the
    shared pool of workers started beforehand (as the form does when it is drawn). Wall clock per
    run; the CPU time is the same run's in one process (the workers' time is not this process's)."""
    from model.simulation.executor import default_processes, shared_pool

    settings = SimulationSettings(precision=0.05, replications=PRECISION_FIRST_BATCH)
    done = threading.Event()
    host = threading.Thread(target=done.wait)  # the app's server runs threads: no forking
    host.start()
    try:
        workers = default_processes()
        shared_pool(workers)  # started, as the form starts it while the user reads it
        walls, replications = [], 0
        for _ in range(rounds):
            started = time.perf_counter()
            result = simulate(scenario, settings)
            walls.append(time.perf_counter() - started)
            replications = result.replications
    finally:
        done.set()
        host.join()
    started = time.process_time()
    alone = simulate(scenario, replace(settings, processes=1))
    cpu = time.process_time() - started
    print(
        f"the app's default run (365 days, ±5 %, {alone.replications} replications, "
        f"{len(alone.warnings)} warning(s)): median {statistics.median(walls):.2f} s wall on {workers} worker(s) of "
        f"the shared pool (from {min(walls):.2f} s to {max(walls):.2f} s, {replications} replications), "
        f"{cpu:.2f} s CPU in one process (target under 3 s wall on two cores)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", nargs="?", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--replications", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each model for the per-core ratios")
    parser.add_argument("--processes", type=int, default=None, help="processes of the parallel run (default: cores)")
    parser.add_argument(
        "--only", choices=PARTS, action="append", help="run only these parts (again for more; default: all)"
    )
    args = parser.parse_args()
    scenario = load_scenario(args.config)
    print(
        f"{args.config.name}: {args.days} days, {os.cpu_count()} CPU core(s), Python {sys.version.split()[0]}, "
        f"SimPy {simpy.__version__}, the engine {simulation.RUNNING} (model/simulation/native.py), "
        f"load average {os.getloadavg()[0]:.1f} (other work slows every figure)"
    )
    parts = args.only or PARTS
    if "mm3" in parts:
        per_core_mm3(args.rounds)
    if "app" in parts:
        app_default(scenario, args.rounds)
    if "network" in parts:
        per_core_network(scenario, args)
    if "parallel" in parts:
        parallel(scenario, args)
    return 0


def per_core_network(scenario, args: argparse.Namespace) -> None:
    """The configuration for ``args.days`` beside the bare SimPy model of its network, one process."""
    horizon = WorkingCalendar.build(scenario.config.calendar, args.days).horizon  # the same open days
    bare_seconds, model_seconds, bare_events, model_events = [], [], 0, 0
    paired = []  # each round's model CPU time over the bare model's just before it
    for seed in range(1, args.rounds + 1):  # interleaved, so that machine noise hits both alike
        started, cpu = time.perf_counter(), time.process_time()
        bare_events = bare_model(scenario, horizon, seed)
        bare_seconds.append(time.perf_counter() - started)
        bare_cpu = time.process_time() - cpu
        network = network_of(  # the bare model's span: no run-out
            scenario, SimulationSettings(days=args.days, seed=seed, warmup_days=0, run_out_days=0)
        )
        started, cpu = time.perf_counter(), time.process_time()
        model_events = replicate(network, seed, 0).events
        model_seconds.append(time.perf_counter() - started)
        paired.append((time.process_time() - cpu) / bare_cpu)
    bare, model = min(bare_seconds), min(model_seconds)
    print(f"bare SimPy : {bare:6.3f} s/replication, {bare_events / bare:10,.0f} events/s ({bare_events:,} events)")
    print(
        f"model      : {model:6.3f} s/replication, {model_events / model:10,.0f} actions/s ({model_events:,} actions)"
    )
    print(
        f"per core   : {model / bare:.2f}x the bare SimPy model, one process, best of {args.rounds} (target at most 0.5x)"
    )
    paired.sort()
    print(
        f"  paired   : {statistics.median(paired):.2f}x CPU, the median of the {args.rounds} rounds' own ratios "
        f"(from {paired[0]:.2f}x to {paired[-1]:.2f}x)"
    )


def parallel(scenario, args: argparse.Namespace) -> None:
    """The default run (run-out included) of ``args.replications`` on ``args.processes``."""
    workers = min(args.processes or os.cpu_count() or 1, args.replications)
    started = time.perf_counter()
    result = simulate(
        scenario, SimulationSettings(days=args.days, replications=args.replications, processes=workers)
    )  # the default run, run-out included
    elapsed = time.perf_counter() - started
    events = result.events_per_replication * result.replications
    print(
        f"{args.replications} replications in parallel on {workers} process(es): {elapsed:.2f} s "
        f"({elapsed / args.replications:.3f} s/replication, {events / elapsed:,.0f} events/s; "
        "target under 10 s on two cores)"
    )


if __name__ == "__main__":
    sys.exit(main())
