"""How long, how often and under what demand to simulate: plain data, cheap to import.

The command line builds its options from these defaults without loading the engine or numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.config.errors import ConfigError, Problem
from model.i18n import msg

PRECISION_FIRST_BATCH = 10
"""Replications run before the stopping rule of ``precision`` is first asked, where no number is
given: fewer leave the interval's own width too uncertain to stop on (Law, *Simulation Modeling
and Analysis*, 5th ed., §9.4.1, recommends at least 10; niezweryfikowane / unverified)."""


@dataclass
class SimulationSettings:
    """How long, how often and under what demand to simulate."""

    days: int = 365
    """Civil days of the measured window (the warm-up included): a year, so that procedures
    lasting months are seen many times over."""
    seed: int = 1
    replications: int = 30
    warmup_days: int | None = None
    """Civil days at the start whose events are not counted, while the centre fills up;
    ``None``: chosen from the data by MSER-5 (see :mod:`model.simulation.warmup`)."""
    run_out_days: int = 365
    """After the window no one new comes in, and the clients who came in it are followed to the
    end of their procedure for up to this many civil days; those still open then are censored."""
    demand: dict[str, float] = field(default_factory=dict)
    """Procedure id → multiplier of its arrival rate; ``"*"`` for every procedure not named."""
    precision: float | None = None
    """Relative half-width (0.05 for ±5%) wanted of every headline figure's 95% interval: the
    run then adds replications until it is reached; ``replications`` is the first batch."""
    max_replications: int = 200
    """With ``precision``: the most replications run (a warning names the figures still too wide)."""
    processes: int | None = None
    """Worker processes; 1: sequential, in this process; ``None``: one per CPU core (in a host
    that runs other threads, such as the app, the process's shared pool: see
    :mod:`model.simulation.executor`)."""

    def check(self, file: str) -> None:
        """Refuse settings that make no run, before any replication starts (``file`` names the
        configuration in the message)."""

        def fail(code: str, **params: object) -> None:
            raise ConfigError(Problem(file, None, msg(code, **params)))

        if self.days < 1:
            fail("error.settings.days")
        if self.seed < 0:
            fail("error.settings.seed")
        if self.replications < 1:
            fail("error.settings.replications")
        if self.warmup_days is not None and not 0 <= self.warmup_days < self.days:
            fail("error.settings.warmup", warmup=self.warmup_days, days=self.days)
        if self.precision is not None and not 0 < self.precision < 1:
            fail("error.settings.precision")
        if self.precision is not None and self.max_replications < self.replications:
            fail("error.settings.max_replications", first=self.replications, most=self.max_replications)
        if self.run_out_days < 0:
            fail("error.settings.run_out")
        if self.processes is not None and self.processes < 1:
            fail("error.settings.processes")
