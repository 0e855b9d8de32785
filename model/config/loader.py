"""From files to a typed :class:`Scenario`: read YAML safely, validate it, resolve procedures.

Every way this can fail ends in a :class:`~model.config.errors.ConfigError` whose problems name the
file and line, so the CLI and the app can show one clear line per problem, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from model.config import yamlio
from model.config.dated import AppliedLaw, Same, apply
from model.config.errors import ConfigError, Problem
from model.config.functions import BUILTIN, Function
from model.config.schema import OrgConfig, Procedure, Unit
from model.i18n import CATALOGUES, Message, msg

MAX_PROCEDURE_FILES = 500

M = TypeVar("M", bound=BaseModel)


@dataclass
class Scenario:
    """A configuration with its procedures loaded: what validation and simulation work on."""

    config: OrgConfig
    procedures: list[Procedure]
    path: Path | None = None
    functions: dict[str, Function] = field(default_factory=dict)
    law: AppliedLaw | None = None
    """The law applied: the configuration's date and the provisions it drew on."""

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

    def function_name(self, function_id: str, lang: str = "pl") -> str:
        """A function's name in ``lang`` (its id when unknown)."""
        known = self.functions.get(function_id)
        if known is None:
            return function_id
        return known.name_en if lang == "en" else known.name


def load_scenario(path: str | Path) -> Scenario:
    """Load a configuration file and every procedure it refers to.

    The one way in for a file: YAML is read keeping lines, validated against the typed model
    (:mod:`model.config.schema`), and the procedures named by path are loaded beside it, so that
    every later error can say which file and line it comes from.

    Parameters
    ----------
    path:
        The configuration file (``org_configs/*.yaml``); relative procedure paths in it are read
        from its folder.

    Returns
    -------
    Scenario
        The typed configuration with its procedures, ready for :func:`~model.checks.rules.validate`
        and :func:`~model.simulation.runner.simulate`.

    Raises
    ------
    ConfigError
        When the file cannot be turned into a model: one located problem per line, never a traceback.

    Examples
    --------
    >>> scenario = load_scenario("org_configs/gops_rural.yaml")
    >>> scenario.config.centre.name
    'Gminny Ośrodek Pomocy Społecznej w Przykładowie'
    >>> len(scenario.units), len(scenario.procedures)
    (10, 21)
    >>> load_scenario("org_configs/no_such.yaml")
    Traceback (most recent call last):
    ...
    model.config.errors.ConfigError: org_configs/no_such.yaml: file not found
    """
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
    """Load one procedure file, as the file says it (the loader reads it in the law of the
    configuration's date into copies, :func:`model.config.dated.apply`).

    The object is shared: a file with the same text and name gives the same one (see
    :func:`_kept_procedure`); change a copy (``model_copy``), never it.
    """
    name = str(path)
    return _kept_procedure(yamlio.read_file(path), name)


PROCEDURES_KEPT = 256
"""Procedures kept validated (see :func:`_kept_procedure`): a configuration names two dozen, read
again on every load of it, i.e. on every edit in the app."""


@lru_cache(maxsize=PROCEDURES_KEPT)
def _kept_procedure(text: str, name: str) -> Procedure:
    """A procedure file's text validated once: an edit of the org structure loads the configuration
    again, and pydantic checking every procedure anew was a fifth of the edit's CPU. Remembered by
    the text (a changed file is read again); nothing changes a procedure once read (the law of the
    date is read into copies), so one object serves every load. A :class:`ConfigError` is raised
    again on each call, not kept."""
    return validate_as(Procedure, yamlio.load_text(text, name), name)


def validate_as(model: type[M], data: Any, file: str) -> M:
    """Validate parsed YAML against ``model``, turning pydantic's errors into located problems."""
    if not isinstance(data, dict):
        raise ConfigError(
            Problem(
                file, yamlio.line_of(data) or 1, msg("error.load.not_mapping", model=model.__name__, got=_kind(data))
            )
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError([_problem(error, data, file) for error in exc.errors()]) from None


@lru_cache(maxsize=PROCEDURES_KEPT)
def _kept_inline(parsed: Same, file: str) -> Procedure:
    """An inline procedure validated once per parsed value: the reader keeps each top-level key of a
    text read (:func:`model.config.yamlio.load_text`), so a text whose ``procedures`` did not change
    (an edit of the org structure) hands over the very same values, and they are not checked again.
    Read values are never changed, so the identity of one is its content (and its lines)."""
    return validate_as(Procedure, parsed.value, file)


def _validated_config(data: Any, file: str) -> OrgConfig:
    """The configuration validated, its inline procedures taken from :func:`_kept_inline` (pydantic
    takes a validated procedure as it is). Where one of them fails, the whole is validated as it
    was read, so that the problem is said with its place in the configuration."""
    entries = data.get("procedures") if isinstance(data, yamlio.LineDict) else None
    if isinstance(entries, list) and any(isinstance(entry, dict) for entry in entries):
        try:
            kept = [_kept_inline(Same(entry), file) if isinstance(entry, dict) else entry for entry in entries]
        except ConfigError:
            return validate_as(OrgConfig, data, file)
        with_kept = yamlio.LineDict(data, procedures=kept)
        vars(with_kept).update(vars(data))  # its file and lines
        return validate_as(OrgConfig, with_kept, file)
    return validate_as(OrgConfig, data, file)


def _scenario(data: Any, file: str, base_dir: Path, path: Path | None, root: Path | None = None) -> Scenario:
    config = _validated_config(data, file)
    procedures: list[Procedure] = []
    problems: list[Problem] = []
    for index, entry in enumerate(config.procedures):
        if isinstance(entry, Procedure):
            procedures.append(entry)
            continue
        line = data["procedures"].line_of(index) if hasattr(data["procedures"], "line_of") else None
        target = base_dir / entry
        if root and not target.resolve().is_relative_to(root.resolve()):
            raise ConfigError(Problem(file, line, msg("error.load.outside_root", path=entry, root=str(root))))
        for proc_path in procedure_files(target, file, line):
            try:
                procedures.append(load_procedure(proc_path))
            except ConfigError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    in_force = apply(config, procedures, file)
    functions = dict(BUILTIN)
    functions.update({f.id: Function(f.id, f.name, f.name_en or f.name) for f in config.functions})
    return Scenario(
        config=in_force.config, procedures=in_force.procedures, path=path, functions=functions, law=in_force.law
    )


def procedure_files(target: Path, file: str, line: int | None) -> Iterable[Path]:
    """The procedure files a ``procedures:`` entry names: the file itself, or a folder's YAML files."""
    if target.is_dir():
        found = sorted(p for p in target.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if len(found) > MAX_PROCEDURE_FILES:
            raise ConfigError(
                Problem(file, line, msg("error.load.too_many_files", folder=str(target), limit=MAX_PROCEDURE_FILES))
            )
        return found
    if target.is_file():
        return [target]
    raise ConfigError(Problem(file, line, msg("error.load.no_procedure_path", path=str(target))))


SUBJECTS = {"units": "unit", "steps": "step", "procedures": "procedure", "locations": "location", "centre": "centre"}
"""The collections whose members a person knows by name: the error then names the member, not its path."""


def _problem(error: ErrorDetails, data: Any, file: str) -> Problem:
    """Locate one pydantic error in the parsed YAML and phrase it for a person: the field by its
    label and the unit (step, procedure…) by its name, where the path passes one."""
    loc = [part for part in error["loc"] if isinstance(part, (str, int))]
    node, line, path, subject = _located(data, loc)
    if error["type"] == "unknown_key":
        key = error["ctx"]["key"]
        line = yamlio.line_of(node, key) if isinstance(node, dict) else line
        path.append(str(key))
    elif error["type"] == "missing" and loc:
        path.append(str(loc[-1]))
    where = ".".join(path).replace(".[", "[")
    if subject and path and not path[-1].startswith("[") and error["type"] not in ("unknown_key", "extra_forbidden"):
        kind, name = subject
        field = (
            msg(f"field.{path[-1]}") if f"field.{path[-1]}" in CATALOGUES["pl"] else msg("field.other", key=path[-1])
        )
        return Problem(file, line, msg(f"error.schema.in.{kind}", field=field, name=name, detail=_detail(error)))
    return Problem(
        file, line, msg("error.schema.at" if where else "error.schema.top", where=where, detail=_detail(error))
    )


def _located(data: Any, loc: list[str | int]) -> tuple[Any, int | None, list[str], tuple[str, str] | None]:
    """Follow pydantic's path of an error through the parsed YAML: the node it ends at, the last
    line on the way, the path as written, and the member a person knows by name (kind, name)."""
    node, line, path = data, yamlio.line_of(data), []
    subject: tuple[str, str] | None = None
    container: str | None = None
    for part in loc:
        if isinstance(node, dict) and part in node:
            line = yamlio.line_of(node, part) or line
            node = node[part]
            path.append(str(part))
            container = str(part)
            if part == "centre" and isinstance(node, dict):
                subject = ("centre", "")
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            line = yamlio.line_of(node, part) or line
            node = node[part]
            path.append(f"[{part}]")
            if container in SUBJECTS and isinstance(node, dict):
                subject = (SUBJECTS[container], str(node.get("name") or node.get("id") or node.get("address") or ""))
        # other parts are pydantic's names for union members, which have no place in the file
    return node, line, path, subject


SCHEMA_ERRORS = {
    "missing": "error.schema.missing",
    "unknown_key": "error.schema.unknown_key",
    "extra_forbidden": "error.schema.unknown_key",
    "int_parsing": "error.schema.int",
    "int_type": "error.schema.int",
    "int_from_float": "error.schema.int",
    "float_parsing": "error.schema.number",
    "float_type": "error.schema.number",
    "string_type": "error.schema.text",
    "bool_parsing": "error.schema.bool",
    "bool_type": "error.schema.bool",
    "date_from_datetime_parsing": "error.schema.date",
    "date_parsing": "error.schema.date",
    "date_type": "error.schema.date",
    "dict_type": "error.schema.mapping",
    "model_type": "error.schema.mapping",
    "list_type": "error.schema.list",
    "greater_than": "error.schema.greater_than",
    "greater_than_equal": "error.schema.at_least",
    "less_than": "error.schema.less_than",
    "less_than_equal": "error.schema.at_most",
    "enum": "error.schema.choice",
    "literal_error": "error.schema.choice",
    "too_short": "error.schema.too_short",
}
"""pydantic's error types phrased by the catalogue; any other keeps pydantic's English text."""


def _detail(error: ErrorDetails) -> Message:
    """One pydantic error as a catalogue message, with the offending value where it helps."""
    kind, ctx = error["type"], error.get("ctx", {})
    code = SCHEMA_ERRORS.get(kind)
    if code is None:
        return msg("error.schema.other", text=error["msg"])
    if kind in ("unknown_key", "extra_forbidden"):
        key = ctx.get("key", error["loc"][-1] if error["loc"] else "")
        suggestion = ctx.get("suggestion", "")
        return msg(
            code + ".hint" if suggestion else code, key=str(key), suggestion=suggestion, allowed=ctx.get("allowed", "")
        )
    got = ctx["actual_length"] if kind == "too_short" else _shown(error.get("input"))
    limit = next((v for k, v in ctx.items() if k in ("gt", "ge", "lt", "le", "min_length")), "")
    if kind == "greater_than_equal" and limit == 0:
        code = "error.schema.negative"
    choices = ", ".join(re.findall(r"'[^']*'", str(ctx.get("expected", ""))))  # pydantic's list, without its "or"
    return msg(code, got=got, limit=limit, choices=choices)


def _shown(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return msg("kind.number", value=value)  # in the language's notation: -0,5, not -0.5
    return _kind(value) if value is None or isinstance(value, (dict, list)) else repr(value)


def _kind(value: Any) -> Message:
    if value is None:
        return msg("kind.empty")
    if isinstance(value, dict):
        return msg("kind.mapping")
    return msg("kind.list", count=len(value)) if isinstance(value, list) else msg("kind.scalar", value=repr(value))


def dump_yaml(scenario: Scenario, inline_procedures: bool = True) -> str:
    """The scenario as YAML that loads back to the same model (procedures inlined by default)."""
    data = scenario.config.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
    if inline_procedures:
        data["procedures"] = [
            p.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
            for p in scenario.procedures
        ]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
