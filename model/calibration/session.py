"""One calibration from start to finish, for the CLI and the app alike.

Read (and pseudonymise) → estimate → calibrated procedure texts → re-run the calibrated model →
fit report. Everything is kept in memory until :meth:`CalibrationResult.write` puts it in a
folder all at once; the app never writes it at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.config.editing import replace_procedures
from model.config.errors import Problem
from model.config.loader import Scenario
from model.i18n import msg


@dataclass
class CalibrationResult:
    """One calibration, everything it produced held in memory until written (the app never writes it)."""

    scenario: Scenario
    """The configuration with the calibrated procedures in place."""
    files: dict[str, str | bytes]
    summary: dict[str, Any]
    """The ``--json`` answer."""
    markdown: str
    procedures_changed: int
    cases: int
    warnings: list[Problem] = field(default_factory=list)

    def write(self, directory: Path) -> None:
        """Everything into ``directory`` at once, with a configuration that uses the calibrated files."""
        from model.calibration.writer import calibrated_config, write_outputs

        files = dict(self.files)
        config = calibrated_config(self.scenario, {k: v for k, v in files.items() if isinstance(v, str)}, directory)
        if config is not None:
            files[config[0]] = config[1]
        write_outputs(directory, files)


def run_calibration(
    scenario: Scenario,
    log: tuple[bytes, str] | None = None,
    statistics: tuple[bytes, str] | None = None,
    open_cases: tuple[bytes, str] | None = None,
    mapping: list[str] | None = None,
    encoding: str | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    runs: int = 5,
    seed: int = 1,
    lang: str = "en",
) -> CalibrationResult:
    """Whatever was given (a log, the annual figures, a snapshot of open cases), calibrated, reported
    on and checked, all in memory: the CLI writes the result, the app shows it."""
    from model.calibration.estimate import calibrate
    from model.calibration.log import parse_map, read_log
    from model.calibration.report import chart, fit_report, markdown
    from model.calibration.writer import calibrated_scenario, procedure_files

    files: dict[str, str | bytes] = {}
    summary: dict[str, Any] = {"procedures": {}, "unmatched": {}}
    warnings: list[Problem] = []
    report = ""
    cases = 0
    if statistics is not None:
        from model.calibration.statistics import read_statistics, statistics_files

        figures = read_statistics(statistics[0], Path(statistics[1]).name, scenario, encoding)
        files.update(statistics_files(scenario, figures, Path(statistics[1]).name, lang))
        summary["statistics"] = [
            {"procedure": f.procedure, "year": f.year, "decisions": f.decisions, "families": f.families}
            for f in figures
        ]
    if log is not None:
        event_log = read_log(log[0], log[1], parse_map(mapping or []), encoding)
        observed = calibrate(event_log, scenario, first, last)
        texts, notes = procedure_files(scenario, observed, lang)
        files.update(texts)
        summary = observed.to_dict(lang) | {k: v for k, v in summary.items() if k == "statistics"}
        summary["notes"] += [n.text(lang) for n in notes]
        calibrated = calibrated_scenario(scenario, {k: v for k, v in files.items() if isinstance(v, str)})
        rows = fit_report(calibrated, observed, runs, seed, event_log)
        report = markdown(observed, rows, runs, lang, summary["notes"])
        summary["fit"] = {row.procedure: row.to_dict() for row in rows}
        files["fit_report.md"] = report
        for row in rows:
            files[f"charts/{row.procedure}.png"] = chart(row, lang)
        cases = sum(p.cases for p in observed.procedures.values())
        if observed.open_cases:
            warnings.append(
                Problem(
                    event_log.name, observed.open_first_row, msg("error.calib.open_case", count=observed.open_cases)
                )
            )
    else:
        calibrated = calibrated_scenario(scenario, {k: v for k, v in files.items() if isinstance(v, str)})
    if open_cases is not None:
        from model.calibration.opencases import read_open_cases

        snapshot = read_open_cases(open_cases[0], open_cases[1], calibrated, encoding)
        summary["open_cases_snapshot"] = snapshot.counts()
    files["calibration.json"] = json.dumps(summary, ensure_ascii=False, indent=2)
    changed = sum(1 for name in files if name.startswith("procedures/"))
    return CalibrationResult(calibrated, files, summary, report, changed, cases, warnings)


def accept(result: CalibrationResult):
    """An edit (for :func:`model.config.editing.apply`) putting the calibrated procedures in."""
    procedures = [
        procedure.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
        for procedure in result.scenario.procedures
    ]
    return functools.partial(replace_procedures, procedures=procedures)
