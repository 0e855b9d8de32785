"""``python -m model simulate`` starts light: what its path imports, and how the schema is built.

Not a timed test (speed is measured by ``benchmarks/simulate.py``): these fail when a change
puts back, on the command's path, something whose start-up cost issue 19 took off it: a heavy
library, another command's modules, annotations pydantic must compile from text, default
factories whose signature it must tokenize.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from model.config.schema import OrgConfig

ROOT = Path(__file__).resolve().parent.parent

MM3 = ROOT / "benchmarks" / "mm3.yaml"
"""The M/M/3 queue that ``benchmarks/simulate.py`` times."""

HEAVY = {"pandas", "networkx", "ruamel", "matplotlib", "streamlit", "altair", "scipy", "docx", "fpdf", "pypdf"}
"""Libraries of other commands and of the app, none of which a simulation needs."""
OTHER_COMMANDS = {
    "model.staffing",
    "model.exports",
    "model.present",
    "model.impact",
    "model.interchange",
    "model.calibration",
    "model.store",
}
"""Packages of the library that serve other commands."""


def _imported(code: str, *argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (which may read ``sys.argv``)."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    done = subprocess.run(
        [sys.executable, "-c", script, *argv], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _under(modules: set[str], packages: set[str]) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)}


def test_the_simulate_help_imports_neither_the_engine_nor_the_rules() -> None:
    modules = _imported("from model.cli import build_parser\nbuild_parser('simulate').format_help()")
    assert "model.cli.simulate" in modules  # the command was built
    assert _under(modules, {"numpy", "model.simulation.engine", "model.simulation.runner", "model.checks"}) == set()
    assert _under(modules, HEAVY | OTHER_COMMANDS) == set()


def test_a_simulation_imports_no_other_command_or_heavy_library() -> None:
    modules = _imported(
        "from model.cli import main\nassert main(sys.argv[1:]) == 0",
        "simulate",
        str(MM3),
        "--days",
        "7",
        "--replications",
        "1",
        "--processes",
        "1",
        "--json",
    )
    assert "model.simulation.engine" in modules  # it did run
    assert _under(modules, HEAVY | OTHER_COMMANDS) == set()
    assert "model.simulation.comparison" not in modules  # a comparison's dataclasses
    assert not [m for m in modules if m.startswith("model.cli.") and m not in {"model.cli.base", "model.cli.simulate"}]


def _models(root: type[BaseModel]) -> set[type[BaseModel]]:
    """``root`` and every model class its fields hold, however nested."""
    found: set[type[BaseModel]] = set()
    todo = [root]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.add(model)
        for field in model.model_fields.values():
            todo += [t for t in _types_in(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return found


def _types_in(annotation: object) -> list[object]:
    args = getattr(annotation, "__args__", ())
    return [annotation, *(t for arg in args for t in _types_in(arg))]


def test_the_schema_is_built_without_text_annotations_or_builtin_factories() -> None:
    models = _models(OrgConfig)
    assert len(models) > 20  # the walk reached the nested sections
    # pydantic compiles an annotation kept as text (the future import) at every start
    assert [
        m.__name__ for m in models if any(isinstance(a, str) for a in vars(m).get("__annotations__", {}).values())
    ] == []
    # and tokenizes the text signature of list, dict and set to call them as default factories
    builtin = [
        f"{m.__name__}.{name}"
        for m in models
        for name, field in m.model_fields.items()
        if field.default_factory in (list, dict, set, tuple)
    ]
    assert builtin == []
