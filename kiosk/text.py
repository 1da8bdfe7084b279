"""What text may enter the kiosk: one definition for the config, the catalog and answers.

Text that reaches a screen, a ticket or a PDF comes from three places: the terminal's
config and the service catalog (written by people on site, refused when wrong), and the
applicants' answers (typed at the kiosk, cleaned rather than refused). Both go through
this module once, where they enter; everything downstream may rely on what it promises:

- no control characters (C0, DEL, C1 such as NEL U+0085), no lone surrogates, no private
  use or unassigned code points, no line or paragraph separators (U+2028/U+2029) and no
  invisible format characters except the joiners emoji and Indic scripts need;
- a line break only where several lines are meant, and then only ``\\n``;
- a bounded length, named in the refusal ("at most 40 characters, one line").

Imports nothing beyond the standard library.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Format characters (Cf) that carry meaning in ordinary text: zero-width non-joiner and
# joiner (emoji sequences, Indic scripts). Bidi overrides, isolates, soft hyphens and the
# BOM are refused: they reorder or hide what a reader sees.
_KEPT_FORMAT = frozenset("\u200c\u200d")
# Categories never allowed: controls, surrogates, private use, unassigned, line and
# paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace left but the line break
_BLANK_LINES = re.compile(r"\n{3,}")
_SEPARATORS = str.maketrans({"\t": " ", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})


def refused_char(ch: str, *, multiline: bool = False) -> bool:
    """True for a character no configured text or stored answer may hold."""
    if ch == "\n":
        return not multiline
    category = unicodedata.category(ch)
    if category in _REFUSED_CATEGORIES:
        return True
    return category == "Cf" and ch not in _KEPT_FORMAT


def describe_char(ch: str) -> str:
    """``U+001C (INFORMATION SEPARATOR FOUR)``: how a refusal names a character."""
    name = unicodedata.name(ch, "") if unicodedata.category(ch) != "Cs" else "lone surrogate"
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


@dataclass(frozen=True)
class TextRule:
    """What one configured text may be: its length and whether it may break lines."""

    max_chars: int
    multiline: bool = False
    max_lines: int = 1
    allow_empty: bool = False

    def describe(self) -> str:
        """The rule as the refusal states it: 'at most 40 characters, one line'."""
        lines = f"at most {self.max_lines} lines" if self.multiline else "one line"
        return f"at most {self.max_chars} characters, {lines}"

    def problem(self, value: str) -> str | None:
        """Why `value` breaks the rule (plain English, for a technician), or None."""
        for index, ch in enumerate(value):
            if refused_char(ch, multiline=self.multiline):
                what = "a line break" if ch in "\r\n" else describe_char(ch)
                return f"{what} at character {index + 1} is not allowed ({self.describe()})"
        if len(value) > self.max_chars:
            return f"{len(value)} characters is too long ({self.describe()})"
        if self.multiline and value.count("\n") + 1 > self.max_lines:
            return f"{value.count(chr(10)) + 1} lines is too many ({self.describe()})"
        if not self.allow_empty and not value.strip():
            return "must not be empty"
        return None


# The named rules: each configured text says which of these it follows.
NAME = TextRule(max_chars=40)  # a hall's name, a service item's name: one ticket line
LABEL = TextRule(max_chars=80)  # a field's or a material's label, an option
SHORT = TextRule(max_chars=200)  # a hint, a finding, a counter list
PARAGRAPH = TextRule(max_chars=2000, multiline=True, max_lines=40)  # a notice, a guide
NOTICE = TextRule(max_chars=300, multiline=True, max_lines=8)  # the ticket's own notice


def clean_answer(value: str, *, multiline: bool = False, max_chars: int | None = None) -> str:
    """An applicant's answer as stored: normalised, never refused.

    NFC-composed, refused characters dropped (a stray control from a scanner or a paste),
    whitespace runs collapsed to one space, each line trimmed, at most one blank line in a
    row where lines are allowed, and cut to `max_chars` (the field's limit; the form keeps
    the applicant from typing further, this is the last guard).
    """
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_SEPARATORS)  # these separate words or lines; other controls go
    if not multiline:
        text = text.replace("\n", " ")
    text = "".join(ch for ch in text if not refused_char(ch, multiline=multiline))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    if max_chars is not None and len(text) > max_chars:
        text = text[:max_chars].rstrip()
    return text


# The most characters an answer of each field type may hold (by the type's value, as
# in kiosk.catalog.models.FieldType); a catalog's max_length may only lower these. An
# address holds this much per part (province, city, district, street and number).
ANSWER_MAX_CHARS: dict[str, int] = {
    "text": 200,
    "long_text": 2000,
    "number": 32,
    "money": 32,
    "date": 32,
    "resident_id": 32,
    "credit_code": 32,
    "mobile": 32,
    "landline": 32,
    "postal_code": 16,
    "address": 120,
}
# Answers that may hold line breaks.
MULTILINE_ANSWERS = frozenset({"long_text"})
