"""Printer profiles and paper widths: how a given thermal printer takes Chinese text.

Chinese-market ESC/POS printers print Hanzi in a double-byte mode, usually GB18030 or
GBK; some have no Chinese font at all and must be sent pictures of the text. A
profile says which, whether the printer wants the Chinese-mode command (FS &), and
whether it draws QR codes itself. Technicians pick one with `python -m printer sample`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.config import PrinterConfig

# A blank margin at each edge of the printable width, so no line runs to the paper's
# edge: 2 mm at 8 dots/mm is 16 dots, rounded up to whole 12-dot columns (3 mm), the
# unit text is positioned in on the printer.
MARGIN_MM = 2
DOTS_PER_MM = 8
CELL_DOTS = 12


@dataclass(frozen=True)
class Paper:
    """A roll width: characters per line (12x24 font) and printable dots."""

    width_mm: int
    columns: int
    dots: int

    @property
    def margin_columns(self) -> int:
        """Blank columns left at each edge."""
        return -(-MARGIN_MM * DOTS_PER_MM // CELL_DOTS)

    @property
    def text_columns(self) -> int:
        """Columns a line of text may take between the margins."""
        return self.columns - 2 * self.margin_columns


PAPERS = {80: Paper(80, 48, 576), 58: Paper(58, 32, 384)}


@dataclass(frozen=True)
class PrinterProfile:
    """How to send text and QR codes to one kind of printer."""

    name: str
    encoding: str | None  # None: text is sent as raster images
    chinese_mode: bool  # send FS & so double-byte text prints as Hanzi
    native_qr: bool  # GS ( k; otherwise a raster QR made with the qrcode library
    description: str

    @property
    def as_image(self) -> bool:
        return self.encoding is None


PROFILES: dict[str, PrinterProfile] = {
    "gb18030": PrinterProfile(
        "gb18030", "gb18030", True, True, "GB18030 (2-byte part) Chinese font, FS &, native QR"
    ),
    "gbk": PrinterProfile("gbk", "gbk", True, True, "GBK Chinese font, FS &, native QR"),
    "image": PrinterProfile(
        "image", None, False, False, "no Chinese font: every line sent as a raster image"
    ),
}


def profile_for(config: PrinterConfig) -> PrinterProfile:
    """The configured profile, with the config's QR choice when it makes one."""
    profile = PROFILES[config.profile]
    if config.native_qr is not None:
        profile = replace(profile, native_qr=config.native_qr)
    return profile


def paper_for(config: PrinterConfig) -> Paper:
    return PAPERS[config.paper_width_mm]
