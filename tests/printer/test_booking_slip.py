"""The Saturday booking slip (星期六办事预约单) on the ticket printer: printed through the
fake loopback printer and the demo's files printer, its ESC/POS bytes read back (the
code large, the QR command's text, the mobile masked and never whole, the item, day and
slot) on 58 and 80 mm, in both languages and the three profiles; faults come back in
the outcome, never raised."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.appointments import Booking, day_text, qr_text
from kiosk.config import KioskConfig, PrinterConfig
from printer.booking_slip import (
    KIND,
    BookingSlipContent,
    booking_slip_layout,
    print_booking_slip,
)
from printer.errors import CoverOpen, PaperOut
from printer.escpos_reader import read
from printer.escpos_ticket import build
from printer.printing import TicketPrinter
from printer.profiles import PAPERS, PROFILES
from printer.slip import SlipOutcome, fault_message
from printer.ticket_layout import Line
from tests.printer.fake_device import FakePrinter
from tests.printer.test_documents import WQY
from tests.printer.test_slip import printer_for

pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")

CODE = "AB2CD3EF"
PRINTED_CODE = "AB2C D3EF"
MOBILE = "13912345678"
MASKED = "139****5678"
TEMPLATE = "https://zwfw.jkq.gov.cn/appointment?code={code}"
SATURDAY = date(2026, 11, 28)
BOOKED = datetime(2026, 11, 26, 10, 30)
ITEM = {"zh_CN": "老年人优待证（老年证）办理", "en_US": "Senior citizen card (elderly card)"}
TEXT_CASES = [
    (p, w, lang)
    for p in PROFILES
    if PROFILES[p].encoding is not None
    for w in (80, 58)
    for lang in ("zh_CN", "en_US")
]


def content(language: str = "zh_CN", **changes: object) -> BookingSlipContent:
    slip = BookingSlipContent(
        booking=Booking(CODE, SATURDAY, "09:00", "elderly-card"),
        slot_end="10:00",
        hall_name="长春经济技术开发区政务服务中心",
        item_name=ITEM[language],
        name="张玉琴",
        mobile=MOBILE,
        booked_at=BOOKED,
        terminal=7,
        # Not the hall's 30 and 15: the slip prints the content's minutes, not its own.
        arrive_before_minutes=20,
        arrive_after_minutes=10,
        language=language,
        qr_template=TEMPLATE,
    )
    return replace(slip, **changes)  # type: ignore[arg-type]


def printed(profile: str, width: int, slip: BookingSlipContent) -> tuple[SlipOutcome, bytes]:
    with FakePrinter() as fake:
        outcome = print_booking_slip(printer_for(profile, width, fake), slip)
        return outcome, fake.received


def squeezed(data: bytes, profile: str) -> str:
    encoding = PROFILES[profile].encoding
    assert encoding is not None
    return "".join(read(data, encoding, strict=True).text_lines()).replace(" ", "")


@pytest.mark.parametrize(("profile", "width", "language"), TEXT_CASES)
def test_the_slip_reads_back_from_its_bytes(profile: str, width: int, language: str) -> None:
    slip = content(language)
    outcome, data = printed(profile, width, slip)
    assert outcome.fault is None and outcome.status == "printed"
    assert outcome.reference == CODE and outcome.kind == KIND
    encoding = PROFILES[profile].encoding
    assert encoding is not None
    ticket = read(data, encoding, strict=True)
    assert ticket.cuts() == 1
    # The QR code's text, as the GS ( k command carries it: what the scanner checks in with.
    assert ticket.qr_codes() == [qr_text(CODE, TEMPLATE)] == [TEMPLATE.format(code=CODE)]
    # The code large and bold, in two groups of four, on a line of its own.
    (big,) = [line for line in ticket.lines if line.text.strip() == PRINTED_CODE]
    assert big.bold and big.width >= 3 and big.height >= 3 and big.align == "center"
    text = squeezed(data, profile)
    assert "星期六办事预约单" in text and "Saturdayappointment" in text
    assert "长春经济技术开发区政务服务中心" in text
    assert MASKED in text
    assert MOBILE.encode() not in data and MOBILE not in text  # never whole on paper
    day = day_text(SATURDAY).get(language).replace(" ", "")
    if language == "zh_CN":
        needles = [
            "事项：老年人优待证（老年证）办理",
            f"日期：{day}",
            "日期：11月28日（星期六）",
            "时段：09:00-10:00",
            "预约人：张玉琴",
            f"手机号码：{MASKED}",
            "请在预约时段前20分钟至后10分钟内到大厅自助终端扫码签到",
            "如需取消或改约，请在终端输入预约码和手机号码。",
            "预约码",
            "预约于2026-11-2610:307号终端",
        ]
    else:
        needles = [
            "Service:Seniorcitizencard(elderlycard)",
            f"Day:{day}",
            "Day:Saturday28November",
            "Time:09:00-10:00",
            "Name:张玉琴",
            f"Mobile:{MASKED}",
            "from20minutesbeforeto10minutesafteryourtimestarts",
            "entertheb",  # the booking code and your mobile number, wherever it wraps
            "Bookingcode",
            "Booked2026-11-2610:30atterminal7",
        ]
    for needle in needles:
        assert needle in text, needle
    if language == "en_US":
        assert "预约人" not in text and "事项" not in text  # the title only in both


def test_the_files_printer_keeps_the_bytes_and_the_preview(tmp_path: Path) -> None:
    config = KioskConfig(
        terminal_number=7,
        printer=PrinterConfig(connection="files", output_dir=tmp_path, paper_width_mm=58),
    )
    sent: list[bool] = []
    outcome = print_booking_slip(
        TicketPrinter(config), content(), on_sent=lambda: sent.append(True)
    )
    assert outcome.fault is None and sent
    assert outcome.report is not None
    files = outcome.report.files
    (bin_file,) = [f for f in files if f.suffix == ".bin"]
    (png_file,) = [f for f in files if f.suffix == ".png"]
    assert outcome.preview_png is not None and png_file.read_bytes() == outcome.preview_png
    data = bin_file.read_bytes()
    assert read(data, "gb18030", strict=True).qr_codes() == [qr_text(CODE, TEMPLATE)]
    text = squeezed(data, "gb18030")
    assert "AB2CD3EF" in text and MASKED in text and MOBILE not in text


@pytest.mark.parametrize("width", [80, 58])
def test_the_image_profile_sends_one_raster(width: int) -> None:
    outcome, data = printed("image", width, content())
    assert outcome.fault is None and outcome.preview_png is not None
    ticket = read(data, "gb18030")
    assert ticket.cuts() == 1 and ticket.text_lines() == [] and ticket.qr_codes() == []
    assert ticket.images()[0].width == PAPERS[width].dots
    assert MOBILE.encode() not in data


@pytest.mark.parametrize(("state", "fault"), [("paper_out", PaperOut), ("cover_open", CoverOpen)])
def test_a_printer_fault_is_an_outcome_not_an_exception(state: str, fault: type) -> None:
    with FakePrinter(state) as fake:  # type: ignore[arg-type]
        outcome = print_booking_slip(printer_for("gb18030", 80, fake), content())
        assert fake.received == b""
    assert outcome.fault is not None and isinstance(outcome.fault, fault)
    assert outcome.status == state
    assert outcome.kind == KIND and outcome.preview_png is None
    message = fault_message(outcome.fault)  # the take-home slips' words
    assert "未能打印" in message.zh and "attendant" in message.en


def test_a_bad_hand_made_booking_is_a_fault_outcome_never_raised() -> None:
    slip = content(booking=Booking("not a code", SATURDAY, "09:00", "elderly-card"))
    outcome, data = printed("gb18030", 80, slip)
    assert outcome.fault is not None and outcome.status == "fault" and data == b""


def test_no_line_starts_with_closing_punctuation() -> None:
    for language in ("zh_CN", "en_US"):
        for paper in PAPERS.values():
            for block in booking_slip_layout(content(language), paper):
                if isinstance(block, Line) and block.text:
                    assert block.text[0] not in "）」』】〕》，。、；：！？", block.text
                    assert block.text[-1] not in "（「『【〔《", block.text


def test_hostile_text_prints_bounded_and_the_mobile_stays_masked() -> None:
    odd = "\u202e\x00<b>&\r\n\ud800名" * 5_000
    slip = content(name=odd, item_name=odd, hall_name=odd, mobile=f" {MOBILE} ")
    printer = printer_for("gb18030", 58)
    blocks = booking_slip_layout(slip, printer.paper)
    assert len(blocks) < 400
    data = build(blocks, printer.profile, printer.paper, printer.font).data
    text = squeezed(data, "gb18030")
    assert "预约人：<b>&" in text and MASKED in text and MOBILE not in text
    assert "\u202e" not in text and "\x00" not in text


def test_its_repr_holds_no_personal_data() -> None:
    shown = repr(content())
    assert MOBILE not in shown and "张玉琴" not in shown and CODE not in shown
