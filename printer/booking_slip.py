"""星期六办事预约单: the Saturday booking slip, from the ticket printer.

When an applicant books a Saturday appointment (政务"5+1", kiosk.appointments) the
terminal prints a slip to take home: the hall, the title in both languages, the booking
code large in two groups of four (`Booking.printed_code`), the service item, the day
(`day_text`) and the slot, the applicant's name and mobile (masked: a slip may be left
behind), what to do on the day (the arrival window's minutes are the content's, as the
server keeps them), the QR code the terminal's scanner checks in with (`qr_text`), and
when and at which terminal it was booked.

It is laid out and printed as the other take-home slips are (printer.slip): the ticket's
blocks, every text through `safe_text.printable` with a limit, 58 and 80 mm paper, the
three profiles; faults come back typed in a `SlipOutcome`, never raised, and words for
the applicant come from `printer.slip.fault_message`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk import wording
from kiosk.appointments import APPOINTMENT_QR_TEMPLATE, Booking, day_text, qr_text
from kiosk.i18n import text
from kiosk.privacy import mask_phone
from printer.printing import TicketPrinter
from printer.profiles import Paper
from printer.safe_text import printable
from printer.slip import SlipOutcome, heading, print_laid_out
from printer.ticket_layout import (
    NAME_CHARS,
    SHORT_CHARS,
    Align,
    Block,
    Cut,
    Feed,
    Rule,
    _fitting_scale,
    _lines,
    _qr,
)

KIND = "booking"  # SlipOutcome.kind of a booking slip
TITLE = text("星期六办事预约单", "Saturday appointment")
CODE_SCALE = 4  # the code as large as the ticket's number, where it fits on one line
ARRIVAL = text(
    "请在预约时段前{before}分钟至后{after}分钟内到大厅自助终端扫码签到；"
    "如需取消或改约，请在终端输入预约码和手机号码。",
    "Check in at a self-service terminal in the hall by scanning the QR code below, from "
    "{before} minutes before to {after} minutes after your time starts. To cancel or change "
    "the appointment, enter the booking code and your mobile number at a terminal.",
)


@dataclass(frozen=True, repr=False)
class BookingSlipContent:
    """Everything a booking slip prints; names in the applicant's language already."""

    booking: Booking  # the server's answer: code, day, the slot's start, item
    slot_end: str  # "10:00": the slot's end (Saturday.slot(booking.slot).end)
    hall_name: str
    item_name: str
    name: str  # the applicant's, as booked
    mobile: str  # as booked, all 11 digits: the slip prints it masked only
    booked_at: datetime
    terminal: int
    # Check-in is open from this many minutes before the slot starts to this many after
    # (central.appointments.EARLY and LATE).
    arrive_before_minutes: int
    arrive_after_minutes: int
    language: str = "zh_CN"  # "zh_CN" or "en_US" (kiosk.i18n.LANGUAGES)
    qr_template: str = APPOINTMENT_QR_TEMPLATE  # the hall's, with {code}

    def __repr__(self) -> str:  # no personal data in logs
        return f"BookingSlipContent({self.booking.day}, {self.booking.slot})"

    @property
    def english(self) -> bool:
        return self.language.startswith("en")

    def pick(self, zh: str, en: str) -> str:
        return en if self.english else zh


def booking_slip_layout(content: BookingSlipContent, paper: Paper) -> list[Block]:
    """The booking slip, top to bottom. A booking whose code is not a booking code (only
    a hand-made one: the server's answers are checked) raises BookingRefused here."""
    c, cols = content, paper.text_columns
    code = printable(c.booking.printed_code, limit=SHORT_CHARS)
    item = printable(c.item_name, limit=NAME_CHARS)
    name = printable(c.name, limit=NAME_CHARS)
    mobile = mask_phone(printable(c.mobile, limit=SHORT_CHARS))
    day = day_text(c.booking.day).get(c.language)
    slot = printable(f"{c.booking.slot}-{c.slot_end}", limit=SHORT_CHARS)
    blocks = heading(c.hall_name, TITLE, cols)
    blocks += _lines(c.pick("预约码", "Booking code"), cols, Align.CENTER)
    big = _fitting_scale(code, cols, CODE_SCALE)
    blocks += _lines(code, cols, Align.CENTER, big, bold=True)
    blocks.append(Rule())
    blocks += _lines(c.pick(f"事项：{item}", f"Service: {item}"), cols, words=(item,))
    blocks += _lines(c.pick(f"日期：{day}", f"Day: {day}"), cols, bold=True, words=(day,))
    blocks += _lines(c.pick(f"时段：{slot}", f"Time: {slot}"), cols, bold=True, words=(slot,))
    if name:  # a booking changed at the terminal: the server keeps the name, not the screen
        blocks += _lines(c.pick(f"预约人：{name}", f"Name: {name}"), cols, words=(name,))
    blocks += _lines(c.pick(f"手机号码：{mobile}", f"Mobile: {mobile}"), cols)
    blocks.append(Feed())
    window = ARRIVAL.format(before=c.arrive_before_minutes, after=c.arrive_after_minutes)
    blocks += _lines(window.get(c.language), cols)
    blocks.append(Rule())
    blocks += _qr(qr_text(c.booking.code, c.qr_template), paper)
    blocks += _lines(c.pick("签到时扫描此码", "Scan to check in"), cols, Align.CENTER)
    at = f"{c.booked_at:%Y-%m-%d %H:%M}"
    terminal = wording.terminal(c.terminal, c.language)
    booked = c.pick(f"预约于 {at}  {terminal}", f"Booked {at} at {terminal}")
    blocks += _lines(booked, cols, words=(at, terminal))
    blocks.append(Cut())
    return blocks


def print_booking_slip(
    ticket_printer: TicketPrinter,
    content: BookingSlipContent,
    *,
    on_sent: Callable[[], None] | None = None,
) -> SlipOutcome:
    """Print the booking slip (blocking), bytes first, preview after; never raises: a
    fault comes back in the outcome (`printer.slip.fault_message` words it)."""
    return print_laid_out(
        ticket_printer,
        lambda: booking_slip_layout(content, ticket_printer.paper),
        content.booking.code,
        KIND,
        on_sent=on_sent,
    )
