"""The event loop's contract, as its docstring states it (model/simulation/eventloop.py)."""

from __future__ import annotations

from model.simulation.eventloop import EventLoop, Servers


def test_actions_run_in_time_order_and_ties_first_scheduled_first() -> None:
    loop, ran = EventLoop(), []
    for name, delay in (("c", 5.0), ("a", 1.0), ("b", 5.0), ("d", 0.0)):
        loop.after(delay, lambda name=name: ran.append((loop.now, name)))
    loop.run(until=10)
    assert ran == [(0.0, "d"), (1.0, "a"), (5.0, "c"), (5.0, "b")]
    assert loop.ran == 4


def test_run_stops_before_until_and_keeps_later_actions() -> None:
    loop, ran = EventLoop(), []
    loop.after(10.0, lambda: ran.append(loop.now))
    loop.run(until=10)
    assert ran == [] and loop.now == 10  # due at ``until``: left for the next run, as in SimPy
    loop.run(until=20)
    assert ran == [10.0] and loop.now == 20


def test_an_action_scheduled_for_now_runs_after_those_already_due() -> None:
    loop, ran = EventLoop(), []

    def first() -> None:
        ran.append("first")
        loop.after(0.0, lambda: ran.append("third"))

    loop.after(1.0, first)
    loop.after(1.0, lambda: ran.append("second"))
    loop.run(until=2)
    assert ran == ["first", "second", "third"]


def test_a_freed_server_goes_to_the_first_in_line_before_the_releaser_goes_on() -> None:
    """The hand-over is at once: the next client starts at the release time, and their story runs
    before the rest of the releasing client's."""
    loop, seen = EventLoop(), []
    desk = Servers(loop, 1)

    def client(name: str) -> object:
        line = desk.request()
        if line is not None:
            yield line
        seen.append((loop.now, name, "start"))
        yield 3.0
        desk.release()
        seen.append((loop.now, name, "left"))

    for name in "ABC":
        loop.tell(client(name))
    loop.run(until=100)
    assert seen == [
        (0.0, "A", "start"),
        (3.0, "B", "start"),  # before A goes on
        (3.0, "A", "left"),
        (6.0, "C", "start"),
        (6.0, "B", "left"),
        (9.0, "C", "left"),
    ]
    assert desk.free == 1 and not desk.line


def test_servers_count_and_load() -> None:
    loop = EventLoop()
    desk = Servers(loop, 2)
    assert desk.request() is None and desk.request() is None
    line = desk.request()
    assert line is desk.line and desk.free == 0
    assert desk.load == 1.0  # two served, nobody yet in the line (the caller joins it by yielding)
