"""Reading YAML safely, keeping the line of every mapping and key.

PyYAML's ``safe_load`` forgets where values came from and trusts the file's size and shape.
Here we compose the node tree with the safe loader (no object is ever constructed from a tag),
then build plain containers ourselves, so we can

* remember lines (:class:`LineDict`, :class:`LineList`) for messages that point at the file;
* refuse hostile input in bounded time and memory: files over :data:`MAX_BYTES`, nesting deeper
  than :data:`MAX_DEPTH` (libyaml's composer refuses past 1,000 levels itself and we stop at
  :data:`MAX_DEPTH` while building; without libyaml the token stream is checked first, because
  PyYAML's pure-Python composer is recursive),
  more than :data:`MAX_NODES` values after alias expansion (the "billion laughs" bomb), tags
  other than YAML's standard ones (``!!python/object`` and friends), and duplicate keys.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from model.config.errors import ConfigError, Problem
from model.i18n import Message, msg

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when installed: several times faster, the same nodes and line marks."""

_STR = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp", "merge")
}


class LineDict(dict):
    """A ``dict`` that knows the file and line it came from, and the line of each key."""

    file: str = "<memory>"
    line: int | None = None
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LineList(list):
    """A ``list`` that knows the line of each item."""

    file: str = "<memory>"
    line: int | None = None
    item_lines: list[int]

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


def line_of(container: Any, key: str | int | None = None) -> int | None:
    """The line of ``container[key]`` (or of the container itself), if it was read from YAML."""
    if key is not None and isinstance(container, (LineDict, LineList)):
        return container.line_of(key)  # type: ignore[arg-type]
    return getattr(container, "line", None)


def load_text(text: str, file: str = "<memory>") -> Any:
    """Parse YAML ``text`` into plain containers that remember their lines.

    A top-level mapping is read key by key (see :func:`_by_parts`), so that a text that differs
    from one read before in one key (an edit in the app) reads only that key again.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ConfigError(Problem(file, None, msg("error.file.too_large", limit=MAX_BYTES // 1024)))
    if _LOADER is yaml.SafeLoader:
        _check_depth(text, file)
    parts = _top_level_parts(text)
    if parts is not None:
        try:
            return _by_parts(parts, file)
        except _ReadWhole:
            pass
    return _whole(text, file)


def _whole(text: str, file: str) -> Any:
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(Problem(file, line, parser_problem(exc.problem or exc.context, _found(text, mark)))) from None
    except yaml.YAMLError as exc:
        raise ConfigError(Problem(file, None, msg("error.yaml.invalid", detail=str(exc)))) from None
    if node is None:
        return None
    return _Builder(file).build(node)


class _ReadWhole(Exception):
    """The text is not one plain top-level mapping cut at its keys: read it whole (which also
    gives every error its proper message)."""


PARTS_KEPT = 32
"""Top-level keys kept read (see :func:`_part`): the values are shared by every load of a text
containing that part; nothing changes them (the schema reads them, the loader builds its own objects)."""


def _top_level_parts(text: str) -> list[tuple[int, str]] | None:
    """``text`` cut before each line that starts a top-level key, as ``(index of its first line,
    text)``; ``None`` when the text is not cut that way safely (documents, directives, line
    breaks YAML counts differently from ``\\n``)."""
    if any(mark in text for mark in "\r\x85\u2028\u2029"):
        return None
    lines = text.split("\n")
    starts = []
    for index, line in enumerate(lines):
        if line.startswith(("---", "...", "%")):
            return None
        if line and line[0] not in " \t#-":
            starts.append(index)
    if len(starts) < 2:
        return None
    starts[0] = 0  # the leading comments go with the first key
    return [(start, "\n".join(lines[start:end])) for start, end in zip(starts, [*starts[1:], len(lines)])]


def _by_parts(parts: list[tuple[int, str]], file: str) -> LineDict:
    """The top-level mapping from its parts, each read alone (or remembered) with its own lines.

    Each part must be a mapping of exactly one plain key; anything else (a key continued on an
    unindented line, an alias to another part, a merge key, a duplicate) is read whole instead.
    """
    result = LineDict()
    result.file, result.key_lines = file, {}
    nodes = 1
    for first, part in parts:
        key, value, line, used = _part(part, first, file)
        if key in result:
            raise _ReadWhole
        if result.line is None:
            result.line = line
        result[key], result.key_lines[key] = value, line
        nodes += used
    if nodes > MAX_NODES:
        raise _ReadWhole
    return result


@lru_cache(maxsize=PARTS_KEPT)
def _part(part: str, first: int, file: str) -> tuple[str, Any, int, int]:
    """One top-level key read alone: ``(key, value, line, nodes)``, remembered for the next text
    that contains the same part at the same line (an error is not remembered: it reads whole)."""
    try:
        node = yaml.compose("\n" * first + part, Loader=_LOADER)  # the blank lines keep the marks the whole text's
    except yaml.YAMLError:
        raise _ReadWhole from None
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        raise _ReadWhole
    key_node = node.value[0][0]
    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
        raise _ReadWhole
    builder = _Builder(file)
    try:
        built = builder.build(node)
    except ConfigError:
        raise _ReadWhole from None
    key = next(iter(built))
    return key, built[key], built.key_lines[key], MAX_NODES - builder.budget - 1


def load_file(path: str | Path) -> Any:
    """Read and parse a YAML file; every failure is a :class:`ConfigError` naming the file."""
    name = str(path)
    text = read_file(path)
    return _kept_file(text, name) if len(text) <= FILE_KEPT_BYTES else load_text(text, name)


def read_file(path: str | Path) -> str:
    """A YAML file's text, refused over :data:`MAX_BYTES`; every failure is a :class:`ConfigError` naming the file."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ConfigError(Problem(name, None, msg("error.file.not_a_file")))
        if size > MAX_BYTES:
            raise ConfigError(
                Problem(name, None, msg("error.file.over_limit", size=size // 1024, limit=MAX_BYTES // 1024))
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(Problem(name, None, msg("error.file.not_found"))) from None
    except OSError as exc:
        raise ConfigError(Problem(name, None, msg("error.file.unreadable", reason=exc.strerror))) from None
    return decode(raw, name)


FILES_KEPT = 256
"""Files kept read (see :func:`_kept_file`): a configuration's procedure files (two dozen each)
are read again on every load of the configuration, i.e. on every edit in the app."""
FILE_KEPT_BYTES = 64 * 1024
"""Only files up to this size are kept (procedure files are a few KiB): at most 16 MiB of text."""


@lru_cache(maxsize=FILES_KEPT)
def _kept_file(text: str, name: str) -> Any:
    """A file's parsed text, remembered by its content (a changed file is read again), shared as
    :func:`_part`'s values are: nothing changes them (the loader builds its own objects). A file
    that fails is not remembered."""
    return load_text(text, name)


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM), naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(Problem(file, line, msg("error.file.not_utf8"))) from None


def _check_depth(text: str, file: str) -> None:
    """Reject deep nesting by scanning tokens, which (unlike composing) is not recursive."""
    openers = (
        yaml.BlockMappingStartToken,
        yaml.BlockSequenceStartToken,
        yaml.FlowMappingStartToken,
        yaml.FlowSequenceStartToken,
    )
    closers = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            if isinstance(token, openers):
                depth += 1
                if depth > MAX_DEPTH:
                    line = token.start_mark.line + 1
                    raise ConfigError(Problem(file, line, msg("error.yaml.too_deep", depth=MAX_DEPTH)))
            elif isinstance(token, closers):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(Problem(file, line, parser_problem(exc.problem or exc.context, _found(text, mark)))) from None


PARSER_PROBLEMS = (
    ("mapping values are not allowed", "error.yaml.colon"),
    ("could not find expected ':'", "error.yaml.no_colon"),
    ("expected <block end>", "error.yaml.indent"),
    ("did not find expected key", "error.yaml.indent"),
    ("did not find expected '-' indicator", "error.yaml.indent"),
    ("found undefined alias", "error.yaml.alias"),
    ("found unexpected end of stream", "error.yaml.unclosed"),
    ("found unknown escape character", "error.yaml.escape"),
    ("expected ',' or ']'", "error.yaml.unclosed_list"),
    ("expected ',' or '}'", "error.yaml.unclosed_list"),
)
"""Fragments of the YAML parser's English problems (PyYAML's and libyaml's wording) that people meet
most, and the catalogue's phrase for each."""


def parser_problem(problem: str | None, found: str = "") -> Message:
    """The parser's problem for a person: a tab or a character that cannot start a value named,
    the catalogue's phrase for the common ones, else the parser's own words."""
    text = problem or ""
    if "cannot start any token" in text or "found a tab character" in text:
        return msg("error.yaml.tab") if found == "\t" or "tab" in text else msg("error.yaml.token", char=found)
    code = next((code for fragment, code in PARSER_PROBLEMS if fragment in text), None)
    return msg(code) if code else msg("error.yaml.invalid", detail=text)


def _found(text: str, mark: Any) -> str:
    """The character at a parser's mark, for the message."""
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


class _Builder:
    """Turns composed nodes into LineDict/LineList/scalars with a budget on the node count."""

    def __init__(self, file: str):
        self.file = file
        self.budget = MAX_NODES
        self.scalars = yaml.SafeLoader("")
        self.merged: dict[int, int] = {}

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise ConfigError(
                Problem(
                    self.file,
                    node.start_mark.line + 1,
                    msg("error.yaml.alias_bomb", nodes=MAX_NODES),
                )
            )
        if node.tag not in _STANDARD_TAGS:
            raise ConfigError(
                Problem(
                    self.file,
                    node.start_mark.line + 1,
                    msg("error.yaml.tag", tag=node.tag.replace("tag:yaml.org,2002:", "!!")),
                )
            )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth >= MAX_DEPTH:
            raise ConfigError(Problem(self.file, node.start_mark.line + 1, msg("error.yaml.too_deep", depth=MAX_DEPTH)))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth + 1)
        items = LineList(self.build(child, depth + 1) for child in node.value)
        items.file, items.line = self.file, node.start_mark.line + 1
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:  # most values: no need for the constructor's dispatch
            return node.value
        try:
            return self.scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise ConfigError(
                Problem(self.file, node.start_mark.line + 1, msg("error.yaml.value", value=node.value, detail=str(exc)))
            ) from None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> LineDict:
        if id(node) not in self.merged:  # an alias builds the same node again: flatten it once
            explicit = len([k for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"])
            try:
                self.scalars.flatten_mapping(node)
            except yaml.MarkedYAMLError as exc:
                raise ConfigError(
                    Problem(self.file, node.start_mark.line + 1, msg("error.yaml.merge", detail=exc.problem))
                ) from None
            self.merged[id(node)] = len(node.value) - explicit
        merged = self.merged[id(node)]  # merged pairs come first; explicit keys override them
        result = LineDict()
        result.file, result.line, result.key_lines = self.file, node.start_mark.line + 1, {}
        from_merge: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError(Problem(self.file, line, msg("error.yaml.key_kind")))
            key = self.build(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise ConfigError(Problem(self.file, line, msg("error.yaml.key_kind")))
            key = str(key)
            if key in result and key not in from_merge:
                raise ConfigError(
                    Problem(self.file, line, msg("error.yaml.duplicate_key", key=key, first=result.key_lines[key]))
                )
            result[key] = self.build(value_node, depth)
            result.key_lines[key] = line
            if index < merged:
                from_merge.add(key)
            else:
                from_merge.discard(key)
        return result
