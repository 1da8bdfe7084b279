"""What the ESC/POS reader (printer.escpos_reader) finds in bytes: errors, styles, elements.

See `escpos_reader.py` for how bytes become these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PIL import Image

Align = Literal["left", "center", "right"]
ImageImpl = Literal["bitImageRaster", "graphics", "bitImageColumn"]
CutMode = Literal["full", "partial"]


# --- errors ---------------------------------------------------------------------------


class EscposReadError(Exception):
    """The bytes cannot be read as a ticket; ``offset`` is where the reader stopped."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(f"at offset {offset} (0x{offset:x}): {message}")
        self.offset = offset


class UnknownCommand(EscposReadError):
    """A byte sequence the reader does not know (the printer might not either)."""

    def __init__(self, offset: int, command: bytes, note: str = "") -> None:
        text = f"unknown ESC/POS command {command.hex(' ')}"
        super().__init__(offset, f"{text} ({note})" if note else text)
        self.command = command


class TruncatedCommand(EscposReadError):
    """A command whose parameters or data run past the end of the bytes."""


class MalformedCommand(EscposReadError):
    """A known command with a parameter out of its range or an inconsistent length."""


class TextDecodeError(EscposReadError):
    """A text run that does not decode in the ticket's encoding."""


class StrictModeError(EscposReadError):
    """A :class:`Problem` found while reading in strict mode."""


# --- printer state -------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """Character modes in effect: Latin (single-byte) and Hanzi (double-byte) sizes apart."""

    bold: bool = False
    underline: int = 0  # Latin characters: 0 off, 1 or 2 dots
    width: int = 1  # Latin characters, 1-8
    height: int = 1
    hanzi_width: int = 1  # double-byte characters in Chinese mode, 1-8
    hanzi_height: int = 1
    hanzi_underline: int = 0
    reverse: bool = False
    upside_down: bool = False
    smoothing: bool = False
    font: int = 0
    code_page: int = 0
    international: int = 0


# --- elements -------------------------------------------------------------------------


@dataclass(frozen=True)
class Init:
    """``ESC @``: initialise the printer."""

    offset: int


@dataclass(frozen=True)
class Text:
    """A run of text bytes between two commands, decoded with the ticket's encoding."""

    offset: int
    raw: bytes
    text: str
    style: Style
    chinese_mode: bool

    def char_styles(self) -> list[tuple[str, int, int, int]]:
        """(character, width, height, underline) as printed, character by character."""
        s = self.style
        return [
            (ch, s.hanzi_width, s.hanzi_height, s.hanzi_underline)
            if ord(ch) >= 0x80 and self.chinese_mode
            else (ch, s.width, s.height, s.underline)
            for ch in self.text
        ]


@dataclass(frozen=True)
class Tab:
    """``HT``: move to the next tab position (read as a tab character in the line)."""

    offset: int
    style: Style


@dataclass(frozen=True)
class LineFeed:
    """``LF``: print the line buffer and feed one line."""

    offset: int


@dataclass(frozen=True)
class Feed:
    """``ESC d n`` (n lines) or ``ESC J n`` (n dots): print the buffer and feed."""

    offset: int
    amount: int
    unit: Literal["lines", "dots"]


@dataclass(frozen=True)
class Setting:
    """A command that only changes printer state (style, alignment, code page, margins)."""

    offset: int
    raw: bytes
    name: str
    value: int | str | None


@dataclass(frozen=True)
class ChineseModeChange:
    """``FS &`` (on) or ``FS .`` (off): the double-byte Chinese character mode."""

    offset: int
    on: bool


@dataclass(frozen=True)
class QrCode:
    """A native QR code (``GS ( k``), recorded when printed with the settings then in force."""

    offset: int  # of the print command (fn 81)
    data_offset: int  # of the store command (fn 80)
    data: bytes
    module_size: int
    error_correction: str  # "L", "M", "Q" or "H"
    model: int  # 1, 2, or 3 for Micro QR

    def payload(self, encoding: str = "utf-8") -> str:
        try:
            return self.data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise TextDecodeError(
                self.data_offset, f"QR payload does not decode as {encoding}: {exc}"
            ) from exc


@dataclass(frozen=True)
class BitImage:
    """A printed image; ``image`` is mode "1" with printed dots black (0).

    ``scale`` is the (horizontal, vertical) magnification the command asked for; the image
    holds one pixel per data dot. Raster images (``GS v 0``) are as wide as their data (a
    multiple of 8 dots); column images (``ESC *``) as tall as their stripes.
    """

    offset: int
    impl: ImageImpl
    image: Image.Image
    scale: tuple[int, int]


@dataclass(frozen=True)
class Cut:
    """``GS V``: a full or partial cut; ``feed`` is n for ``GS V 65/66 n``."""

    offset: int
    mode: CutMode
    feed: int | None


@dataclass(frozen=True)
class StatusQuery:
    """``DLE EOT n``: a real-time status request (1 printer, 2 offline, 3 error, 4 paper)."""

    offset: int
    n: int


Element = (
    Init
    | Text
    | Tab
    | LineFeed
    | Feed
    | Setting
    | ChineseModeChange
    | QrCode
    | BitImage
    | Cut
    | StatusQuery
)


@dataclass(frozen=True)
class Problem:
    """Something a printer would print wrongly or not at all (raised in strict mode)."""

    offset: int
    message: str


@dataclass(frozen=True)
class Line:
    """One printed line of text.

    ``align`` is the alignment in force when the line's first character was received
    (printers apply ``ESC a`` at the start of a line only). ``bold``, ``width``,
    ``height`` and ``underline`` hold for *every* character of the line: bold if all are
    bold, the smallest size and underline found (so ``width >= 4`` means no character of
    the line is narrower). An empty line reports the modes in force at its LF.
    """

    offset: int
    text: str
    align: Align
    bold: bool
    width: int
    height: int
    underline: int
    runs: tuple[Text | Tab, ...]


# --- the ticket -----------------------------------------------------------------------


@dataclass
class Ticket:
    """What the printer would print, in order, with helpers for the usual assertions."""

    encoding: str
    elements: list[Element]
    lines: list[Line]
    problems: list[Problem]

    def text_lines(self) -> list[str]:
        """The printed text, one entry per line (empty lines included)."""
        return [line.text for line in self.lines]

    def text(self) -> str:
        """All printed lines joined by newlines."""
        return "\n".join(self.text_lines())

    def lines_with_style(self) -> list[Line]:
        return list(self.lines)

    def qr_symbols(self) -> list[QrCode]:
        """Native QR codes printed, with their module size, error correction and model."""
        return [e for e in self.elements if isinstance(e, QrCode)]

    def qr_codes(self, encoding: str = "utf-8") -> list[str]:
        """Payloads of the native QR codes printed (python-escpos sends them as UTF-8)."""
        return [qr.payload(encoding) for qr in self.qr_symbols()]

    def bit_images(self) -> list[BitImage]:
        return [e for e in self.elements if isinstance(e, BitImage)]

    def images(self) -> list[Image.Image]:
        """Images printed (raster, graphics or column), mode "1", printed dots black."""
        return [e.image for e in self.bit_images()]

    def picture(self) -> Image.Image:
        """Every image, one under the other: a tall raster comes in bands of 960 rows."""
        images = self.images()
        out = Image.new("1", (max(i.width for i in images), sum(i.height for i in images)), 1)
        top = 0
        for image in images:
            out.paste(image, (0, top))
            top += image.height
        return out

    def cuts(self) -> int:
        return sum(1 for e in self.elements if isinstance(e, Cut))

    def cut_elements(self) -> list[Cut]:
        return [e for e in self.elements if isinstance(e, Cut)]

    def settings(self, name: str) -> list[Setting]:
        """State commands of one kind (e.g. "align", "char_size", "code_page")."""
        return [e for e in self.elements if isinstance(e, Setting) and e.name == name]

    @property
    def chinese_mode_events(self) -> list[ChineseModeChange]:
        return [e for e in self.elements if isinstance(e, ChineseModeChange)]

    @property
    def status_queries(self) -> list[StatusQuery]:
        return [e for e in self.elements if isinstance(e, StatusQuery)]

    @property
    def initialised(self) -> bool:
        """Whether ``ESC @`` was sent."""
        return any(isinstance(e, Init) for e in self.elements)
