"""MOPS configurator: a centre's structure and client routing, loaded from YAML and checked.

Data flows one way: YAML → typed model (:mod:`model.config.schema`, :mod:`model.config.loader`) → flow
graphs (:mod:`model.checks.flow`) → findings (:mod:`model.checks.rules`) / simulation results → views.
"""

from model.checks.findings import REGISTRY, Finding, Severity
from model.checks.rules import validate
from model.config.errors import ConfigError, Problem
from model.config.loader import Scenario, dump_yaml, load_scenario, load_scenario_text

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
