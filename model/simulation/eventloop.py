"""The simulation's own event loop: a clock, a heap of the times actions are due, stories and counted servers.

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
- What an action returns is what it waits for next: ``None``, nothing (it is done); a number
  of minutes (it runs again that much later); or the line of a :class:`Servers` (it runs again
  when its turn comes).
- A *story* is a generator, told by :meth:`EventLoop.tell`: it yields a number of minutes to
  wait, or the :class:`Servers` line it stands in (after :meth:`Servers.request` said no one is
  free). It is run up to its first ``yield`` at once. Its action is ``next(story, None)``: what
  it yields next, or ``None`` once it has ended; so a story needs no object of its own.
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

from collections import deque
from collections.abc import Callable, Generator
from functools import partial
from heapq import heappop, heappush
from typing import Union

Wait = Union[float, "deque[Action]", None]
"""What an action waits for next: minutes, the line of a :class:`Servers`, or nothing (done)."""
Action = Callable[[], Wait]
"""What the loop runs; its result is what it waits for next."""
Story = Generator["float | deque[Action]", None, None]
"""What a story tells: it yields minutes to wait, or the line of :class:`Servers` it stands in."""
Due = Action | list[Action]
"""What is due at one time: an action, or several in the order they were scheduled."""


class EventLoop:
    """A clock, a heap of the times something is due, and what is due at each: the earliest runs first.

    The heap holds plain numbers, not ``(time, order, action)`` entries: comparing two numbers
    costs a fraction of comparing two tuples, and a heap entry is compared about ten times on
    its way through. Actions due at the same time share one entry, kept in a list in the order
    they were scheduled, which is the order they run in.
    """

    __slots__ = ("now", "times", "due", "woken", "waking", "ran")

    def __init__(self) -> None:
        self.now = 0.0
        self.times: list[float] = []  # a heap: each time something is due, once
        self.due: dict[float, Due] = {}  # what is due at each time of ``times``
        self.woken: deque[Action] = deque()  # actions whose turn has come while another's was being handed over
        self.waking = False
        self.ran = 0  # actions run from the heap so far (the benchmark reports them as events)

    def after(self, delay: float, action: Action) -> None:
        """Run ``action()`` ``delay`` (≥ 0) minutes from now."""
        self._at(self.now + delay, action)

    def _at(self, when: float, action: Action) -> None:
        """Run ``action()`` at ``when``, after what is already due then."""
        due = self.due
        if when in due:
            earlier = due[when]
            if isinstance(earlier, list):
                earlier.append(action)
            else:
                due[when] = [earlier, action]
        else:
            due[when] = action
            heappush(self.times, when)

    def tell(self, story: Story) -> None:
        """Run ``story`` up to its first ``yield`` now, and on whenever what it waits for comes."""
        self.go(partial(next, story, None))

    def go(self, action: Action) -> None:
        """Run ``action`` now and keep it for what it waits for next (see the contract)."""
        then = action()
        if then is None:
            return
        if isinstance(then, deque):
            then.append(action)  # the line of a Servers: its release hands the action a turn
        else:
            self._at(self.now + then, action)

    def run(self, until: float) -> None:
        """Run the actions due before ``until``, in time order; the clock then reads ``until``."""
        times, due, ran = self.times, self.due, 0
        while times:
            now = heappop(times)
            if now >= until:
                heappush(times, now)  # due at or after ``until``: for the next call
                break
            entry = due.pop(now)
            if isinstance(entry, list):  # several due at once: the first scheduled runs first
                action = entry.pop(0)
                if entry:
                    due[now] = entry
                    heappush(times, now)
            else:
                action = entry
            self.now = now
            ran += 1
            # self.go(action), written out: this is the loop every event passes through
            then = action()
            if then is None:
                continue
            if isinstance(then, deque):
                then.append(action)
                continue
            when = now + then  # self._at(now + then, action), written out
            if when in due:
                earlier = due[when]
                if isinstance(earlier, list):
                    earlier.append(action)
                else:
                    due[when] = [earlier, action]
            else:
                due[when] = action
                heappush(times, when)
        self.now = until
        self.ran += ran

    def wake(self, action: Action) -> None:
        """Run ``action`` now, or as soon as the action being run by a hand-over is done or waits."""
        if self.waking:
            self.woken.append(action)
            return
        self.waking = True
        self.go(action)
        woken = self.woken
        while woken:
            self.go(woken.popleft())
        self.waking = False


class Servers:
    """A count of free servers and a first-come, first-served line.

    A free server is taken without an action on the heap; a released one goes to the first in
    line at once (see :meth:`EventLoop.wake`), or is free again.
    """

    __slots__ = ("servers", "free", "line", "loop")

    def __init__(self, loop: EventLoop, servers: int):
        self.loop, self.servers, self.free = loop, servers, servers
        self.line: deque[Action] = deque()

    def request(self) -> deque[Action] | None:
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
