"""星期六办事预约 through the real QML against the real central server on loopback, the
kiosk and the server on one settable clock: a booking with its slip, a check-in on time
whose ticket is of the appointment series (served first), early and late arrivals sent
to the ordinary queue, a holiday Saturday not offered and a make-up Saturday treated as
a working day, the last place taken by one of two terminals at once, cancelling and
changing by code and mobile, and booking refused plainly when the server is down."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from central import admin, appointments
from central.admin import add_terminal
from central.app import create_app
from central.db import Database
from central.models import Appointment, Ticket
from central.serve import ServerThread
from central.state import ServerState
from kiosk.appointments import BookingRequest, qr_text
from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, demo_config
from kiosk.samples import SAMPLES
from kiosk.sync.appointments import AppointmentSource
from printer.fonts import find_cjk_font
from tests.conftest import CST, Clock
from tests.ui.conftest import Kiosk
from tests.ui.test_privacy import qml_texts, reachable_strings
from ui.app import KioskApp

ITEM = "elderly-card"  # served on Saturdays, a personal item (no credit code)
SATURDAY = date(2026, 11, 28)
MOBILE = "13912345678"


@pytest.fixture
def hall_clock() -> Clock:
    # Thursday 26 November 2026, 10:00 in the hall: two days before a service Saturday.
    return Clock(datetime(2026, 11, 26, 10, 0, tzinfo=CST))


@pytest.fixture
def hall(tmp_path: Path, hall_clock: Clock) -> Iterator[tuple[ServerThread, Database]]:
    db = Database(f"sqlite:///{tmp_path / 'central.db'}")
    server = ServerThread(create_app(ServerState(db, clock=hall_clock))).start()
    try:
        yield server, db
    finally:
        server.stop()
        db.close()


def _kiosk(qapp: Any, qtbot: Any, data_dir: Path, catalog: Catalog, central: CentralConfig,
           clock: Clock) -> Kiosk:  # fmt: skip
    config = demo_config(data_dir).model_copy(update={"central": central})
    app = KioskApp(config, find_cjk_font(), qapp, catalog=catalog, time_source=clock)
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.wait_ready()
    return Kiosk(app, qtbot, data_dir)


@pytest.fixture
def booth(
    qapp: Any,
    qtbot: Any,
    tmp_path: Path,
    catalog: Catalog,
    hall: tuple[ServerThread, Database],
    hall_clock: Clock,
) -> Iterator[tuple[Kiosk, Database]]:
    server, db = hall
    token = add_terminal(db, 1, datetime.now(UTC)).token
    central = CentralConfig(url=server.base_url, token=token, timeout_s=5)
    k = _kiosk(qapp, qtbot, tmp_path / "data", catalog, central, hall_clock)
    try:
        yield k, db
    finally:
        k.app.close()


class Row:
    """An appointment's columns, read while its session is open."""

    def __init__(self, a: Appointment) -> None:
        self.code, self.day, self.slot, self.item_id = a.code, a.day, a.slot, a.item_id
        self.mobile, self.state, self.terminal = a.mobile, a.state, a.terminal
        self.reference = getattr(a, "reference", None)


def _appointments(db: Database) -> list[Row]:
    with db.read() as s:
        return [Row(a) for a in s.scalars(select(Appointment).order_by(Appointment.id))]


def open_booking(k: Kiosk) -> None:
    k.click("appointmentButton")
    k.wait(lambda: k.app.nav.property("mode") == "check_in")
    k.settle()
    k.click("appointmentBook")
    k.wait(lambda: k.app.appointment.property("page") == "items")
    k.settle()
    k.click(f"bookItem_{ITEM}")
    k.wait(lambda: k.app.appointment.property("page") == "when")
    k.wait(lambda: not k.app.appointment.property("busy"))
    k.settle()


def book(k: Kiosk, slot: str = "09:00", mobile: str = MOBILE) -> str:
    """From home to the booked page; the code as the screen shows it."""
    open_booking(k)
    k.click("bookSlot_" + slot.replace(":", ""))
    k.wait(lambda: k.app.appointment.property("page") == "form")
    k.settle()
    k.type_into("bookName", "王婧姝")
    k.type_into("bookMobile", mobile)
    k.click("bookSubmit")
    k.wait(lambda: k.app.appointment.property("page") == "booked")
    k.wait(lambda: not k.app.appointment.property("printing"))
    return str(k.app.appointment.property("code"))


def at(clock: Clock, day: date, hour: int, minute: int) -> None:
    clock.now = datetime.combine(day, time(hour, minute), CST)


def check_in_by_qr(k: Kiosk, code: str) -> None:
    k.wait_screen("home")
    assert k.app.appointment.scanned(qr_text(code))
    k.wait(lambda: not k.app.appointment.property("busy"))


def test_booking_prints_its_slip_and_checking_in_on_time_gives_an_appointment_ticket(
    booth: tuple[Kiosk, Database], hall_clock: Clock
) -> None:
    k, db = booth
    code = book(k)
    plain = code.replace(" ", "")
    (row,) = _appointments(db)
    assert (row.code, row.day, row.slot, row.item_id, row.mobile) == (
        plain,
        SATURDAY,
        "09:00",
        ITEM,
        MOBILE,
    )
    assert k.text("bookedWhen") == "时间：11月28日（星期六） 09:00-10:00"
    assert "已打印" in k.text("slipMessage") or "预约单" in k.text("slipMessage")
    slips = list((k.data_dir / "tickets").glob("*booking*"))
    assert slips, "the booking slip went to the printer"
    k.click("appointmentHome")
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
    k.wait_screen("home")
    assert k.app.appointment.property("code") == ""  # nothing of the applicant stays

    # An ordinary ticket is taken first on the day; then the appointment is served first.
    at(hall_clock, SATURDAY, 8, 40)  # 20 minutes before the 09:00 slot: on time
    assert k.declare(ITEM, category="personal") == "passed"
    k.take_ticket()
    walk_in = k.journey.ticketNumber
    assert walk_in == "B001"
    k.click("finishButton")
    k.wait_screen("finish")
    k.click("homeButton")
    check_in_by_qr(k, plain)
    k.wait_screen("intro")  # the booked item's introduction: the declaration as usual
    assert k.journey.appointment
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES[ITEM]())
    k.tick_materials()
    assert k.submit() == "passed"
    k.take_ticket()
    assert k.journey.ticketNumber == "Y001"  # the appointment series
    assert k.journey.ahead == "无人等候，请直接前往"  # served before the walk-in B001
    with db.read() as s:
        reference = s.scalars(select(Ticket.reference).where(Ticket.number == "Y001")).one()
    (linked,) = _appointments(db)
    assert linked.state == "checked_in" and linked.reference == reference


@pytest.mark.parametrize(
    ("hour", "minute", "words"), [(7, 50, "您来早了"), (9, 20, "已经过了预约的签到时间")]
)
def test_early_and_late_arrivals_hear_why_and_take_an_ordinary_ticket(
    booth: tuple[Kiosk, Database], hall_clock: Clock, hour: int, minute: int, words: str
) -> None:
    k, db = booth
    code = book(k).replace(" ", "")
    k.click("appointmentHome")
    at(hall_clock, SATURDAY, hour, minute)
    check_in_by_qr(k, code)
    k.wait(lambda: k.app.appointment.property("page") == "arrival")
    k.settle()
    assert words in k.text("arrivalMessage")
    k.click("declareInstead")  # the ordinary queue, for the booked item
    k.wait_screen("intro")
    assert not k.journey.appointment
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES[ITEM]())
    k.tick_materials()
    assert k.submit() == "passed"
    k.take_ticket()
    assert k.journey.ticketNumber == "B001"
    assert _appointments(db)[0].state == "booked"  # not checked in


def test_a_holiday_saturday_is_not_offered_and_a_make_up_saturday_is_a_working_day(
    booth: tuple[Kiosk, Database], tmp_path: Path
) -> None:
    k, db = booth
    calendar = {
        "version": "test.1",
        "years": [2026, 2027],
        "days": {
            "2026-12-05": {"kind": "holiday", "name": "测试假日"},
            "2026-12-12": {"kind": "workday", "name": "测试调休"},
        },
    }
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(calendar, ensure_ascii=False), "utf-8")
    admin.import_calendar(db, path, datetime.now(UTC))
    open_booking(k)
    days = [row["day"] for row in k.app.appointment.property("saturdays")]
    assert days[0] == "11月28日（星期六）"
    assert "12月5日（星期六）" not in days  # a statutory holiday
    assert "12月12日（星期六）" not in days  # a make-up working day: ordinary service
    assert days[1:] == ["12月19日（星期六）", "12月26日（星期六）", "1月2日（星期六）"]
    assert k.find("bookDay_0") is not None and k.find("bookDay_4") is None


def test_two_terminals_booking_the_last_place_at_once_one_wins(
    booth: tuple[Kiosk, Database], hall: tuple[ServerThread, Database]
) -> None:
    k, db = booth
    server, _ = hall
    with db.transaction() as s:
        appointments.set_plan(s, SATURDAY, 1, [1])
    other = AppointmentSource(
        CentralConfig(url=server.base_url, token=add_terminal(db, 2, datetime.now(UTC)).token)
    )
    open_booking(k)
    k.click("bookSlot_0900")
    k.wait(lambda: k.app.appointment.property("page") == "form")
    k.settle()
    k.type_into("bookName", "王婧姝")
    k.type_into("bookMobile", MOBILE)
    request = BookingRequest.of(ITEM, SATURDAY, "09:00", "李明", "13800001111")
    outcome: list[object] = []
    go = threading.Barrier(2)

    def terminal_two() -> None:
        go.wait()
        outcome.append(other.book(request, 2))

    thread = threading.Thread(target=terminal_two)
    thread.start()
    go.wait()
    k.click("bookSubmit")
    thread.join()
    k.wait(lambda: not k.app.appointment.property("busy"))
    other.close()
    rows = [a for a in _appointments(db) if a.slot == "09:00"]
    assert len(rows) == 1  # one place, one booking
    if rows[0].terminal == 1:
        assert k.app.appointment.property("page") == "booked"
    else:  # the kiosk lost: the slots as they are now, and why
        assert k.app.appointment.property("page") == "when"
        assert "约满" in k.app.appointment.property("problem")
        slots = {s["start"]: s for s in k.app.appointment.property("slots")}
        assert slots["09:00"]["full"]


def manage(k: Kiosk) -> None:
    """From a finished booking, home, then the appointments' cancel-or-change page."""
    k.click("appointmentHome")
    k.wait_screen("home")
    k.click("appointmentButton")
    k.wait(lambda: k.app.nav.property("mode") == "check_in")
    k.settle()
    k.click("appointmentManage")
    k.settle()


def test_cancelling_and_changing_by_code_and_mobile(booth: tuple[Kiosk, Database]) -> None:
    k, db = booth
    code = book(k).replace(" ", "")
    manage(k)
    k.type_into("checkInCode", code.lower())
    k.type_into("checkInMobile", "13800000000")  # not the booking's: nothing revealed
    k.click("manageChange")
    k.wait(lambda: not k.app.appointment.property("busy"))
    k.wait(lambda: k.app.appointment.property("page") == "change")
    k.wait(lambda: not k.app.appointment.property("busy"))
    k.settle()
    k.click("bookSlot_1100")
    k.wait(lambda: not k.app.appointment.property("busy"))
    assert "没有查到这个预约" in k.app.appointment.property("problem")
    assert _appointments(db)[0].slot == "09:00"

    k.click("appointmentBack")
    k.wait(lambda: k.app.appointment.property("page") == "manage")
    k.settle()
    k.type_into("checkInMobile", MOBILE)
    k.click("manageChange")
    k.wait(lambda: k.app.appointment.property("page") == "change")
    k.wait(lambda: not k.app.appointment.property("busy"))
    k.settle()
    k.click("bookSlot_1100")
    k.wait(lambda: k.app.appointment.property("page") == "booked")
    assert k.app.appointment.property("code").replace(" ", "") == code  # the same code
    assert _appointments(db)[0].slot == "11:00"

    manage(k)
    k.type_into("checkInCode", code)
    k.type_into("checkInMobile", MOBILE)
    k.click("manageCancel")
    k.wait(lambda: k.app.appointment.property("page") == "cancelled")
    assert _appointments(db)[0].state == "cancelled"


def test_booking_offline_is_refused_plainly_and_offers_the_declaration(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog, hall_clock: Clock
) -> None:
    dead = CentralConfig(url="http://127.0.0.1:9", token="x" * 32, timeout_s=1)
    k = _kiosk(qapp, qtbot, tmp_path / "data", catalog, dead, hall_clock)
    try:
        open_booking(k)
        k.wait(lambda: k.app.appointment.property("offline"))
        k.settle()
        assert "现在无法预约" in k.text("appointmentProblem")
        assert k.find("bookSlot_0900") is None
        k.click("declareInstead")
        k.wait_screen("intro")  # the item chosen, declared the ordinary way
        assert k.app.nav.property("mode") == "applicant"
    finally:
        k.app.close()


def test_nothing_of_a_booking_stays_after_the_privacy_timeout(
    booth: tuple[Kiosk, Database],
) -> None:
    k, _ = booth
    code = book(k)
    secrets = (code, code.replace(" ", ""), "王婧姝", MOBILE, MOBILE[-4:])
    assert [s for s in qml_texts(k) if any(x in s for x in secrets)]  # shown before
    k.idle.expire_now()
    k.wait_screen("home")
    k.wait(lambda: k.app.nav.property("mode") == "applicant")
    k.app.engine.collectGarbage()
    k.settle()
    assert [s for s in qml_texts(k) if any(x in s for x in secrets)] == []
    kept = reachable_strings([k.app.appointment], skip=[])
    assert [s for s in kept if any(x in s for x in secrets)] == []
    assert k.app.appointment.property("page") == "menu"
