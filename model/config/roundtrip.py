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


def dump(document: Any) -> str:
    """The text of a document: unchanged parts come out exactly as they were read.

    One dump at a time: documents share their unchanged parts (see :mod:`model.present.editing`),
    and writing marks their comment tokens as written while it runs.
    """
    out = io.StringIO()
    with _DUMPING:
        _yaml().dump(document, out)
    return out.getvalue()


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
    if not isinstance(document, dict):
        return text
    entries = document.get("procedures")
    if not entries or all(isinstance(entry, dict) for entry in entries):
        return text
    return dump(inline_procedures(document, base_dir, name))
