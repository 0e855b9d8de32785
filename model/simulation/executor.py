"""Where replications run: the one executor of every parallel run (a simulation, the optimiser, a sweep).

A task is some replications of one compiled network, ``(network, indices)``, run by a plain
function ``function(network, seed, indices)`` (:func:`model.simulation.engine.replications`);
:meth:`Executor.run` yields ``(task index, result)`` as tasks finish, so that the caller can
report progress and put the results back in order.

- ``LocalExecutor(1)`` runs here, one task after another, so that a caller on a thread (the
  app) can show progress and stop between tasks, and no process is started.
- ``LocalExecutor(n)`` keeps a pool of ``n`` worker processes until it is closed, forked where
  that is safe (the quickest start). In a host that runs threads (the app), where forking is not
  safe, it uses the one pool of the process (:func:`shared_pool`): workers forked from a fork
  server that imported the engine once, started once and kept, so that a run there starts no
  interpreter and imports nothing.
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

import atexit
import contextlib
import os
import sys
import threading
import types
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
    """One per core: forked where that is safe, else from the process's one pool (:func:`shared_pool`)."""
    return os.cpu_count() or 1


def server_context() -> BaseContext:
    """How the shared pool's workers start: from a fork server (a clean process with the engine
    imported, see :data:`PRELOAD`), or fresh where there is none."""
    import multiprocessing

    return multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )


PRELOAD = ["model.simulation.engine"]
"""What the fork server imports once, so that every worker forked from it has the engine and numpy."""

_shared: dict[int, ProcessPoolExecutor] = {}
_shared_lock = threading.Lock()


def shared_pool(workers: int) -> ProcessPoolExecutor:
    """The process's pool of ``workers`` processes for a host that runs threads (the app's server):
    made on first use, kept until the interpreter exits (or a worker dies), shared by every run.

    A worker started fresh would import the host's main module first, as :mod:`multiprocessing`
    does for every start method but ``fork`` (in the app, the page, which would draw itself); so
    the workers start while the main module is a bare one with no file (:func:`_bare_main`, also
    around every submission, as the pool starts a worker when a task finds none idle), and import
    only the engine (from the fork server, see :data:`PRELOAD`).
    """
    from concurrent.futures import ProcessPoolExecutor

    with _shared_lock:
        pool = _shared.get(workers)
        if pool is not None:
            return pool
        context = server_context()
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(PRELOAD)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        with _bare_main():
            for _ in range(workers):
                pool.submit(os.getpid)  # each submission with no worker idle starts one
        if not _shared:
            atexit.register(_close_shared)
        _shared[workers] = pool
        return pool


def _close_shared() -> None:
    """At exit: the shared pools' workers end before the interpreter tears its modules down."""
    with _shared_lock:
        pools = list(_shared.values())
        _shared.clear()
    for pool in pools:
        pool.shutdown(cancel_futures=True)


def prepare_shared_pool() -> None:
    """Start the shared pool, in the background, where a run would use it (the app, as its
    simulation form is drawn), so that the first run finds its workers ready; a run that comes
    sooner waits for them (:func:`shared_pool` holds a lock while it starts them)."""
    workers = default_processes()
    if workers > 1 and not can_fork() and workers not in _shared:
        threading.Thread(target=shared_pool, args=(workers,), name="shared-pool", daemon=True).start()


def _forget(pool: ProcessPoolExecutor) -> None:
    """A pool whose worker died cannot run again: the next run makes a new one."""
    with _shared_lock:
        for workers, shared in list(_shared.items()):
            if shared is pool:
                del _shared[workers]
    pool.shutdown(wait=False, cancel_futures=True)


_main_lock = threading.Lock()


@contextlib.contextmanager
def _bare_main() -> Iterator[None]:
    """The main module, while workers may start, is one with no file, so they import none (one
    thread at a time, so that the host's own module is always the one put back)."""
    with _main_lock:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


class LocalExecutor(Executor):
    """Worker processes on this machine (forked where safe, else the shared pool); ``processes=1`` runs here.

    ``processes=None``: one per core (:func:`default_processes`).
    """

    def __init__(self, processes: int | None = None):
        self.workers = processes or default_processes()
        self._pool: ProcessPoolExecutor | None = None
        self._own = True  # a pool of its own, shut when closed; else the process's shared pool

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
        from concurrent.futures.process import BrokenProcessPool

        if self._pool is None:
            if can_fork():
                import multiprocessing

                fork = multiprocessing.get_context("fork")
                self._pool, self._own = ProcessPoolExecutor(max_workers=self.workers, mp_context=fork), True
            else:
                self._pool, self._own = shared_pool(self.workers), False
        pool = self._pool
        with contextlib.nullcontext() if self._own else _bare_main():
            pending: dict[Future[Result], int] = {
                pool.submit(function, network, seed, indices): i for i, (network, indices) in enumerate(tasks)
            }
        try:
            while pending:
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if stop and stop():
                    raise Stopped
                for future in finished:
                    yield pending.pop(future), future.result()
        except BrokenProcessPool:
            if not self._own:
                _forget(pool)
            self._pool = None
            raise
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None and self._own:
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
