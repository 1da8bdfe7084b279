"""Hostile variants of a TOML file for the loaders' tests: byte flips, truncations,
inserted control characters, surrogate escapes, bidi marks, huge strings, deep nesting,
and values of the wrong type at every key (written back with a small TOML emitter)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from hypothesis import strategies as st

# What a hostile hand (or a broken editor) puts into a file.
HOSTILE_SNIPPETS = [
    b"\x00",
    b"\x1c",
    b"\x1d",
    b"\xc2\x85",  # NEL
    "\u2029".encode(),
    "\u202e".encode(),  # right-to-left override
    "\u200f".encode(),  # right-to-left mark
    "\ufeff".encode(),  # a BOM in the middle
    b"\\ud800",  # a surrogate escape inside a string
    b"\\u001c",
    b"\\n",
    b"\xed\xa0\x80",  # a UTF-8-encoded surrogate: not UTF-8
    b"\xff\xfe",
    b'"',
    b"'''",
    b'"""',
    b"[",
    b"]]",
    b"{",
    b"= =",
    b"\n[x]\n",
    b"\n[[pages]]\n",
    b"[" * 300 + b"]" * 300,
    b"{a=" * 200 + b"1" + b"}" * 200,
    b"x" * 60_000,
    "长".encode() * 20_000,
    "e\u0301".encode() * 500,  # combining marks
    "😀".encode() * 500,
    b"9" * 5000,
    b"1e400",
    b"nan",
    b"-inf",
    b"1979-02-30",
]


@st.composite
def mutated(draw: st.DrawFn, raw: bytes) -> bytes:
    """`raw` after one to three random edits."""
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "replace"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(HOSTILE_SNIPPETS))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:  # a value replaced after an "=" sign
            eq = data.find(b"=", at)
            if eq >= 0:
                end = data.find(b"\n", eq)
                end = len(data) if end < 0 else end
                data[eq + 1 : end] = b" " + draw(st.sampled_from(HOSTILE_SNIPPETS))
    return bytes(data)


# Values of every TOML type, and a few that are hostile in their own way.
WRONG_VALUES: list[object] = [
    1,
    -1,
    10**30,
    1.5,
    math.inf,
    math.nan,
    True,
    "x",
    "",
    "a\u001cb",
    "a\nb",
    "\u202eabc",
    "x" * 50_000,
    [],
    [1, "a"],
    [[[[[[1]]]]]],
    {},
    {"zh": "名", "en": "name"},
    {"unknown": {"deeper": {"still": 1}}},
    date(2026, 1, 1),
    datetime(2026, 1, 1, 8, 0),
]


def to_toml(data: dict[str, Any]) -> str:
    """A TOML document for `data` (tables, arrays of tables, inline values)."""
    lines: list[str] = []
    _table(data, [], lines)
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(data: dict[str, Any], path: list[str], lines: list[str]) -> None:
    nested = []
    for key, value in data.items():
        if (isinstance(value, dict) and value) or _is_table_array(value):
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested:
        header = ".".join(_key(k) for k in [*path, key])
        if isinstance(value, dict):
            lines.append(f"\n[{header}]")
            _table(value, [*path, key], lines)
        else:
            for entry in value:
                lines.append(f"\n[[{header}]]")
                _table(entry, [*path, key], lines)


def places(data: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every key path in `data` (into tables and arrays of tables)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, dict):
                yield from places(value, (*path, i))


def replaced(data: Any, path: tuple[str | int, ...], value: object) -> Any:
    """A copy of `data` with the value at `path` replaced."""
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {k: (replaced(v, tuple(rest), value) if k == head else v) for k, v in data.items()}
    return [replaced(v, tuple(rest), value) if i == head else v for i, v in enumerate(data)]
