"""How long, how often and under what demand to simulate: plain data, cheap to import.

The command line builds its options from these defaults without loading SimPy or numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.config.errors import ConfigError, Problem
from model.i18n import msg


@dataclass
class SimulationSettings:
    """How long, how often and under what demand to simulate."""

    days: int = 90
    """Civil days simulated (the warm-up included)."""
    seed: int = 1
    replications: int = 30
    warmup_days: int = 10
    """Civil days at the start whose events are not counted (the centre starts empty)."""
    demand: dict[str, float] = field(default_factory=dict)
    """Procedure id → multiplier of its arrival rate; ``"*"`` for every procedure not named."""
    processes: int | None = None
    """Worker processes; 1: sequential, in this process; ``None``: one per CPU core (sequential
    in a host that runs other threads, such as the app)."""

    def check(self, file: str) -> None:
        def fail(code: str, **params: object) -> None:
            raise ConfigError(Problem(file, None, msg(code, **params)))

        if self.days < 1:
            fail("error.settings.days")
        if self.seed < 0:
            fail("error.settings.seed")
        if self.replications < 1:
            fail("error.settings.replications")
        if not 0 <= self.warmup_days < self.days:
            fail("error.settings.warmup", warmup=self.warmup_days, days=self.days)
        if self.processes is not None and self.processes < 1:
            fail("error.settings.processes")
