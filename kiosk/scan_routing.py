"""Where a scanned code goes: the progress lookup, the Saturday check-in, the staff's
screens, or nowhere (pure logic).

Whatever a scanner reads arrives here, from any scanner (keyboard-wedge, serial, evdev):

- during a staff session every scan is the staff's (an enrolment code ``KIOSK-ENROL:...``,
  kiosk.provision reads it), whatever it looks like;
- a code of this hall's tickets or documents (``printer.qr_url_template`` with its
  reference) opens the progress lookup: LOOKUP, with its `Query`;
- a booking slip's code (kiosk.appointments' template with the booking code) checks in:
  CHECK_IN, with its `CheckInQuery`;
- anything else, a phone's payment code, a parcel's barcode, is FOREIGN and says NOT_OURS.

What a scanner hands over is hostile until checked: more than MAX_CHARS characters, a
control or invisible character, NUL, U+FFFD (bytes that were not text, decoded with
replacement) or nothing at all is FOREIGN before any template is tried, even for staff. A
foreign code's text is not kept (`code` empty): it may be anyone's, of any length.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.appointments import APPOINTMENT_QR_TEMPLATE, CheckInQuery
from kiosk.i18n import Text, text
from kiosk.progress import Query
from kiosk.text import refused_char

MAX_CHARS = 2048  # beyond any code the hall prints (about 60); longer is not parsed at all

NOT_OURS = text(
    "这不是本大厅的二维码。请扫描本大厅打印的号票、文件或预约单上的二维码。",
    "This QR code is not from this hall. Please scan the code on a ticket, document or "
    "appointment slip printed here.",
)


class ScanKind(StrEnum):
    LOOKUP = "lookup"
    CHECK_IN = "check_in"
    STAFF = "staff"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class ScanRoute:
    """Where a scan goes: `code` is the checked text (trimmed; empty when FOREIGN), with
    the query it makes (LOOKUP, CHECK_IN) or the applicant's message (FOREIGN)."""

    kind: ScanKind
    code: str
    lookup: Query | None = None
    check_in: CheckInQuery | None = None
    message: Text | None = None


FOREIGN = ScanRoute(ScanKind.FOREIGN, "", message=NOT_OURS)


def route(
    code: str,
    *,
    qr_url_template: str,
    staff_session: bool,
    appointment_qr_template: str = APPOINTMENT_QR_TEMPLATE,
) -> ScanRoute:
    """Where `code`, as a scanner handed it over, goes (see the module); never raises."""
    checked = checked_code(code)
    if checked is None:
        return FOREIGN
    if staff_session:
        return ScanRoute(ScanKind.STAFF, checked)
    lookup = Query.scanned(checked, qr_url_template)
    if lookup is not None:
        return ScanRoute(ScanKind.LOOKUP, checked, lookup=lookup)
    check_in = CheckInQuery.scanned(checked, appointment_qr_template)
    if check_in is not None:
        return ScanRoute(ScanKind.CHECK_IN, checked, check_in=check_in)
    return FOREIGN


def checked_code(code: object) -> str | None:
    """`code` trimmed (a scanner's line end, stray spaces), or None when it cannot be a
    code at all: not text, empty, too long, or holding a character no text may hold."""
    if not isinstance(code, str) or len(code) > MAX_CHARS:
        return None
    code = code.strip()
    if not code or "\ufffd" in code or any(refused_char(ch) for ch in code):
        return None
    return code
