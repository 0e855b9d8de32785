"""The command line as a user runs it: exit codes 0/1/2, JSON findings, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from model.cli import main

from .conftest import FIXTURES, ROOT

BROKEN = FIXTURES / "broken" / "centre.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m model`` in a real subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "model", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_validate_shipped_config_exits_zero(shipped_config: Path) -> None:
    result = run("validate", str(shipped_config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def test_validate_json_lists_findings_with_file_and_line() -> None:
    result = run("validate", str(BROKEN), "--json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert {tuple(sorted(f)) for f in findings} == {("file", "line", "message", "rule", "severity")}
    flow003 = next(f for f in findings if f["rule"] == "FLOW003")
    assert flow003["file"].endswith("allowance.yaml") and flow003["line"] == 9


def test_validate_says_which_law_it_applied() -> None:
    """The 2017 configuration is read in 2017 law: the 2011 Niebieska Karta and 2016 interview regulations."""
    result = run("validate", str(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"), "--json")
    law = json.loads(result.stdout)["law"]
    assert law["on"] == "2017-09-01" and law["dated"] is True
    acts = {p["act"] for p in law["provisions"]}
    assert any("13 września 2011" in act for act in acts) and not any("6 września 2023" in act for act in acts)
    assert any("25 sierpnia 2016" in act for act in acts) and not any("8 kwietnia 2021" in act for act in acts)
    text = run("validate", str(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"), "--lang", "pl").stdout
    assert text.startswith("Prawo na dzień 2017-09-01:") and "13 września 2011" in text


def test_warnings_alone_exit_zero(tmp_path: Path, capsys) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        "centre: {name: OPS, population: 6000, model: care_area}\nunits:\n"
        "  - {id: ops, name: Ośrodek, kind: management, staff: [{role: social_worker, fte: 3}],\n"
        "     units: [{id: empty, name: Pusta sekcja, kind: section}]}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(config)]) == 0
    assert "warning STAFF002" in capsys.readouterr().out


def test_unreadable_input_exits_two_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("centre: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "bad.yaml:1:" in result.stderr
    assert "Traceback" not in result.stderr and "pwned" not in result.stdout


def test_missing_file_exits_two() -> None:
    result = run("validate", "no/such/file.yaml")
    assert result.returncode == 2 and "file not found" in result.stderr


def test_show_summarises_units_functions_procedures(capsys) -> None:
    assert main(["show", str(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Stanowisko ds. Pierwszego Kontaktu" in out
    assert "first_contact (First contact)" in out
    assert "Procedures:" in out
    assert main(["show", str(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml"), "--lang", "pl"]) == 0
    polish = capsys.readouterr().out
    assert "first_contact (Pierwszy kontakt)" in polish and "Procedury:" in polish
    assert "61\u202f000 mieszkańców" in polish


@pytest.mark.parametrize("command", [["validate"], ["show"], ["simulate", "--days", "5"], ["export", "staffing"]])
def test_every_command_reports_errors_in_the_language_asked_for(command, capsys) -> None:
    """``--lang`` reaches every command, down to its unreadable-input message."""
    argv = [*command, "nope.yaml"] + (["-o", "x.csv"] if command[0] == "export" else [])
    assert main([*argv, "--lang", "pl"]) == 2
    assert capsys.readouterr().err.strip() == "błąd: nope.yaml: nie znaleziono pliku"
    assert main([*argv, "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == "error: nope.yaml: file not found"


def test_schema_is_shipped_and_current(capsys) -> None:
    assert main(["schema"]) == 0
    generated = json.loads(capsys.readouterr().out)
    shipped = json.loads((ROOT / "schema" / "org_config.schema.json").read_text(encoding="utf-8"))
    assert generated == shipped, "run: python -m model schema > schema/org_config.schema.json"
    assert "units" in generated["properties"]


def test_result_schema_is_shipped_and_current(capsys) -> None:
    """The schema of ``simulate --json`` is generated from the typed results; what they print
    validates against it (see tests/test_simulation.py)."""
    assert main(["schema", "--result"]) == 0
    generated = json.loads(capsys.readouterr().out)
    shipped = json.loads((ROOT / "schema" / "simulation_result.schema.json").read_text(encoding="utf-8"))
    assert generated == shipped, "run: python -m model schema --result > schema/simulation_result.schema.json"
    assert {"RunResult", "ComparisonResult", "Estimate", "Interval", "Difference"} <= set(generated["$defs"])


def test_console_script_is_declared() -> None:
    assert 'mops = "model.cli:main"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_validate_speaks_polish_on_request() -> None:
    result = run("validate", str(BROKEN), "--json", "--lang", "pl")
    messages = {f["rule"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    assert "nie ma obsady" in messages["STAFF002"]


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    """`mops validate … | head -1`: when the pipe closes, the tool stops quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "model", "validate", str(BROKEN)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before anything is written
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_validate_imports_only_what_it_uses() -> None:
    """``validate`` must start fast: no simulation, no pandas, no PDF or Word writers, no Graphviz."""
    script = (
        "import sys; from model.cli import main; code = main(['validate', sys.argv[1]]); "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "org_configs" / "tarnowskie_gory_2017.yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    loaded = set(result.stdout.splitlines()[-1].split())
    heavy = {"simpy", "numpy", "pandas", "fpdf", "docx", "pypdf", "graphviz", "streamlit", "holidays", "scipy"}
    assert "networkx" in loaded and not loaded & heavy, sorted(loaded & heavy)


def test_every_command_is_registered_by_the_module_the_map_names() -> None:
    """A run imports only its command's module, so the map must say which module that is."""
    from model.cli import SUBCOMMANDS, build_parser
    from model.cli.base import COMMANDS

    build_parser()
    assert set(COMMANDS) == set(SUBCOMMANDS)
    for name, (run, _, _) in COMMANDS.items():
        assert run.__module__ == f"model.cli.{SUBCOMMANDS[name]}", name
        assert set(build_parser(name)._subparsers._group_actions[0].choices) == {name}


def test_a_one_process_simulation_starts_no_pool(tmp_path) -> None:
    """The per-core figure is a run in one process: it must not pay for a process pool, for other
    commands, or for networkx (a valid configuration's route needs no graph to be simulated)."""
    script = (
        "import sys; from model.cli import main; "
        "main(['simulate', sys.argv[1], '--days', '5', '--replications', '1', '--processes', '1']); "
        "print(' '.join(sorted(sys.modules)))"
    )
    config = ROOT / "org_configs" / "gops_rural.yaml"
    result = subprocess.run([sys.executable, "-c", script, str(config)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.splitlines()[-1].split())
    assert "model.simulation.eventloop" in loaded and "simpy" not in loaded  # the model's own loop
    assert not loaded & {"concurrent.futures", "multiprocessing", "model.cli.export", "model.cli.scenario"}
    assert "networkx.algorithms" not in loaded  # networkx itself is there, but not yet executed


@pytest.mark.parametrize(
    "command",
    [
        [
            "diff",
            "org_configs/tarnowskie_gory_care_area.yaml",
            "org_configs/tarnowskie_gory_2017.yaml",
            "--format",
            "md",
        ],
        ["amend", "org_configs/tarnowskie_gory_care_area.yaml", "org_configs/tarnowskie_gory_2017.yaml"],
        ["export", "staffing", "org_configs/gops_rural.yaml"],
    ],
)
def test_an_output_that_cannot_be_written_is_one_line_and_leaves_no_file(tmp_path, capsys, command):
    """Every command that writes a file writes it whole or not at all (an unwritable folder here)."""
    folder = tmp_path / "missing"
    target = folder / "out.md"
    arguments = [str(ROOT / a) if a.startswith("org_configs/") else a for a in command]
    assert main([*arguments, "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot write the file" in err and str(target) in err
    assert not folder.exists()
