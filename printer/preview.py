"""The ticket drawn as an image, dot for dot at the printer's width.

Text is drawn as the printer prints it: each character in its 12-dot cell (24 for Hanzi
and full-width forms), times its scale, so the preview has the printer's line breaks,
margins and centring; for a text profile, the characters its font cannot print show as
the replacements the printer gets.

The screen shows it once the ticket's bytes are on their way, the `files` printer writes
it beside the bytes, and the `image` profile sends it to printers that have no Chinese
font (then the one picture serves as both raster and preview).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from PIL import Image, ImageDraw

from printer.fonts import CjkFont, pillow_font
from printer.profiles import CELL_DOTS, Paper
from printer.text_encoding import display_width, encode
from printer.ticket_layout import Align, Block, Cut, Feed, Line, Picture, Qr, Rule

CELL = CELL_DOTS  # dots per column: the printers' 12x24 font, Hanzi 24x24
LINE = 30  # dots per text line at scale 1 (24-dot glyphs and the default spacing)
MARGIN = 8


@functools.lru_cache(maxsize=16)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules, error correction M as the printer's native QR uses
    (cached: choosing the mask pattern is the slow part of drawing a ticket)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def qr_image(payload: str, module: int, border: int = 4) -> Image.Image:
    """The QR code as a 1-bit image with a quiet zone of `border` modules."""
    matrix = qr_matrix(payload)
    side = len(matrix) + 2 * border
    small = Image.new("1", (side, side), 1)
    small.putdata(
        [
            0 if dark else 1
            for row in ((False,) * side,) * border
            + tuple((False,) * border + r + (False,) * border for r in matrix)
            + ((False,) * side,) * border
            for dark in row
        ]
    )
    return small.resize((side * module, side * module), Image.Resampling.NEAREST)


def padded(block: Line, paper: Paper) -> str:
    """The line's text as sent, with the spaces that keep it off the paper's edges (a
    centred line is narrower than the margins leave: its centring keeps them)."""
    spaces = " " * -(-paper.margin_columns // block.scale)
    if block.align == Align.LEFT:
        return spaces + block.text
    if block.align == Align.RIGHT:
        return block.text + spaces
    return block.text


def printed_text(text: str, encoding: str | None) -> str:
    """What a printer with `encoding`'s font prints for `text` (None: a raster, as is)."""
    if encoding is None:
        return text
    return encode(text, encoding).data.decode(encoding, errors="replace")


@dataclass(frozen=True)
class Placed:
    """A line of text where the printer puts it: its characters as printed, the dot its
    first cell starts at, its width in dots, and the top of its row."""

    text: str
    x: int
    width: int
    y: int
    scale: int


def place(block: Line, paper: Paper, encoding: str | None, y: int) -> Placed:
    """Where the printer prints `block` (spaces included: they take their cells)."""
    text = printed_text(padded(block, paper), encoding)
    width = display_width(text) * CELL * block.scale
    x = {
        Align.LEFT: 0,
        Align.CENTER: max(0, (paper.dots - width) // 2),
        Align.RIGHT: max(0, paper.dots - width),
    }[block.align]
    return Placed(text, x, width, y, block.scale)


def placed_lines(
    blocks: Sequence[Block], paper: Paper, encoding: str | None = None
) -> list[Placed]:
    """Every text line of the preview, as `render` draws them."""
    placed: list[Placed] = []
    y = MARGIN
    for block in without_cut(blocks):
        if isinstance(block, Line) and block.text:
            placed.append(place(block, paper, encoding, y))
        y += _height(block)
    return placed


def _height(block: Block) -> int:
    if isinstance(block, Line):
        return LINE * block.scale
    if isinstance(block, Qr):
        return len(qr_matrix(block.payload)) * block.module + 2 * MARGIN
    if isinstance(block, Feed):
        return LINE * block.lines
    if isinstance(block, Picture):
        return block.image.height + LINE // 3
    if isinstance(block, Rule):
        return LINE // 2
    return 2 * MARGIN  # Cut


def render(
    blocks: Sequence[Block], paper: Paper, font: CjkFont, encoding: str | None = None
) -> Image.Image:
    """The ticket as a 1-bit image `paper.dots` wide (black = printed), as a printer of
    `encoding` prints it (None: the `image` profile's raster)."""
    height = sum(_height(b) for b in blocks) + 2 * MARGIN
    image = Image.new("L", (paper.dots, height), 255)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for block in blocks:
        if isinstance(block, Line) and block.text:
            at = place(block, paper, encoding, y)
            _draw_cells(draw, at.text, at.x, y, block, font)
        elif isinstance(block, Rule):
            margin = paper.margin_columns * CELL
            for x in range(margin, paper.dots - margin, 12):
                draw.line((x, y + LINE // 4, x + 6, y + LINE // 4), fill=0, width=2)
        elif isinstance(block, Qr):
            code = qr_image(block.payload, block.module, border=0)
            image.paste(code.convert("L"), ((paper.dots - code.width) // 2, y + MARGIN))
        elif isinstance(block, Picture):
            drawn = block.image.convert("L")
            image.paste(drawn, ((paper.dots - drawn.width) // 2, y))
        y += _height(block)
    return image.point(lambda v: 255 if v >= 128 else 0).convert("1")


def _draw_cells(
    draw: ImageDraw.ImageDraw, text: str, x: int, y: int, block: Line, font: CjkFont
) -> None:
    """`text` one character per printer cell: a run of full-width characters in one call
    (the CJK font draws them a cell apart already), a half-width one fitted to its cell
    (the font's Latin is proportional, the printer's 12x24 font is not)."""
    face = pillow_font(font, 24 * block.scale)
    cell = CELL * block.scale
    top = y + 2 * block.scale
    strikes = (0, 1) if block.bold else (0,)  # bold as the printer does it: struck twice
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and display_width(text[j]) == 2:
            j += 1
        if j > i:
            for dx in strikes:
                draw.text((x + dx, top), text[i:j], font=face, fill=0)
            x += (j - i) * 2 * cell
            i = j
            continue
        if not text[i].isspace():
            glyph = _half_width_glyph(font, 24 * block.scale, text[i])
            for dx in strikes:
                draw.bitmap((x + (cell - glyph.width) // 2 + dx, top), glyph, fill=0)
        x += cell
        i += 1


@functools.lru_cache(maxsize=512)
def _half_width_glyph(font: CjkFont, size: int, ch: str) -> Image.Image:
    """`ch` as a mask no wider than a half-width cell (squeezed if the font's is wider)."""
    face = pillow_font(font, size)
    cell = size // 2
    width = max(cell, int(ImageDraw.Draw(Image.new("L", (1, 1))).textlength(ch, font=face)) + 1)
    glyph = Image.new("L", (width, size + size // 4), 0)
    ImageDraw.Draw(glyph).text((0, 0), ch, font=face, fill=255)
    box = glyph.getbbox()
    if box is None:
        return Image.new("L", (1, 1), 0)
    glyph = glyph.crop((box[0], 0, box[2], glyph.height))
    if glyph.width > cell - 1:  # one dot of space between neighbours, as on the printer
        glyph = glyph.resize((cell - 1, glyph.height), Image.Resampling.BILINEAR)
    return glyph


# zlib level 1: measured ~1.5 ms and ~12 kB for an 80 mm ticket, against ~17 ms and ~9 kB
# with optimize=True (which tries every filter). The PNG only goes to the local screen.
PNG_COMPRESS_LEVEL = 1


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def without_cut(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if not isinstance(b, Cut)]


def picture(
    blocks: Sequence[Block], paper: Paper, font: CjkFont, encoding: str | None = None
) -> Image.Image:
    """The ticket as printed, without the cut: the preview, and the `image` profile's raster."""
    return render(without_cut(blocks), paper, font, encoding)
