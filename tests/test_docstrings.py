"""The examples in the public functions' docstrings run, so the documentation cannot drift.

Each example is run by :mod:`doctest` from the project's root (its paths are ``org_configs/…``).
The event loop's and the extras' module docstrings are run too; the event loop compiled (see
:mod:`model.simulation.native`) keeps no docstring, so its source's examples run against it.
"""

from __future__ import annotations

import ast
import doctest
from pathlib import Path

import pytest

import model.calibration.estimate
import model.checks.rules
import model.config.loader
import model.extras
import model.impact.diff
import model.simulation.eventloop
import model.simulation.executor
import model.simulation.runner
import model.staffing.optimiser

ROOT = Path(__file__).resolve().parent.parent

PUBLIC = [
    (model.config.loader, "load_scenario"),
    (model.checks.rules, "validate"),
    (model.simulation.runner, "simulate"),
    (model.simulation.runner, "compare"),
    (model.staffing.optimiser, "optimise"),
    (model.calibration.estimate, "calibrate"),
    (model.impact.diff, "diff"),
]
MODULES = [model.simulation.eventloop, model.simulation.executor, model.extras]


def _run(tests: list[doctest.DocTest]) -> doctest.TestResults:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize(("module", "name"), PUBLIC, ids=[name for _, name in PUBLIC])
def test_public_function_has_parameters_returns_and_examples_that_run(module, name, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    function = getattr(module, name)
    for section in ("Parameters", "Returns", "Examples"):
        assert f"{section}\n    ---" in function.__doc__, (name, section)
    tests = doctest.DocTestFinder(recurse=False).find(function, name, module=module, globs=vars(module).copy())
    result = _run(tests)
    assert result.attempted >= 2 and result.failed == 0, name


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__ for m in MODULES])
def test_module_examples_run(module, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    source = ROOT.joinpath(*module.__name__.split(".")).with_suffix(".py")  # not by __file__: compiled, it may be wrong
    docstring = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8")), clean=False) or ""
    examples = doctest.DocTestParser().get_doctest(docstring, vars(module).copy(), module.__name__, str(source), 0)
    result = _run([examples])
    assert result.attempted >= 1 and result.failed == 0, module.__name__
