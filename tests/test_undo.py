"""The undo steps a draft keeps: packed as differences, unpacked to the same texts, or to nothing if damaged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from model.present.undo import delta, pack, restore, unpack

TEXTS = st.text(alphabet="ab\nć: ", max_size=60)


@given(TEXTS, TEXTS)
def test_an_earlier_text_is_restored_from_its_difference(newer, older):
    prefix, suffix, middle = delta(newer, older)
    assert restore(newer, prefix, suffix, middle) == older
    assert len(middle) == len(older) - prefix - suffix


@given(st.lists(st.tuples(st.text(max_size=5), TEXTS), max_size=8), TEXTS)
def test_a_history_round_trips(past, current):
    assert unpack(pack(past, current), current) == past


def test_a_long_configuration_s_steps_pack_small():
    text = "units:\n" + "".join(f"  - {{id: u{i}, fte: 1}}\n" for i in range(3000))
    past, current = [], text
    for i in range(50):
        past.append((f"edit {i}", current))
        current = current.replace(f"u{i}, fte: 1", f"u{i}, fte: 2")
    record = pack(past, current)
    assert len(record) < len(text) / 10
    assert unpack(record, current) == past


def test_a_damaged_or_foreign_record_gives_no_steps_never_an_error():
    past = [("edit", "a: 1\n")]
    good = pack(past, "a: 2\n")
    for record in (
        None,
        "",
        "{",
        '{"format": 99, "steps": []}',
        good.replace('"steps"', '"x"'),
        '{"format": 1, "steps": [["e", 9, 9, ""]]}',
    ):
        assert unpack(record, "a: 2\n") == []
    assert unpack(good, "a: 2\n") == past
