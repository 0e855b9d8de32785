"""MOPS configurator: a centre's structure and client routing, loaded from YAML and checked.

Data flows one way: YAML → typed model (:mod:`model.config.schema`, :mod:`model.config.loader`) → flow
graphs (:mod:`model.checks.flow`) → findings (:mod:`model.checks.rules`) / simulation results → views.

The names below are imported when first used (PEP 562), so that ``python -m model simulate``
or a worker process that needs only the loader does not pay for every rule family at start-up;
for type checkers they are plain imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.checks.findings import REGISTRY, Finding, Severity
    from model.checks.rules import validate
    from model.config.errors import ConfigError, Problem
    from model.config.loader import Scenario, dump_yaml, load_scenario, load_scenario_text

_HOMES = {
    "ConfigError": "model.config.errors",
    "Problem": "model.config.errors",
    "REGISTRY": "model.checks.findings",
    "Finding": "model.checks.findings",
    "Severity": "model.checks.findings",
    "Scenario": "model.config.loader",
    "dump_yaml": "model.config.loader",
    "load_scenario": "model.config.loader",
    "load_scenario_text": "model.config.loader",
    "validate": "model.checks.rules",
}
"""Each public name and the module it lives in."""

__all__ = [
    "ConfigError",
    "Problem",
    "REGISTRY",
    "Finding",
    "Severity",
    "Scenario",
    "dump_yaml",
    "load_scenario",
    "load_scenario_text",
    "validate",
]


def __getattr__(name: str) -> Any:
    """A public name, from its module on first use (the module's import registers the rules it needs)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found once: the next use is a plain attribute
    return value
