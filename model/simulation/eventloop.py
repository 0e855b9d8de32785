"""The simulation's own event loop: a clock, a heap of actions, processes and counted servers.

Why its own: a client's walk needs a clock, waits of a known length and first-come,
first-served lines, nothing else. A general engine pays on every event for what it offers
besides (SimPy: an event object with a value, priorities, failure, a process object per client,
an event per request even when a server is free); a loop of its own says in a hundred lines
what the model relies on, as Ciw owns its own, and no library's release can change it under
the model. It uses no library but the standard one.

The contract, which the engine and its tests rely on:

- :attr:`EventLoop.now` is the time of the action being run (minutes of working time in the
  engine); it never goes backwards.
- :meth:`EventLoop.after` runs ``action()`` ``delay`` minutes from now. ``delay`` must not be
  negative (not checked: the engine's delays are durations and gaps).
- Actions due at the same time run in the order they were scheduled (first in, first out), so
  a run is a pure function of its random numbers: the same seed gives the same run.
- :meth:`EventLoop.run` runs every action due strictly before ``until``, then sets ``now`` to
  ``until``; actions due at or after it stay for the next call (as SimPy's ``run(until=…)``).
- A *story* is a generator, told by a :class:`Process`: it yields a number of minutes to wait,
  or the :class:`Servers` line it stands in (after :meth:`Servers.request` said no one is
  free); it is resumed when the time has passed or when its turn comes.
- A turn is handed over at once, without an action on the heap: the client who frees a server
  lets the first in line go on straight away, before the rest of their own story. A turn handed
  over while another is being handed over waits until that story yields, so a long line never
  nests stories.

>>> loop = EventLoop()
>>> desk = Servers(loop, 1)
>>> seen = []
>>> def client(name, service):
...     line = desk.request()
...     if line is not None:
...         yield line  # the desk is busy: wait in line
...     seen.append((loop.now, name, "served"))
...     yield service
...     desk.release()
>>> for name in ("Anna", "Jan"):
...     _ = Process(loop, client(name, 10.0))
>>> loop.run(until=60)
>>> seen
[(0.0, 'Anna', 'served'), (10.0, 'Jan', 'served')]
>>> loop.now, desk.free
(60, 1)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from heapq import heappop, heappush
from itertools import count

Story = Generator["float | deque[Process]", None, None]
"""What a process tells: it yields minutes to wait, or the line of :class:`Servers` it stands in."""


Action = tuple[float, int, Callable[[], object]]
"""An entry of the heap: when, the order it was scheduled in, what to run."""


class EventLoop:
    """A clock and a heap of ``(time, order, action)``: the earliest action runs first."""

    __slots__ = ("now", "heap", "order", "woken", "waking", "ran")

    def __init__(self) -> None:
        self.now = 0.0
        self.heap: list[Action] = []
        self.order = count()  # breaks ties between actions due at the same time: first scheduled, first run
        self.woken: deque[Process] = deque()  # processes whose turn has come, not yet resumed
        self.waking = False
        self.ran = 0  # actions run so far (the benchmark reports them as events)

    def after(self, delay: float, action: Callable[[], object]) -> None:
        """Run ``action()`` ``delay`` (≥ 0) minutes from now."""
        heappush(self.heap, (self.now + delay, next(self.order), action))

    def run(self, until: float) -> None:
        """Run the actions due before ``until``, in time order; the clock then reads ``until``."""
        heap, ran = self.heap, 0
        while heap and heap[0][0] < until:
            self.now, _, action = heappop(heap)
            action()
            ran += 1
        self.now = until
        self.ran += ran

    def wake(self, process: Process) -> None:
        """Resume ``process`` now, or as soon as the story being resumed by a turn yields."""
        self.woken.append(process)
        if self.waking:
            return
        self.waking = True
        woken = self.woken
        while woken:
            woken.popleft()()
        self.waking = False


class Process:
    """Tells a story: runs it up to its first ``yield`` now, and resumes it whenever it is due.

    An object rather than a closure: a closure that scheduled itself would refer to itself, a
    reference cycle per client that only the garbage collector frees.
    """

    __slots__ = ("resume", "loop")

    def __init__(self, loop: EventLoop, story: Story):
        self.loop, self.resume = loop, story.__next__
        self()

    def __call__(self) -> None:
        try:
            waited = self.resume()
        except StopIteration:
            return
        if isinstance(waited, deque):
            waited.append(self)  # the line of a Servers: its release wakes this process
        else:
            loop = self.loop
            due: Action = (loop.now + waited, next(loop.order), self)
            heappush(loop.heap, due)  # EventLoop.after, inlined


class Servers:
    """A count of free servers and a first-come, first-served line.

    A free server is taken without an action on the heap; a released one goes to the first in
    line at once (see :meth:`EventLoop.wake`), or is free again.
    """

    __slots__ = ("servers", "free", "line", "loop")

    def __init__(self, loop: EventLoop, servers: int):
        self.loop, self.servers, self.free = loop, servers, servers
        self.line: deque[Process] = deque()

    def request(self) -> deque[Process] | None:
        """Take a free server now (``None``), or the line to yield and wait in."""
        if self.free:
            self.free -= 1
            return None
        return self.line

    def release(self) -> None:
        """The server takes the first in line, or is free."""
        if self.line:
            self.loop.wake(self.line.popleft())
        else:
            self.free += 1

    @property
    def load(self) -> float:
        """Clients waiting or being served, per server."""
        return (len(self.line) + self.servers - self.free) / self.servers
