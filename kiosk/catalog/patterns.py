"""Catalog patterns (a text field's ``pattern``), run by a linear-time engine.

Python's `re` backtracks: a pattern such as ``^(a+)+$`` takes exponential time on an
answer of a few dozen characters, and the catalog comes from the hall's staff or the
central server. Patterns are therefore compiled with RE2 (the ``google-re2`` package),
which matches in time linear in the answer whatever the pattern; what RE2 cannot run in
linear time (backreferences, lookaround) it refuses, and the catalog check says so.

RE2's syntax is Perl's with a few differences staff may meet: ``\\d`` and ``\\w`` match
ASCII only, a code point is written ``\\x{4E00}`` (not ``\\u4E00``), Chinese characters as
``\\p{Han}``. docs/catalog.md says the same.
"""

from __future__ import annotations

from typing import Protocol

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

from kiosk.text import TextRule

# A pattern is one line and short: the shipped catalog's longest has 40 characters.
PATTERN_RULE = TextRule(max_chars=300)
# RE2 stops compiling a pattern whose program would take more memory than this (a bounded
# repetition such as (a{100}){100} blows up): the refusal names it.
_MAX_MEM = 4 << 20

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # refusals are reported by the catalog check, not on stderr
_OPTIONS.max_mem = _MAX_MEM


class CompiledPattern(Protocol):
    """What forms.py calls on a field's compiled pattern: each gives a match or None."""

    def fullmatch(self, text: str) -> object | None: ...

    def search(self, text: str) -> object | None: ...

    def match(self, text: str) -> object | None: ...


class PatternError(ValueError):
    """The pattern cannot be used: the message says why (for the catalog check)."""


class LinearPattern:
    """A catalog pattern compiled by RE2: matching time is linear in the text."""

    __slots__ = ("_regexp", "source")

    def __init__(self, source: str) -> None:
        problem = PATTERN_RULE.problem(source)
        if problem is not None:
            raise PatternError(problem)
        try:
            self._regexp = re2.compile(source.encode("utf-8"), options=_OPTIONS)
        except re2.error as e:
            reason = e.args[0] if e.args else e
            if isinstance(reason, bytes):
                reason = reason.decode("utf-8", "replace")
            raise PatternError(
                f"not a regular expression the kiosk can run in bounded time: {reason} "
                "(backreferences and lookaround are not supported; see docs/catalog.md)"
            ) from None
        self.source = source

    def fullmatch(self, text: str) -> object | None:
        found: object | None = self._regexp.fullmatch(_utf8(text))
        return found

    def search(self, text: str) -> object | None:
        found: object | None = self._regexp.search(_utf8(text))
        return found

    def match(self, text: str) -> object | None:
        found: object | None = self._regexp.match(_utf8(text))
        return found

    def __repr__(self) -> str:
        return f"LinearPattern({self.source!r})"


def _utf8(text: str) -> bytes:
    # Answers are cleaned of lone surrogates before they are checked; should one come
    # through, it is kept as bytes that match no character instead of raising.
    return text.encode("utf-8", "surrogatepass")


def compile_pattern(source: str) -> LinearPattern:
    """The pattern compiled for linear-time matching; PatternError says why not."""
    return LinearPattern(source)
