"""Saturday appointments with the ID card, through the real QML, the reader's real process
and the real central server on one settable clock: a card placed on the booking form
names the applicant and goes with the booking; on the day the same card checks the
booking in (an appointment ticket follows); a card with no booking today is told so."""

from __future__ import annotations

from sqlalchemy import select

from central.db import Database
from central.models import Appointment
from devices.id_card.fake_reader import FakeCard
from tests.conftest import Clock
from tests.ui.cards import OLDER
from tests.ui.conftest import Kiosk
from tests.ui.test_appointments import (  # noqa: F401  (the fixtures)
    ITEM,
    MOBILE,
    SATURDAY,
    at,
    booth,
    hall,
    hall_clock,
    open_booking,
)
from tests.ui.test_id_card import _reader

NUMBER = "220104195003070018"
STRANGER = FakeCard(name="张三", id_number="110101199003070011", valid_to="20400307")


def _place(k: Kiosk, card: FakeCard) -> None:
    reader = _reader(k)
    reader.lift()  # the reader must see the last card go before it reads the next
    polls = reader.count((0x20, 0x01))
    k.wait(lambda: reader.count((0x20, 0x01)) >= polls + 2)
    reader.place(card)


def _stored_numbers(db: Database) -> list[str | None]:
    with db.read() as s:
        return list(s.scalars(select(Appointment.id_number)))


def test_a_card_books_and_on_the_day_checks_in(
    booth: tuple[Kiosk, Database],  # noqa: F811
    hall_clock: Clock,  # noqa: F811
) -> None:
    k, db = booth
    appointment = k.app.appointment
    open_booking(k)
    k.click("bookSlot_0900")
    k.wait(lambda: appointment.property("page") == "form")
    k.settle()
    assert "放置身份证" in k.text("bookCardHint")
    _place(k, OLDER)
    k.wait(lambda: k.text("bookName") == "王秀兰" and appointment.property("cardHeld"))
    k.type_into("bookMobile", MOBILE)
    k.click("bookSubmit")
    k.wait(lambda: appointment.property("page") == "booked")
    assert _stored_numbers(db) == [NUMBER]
    k.click("appointmentHome")
    k.wait_screen("home")
    assert not appointment.property("cardHeld")  # gone with the applicant

    at(hall_clock, SATURDAY, 8, 40)  # on time for the 09:00 slot
    k.click("appointmentButton")
    k.wait(lambda: k.app.nav.property("mode") == "check_in")
    _place(k, OLDER)
    k.wait_screen("intro")  # checked in: the booked item's declaration as usual
    assert k.journey.journey.item is not None and k.journey.journey.item.id == ITEM
    assert k.journey.appointment  # its ticket will be of the appointment series
    with db.read() as s:
        assert s.scalars(select(Appointment.state)).one() == "checked_in"


def test_a_card_with_no_booking_today_is_told_so(
    booth: tuple[Kiosk, Database],  # noqa: F811
    hall_clock: Clock,  # noqa: F811
) -> None:
    k, _ = booth
    at(hall_clock, SATURDAY, 10, 0)
    k.click("appointmentButton")
    k.wait(lambda: k.app.nav.property("mode") == "check_in")
    _place(k, STRANGER)
    k.wait(lambda: "今天没有这张身份证的预约" in k.app.appointment.property("problem"))
    assert k.app.nav.property("mode") == "check_in"
