"""Encoding ticket text for a printer's Chinese font, replacing what it cannot print.

Printer fonts cover the two-byte GBK range (GB18030's four-byte sequences print as
garbage on most of them), so each character is checked on its own: one the encoding
cannot carry in one or two bytes is replaced by a look-alike ("¥" -> "￥") or "?",
instead of failing the ticket. python-escpos's text() is not used: it switches code
pages for strings without Hanzi and corrupts the printer's Chinese mode.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

REPLACEMENTS = {
    "¥": "￥",
    "•": "·",
    "‧": "·",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "−": "-",
    "\u00a0": " ",
    "€": "EUR",
    "✓": "√",
    "✔": "√",
    "“": "“",
    "\t": " ",
}


@dataclass(frozen=True)
class Encoded:
    """Bytes for the printer, and the characters that had to be replaced."""

    data: bytes
    replaced: tuple[str, ...]


def encode(text: str, encoding: str) -> Encoded:
    """`text` in `encoding`, one or two bytes per character, look-alikes where needed."""
    out = bytearray()
    replaced: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        data = _one(ch, encoding)
        if data is None:
            substitute = REPLACEMENTS.get(ch, "?")
            data = b"".join(_one(c, encoding) or b"?" for c in substitute)
            replaced.append(ch)
        out += data
    return Encoded(bytes(out), tuple(replaced))


def _one(ch: str, encoding: str) -> bytes | None:
    if unicodedata.category(ch) == "Cc":
        return None  # control characters (C0, DEL, C1) would be taken as printer commands
    try:
        data = ch.encode(encoding)
    except UnicodeEncodeError:
        return None
    return data if len(data) <= 2 else None


def display_width(text: str) -> int:
    """Columns the text takes on a receipt printer: Hanzi and full-width forms take 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# Chinese line-breaking rule (避头尾): these never start a line.
NO_LINE_START = set("，。、；：？！）》」』】〕…·%,.;:?!)]}")
_TOKEN = re.compile(r"\s*[!-~]+|\s+|.")


def wrap(text: str, columns: int) -> list[str]:
    """Break `text` into lines of at most `columns` display columns: anywhere between
    Hanzi, between Latin words, never before closing punctuation; a ``\\n`` always
    breaks. Linear in the length of `text`: each character is measured once or twice."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_line(paragraph, columns)
    return lines


def _wrap_line(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    line = ""
    width = 0  # display_width(line), kept as the line grows
    for token in _TOKEN.findall(text):
        token_width = display_width(token)
        if width + token_width <= columns:
            line += token
            width += token_width
            continue
        carry = ""
        if token[0] in NO_LINE_START and len(line) > 1:
            line, carry = line[:-1], line[-1]  # take the last character along
        if line.strip():
            lines.append(line.rstrip())
        line = (carry + token).lstrip()
        # A word longer than a line is cut in one pass (cutting it again and again from
        # the front would measure the rest each time: quadratic in its length).
        pieces, line = _cut(line, columns)
        lines += pieces
        width = display_width(line)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _cut(text: str, columns: int) -> tuple[list[str], str]:
    """`text` as whole lines of `columns` columns, and the rest that fits one line."""
    pieces: list[str] = []
    start = 0
    width = 0
    for i, ch in enumerate(text):
        ch_width = display_width(ch)
        if width + ch_width > columns and i > start:
            pieces.append(text[start:i])
            start, width = i, 0
        width += ch_width
    return pieces, text[start:]
