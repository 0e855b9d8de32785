"""Round-trip YAML (ruamel.yaml): a change keeps the comments, key order and layout of the text.

The configurations carry their reasons as comments — every ``# assumption`` and every cited
source — so an edit or a download must change only what it changes. The loader still reads a
text only through :mod:`model.config.yamlio`'s safe composer; this module parses texts that
loader has already accepted (it guards against alias bombs and ``!!python`` tags), and the
procedure files such a text names.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

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
_SECTIONS: OrderedDict[tuple[str, int], tuple[Any, Any, str]] = OrderedDict()
"""The written text of a top-level section, by the key and the identity of its value, with the
comments it was written with. Not a functools cache: ruamel's containers have no hash, and equal
values with other comments write other text (tests/test_caches.py shows both). The value is kept
in the entry so that its id cannot pass to another object while the entry lives."""
_SECTIONS_KEPT = 512


def dump(document: Any) -> str:
    """The text of a document: unchanged parts come out exactly as they were read.

    A mapping is written one top-level key at a time, and a key whose value is the very object
    written before (edits share what they do not change, see :mod:`model.config.editing`) is not
    written again: an edit of one unit no longer writes out every procedure beside it. A document
    with anchors is written whole, as an alias may point into another key. One dump at a time:
    documents share their parts, and writing marks their comment tokens while it runs.
    """
    with _DUMPING:
        if not isinstance(document, CommentedMap) or document.fa.flow_style():
            return _dump(document)
        sections = []
        for index, key in enumerate(document):
            section = _section(document, key, first=index == 0)
            if section is None:
                return _dump(document)
            sections.append(section)
        return "".join(sections)


def _dump(document: Any) -> str:
    _unmark(document)
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def _unmark(node: Any) -> None:
    """Forget which comments an earlier dump wrote: ruamel marks a comment token written
    (``pre_done``) and does not always clear the mark, and a marked comment is left out."""
    ca = getattr(node, "ca", None)
    if ca is not None:
        _unmark_tokens(ca.comment)
        for tokens in ca.items.values():
            _unmark_tokens(tokens)
        _unmark_tokens(getattr(ca, "end", None))
    if isinstance(node, dict):
        for value in node.values():
            _unmark(value)
    elif isinstance(node, list):
        for value in node:
            _unmark(value)


def _unmark_tokens(tokens: Any) -> None:
    # ruamel's emitter sets pre_done on a comment token it wrote and skips marked tokens later;
    # edited documents share tokens, so without this a later dump drops comments
    # (tests/test_comments.py::test_comments_survive_many_edits_and_downloads fails).
    if isinstance(tokens, list):
        for token in tokens:
            _unmark_tokens(token)
    elif tokens is not None and hasattr(tokens, "pre_done"):
        del tokens.pre_done


def _section(document: CommentedMap, key: Any, first: bool) -> str | None:
    """The text of ``key: value`` as the whole document's dump writes it; ``None`` when the value
    has anchors. The key's own comment and, for the first key, the document's leading comment go
    with it."""
    value = document[key]
    comments = (_fingerprint(document.ca.items.get(key)), _fingerprint(document.ca.comment) if first else None)
    kept = _SECTIONS.get((str(key), id(value)))
    if kept is not None and kept[0] is value and kept[1] == comments:
        _SECTIONS.move_to_end((str(key), id(value)))
        return kept[2]
    if _anchored(value):
        return None
    part = CommentedMap()
    part[key] = value
    if key in document.ca.items:
        part.ca.items[key] = document.ca.items[key]
    if first and document.ca.comment:
        part.ca.comment = document.ca.comment
    text = _dump(part)
    _SECTIONS[(str(key), id(value))] = (value, comments, text)  # the value kept: its id stays its own
    while len(_SECTIONS) > _SECTIONS_KEPT:
        _SECTIONS.popitem(last=False)
    return text


def _fingerprint(comment: Any) -> Any:
    """What a comment entry writes: its texts and columns, comparable between copies."""
    if isinstance(comment, list):
        return tuple(_fingerprint(c) for c in comment)
    if comment is None:
        return None
    return (type(comment).__name__, getattr(comment, "value", None), getattr(comment, "column", None))


def _anchored(node: Any) -> bool:
    anchor = getattr(node, "anchor", None)
    if getattr(anchor, "value", None) is not None:
        return True
    if isinstance(node, dict):
        return any(_anchored(v) for v in node.values())
    if isinstance(node, list):
        return any(_anchored(v) for v in node)
    return False


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
