"""POST /api/v1/appointments/check-in-by-id-card on the real server (SQLite and
PostgreSQL): the holder of the resident ID card the terminal read checks in for today's
booking by check-in's rules (on time, early, late, a second time), the answer check-in's
and the booking's code; another day's booking, none and another's are 404 in both
languages; of several today the earliest not yet checked in; misses stopped per terminal
on a count of their own; malformed numbers 422; the number never echoed nor logged."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central.api.appointments import CARD_NOT_FOUND
from central.db import Database
from central.models import Appointment
from kiosk.appointments import card_arrival_from_answer
from kiosk.validators import resident_id_check_digit
from tests.central.conftest import Connect, register_counter, register_terminal
from tests.central.test_appointments import (
    CREDIT_CODE,
    MOBILE,
    NEXT,
    OTHER_MOBILE,
    RESIDENT_ID,
    SATURDAY,
    at,
    booked,
    check_in,
)
from tests.conftest import Clock

PATH = "/api/v1/appointments/check-in-by-id-card"


def number(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


OTHER = number("33010619880315002")
WITH_X = next(n for i in range(100) if (n := number(f"440305199001019{i:02d}")).endswith("X"))
WRONG_CHECK = RESIDENT_ID[:17] + ("0" if RESIDENT_ID[17] != "0" else "1")


def by_card(client: httpx.Client, id_number: Any = RESIDENT_ID) -> httpx.Response:
    return client.post(PATH, json={"id_number": id_number})


@dataclass(frozen=True)
class Row:
    state: str
    checked_in_at: datetime | None
    id_number: str | None


def row(db: Database, code: str) -> Row:
    with db.read() as s:
        found = s.scalar(select(Appointment).where(Appointment.code == code))
        assert found is not None
        return Row(found.state, found.checked_in_at, found.id_number)


# -- arriving ------------------------------------------------------------------------


def test_on_time_checks_in_and_answers_check_ins_answer_with_the_code(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    code = booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 9, 45)
    answer = by_card(terminal)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert answer.json() == {
        "result": "on_time",
        "day": SATURDAY,
        "slot": "10:00",
        "item_id": "business_license",
        "code": code,
    }
    stored = row(db, code)
    assert (stored.state, stored.checked_in_at) == ("checked_in", clock.now)
    # Exactly check-in's answer besides the code (a typed check-in of it now, too).
    typed = check_in(terminal, code, None).json()
    assert {**typed, "code": code} == answer.json()
    for personal in ("王婧姝", MOBILE, RESIDENT_ID):
        assert personal not in answer.text
    # The terminal's own check of the answer takes it.
    arrival = card_arrival_from_answer(answer.json())
    assert (arrival.result, arrival.code) == ("on_time", code)


def test_early_says_the_minutes_and_late_says_late_neither_checks_in(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    code = booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 9, 20)
    early = by_card(terminal).json()
    assert early == {
        "result": "early",
        "day": SATURDAY,
        "slot": "10:00",
        "item_id": "business_license",
        "minutes": 10,  # the window opens at 9:30
        "code": code,
    }
    at(clock, SATURDAY, 10, 16)  # 10:00's window: 9:30 to 10:15
    late = by_card(terminal).json()
    assert (late["result"], late["code"]) == ("late", code) and "minutes" not in late
    assert row(db, code).state == "booked"
    at(clock, SATURDAY, 10, 15)
    assert by_card(terminal).json()["result"] == "on_time"


def test_a_second_check_in_answers_on_time_and_changes_nothing(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    code = booked(terminal, slot="09:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 9, 0)
    first = by_card(terminal).json()
    checked_in_at = row(db, code).checked_in_at
    at(clock, SATURDAY, 15, 30)  # long after its window
    assert by_card(terminal).json() == first
    assert row(db, code).checked_in_at == checked_in_at
    # Checked in by its code before, the card finds it checked in too.
    other = booked(terminal, slot="11:00", mobile=OTHER_MOBILE, id_number=OTHER)
    at(clock, SATURDAY, 11, 0)
    assert check_in(terminal, other, None).json()["result"] == "on_time"
    again = by_card(terminal, OTHER).json()
    assert (again["result"], again["code"]) == ("on_time", other)


def test_the_number_is_matched_as_the_booking_stored_it(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    # Typed at the booking with a small x, full-width digits and spaces: stored cleaned.
    typed = "４" + WITH_X[1:6] + " " + WITH_X[6:].lower()
    code = booked(terminal, slot="10:00", id_number=typed)
    assert row(db, code).id_number == WITH_X
    at(clock, SATURDAY, 10, 0)
    assert by_card(terminal, WITH_X.lower()).json()["code"] == code
    assert by_card(terminal, WITH_X).json()["code"] == code


# -- not found -----------------------------------------------------------------------


def assert_not_found(answer: httpx.Response) -> None:
    assert answer.status_code == 404, answer.text
    assert answer.json() == {"detail": CARD_NOT_FOUND, "reason": "not_found"}
    assert answer.headers["cache-control"] == "no-store"


def test_the_404_is_in_both_languages() -> None:
    assert CARD_NOT_FOUND == "今天没有这张身份证的预约 / No appointment today for this ID card"


def test_a_booking_of_another_day_is_not_found(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    code = booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    moved = booked(terminal, slot="10:00", mobile=OTHER_MOBILE, id_number=OTHER)
    body = {"mobile": OTHER_MOBILE, "day": NEXT, "slot": "10:00"}
    assert terminal.post(f"/api/v1/appointments/{moved}/change", json=body).status_code == 200
    # The Thursday before: typed, its code answers not_today; by card it is none today.
    assert check_in(terminal, code).json()["result"] == "not_today"
    assert_not_found(by_card(terminal))
    # On the Saturday, the booking moved to the next one is not found.
    at(clock, SATURDAY, 10, 0)
    assert_not_found(by_card(terminal, OTHER))
    assert by_card(terminal).json()["code"] == code
    # The Saturday after: the first day's booking is not found, the moved one is.
    at(clock, NEXT, 10, 0)
    assert_not_found(by_card(terminal))
    assert by_card(terminal, OTHER).json()["code"] == moved


def test_none_anothers_a_cancelled_or_a_companys_booking_is_not_found(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    at(clock, SATURDAY, 10, 0)
    assert_not_found(by_card(terminal))  # nothing booked at all
    booked(terminal, slot="10:00", mobile=OTHER_MOBILE, id_number=OTHER)
    assert_not_found(by_card(terminal))  # another's card
    cancelled = booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    gone = terminal.post(f"/api/v1/appointments/{cancelled}/cancel", json={"mobile": MOBILE})
    assert gone.status_code == 200
    assert_not_found(by_card(terminal))
    booked(terminal, slot="10:00", credit_code=CREDIT_CODE)  # a company's, no ID number
    assert_not_found(by_card(terminal))
    assert row(db, cancelled).state == "cancelled"


# -- several today -------------------------------------------------------------------


def add_booking(db: Database, code: str, slot: str, state: str, mobile: str) -> None:
    """A booking written directly: POST /appointments takes one per person and Saturday."""
    at = datetime(2026, 11, 20, 2, tzinfo=UTC)
    with db.transaction() as s:
        s.add(
            Appointment(
                code=code,
                day=date.fromisoformat(SATURDAY),
                slot=slot,
                item_id=f"item_{slot[:2]}",
                name="王婧姝",
                mobile=mobile,
                id_number=RESIDENT_ID,
                credit_code=None,
                terminal=3,
                state=state,
                booked_at=at,
                checked_in_at=at if state == "checked_in" else None,
            )
        )


def test_of_several_today_the_earliest_not_yet_checked_in(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    # The API takes one booking per person and Saturday: a second is refused.
    booked(terminal, slot="13:00", mobile="13700000004", id_number=RESIDENT_ID)
    again = terminal.post(
        "/api/v1/appointments",
        json={
            "terminal": 3,
            "item_id": "x",
            "day": SATURDAY,
            "slot": "14:00",
            "name": "王婧姝",
            "mobile": "13700000005",
            "id_number": RESIDENT_ID,
        },
    )
    assert again.json()["reason"] == "already_booked"
    add_booking(db, "AAAAAAA2", "11:00", "booked", "13700000001")
    add_booking(db, "AAAAAAA3", "09:00", "checked_in", "13700000002")
    add_booking(db, "AAAAAAA4", "10:00", "booked", "13700000003")
    add_booking(db, "AAAAAAA5", "08:00", "cancelled", "13700000006")
    at(clock, SATURDAY, 9, 45)
    first = by_card(terminal).json()
    assert (first["code"], first["slot"], first["result"]) == ("AAAAAAA4", "10:00", "on_time")
    assert first["item_id"] == "item_10"
    # 10:00 checked in now: the next not checked in is 11:00, early.
    second = by_card(terminal).json()
    assert (second["code"], second["result"], second["minutes"]) == ("AAAAAAA2", "early", 45)
    at(clock, SATURDAY, 10, 30)
    assert by_card(terminal).json()["code"] == "AAAAAAA2"
    at(clock, SATURDAY, 13, 0)
    assert by_card(terminal).json()["slot"] == "13:00"
    # All checked in: the earliest of them, on time again, nothing changed.
    at(clock, SATURDAY, 15, 0)
    last = by_card(terminal).json()
    assert (last["code"], last["result"]) == ("AAAAAAA3", "on_time")
    assert row(db, "AAAAAAA3").checked_in_at == datetime(2026, 11, 20, 2, tzinfo=UTC)
    assert row(db, "AAAAAAA5").state == "cancelled"


# -- refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"id_number": WRONG_CHECK},  # check digit
        {"id_number": RESIDENT_ID[:17]},
        {"id_number": RESIDENT_ID + "1"},
        {"id_number": "1" * 17 + "Y"},
        {"id_number": "１" + RESIDENT_ID[1:]},  # full-width: the terminal's to clean
        {"id_number": f" {RESIDENT_ID}"},
        {"id_number": RESIDENT_ID[:9] + "\x00" + RESIDENT_ID[10:]},
        {"id_number": ""},
        {"id_number": "9" * 100_000},  # huge, within the body's limit
        {"id_number": int(RESIDENT_ID[:17])},
        {"id_number": None},
        {"id_number": [RESIDENT_ID]},
        {"id_number": {"n": RESIDENT_ID}},
        {"id_number": RESIDENT_ID, "code": "K7QM3XPA"},  # no other keys
        {"id_number": RESIDENT_ID, "mobile": MOBILE},
        {"id": RESIDENT_ID},
        {},
        [RESIDENT_ID],
        RESIDENT_ID,
    ],
)
def test_malformed_bodies_are_422_and_do_not_echo_the_number(
    db: Database, terminal: httpx.Client, clock: Clock, body: Any
) -> None:
    code = booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 10, 0)
    answer = terminal.post(PATH, json=body)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and detail
    assert RESIDENT_ID[:17] not in answer.text and len(answer.text) < 2000
    assert row(db, code).state == "booked"


def test_the_422_says_what_a_number_must_be(terminal: httpx.Client) -> None:
    short = by_card(terminal, RESIDENT_ID[:10]).json()["detail"]
    assert short.startswith("body.id_number: ") and "18" in short and "居民身份证" in short
    assert "check digit" in by_card(terminal, WRONG_CHECK).json()["detail"]


def test_only_terminals_check_in_by_card(db: Database, connect: Connect) -> None:
    nobody = connect(None)
    assert by_card(nobody).status_code == 401
    assert nobody.post(PATH, json={}).status_code == 401
    assert by_card(connect(register_counter(db))).status_code == 403


def test_misses_are_stopped_per_terminal_on_a_count_of_their_own(
    db: Database, terminal: httpx.Client, connect: Connect, clock: Clock
) -> None:
    code = booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 9, 0)  # early: found, not a miss
    for n in range(20):
        assert_not_found(by_card(terminal, number(f"3101011990010{n:04d}")))
    stopped = by_card(terminal)  # even the holder's card, for a while
    assert stopped.status_code == 429
    assert int(stopped.headers["retry-after"]) == 600
    assert stopped.json()["reason"] == "throttled" and "分钟后再试" in stopped.json()["detail"]
    # The typed check-in counts its wrong codes apart: it is not stopped.
    assert check_in(terminal, code).json()["result"] == "early"
    other = connect(register_terminal(db, 4))
    assert by_card(other).json()["code"] == code  # another terminal is not stopped
    clock.now += timedelta(minutes=10, seconds=1)
    assert by_card(terminal).json()["code"] == code


def test_wrong_codes_do_not_stop_the_card(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    code = booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 10, 0)
    for n in range(20):
        assert check_in(terminal, f"{n:08}").status_code == 404
    assert check_in(terminal, code).status_code == 429
    assert by_card(terminal).json() == {
        "result": "on_time",
        "day": SATURDAY,
        "slot": "10:00",
        "item_id": "business_license",
        "code": code,
    }


def test_found_and_malformed_check_ins_are_not_counted(
    terminal: httpx.Client, clock: Clock
) -> None:
    booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 10, 0)
    for _ in range(25):
        assert by_card(terminal).status_code == 200
        assert by_card(terminal, "1" * 18).status_code == 422
    assert_not_found(by_card(terminal, OTHER))


def test_the_number_is_never_logged(
    terminal: httpx.Client, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    booked(terminal, slot="10:00", id_number=RESIDENT_ID)
    at(clock, SATURDAY, 10, 0)
    by_card(terminal)
    by_card(terminal, OTHER)
    by_card(terminal, WRONG_CHECK)
    for first17 in (RESIDENT_ID[:17], OTHER[:17]):
        assert first17 not in caplog.text
