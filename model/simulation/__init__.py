"""Discrete-event simulation of clients walking a centre's procedures, on the model's own event loop.

Answers management's question "if we reorganise like this, what happens to the people who
come to us?": waiting times per step, lead times, statutory deadlines kept, staff
utilisation, trips between buildings, with confidence intervals over replications.

Modules, one job each: :mod:`.calendar` (working clock, the law's deadline arithmetic),
:mod:`.network` (the scenario compiled to plain data), :mod:`.eventloop` (the clock,
processes and servers, its contract stated), :mod:`.engine` (the clients' processes),
:mod:`.stats` (collection beside the process, confidence intervals), :mod:`.runner`
(replications in parallel, comparisons), :mod:`.results` (the typed results and their JSON),
:mod:`.native` (the three hot modules compiled where built, their sources otherwise).
"""

from model.simulation import native
from model.simulation.settings import SimulationSettings

RUNNING = native.choose()
"""``"compiled"``: the hot modules run as the C extensions built from them; ``"source"``: as Python."""

__all__ = ["SimulationSettings", "compare", "simulate"]


def __getattr__(name: str):
    """The engine (numpy) loads on first use, so that importing settings stays cheap."""
    if name in {"compare", "simulate"}:
        from model.simulation import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
