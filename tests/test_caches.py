"""The caches of YAML editing: the parsed documents are functools' own; the written texts cannot be, and these tests say why."""

from __future__ import annotations

import functools

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from model.config import editing, roundtrip
from tests.conftest import DEFAULT_CONFIG

TEXT = DEFAULT_CONFIG.read_text(encoding="utf-8")


def test_parsed_documents_are_kept_by_functools() -> None:
    editing.document.cache_clear()
    first = editing.document(TEXT, DEFAULT_CONFIG.parent)
    assert editing.document(TEXT, DEFAULT_CONFIG.parent) is first
    info = editing.document.cache_info()
    assert (info.hits, info.misses, info.maxsize) == (1, 1, editing.DOCUMENTS_KEPT)


def test_written_sections_cannot_be_a_functools_cache() -> None:
    """``roundtrip.dump`` keeps the text of each top-level section by the identity of its value.

    functools caches key on hash and equality. The values are ruamel's containers, which have no
    hash; and equality would be the wrong key anyway: two equal values whose comments differ
    write different text, and the comments are the point of round-tripping.
    """
    one = roundtrip.parse("units:\n  - id: a  # jedna\n")
    two = roundtrip.parse("units:\n  - id: a  # druga\n")
    with pytest.raises(TypeError, match="unhashable"):
        functools.lru_cache(maxsize=8)(roundtrip.dump)(one["units"])
    assert one["units"] == two["units"]
    assert roundtrip.dump(one) != roundtrip.dump(two)
    assert "# druga" in roundtrip.dump(two) and "# jedna" in roundtrip.dump(one)


def test_a_kept_section_is_written_again_when_its_comment_changes() -> None:
    """Identity alone is not the key either: an edit may give the same value another comment."""
    document = roundtrip.parse("centre: {name: OPS}  # przed\nunits: []\n")
    assert "# przed" in roundtrip.dump(document)
    document.yaml_add_eol_comment("# po", "centre")
    assert "# po" in roundtrip.dump(document) and "# przed" not in roundtrip.dump(document)


def test_a_copy_of_a_unit_with_other_comments_is_written_with_its_own() -> None:
    """A unit's copy that shares every value with the original writes the original's text (the
    skeleton kept), unless its comments differ: they are part of what is compared."""
    document = roundtrip.parse("units:\n  - id: a  # przed\n    name: A\n    units:\n      - id: b\n")
    assert "# przed" in roundtrip.dump(document)
    unit = CommentedMap(document["units"][0])
    unit["units"] = CommentedSeq(document["units"][0]["units"])
    unit.yaml_add_eol_comment("# po", "id")
    copy = CommentedMap(document)
    copy["units"] = CommentedSeq([unit])
    assert "# po" in roundtrip.dump(copy) and "# przed" not in roundtrip.dump(copy)
    assert "# przed" in roundtrip.dump(document)


def test_the_written_texts_kept_stay_within_their_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server's edits add parts without end: the oldest go once the texts weigh more than the
    budget, and a part no longer kept is written again, the same."""
    monkeypatch.setattr(roundtrip._WRITTEN, "budget", 20_000)
    document = editing.document(TEXT, DEFAULT_CONFIG.parent)
    first = roundtrip.dump(document)
    for number in range(5):
        document = editing.update_unit(document, "dyrektor", name=f"Dyrektor {number}")
        roundtrip.dump(document)
        kept = roundtrip._WRITTEN
        assert kept.used == sum(map(kept.weight, kept.entries.values()))
        assert kept.used <= 20_000 or len(kept.entries) == 1
    assert roundtrip.dump(editing.document(TEXT, DEFAULT_CONFIG.parent)) == first
