"""星期六办事预约 from the terminal against the REAL central server on loopback (SQLite,
a settable clock on Thursday 26 November 2026): the Saturdays listed, a booking, the same
person again, a full slot, a closed Saturday, changing and cancelling, checking in on
time, early and late as the server's clock moves, a wrong code, guessing throttled, and
a stopped server. Every refusal the terminal tells apart comes from the real server
here: its reasons are what kiosk.sync.appointments reads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from central import admin, appointments
from central.app import create_app
from central.db import Database
from central.serve import ServerThread
from central.state import ServerState
from kiosk import validators
from kiosk.appointments import Arrival, Booking, BookingRequest, CheckInQuery, Refusal, qr_text
from kiosk.config import CentralConfig
from kiosk.sync.appointments import AppointmentSource
from kiosk.sync.client import Unreachable
from tests.conftest import CST, Clock

SATURDAY = date(2026, 11, 28)  # two days after the clock's Thursday
NEXT = date(2026, 12, 5)
MOBILE = "13912345678"
OTHER = "13800001111"
RESIDENT_ID = "11010519491231002" + validators.resident_id_check_digit("11010519491231002")
CODE_FORM = re.compile(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}")


class Hall:
    """The real server, its database and clock, and terminal 3's AppointmentSource."""

    def __init__(self, tmp_path: Path) -> None:
        self.clock = Clock(datetime(2026, 11, 26, 10, 30, tzinfo=CST))
        self.db = Database(f"sqlite:///{tmp_path / 'central.db'}")
        self.server = ServerThread(create_app(ServerState(self.db, clock=self.clock))).start()
        token = admin.add_terminal(self.db, 3, datetime.now(UTC)).token
        self.source = AppointmentSource(CentralConfig(url=self.server.base_url, token=token))

    def at(self, day: date, hour: int, minute: int) -> None:
        self.clock.now = datetime.combine(day, time(hour, minute), CST)

    def close(self) -> None:
        self.source.close()
        self.server.stop(force=True)
        self.db.close()


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    running = Hall(tmp_path)
    yield running
    running.close()


def asking(
    day: date = SATURDAY, slot: str = "09:00", mobile: str = MOBILE, **more: str
) -> BookingRequest:
    return BookingRequest.of("business_license", day, slot, "王婧姝", mobile, **more)


def booked(hall: Hall, **kwargs: str | date) -> Booking:
    answer = hall.source.book(asking(**kwargs), 3)  # type: ignore[arg-type]
    assert isinstance(answer, Booking), answer
    return answer


def left(hall: Hall, day: date, slot: str) -> int:
    (found,) = [s for s in hall.source.saturdays("business_license") if s.day == day]
    got = found.slot(slot)
    assert got is not None
    return got.left


def test_listing_booking_the_same_person_again_and_a_full_slot(hall: Hall) -> None:
    found = hall.source.saturdays("business_license")
    assert [s.day for s in found] == [SATURDAY, NEXT, date(2026, 12, 12), date(2026, 12, 19)]
    first = found[0]
    assert (first.opens, first.closes, first.closed, first.bookable) == (
        "09:00",
        "16:00",
        False,
        True,
    )
    assert [(s.start, s.end, s.left) for s in first.slots][:2] == [
        ("09:00", "10:00", 4),
        ("10:00", "11:00", 4),
    ]
    assert len(first.slots) == 7

    booking = booked(hall, id_number=RESIDENT_ID)
    assert CODE_FORM.fullmatch(booking.code)
    assert (booking.day, booking.slot, booking.item_id) == (SATURDAY, "09:00", "business_license")
    assert left(hall, SATURDAY, "09:00") == 3
    # The same person that Saturday: by the mobile, or by the resident ID with another.
    assert hall.source.book(asking(slot="10:00"), 3) == Refusal("already_booked")
    assert hall.source.book(asking(mobile=OTHER, id_number=RESIDENT_ID), 3) == Refusal(
        "already_booked"
    )
    # The same person another Saturday is welcome.
    assert isinstance(hall.source.book(asking(day=NEXT), 3), Booking)
    # Four places (the default): three more, then the slot is full.
    for n in range(3):
        booked(hall, mobile=f"1370000000{n}")
    assert left(hall, SATURDAY, "09:00") == 0
    assert hall.source.book(asking(mobile="13600000000"), 3) == Refusal("full")
    (today,) = [s for s in hall.source.saturdays() if s.day == SATURDAY]
    assert today.slots[0].full and today.bookable  # the other slots still have places


def test_the_other_refusals_of_a_booking(hall: Hall) -> None:
    # A Saturday beyond the four listed; a slot after the hall closes.
    beyond = date(2027, 1, 30)
    assert hall.source.book(asking(day=beyond), 3) == Refusal("not_a_service_saturday")
    assert hall.source.book(asking(slot="16:00"), 3) == Refusal("no_such_slot")
    # The supervisor closes a Saturday: no more bookings there.
    with hall.db.transaction() as s:
        appointments.close(s, NEXT, "zhang.wei", "停电", hall.clock())
    assert hall.source.book(asking(day=NEXT), 3) == Refusal("closed")
    (closed,) = [s for s in hall.source.saturdays() if s.day == NEXT]
    assert closed.closed and not closed.bookable


def test_changing_and_cancelling(hall: Hall) -> None:
    booking = booked(hall)
    moved = hall.source.change(booking.code.lower(), MOBILE, NEXT, "10:00")
    assert moved == Booking(booking.code, NEXT, "10:00", "business_license")
    assert left(hall, SATURDAY, "09:00") == 4 and left(hall, NEXT, "10:00") == 3
    assert hall.source.cancel(booking.code, OTHER) == Refusal("not_found")
    cancelled = hall.source.cancel(f"{booking.code[:4]}-{booking.code[4:]}", MOBILE)
    assert cancelled == moved
    assert left(hall, NEXT, "10:00") == 4
    assert hall.source.cancel(booking.code, MOBILE) == Refusal("not_found")  # no longer live


def test_checking_in_on_time_early_and_late_as_the_clock_moves(hall: Hall) -> None:
    booking = booked(hall, slot="10:00")
    late = booked(hall, slot="11:00", mobile=OTHER)
    typed = CheckInQuery.typed(booking.code, "139 1234 5678")
    assert hall.source.check_in(typed) == Arrival(
        "not_today", SATURDAY, "10:00", "business_license"
    )
    hall.at(SATURDAY, 9, 20)
    assert hall.source.check_in(typed) == Arrival(
        "early", SATURDAY, "10:00", "business_license", 10
    )  # check-in opens at 9:30
    hall.at(SATURDAY, 9, 30)
    arrived = hall.source.check_in(typed)
    assert isinstance(arrived, Arrival) and arrived.checked_in
    # Again by the slip's QR code: on time still, and no cancelling once checked in.
    slip = CheckInQuery.scanned(qr_text(booking.code))
    assert slip is not None
    hall.at(SATURDAY, 15, 0)
    assert hall.source.check_in(slip) == arrived
    assert hall.source.cancel(booking.code, MOBILE) == Refusal("checked_in")
    assert hall.source.change(booking.code, MOBILE, NEXT, "09:00") == Refusal("checked_in")
    # 11:00's window is 10:30 to 11:15.
    hall.at(SATURDAY, 11, 16)
    assert hall.source.check_in(CheckInQuery(late.code, OTHER)) == Arrival(
        "late", SATURDAY, "11:00", "business_license"
    )


def test_a_wrong_code_is_not_found_and_guessing_is_throttled(hall: Hall) -> None:
    booking = booked(hall)
    wrong = "23456789" if booking.code != "23456789" else "98765432"
    assert hall.source.check_in(CheckInQuery(wrong, MOBILE)) == Refusal("not_found")
    assert hall.source.check_in(CheckInQuery(booking.code, OTHER)) == Refusal("not_found")
    assert hall.source.check_in(CheckInQuery(wrong)) == Refusal("not_found")
    for _ in range(17):  # twenty wrong in all
        assert hall.source.check_in(CheckInQuery(wrong)) == Refusal("not_found")
    # Now even the right code waits: the server's lock-out of ten minutes.
    assert hall.source.check_in(CheckInQuery(booking.code, MOBILE)) == Refusal("throttled", 10)
    assert hall.source.cancel(booking.code, MOBILE) == Refusal("throttled", 10)
    # Booking is not guarded by the count.
    assert isinstance(hall.source.book(asking(day=NEXT), 3), Booking)


def test_a_stopped_server_is_unreachable(hall: Hall) -> None:
    booking = booked(hall)
    hall.server.stop(force=True)
    with pytest.raises(Unreachable):
        hall.source.saturdays()
    with pytest.raises(Unreachable):
        hall.source.book(asking(day=NEXT), 3)
    with pytest.raises(Unreachable):
        hall.source.check_in(CheckInQuery(booking.code, MOBILE))
