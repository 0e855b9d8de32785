"""Optional extras: a feature whose extra is missing says so in one line, with the install command.

"Missing" is made real the way Python itself allows: ``sys.modules[name] = None`` makes every
import of ``name`` fail, as on a machine where it was never installed.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from model.extras import EXTRAS, MissingExtra, missing, need

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "org_configs" / "gops_rural.yaml"


def test_every_extra_is_declared_in_pyproject_and_installed_by_the_lock() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    lock = (ROOT / "requirements.lock").read_text()
    for extra in EXTRAS:
        assert extra in declared, extra
        assert missing(extra) is None, extra  # the lock installs every extra, for the app and CI
        for requirement in declared[extra]:
            name = requirement.split("[")[0].split(">")[0]
            assert f"\n{name}==" in lock, name
    dependencies = " ".join(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    assert not any(module in dependencies for modules in EXTRAS.values() for module in modules)


def test_need_names_the_extra_and_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtra) as caught:
        need("plots")
    assert caught.value.text("en") == (
        "matplotlib: not installed; drawing PNG charts needs the optional extra 'plots': "
        "pip install 'mops-configurator[plots]'"
    )
    assert "dodatku „plots”" in caught.value.text("pl")


def test_the_command_line_says_it_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "schemat.xlsx"
    script = (
        "import sys; sys.modules['openpyxl'] = None; from model.cli import main; "
        "sys.exit(main(['export', 'orgchart', sys.argv[1], '--format', 'xlsx', '-o', sys.argv[2], '--lang', 'pl']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(CONFIG), str(target)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "mops-configurator[xlsx]" in lines[0] and "openpyxl" in lines[0], result.stderr
    assert not target.exists()
