"""How long, how often and under what demand to simulate: plain data, cheap to import.

The command line builds its options from these defaults without loading SimPy or numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.config.errors import ConfigError, Problem


@dataclass
class SimulationSettings:
    """How long, how often and under what demand to simulate."""

    days: int = 365
    """Civil days of the measured window (the warm-up included): a year, so that procedures
    lasting months are seen many times over."""
    seed: int = 1
    replications: int = 30
    warmup_days: int = 30
    """Civil days at the start whose events are not counted (the centre starts empty)."""
    run_out_days: int = 365
    """After the window no one new comes in, and the clients who came in it are followed to the
    end of their procedure for up to this many civil days; those still open then are censored."""
    demand: dict[str, float] = field(default_factory=dict)
    """Procedure id → multiplier of its arrival rate; ``"*"`` for every procedure not named."""
    processes: int | None = None
    """Worker processes; 1: sequential, in this process; ``None``: one per CPU core (sequential
    in a host that runs other threads, such as the app)."""

    def check(self, file: str) -> None:
        def fail(message: str) -> None:
            raise ConfigError(Problem(file, None, message))

        if self.days < 1:
            fail("simulate at least one day")
        if self.seed < 0:
            fail("the seed must be a whole number from 0 up")
        if self.replications < 1:
            fail("run at least one replication")
        if not 0 <= self.warmup_days < self.days:
            fail(f"the warm-up ({self.warmup_days} days) must be shorter than the run ({self.days} days)")
        if self.run_out_days < 0:
            fail("the run-out cannot be negative")
        if self.processes is not None and self.processes < 1:
            fail("processes must be at least 1")
