"""Where replications run: the one executor of every parallel run (a simulation, the optimiser, a sweep).

A task is some replications of one compiled network, ``(network, indices)``, run by a plain
function ``function(network, seed, indices)`` (:func:`model.simulation.engine.replications`);
:meth:`Executor.run` yields ``(task index, result)`` as tasks finish, so that the caller can
report progress and put the results back in order.

- ``LocalExecutor(1)`` runs here, one task after another, so that a caller on a thread (the
  app) can show progress and stop between tasks, and no process is started.
- ``LocalExecutor(n)`` keeps a pool of ``n`` worker processes until it is closed: forked where
  that is safe (the quickest start), else started fresh (see :func:`worker_context`).
- ``DaskExecutor`` sends the tasks to a ``dask.distributed`` cluster, a local one of its own or
  a running one at ``address`` (the optional extra ``dask``); each network is scattered once.

>>> from model import load_scenario
>>> from model.simulation.engine import replications
>>> from model.simulation.runner import network_of
>>> from model.simulation.settings import SimulationSettings
>>> network = network_of(load_scenario("org_configs/gops_rural.yaml"), SimulationSettings(days=5))
>>> with LocalExecutor(1) as executor:
...     done = dict(executor.run(replications, 1, [(network, (0, 1)), (network, (2,))]))
>>> sorted(done), [len(records) for _, records in sorted(done.items())]
([0, 1], [2, 1])
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from model.simulation.network import Network

if TYPE_CHECKING:  # a run in this process imports no process pool (the per-core figure counts the imports)
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

Result = TypeVar("Result")
Task = tuple[Network, tuple[int, ...]]
"""A network and the indices of the replications to run of it (each index its own random streams)."""
Work = Callable[[Network, int, tuple[int, ...]], Result]
"""``function(network, seed, indices)``: a plain module-level function, so that it can be shipped."""
Stop = Callable[[], bool]
"""Asked between tasks: ``True`` ends the run with :class:`Stopped`."""


class Stopped(Exception):
    """The caller asked to stop; tasks not yet done were cancelled."""


class Executor:
    """Runs tasks and yields their results as they finish."""

    workers: int = 1

    def run(
        self, function: Work[Result], seed: int, tasks: Sequence[Task], stop: Stop | None = None
    ) -> Iterator[tuple[int, Result]]:
        """Yield ``(task index, function(network, seed, indices))`` for every task, as each finishes."""
        raise NotImplementedError

    def close(self) -> None:
        """Release workers and connections."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def batches(jobs: int, replications: int, workers: int) -> list[tuple[int, tuple[int, ...]]]:
    """``(job, replication indices)`` tasks: few enough to be long, enough to feed every worker."""
    per_job = max(1, min(replications, -(-workers // jobs)))
    size = -(-replications // per_job)
    return [
        (job, tuple(range(start, min(start + size, replications))))
        for job in range(jobs)
        for start in range(0, replications, size)
    ]


def can_fork() -> bool:
    """Forking is the quickest start, but forking a process that runs other threads (the app) can hang."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def default_processes() -> int:
    """One per core where workers can be forked; otherwise one, as fresh interpreters take longer
    to start than a default run takes."""
    return (os.cpu_count() or 1) if can_fork() else 1


def worker_context() -> BaseContext:
    """How worker processes start: forked where safe (the quickest), else a fresh interpreter."""
    import multiprocessing

    if can_fork():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )


class LocalExecutor(Executor):
    """Worker processes on this machine (forked where safe); ``processes=1`` runs here.

    ``processes=None``: one per core where workers can be forked, else one (:func:`default_processes`).
    """

    def __init__(self, processes: int | None = None):
        self.workers = processes or default_processes()
        self._pool: ProcessPoolExecutor | None = None

    def run(
        self, function: Work[Result], seed: int, tasks: Sequence[Task], stop: Stop | None = None
    ) -> Iterator[tuple[int, Result]]:
        if self.workers == 1 or len(tasks) == 1:
            for index, (network, indices) in enumerate(tasks):
                if stop and stop():
                    raise Stopped
                yield index, function(network, seed, indices)
            return
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=worker_context())
        pending: dict[Future[Result], int] = {
            self._pool.submit(function, network, seed, indices): i for i, (network, indices) in enumerate(tasks)
        }
        try:
            while pending:
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if stop and stop():
                    raise Stopped
                for future in finished:
                    yield pending.pop(future), future.result()
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


class DaskExecutor(Executor):
    """A ``dask.distributed`` client: a local cluster of its own, or the cluster at ``address``.

    Workers must be able to import this package (start them from the project's directory or
    with it installed); each network is scattered once and shared by its tasks.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, processes: bool = True):
        from model.extras import need

        need("dask")
        from dask.distributed import Client, LocalCluster

        self._cluster = None
        if address:
            self.client = Client(address)
        else:
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
            )
            self.client = Client(self._cluster)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def run(
        self, function: Work[Result], seed: int, tasks: Sequence[Task], stop: Stop | None = None
    ) -> Iterator[tuple[int, Result]]:
        from dask.distributed import as_completed

        shared: dict[int, Any] = {}  # id(network) → its scattered future, one per network
        for network, _ in tasks:
            if id(network) not in shared:
                shared[id(network)] = self.client.scatter(network)
        futures = {
            self.client.submit(function, shared[id(network)], seed, indices, pure=False): i
            for i, (network, indices) in enumerate(tasks)
        }
        try:
            for future in as_completed(futures):
                if stop and stop():
                    raise Stopped
                yield futures[future], future.result()
        finally:
            self.client.cancel(list(futures) + list(shared.values()))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(engine: str = "local", address: str | None = None, processes: int | None = None) -> Executor:
    """The executor the command line asks for: ``local`` (default) or ``dask``; ``processes`` is the
    number of workers either way (a local cluster's; ignored for a running one at ``address``)."""
    if engine == "dask":
        return DaskExecutor(address, workers=processes)
    return LocalExecutor(processes)
