"""A small ESC/POS reader: read printed bytes back as text, styles, QR codes, images.

Tests and `kiosk self-test` render a ticket to bytes (python-escpos's Dummy printer or
our encoder) and hand them to :func:`read`, which walks the commands the way a Chinese-
market 80/58 mm thermal printer would and returns a :class:`Ticket`: the printed lines
with their style, the native QR payloads, the raster images, the cuts, the Chinese-mode
switches and the status queries.

The reader is deliberately narrow: every byte must belong to a command it knows, so an
unexpected sequence fails the test (:class:`UnknownCommand`, naming the offset and bytes),
and a command cut short fails too (:class:`TruncatedCommand`). Length-prefixed commands
(``GS ( k``, ``GS ( L``, ``GS 8 L``, ``GS v 0``, ``ESC *``) are skipped by their declared
lengths, so their data may hold any byte value.

Printer behaviour modelled (as on common Chinese-market printers):

* Text bytes ``>= 0x80`` are double-byte Hanzi only in Chinese mode (``FS &`` on,
  ``FS .`` off). Outside it the printer prints them as single-byte code-page characters:
  garbage for Chinese. The reader still decodes them with the ticket's encoding but records
  a :class:`Problem` (and raises :class:`StrictModeError` in strict mode).
* ``ESC !`` sizes enlarge Latin characters only; ``GS !`` enlarges every character;
  ``FS !`` enlarges (and underlines) Hanzi only. A character is "Hanzi" (printed from the
  Chinese font) when it takes more than one byte and Chinese mode is on.
* ``ESC @`` resets the print modes, discards text not yet printed and puts Chinese mode
  back to the power-on default given to :func:`read` (off unless told otherwise).
* A line is printed by LF; ``ESC d``, ``ESC J``, a cut, an image, a QR code or the end of
  the data also print pending text (the last three are recorded as problems: printers
  differ in what they do with it).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field, replace

from PIL import Image

from printer.escpos_elements import (  # re-exported for the tests
    Align,
    BitImage,
    ChineseModeChange,
    Cut,
    CutMode,
    Element,
    Feed,
    Init,
    Line,
    LineFeed,
    MalformedCommand,
    Problem,
    QrCode,
    Setting,
    StatusQuery,
    StrictModeError,
    Style,
    Tab,
    Text,
    TextDecodeError,
    Ticket,
    TruncatedCommand,
    UnknownCommand,
)

ESC = 0x1B
GS = 0x1D
FS = 0x1C
DLE = 0x10
EOT = 0x04
LF = 0x0A
CR = 0x0D
HT = 0x09


SUPPORTED_ENCODINGS = ("gb18030", "gbk", "gb2312")
_INVERT = bytes(255 - i for i in range(256))
_ALIGN: dict[int, Align] = {
    0: "left",
    48: "left",
    1: "center",
    49: "center",
    2: "right",
    50: "right",
}
_UNDERLINE = {0: 0, 48: 0, 1: 1, 49: 1, 2: 2, 50: 2}
_QR_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}
_QR_MODEL = {49: 1, 50: 2, 51: 3}  # 3: Micro QR


# --- printer state --------------------------------------------------------------------


@dataclass
class _State:
    style: Style = field(default_factory=Style)
    align: Align = "left"
    chinese: bool = False
    line_spacing: int | None = None  # None: the printer's default
    left_margin: int = 0
    print_width: int | None = None
    qr_model: int = 2
    qr_module_size: int = 3
    qr_error_correction: str = "L"
    qr_data: bytes | None = None
    qr_data_offset: int = 0
    graphics: Image.Image | None = None
    graphics_scale: tuple[int, int] = (1, 1)
    graphics_offset: int = 0


def read(data: bytes, encoding: str, *, strict: bool = False, chinese_mode: bool = False) -> Ticket:
    """Read ESC/POS ``data`` whose text was encoded with ``encoding`` (gb18030 or gbk).

    ``strict`` raises :class:`StrictModeError` at the first :class:`Problem` instead of
    collecting it in ``Ticket.problems``. ``chinese_mode`` is the printer's power-on Chinese
    mode (restored by ``ESC @``); the default, off, makes ``FS &`` mandatory for Hanzi.
    """
    name = codecs.lookup(encoding).name
    if name not in SUPPORTED_ENCODINGS:
        raise ValueError(f"encoding {encoding!r} is not one of {', '.join(SUPPORTED_ENCODINGS)}")
    return _Reader(bytes(data), name, strict, chinese_mode).run()


# --- the reader -----------------------------------------------------------------------


class _Reader:
    def __init__(self, data: bytes, encoding: str, strict: bool, chinese_default: bool) -> None:
        self.data = data
        self.encoding = encoding
        self.strict = strict
        self.chinese_default = chinese_default
        self.state = _State(chinese=chinese_default)
        self.elements: list[Element] = []
        self.lines: list[Line] = []
        self.problems: list[Problem] = []
        self.pending: list[Text | Tab] = []
        self.pending_align: Align = "left"
        # Column images (ESC *) come as stripes, each ended by LF: the index of the image on
        # the current line, and of the image the next stripe may continue (right after LF).
        self.line_column_image: int | None = None
        self.column_image_open: int | None = None
        self.continuable_image: int | None = None

    # helpers

    def problem(self, offset: int, message: str) -> None:
        if self.strict:
            raise StrictModeError(offset, message)
        self.problems.append(Problem(offset, message))

    def need(self, command: int, start: int, count: int, what: str) -> bytes:
        """``count`` bytes from ``start``, or TruncatedCommand for ``what`` at ``command``."""
        end = start + count
        if end > len(self.data):
            got = self.data[command:]
            raise TruncatedCommand(
                command,
                f"{what} is cut short: it needs {end - command} byte(s), the data ends after "
                f"{len(got)}: {got[:24].hex(' ')}{' ...' if len(got) > 24 else ''}",
            )
        return self.data[start:end]

    def setting(self, offset: int, end: int, name: str, value: int | str | None) -> int:
        self.elements.append(Setting(offset, self.data[offset:end], name, value))
        return end

    def set_style(self, **changes: int | bool) -> None:
        self.state.style = replace(self.state.style, **changes)  # type: ignore[arg-type]

    def flush(self, offset: int, why: str | None) -> None:
        """Print the pending line; ``why`` names the command when that is a problem."""
        if self.pending and why is not None:
            self.problem(offset, f"{why} while text is pending on the line")
        if self.pending:
            self.emit_line(offset)
        self.line_column_image = None

    def emit_line(self, offset: int) -> None:
        chars: list[tuple[str, int, int, int, bool]] = []
        for run in self.pending:
            if isinstance(run, Tab):
                s = run.style
                chars.append(("\t", s.width, s.height, s.underline, s.bold))
            else:
                chars.extend((*c, run.style.bold) for c in run.char_styles())
        if chars:
            bold = all(c[4] for c in chars)
            width = min(c[1] for c in chars)
            height = min(c[2] for c in chars)
            underline = min(c[3] for c in chars)
            start = self.pending[0].offset
        else:
            s = self.state.style
            bold, width, height, underline, start = s.bold, s.width, s.height, s.underline, offset
        self.lines.append(
            Line(
                offset=start,
                text="".join(c[0] for c in chars),
                align=self.pending_align if self.pending else self.state.align,
                bold=bold,
                width=width,
                height=height,
                underline=underline,
                runs=tuple(self.pending),
            )
        )
        self.pending = []

    def add_to_line(self, item: Text | Tab) -> None:
        if not self.pending:
            self.pending_align = self.state.align
        self.pending.append(item)

    # main loop

    def run(self) -> Ticket:
        pos = 0
        n = len(self.data)
        while pos < n:
            byte = self.data[pos]
            # Only the LF that ends a column stripe keeps the image open for the next one.
            self.continuable_image, self.column_image_open = self.column_image_open, None
            if byte >= 0x20 and byte != 0x7F:
                pos = self.text(pos)
            elif byte == LF:
                pos = self.line_feed(pos)
            elif byte == CR:
                pos += 1
            elif byte == HT:
                tab = Tab(pos, self.state.style)
                self.elements.append(tab)
                self.add_to_line(tab)
                pos += 1
            elif byte == ESC:
                pos = self.esc(pos)
            elif byte == GS:
                pos = self.gs(pos)
            elif byte == FS:
                pos = self.fs(pos)
            elif byte == DLE:
                pos = self.dle(pos)
            else:
                raise UnknownCommand(pos, self.data[pos : pos + 1])
        if self.pending:
            self.problem(n, "text at the end of the data is not ended by LF")
            self.emit_line(n)
        if self.state.qr_data is not None:
            self.problem(self.state.qr_data_offset, "QR data stored (fn 80) but never printed")
        if self.state.graphics is not None:
            self.problem(self.state.graphics_offset, "graphics stored but never printed")
        return Ticket(self.encoding, self.elements, self.lines, self.problems)

    def text(self, start: int) -> int:
        end = start
        data = self.data
        while end < len(data) and data[end] >= 0x20 and data[end] != 0x7F:
            end += 1
        raw = data[start:end]
        try:
            decoded = raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            bad = start + exc.start
            raise TextDecodeError(
                bad,
                f"text does not decode as {self.encoding} ({exc.reason}): bytes "
                f"{data[bad : start + exc.end].hex(' ')} in run {raw[:40].hex(' ')}"
                f"{' ...' if len(raw) > 40 else ''}",
            ) from exc
        if not self.state.chinese:
            high = next((i for i, b in enumerate(raw) if b >= 0x80), None)
            if high is not None:
                self.problem(
                    start + high,
                    f"byte 0x{raw[high]:02x} outside Chinese mode (no FS &): the printer "
                    f"prints it as a code-page character, not Hanzi ({decoded!r})",
                )
        item = Text(start, raw, decoded, self.state.style, self.state.chinese)
        self.elements.append(item)
        self.add_to_line(item)
        return end

    def line_feed(self, pos: int) -> int:
        self.elements.append(LineFeed(pos))
        if self.line_column_image is not None and not self.pending:
            self.column_image_open = self.line_column_image  # a stripe, not a blank line
        else:
            self.emit_line(pos)
        self.line_column_image = None
        return pos + 1

    # ESC

    def esc(self, pos: int) -> int:
        cmd = self.need(pos, pos + 1, 1, "ESC")[0]
        st = self.state
        if cmd == ord("@"):
            if self.pending:
                text = "".join(r.text if isinstance(r, Text) else "\t" for r in self.pending)
                self.problem(pos, f"ESC @ discards text not yet printed: {text!r}")
                self.pending = []
            self.state = _State(chinese=self.chinese_default)
            self.line_column_image = None
            self.elements.append(Init(pos))
            return pos + 2
        if cmd == ord("2"):
            st.line_spacing = None
            return self.setting(pos, pos + 2, "line_spacing", None)
        if cmd not in b"aE-!dJ3tMR{*":
            raise UnknownCommand(pos, self.data[pos : pos + 2])
        arg = self.need(pos, pos + 2, 1, f"ESC {chr(cmd)}")[0]
        end = pos + 3
        if cmd == ord("a"):
            if arg not in _ALIGN:
                raise MalformedCommand(pos, f"ESC a {arg}: alignment must be 0-2 or 48-50")
            if self.pending:
                self.problem(pos, "ESC a in the middle of a line: printers ignore it there")
            st.align = _ALIGN[arg]
            return self.setting(pos, end, "align", st.align)
        if cmd == ord("E"):
            self.set_style(bold=bool(arg & 1))
            return self.setting(pos, end, "bold", arg & 1)
        if cmd == ord("-"):
            if arg not in _UNDERLINE:
                raise MalformedCommand(pos, f"ESC - {arg}: underline must be 0-2 or 48-50")
            self.set_style(underline=_UNDERLINE[arg])
            return self.setting(pos, end, "underline", _UNDERLINE[arg])
        if cmd == ord("!"):
            self.set_style(
                font=arg & 1,
                bold=bool(arg & 0x08),
                height=2 if arg & 0x10 else 1,
                width=2 if arg & 0x20 else 1,
                underline=1 if arg & 0x80 else 0,
            )
            return self.setting(pos, end, "print_mode", arg)
        if cmd == ord("d"):
            self.flush(pos, None)
            self.elements.append(Feed(pos, arg, "lines"))
            return end
        if cmd == ord("J"):
            self.flush(pos, None)
            self.elements.append(Feed(pos, arg, "dots"))
            return end
        if cmd == ord("3"):
            st.line_spacing = arg
            return self.setting(pos, end, "line_spacing", arg)
        if cmd == ord("t"):
            self.set_style(code_page=arg)
            return self.setting(pos, end, "code_page", arg)
        if cmd == ord("M"):
            self.set_style(font=arg % 48 if arg >= 48 else arg)
            return self.setting(pos, end, "font", arg)
        if cmd == ord("R"):
            self.set_style(international=arg)
            return self.setting(pos, end, "international", arg)
        if cmd == ord("{"):
            self.set_style(upside_down=bool(arg & 1))
            return self.setting(pos, end, "upside_down", arg & 1)
        return self.column_image(pos, arg)

    def column_image(self, pos: int, m: int) -> int:
        """``ESC * m nL nH d1...dk``: one stripe of a column-format bit image."""
        if m in (0, 1):
            dots = 8
        elif m in (32, 33):
            dots = 24
        else:
            raise MalformedCommand(pos, f"ESC * {m}: mode must be 0, 1, 32 or 33")
        nl, nh = self.need(pos, pos + 3, 2, "ESC *")
        width = nl + nh * 256
        if width == 0:
            raise MalformedCommand(pos, "ESC * with a width of 0 dots")
        body = self.need(pos, pos + 5, width * dots // 8, "ESC * image data")
        stripe = Image.frombytes("1", (dots, width), body.translate(_INVERT))
        stripe = stripe.transpose(Image.Transpose.TRANSPOSE)
        scale = (1 if m & 1 else 2, 1 if dots == 24 else 3)
        index = self.continuable_image
        previous = self.elements[index] if index is not None else None
        if (
            index is not None
            and isinstance(previous, BitImage)
            and previous.image.width == width
            and previous.scale == scale
        ):
            # The next stripe of the same image, printed right below the previous one.
            old = previous.image
            merged = Image.new("1", (width, old.height + dots), 1)
            merged.paste(old, (0, 0))
            merged.paste(stripe, (0, old.height))
            self.elements[index] = replace(previous, image=merged)
        else:
            index = len(self.elements)
            self.elements.append(BitImage(pos, "bitImageColumn", stripe, scale))
        self.line_column_image = index
        return pos + 5 + len(body)

    # GS

    def gs(self, pos: int) -> int:
        cmd = self.need(pos, pos + 1, 1, "GS")[0]
        if cmd == ord("("):
            sub = self.need(pos, pos + 2, 1, "GS (")[0]
            if sub == ord("k"):
                return self.qr(pos)
            if sub == ord("L"):
                return self.graphics(pos, 2)
            raise UnknownCommand(pos, self.data[pos : pos + 3])
        if cmd == ord("8"):
            if self.need(pos, pos + 2, 1, "GS 8")[0] == ord("L"):
                return self.graphics(pos, 4)
            raise UnknownCommand(pos, self.data[pos : pos + 3])
        if cmd == ord("v"):
            return self.raster(pos)
        if cmd == ord("V"):
            return self.cut(pos)
        if cmd in (ord("L"), ord("W")):
            nl, nh = self.need(pos, pos + 2, 2, f"GS {chr(cmd)}")
            value = nl + nh * 256
            if cmd == ord("L"):
                self.state.left_margin = value
                return self.setting(pos, pos + 4, "left_margin", value)
            self.state.print_width = value
            return self.setting(pos, pos + 4, "print_width", value)
        if cmd in (ord("!"), ord("B"), ord("b")):
            arg = self.need(pos, pos + 2, 1, f"GS {chr(cmd)}")[0]
        else:
            raise UnknownCommand(pos, self.data[pos : pos + 2])
        end = pos + 3
        if cmd == ord("!"):
            width, height = (arg >> 4) + 1, (arg & 0x0F) + 1
            if width > 8 or height > 8:
                raise MalformedCommand(pos, f"GS ! 0x{arg:02x}: width and height must be 1-8")
            self.set_style(width=width, height=height, hanzi_width=width, hanzi_height=height)
            return self.setting(pos, end, "char_size", arg)
        if cmd == ord("B"):
            self.set_style(reverse=bool(arg & 1))
            return self.setting(pos, end, "reverse", arg & 1)
        self.set_style(smoothing=bool(arg & 1))
        return self.setting(pos, end, "smoothing", arg & 1)

    def qr(self, pos: int) -> int:
        """``GS ( k pL pH cn fn [parameters]``: only QR (cn 49) functions 65-81."""
        pl, ph = self.need(pos, pos + 3, 2, "GS ( k")
        length = pl + ph * 256
        if length < 2:
            raise MalformedCommand(pos, f"GS ( k with pL pH = {length}, less than cn fn")
        body = self.need(pos, pos + 5, length, "GS ( k")
        end = pos + 5 + length
        cn, fn, params = body[0], body[1], body[2:]
        if cn != 49:
            raise UnknownCommand(
                pos, self.data[pos : pos + 7], f"GS ( k symbol cn={cn}; only QR (49) is read"
            )
        st = self.state

        def expect(count: int) -> None:
            if len(params) != count:
                raise MalformedCommand(
                    pos, f"GS ( k fn {fn} takes {count} parameter byte(s), got {len(params)}"
                )

        if fn == 65:
            expect(2)
            if params[0] not in _QR_MODEL or params[1] != 0:
                raise MalformedCommand(pos, f"GS ( k fn 65: bad model {params.hex(' ')}")
            st.qr_model = _QR_MODEL[params[0]]
            return self.setting(pos, end, "qr_model", st.qr_model)
        if fn == 67:
            expect(1)
            if not 1 <= params[0] <= 16:
                raise MalformedCommand(pos, f"GS ( k fn 67: module size {params[0]} not 1-16")
            st.qr_module_size = params[0]
            return self.setting(pos, end, "qr_module_size", params[0])
        if fn == 69:
            expect(1)
            if params[0] not in _QR_EC:
                raise MalformedCommand(pos, f"GS ( k fn 69: error correction {params[0]}")
            st.qr_error_correction = _QR_EC[params[0]]
            return self.setting(pos, end, "qr_error_correction", st.qr_error_correction)
        if fn == 80:
            if not params or params[0] != 48:
                raise MalformedCommand(pos, "GS ( k fn 80 must start with m = 48")
            if len(params) == 1:
                raise MalformedCommand(pos, "GS ( k fn 80 stores no data")
            st.qr_data = params[1:]
            st.qr_data_offset = pos
            return self.setting(pos, end, "qr_store", len(params) - 1)
        if fn == 81:
            expect(1)
            if params[0] != 48:
                raise MalformedCommand(pos, "GS ( k fn 81 takes m = 48")
            if st.qr_data is None:
                self.problem(pos, "QR print (fn 81) with no data stored (fn 80)")
                return end
            self.flush(pos, "QR code printed")
            self.elements.append(
                QrCode(
                    offset=pos,
                    data_offset=st.qr_data_offset,
                    data=st.qr_data,
                    module_size=st.qr_module_size,
                    error_correction=st.qr_error_correction,
                    model=st.qr_model,
                )
            )
            st.qr_data = None
            return end
        raise UnknownCommand(pos, self.data[pos : pos + 7], f"GS ( k QR function {fn}")

    def raster(self, pos: int) -> int:
        """``GS v 0 m xL xH yL yH d1...dk``: a raster bit image, k = (xL + 256 xH) * y."""
        if self.need(pos, pos + 2, 1, "GS v")[0] != ord("0"):
            raise UnknownCommand(pos, self.data[pos : pos + 3])
        m, xl, xh, yl, yh = self.need(pos, pos + 3, 5, "GS v 0")
        if m not in (0, 1, 2, 3, 48, 49, 50, 51):
            raise MalformedCommand(pos, f"GS v 0 mode {m} not 0-3 or 48-51")
        width_bytes, height = xl + xh * 256, yl + yh * 256
        if width_bytes == 0 or height == 0:
            raise MalformedCommand(pos, f"GS v 0 image of {width_bytes} bytes x {height} dots")
        body = self.need(pos, pos + 8, width_bytes * height, "GS v 0 image data")
        self.flush(pos, "raster image")
        image = Image.frombytes("1", (width_bytes * 8, height), body.translate(_INVERT))
        scale = (2 if m & 1 else 1, 2 if m & 2 else 1)
        self.elements.append(BitImage(pos, "bitImageRaster", image, scale))
        return pos + 8 + len(body)

    def graphics(self, pos: int, size_bytes: int) -> int:
        """``GS ( L`` / ``GS 8 L``: store raster graphics (fn 112) and print them (fn 50)."""
        name = "GS ( L" if size_bytes == 2 else "GS 8 L"
        header = self.need(pos, pos + 3, size_bytes, name)
        length = int.from_bytes(header, "little")
        start = pos + 3 + size_bytes
        if length < 2:
            raise MalformedCommand(pos, f"{name} with a length of {length}, less than m fn")
        body = self.need(pos, start, length, name)
        end = start + length
        m, fn, params = body[0], body[1], body[2:]
        if m != 48:
            raise UnknownCommand(pos, self.data[pos : start + 2], f"{name} m={m}")
        if fn in (50, 2):
            if params:
                raise MalformedCommand(pos, f"{name} fn {fn} takes no parameters")
            st = self.state
            if st.graphics is None:
                self.problem(pos, f"{name} print (fn {fn}) with no graphics stored")
                return end
            self.flush(pos, "graphics printed")
            self.elements.append(BitImage(pos, "graphics", st.graphics, st.graphics_scale))
            st.graphics = None
            return end
        if fn != 112:
            raise UnknownCommand(pos, self.data[pos : start + 2], f"{name} function {fn}")
        if len(params) < 8:
            raise MalformedCommand(pos, f"{name} fn 112 needs 8 header bytes before its data")
        tone, bx, by, colour = params[0], params[1], params[2], params[3]
        width = params[4] + params[5] * 256
        height = params[6] + params[7] * 256
        if tone != 48 or colour != 49:
            raise MalformedCommand(
                pos, f"{name} fn 112: only monochrome colour 1 (a=48 c=49), got a={tone} c={colour}"
            )
        if bx not in (1, 2) or by not in (1, 2) or width == 0 or height == 0:
            raise MalformedCommand(
                pos, f"{name} fn 112: scale {bx}x{by}, size {width}x{height} dots"
            )
        image_data = params[8:]
        expected = (width + 7) // 8 * height
        if len(image_data) != expected:
            raise MalformedCommand(
                pos,
                f"{name} fn 112: {width}x{height} dots need {expected} data bytes, "
                f"the length gives {len(image_data)}",
            )
        padded = Image.frombytes("1", ((width + 7) // 8 * 8, height), image_data.translate(_INVERT))
        self.state.graphics = padded.crop((0, 0, width, height))
        self.state.graphics_scale = (bx, by)
        self.state.graphics_offset = pos
        return end

    def cut(self, pos: int) -> int:
        """``GS V m`` (m 0, 1, 48, 49) or ``GS V m n`` (m 65, 66)."""
        m = self.need(pos, pos + 2, 1, "GS V")[0]
        feed: int | None = None
        end = pos + 3
        if m in (65, 66):
            feed = self.need(pos, pos + 3, 1, f"GS V {m}")[0]
            end = pos + 4
        elif m not in (0, 1, 48, 49):
            raise MalformedCommand(pos, f"GS V {m}: cut mode must be 0, 1, 48, 49, 65 or 66")
        self.flush(pos, "cut")
        mode: CutMode = "full" if m in (0, 48, 65) else "partial"
        self.elements.append(Cut(pos, mode, feed))
        return end

    # FS and DLE

    def fs(self, pos: int) -> int:
        cmd = self.need(pos, pos + 1, 1, "FS")[0]
        if cmd in (ord("&"), ord(".")):
            on = cmd == ord("&")
            self.state.chinese = on
            self.elements.append(ChineseModeChange(pos, on))
            return pos + 2
        if cmd == ord("!"):
            arg = self.need(pos, pos + 2, 1, "FS !")[0]
            self.set_style(
                hanzi_width=2 if arg & 0x04 else 1,
                hanzi_height=2 if arg & 0x08 else 1,
                hanzi_underline=1 if arg & 0x80 else 0,
            )
            return self.setting(pos, pos + 3, "hanzi_mode", arg)
        if cmd == ord("-"):
            arg = self.need(pos, pos + 2, 1, "FS -")[0]
            if arg not in _UNDERLINE:
                raise MalformedCommand(pos, f"FS - {arg}: underline must be 0-2 or 48-50")
            self.set_style(hanzi_underline=_UNDERLINE[arg])
            return self.setting(pos, pos + 3, "hanzi_underline", _UNDERLINE[arg])
        raise UnknownCommand(pos, self.data[pos : pos + 2])

    def dle(self, pos: int) -> int:
        cmd = self.need(pos, pos + 1, 1, "DLE")[0]
        if cmd != EOT:
            raise UnknownCommand(pos, self.data[pos : pos + 2])
        n = self.need(pos, pos + 2, 1, "DLE EOT")[0]
        if not 1 <= n <= 4:
            raise MalformedCommand(pos, f"DLE EOT {n}: only status requests 1-4 are read")
        self.elements.append(StatusQuery(pos, n))
        return pos + 3
