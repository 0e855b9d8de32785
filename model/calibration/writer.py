"""Calibrated procedure files: only the estimated figures change, each with its provenance.

The files are edited with ruamel.yaml's round trip, so the legal sources, labels and comments
stay; an estimated figure's ``# assumption`` comment is replaced by where it came from.
Everything is written to a temporary folder first and moved into place at the end, so a
failure leaves nothing half written.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from model.calibration.estimate import Calibration, StepEstimate
from model.config import roundtrip
from model.config.loader import Scenario
from model.config.schema import Procedure
from model.i18n import Message, msg, t

MIN_CASES = 1
"""A step seen fewer times than this keeps its assumed figures."""


def set_comment(container: CommentedMap | CommentedSeq, key: object, text: str) -> None:
    """Replace the end-of-line comment of ``key`` by ``# text``."""
    container.ca.items.pop(key, None)
    container.yaml_add_eol_comment(text, key)


def _own_file(procedure: Procedure) -> Path | None:
    """The procedure's own file, when it has one (an inline procedure has its configuration's)."""
    if procedure.file is None or not Path(procedure.file).is_file():
        return None
    data = YAML(typ="safe").load(Path(procedure.file).read_text(encoding="utf-8"))
    return Path(procedure.file) if isinstance(data, dict) and data.get("id") == procedure.id else None


def file_name(procedure: Procedure) -> str:
    """Where the calibrated procedure goes in the output folder."""
    own = _own_file(procedure)
    return f"procedures/{own.name if own else procedure.id + '.yaml'}"


def source_data(procedure: Procedure) -> CommentedMap:
    """The procedure as ruamel round-trip data: its file with the comments, else its model."""
    own = _own_file(procedure)
    if own is not None:
        return roundtrip.parse(own.read_text(encoding="utf-8"))
    dumped = procedure.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
    return roundtrip.parse(roundtrip.dump(dumped))


def calibrated_text(procedure: Procedure, calibration: Calibration, lang: str, notes: list[Message]) -> str | None:
    """The procedure file with the estimates written in, or ``None`` when nothing was estimated."""
    found = calibration.procedures.get(procedure.id)
    if found is None:
        return None
    data = source_data(procedure)
    provenance = t(
        "calib.provenance",
        lang,
        source=calibration.source,
        first=calibration.first.isoformat(),
        last=calibration.last.isoformat(),
        cases=f"{found.cases:,}".replace(",", "\u00a0"),
    )
    arrivals = data["arrivals"]
    arrivals["per_week"] = round(found.arrivals_per_week, 2)
    arrivals.pop("reference_population", None)  # the centre's own figure: nothing to scale
    set_comment(arrivals, "per_week", provenance)
    for step in data["steps"]:
        estimate = found.steps.get(step["id"])
        if estimate is None or estimate.count < MIN_CASES:
            continue
        _step(step, estimate, provenance, functools.partial(_unknown_branch, notes, procedure.id, step["id"]))
    return roundtrip.dump(data)


def _unknown_branch(notes: list[Message], procedure: str, step: str, targets: str) -> None:
    notes.append(msg("calib.note.branch_unknown", procedure=procedure, step=step, targets=targets))


def _step(step: CommentedMap, estimate: StepEstimate, provenance: str, unknown: Callable[[str], None]) -> None:
    if estimate.duration is not None:
        duration = CommentedMap([("dist", estimate.duration.dist), *estimate.duration.params.items()])
        duration.fa.set_flow_style()
        step["duration"] = duration
        set_comment(step, "duration", provenance)
    if "delay" in step:
        if estimate.delay_minutes is not None:
            step["delay"] = f"{max(estimate.delay_minutes, 0):.0f} min"
        elif estimate.delay_working_days is not None:
            step["delay"] = f"{max(estimate.delay_working_days, 0):.1f} wd"
        else:
            return
        set_comment(step, "delay", provenance)
    branches = step["next"]
    if not isinstance(branches, CommentedSeq) or not estimate.next:
        return
    observed = {to: n for to, _, n in estimate.next}
    declared = [b["to"] for b in branches]
    strange = sorted(set(observed) - set(declared))
    if strange:
        unknown(", ".join(strange))
    total = sum(observed.get(to, 0) for to in declared)
    if not total:
        return
    shares = [round(observed.get(to, 0) / total, 3) for to in declared]
    shares[shares.index(max(shares))] += round(1 - sum(shares), 3)  # rounding must not break Σp = 1
    for index, (branch, share) in enumerate(zip(branches, shares)):
        branch["p"] = round(share, 3)
        set_comment(branches, index, provenance)


def write_outputs(directory: Path, files: dict[str, str | bytes]) -> None:
    """Write ``{relative path: content}`` under ``directory``, all or nothing."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".calibration-", dir=directory.parent))
    try:
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        if not directory.exists():
            os.replace(staging, directory)
            return
        for relative in files:
            (directory / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, directory / relative)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def procedure_files(scenario: Scenario, calibration: Calibration, lang: str) -> tuple[dict[str, str], list[Message]]:
    """``{file name: calibrated text}`` for every procedure the log estimated."""
    notes: list[Message] = []
    files: dict[str, str] = {}
    for procedure in scenario.procedures:
        text = calibrated_text(procedure, calibration, lang, notes)
        if text is not None:
            files[file_name(procedure)] = text
    return files, notes


def calibrated_scenario(scenario: Scenario, files: dict[str, str]) -> Scenario:
    """The scenario with the calibrated procedure texts in place of the assumed ones."""
    from model.config import yamlio
    from model.config.dated import apply
    from model.config.loader import validate_as

    procedures = []
    for procedure in scenario.procedures:
        name = file_name(procedure)
        if name in files:
            where = procedure.file or name
            procedure = validate_as(Procedure, yamlio.load_text(files[name], where), where)
        procedures.append(procedure)
    in_force = apply(scenario.config, procedures, scenario.file)
    return Scenario(in_force.config, in_force.procedures, scenario.path, scenario.functions, in_force.law)


def calibrated_config(scenario: Scenario, files: dict[str, str], directory: Path) -> tuple[str, str] | None:
    """The configuration file to put beside the calibrated procedures, or ``None`` without a file.

    Its ``procedures`` list names each procedure's calibrated file in ``directory``, or its
    original file (relative to ``directory``) when the log did not reach it; the rest of the
    file, comments included, is unchanged.
    """
    if scenario.path is None:
        return None
    data = roundtrip.parse(scenario.path.read_text(encoding="utf-8"))
    directory = Path(directory).resolve()
    entries = CommentedSeq()
    for procedure in scenario.procedures:
        name = file_name(procedure)
        own = _own_file(procedure)
        if name in files:
            entries.append(name)
        elif own is not None:
            entries.append(os.path.relpath(own.resolve(), directory))
        else:
            entries.append(procedure.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True))
    data.ca.items.pop("procedures", None)  # its comment spoke of the old list
    data["procedures"] = entries
    return scenario.path.name, roundtrip.dump(data)
