"""The PDFs' Chinese line breaking (避头尾), put in place of reportlab's.

reportlab's CJK wrapping lets one closing mark hang past the line end (a second, as in
"）。", then starts the next line) and has no rule for opening marks, so a line could end
with "（". These replacements for its two splitters (`textsplit.dumbSplit` for a
paragraph of one run of text, `paragraph.cjkFragSplit` for one with markup) fill a line
as it does, then move the break back until the next line starts with no closing mark,
this one ends with no opening mark, no Latin word is cut and no word of the ticket's
word list (房产证…) is split, where the line leaves room for that; only a run wider
than the line is cut. Each line is measured again at most once: linear in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import textsplit
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.rl_config import _FUZZ

from printer.text_encoding import NO_LINE_END, NO_LINE_START, break_costs


def _latin(ch: str) -> bool:
    return len(ch) == 1 and "!" <= ch <= "~"


def _break(chars: Sequence[str], start: int, over: int, costs: Sequence[int]) -> int:
    """Where the next line starts, given that `chars[over]` does not fit on the line
    begun at `start`: the latest allowed place, free of words if one is."""

    def allowed(j: int) -> bool:
        before, after = chars[j - 1], chars[j]
        return (
            after not in NO_LINE_START
            and before not in NO_LINE_END
            and not (_latin(before) and _latin(after))
        )

    fallback = -1
    for j in range(over, start, -1):
        if allowed(j):
            if costs[j] == 0:
                return j
            if fallback < 0:
                fallback = j
    if fallback > 0:
        return fallback
    return over if over > start else over + 1  # nothing allowed: cut where it overflows


def _widths_of(maxWidths: Any) -> Callable[[int], float]:
    widths = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
    return lambda n: float(widths[n] if n < len(widths) else widths[-1])


def dumb_split(word: str, widths: Sequence[float], maxWidths: Any) -> list[list[Any]]:
    """`textsplit.dumbSplit` with the rules: [[extra space, text], ...] per line."""
    width_for = _widths_of(maxWidths)
    costs = break_costs(word)
    lines: list[list[Any]] = []
    i = start = 0
    used = 0.0
    max_width = width_for(0)
    while i < len(word):
        used += widths[i]
        i += 1
        if used > max_width + _FUZZ and used > 0:
            j = _break(word, start, i - 1, costs)
            taken = sum(widths[start:j])
            lines.append([max_width - taken, word[start:j].strip()])
            start = i = j
            used = 0.0
            max_width = width_for(len(lines))
    if start < len(word):
        lines.append([max_width - sum(widths[start:]), word[start:]])
    return lines


def cjk_frag_split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:
    """`paragraph.cjkFragSplit` with the rules (paragraphs with markup, <br/>)."""
    units: list[Any] = []
    for f in frags:
        text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
        if text:
            units.extend(rl_paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(rl_paragraph.cjkU(text, f, encoding))
    costs = break_costs("".join(u if len(u) == 1 else "\0" for u in units))
    width_for = _widths_of(maxWidths)
    max_width = width_for(0)

    def width(u: Any) -> float:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        return float(w)

    make = rl_paragraph.makeCJKParaLine
    lines: list[Any] = []
    i = start = 0
    used = 0.0
    while i < len(units):
        u = units[i]
        i += 1
        used += width(u)
        line_break = hasattr(u.frag, "lineBreak")
        if line_break:
            lines.append(make(units[start:i], max_width, used, max_width - used, True, calcBounds))
        elif used > max_width + _FUZZ and used > 0:
            j = _break(units, start, i - 1, costs)
            taken = sum(width(v) for v in units[start:j])
            lines.append(
                make(units[start:j], max_width, taken, max_width - taken, False, calcBounds)
            )
            i = j
        else:
            continue
        start = i
        used = 0.0
        max_width = width_for(len(lines))
    if start < len(units):
        rest = units[start:]
        lines.append(make(rest, max_width, used, max_width - used, False, calcBounds))
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Put the splitters in place of reportlab's (once; every document's paragraphs)."""
    textsplit.dumbSplit = dumb_split  # wordSplit calls it by this name
    rl_paragraph.cjkFragSplit = cjk_frag_split  # breakLinesCJK calls it by this name
