"""Reading a TOML file written by hand, with bounded work and a plain answer for anything.

The config and the catalog files are written by people on site and may be damaged in any
way: not UTF-8, binary, huge, or nested so deep that tomllib (a recursive parser) runs out
of stack. `parse_toml` answers either the data or a `TomlProblem` with one plain English
line (the caller adds the file's name), never another exception:

- a size cap, checked before anything is decoded;
- UTF-8 with an optional BOM, the line of the first bad byte named;
- a cheap scan of the brackets before tomllib runs, refusing arrays and inline tables
  nested deeper than `MAX_DEPTH`, so the parser never recurses far;
- the same depth limit on the parsed data (dotted keys and ``[a.b.c]`` headers nest tables
  without brackets), so that whatever walks the data later (pydantic, messages) is bounded.

Imports nothing beyond the standard library.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.text import refused_char

# Deeper than any real config or catalog file (the catalog's deepest place is about 6:
# pages › fields › choices › label › zh); far below where tomllib's recursion hurts.
MAX_DEPTH = 24

# What the bracket scan skips: strings (multi-line first) and comments, each replaced by
# the line breaks it holds (a refusal names the line). An unterminated string runs to the
# end of the text (or of its line) instead of failing: every attempt either consumes text
# or fails on its first character, so the scan is linear in the file whatever it holds,
# and runs at C speed.
_SKIPPED = re.compile(
    r'"""[^"\\]*+(?:(?:\\[\s\S]|"(?!""))[^"\\]*+)*+(?:"""|\Z)'
    r"|'''[^']*+(?:'(?!'')[^']*+)*+(?:'''|\Z)"
    r'|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"?'
    r"|'[^'\n]*+'?"
    r"|#[^\n]*+"
)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


class TomlProblem(Exception):
    """Why a file cannot be read as TOML: one plain line, without the file's name."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def read_capped(path: Path, max_bytes: int, what: str = "file") -> bytes:
    """The file's bytes; TomlProblem (not OSError) when missing, a folder, not a regular
    file (a pipe or a device would block or never end), unreadable or larger than
    `max_bytes` (read no further than that). `what` names the file in the refusals."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) and not Path(path).is_dir():
            raise TomlProblem(f"is not a regular file (a device or a pipe?), not a {what}")
        with Path(path).open("rb") as f:
            raw = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise TomlProblem(f"{what} not found") from None
    except IsADirectoryError:
        raise TomlProblem(f"is a folder, not a {what}") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise TomlProblem(f"cannot read the {what}: {reason}") from None
    if len(raw) > max_bytes:
        raise TomlProblem(f"the file is larger than {max_bytes // 1024} KiB; is it the right file?")
    return raw


def parse_toml(
    raw: bytes,
    *,
    max_bytes: int,
    not_utf8: str = "line {line}: not valid UTF-8 text; save the file as UTF-8",
    syntax: str = "TOML syntax error: {error}",
) -> dict[str, Any]:
    """The TOML document in `raw`; TomlProblem saying what is wrong otherwise (`not_utf8`
    and `syntax` word those two refusals, as each loader always has)."""
    if len(raw) > max_bytes:
        raise TomlProblem(f"the file is larger than {max_bytes // 1024} KiB; is it the right file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TomlProblem(not_utf8.format(line=line)) from None
    _check_brackets(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlProblem(syntax.format(error=exc)) from None
    except RecursionError:  # the scan above should have stopped it: belt and braces
        raise TomlProblem(f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise TomlProblem(f"TOML value error: {exc}") from None
    _check_data_depth(data)
    return data


def _check_brackets(text: str) -> None:
    """Refuse arrays and inline tables nested deeper than MAX_DEPTH, before tomllib."""
    depth = 0
    for index, ch in enumerate(_NOT_BRACKETS.sub("", _SKIPPED.sub("", text))):
        depth = depth + 1 if ch in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            line = _line_of(text, index)
            raise TomlProblem(f"line {line}: nested more than {MAX_DEPTH} levels deep")


def _line_of(text: str, bracket_index: int) -> int:
    """The line of the `bracket_index`-th bracket outside strings (only when refusing)."""
    bare = _SKIPPED.sub(lambda m: "\n" * m.group().count("\n"), text)
    for i, m in enumerate(re.finditer(r"[\[\]{}]", bare)):
        if i == bracket_index:
            return bare.count("\n", 0, m.start()) + 1
    return 1


def _check_data_depth(data: dict[str, Any]) -> None:
    """Refuse data nested deeper than MAX_DEPTH (tables from dotted keys), iteratively;
    the refusal names the top-level key it is under."""
    stack: list[tuple[object, int, str]] = [
        (value, 1, key) for key, value in data.items() if isinstance(value, dict | list)
    ]
    while stack:
        node, depth, top = stack.pop()
        if depth > MAX_DEPTH:
            raise TomlProblem(f"{shown_key(top)}: nested more than {MAX_DEPTH} levels deep")
        children = node.values() if isinstance(node, dict) else node
        if isinstance(children, Iterable):
            stack += [(v, depth + 1, top) for v in children if isinstance(v, dict | list)]


def shown_key(key: str, limit: int = 40) -> str:
    """A key (or an id) as a message may repeat it: cut to `limit` characters, and quoted
    with escapes when it holds characters a terminal or a screen must not get."""
    cut = key if len(key) <= limit else key[:limit] + "…"
    if any(refused_char(ch) for ch in cut):
        return ascii(cut)
    return cut
