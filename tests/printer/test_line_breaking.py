"""Ticket line breaking (避头尾, words kept whole), the paper's margins, and the preview
showing what each profile prints: all read back from the ticket's ESC/POS bytes.

The texts are engineered to meet a line's end at every offset on both widths: a name
padded by 0-23 Hanzi puts its "（", its "），" and its 房产证 across a boundary at some
padding, on either paper, whatever the margins.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from kiosk.catalog.loader import Catalog
from printer import preview
from printer.escpos_elements import Line
from printer.escpos_reader import read
from printer.printing import TicketPrinter
from printer.profiles import PAPERS, PROFILES
from printer.sample import sample_ticket_content
from printer.text_encoding import NO_LINE_END, NO_LINE_START, display_width, wrap
from printer.ticket_content import TicketContent
from printer.ticket_layout import layout
from tests.printer.test_ticket import config

TEXT_CASES = [(p, w) for p in ("gb18030", "gbk") for w in (80, 58)]
CASES = [(p, w) for p in PROFILES for w in (80, 58)]
# "·" also serves as the bullet that starts a deficiency's line: checked apart.
CLOSING = NO_LINE_START - {"·"}
DUE = date(2026, 12, 3)


def engineered(base: TicketContent) -> TicketContent:
    names = tuple(("甲" * k + "材料（房产证）", DUE) for k in range(24))
    names += tuple(("乙" * k + "Passport ABC123（原件）", DUE) for k in range(0, 24, 3))
    notice = "\n".join(
        "丙" * k + "（复印件）。房产证、户口簿；ID-card 123456" for k in range(0, 24, 2)
    )
    return replace(base, deficiencies=names, notice=notice, item_name="丁丁（房产证）" * 3)


def printed_lines(catalog: Catalog, profile: str, width: int) -> list[Line]:
    cfg = config(profile, width)
    content = engineered(sample_ticket_content(catalog, cfg))
    data = TicketPrinter(cfg).render(content).data
    encoding = PROFILES[profile].encoding
    assert encoding is not None
    return [ln for ln in read(data, encoding, strict=True).lines_with_style() if ln.text]


@pytest.mark.parametrize(("profile", "width"), TEXT_CASES)
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(
    catalog: Catalog, profile: str, width: int
) -> None:
    lines = [ln.text.strip() for ln in printed_lines(catalog, profile, width)]
    assert lines
    starts = [ln for ln in lines if ln[0] in CLOSING or (ln[0] == "·" and ln[1:2] != " ")]
    assert starts == [], "closing punctuation at a line start"
    ends = [ln for ln in lines if ln[-1] in NO_LINE_END]
    assert ends == [], "opening punctuation at a line end"


@pytest.mark.parametrize(("profile", "width"), TEXT_CASES)
def test_words_are_not_split(catalog: Catalog, profile: str, width: int) -> None:
    lines = [ln.text.strip() for ln in printed_lines(catalog, profile, width)]
    joined = "".join(lines)
    for word in ("房产证", "户口簿", "复印件", "Passport", "ABC123", "ID-card", "123456"):
        whole = sum(ln.count(word) for ln in lines)
        assert whole == joined.count(word) > 0, f"{word} split across lines"


@pytest.mark.parametrize(("profile", "width"), TEXT_CASES)
def test_lines_keep_the_margins(catalog: Catalog, profile: str, width: int) -> None:
    paper = PAPERS[width]
    margin = paper.margin_columns
    assert margin * 12 >= 2 * 8  # at least 2 mm at 8 dots/mm
    for ln in printed_lines(catalog, profile, width):
        if set(ln.text) == {"-"} or ln.text.lstrip().startswith("-" * 8):
            assert ln.text == " " * margin + "-" * paper.text_columns
            continue
        used = display_width(ln.text.strip()) * ln.width
        assert used <= paper.text_columns, ln.text
        if ln.align == "left":
            lead = len(ln.text) - len(ln.text.lstrip(" "))
            assert lead * ln.width >= margin, ln.text


@pytest.mark.parametrize(("profile", "width"), CASES)
def test_the_preview_places_every_line_as_the_printer_does(
    catalog: Catalog, profile: str, width: int
) -> None:
    """The preview's lines are the printed lines: same text, breaks, cell and scale; and
    its ink stays in each line's cells and off the margins."""
    cfg = config(profile, width)
    paper = PAPERS[width]
    content = engineered(sample_ticket_content(catalog, cfg))
    encoding = PROFILES[profile].encoding
    placed = preview.placed_lines(layout(content, paper), paper, encoding)
    image = Image.open(io.BytesIO(TicketPrinter(cfg).render(content).preview_png)).convert("L")
    if encoding is not None:
        printed = [ln for ln in printed_lines(catalog, profile, width) if "---" not in ln.text]
        assert [p.text for p in placed] == [ln.text for ln in printed]
        for at, ln in zip(placed, printed, strict=True):
            cells = display_width(ln.text) * 12 * ln.width
            x = {"left": 0, "center": (paper.dots - cells) // 2, "right": paper.dots - cells}
            assert (at.x, at.width, at.scale) == (x[ln.align], cells, ln.width), ln.text
    margin = paper.margin_columns * 12
    for at in placed:
        # the glyphs' middle band: descenders and accents may reach a neighbour's row
        row = image.crop((0, at.y + 10 * at.scale, paper.dots, at.y + 20 * at.scale))
        ink = row.point(lambda v: 255 if v < 128 else 0).getbbox()
        if ink is None:
            continue
        assert ink[0] >= max(margin, at.x) - 2, at.text  # 2 dots of a glyph's overhang
        assert ink[2] <= min(paper.dots - margin, at.x + at.width) + 2, at.text


def test_wrap_rules_on_their_own() -> None:
    # A closing mark never starts a line, a chain of them neither; an opening one goes down.
    assert wrap("一二三四（五）。）六", 12) == ["一二三四", "（五）。）六"]
    assert wrap("一二三（四五", 8) == ["一二三", "（四五"]
    # 房产证 moves down whole rather than split; a word wider than the line is cut.
    assert wrap("请带上房产证", 10) == ["请带上", "房产证"]
    assert wrap("材料 Passport", 10) == ["材料", "Passport"]
    assert wrap("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]
    # A name that fits a line (`words`) goes down whole; one that cannot breaks in it.
    assert wrap("事项：居住证办理首次", 14, ("居住证办理首次",)) == ["事项：", "居住证办理首次"]
    assert wrap("事项：居住证办理首次", 14) == ["事项：居住证", "办理首次"]
