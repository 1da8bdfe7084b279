"""星期六办事预约 at the terminal without the real server: a booking and a check-in as
typed, the booking slip's QR code, the words of every refusal, the server's answers
checked (hostile ones are BadAnswer), and AppointmentSource against a scripted server
(refusals told apart, anything else a SyncFault)."""

from __future__ import annotations

import string
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from kiosk import validators
from kiosk.appointments import (
    APPOINTMENT_QR_TEMPLATE,
    CODE_ALPHABET,
    FIELDS,
    MESSAGES,
    REASONS,
    Arrival,
    BadAnswer,
    Booking,
    BookingRefused,
    BookingRequest,
    CardCheckIn,
    CheckInQuery,
    Refusal,
    Saturday,
    Slot,
    arrival_from_answer,
    booking_from_answer,
    card_arrival_from_answer,
    day_text,
    qr_text,
    saturdays_from_answer,
)
from kiosk.config import CentralConfig
from kiosk.i18n import Text
from kiosk.sync.appointments import AppointmentSource
from kiosk.sync.client import ProtocolFault, ServerBusy
from tests.kiosk.sync.stub_central import Scripted, StubCentral

SATURDAY = date(2026, 11, 28)
MOBILE = "13912345678"
CODE = "K7QM3XPA"
RESIDENT_ID = "11010519491231002" + validators.resident_id_check_digit("11010519491231002")
CREDIT_CODE = "91350100M000100Y4" + validators.credit_code_check_char("91350100M000100Y4")
WRONG_ID = RESIDENT_ID[:17] + ("1" if RESIDENT_ID[17] != "1" else "2")
WRONG_CREDIT_CODE = CREDIT_CODE[:17] + ("1" if CREDIT_CODE[17] != "1" else "2")


def request(**changes: Any) -> BookingRequest:
    fields: dict[str, Any] = {
        "item_id": "business_license",
        "day": SATURDAY,
        "slot": "09:00",
        "name": "王婧姝",
        "mobile": MOBILE,
    }
    fields.update(changes)
    return BookingRequest.of(**fields)


# --- a booking as typed ------------------------------------------------------------------------


def test_a_booking_is_taken_as_the_keyboard_typed_it() -> None:
    got = request(
        slot=" ０９:００ ",
        name="\u3000王  婧姝 ",
        mobile="+86 １３９-1234-5678",
        id_number=" " + RESIDENT_ID.lower() + "\u3000",
    )
    assert got == BookingRequest(
        "business_license", SATURDAY, "09:00", "王 婧姝", MOBILE, RESIDENT_ID, None
    )
    assert got.body(3) == {
        "terminal": 3,
        "item_id": "business_license",
        "day": "2026-11-28",
        "slot": "09:00",
        "name": "王 婧姝",
        "mobile": MOBILE,
        "id_number": RESIDENT_ID,
    }
    company = request(id_number="  ", credit_code=CREDIT_CODE.lower())
    assert (company.id_number, company.credit_code) == (None, CREDIT_CODE)
    assert "id_number" not in company.body(3) and company.body(3)["credit_code"] == CREDIT_CODE


@pytest.mark.parametrize(
    ("changes", "code", "problem"),
    [
        ({"item_id": "事项"}, "item_id", None),
        ({"item_id": "x" * 37}, "item_id", None),
        ({"day": date(2026, 11, 27)}, "day", None),  # a Friday
        ({"day": datetime(2026, 11, 28, 9, 0)}, "day", None),
        ({"day": "2026-11-28"}, "day", None),
        ({"slot": "9:00"}, "slot", None),
        ({"slot": "24:00"}, "slot", None),
        ({"slot": ""}, "slot", None),
        ({"name": "   "}, "name", None),
        ({"name": "王" * 65}, "name", None),
        ({"name": "王\x00婧"}, "name", None),
        ({"name": "王\t婧"}, "name", None),
        ({"name": "王\u200b婧"}, "name", None),  # an invisible format character
        ({"name": 12}, "name", None),
        ({"mobile": ""}, "mobile", "mobile.empty"),
        ({"mobile": "12345678901"}, "mobile", "mobile.format"),
        ({"mobile": "010-87654321"}, "mobile", "mobile.format"),  # a landline
        ({"id_number": WRONG_ID}, "id_number", "resident_id.check_digit"),
        ({"credit_code": WRONG_CREDIT_CODE}, "credit_code", "credit_code.check_char"),
        ({"id_number": RESIDENT_ID, "credit_code": CREDIT_CODE}, "identity", None),
        # The first field that cannot be, in the order of the form.
        ({"slot": "x", "mobile": "x"}, "slot", None),
    ],
)
def test_a_booking_that_cannot_be_one_is_refused_with_its_field(
    changes: dict[str, Any], code: str, problem: str | None
) -> None:
    with pytest.raises(BookingRefused) as refused:
        request(**changes)
    assert (refused.value.code, refused.value.problem) == (code, problem)
    assert code in FIELDS
    # The refusal names the field, never what was typed (it may be someone's number).
    for typed in changes.values():
        if isinstance(typed, str) and len(typed) > 3:
            assert typed not in str(refused.value)


# --- a check-in as typed, or scanned -----------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        "k7qm3xpa",
        "K7QM 3XPA",
        " k7qm-3xpa ",
        "ｋ７ｑｍ－３ｘｐａ",
        "K7QM\u30003XPA",
        "K7QM—3XPA",
    ],
)
def test_a_code_is_taken_as_the_keyboard_typed_it(typed: str) -> None:
    assert CheckInQuery.typed(typed, "139 1234 5678") == CheckInQuery(CODE, MOBILE)


@pytest.mark.parametrize(
    ("code", "mobile", "field"),
    [
        ("K7QM3XP", MOBILE, "code"),
        ("K7QM3XPAB", MOBILE, "code"),
        ("K7QM3XP0", MOBILE, "code"),  # 0, 1, I, L and O are not in the codes
        ("K7QM3XPI", MOBILE, "code"),
        ("K7QM_3XPA", MOBILE, "code"),
        ("K7QM\x1c3XPA", MOBILE, "code"),  # a separator is not a space
        ("", MOBILE, "code"),
        (CODE, "1391234567", "mobile"),
        (CODE, "", "mobile"),
    ],
)
def test_a_check_in_that_cannot_be_one_is_refused_with_its_field(
    code: str, mobile: str, field: str
) -> None:
    with pytest.raises(BookingRefused) as refused:
        CheckInQuery.typed(code, mobile)
    assert refused.value.code == field


def test_the_halls_booking_slips_are_check_ins_and_nothing_else_is() -> None:
    slip = qr_text("k7qm-3xpa")
    assert slip == "https://zwfw.jkq.gov.cn/appointment?code=K7QM3XPA"
    assert CheckInQuery.scanned(slip) == CheckInQuery(CODE)
    assert CheckInQuery.scanned(slip + "\r\n") == CheckInQuery(CODE)
    assert CheckInQuery.scanned(slip, APPOINTMENT_QR_TEMPLATE) == CheckInQuery(CODE)
    other = "KIOSK-BOOKING:{code}"
    assert CheckInQuery.scanned(qr_text(CODE, other), other) == CheckInQuery(CODE)
    hostile: list[Any] = [
        "https://example.com/appointment?code=" + CODE,  # another site
        APPOINTMENT_QR_TEMPLATE.format(code=CODE.lower()),  # the slip prints upper case
        APPOINTMENT_QR_TEMPLATE.format(code="K7QM-3XPA"),
        APPOINTMENT_QR_TEMPLATE.format(code=CODE + "&x=1"),
        APPOINTMENT_QR_TEMPLATE.format(code="K" * 600),
        "https://zwfw.jkq.gov.cn/progress?ref=20261126-07-0012",  # a ticket's QR code
        CODE,  # a bare code is typed, not scanned
        "",
        b"https://zwfw.jkq.gov.cn/appointment?code=K7QM3XPA",
        None,
    ]
    for code in hostile:
        assert CheckInQuery.scanned(code) is None, code
    assert CheckInQuery.scanned(CODE, "no placeholder") is None
    assert CheckInQuery.scanned(CODE + CODE, "{code}{code}") is None
    assert CheckInQuery.scanned("XX", "XX{code}XX") is None  # shorter than its two ends
    assert CheckInQuery(CODE).body() == {"code": CODE, "via": "qr"}
    assert CheckInQuery(CODE).by_qr and not CheckInQuery(CODE, MOBILE).by_qr
    assert CheckInQuery(CODE, MOBILE).body() == {"code": CODE, "mobile": MOBILE}


# --- the words ---------------------------------------------------------------------------------


def test_every_refusal_field_and_arrival_has_words_in_both_languages() -> None:
    keys = {*REASONS, *FIELDS, "code", "offline", "on_time", "early", "late", "not_today"}
    assert keys <= set(MESSAGES)
    for key, words in MESSAGES.items():
        assert isinstance(words, Text) and words.zh and words.en, key
        assert any("\u4e00" <= c <= "\u9fff" for c in words.zh), key
        assert all(c in string.printable for c in words.en), key
    assert "无法预约" in MESSAGES["offline"].zh and "直接办理申报" in MESSAGES["offline"].zh
    for reason in REASONS:
        assert Refusal(reason).message == MESSAGES[reason]
    assert Refusal("something new").message == MESSAGES["offline"]


def test_an_arrival_is_worded_with_its_minutes_or_its_day() -> None:
    early = Arrival("early", SATURDAY, "10:00", "x", 10).message
    assert "10 分钟" in early.zh and "10 minutes" in early.en
    later = Arrival("not_today", SATURDAY, "10:00", "x").message
    assert "11月28日（星期六） 10:00" in later.zh
    assert "Saturday 28 November at 10:00" in later.en
    for result in ("on_time", "late"):
        words = Arrival(result, SATURDAY, "10:00", "x").message
        assert "{" not in words.zh + words.en
    assert day_text(date(2027, 1, 2)) == Text("1月2日（星期六）", "Saturday 2 January")


# --- the server's answers ----------------------------------------------------------------------


def saturdays_answer(**change: Any) -> dict[str, Any]:
    day: dict[str, Any] = {
        "day": "2026-11-28",
        "opens": "09:00",
        "closes": "16:00",
        "closed": False,
        "slots": [
            {"start": "09:00", "end": "10:00", "left": 0},
            {"start": "10:00", "end": "11:00", "left": 4},
        ],
    }
    day.update(change)
    return {"saturdays": [day, {**day, "day": "2026-12-05", "closed": True}]}


def test_the_saturdays_answer_as_values() -> None:
    first, second = saturdays_from_answer(saturdays_answer())
    assert first == Saturday(
        SATURDAY,
        "09:00",
        "16:00",
        False,
        (Slot("09:00", "10:00", 0), Slot("10:00", "11:00", 4)),
    )
    assert first.bookable and first.slot("09:00") == Slot("09:00", "10:00", 0)
    assert first.slots[0].full and first.slot("12:00") is None
    assert second.closed and not second.bookable
    assert saturdays_from_answer({"saturdays": [], "newer": "ignored"}) == []


@pytest.mark.parametrize(
    "answer",
    [
        {},
        {"saturdays": "none"},
        {"saturdays": [saturdays_answer()["saturdays"][0]] * 21},
        saturdays_answer(day=1764288000),  # seconds are not a day
        saturdays_answer(day="2026-11-27"),  # a Friday
        saturdays_answer(day="2026-11-28T09:00:00"),
        saturdays_answer(closed="false"),
        saturdays_answer(closed=0),
        saturdays_answer(opens="9"),
        saturdays_answer(slots=[{"start": "09:00", "end": "10:00", "left": -1}]),
        saturdays_answer(slots=[{"start": "09:00", "end": "10:00", "left": "4"}]),
        saturdays_answer(slots=[{"start": "09:00", "end": "10:00", "left": True}]),
        saturdays_answer(slots=[{"start": "09:00", "end": "10:00", "left": 4.0}]),
        saturdays_answer(slots=[{"start": "09:00", "end": "10:00"}]),
        saturdays_answer(slots=[{"start": "10:00", "end": "09:00", "left": 4}]),
        saturdays_answer(
            slots=[
                {"start": "10:00", "end": "11:00", "left": 4},
                {"start": "09:00", "end": "10:00", "left": 4},
            ]
        ),
        {"saturdays": list(reversed(saturdays_answer()["saturdays"]))},
    ],
)
def test_a_hostile_saturdays_answer_is_a_bad_answer(answer: dict[str, Any]) -> None:
    with pytest.raises(BadAnswer):
        saturdays_from_answer(answer)


BOOKED = {"code": CODE, "day": "2026-11-28", "slot": "09:00", "item_id": "business_license"}


def test_a_booking_answer_is_the_one_asked_for() -> None:
    asked: dict[str, Any] = {"day": SATURDAY, "slot": "09:00", "item_id": "business_license"}
    assert booking_from_answer(BOOKED, **asked) == Booking(
        CODE, SATURDAY, "09:00", "business_license"
    )
    assert Booking(CODE, SATURDAY, "09:00", "x").printed_code == "K7QM 3XPA"
    cancelled = {**BOOKED, "state": "cancelled"}
    assert booking_from_answer(cancelled, code=CODE, cancelled=True).code == CODE
    hostile: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({**BOOKED, "code": CODE.lower()}, asked),
        ({**BOOKED, "code": "K7QM3XP0"}, asked),
        ({**BOOKED, "code": CODE + "A"}, asked),
        ({**BOOKED, "code": 12345678}, asked),
        ({**BOOKED, "day": "2026-12-05"}, asked),  # another booking than asked for
        ({**BOOKED, "slot": "10:00"}, asked),
        ({**BOOKED, "item_id": "other"}, asked),
        ({**BOOKED, "item_id": "<script>"}, {}),
        ({**BOOKED, "code": "23456789"}, {"code": CODE}),
        (BOOKED, {"cancelled": True}),  # a cancel's answer says so
        ({**BOOKED, "state": "booked"}, {"cancelled": True}),
    ]
    for data, kwargs in hostile:
        with pytest.raises(BadAnswer):
            booking_from_answer(data, **kwargs)


def test_an_arrival_answer_as_a_value() -> None:
    base = {"day": "2026-11-28", "slot": "10:00", "item_id": "x"}
    assert arrival_from_answer({**base, "result": "early", "minutes": 10}) == Arrival(
        "early", SATURDAY, "10:00", "x", 10
    )
    on_time = arrival_from_answer({**base, "result": "on_time", "minutes": 3})
    assert on_time.checked_in and on_time.minutes is None  # minutes only mean early's wait
    for hostile in (
        {**base, "result": "maybe"},
        {**base, "result": "early"},  # without its minutes
        {**base, "result": "early", "minutes": -1},
        {**base, "result": "early", "minutes": "10"},
        {**base, "result": "early", "minutes": 10**9},
        {**base, "result": "on_time", "slot": "10"},
        {"result": "on_time"},
    ):
        with pytest.raises(BadAnswer):
            arrival_from_answer(hostile)


# --- the source against a scripted server ------------------------------------------------------


@pytest.fixture
def stub() -> Iterator[StubCentral]:
    server = StubCentral()
    yield server
    server.close()


@pytest.fixture
def source(stub: StubCentral) -> Iterator[AppointmentSource]:
    found = AppointmentSource(CentralConfig(url=stub.url, token="t" * 43), timeout_s=2.0)
    yield found
    found.close()


def problem(status: int, reason: str, detail: str, **headers: str) -> Scripted:
    return Scripted(status, headers, {"detail": detail, "reason": reason})


# The server's refusals as central.api.appointments words them.
FULL = problem(409, "full", "该时段已约满，请选择其他时段 / This slot is full: choose another one")
NOT_FOUND = problem(
    404,
    "not_found",
    "没有查到这个预约，请核对预约码和手机号码 / "
    "No such appointment: check the code and the mobile number",
)


def test_the_source_sends_what_was_checked_and_reads_the_answer(
    stub: StubCentral, source: AppointmentSource
) -> None:
    stub.script = [Scripted(201, body=BOOKED), Scripted(200, body=saturdays_answer())]
    booked = source.book(request(mobile="１３９ 1234 5678"), 3)
    assert booked == Booking(CODE, SATURDAY, "09:00", "business_license")
    (sent,) = stub.paths("POST", "/api/v1/appointments")
    assert sent.body == request().body(3)
    assert [s.day for s in source.saturdays("business_license")] == [SATURDAY, date(2026, 12, 5)]
    (asked,) = stub.paths("GET", "/api/v1/appointments/saturdays")
    assert asked.query == {"item_id": ["business_license"]}
    stub.script = [Scripted(200, body={**BOOKED, "state": "cancelled"})]
    assert source.cancel("k7qm-3xpa", "139 1234 5678") == booked
    (cancel,) = stub.paths("POST", f"/api/v1/appointments/{CODE}/cancel")
    assert cancel.body == {"mobile": MOBILE}
    # What cannot be a code or a mobile is refused before anything is sent.
    with pytest.raises(BookingRefused):
        source.cancel("../../events", MOBILE)
    with pytest.raises(BookingRefused):
        source.change(CODE, MOBILE, date(2026, 12, 4), "09:00")
    with pytest.raises(BookingRefused):
        source.saturdays("../x")
    assert len(stub.requests) == 3


def test_the_servers_refusals_are_told_apart(stub: StubCentral, source: AppointmentSource) -> None:
    stub.script = [
        FULL,
        problem(
            409,
            "already_booked",
            "您在该星期六已有预约 / You already have an appointment on this Saturday",
        ),
        problem(422, "no_such_slot", "没有这个时段 / There is no such slot"),
        NOT_FOUND,
        problem(429, "throttled", "本终端查询失败次数过多 / Too many", **{"Retry-After": "600"}),
        problem(409, "checked_in", "该预约已签到，不能更改或取消 / This appointment is checked in"),
    ]
    assert source.book(request(), 3) == Refusal("full")
    assert source.book(request(), 3) == Refusal("already_booked")
    assert source.book(request(slot="20:00"), 3) == Refusal("no_such_slot")
    assert source.check_in(CheckInQuery(CODE)) == Refusal("not_found")
    assert source.check_in(CheckInQuery(CODE, MOBILE)) == Refusal("throttled", 10)
    assert source.cancel(CODE, MOBILE) == Refusal("checked_in")


@pytest.mark.parametrize(
    ("scripted", "fault"),
    [
        (Scripted(200, body={"result": "maybe"}), ProtocolFault),
        (Scripted(200, body={"code": CODE}), ProtocolFault),
        (Scripted(200, body=[1, 2]), ProtocolFault),
        (Scripted(409, body={"reason": "bribed", "detail": "x"}), ProtocolFault),  # unknown
        (Scripted(409, body={"detail": "冲突"}), ProtocolFault),  # says no reason
        (Scripted(409, body={"reason": "throttled"}), ProtocolFault),  # 429's, not 409's
        (Scripted(404, body={"detail": "Not Found"}), ProtocolFault),  # a server without them
        (Scripted(422, body={"detail": [{"msg": "Field required"}]}), ProtocolFault),
        (Scripted(500, body={"detail": "boom"}), ServerBusy),
        (Scripted(503, {"Retry-After": "5"}, {"detail": "busy"}), ServerBusy),
    ],
)
def test_anything_else_the_server_says_is_a_fault(
    stub: StubCentral, source: AppointmentSource, scripted: Scripted, fault: type[Exception]
) -> None:
    for call in (
        lambda: source.check_in(CheckInQuery(CODE, MOBILE)),
        lambda: source.book(request(), 3),
        lambda: source.change(CODE, MOBILE, SATURDAY, "10:00"),
    ):
        stub.script = [scripted]
        with pytest.raises(fault):
            call()


def test_a_throttled_answer_is_only_a_refusal_where_the_server_throttles(
    stub: StubCentral, source: AppointmentSource
) -> None:
    stub.script = [problem(429, "throttled", "slow down", **{"Retry-After": "60"})]
    with pytest.raises(ServerBusy):
        source.book(request(), 3)  # booking is not throttled: a 429 there is a busy server
    stub.script = [Scripted(404, body={"detail": "none"})]
    with pytest.raises(ProtocolFault):
        source.saturdays()


def test_no_server_configured_is_a_fault() -> None:
    source = AppointmentSource(CentralConfig())
    assert not source.configured
    with pytest.raises(ProtocolFault):
        source.saturdays()
    with pytest.raises(ProtocolFault):
        source.check_in(CheckInQuery(CODE))
    source.close()


def test_the_alphabet_is_the_servers() -> None:
    from central import appointments

    assert CODE_ALPHABET == appointments.CODE_ALPHABET


# -- check-in by ID card ---------------------------------------------------------------------

CARD_NUMBER = "220104195003070018"


def test_a_card_check_in_takes_only_a_well_formed_number_never_shown_whole() -> None:
    assert CardCheckIn.of(" " + CARD_NUMBER + " ") == CardCheckIn(CARD_NUMBER)
    assert CardCheckIn.of("220104195003070019") is None and CardCheckIn.of("") is None
    assert CARD_NUMBER not in repr(CardCheckIn(CARD_NUMBER))


def test_a_card_check_in_answer_carries_the_bookings_code() -> None:
    base = {"day": "2026-11-28", "slot": "10:00", "item_id": "x", "result": "on_time"}
    assert card_arrival_from_answer({**base, "code": CODE}) == Arrival(
        "on_time", SATURDAY, "10:00", "x", None, CODE
    )
    for hostile in ({**base}, {**base, "code": "../x"}, {**base, "code": 7}, {"code": CODE}):
        with pytest.raises(BadAnswer):
            card_arrival_from_answer(hostile)


def test_the_source_checks_in_by_card(stub: StubCentral, source: AppointmentSource) -> None:
    answer = {"day": "2026-11-28", "slot": "10:00", "item_id": "x", "result": "early"}
    stub.script = [Scripted(200, body={**answer, "minutes": 12, "code": CODE})]
    arrival = source.check_in_by_card(CardCheckIn(CARD_NUMBER))
    assert isinstance(arrival, Arrival) and arrival.code == CODE and arrival.minutes == 12
    (sent,) = stub.paths("POST", "/api/v1/appointments/check-in-by-id-card")
    assert sent.body == {"id_number": CARD_NUMBER}
    stub.script = [Scripted(404, body={"detail": "今天没有 / none", "reason": "not_found"})]
    refused = source.check_in_by_card(CardCheckIn(CARD_NUMBER))
    assert refused == Refusal("card_not_found")
    assert "今天没有这张身份证的预约" in refused.message.zh
