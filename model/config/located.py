"""What every element of a configuration is built on: its place in the file, and the shared field types.

:class:`Located` keeps the file and line an element was read from, so every finding and every
error points at a line; the annotated types read working time and spans as a person writes them.
"""

# No ``from __future__ import annotations`` in the modules of pydantic models (this one, planning,
# rule_settings, schema): pydantic would compile every field's annotation from its text at each
# start (issue 19); forward references are quoted instead.

import difflib
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from model.config.quantities import Span, parse_span, working_minutes


def empty_list() -> list[Any]:
    """The ``default_factory`` of an empty list field. pydantic asks every factory whether it takes
    the validated data; the built-in ``list`` and ``dict`` answer through a text signature that
    :mod:`inspect` tokenizes, a cost paid at every start, which a Python function does not have."""
    return []


def empty_dict() -> dict[Any, Any]:
    """The ``default_factory`` of an empty mapping field (see :func:`empty_list`)."""
    return {}


class Located(BaseModel):
    """A model element that remembers the file and line it was read from.

    The YAML loader hands pydantic :class:`~model.config.yamlio.LineDict` objects; this base keeps
    their position so that every finding can point at a line, and rejects unknown keys with a
    "did you mean" hint (a typo such as ``fucntions`` must not be silently ignored).
    """

    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True, defer_build=True)

    _file: str | None = PrivateAttr(default=None)
    _line: int | None = PrivateAttr(default=None)
    _key_lines: dict[str, int] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_position(cls, data: Any, handler: Any) -> Any:
        if isinstance(data, dict):
            known = _known_keys(cls)
            for key in data:
                if key not in known:
                    close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
                    hint = f"; did you mean {close[0]!r}?" if close else f"; allowed: {', '.join(sorted(known))}"
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key {shown}{hint}",
                        {
                            "key": key,
                            "shown": repr(key),
                            "hint": hint,
                            "suggestion": close[0] if close else "",
                            "allowed": ", ".join(sorted(known)),
                        },
                    )
        result = handler(data)
        if isinstance(result, Located) and hasattr(data, "key_lines"):
            result._file, result._line, result._key_lines = data.file, data.line, dict(data.key_lines)
        return result

    @property
    def file(self) -> str | None:
        return self._file

    @property
    def line(self) -> int | None:
        return self._line

    def line_of(self, key: str) -> int | None:
        """Line of ``key`` in this element, or of the element when the key was not written."""
        return self._key_lines.get(key, self._line)


@cache
def _known_keys(model: type[BaseModel]) -> frozenset[str]:
    """The keys a model accepts, its fields' names and aliases: read once per class, not once per
    element read (every step of every procedure on every load, issue 23)."""
    return frozenset(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}


def _span(value: Any) -> Span:
    if isinstance(value, Span):
        return value
    try:
        return parse_span(value)
    except ValueError as exc:
        raise PydanticCustomError("time", str(exc)) from None


def _minutes(value: Any) -> float:
    if isinstance(value, Span):
        return value.amount
    try:
        return working_minutes(value)
    except ValueError as exc:
        raise PydanticCustomError("time", str(exc)) from None


Minutes = Annotated[
    float,
    BeforeValidator(_minutes),
    Field(ge=0, json_schema_extra={"type": ["number", "string"], "examples": [20, "20 min", "2 h", "1 wd"]}),
]
"""Working time (staff effort) in minutes; YAML may say ``20``, ``"20 min"``, ``"2 h"`` or ``"1 wd"`` (8 h)."""

SpanField = Annotated[
    Span,
    BeforeValidator(_span),
    PlainSerializer(lambda s: str(yaml_span(s)), return_type=str),
    Field(json_schema_extra={"type": ["number", "string"], "examples": ["14 wd", "2 wd", "1 month", "14 d"]}),
]
"""A span in its unit (see :mod:`model.config.quantities`): working time, working days, days, months."""

Identifier = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_\-]*$", max_length=80)]


def yaml_span(span: Span) -> str:
    unit = {"minutes": "min", "working_days": "wd", "days": "d", "months": "month"}[span.unit]
    return f"{span.amount:g} {unit}"
