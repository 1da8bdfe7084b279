"""Saturday appointments (星期六办事预约) on the real server, on SQLite and PostgreSQL: the
coming service Saturdays (a holiday and a make-up working Saturday skipped), booking,
the last place taken by one of two terminals at once, one booking per person, a closed
Saturday, cancelling, changing, checking in on a settable clock, identical answers for
a wrong code and a wrong mobile, throttled guessing, hostile bodies, nothing personal in
an answer; and the supervisors' 星期六预约 page."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central import admin, appointments
from central.db import Database
from central.models import Appointment, Ticket
from central.serve import ServerThread
from central.state import ServerState
from kiosk import validators
from kiosk.workcalendar import WorkCalendar
from tests.central.conftest import Connect, register_terminal
from tests.central.dashboard_helpers import add_staff, sign_in
from tests.conftest import CST, Clock

SATURDAY = "2026-11-28"  # the clock's Thursday 26 November is two days before
NEXT = "2026-12-05"
MOBILE = "13912345678"
OTHER_MOBILE = "13800001111"
RESIDENT_ID = "11010519491231002" + validators.resident_id_check_digit("11010519491231002")
CREDIT_CODE = "91350100M000100Y4" + validators.credit_code_check_char("91350100M000100Y4")
WRONG_ID = RESIDENT_ID[:17] + ("1" if RESIDENT_ID[17] != "1" else "2")
WRONG_CREDIT_CODE = CREDIT_CODE[:17] + ("1" if CREDIT_CODE[17] != "1" else "2")
CODE_FORM = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$")


def booking(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "terminal": 3,
        "item_id": "business_license",
        "day": SATURDAY,
        "slot": "09:00",
        "name": "王婧姝",
        "mobile": MOBILE,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def book(terminal: httpx.Client, **changes: Any) -> httpx.Response:
    return terminal.post("/api/v1/appointments", json=booking(**changes))


def booked(terminal: httpx.Client, **changes: Any) -> str:
    response = book(terminal, **changes)
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def saturdays(terminal: httpx.Client) -> dict[str, dict[str, Any]]:
    response = terminal.get("/api/v1/appointments/saturdays", params={"item_id": "x"})
    assert response.status_code == 200, response.text
    return {s["day"]: s for s in response.json()["saturdays"]}


def left(terminal: httpx.Client, day: str, slot: str) -> int:
    (found,) = [s["left"] for s in saturdays(terminal)[day]["slots"] if s["start"] == slot]
    return int(found)


def set_places(db: Database, day: str, places: int) -> None:
    with db.transaction() as s:
        appointments.set_plan(s, date.fromisoformat(day), places, [1, 2])


def import_test_calendar(db: Database, tmp_path: Path) -> None:
    """5 December a holiday Saturday, 12 December a make-up working Saturday (调休)."""
    calendar = {
        "version": "test.1",
        "years": [2026, 2027],
        "days": {
            "2026-12-05": {"kind": "holiday", "name": "测试假日"},
            "2026-12-12": {"kind": "workday", "name": "测试调休"},
            "2027-01-01": {"kind": "holiday", "name": "元旦"},
            "2027-01-02": {"kind": "holiday", "name": "元旦"},
            "2027-01-03": {"kind": "holiday", "name": "元旦"},
        },
    }
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(calendar, ensure_ascii=False), "utf-8")
    admin.import_calendar(db, path, datetime.now(UTC))


# --- which Saturdays ---------------------------------------------------------------------------


def test_the_rules_skip_holiday_and_make_up_saturdays() -> None:
    calendar = WorkCalendar.from_dict(
        {
            "version": "t",
            "years": [2026],
            "days": {
                "2026-12-05": {"kind": "holiday", "name": "假"},
                "2026-12-12": {"kind": "workday", "name": "调休"},
            },
        }
    )
    assert calendar.is_working_day(date(2026, 12, 12))  # a working day, not Saturday service
    found = appointments.service_saturdays(calendar, date(2026, 11, 26))
    assert found == [date(2026, 11, 28), date(2026, 12, 19), date(2026, 12, 26), date(2027, 1, 2)]
    # The hall's today when it is a service Saturday is the first of them.
    assert appointments.service_saturdays(calendar, date(2026, 11, 28))[0] == date(2026, 11, 28)
    assert appointments.recent_saturdays(calendar, date(2026, 12, 19), 2) == [
        date(2026, 11, 28),
        date(2026, 11, 21),
    ]
    assert appointments.DEFAULT_HOURS.starts() == [f"{h:02}:00" for h in range(9, 16)]


def test_the_four_saturdays_skip_a_holiday_and_a_make_up_working_saturday(
    db: Database, terminal: httpx.Client, tmp_path: Path
) -> None:
    import_test_calendar(db, tmp_path)
    found = saturdays(terminal)
    assert list(found) == ["2026-11-28", "2026-12-19", "2026-12-26", "2027-01-09"]
    first = found[SATURDAY]
    assert (first["opens"], first["closes"], first["closed"]) == ("09:00", "16:00", False)
    assert first["slots"][0] == {"start": "09:00", "end": "10:00", "left": 4}
    assert [s["start"] for s in first["slots"]] == [f"{h:02}:00" for h in range(9, 16)]
    for day in ("2026-12-05", "2026-12-12", "2026-11-27"):
        refused = book(terminal, day=day)
        assert refused.status_code == 409
        assert refused.json()["reason"] == "not_a_service_saturday"
        assert " / " in refused.json()["detail"]  # 中文 / English


# --- booking -----------------------------------------------------------------------------------


def test_a_booking_answers_its_code_and_nothing_personal(
    db: Database, terminal: httpx.Client
) -> None:
    response = book(terminal, id_number=RESIDENT_ID)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert set(answer) == {"code", "day", "slot", "item_id"}
    assert CODE_FORM.match(answer["code"])
    assert (answer["day"], answer["slot"], answer["item_id"]) == (
        SATURDAY,
        "09:00",
        "business_license",
    )
    assert left(terminal, SATURDAY, "09:00") == 3
    assert left(terminal, SATURDAY, "10:00") == 4
    with db.read() as s:
        row = s.scalar(select(Appointment))
        assert row is not None
        assert (row.name, row.mobile, row.id_number, row.state) == (
            "王婧姝",
            MOBILE,
            RESIDENT_ID,
            "booked",
        )
    # Whatever the terminal is answered, later too, holds nothing of the applicant.
    code = answer["code"]
    answers = [
        response,
        terminal.get("/api/v1/appointments/saturdays"),
        terminal.post("/api/v1/appointments/check-in", json={"code": code, "via": "qr"}),
        terminal.post(f"/api/v1/appointments/{code}/change", json=change_to(NEXT, "10:00")),
        terminal.post(f"/api/v1/appointments/{code}/cancel", json={"mobile": MOBILE}),
    ]
    for each in answers:
        assert each.status_code < 300, each.text
        for personal in ("王婧姝", MOBILE, MOBILE[-4:], RESIDENT_ID):
            assert personal not in each.text


def change_to(day: str, slot: str, mobile: str = MOBILE) -> dict[str, str]:
    return {"mobile": mobile, "day": day, "slot": slot}


def test_a_mobile_as_typed_is_kept_as_its_digits(db: Database, terminal: httpx.Client) -> None:
    booked(terminal, mobile="+86 139-1234-5678", credit_code=CREDIT_CODE.lower())
    with db.read() as s:
        row = s.scalar(select(Appointment))
        assert row is not None
        assert (row.mobile, row.credit_code, row.id_number) == (MOBILE, CREDIT_CODE, None)


def test_two_terminals_booking_the_last_place_at_once_one_wins(
    db: Database, server: ServerThread
) -> None:
    set_places(db, SATURDAY, 1)
    tokens = [register_terminal(db, n) for n in (3, 4)]
    start = threading.Barrier(2)
    results: dict[int, httpx.Response] = {}

    def attempt(number: int, token: str, mobile: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as client:
            body = booking(terminal=number, mobile=mobile)
            start.wait()  # both requests leave together
            results[number] = client.post("/api/v1/appointments", json=body)

    threads = [
        threading.Thread(target=attempt, args=(n, t, m))
        for n, t, m in ((3, tokens[0], MOBILE), (4, tokens[1], OTHER_MOBILE))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [201, 409]
    (loser,) = [r for r in results.values() if r.status_code == 409]
    assert loser.json()["reason"] == "full"
    with db.read() as s:
        assert len(s.scalars(select(Appointment)).all()) == 1


def test_one_person_books_once_at_once_too(db: Database, server: ServerThread) -> None:
    """The same mobile from two terminals at once, in two slots: one booking."""
    tokens = [register_terminal(db, n) for n in (3, 4)]
    start = threading.Barrier(2)
    results: list[httpx.Response] = []
    lock = threading.Lock()

    def attempt(number: int, token: str, slot: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as client:
            body = booking(terminal=number, slot=slot)
            start.wait()
            answer = client.post("/api/v1/appointments", json=body)
            with lock:
                results.append(answer)

    threads = [
        threading.Thread(target=attempt, args=(n, t, slot))
        for n, t, slot in ((3, tokens[0], "09:00"), (4, tokens[1], "10:00"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results) == [201, 409]
    assert [r.json()["reason"] for r in results if r.status_code == 409] == ["already_booked"]


def test_one_live_booking_per_person_and_saturday(terminal: httpx.Client) -> None:
    booked(terminal, id_number=RESIDENT_ID)
    again = book(terminal, slot="11:00")
    assert again.status_code == 409 and again.json()["reason"] == "already_booked"
    same_id = book(terminal, slot="11:00", mobile=OTHER_MOBILE, id_number=RESIDENT_ID)
    assert same_id.status_code == 409 and same_id.json()["reason"] == "already_booked"
    # Another Saturday, and another person the same Saturday, are fine.
    booked(terminal, day=NEXT)
    booked(terminal, mobile=OTHER_MOBILE, credit_code=CREDIT_CODE)
    same_code = book(terminal, mobile="13700002222", credit_code=CREDIT_CODE)
    assert same_code.status_code == 409 and same_code.json()["reason"] == "already_booked"


def test_a_full_slot_and_a_closed_saturday_refuse(
    db: Database, state: ServerState, terminal: httpx.Client
) -> None:
    set_places(db, SATURDAY, 0)
    full = book(terminal)
    assert full.status_code == 409 and full.json()["reason"] == "full"
    assert left(terminal, SATURDAY, "09:00") == 0
    with db.transaction() as s:
        appointments.close(s, date(2026, 12, 5), "孙主任", "停电检修", state.clock())
    closed = book(terminal, day=NEXT)
    assert closed.status_code == 409 and closed.json()["reason"] == "closed"
    assert "停止预约" in closed.json()["detail"]
    assert saturdays(terminal)[NEXT]["closed"] is True
    assert saturdays(terminal)[SATURDAY]["closed"] is False


def test_cancelling_frees_the_place(db: Database, connect: Connect) -> None:
    set_places(db, SATURDAY, 1)
    terminal = connect(register_terminal(db, 3))
    code = booked(terminal)
    assert book(terminal, mobile=OTHER_MOBILE).json()["reason"] == "full"
    wrong = terminal.post(f"/api/v1/appointments/{code}/cancel", json={"mobile": OTHER_MOBILE})
    assert wrong.status_code == 404
    done = terminal.post(f"/api/v1/appointments/{code.lower()}/cancel", json={"mobile": MOBILE})
    assert done.status_code == 200, done.text
    assert done.json() == {
        "code": code,
        "day": SATURDAY,
        "slot": "09:00",
        "item_id": "business_license",
        "state": "cancelled",
    }
    assert left(terminal, SATURDAY, "09:00") == 1
    booked(terminal, mobile=OTHER_MOBILE)
    # The same person may book again once cancelled; a cancelled code is not found.
    assert (
        terminal.post(f"/api/v1/appointments/{code}/cancel", json={"mobile": MOBILE}).status_code
        == 404
    )
    with db.read() as s:
        row = s.scalar(select(Appointment).where(Appointment.code == code))
        assert row is not None and row.state == "cancelled" and row.cancelled_at is not None


def test_changing_moves_the_booking_and_keeps_its_code(
    db: Database, terminal: httpx.Client
) -> None:
    code = booked(terminal)
    moved = terminal.post(f"/api/v1/appointments/{code}/change", json=change_to(NEXT, "10:00"))
    assert moved.status_code == 200, moved.text
    assert moved.json() == {
        "code": code,
        "day": NEXT,
        "slot": "10:00",
        "item_id": "business_license",
    }
    assert left(terminal, SATURDAY, "09:00") == 4
    assert left(terminal, NEXT, "10:00") == 3
    # Within its own slot of a full day it may move (it does not count against itself).
    set_places(db, NEXT, 1)
    same = terminal.post(f"/api/v1/appointments/{code}/change", json=change_to(NEXT, "10:00"))
    assert same.status_code == 200
    booked(terminal, mobile=OTHER_MOBILE, day=NEXT, slot="11:00")
    full = terminal.post(f"/api/v1/appointments/{code}/change", json=change_to(NEXT, "11:00"))
    assert full.status_code == 409 and full.json()["reason"] == "full"
    nowhere = terminal.post(f"/api/v1/appointments/{code}/change", json=change_to(NEXT, "16:00"))
    assert nowhere.status_code == 422 and nowhere.json()["reason"] == "no_such_slot"
    not_saturday = terminal.post(
        f"/api/v1/appointments/{code}/change", json=change_to("2026-12-07", "10:00")
    )
    assert not_saturday.json()["reason"] == "not_a_service_saturday"
    wrong = terminal.post(
        f"/api/v1/appointments/{code}/change", json=change_to(SATURDAY, "10:00", OTHER_MOBILE)
    )
    assert wrong.status_code == 404
    with db.read() as s:
        row = s.scalar(select(Appointment).where(Appointment.code == code))
        assert row is not None and (row.day.isoformat(), row.slot) == (NEXT, "10:00")


def check_in(terminal: httpx.Client, code: str, mobile: str | None = MOBILE) -> httpx.Response:
    body = {"code": code, "mobile": mobile} if mobile else {"code": code, "via": "qr"}
    return terminal.post("/api/v1/appointments/check-in", json=body)


def at(clock: Clock, day: str, hour: int, minute: int) -> None:
    clock.now = datetime.combine(date.fromisoformat(day), time(hour, minute), CST)


def test_checking_in_on_time_early_late_and_not_today(
    db: Database, terminal: httpx.Client, clock: Clock
) -> None:
    code = booked(terminal, slot="10:00")
    late_code = booked(terminal, slot="11:00", mobile=OTHER_MOBILE)
    answer = check_in(terminal, code)
    assert answer.status_code == 200
    assert answer.json() == {
        "result": "not_today",
        "day": SATURDAY,
        "slot": "10:00",
        "item_id": "business_license",
    }
    at(clock, SATURDAY, 9, 20)
    early = check_in(terminal, code).json()
    assert (early["result"], early["minutes"]) == ("early", 10)  # the window opens at 9:30
    at(clock, SATURDAY, 9, 30)
    assert check_in(terminal, code).json()["result"] == "on_time"
    with db.read() as s:
        row = s.scalar(select(Appointment).where(Appointment.code == code))
        assert row is not None and row.state == "checked_in"
        first = row.checked_in_at
    # Once checked in, again on_time and nothing changes; no cancel nor change now.
    at(clock, SATURDAY, 15, 0)
    assert check_in(terminal, code, None).json()["result"] == "on_time"
    with db.read() as s:
        row = s.scalar(select(Appointment).where(Appointment.code == code))
        assert row is not None and row.checked_in_at == first
    gone = terminal.post(f"/api/v1/appointments/{code}/cancel", json={"mobile": MOBILE})
    assert gone.status_code == 409 and gone.json()["reason"] == "checked_in"
    # 11:00's window: 10:30 to 11:15.
    at(clock, SATURDAY, 11, 16)
    assert check_in(terminal, late_code, OTHER_MOBILE).json()["result"] == "late"
    at(clock, SATURDAY, 11, 15)
    assert check_in(terminal, late_code, None).json()["result"] == "on_time"


def test_a_wrong_code_and_a_wrong_mobile_get_the_same_404(terminal: httpx.Client) -> None:
    code = booked(terminal)
    unknown = "23456789" if code != "23456789" else "98765432"
    answers = [
        check_in(terminal, unknown),
        check_in(terminal, code, OTHER_MOBILE),
        terminal.post(f"/api/v1/appointments/{unknown}/cancel", json={"mobile": MOBILE}),
        terminal.post(f"/api/v1/appointments/{code}/cancel", json={"mobile": OTHER_MOBILE}),
        terminal.post(f"/api/v1/appointments/{unknown}/change", json=change_to(NEXT, "10:00")),
        terminal.post(
            f"/api/v1/appointments/{code}/change", json=change_to(NEXT, "10:00", OTHER_MOBILE)
        ),
        terminal.post(f"/api/v1/appointments/{'X' * 40}/cancel", json={"mobile": MOBILE}),
    ]
    assert {r.status_code for r in answers} == {404}
    assert len({r.content for r in answers}) == 1
    assert answers[0].json()["reason"] == "not_found"
    assert check_in(terminal, unknown, None).content == answers[0].content


def test_guessing_codes_is_throttled_per_terminal(db: Database, connect: Connect) -> None:
    terminal = connect(register_terminal(db, 3))
    other = connect(register_terminal(db, 4))
    code = booked(terminal)
    for n in range(20):
        assert check_in(terminal, f"{n:08}").status_code == 404
    refused = check_in(terminal, code)  # even the right code, while locked out
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == 600
    assert refused.json()["reason"] == "throttled"
    locked = terminal.post(f"/api/v1/appointments/{code}/cancel", json={"mobile": MOBILE})
    assert locked.status_code == 429
    assert check_in(other, code).status_code == 200  # another terminal is not locked out


HOSTILE = [
    {"extra": 1},
    {"mobile": "12345678901"},
    {"mobile": 13912345678},
    {"id_number": WRONG_ID},
    {"credit_code": WRONG_CREDIT_CODE},
    {"id_number": RESIDENT_ID, "credit_code": CREDIT_CODE},
    {"day": 20261128},
    {"day": "2026-02-30"},
    {"day": "28/11/2026"},
    {"slot": "9:00"},
    {"slot": ["09:00"]},
    {"name": ""},
    {"name": "   "},
    {"name": "王\x00婧"},
    {"name": "名" * 65},
    {"item_id": "../etc"},
    {"terminal": "3"},
    {"terminal": 13},
]


@pytest.mark.parametrize("change", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_hostile_bodies_are_422_without_the_input(
    terminal: httpx.Client, change: dict[str, Any]
) -> None:
    response = terminal.post("/api/v1/appointments", json=booking(**change))
    assert response.status_code == 422, response.text
    assert "12345678901" not in response.text and RESIDENT_ID not in response.text


def test_other_hostile_requests(terminal: httpx.Client, db: Database) -> None:
    other = terminal.post("/api/v1/appointments", json=booking(terminal=4))
    assert other.status_code == 403  # another terminal's body
    no_slot = book(terminal, slot="08:00")
    assert no_slot.status_code == 422 and no_slot.json()["reason"] == "no_such_slot"
    code = booked(terminal)
    for body in (
        {"code": code},
        {"code": code, "mobile": MOBILE, "via": "qr"},
        {"code": code, "via": "nfc"},
        {"code": "", "via": "qr"},
        {"code": "A" * 17, "via": "qr"},
        {"code": code, "via": "qr", "extra": True},
    ):
        assert terminal.post("/api/v1/appointments/check-in", json=body).status_code == 422
    assert terminal.post(f"/api/v1/appointments/{code}/cancel", json={}).status_code == 422
    bad = terminal.get("/api/v1/appointments/saturdays", params={"item_id": "a b"})
    assert bad.status_code == 422
    with db.read() as s:
        assert len(s.scalars(select(Appointment)).all()) == 1


# --- the supervisors' page ---------------------------------------------------------------------


@pytest.fixture
def browser(state: ServerState, server: ServerThread) -> Iterator[httpx.Client]:
    add_staff(state.db)
    add_staff(state.db, "sun", "孙主任", "supervisor")
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        yield client


def section(html: str, day: str) -> str:
    found = re.search(rf'<section class="saturday[^"]*" data-day="{day}".*?</section>', html, re.S)
    assert found, day
    return found.group(0)


def test_attendants_cannot_see_the_saturdays_page(browser: httpx.Client) -> None:
    csrf = sign_in(browser)  # 张辅导, an attendant
    assert 'href="/dashboard/saturdays"' not in browser.get("/dashboard").text
    assert browser.get("/dashboard/saturdays").status_code == 403
    plan = {"csrf": csrf, "day": SATURDAY, "places": "2", "counters": "1"}
    assert browser.post("/dashboard/saturdays/plan", data=plan).status_code == 403
    close = {"csrf": csrf, "day": SATURDAY, "note": "x"}
    assert browser.post("/dashboard/saturdays/close", data=close).status_code == 403
    browser.cookies.clear()
    assert browser.get("/dashboard/saturdays").status_code == 303


def test_a_supervisor_plans_and_closes_a_saturday(
    browser: httpx.Client, db: Database, terminal: httpx.Client
) -> None:
    code = booked(terminal, slot="10:00")
    booked(terminal, slot="10:00", mobile=OTHER_MOBILE, item_id="other_item")
    with db.transaction() as s:  # walk-ins of 21 November (the Saturday before): 20 tickets
        for n in range(20):
            s.add(
                Ticket(
                    reference=f"20261121-03-{n:04}",
                    day=date(2026, 11, 21),
                    series="A",
                    number=f"A{n:03}",
                    source="central",
                    terminal=3,
                    counters=[1],
                    allocated_at=datetime(2026, 11, 21, 2, tzinfo=UTC),
                    issued_at=None,
                    print_status=None,
                    print_count=0,
                )
            )
    csrf = sign_in(browser, "sun")
    assert 'href="/dashboard/saturdays"' in browser.get("/dashboard").text
    page = browser.get("/dashboard/saturdays")
    assert page.status_code == 200 and "星期六预约" in page.text
    first = section(page.text, SATURDAY)
    assert "共 2 人预约" in first
    ten = r'data-slot="10:00">\s*<td>10:00–11:00</td>\s*'
    assert re.search(ten + r'<td class="booked">2</td>\s*<td class="left">2</td>', first)
    # (2 booked + 20 walk-ins over four Saturdays: 5) / 24 a counter: one counter.
    assert "建议开放 1 个窗口（预约 2 人，近四个星期六平均现场取号 5.0 人" in first
    assert MOBILE not in page.text and "王婧姝" not in page.text  # open: counts only

    plan = {"csrf": csrf, "day": SATURDAY, "places": "6", "counters": "3，5、7 3"}
    assert browser.post("/dashboard/saturdays/plan", data=plan).status_code == 303
    shown = section(browser.get("/dashboard/saturdays").text, SATURDAY)
    assert 'name="places" type="number" min="0" max="50" value="6"' in shown
    assert 'value="3, 5, 7"' in shown
    assert left(terminal, SATURDAY, "10:00") == 4
    for bad, key in (
        ({"places": "51"}, "每时段名额须为0至50"),
        ({"places": "-1"}, "每时段名额须为0至50"),
        ({"places": "x"}, "每时段名额须为0至50"),
        ({"counters": "0"}, "窗口号须为1至99"),
        ({"counters": "100"}, "窗口号须为1至99"),
        ({"counters": " ".join(str(n) for n in range(1, 22))}, "窗口号须为1至99"),
        ({"day": "2026-12-07"}, "该日不是近期的星期六办事日"),
        ({"day": "garbage"}, "该日不是近期的星期六办事日"),
    ):
        refused = browser.post("/dashboard/saturdays/plan", data=plan | bad)
        assert refused.status_code == 400 and key in refused.text, bad
    wrong_csrf = browser.post("/dashboard/saturdays/plan", data=plan | {"csrf": "x"})
    assert wrong_csrf.status_code == 403

    close = {"csrf": csrf, "day": SATURDAY, "note": "<b>停电</b>检修"}
    assert browser.post("/dashboard/saturdays/close", data=close | {"csrf": "x"}).status_code == 403
    assert browser.post("/dashboard/saturdays/close", data=close | {"note": " "}).status_code == 400
    assert browser.post("/dashboard/saturdays/close", data=close).status_code == 303
    after = browser.get("/dashboard/saturdays").text
    closed = section(after, SATURDAY)
    assert 'data-closed="yes"' in closed and "孙主任 于" in closed
    assert "&lt;b&gt;停电&lt;/b&gt;检修" in closed  # escaped
    assert "需电话告知的预约群众" in closed
    assert closed.count('class="person"') == 2
    assert MOBILE in closed and OTHER_MOBILE in closed and "王婧姝" in closed and code in closed
    assert 'data-closed="no"' in section(after, NEXT)
    assert book(terminal, mobile="13700002222").json()["reason"] == "closed"
    english = browser.get("/dashboard/saturdays?lang=en", follow_redirects=True).text
    assert "Saturday appointments" in english and "Applicants to phone" in english
