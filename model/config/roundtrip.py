"""Round-trip YAML (ruamel.yaml): a change keeps the comments, key order and layout of the text.

The configurations carry their reasons as comments — every ``# assumption`` and every cited
source — so an edit or a download must change only what it changes. The loader still reads a
text only through :mod:`model.config.yamlio`'s safe composer; this module parses texts that
loader has already accepted (it guards against alias bombs and ``!!python`` tags), and the
procedure files such a text names.
"""

from __future__ import annotations

import io
import itertools
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from model.config.loader import procedure_files


def _yaml() -> YAML:
    """The project's layout: two-space mappings, list dashes indented by two, no re-wrapping."""
    yaml = YAML(typ="rt")
    yaml.width = 4096  # a long task line stays one line, as written
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def parse(text: str) -> Any:
    """The document of ``text`` as ruamel's commented containers (plain values where it is one)."""
    return _yaml().load(text)


_DUMPING = threading.Lock()
T = TypeVar("T")


@dataclass(frozen=True)
class _Written:
    """The text one part of a document writes."""

    value: Any
    """The value written, kept so that its id cannot pass to another object while the entry lives."""
    comments: Any
    """What the comments its parent holds for it wrote (see :func:`_fingerprint`)."""
    text: str
    containers: frozenset[int]
    """The ids of every mapping and list written: one written twice is an alias in a whole dump."""


class _Kept(Generic[T]):
    """Entries kept by how recently they were used, up to a budget of their weight (about their
    bytes): a server's edits add entries without end, and each entry holds its text."""

    def __init__(self, budget: int, weight: Callable[[T], int]) -> None:
        self.budget, self.weight, self.used = budget, weight, 0
        self.entries: OrderedDict[tuple[Any, ...], T] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> T | None:
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, key: tuple[Any, ...], entry: T) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.used -= self.weight(old)
        self.entries[key] = entry
        self.used += self.weight(entry)
        while self.used > self.budget and len(self.entries) > 1:
            self.used -= self.weight(self.entries.popitem(last=False)[1])


_WRITTEN: _Kept[_Written] = _Kept(16_000_000, lambda entry: len(entry.text) + 60 * len(entry.containers))
"""The text of every top-level section, and of every block mapping in a block list (a unit, a
procedure, a step), by where it stands and the identity of its value. Not a functools cache:
ruamel's containers have no hash, and equal values with other comments write other text
(tests/test_caches.py shows both). A shipped configuration's parts weigh 0.5–1 MB (each
container's id is held by every part above it), and an edit adds about 0.1 MB, the parts on
the way to what it changed: the budget keeps some fifteen configurations, or 150 edits."""

_TOKEN = f"roundtrip-part-{uuid.uuid4().hex}-"
"""Stand-ins for parts written on their own: plain scalars no configuration contains."""
_TOKENS = itertools.count()


def dump(document: Any) -> str:
    """The text of a document: unchanged parts come out exactly as they were read.

    A mapping is written one top-level key at a time, and each block mapping in a block list
    apart from the list: a part whose value is the very object written before (edits share what
    they do not change, see :mod:`model.config.editing`) is not written again, so an edit of one
    staff row writes that unit and the units on the way to it, not the whole chart. The text is
    the one writing the document at once gives (tests/test_roundtrip.py compares them over random
    edits); a document with anchors, or with one container in two places (an alias in a whole
    dump), is written at once. Written parts must not be changed in place (edits change copies).
    One dump at a time: documents share their parts, and writing marks their comment tokens.
    """
    with _DUMPING:
        if not isinstance(document, CommentedMap) or document.fa.flow_style():
            return _dump(document)
        texts, seen = [], {id(document)}
        for index, key in enumerate(document):
            section = _section(document, key, first=index == 0)
            if section is None or not seen.isdisjoint(section.containers):
                return _dump(document)
            seen |= section.containers
            texts.append(section.text)
        return "".join(texts)


_WRITER = _yaml()
"""The one writer, used under :data:`_DUMPING`: setting one up costs as much as writing a unit."""


def _dump(document: Any) -> str:
    _unmark(document)
    out = io.StringIO()
    _WRITER.dump(document, out)
    return out.getvalue()


def _unmark(node: Any) -> None:
    """Forget which comments an earlier dump wrote: ruamel's emitter marks a comment it wrote
    before a mapping or list as done and leaves a marked comment out of a later dump, and the
    documents of edits share their comments; :meth:`CommentToken.reset` is ruamel's own way to
    clear the mark (without it tests/test_comments.py::test_comments_survive_many_edits_and_downloads
    fails)."""
    ca = getattr(node, "ca", None)
    if ca is not None:
        _unmark_tokens(ca.comment)
        for tokens in ca.items.values():
            _unmark_tokens(tokens)
        _unmark_tokens(ca.end)
    if isinstance(node, dict):
        for value in node.values():
            _unmark(value)
    elif isinstance(node, list):
        for value in node:
            _unmark(value)


def _unmark_tokens(tokens: Any) -> None:
    if isinstance(tokens, list):
        for token in tokens:
            _unmark_tokens(token)
    elif isinstance(tokens, CommentToken):
        tokens.reset()


def _section(document: CommentedMap, key: Any, first: bool) -> _Written | None:
    """The text of ``key: value`` as the whole document's dump writes it; ``None`` when it cannot
    be written apart. The key's own comment and, for the first key, the document's leading
    comment go with it."""
    value = document[key]
    comments = (_fingerprint(document.ca.items.get(key)), _fingerprint(document.ca.comment) if first else None)
    where = ("section", str(key), id(value))
    kept = _WRITTEN.get(where)
    if kept is not None and kept.value is value and kept.comments == comments:
        return kept
    part = CommentedMap()
    if key in document.ca.items:
        part.ca.items[key] = document.ca.items[key]
    if first and document.ca.comment:
        part.ca.comment = document.ca.comment
    apart = _Apart(value, ["section", str(key), comments])
    part[key] = apart.stand_in(key, value, (str(key),))
    return apart.written(where, comments, part, 0)


def _item(value: CommentedMap, path: tuple[str, ...]) -> _Written | None:
    """The text of a block mapping that is an item of the block list at ``path`` (the keys down
    to it), at the indentation the whole dump gives it: written as the one item of a document
    nested the same way, without that document's first lines."""
    where = ("item", path, id(value))
    kept = _WRITTEN.get(where)
    if kept is not None and kept.value is value:
        return kept
    apart = _Apart(value, ["item", path, _comments(value), _tag(value)])
    own = CommentedMap()
    value.copy_attributes(own)
    for key, child in value.items():
        own[key] = apart.stand_in(key, child, (*path, str(key)))
    nested: Any = own
    for key in reversed(path):
        holder = CommentedMap()
        holder[key] = CommentedSeq([nested])
        nested = holder
    return apart.written(where, None, nested, len(path))


@dataclass(frozen=True)
class _Skeleton:
    """The text of a part with its items written apart left out: the lines, and the line of each
    item in turn. A copy of a unit on the way to an edited one (see :mod:`model.config.editing`)
    has the skeleton of the unit it copies, so only the edited unit is written again."""

    value: Any
    """A part with this skeleton, kept so that the ids in the key stay its values' own."""
    lines: tuple[str, ...]
    slots: tuple[int, ...]


_SKELETONS: _Kept[_Skeleton] = _Kept(4_000_000, lambda skeleton: sum(map(len, skeleton.lines)))
"""Skeletons by what a part writes itself: its comments, and its keys and values by identity,
its lists written apart by their comments and which of their items are written apart."""


@dataclass
class _Apart:
    """One part of a document (a section, or an item of a block list) and the block mappings in
    its block lists written apart from it, each with a stand-in in the part's own text."""

    value: Any
    signature: list[Any]
    """What the part writes itself, see :data:`_SKELETONS`."""
    items: list[tuple[CommentedMap, tuple[str, ...]]] = field(default_factory=list)
    tokens: dict[str, int] = field(default_factory=dict)
    """The stand-in of each item written apart, and its number in :attr:`items`."""
    places: set[tuple[int, int]] = field(default_factory=set)
    """``(id of the list, index)`` of each item written apart."""

    def stand_in(self, key: Any, value: Any, path: tuple[str, ...]) -> Any:
        """``value`` (at ``key``) to write in the part: a block list with a stand-in for each
        block mapping in it, or ``value`` itself."""
        if not isinstance(value, CommentedSeq) or value.fa.flow_style() or _anchor(value):
            self.signature.append((id(key), id(value)))
            return value
        written = None
        items: list[int | None] = []
        for index, item in enumerate(value):
            if isinstance(item, CommentedMap) and item and not item.fa.flow_style() and index not in value.ca.items:
                if written is None:
                    written = value.copy_attributes(CommentedSeq(value))
                token = f"{_TOKEN}{next(_TOKENS)}"
                self.tokens[token] = len(self.items)
                self.items.append((item, path))
                self.places.add((id(value), index))
                written[index] = token
                items.append(None)
            else:
                items.append(id(item))
        if written is None:
            self.signature.append((id(key), id(value)))
            return value
        self.signature.append((id(key), _comments(value), _tag(value), tuple(items)))
        return written

    def written(self, where: tuple[Any, ...], comments: Any, part: Any, skip: int) -> _Written | None:
        """The entry of the value, whose part dumps as ``part`` (after ``skip`` lines), each
        stand-in's line replaced by its item's text; ``None`` when the part has an anchor, a part
        cannot be written apart, or a container is written twice."""
        containers: set[int] = set()
        if not self._own(self.value, containers):
            return None
        skeleton = self._skeleton(part, skip)
        if skeleton is None:
            return None
        lines = list(skeleton.lines)
        for slot, item in zip(skeleton.slots, self.items, strict=True):
            written = _item(*item)
            if written is None or not containers.isdisjoint(written.containers):
                return None
            containers |= written.containers
            lines[slot] = written.text
        entry = _Written(self.value, comments, "".join(lines), frozenset(containers))
        _WRITTEN.put(where, entry)
        return entry

    def _skeleton(self, part: Any, skip: int) -> _Skeleton | None:
        """The part's skeleton, kept or written now; ``None`` when a stand-in is not written on a
        line of its own."""
        signature = tuple(self.signature)
        kept = _SKELETONS.get(signature)
        if kept is not None:
            return kept
        lines = _dump(part).splitlines(keepends=True)[skip:]
        slots: dict[int, int] = {}
        for number, line in enumerate(lines):
            dashed = line.lstrip(" ")
            token = dashed[2:].rstrip("\n")
            if dashed.startswith("- ") and token in self.tokens:
                slots[self.tokens[token]] = number
        if len(slots) != len(self.items):
            return None
        skeleton = _Skeleton(self.value, tuple(lines), tuple(slots[i] for i in range(len(slots))))
        _SKELETONS.put(signature, skeleton)
        return skeleton

    def _own(self, node: Any, containers: set[int]) -> bool:
        """Add the ids of the containers the part writes itself to ``containers``; whether none
        of them has an anchor."""
        if _anchor(node):
            return False
        if isinstance(node, dict):
            containers.add(id(node))
            return all(self._own(child, containers) for child in node.values())
        if isinstance(node, list):
            containers.add(id(node))
            return all(
                self._own(child, containers) for index, child in enumerate(node) if (id(node), index) not in self.places
            )
        return True


def _comments(node: CommentedMap | CommentedSeq) -> Any:
    """What a container's own comments write (see :func:`_fingerprint`)."""
    ca = node.ca
    return (
        _fingerprint(ca.comment),
        tuple((key, _fingerprint(entry)) for key, entry in ca.items.items()),
        _fingerprint(ca.end),
    )


def _tag(node: Any) -> Any:
    return getattr(getattr(node, "tag", None), "value", None)


def _fingerprint(comment: Any) -> Any:
    """What a comment entry writes: its texts and columns, comparable between copies (a copy's
    entry may end in empty lists that write nothing)."""
    if isinstance(comment, list):
        found = [_fingerprint(c) for c in comment]
        while found and found[-1] in (None, ()):
            found.pop()
        return tuple(found)
    if comment is None:
        return None
    return (type(comment).__name__, getattr(comment, "value", None), getattr(comment, "column", None))


def _anchor(node: Any) -> bool:
    return getattr(getattr(node, "anchor", None), "value", None) is not None


def inline_procedures(document: CommentedMap, base_dir: str | Path, name: str = "<memory>") -> CommentedMap:
    """Replace each procedure path by the procedure documents it names, their comments included.

    A text with its procedures inline stands alone: it loads anywhere, can be stored in the
    scenario database and downloaded, and a procedure can be edited in it.
    """
    entries = document.get("procedures")
    if not entries or all(isinstance(entry, dict) for entry in entries):
        return document
    inlined = CommentedSeq()
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            inlined.append(entry)
            continue
        line = entries.lc.data[index][0] + 1 if hasattr(entries, "lc") and index in entries.lc.data else None
        for path in procedure_files(Path(base_dir) / entry, name, line):
            inlined.append(parse(path.read_text(encoding="utf-8")))
    document["procedures"] = inlined
    return document


def standalone(text: str, base_dir: str | Path, name: str = "<memory>") -> str:
    """``text`` with its procedures inline (the text itself when they already are)."""
    document = parse(text)
    if not isinstance(document, CommentedMap):
        return text
    entries = document.get("procedures")
    if not entries or all(isinstance(entry, dict) for entry in entries):
        return text
    return dump(inline_procedures(document, base_dir, name))
