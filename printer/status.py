"""ESC/POS real-time status (``DLE EOT n``) and what it means for printing a ticket.

The host sends ``0x10 0x04 n`` and the printer answers one byte at once, even while busy:
n = 1 printer status, 2 offline cause, 4 roll paper sensor. Every answer has fixed bits
``0xx1xx10`` (bits 0, 1, 4, 7); a reply that is missing, empty, longer than one byte or
has wrong fixed bits says nothing, so that part stays unknown (``None``). Unknown is
never "OK": python-escpos's ``paper_status()`` reports "adequate" when the printer does
not answer, which is exactly the mistake this module avoids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from printer.errors import CoverOpen, PaperOut, PrinterFault, PrinterOffline

DLE_EOT = b"\x10\x04"
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4
QUERIES = (PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR)

_FIXED_MASK, _FIXED_VALUE = 0b1001_0011, 0b0001_0010
_OFFLINE = 0x08  # n=1 bit 3
_COVER_OPEN, _PAPER_END_STOP, _ERROR = 0x04, 0x20, 0x40  # n=2 bits 2, 5, 6
_NEAR_END, _PAPER_END = 0x0C, 0x60  # n=4 bits 2-3 and 5-6

Paper = Literal["ok", "near_end", "out"]


def query(n: int) -> bytes:
    """The ``DLE EOT n`` command."""
    return DLE_EOT + bytes([n])


def _byte(reply: bytes | None) -> int | None:
    """The reply's byte when it is exactly one byte with the fixed bits right, else None."""
    if reply is None or len(reply) != 1 or reply[0] & _FIXED_MASK != _FIXED_VALUE:
        return None
    return reply[0]


def _hex(reply: bytes) -> str:
    return reply.hex(" ") if reply else "-"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; ``None`` in a field means unknown."""

    online: bool | None
    cover_open: bool | None
    paper: Paper | None
    raw: bytes = b""
    # The three replies as received (n = 1, 2, 4), b"" for no answer.
    replies: tuple[bytes, bytes, bytes] = (b"", b"", b"")

    @property
    def known(self) -> bool:
        """True when the printer told us anything at all."""
        return any(v is not None for v in (self.online, self.cover_open, self.paper))

    @property
    def complete(self) -> bool:
        """True when every part is known."""
        return None not in (self.online, self.cover_open, self.paper)

    def fault(self) -> PrinterFault | None:
        """The fault this status shows, most specific first; unknown parts are no fault."""
        seen = self.describe()
        if self.cover_open:
            return CoverOpen(f"printer reports the cover open ({seen})")
        if self.paper == "out":
            return PaperOut(f"printer reports paper out ({seen})")
        if self.online is False:
            return PrinterOffline(f"printer reports it is offline ({seen})")
        return None

    def describe(self) -> str:
        """The status bytes seen, for the technician, e.g. ``n1=12 n2=- n4=1e``."""
        n1, n2, n4 = self.replies
        return f"DLE EOT n1={_hex(n1)} n2={_hex(n2)} n4={_hex(n4)}"


UNKNOWN = PrinterStatus(online=None, cover_open=None, paper=None)


def parse_status(
    printer: bytes | None, offline: bytes | None, paper: bytes | None
) -> PrinterStatus:
    """The status from the replies to ``DLE EOT`` 1, 2 and 4 (None or b"" = no answer)."""
    n1, n2, n4 = _byte(printer), _byte(offline), _byte(paper)
    cover_open = None if n2 is None else bool(n2 & _COVER_OPEN)
    online: bool | None = None if n1 is None else not (n1 & _OFFLINE)
    if n2 is not None and n2 & (_COVER_OPEN | _PAPER_END_STOP | _ERROR):
        online = False  # a printer stopped by an offline cause is not online
    paper_state: Paper | None = None
    if n4 is not None:
        paper_state = "out" if n4 & _PAPER_END else "near_end" if n4 & _NEAR_END else "ok"
    if n2 is not None and n2 & _PAPER_END_STOP:
        paper_state = "out"
    replies = (printer or b"", offline or b"", paper or b"")
    return PrinterStatus(
        online=online,
        cover_open=cover_open,
        paper=paper_state,
        raw=b"".join(replies),
        replies=replies,
    )
