"""The bare SimPy M/M/3 queue that ``benchmarks/simulate.py`` times the model against.

Idiomatic SimPy as its documentation writes it: Poisson arrivals, one ``simpy.Resource`` with
three servers, exponential service, a process per client, no statistics. It imports nothing but
SimPy and the standard library, so its whole-process time is what plain SimPy costs. Usage::

    python benchmarks/bare_mm3.py DAYS REPLICATIONS
"""

from __future__ import annotations

import random
import sys

import simpy

SERVERS = 3
SERVICE = 60.0  # minutes, exponential
LOAD = 0.8  # utilisation: arrivals per minute = LOAD × SERVERS / SERVICE


def replication(days: int, seed: int) -> int:
    env = simpy.Environment()
    rng = random.Random(seed)
    staff = simpy.Resource(env, SERVERS)

    def client():
        with staff.request() as turn:
            yield turn
            yield env.timeout(rng.expovariate(1 / SERVICE))

    def arrivals():
        while True:
            yield env.timeout(rng.expovariate(LOAD * SERVERS / SERVICE))
            env.process(client())

    env.process(arrivals())
    env.run(until=days * 1440)
    return next(env._eid)


if __name__ == "__main__":
    days, replications = int(sys.argv[1]), int(sys.argv[2])
    print(sum(replication(days, seed) for seed in range(1, replications + 1)), "events")
