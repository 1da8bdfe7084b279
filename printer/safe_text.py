"""Any text made drawable: what the ticket and the A4 documents do with text they get.

The config and catalog loaders refuse bad text and answers are cleaned where they enter
(kiosk/text.py), but a ticket that cannot be printed is a printer fault for every
applicant after it, so the printer does not rely on that: whatever it is handed, it
draws something. Characters that Pillow's text layout (raqm/fribidi) or reportlab
cannot take are dropped or replaced here, once, before any measuring or drawing:

- line and paragraph separators (CR, NEL, U+2028/U+2029, FS/GS/RS, which fribidi takes
  as paragraph ends and raqm then refuses) become a line break where lines are allowed,
  else a space;
- every other control, lone surrogate, private use or unassigned code point and
  invisible format character (bidi overrides, BOM) is dropped, or shown as "?" when it
  stood for a character (a surrogate, an unassigned code point);
- a text longer than its limit is cut, with "…", so no text makes unbounded work.

Imports nothing beyond the standard library and kiosk.text.
"""

from __future__ import annotations

import unicodedata

from kiosk.text import refused_char

ELLIPSIS = "…"
# What the ticket and documents print at most of one text they did not write themselves
# (an answer may hold 2000 characters; anything longer did not pass the form).
MAX_TEXT_CHARS = 4000

# Characters that end a paragraph for the Unicode bidi algorithm (and for Pillow's raqm
# layout, which fails on them), and the other line separators.
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_SPACES = frozenset("\t\x1f")  # a tab and the unit separator separate words
# Categories shown as "?" (a character was there, but none the font can show).
_QUESTIONED = frozenset({"Cs", "Co", "Cn"})


def printable(text: str, *, multiline: bool = False, limit: int = MAX_TEXT_CHARS) -> str:
    """`text` with only characters every font path can lay out; at most `limit` chars.

    Linear in the length of `text` (only its first `limit` * 2 characters are looked at).
    Multi-line text keeps its line breaks as ``\\n``; one-line text gets spaces instead.
    """
    out: list[str] = []
    previous = ""
    for ch in text[: 2 * limit + 1]:
        if ch in _BREAKS:
            if not (ch == "\n" and previous == "\r"):  # \r\n is one break
                out.append("\n" if multiline else " ")
        elif ch in _SPACES:
            out.append(" ")
        elif refused_char(ch, multiline=True):
            if unicodedata.category(ch) in _QUESTIONED:
                out.append("?")
        else:
            out.append(ch)
        previous = ch
    joined = "".join(out)
    # NFC composes what can be composed; it never lengthens text by much, and the cut
    # below bounds it again.
    joined = unicodedata.normalize("NFC", joined)
    if len(joined) > limit or len(text) > 2 * limit + 1:
        joined = joined[: max(limit - 1, 0)].rstrip() + ELLIPSIS
    return joined
