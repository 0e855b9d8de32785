"""Whether a scenario can be simulated: the rules without whose passing there is nothing to run.

Compiling (:mod:`model.simulation.network`) runs no rule; every run is compiled through
:func:`compiled`, which asks the blocking rules first and words a routing with no end by rule
FLOW002, so that a refused run says what the findings say.
"""

from __future__ import annotations

from model.checks.findings import Severity
from model.checks.rules import validate
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario
from model.i18n import msg
from model.simulation.network import Network, NeverEnds, OpenCase, compile_network

BLOCKING_RULES = frozenset({"REF002", "REF003", "DUP001", "FLOW003", "SERV001"})
"""Validation errors that leave nothing sensible to simulate; other findings do not stop a run.

A route with no end (rule FLOW002) stops a run too, but the compiler finds it itself, as it
must solve the routing for the expected visits anyway; the rule, and with it networkx, is
asked only then, to name the step and the loop. A configuration's ``checks:`` cannot switch
these off: the run would have nothing to stand on."""


def compiled(
    scenario: Scenario,
    days: int,
    demand: dict[str, float],
    run_out_days: int = 0,
    open_cases: tuple[OpenCase, ...] = (),
) -> Network:
    """``scenario`` compiled (:func:`~model.simulation.network.compile_network`) once the blocking rules pass."""
    problems = _errors(scenario, BLOCKING_RULES)
    if problems:
        raise ConfigError(problems)
    try:
        return compile_network(scenario, days, demand, run_out_days, open_cases)
    except NeverEnds:
        named = _errors(scenario, frozenset({"FLOW002"}))
        if named:
            raise ConfigError(named) from None
        raise


def _errors(scenario: Scenario, rules: frozenset[str]) -> list[Problem]:
    """The errors ``rules`` find, worded as the reasons a run is refused."""
    return [
        Problem(f.file, f.line, msg("error.sim.finding", rule=f.rule, text=f.message))
        for f in validate(scenario, only=set(rules), settings=False)
        if f.severity == Severity.error
    ]
