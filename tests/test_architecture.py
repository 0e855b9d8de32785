"""The shape the code keeps by itself: small modules, functions of grade C or better (radon).

The layers are checked by ``lint-imports`` and the types by ``mypy`` (both in ``.ci/run``); these
two measures have no tool of their own in CI, so they are tests.
"""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_rank, cc_visit

ROOT = Path(__file__).resolve().parent.parent
CODE = [*sorted((ROOT / "model").rglob("*.py")), *sorted((ROOT / "views").rglob("*.py")), ROOT / "app.py"]
CATALOGUES = {ROOT / "model" / "i18n" / "pl.py", ROOT / "model" / "i18n" / "en.py"}
MAX_LINES = 700
WHY = "# complexity:"
"""A function above grade C says why it must stay so in a comment beginning thus, on its ``def`` line
or the line above."""


def _functions_above_c() -> list[str]:
    found: set[str] = set()
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for block in cc_visit(text):
            blocks = [block, *getattr(block, "methods", [])]
            for item in blocks:
                if cc_rank(item.complexity) <= "C":
                    continue
                around = " ".join(lines[max(item.lineno - 2, 0) : item.lineno])
                if WHY not in around:
                    where = f"{path.relative_to(ROOT)}:{item.lineno}"
                    found.add(f"{where} {item.name} {cc_rank(item.complexity)} ({item.complexity})")
    return sorted(found)


def test_no_function_above_grade_c_without_a_reason() -> None:
    assert _functions_above_c() == []


def test_no_module_above_700_lines_but_the_message_catalogues() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in CODE
        if path not in CATALOGUES and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
