"""Plain messages for pydantic's validation errors, for people who edit TOML files by hand.

Catalog files (hall staff) and config files (technicians) are both checked with pydantic
models; this module turns each error into a line naming the key and what is allowed,
instead of pydantic's own wording. A value or key repeated in a message is cut short and
escaped when it holds control characters: a hostile file cannot flood or drive the
technician's terminal through its own refusal.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from kiosk.toml_safe import shown_key

_SHOWN_CHARS = 60  # of a value repeated in a message

# Names of types, keyed by pydantic error kind prefix ("string_type") or Python type name.
_TYPE_NAMES = {
    "int": "an integer",
    "float": "a number",
    "decimal": "a number",
    "string": "text",
    "str": "text",
    "bool": "true/false",
    "list": "a list",
    "tuple": "a list",
    "dict": "a table",
    "model": "a table",
}

Loc = Sequence[int | str]


def describe_errors(
    errors: Iterable[ErrorDetails], root: type[BaseModel], secret: tuple[str, ...] = ()
) -> list[str]:
    """``key.path: plain message`` lines; values under `secret` key paths are not repeated."""
    lines: list[str] = []
    for err in errors:
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        if err["type"] == "cross_field":
            lines += [f"{dotted((*loc, key))}: {msg}" for key, msg in ctx["problems"]]
        else:
            lines.append(f"{dotted(loc)}: {plain_message(err, root, secret)}")
    return lines


def plain_message(err: ErrorDetails, root: type[BaseModel], secret: tuple[str, ...] = ()) -> str:
    """What is wrong with the value at ``err["loc"]``, and what is allowed there."""
    kind, value = err["type"], err.get("input")
    loc = tuple(err["loc"])
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    field = _walk(root, loc)[1]
    if kind == "missing":
        return "required" + (f"; allowed: {_range(field)}" if _range(field) else "")
    if kind == "extra_forbidden":
        return _unknown_key(root, loc)
    if kind in ("literal_error", "enum"):
        allowed = ", ".join(str(v) for v in _literals(field.annotation if field else None))
        allowed = allowed or str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        if loc and loc[-1] == "[key]":
            return f"unknown key {value!r}; allowed: {allowed}"
        return f"{_show(value)} is not allowed; allowed: {allowed}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        allowed = _range(field) or _bound(kind, ctx)
        return f"{_show(value)} is out of range; allowed: {allowed}"
    if kind in ("string_too_short", "too_short"):
        if ctx.get("min_length", 1) <= 1:
            return "must not be empty"
        return f"too short: at least {ctx['min_length']} needed"
    if kind in ("string_too_long", "too_long"):
        return f"too long: at most {ctx.get('max_length')} allowed"
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} has the wrong form; it must match {ctx.get('pattern')}"
    if kind == "decimal_max_places":
        return f"{_show(value)} has more than {ctx.get('decimal_places')} decimal places"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    expected = _TYPE_NAMES.get(kind.split("_")[0])
    if expected is not None and kind.endswith(("_type", "_parsing", "_from_float")):
        got = type_name(value)
        shown = not (secret and dotted(loc).startswith(secret))
        if shown and isinstance(value, str | int | float):
            got += f" {_show(value)}"
        return f"expected {expected}, got {got}"
    return str(err["msg"])


def dotted(loc: Iterable[int | str]) -> str:
    """A location as a TOML key path: ``printer.port``, ``counters[2]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part != "[key]":
            part = shown_key(part)
            text += f".{part}" if text else part
    return text or "(top level)"


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as ``list[Page]`` or ``Text | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return model_of(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = model_of(arg)
            if found is not None:
                return found
    return None


def _walk(root: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The table and field a location points into (list indexes are skipped)."""
    model: type[BaseModel] | None = root
    field: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            return None, None
        field = model.model_fields.get(part)
        model = model_of(field.annotation) if field is not None else None
    return model, field


def _unknown_key(root: type[BaseModel], loc: Loc) -> str:
    model = _walk(root, loc[:-1])[0]
    allowed = list(model.model_fields) if model is not None else []
    where = f"in [{dotted(loc[:-1])}]" if loc[:-1] else "at the top level"
    message = f"unknown key; allowed keys {where}: {', '.join(allowed)}"
    key = str(loc[-1])
    close = difflib.get_close_matches(key, allowed, n=1) if len(key) <= 64 else []
    if close:
        message += f"; did you mean {close[0]!r}?"
    elif loc[:-1] and str(loc[-1]) in root.model_fields:
        message += "; top-level keys must come before the first [table] header"
    return message


def _literals(annotation: object) -> list[object]:
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    return [v for arg in typing.get_args(annotation) for v in _literals(arg)]


def _range(field: FieldInfo | None) -> str:
    metadata = list(field.metadata) if field is not None else []
    bounds = {k: getattr(m, k) for m in metadata for k in ("ge", "le") if hasattr(m, k)}
    if "ge" in bounds and "le" in bounds:
        return f"{_show(bounds['ge'])} to {_show(bounds['le'])}"
    return ""


def _bound(kind: str, ctx: dict[str, Any]) -> str:
    words = {
        "greater_than_equal": "at least",
        "greater_than": "more than",
        "less_than_equal": "at most",
        "less_than": "less than",
    }
    return f"{words[kind]} {_show(next(iter(ctx.values()), ''))}"


def _show(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list | tuple):
        return type_name(value)  # a whole table is not repeated
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:  # repr escapes controls
        return repr(value[:_SHOWN_CHARS]) + f"… ({len(value)} characters)"
    if isinstance(value, int) and abs(value) >= 10**_SHOWN_CHARS:
        return f"a number of {len(str(abs(value)))} digits"
    return repr(value)


def type_name(value: object) -> str:
    """How a TOML value's type is called in messages ("text", "an integer", ...)."""
    return _TYPE_NAMES.get(type(value).__name__, "a date/time")  # TOML has no other types
