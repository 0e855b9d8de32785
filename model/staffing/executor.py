"""Where evaluations run: one interface, local processes by default, a Dask cluster on request.

Every evaluation of the optimiser and of a sweep goes through :meth:`Executor.evaluate`: each
plan's replications are cut into batches (a task runs a few replications, well over 10 ms),
all plans' batches are submitted at once so that every worker stays busy, and the results come
back as :class:`~model.staffing.evaluate.Evaluation` objects in the order asked.

``LocalExecutor(1)`` runs here, one batch after another, so that a caller on a thread (the app)
can show progress and stop between batches. ``DaskExecutor`` uses a ``dask.distributed`` client:
a :class:`~distributed.LocalCluster` of its own, or a running cluster given by ``address``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from model.simulation.network import Network
from model.simulation.runner import worker_context
from model.simulation.settings import SimulationSettings
from model.staffing.evaluate import Evaluation, Run, evaluation, run_batch

Progress = Callable[[int, int], None]
"""``progress(done, total)``: batches done of those submitted by this call."""
Stop = Callable[[], bool]
"""Asked between batches: ``True`` ends the call with :class:`Stopped`."""


class Stopped(Exception):
    """The caller asked to stop; work not yet done was cancelled."""


@dataclass(frozen=True)
class Job:
    """One plan under one demand, compiled: what an executor evaluates."""

    network: Network
    plan: dict[str, float]
    demand: dict[str, float]


class Executor:
    """Runs jobs' replications in batches and gathers their evaluations."""

    workers: int = 1

    def evaluate(
        self, jobs: list[Job], settings: SimulationSettings, progress: Progress | None = None, stop: Stop | None = None
    ) -> list[Evaluation]:
        """Each job's evaluation, in the order given; every job runs the same replication indices
        of ``settings`` (common random numbers across plans)."""
        if not jobs:
            return []
        # Run here, one replication is a batch: no task overhead to amortise, and the caller
        # hears (and may stop) after each one.
        slots = self.workers if self.workers > 1 else settings.replications * len(jobs)
        tasks = _batches(len(jobs), settings.replications, slots)
        runs: list[dict[int, list[Run]]] = [{} for _ in jobs]
        for done, (task, result) in enumerate(self._run(jobs, settings.seed, tasks, stop), start=1):
            job, indices = tasks[task]
            runs[job][indices[0]] = result
            if progress:
                progress(done, len(tasks))
        return [
            evaluation(job.network, job.plan, job.demand, settings, [r for start in sorted(got) for r in got[start]])
            for job, got in zip(jobs, runs)
        ]

    def _run(self, jobs: list[Job], seed: int, tasks: list[tuple[int, tuple[int, ...]]], stop: Stop | None) -> Any:
        """Yield ``(task index, metrics)`` as tasks finish."""
        raise NotImplementedError

    def close(self) -> None:
        """Release workers and connections."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batches(jobs: int, replications: int, workers: int) -> list[tuple[int, tuple[int, ...]]]:
    """``(job, replication indices)`` tasks: few enough to be long, enough to feed every worker."""
    per_job = max(1, min(replications, math.ceil(workers / jobs)))
    size = math.ceil(replications / per_job)
    return [
        (job, tuple(range(start, min(start + size, replications))))
        for job in range(jobs)
        for start in range(0, replications, size)
    ]


class LocalExecutor(Executor):
    """Worker processes on this machine (forked where safe); ``processes=1`` runs here."""

    def __init__(self, processes: int | None = None):
        self.workers = processes or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def _run(self, jobs: list[Job], seed: int, tasks: list[tuple[int, tuple[int, ...]]], stop: Stop | None) -> Any:
        if self.workers == 1:
            for index, (job, indices) in enumerate(tasks):
                if stop and stop():
                    raise Stopped
                yield index, run_batch(jobs[job].network, seed, indices)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=worker_context())
        pending = {
            self._pool.submit(run_batch, jobs[job].network, seed, indices): i for i, (job, indices) in enumerate(tasks)
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
    with it installed); each network is scattered once and shared by its batches.
    """

    def __init__(self, address: str | None = None, workers: int | None = None, processes: bool = True):
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

    def _run(self, jobs: list[Job], seed: int, tasks: list[tuple[int, tuple[int, ...]]], stop: Stop | None) -> Any:
        from dask.distributed import as_completed

        shared = [self.client.scatter(job.network) for job in jobs]
        futures = {
            self.client.submit(run_batch, shared[job], seed, indices, pure=False): i
            for i, (job, indices) in enumerate(tasks)
        }
        try:
            for future in as_completed(futures):
                if stop and stop():
                    raise Stopped
                yield futures[future], future.result()
        finally:
            self.client.cancel(list(futures) + shared)

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
