"""The ticket's ESC/POS bytes, built on python-escpos's Dummy printer.

Text is encoded here per profile and sent raw (see `text_encoding.py`); sizes use
GS ! (ESC ! does not enlarge Hanzi on most printers); the Chinese-mode command FS &
is sent where the profile says so; QR codes are native (GS ( k) or a raster image
from the qrcode library; printers without a Chinese font get the whole ticket as a
raster image drawn in a CJK font; that picture is kept on the result, so the preview
reuses it instead of drawing the ticket a second time.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from printer import preview
from printer.escpos_import import escpos_printers
from printer.fonts import CjkFont
from printer.profiles import Paper, PrinterProfile
from printer.text_encoding import encode
from printer.ticket_layout import Align, Block, Cut, Feed, Line, Picture, Qr, Rule

log = logging.getLogger(__name__)

QR_ECLEVEL_M = 1  # python-escpos's constant for error correction M
ESC, GS, FS, LF = b"\x1b", b"\x1d", b"\x1c", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
ALIGN = {Align.LEFT: ESC + b"a\x00", Align.CENTER: ESC + b"a\x01", Align.RIGHT: ESC + b"a\x02"}


def _dummy(paper: Paper) -> Any:
    printer = escpos_printers().Dummy()
    printer.profile.profile_data["media"]["width"]["pixels"] = paper.dots
    return printer


@dataclass
class EscposTicket:
    """The bytes of one ticket, and the characters the printer font could not take."""

    data: bytes
    replaced: list[str] = field(default_factory=list)
    picture: Image.Image | None = None  # the `image` profile's drawing: also the preview


_INVERT = bytes(range(255, -1, -1))


def raster(image: Image.Image, fragment: int = 960) -> bytes:
    """GS v 0 raster commands for a 1-bit image (black printed), in bands the printer's
    buffer takes, as python-escpos sends them but without its slow colour conversions."""
    image = image.convert("1")
    width_bytes = (image.width + 7) // 8
    out = bytearray()
    for top in range(0, image.height, fragment):
        band = image.crop((0, top, width_bytes * 8, min(top + fragment, image.height)))
        data = band.tobytes().translate(_INVERT)  # PIL: 1 = white; printer: 1 = a dot
        out += GS + b"v0\x00" + struct.pack("<HH", width_bytes, band.height) + data
    return bytes(out)


def centred(image: Image.Image, dots: int) -> Image.Image:
    """`image` (1-bit, cut to `dots` if wider) centred on a white band `dots` wide."""
    image = image.convert("1")
    if image.width > dots:
        image = image.crop((0, 0, dots, image.height))
    band = Image.new("1", (dots, image.height), 1)
    band.paste(image, ((dots - image.width) // 2, 0))
    return band


def size(scale: int) -> bytes:
    """GS ! n: width and height multipliers (1-8) in the high and low nibbles."""
    n = max(1, min(8, scale)) - 1
    return GS + b"!" + bytes([(n << 4) | n])


def build(
    blocks: Sequence[Block], profile: PrinterProfile, paper: Paper, font: CjkFont
) -> EscposTicket:
    """ESC/POS bytes for `blocks` on `profile` and `paper`."""
    p = _dummy(paper)
    raw = p._raw
    raw(INIT)
    if profile.as_image:
        drawn = preview.picture(blocks, paper, font)
        raw(raster(drawn))
        p.cut()
        return EscposTicket(p.output, picture=drawn)
    assert profile.encoding is not None
    if profile.chinese_mode:
        raw(CHINESE_ON)
    replaced: list[str] = []
    for block in blocks:
        if isinstance(block, Line):
            encoded = encode(preview.padded(block, paper), profile.encoding)
            replaced += encoded.replaced
            raw(ALIGN[block.align] + (ESC + b"E\x01" if block.bold else b"") + size(block.scale))
            raw(encoded.data + LF)
            raw(size(1) + (ESC + b"E\x00" if block.bold else b""))
        elif isinstance(block, Rule):
            raw(ALIGN[Align.LEFT] + b" " * paper.margin_columns + b"-" * paper.text_columns + LF)
        elif isinstance(block, Feed):
            raw(LF * block.lines)
        elif isinstance(block, Qr):
            raw(ALIGN[Align.CENTER])
            if profile.native_qr:
                p.qr(block.payload, native=True, size=block.module, ec=QR_ECLEVEL_M)
            else:  # python-escpos's own raster QR has a 1-module quiet zone: too thin
                code = preview.qr_image(block.payload, block.module)
                padded = Image.new("1", (paper.dots, code.height), 1)
                padded.paste(code, ((paper.dots - code.width) // 2, 0))
                raw(raster(padded))
            raw(LF + ALIGN[Align.LEFT])
        elif isinstance(block, Picture):
            raw(ALIGN[Align.LEFT] + raster(centred(block.image, paper.dots)) + LF)
        elif isinstance(block, Cut):
            p.cut()
    if replaced:
        log.warning(
            "ticket: %d character(s) the %s font cannot print were replaced: %s",
            len(replaced),
            profile.name,
            "".join(sorted(set(replaced))),
        )
    return EscposTicket(p.output, replaced)
