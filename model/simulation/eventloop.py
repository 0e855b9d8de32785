"""The simulation's own event loop: a clock, a heap of the turns stories take, and counted servers.

Why its own: a client's walk needs a clock, waits of a known length and first-come,
first-served lines, nothing else. A general engine pays on every event for what it offers
besides (SimPy: an event object with a value, priorities, failure, a process object per client,
an event per request even when a server is free); a loop of its own says in one module
what the model relies on, as Ciw owns its own, and no library's release can change it under
the model. It uses no library but the standard one (and the integer type of mypy_extensions,
a plain int unless compiled).

The contract, which the engine and its tests rely on:

- :attr:`EventLoop.now` is the time of the action being run (minutes of working time in the
  engine); it never goes backwards.
- :meth:`EventLoop.after` runs ``action()`` ``delay`` minutes from now. ``delay`` must not be
  negative (not checked: the engine's delays are durations and gaps).
- What an action returns is what it waits for next: ``None``, nothing (it is done); a number
  of minutes (it runs again that much later); or the line of a :class:`Servers` (it runs again
  when its turn comes).
- A *story* is a generator, told by :meth:`EventLoop.tell`: it yields a number of minutes to
  wait, or the :class:`Servers` line it stands in (after :meth:`Servers.request` said no one is
  free). It is run up to its first ``yield`` at once, and goes on, ``next(story, None)``, when
  what it waits for comes, until it ends. The loop keeps it in a :class:`Turn`, one for its
  whole life; an action is kept as a story that calls it (:func:`_repeat`).
- Actions due at the same time run in the order they were scheduled (first in, first out), so
  a run is a pure function of its random numbers: the same seed gives the same run.
- :meth:`EventLoop.run` runs every action due strictly before ``until``, then sets ``now`` to
  ``until``; actions due at or after it stay for the next call (as SimPy's ``run(until=…)``).
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
...     loop.tell(client(name, 10.0))
>>> loop.run(until=60.0)
>>> seen
[(0.0, 'Anna', 'served'), (10.0, 'Jan', 'served')]
>>> loop.now, desk.free
(60.0, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Union

from mypy_extensions import i64

Story = Generator["float | Line", None, None]
"""What a story tells: it yields minutes to wait, or the line of :class:`Servers` it stands in."""
Wait = Union[float, "Line", None]
"""What a story or an action waits for next: minutes, the line of a :class:`Servers`, or nothing (done)."""
Action = Callable[[], Wait]
"""What :meth:`EventLoop.after` runs; its result is what it waits for next."""


class Turn:
    """A story's place in time: when it goes on next, and its rank among those due then.

    One per story, kept for its whole life: waiting again reuses it, so an event allocates
    nothing. The heap compares turns by ``(time, order)`` itself, on plain numbers (compiled,
    see :mod:`.native`): no tuple to build and compare, no dictionary of times to hash, on
    every event.
    """

    __slots__ = ("time", "order", "story")

    def __init__(self, story: Story):
        self.time = 0.0
        self.order = 0  # turns scheduled before this one: first in, first out among those due at once
        self.story = story

    def before(self, other: Turn) -> bool:
        """Whether this turn comes first: it is due earlier, or as early and was scheduled first."""
        return self.time < other.time or (self.time == other.time and self.order < other.order)


class Line:
    """A first-come, first-served line of turns (of a :class:`Servers`, or woken): a list read from a moving head.

    Not a :class:`~collections.deque`: compiled, a list's appends and reads are direct C
    calls, a deque's methods are looked up by name. The part already served is cut off once it
    is half the list, so a line costs no more per turn however long it grows.
    """

    __slots__ = ("turns", "head")

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.head = 0  # the first turn still waiting

    def __len__(self) -> int:
        return len(self.turns) - self.head

    def __bool__(self) -> bool:
        return self.head < len(self.turns)

    def append(self, turn: Turn) -> None:
        self.turns.append(turn)

    def popleft(self) -> Turn:
        """The first in line, who leaves it."""
        turns = self.turns
        turn = turns[self.head]
        self.head += 1
        if 2 * self.head >= len(turns):
            del turns[: self.head]
            self.head = 0
        return turn


def _repeat(action: Action) -> Story:
    """``action`` told as a story: it runs, and runs again after what it waits for, until it is done."""
    then = action()
    while then is not None:
        yield then
        then = action()


def _next(story: Story) -> Wait:
    """What ``story`` waits for next, or ``None`` once it has ended: ``next(story, None)``.

    Written as a loop because mypyc compiles a loop's step to the generator's own C slot, while
    it calls ``next`` as a Python builtin, looked up by name each time.
    """
    for then in story:
        return then
    return None


def _push(heap: list[Turn], turn: Turn) -> None:
    """Put ``turn`` on ``heap``, a binary heap (as :func:`heapq.heappush` does)."""
    heap.append(turn)
    _rise(heap, len(heap) - 1, turn)


def _pop(heap: list[Turn]) -> Turn:
    """Take the first turn off ``heap`` (as :func:`heapq.heappop` does, and the same way).

    The hole at the top goes down to the bottom along the earlier child, and the last turn
    rises into it from there: it mostly belongs near the bottom, so this compares about half as
    often as sinking it from the top.
    """
    first, last = heap[0], heap.pop()
    size: i64 = len(heap)
    if size:
        at: i64 = 0
        child: i64 = 1
        while child < size:
            if child + 1 < size and heap[child + 1].before(heap[child]):
                child += 1
            heap[at] = heap[child]
            at, child = child, 2 * child + 1
        _rise(heap, at, last)
    return first


def _rise(heap: list[Turn], at: i64, turn: Turn) -> None:
    """Put ``turn`` at ``at`` of ``heap``, or above it while it comes before the turn there.

    Indexes are :data:`~mypy_extensions.i64`: compiled, machine integers with no check for a
    big number.
    """
    while at:
        parent = (at - 1) >> 1
        above = heap[parent]
        if not turn.before(above):
            break
        heap[at] = above
        at = parent
    heap[at] = turn


class EventLoop:
    """A clock, and a heap of the turns to come: the earliest runs first.

    Written for mypyc (see :mod:`.native`), which compiles the heap's comparisons of two
    turns to a few machine instructions; :mod:`heapq` would call back into Python's comparison
    for each, on boxed numbers.
    """

    __slots__ = ("now", "heap", "scheduled", "woken", "waking", "ran")

    def __init__(self) -> None:
        self.now = 0.0
        self.heap: list[Turn] = []  # a binary heap: the first is due first
        self.scheduled = 0  # turns put on the heap so far: the next one's order
        self.woken = Line()  # turns come while another's was being handed over
        self.waking = False
        self.ran = 0  # turns run from the heap so far (the benchmark reports them as events)

    def after(self, delay: float, action: Action) -> None:
        """Run ``action()`` ``delay`` (≥ 0) minutes from now."""
        self._at(self.now + delay, Turn(_repeat(action)))

    def tell(self, story: Story) -> None:
        """Run ``story`` up to its first ``yield`` now, and on whenever what it waits for comes."""
        self._take(Turn(story))

    def _at(self, when: float, turn: Turn) -> None:
        """Go on with ``turn`` at ``when``, after those already due then."""
        turn.time, turn.order = when, self.scheduled
        self.scheduled += 1
        _push(self.heap, turn)

    def _take(self, turn: Turn) -> None:
        """Tell ``turn``'s story on now, and keep the turn for what it waits for next (see the contract)."""
        then = _next(turn.story)
        if then is None:
            return
        if isinstance(then, Line):
            then.append(turn)  # the line of a Servers: its release hands the turn on
        else:
            self._at(self.now + then, turn)

    def run(self, until: float) -> None:
        """Run the turns due before ``until``, in time order; the clock then reads ``until``."""
        heap, ran = self.heap, 0
        while heap and heap[0].time < until:
            turn = _pop(heap)
            self.now = turn.time
            ran += 1
            self._take(turn)
        self.now = until
        self.ran += ran

    def wake(self, turn: Turn) -> None:
        """Go on with ``turn`` now, or as soon as the turn being handed over is done or waits."""
        if self.waking:
            self.woken.append(turn)
            return
        self.waking = True
        self._take(turn)
        woken = self.woken
        while woken:
            self._take(woken.popleft())
        self.waking = False


class Servers:
    """A count of free servers and a first-come, first-served line.

    A free server is taken without a turn on the heap; a released one goes to the first in
    line at once (see :meth:`EventLoop.wake`), or is free again.
    """

    __slots__ = ("servers", "free", "line", "loop")

    def __init__(self, loop: EventLoop, servers: int):
        self.loop, self.servers, self.free = loop, servers, servers
        self.line = Line()

    def request(self) -> Line | None:
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
