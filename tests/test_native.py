"""The simulation's compiled build (setup.py, model/simulation/native.py) runs exactly as its sources do.

The compiled modules are checked against their own sources in separate processes: one imports
the build, one the sources (``MOPS_COMPILED=0``), and both run the same seeded replications of
Tarnowskie Góry, whose procedures use every path of the engine (delays in working and calendar
days, home visits in field hours, care areas, case limits, deadlines). CI builds the modules
(scripts/install.sh), so there a missing build fails rather than skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from model.simulation import native

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not native.built() and not os.environ.get("CI"), reason="no compiled build here (bash scripts/install.sh makes one)"
)

RUN = """
import dataclasses, hashlib, sys
import numpy as np
import model.simulation as simulation
from model import load_scenario
from model.simulation import SimulationSettings
from model.simulation.engine import replicate
from model.simulation.runner import network_of

network = network_of(load_scenario("org_configs/tarnowskie_gory_2017.yaml"), SimulationSettings(days=60, run_out_days=60))
sha = hashlib.sha256()
for index in range(2):
    record = replicate(network, 7, index)
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        sha.update(field.name.encode())
        if isinstance(value, (int, float)):  # an int given where float is declared is a float compiled
            value = float(value)
        sha.update(np.ascontiguousarray(value).tobytes() if isinstance(value, np.ndarray) else repr(value).encode())
print(simulation.RUNNING, replicate.__module__, sha.hexdigest(), record.events)
"""


def run(code: str, cwd: Path, **environment: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=os.environ | {"PYTHONPATH": str(cwd)} | environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split() + [done.stderr]


def test_the_build_is_current_and_used():
    assert native.built(), "CI compiles the simulation's hot modules (scripts/install.sh)"
    running, *_ = run("import model.simulation as s, model.simulation.engine as e; print(s.RUNNING, e.__file__)", ROOT)
    assert running == "compiled"


def test_compiled_and_source_runs_are_bit_identical():
    compiled = run(RUN, ROOT)
    source = run(RUN, ROOT, MOPS_COMPILED="0")
    assert compiled[0] == "compiled" and source[0] == "source"
    assert int(compiled[3]) > 1000  # a run with events, not an empty one
    assert compiled[2] == source[2]  # every number of every table of both replications


def test_a_source_changed_after_the_build_runs_as_source_with_a_warning(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "model", copy / "model", ignore=shutil.ignore_patterns("__pycache__"))
    engine = copy / "model" / "simulation" / "engine.py"
    engine.write_text(engine.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    check = "import model.simulation as s, model.simulation.engine as e; print(s.RUNNING, e.__file__, e.EDITED)"
    running, file, edited, stderr = run(check, copy)
    assert (running, Path(file).resolve(), edited) == ("source", engine.resolve(), "True")
    assert "older than its sources" in stderr and "scripts/install.sh" in stderr
