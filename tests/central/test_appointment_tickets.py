"""A checked-in Saturday appointment's ticket (series Y) on the real server, on SQLite and
PostgreSQL: linked to its booking in the ticket's transaction, the same number for the
same reference, refused for another reference, a booking not checked in or another day,
series Y only with an appointment; appointment tickets served first (`ahead`); and the
smaller rules around them: a closed Saturday opened again on the supervisors' page, an
item the active catalog does not have refused, series Y tickets not walk-ins."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
from sqlalchemy import select, text

from central import appointments
from central.db import Database
from central.models import Appointment, DaySequence, SaturdayPlan, Ticket
from central.ratings import hall_calendar
from central.serve import ServerThread
from kiosk.tickets import APPOINTMENT_SERIES
from tests.central.conftest import register_terminal
from tests.central.dashboard_helpers import import_catalog, sign_in
from tests.central.migration_helpers import at_revision
from tests.central.test_appointments import browser, section  # noqa: F401  (the fixture)
from tests.conftest import CST, Clock

SATURDAY = "2026-11-28"  # the clock's Thursday 26 November is two days before
MOBILES = ["13912345678", "13800001111", "13700002222"]


def ref(n: int, day: str = SATURDAY, terminal: int = 3) -> str:
    return f"{day.replace('-', '')}-{terminal:02d}-{n:04d}"


def book(terminal: httpx.Client, mobile: str = MOBILES[0], **changes: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "terminal": 3,
        "item_id": "company-startup",
        "day": SATURDAY,
        "slot": "10:00",
        "name": "王婧姝",
        "mobile": mobile,
    }
    body.update(changes)
    return terminal.post("/api/v1/appointments", json=body)


def booked(terminal: httpx.Client, mobile: str = MOBILES[0], **changes: Any) -> str:
    response = book(terminal, mobile, **changes)
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def at(clock: Clock, day: str, hour: int, minute: int) -> None:
    clock.now = datetime.combine(date.fromisoformat(day), time(hour, minute), CST)


def checked_in(terminal: httpx.Client, clock: Clock, mobiles: list[str]) -> list[str]:
    """Bookings of the 10:00 slot made on Thursday, checked in on Saturday at 9:45."""
    codes = [booked(terminal, mobile) for mobile in mobiles]
    at(clock, SATURDAY, 9, 45)
    for code, mobile in zip(codes, mobiles, strict=True):
        answer = terminal.post(
            "/api/v1/appointments/check-in", json={"code": code, "mobile": mobile}
        )
        assert answer.status_code == 200 and answer.json()["result"] == "on_time", answer.text
    return codes


def ticket(
    terminal: httpx.Client,
    reference: str,
    *,
    appointment: str | None = None,
    series: str | None = None,
    counters: list[int] | None = None,
    day: str = SATURDAY,
) -> httpx.Response:
    body: dict[str, Any] = {
        "terminal": 3,
        "reference": reference,
        "series": series or (APPOINTMENT_SERIES if appointment else "A"),
        "day": day,
        "counters": [1, 2] if counters is None else counters,
    }
    if appointment is not None:
        body["appointment"] = appointment
    return terminal.post("/api/v1/tickets", json=body)


def issued(terminal: httpx.Client, reference: str, **fields: Any) -> dict[str, Any]:
    response = ticket(terminal, reference, **fields)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def linked(db: Database, code: str) -> str | None:
    with db.read() as s:
        row = s.scalar(select(Appointment).where(Appointment.code == code))
        assert row is not None
        return row.reference


# --- the ticket of a booking ---------------------------------------------------------------


def test_a_checked_in_booking_gets_a_y_ticket_once(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    (code,) = checked_in(terminal, clock, MOBILES[:1])
    first = issued(terminal, ref(1), appointment=code)
    assert first == {"number": "Y001", "sequence": 1, "ahead": 0}
    assert linked(db, code) == ref(1)
    with db.read() as s:
        row = s.scalar(select(Ticket).where(Ticket.reference == ref(1)))
        assert row is not None and (row.series, row.number) == ("Y", "Y001")
    # A lost answer asked again: the same number, no gap.
    assert issued(terminal, ref(1), appointment=code) == first
    # Another declaration with the same code: the booking has its ticket already.
    used = ticket(terminal, ref(2), appointment=code)
    assert used.status_code == 409
    assert used.json()["reason"] == "appointment_used"
    assert " / " in used.json()["detail"]  # bilingual, as the appointment routes answer
    # A reference that has an ordinary ticket cannot become a booking's ticket.
    issued(terminal, ref(3))
    (other,) = checked_in(terminal, clock, MOBILES[1:2])
    taken = ticket(terminal, ref(3), appointment=other)
    assert taken.status_code == 409 and "reason" not in taken.json()
    assert linked(db, other) is None
    with db.read() as s:
        assert s.scalar(select(Ticket).where(Ticket.reference == ref(2))) is None
        assert linked(db, code) == ref(1)
    assert issued(terminal, ref(4), appointment=other)["number"] == "Y002"


def test_two_references_with_one_code_at_once_one_ticket(
    db: Database, server: ServerThread, terminal: httpx.Client, clock: Clock
) -> None:
    (code,) = checked_in(terminal, clock, MOBILES[:1])
    token = register_terminal(db, 4)
    start = threading.Barrier(2)
    results: dict[str, httpx.Response] = {}

    def attempt(reference: str, number: int, bearer: str) -> None:
        headers = {"Authorization": f"Bearer {bearer}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as client:
            body = {
                "terminal": number,
                "reference": reference,
                "series": "Y",
                "day": SATURDAY,
                "counters": [1],
                "appointment": code,
            }
            start.wait()  # both requests leave together
            results[reference] = client.post("/api/v1/tickets", json=body)

    three = terminal.headers["Authorization"].removeprefix("Bearer ")
    threads = [
        threading.Thread(target=attempt, args=(ref(1, terminal=n), n, t))
        for n, t in ((3, three), (4, token))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results.values()) == [200, 409]
    (winner,) = [k for k, r in results.items() if r.status_code == 200]
    (loser,) = [r for r in results.values() if r.status_code == 409]
    assert loser.json()["reason"] == "appointment_used"
    assert results[winner].json()["number"] == "Y001"
    assert linked(db, code) == winner
    with db.read() as s:
        assert len(s.scalars(select(Ticket)).all()) == 1


def test_a_booking_not_checked_in_or_of_another_day_gives_no_ticket(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    waiting = booked(terminal, MOBILES[0], slot="14:00")  # booked, never checked in
    cancelled = booked(terminal, MOBILES[1], slot="14:00")
    cancel = terminal.post(f"/api/v1/appointments/{cancelled}/cancel", json={"mobile": MOBILES[1]})
    assert cancel.status_code == 200
    (arrived,) = checked_in(terminal, clock, MOBILES[2:])
    unknown = next(c for c in ("23456789", "98765432") if c not in (waiting, cancelled, arrived))
    for n, (code, day) in enumerate(
        (
            (waiting, SATURDAY),
            (cancelled, SATURDAY),
            (unknown, SATURDAY),
            (arrived, "2026-11-29"),  # checked in for Saturday, a ticket for Sunday
        ),
        start=1,
    ):
        refused = ticket(terminal, ref(n, day), appointment=code, day=day)
        assert refused.status_code == 409, (code, refused.text)
        assert refused.json()["reason"] == "appointment_not_checked_in"
    with db.read() as s:
        assert s.scalars(select(Ticket)).all() == []
        assert s.scalars(select(Appointment.reference)).all() == [None, None, None]
        # Refused before a number was taken: no gap in the series.
        assert s.scalars(select(DaySequence)).all() == []
    assert issued(terminal, ref(9), appointment=arrived)["number"] == "Y001"


def test_series_y_goes_with_an_appointment_and_only_with_one(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    (code,) = checked_in(terminal, clock, MOBILES[:1])
    no_appointment = ticket(terminal, ref(1), series="Y")
    assert no_appointment.status_code == 422
    assert "series Y is for appointments" in no_appointment.json()["detail"]
    other_series = ticket(terminal, ref(2), appointment=code, series="A")
    assert other_series.status_code == 422
    for malformed in (code.lower(), code[:7], code + "2", "ABCDEFG1", "", 12345678):
        answer = ticket(terminal, ref(3), appointment=malformed)  # type: ignore[arg-type]
        assert answer.status_code == 422, malformed
    with db.read() as s:
        assert s.scalars(select(Ticket)).all() == []
    assert linked(db, code) is None


# --- served first ---------------------------------------------------------------------------


def test_appointment_tickets_are_served_first(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    first, second = checked_in(terminal, clock, MOBILES[:2])
    assert issued(terminal, ref(1), counters=[1])["ahead"] == 0
    assert issued(terminal, ref(2), counters=[1])["ahead"] == 1
    # The applicant who booked waits behind no walk-in, only behind earlier bookings.
    assert issued(terminal, ref(3), appointment=first, counters=[1])["ahead"] == 0
    assert issued(terminal, ref(4), appointment=second, counters=[1, 2])["ahead"] == 1
    # Another counter's tickets are not in the way.
    assert issued(terminal, ref(5), counters=[7])["ahead"] == 0
    # A later walk-in waits behind both walk-ins before it and both bookings.
    assert issued(terminal, ref(6), counters=[1])["ahead"] == 4
    # The first walk-in asked again: the bookings that came after it are now ahead.
    assert issued(terminal, ref(1), counters=[1])["ahead"] == 2
    assert issued(terminal, ref(7), counters=[2])["ahead"] == 1  # only the booking at 2
    queue = terminal.get("/api/v1/queue")
    assert queue.status_code == 200
    assert queue.json()["counters"] == {
        "1": {"waiting": 5},
        "2": {"waiting": 2},
        "7": {"waiting": 1},
    }


# --- walk-ins, catalog items, reopening -----------------------------------------------------


def test_appointment_tickets_are_not_walk_ins(db: Database) -> None:
    """The counters suggestion's walk-ins of the last Saturdays leave series Y out: those
    applicants had booked, and the bookings are counted already."""
    with db.transaction() as s:
        for n in range(24):
            series = "Y" if n % 6 == 0 else "A"  # 4 appointment tickets, 20 walk-ins
            s.add(
                Ticket(
                    reference=f"20261121-03-{n:04}",
                    day=date(2026, 11, 21),
                    series=series,
                    number=f"{series}{n:03}",
                    source="central",
                    terminal=3,
                    counters=[1],
                    allocated_at=datetime(2026, 11, 21, 2, tzinfo=UTC),
                    issued_at=None,
                    print_status=None,
                    print_count=0,
                )
            )
    with db.read() as s:
        walk_ins = appointments.average_walk_ins(s, hall_calendar(s), date(2026, 11, 26))
    assert walk_ins == 20 / 4  # over the last four service Saturdays


def test_an_item_the_active_catalog_lacks_is_refused(db: Database, terminal: httpx.Client) -> None:
    # No catalog imported: any item is taken, as before catalogs were kept.
    assert book(terminal, MOBILES[0], item_id="business_license").status_code == 201
    import_catalog(db)
    refused = book(terminal, MOBILES[1], item_id="business_license")
    assert refused.status_code == 422
    assert refused.json()["reason"] == "no_such_item"
    assert booked(terminal, MOBILES[1], item_id="company-startup")
    with db.read() as s:
        assert len(s.scalars(select(Appointment)).all()) == 2


def test_a_supervisor_opens_a_closed_saturday_again(
    browser: httpx.Client,  # noqa: F811
    db: Database,
    terminal: httpx.Client,
) -> None:
    code = booked(terminal)
    csrf = sign_in(browser, "sun")
    close = {"csrf": csrf, "day": SATURDAY, "note": "停电检修"}
    assert browser.post("/dashboard/saturdays/close", data=close).status_code == 303
    closed = section(browser.get("/dashboard/saturdays").text, SATURDAY)
    assert 'data-closed="yes"' in closed
    assert 'action="/dashboard/saturdays/reopen"' in closed and "恢复该日预约" in closed
    assert book(terminal, MOBILES[1]).json()["reason"] == "closed"

    reopen = {"csrf": csrf, "day": SATURDAY}
    assert (
        browser.post("/dashboard/saturdays/reopen", data=reopen | {"csrf": "x"}).status_code == 403
    )
    bad_day = browser.post("/dashboard/saturdays/reopen", data=reopen | {"day": "2026-12-07"})
    assert bad_day.status_code == 400 and "该日不是近期的星期六办事日" in bad_day.text
    assert browser.post("/dashboard/saturdays/reopen", data=reopen).status_code == 303
    shown = section(browser.get("/dashboard/saturdays").text, SATURDAY)
    assert 'data-closed="no"' in shown and "停电检修" not in shown
    assert 'action="/dashboard/saturdays/close"' in shown
    assert MOBILES[0] not in shown  # open again: counts only, no call list
    with db.read() as s:
        plan = s.get(SaturdayPlan, date.fromisoformat(SATURDAY))
        assert plan is not None and (plan.closed_at, plan.closed_by, plan.note) == (None, None, "")
    assert booked(terminal, MOBILES[1])  # bookings are taken again
    with db.read() as s:  # the booking made before the closing kept its place
        row = s.scalar(select(Appointment).where(Appointment.code == code))
        assert row is not None and row.state == "booked"
    english = browser.get("/dashboard/saturdays?lang=en", follow_redirects=True).text
    assert "Close this Saturday" in english
    browser.post("/dashboard/saturdays/close", data=close)
    english = browser.get("/dashboard/saturdays?lang=en", follow_redirects=True).text
    assert "Open this Saturday again" in english


def test_attendants_cannot_reopen(
    browser: httpx.Client,  # noqa: F811
    db: Database,
) -> None:
    with db.transaction() as s:
        appointments.close(s, date.fromisoformat(SATURDAY), "孙主任", "停电", datetime.now(UTC))
    csrf = sign_in(browser)  # 张辅导, an attendant
    answer = browser.post("/dashboard/saturdays/reopen", data={"csrf": csrf, "day": SATURDAY})
    assert answer.status_code == 403
    with db.read() as s:
        plan = s.get(SaturdayPlan, date.fromisoformat(SATURDAY))
        assert plan is not None and plan.closed_at is not None


# --- the migration ----------------------------------------------------------------------------


def test_bookings_of_0008_are_kept_without_a_ticket(database_url: str) -> None:
    with at_revision(database_url, "0008") as c:
        c.execute(
            text(
                "INSERT INTO appointments (code, day, slot, item_id, name, mobile, terminal, "
                "state, booked_at) VALUES ('K7QM3XPA', '2026-11-28', '10:00', 'x', '王婧姝', "
                "'13912345678', 3, 'checked_in', '2026-11-26 02:00:00')"
            )
        )
    upgraded = Database(database_url)
    with upgraded.read() as s:
        row = s.scalar(select(Appointment))
        assert row is not None
        assert (row.code, row.state, row.reference) == ("K7QM3XPA", "checked_in", None)
    with upgraded.transaction() as s:  # many bookings without a ticket: NULLs never collide
        for n, mobile in enumerate(MOBILES[1:]):
            s.add(
                Appointment(
                    code=f"K7QM3XP{n + 2}",
                    day=date(2026, 11, 28),
                    slot="10:00",
                    item_id="x",
                    name="李明",
                    mobile=mobile,
                    terminal=3,
                    state="booked",
                    booked_at=datetime(2026, 11, 26, 2, tzinfo=UTC),
                )
            )
    with upgraded.read() as s:
        assert s.scalars(select(Appointment.reference)).all() == [None, None, None]
    upgraded.close()
