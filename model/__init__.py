"""MOPS configurator: a centre's structure and client routing, loaded from YAML and checked.

Data flows one way: YAML → typed model (:mod:`model.schema`, :mod:`model.loader`) → flow
graphs (:mod:`model.flow`) → findings (:mod:`model.rules`) / simulation results → views.
"""

from .errors import ConfigError, Problem
from .findings import REGISTRY, Finding, Severity
from .loader import Scenario, dump_yaml, load_scenario, load_scenario_text
from .rules import validate

__all__ = ["ConfigError", "Problem", "REGISTRY", "Finding", "Severity", "Scenario", "dump_yaml",
           "load_scenario", "load_scenario_text", "validate"]
