"""Building a document or a ticket is linear in its text: work is counted, never timed.

The confirmation of a declaration with a 40,000-character address part took 10.8 s, its
time growing with the square of the length: reportlab wraps a table cell's whole
paragraph again each time the row is split at a page end. The ticket's line wrapping cut
a long word from the front again and again, measuring the rest each time. Here the work
is counted as the characters the font is asked to measure (every width reportlab takes
goes through the font's `stringWidth`) and the characters `display_width` measures: for
a linear builder four times the text is about four times the work, for the old ones it
was eight to sixteen times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from printer import text_encoding
from printer.documents.context import DocumentContext
from printer.fonts import find_cjk_font, register_reportlab_font
from printer.safe_text import MAX_TEXT_CHARS
from printer.sample import sample_document_jobs

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


class Measured:
    """Counts the characters the document font measures while it is installed."""

    def __init__(self) -> None:
        self.chars = 0


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> Iterator[Measured]:
    if not WQY.is_file():
        pytest.skip("fonts-wqy-microhei not installed")
    font = pdfmetrics.getFont(register_reportlab_font(find_cjk_font(WQY)))
    original: Callable[..., float] = font.stringWidth
    counter = Measured()

    def counting(text: str, size: float, encoding: str = "utf8") -> float:
        counter.chars += len(text)
        return original(text, size, encoding)

    monkeypatch.setattr(font, "stringWidth", counting)
    yield counter


def confirmation_work(
    catalog: Catalog, measured: Measured, detail: str
) -> tuple[int, DocumentContext]:
    builder, ctx = sample_document_jobs(
        catalog, KioskConfig(terminal_number=7), find_cjk_font(WQY)
    )["confirmation"]
    address: dict[str, Any] = {**ctx.answers["new_address"], "detail": detail}  # type: ignore[dict-item]
    ctx = replace(ctx, answers={**ctx.answers, "new_address": address})
    measured.chars = 0
    builder(ctx)
    return measured.chars, ctx


def test_confirmation_work_grows_linearly_with_an_address_part(
    catalog: Catalog, measured: Measured
) -> None:
    base, _ = confirmation_work(catalog, measured, "")
    short, _ = confirmation_work(catalog, measured, "临" * 1000)  # a page and a half
    double, _ = confirmation_work(catalog, measured, "临" * 2000)
    long, _ = confirmation_work(catalog, measured, "临" * 4000)  # some six pages
    # Without the fix: 2.5 and 3.2 times (each page re-wrapped all that was left).
    assert double - base <= 2.3 * (short - base)
    assert long - base <= 2.3 * (double - base)
    assert long - base <= 5 * (short - base)  # linear: 4; the old builder: 8


def test_an_address_part_past_any_limit_costs_no_more(catalog: Catalog, measured: Measured) -> None:
    """Text no form lets through (over 4,000 characters) is cut: no unbounded work."""
    at_limit, _ = confirmation_work(catalog, measured, "临" * MAX_TEXT_CHARS)
    beyond, _ = confirmation_work(catalog, measured, "临" * (10 * MAX_TEXT_CHARS))
    assert beyond <= at_limit * 1.05


@pytest.fixture
def widths(monkeypatch: pytest.MonkeyPatch) -> Measured:
    counter = Measured()
    original = text_encoding.display_width

    def counting(text: str) -> int:
        counter.chars += len(text)
        return original(text)

    monkeypatch.setattr(text_encoding, "display_width", counting)
    return counter


@pytest.mark.parametrize("word", ["a", "临", "a临"])
def test_ticket_wrapping_is_linear(widths: Measured, word: str) -> None:
    """A word far longer than a line is cut with each character measured a few times
    (the old loop measured the whole rest once per printed line)."""
    for length in (20_000, 40_000):
        text = (word * length)[:length]
        widths.chars = 0
        lines = text_encoding.wrap(text, 48)
        assert "".join(lines) == text
        assert widths.chars <= 3 * length, (length, widths.chars)
