"""Plain messages for pydantic's validation errors, for people who edit files by hand.

Catalog and config files are written by hall staff and technicians; they need to be
told which key is wrong and what is allowed, not pydantic's internal wording.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

_TYPE_NAMES = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list [ ... ]",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def plain_message(error: ErrorDetails, root: type[BaseModel]) -> str:
    """One sentence saying what is wrong with the value at `error["loc"]`."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        model = model_at(root, error["loc"][:-1])
        allowed = ", ".join(model.model_fields) if model else ""
        return f"unknown key; allowed keys here: {allowed}"
    if kind in ("literal_error", "enum"):
        return f"{value!r} is not allowed; allowed: {_expected(ctx)}"
    if kind in _TYPE_NAMES:
        return f"{value!r} is not {_TYPE_NAMES[kind]}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }
        bound = next(iter(ctx.values()), "")
        return f"{value!r} is out of range; it must be {words[kind]} {bound}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} has the wrong form; it must match {ctx.get('pattern')}"
    if kind in ("too_short", "string_too_short"):
        return f"too short: at least {ctx.get('min_length')} needed"
    if kind in ("too_long", "string_too_long"):
        return f"too long: at most {ctx.get('max_length')} allowed"
    if kind == "decimal_max_places":
        return f"{value!r} has more than {ctx.get('decimal_places')} decimal places"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return str(error["msg"])


def _expected(ctx: dict[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return expected.replace("'", "").replace(" or ", ", ")


def model_at(root: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The model class found by walking `loc` down from `root` (list indexes skipped)."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        model = _as_model(current)
        if model is None or part not in model.model_fields:
            return None
        current = model.model_fields[part].annotation
    return _as_model(current)


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _as_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType) or origin is not None:
        for arg in typing.get_args(annotation):
            found = _as_model(arg)
            if found is not None:
                return found
    return None
