"""Where a scanned code goes: the hall's real templates, each kind, hostile input fuzzed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.appointments import APPOINTMENT_QR_TEMPLATE, CheckInQuery, qr_text
from kiosk.config import PrinterConfig
from kiosk.progress import Query
from kiosk.provision import QR_PREFIX
from kiosk.scan_routing import MAX_CHARS, NOT_OURS, ScanKind, ScanRoute, route

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "config.example.toml"
TEMPLATE = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["printer"]["qr_url_template"]
REFERENCE = "20261126-07-0012"
TICKET = TEMPLATE.format(reference=REFERENCE)  # as printer.ticket_content prints it
SLIP = qr_text("ABCD2345")
FOREIGN = ScanRoute(ScanKind.FOREIGN, "", message=NOT_OURS)


def scan(code: str, *, staff: bool = False) -> ScanRoute:
    return route(code, qr_url_template=TEMPLATE, staff_session=staff)


def test_the_example_config_has_the_default_template() -> None:
    assert PrinterConfig().qr_url_template == TEMPLATE
    assert "{reference}" in TEMPLATE


def test_a_ticket_or_document_opens_the_lookup() -> None:
    assert scan(TICKET) == ScanRoute(ScanKind.LOOKUP, TICKET, lookup=Query(REFERENCE))
    assert scan(TICKET + "\r\n").code == TICKET  # a scanner's line end is trimmed
    assert scan(f" {TICKET}\t").code == TICKET


def test_a_booking_slip_checks_in() -> None:
    assert APPOINTMENT_QR_TEMPLATE.replace("{code}", "ABCD2345") == SLIP
    assert scan(SLIP) == ScanRoute(ScanKind.CHECK_IN, SLIP, check_in=CheckInQuery("ABCD2345"))


def test_another_hall_template_for_slips() -> None:
    template = "https://example.gov.cn/yy/{code}"
    slip = qr_text("ABCD2345", template)
    routed = route(
        slip, qr_url_template=TEMPLATE, staff_session=False, appointment_qr_template=template
    )
    assert routed.kind is ScanKind.CHECK_IN
    assert scan(slip).kind is ScanKind.FOREIGN  # with the default template it is not ours


@pytest.mark.parametrize("code", [f"{QR_PREFIX}ABCD-2345", TICKET, SLIP, "anything at all"])
def test_in_a_staff_session_every_scan_is_the_staffs(code: str) -> None:
    assert scan(code, staff=True) == ScanRoute(ScanKind.STAFF, code)


def test_an_enrolment_code_outside_a_staff_session_is_foreign() -> None:
    assert scan(f"{QR_PREFIX}ABCD2345") == FOREIGN


@pytest.mark.parametrize(
    "code",
    [
        "https://weixin.qq.com/r/abcdef",  # someone else's QR code
        "6901234567892",  # a barcode on a parcel
        "https://zwfw.jkq.gov.cn/progress?ref=20261126-07-001",  # a digit short
        "https://zwfw.jkq.gov.cn/progress?ref=2026112607 0012",
        "https://zwfw.jkq.gov.cn/appointment?code=ABCD234O",  # O is not in the alphabet
        TICKET + "#x",
        "",
        "   \r\n",
        TICKET.replace("ref=", "ref=\x00"),  # NUL
        TICKET + "\x1b[2J",  # a terminal escape
        TICKET.replace("?", "\ufffd"),  # bytes decoded with replacement
        TICKET.replace("zwfw", "zw\u202efw"),  # a bidi override
        "\ud800" + TICKET,  # a lone surrogate
    ],
)
def test_anything_else_is_not_ours(code: str) -> None:
    assert scan(code) == FOREIGN
    assert FOREIGN.message == NOT_OURS and "本大厅" in NOT_OURS.zh and "hall" in NOT_OURS.en


def test_hostile_text_is_foreign_even_for_staff() -> None:
    for code in ("", "KIOSK-ENROL:\x00ABCD2345", "\ufffd", "x" * (MAX_CHARS + 1)):
        assert scan(code, staff=True) == FOREIGN


def test_long_text_is_refused_before_parsing() -> None:
    long = TICKET + " " * (MAX_CHARS - len(TICKET) + 1)  # would strip to a ticket
    assert scan(long) == FOREIGN
    assert scan(TICKET + " " * (MAX_CHARS - len(TICKET))).kind is ScanKind.LOOKUP
    assert scan("9" * 10**7) == FOREIGN  # a scanner gone mad: answered without a pass over it


def test_a_template_without_its_field_finds_nothing() -> None:
    assert route(TICKET, qr_url_template="https://x.cn/", staff_session=False) == FOREIGN


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.binary().map(lambda b: b.decode("utf-8", errors="replace")),
        st.text().map(lambda t: TICKET + t),
        st.text().map(lambda t: t + SLIP),
        st.text(alphabet="0123456789-").map(lambda t: TEMPLATE.replace("{reference}", t)),
    ),
    st.booleans(),
)
def test_no_scan_ever_raises(code: str, staff: bool) -> None:
    routed = scan(code, staff=staff)
    assert routed.kind in ScanKind
    if routed.kind is ScanKind.FOREIGN:
        assert routed == FOREIGN
    else:
        assert routed.code == code.strip() and routed.message is None
    if routed.kind is ScanKind.LOOKUP:
        assert routed.lookup is not None and routed.lookup.by_qr
    if routed.kind is ScanKind.CHECK_IN:
        assert routed.check_in is not None and routed.check_in.by_qr
