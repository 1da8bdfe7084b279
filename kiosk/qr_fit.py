"""Whether the ticket's QR code fits its paper: checked when the config is loaded.

The ticket prints ``printer.qr_url_template`` with the declaration's reference as a QR code
(printer.ticket_layout: 6 dots a module on 80 mm paper, 5 on 58 mm; error correction M, as
printer.escpos_ticket and printer.preview make it). A longer URL needs a larger QR version;
past some version the code, with its quiet zone of 4 modules each side, is wider than the
paper and no ticket prints. The core imports no printer code (tests/kiosk/test_layering.py),
so the few numbers are repeated here and tests/kiosk/test_qr_fit.py checks them against
printer/ and the qrcode library.

Imports nothing beyond the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass

# Data codewords of QR versions 1-40 at error correction level M (ISO/IEC 18004 table 7).
_DATA_CODEWORDS_M = (
    16, 28, 44, 64, 86, 108, 124, 154, 182, 216,
    254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
    714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373,
    1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334,
)  # fmt: skip
QUIET_ZONE = 4  # modules each side, as a raster QR is printed (printer.preview.qr_image)
PAPER_DOTS = {80: 576, 58: 384}  # printable dots across (printer.profiles.PAPERS)
MODULE_DOTS = {80: 6, 58: 5}  # dots per QR module (printer.ticket_layout)
# The longest declaration reference the protocol carries (kiosk.protocol.fields.Reference,
# [A-Za-z0-9-]{1,32}); today's scheme (docs/tickets.md) makes 16 characters.
REFERENCE_MAX_CHARS = 32


def byte_capacity(version: int) -> int:
    """The most bytes a QR code of `version` holds in byte mode at error correction M."""
    count_bits = 8 if version < 10 else 16  # the length field of byte mode
    return (_DATA_CODEWORDS_M[version - 1] * 8 - 4 - count_bits) // 8


def version_for(n_bytes: int) -> int | None:
    """The smallest QR version holding `n_bytes` in byte mode (level M), or None."""
    return next((v for v in range(1, 41) if byte_capacity(v) >= n_bytes), None)


@dataclass(frozen=True)
class QrFit:
    """How the QR of a payload sits on one paper width."""

    payload_bytes: int
    version: int | None  # None: no QR version holds the payload
    largest_version: int  # the largest version the paper takes
    paper_width_mm: int

    @property
    def fits(self) -> bool:
        return self.version is not None and self.version <= self.largest_version

    @property
    def capacity(self) -> int:
        """The most bytes a QR on this paper holds."""
        return byte_capacity(self.largest_version)


def largest_version(paper_width_mm: int) -> int:
    """The largest QR version whose code and quiet zone fit across the paper."""
    modules = PAPER_DOTS[paper_width_mm] // MODULE_DOTS[paper_width_mm] - 2 * QUIET_ZONE
    return min(40, (modules - 17) // 4)  # a version-v code is 17 + 4v modules across


def qr_fit(payload: str, paper_width_mm: int) -> QrFit:
    """Whether `payload` (UTF-8, byte mode: the worst case of any mode) fits the paper."""
    n = len(payload.encode("utf-8", "surrogatepass"))
    return QrFit(n, version_for(n), largest_version(paper_width_mm), paper_width_mm)
