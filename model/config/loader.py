"""From files to a typed :class:`Scenario`: read YAML safely, validate it, resolve procedures.

Every way this can fail ends in a :class:`~model.config.errors.ConfigError` whose problems name the
file and line, so the CLI and the app can show one clear line per problem, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from model.config import yamlio
from model.config.errors import ConfigError, Problem
from model.config.functions import BUILTIN, Function
from model.config.schema import OrgConfig, Procedure, Unit

MAX_PROCEDURE_FILES = 500

M = TypeVar("M", bound=BaseModel)


@dataclass
class Scenario:
    """A configuration with its procedures loaded: what validation and simulation work on."""

    config: OrgConfig
    procedures: list[Procedure]
    path: Path | None = None
    functions: dict[str, Function] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return str(self.path) if self.path else "<memory>"

    @property
    def units(self) -> list[Unit]:
        return self.config.all_units()

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def procedure(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)

    def function_name(self, function_id: str) -> str:
        known = self.functions.get(function_id)
        return known.name if known else function_id


def load_scenario(path: str | Path) -> Scenario:
    """Load a configuration file and every procedure it refers to."""
    path = Path(path)
    data = yamlio.load_file(path)
    return _scenario(data, str(path), path.parent, path)


def load_scenario_text(
    text: str, name: str = "<upload>", base_dir: str | Path = ".", root: str | Path | None = None
) -> Scenario:
    """Load a configuration given as text (an upload); relative procedure paths use ``base_dir``.

    An upload may come from anyone who can reach the app: with ``root`` given, its procedure
    paths must stay inside that folder, so it cannot make the server read other files.
    """
    return _scenario(yamlio.load_text(text, name), name, Path(base_dir), None, Path(root) if root else None)


def load_procedure(path: str | Path) -> Procedure:
    """Load one procedure file."""
    return validate_as(Procedure, yamlio.load_file(path), str(path))


def validate_as(model: type[M], data: Any, file: str) -> M:
    """Validate parsed YAML against ``model``, turning pydantic's errors into located problems."""
    if not isinstance(data, dict):
        raise ConfigError(
            Problem(
                file, yamlio.line_of(data) or 1, f"expected a mapping of keys ({model.__name__}), got {_kind(data)}"
            )
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError([_problem(error, data, file) for error in exc.errors()]) from None


def _scenario(data: Any, file: str, base_dir: Path, path: Path | None, root: Path | None = None) -> Scenario:
    config = validate_as(OrgConfig, data, file)
    procedures: list[Procedure] = []
    problems: list[Problem] = []
    for index, entry in enumerate(config.procedures):
        if isinstance(entry, Procedure):
            procedures.append(entry)
            continue
        line = data["procedures"].line_of(index) if hasattr(data["procedures"], "line_of") else None
        target = base_dir / entry
        if root and not target.resolve().is_relative_to(root.resolve()):
            raise ConfigError(
                Problem(
                    file,
                    line,
                    f"procedure path {entry!r} leads outside {root}; "
                    "give a path inside it or put the procedures inline",
                )
            )
        for proc_path in procedure_files(target, file, line):
            try:
                procedures.append(load_procedure(proc_path))
            except ConfigError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    functions = dict(BUILTIN)
    functions.update({f.id: Function(f.id, f.name, f.name_en or f.name) for f in config.functions})
    return Scenario(config=config, procedures=procedures, path=path, functions=functions)


def procedure_files(target: Path, file: str, line: int | None) -> Iterable[Path]:
    """The procedure files a ``procedures:`` entry names: the file itself, or a folder's YAML files."""
    if target.is_dir():
        found = sorted(p for p in target.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if len(found) > MAX_PROCEDURE_FILES:
            raise ConfigError(Problem(file, line, f"{target} holds over {MAX_PROCEDURE_FILES} procedure files"))
        return found
    if target.is_file():
        return [target]
    raise ConfigError(
        Problem(
            file,
            line,
            f"procedure path {str(target)!r} does not exist; give a file or folder relative to this configuration",
        )
    )


def _problem(error: dict[str, Any], data: Any, file: str) -> Problem:
    """Locate one pydantic error in the parsed YAML and phrase it for a person."""
    loc = [part for part in error["loc"] if isinstance(part, (str, int))]
    node, line, path = data, yamlio.line_of(data), []
    for part in loc:
        if isinstance(node, dict) and part in node:
            line = yamlio.line_of(node, part) or line
            node = node[part]
            path.append(str(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            line = yamlio.line_of(node, part) or line
            node = node[part]
            path.append(f"[{part}]")
        # other parts are pydantic's names for union members, which have no place in the file
    if error["type"] == "unknown_key":
        key = error["ctx"]["key"]
        line = yamlio.line_of(node, key) if isinstance(node, dict) else line
        path.append(str(key))
    elif error["type"] == "missing" and loc:
        path.append(str(loc[-1]))
    where = ".".join(path).replace(".[", "[") or "top level"
    message = error["msg"]
    if error["type"] == "missing":
        message = "required key is missing"
    elif error["type"] not in ("unknown_key",) and "input" in error and not isinstance(error["input"], (dict, list)):
        message = f"{message} (got {error['input']!r})"
    return Problem(file, line, f"{where}: {message}")


def _kind(value: Any) -> str:
    if value is None:
        return "an empty document"
    return "a list" if isinstance(value, list) else f"a single value ({type(value).__name__})"


def dump_yaml(scenario: Scenario, inline_procedures: bool = True) -> str:
    """The scenario as YAML that loads back to the same model (procedures inlined by default)."""
    data = scenario.config.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
    if inline_procedures:
        data["procedures"] = [
            p.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
            for p in scenario.procedures
        ]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
