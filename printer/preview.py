"""The ticket drawn as an image, dot for dot at the printer's width.

The screen shows it once the ticket's bytes are on their way, the `files` printer writes
it beside the bytes, and the `image` profile sends it to printers that have no Chinese
font (then the one picture serves as both raster and preview).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

import qrcode
from PIL import Image, ImageDraw

from printer.fonts import CjkFont, pillow_font
from printer.profiles import Paper
from printer.ticket_layout import Align, Block, Cut, Feed, Line, Qr, Rule

CELL = 12  # dots per column: the printers' 12x24 font, Hanzi 24x24
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


def _height(block: Block) -> int:
    if isinstance(block, Line):
        return LINE * block.scale
    if isinstance(block, Qr):
        return len(qr_matrix(block.payload)) * block.module + 2 * MARGIN
    if isinstance(block, Feed):
        return LINE * block.lines
    if isinstance(block, Rule):
        return LINE // 2
    return 2 * MARGIN  # Cut


def render(blocks: Sequence[Block], paper: Paper, font: CjkFont) -> Image.Image:
    """The ticket as a 1-bit image `paper.dots` wide (black = printed)."""
    height = sum(_height(b) for b in blocks) + 2 * MARGIN
    image = Image.new("L", (paper.dots, height), 255)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for block in blocks:
        if isinstance(block, Line) and block.text:
            face = pillow_font(font, 24 * block.scale)
            width = draw.textlength(block.text, font=face)
            x = {
                Align.LEFT: 0,
                Align.CENTER: (paper.dots - width) / 2,
                Align.RIGHT: paper.dots - width,
            }[block.align]
            # Bold as the printer does it: the line struck twice, one dot apart.
            for dx in (0, 1) if block.bold else (0,):
                draw.text((max(0, x) + dx, y + 2 * block.scale), block.text, font=face, fill=0)
        elif isinstance(block, Rule):
            for x in range(0, paper.dots, 12):
                draw.line((x, y + LINE // 4, x + 6, y + LINE // 4), fill=0, width=2)
        elif isinstance(block, Qr):
            code = qr_image(block.payload, block.module, border=0)
            image.paste(code.convert("L"), ((paper.dots - code.width) // 2, y + MARGIN))
        y += _height(block)
    return image.point(lambda v: 255 if v >= 128 else 0).convert("1")


# zlib level 1: measured ~1.5 ms and ~12 kB for an 80 mm ticket, against ~17 ms and ~9 kB
# with optimize=True (which tries every filter). The PNG only goes to the local screen.
PNG_COMPRESS_LEVEL = 1


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def without_cut(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if not isinstance(b, Cut)]


def picture(blocks: Sequence[Block], paper: Paper, font: CjkFont) -> Image.Image:
    """The ticket as printed, without the cut: the preview, and the `image` profile's raster."""
    return render(without_cut(blocks), paper, font)
