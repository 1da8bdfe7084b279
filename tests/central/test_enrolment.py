"""One-time enrolment codes: `central enrol`, the dashboard's page, POST /api/v1/enrol.

Against the real server on loopback and a fresh database per test (SQLite, and
PostgreSQL when configured); the clock is the shared settable one, so expiry is a
clock moved on, never a wait.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, text

from central import enrolment
from central.__main__ import main as central_main
from central.db import Database
from central.models import EnrolmentCode
from central.serve import ServerThread
from central.state import ServerState
from tests.central.conftest import Connect, register_terminal
from tests.central.dashboard_helpers import add_staff, csrf_in, sign_in
from tests.conftest import Clock

ENROL = "/api/v1/enrol"


def issue(state: ServerState, number: int = 3) -> enrolment.IssuedCode:
    return enrolment.issue(state.db, number, state.clock(), "test")


def enrol(client: httpx.Client, code: str) -> httpx.Response:
    return client.post(ENROL, json={"code": code})


def test_a_code_is_short_unambiguous_and_grouped(state: ServerState) -> None:
    issued = issue(state)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", issued.shown)
    assert not set(issued.code) & set("01OIL")
    assert issued.qr_text == f"KIOSK-ENROL:{issued.code}"
    assert issued.expires_at == state.clock() + timedelta(hours=24)
    assert enrolment.normalise(f" {issued.shown.lower()} ") == issued.code
    assert enrolment.normalise("K7QM-3XP0") is None  # 0 is not in the alphabet
    assert enrolment.normalise("x" * 10_000) is None


def test_a_code_is_exchanged_once_for_a_token_that_works(
    state: ServerState, connect: Connect
) -> None:
    issued = issue(state, 7)
    anonymous = connect(None)
    answer = enrol(anonymous, issued.shown.lower().replace("-", ""))  # any case, no dash
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"terminal", "token", "hall_name"}
    assert (body["terminal"], body["hall_name"]) == (7, None)
    assert answer.headers["Cache-Control"] == "no-store"
    assert connect(body["token"]).get("/api/v1/queue").status_code == 200

    again = enrol(anonymous, issued.shown)
    assert again.status_code == 409
    assert again.json()["reason"] == "used"
    assert " / " in again.json()["detail"]  # 中文 / English
    with state.db.read() as s:
        row = s.scalars(select(EnrolmentCode)).one()
        assert row.used_at == state.clock() and row.terminal_number == 7


def test_enrolling_again_replaces_the_terminals_token(state: ServerState, connect: Connect) -> None:
    old = register_terminal(state.db, 3)  # as `central add-terminal` made it
    assert connect(old).get("/api/v1/queue").status_code == 200
    new = enrol(connect(None), issue(state, 3).code).json()["token"]
    assert connect(old).get("/api/v1/queue").status_code == 401
    assert connect(new).get("/api/v1/queue").status_code == 200
    second = enrol(connect(None), issue(state, 3).code).json()["token"]
    assert connect(new).get("/api/v1/queue").status_code == 401
    assert connect(second).get("/api/v1/queue").status_code == 200


def test_expired_replaced_and_wrong_codes_are_told_apart(
    state: ServerState, clock: Clock, connect: Connect
) -> None:
    client = connect(None)
    older, newer = issue(state, 4), issue(state, 4)  # the newer voids the older
    answer = enrol(client, older.code)
    assert (answer.status_code, answer.json()["reason"]) == (410, "replaced")
    assert (enrol(client, "K7QM-3XPA").status_code, enrol(client, "abc").status_code) == (404, 404)
    assert enrol(client, "K7QM-3XPA").json()["reason"] == "wrong"

    clock.now += timedelta(hours=24)  # exactly at its end: no longer valid
    answer = enrol(client, newer.code)
    assert (answer.status_code, answer.json()["reason"]) == (410, "expired")
    assert "过期" in answer.json()["detail"] and "expired" in answer.json()["detail"]

    fresh = issue(state, 4)
    assert enrol(client, fresh.code).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"code": 12345678},
        {"code": "K7QM-3XPA", "terminal": 3},
        {"code": "A" * 33},
        ["K7QM-3XPA"],
    ],
    ids=["empty", "number", "extra-field", "too-long", "array"],
)
def test_a_body_out_of_the_schema_is_422(connect: Connect, body: object) -> None:
    answer = connect(None).post(ENROL, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]


def test_wrong_codes_are_throttled_per_address(
    state: ServerState, clock: Clock, connect: Connect
) -> None:
    client = connect(None)
    issued = issue(state, 5)
    for _ in range(10):
        assert enrol(client, "K7QM-3XPA").status_code == 404
    throttled = enrol(client, issued.code)  # even the right code: not looked at
    assert throttled.status_code == 429
    assert throttled.json()["reason"] == "throttled"
    assert int(throttled.headers["Retry-After"]) == 15 * 60
    clock.now += timedelta(minutes=15)
    assert enrol(client, issued.code).status_code == 200


def test_codes_and_tokens_are_kept_as_hashes_and_never_logged(
    state: ServerState, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    issued = issue(state, 6)
    token = enrol(connect(None), issued.code).json()["token"]
    with state.db.read() as s:
        dumped = repr(s.execute(text("SELECT * FROM enrolment_codes")).all())
        dumped += repr(s.execute(text("SELECT * FROM api_clients")).all())
    assert issued.code not in dumped and token not in dumped
    assert "terminal 6" in caplog.text
    assert issued.code not in caplog.text and token not in caplog.text


def test_the_cli_prints_the_code_its_expiry_and_its_qr(
    state: ServerState, capsys: pytest.CaptureFixture[str]
) -> None:
    assert central_main(["enrol", "--number", "9", "--database-url", state.db.url]) == 0
    out = capsys.readouterr().out
    found = re.search(r"Terminal 9 enrolment code: ([A-Z0-9]{4}-[A-Z0-9]{4})", out)
    assert found, out
    assert "有效期至 / Valid until: " in out
    assert "█" in out  # the QR, drawn with block characters
    enrolled = enrolment.redeem(state.db, found.group(1), state.clock())
    assert enrolled.terminal == 9

    assert central_main(["enrol", "--number", "13", "--database-url", state.db.url]) == 2
    assert "1 to 12" in capsys.readouterr().err


def test_the_hall_name_set_on_the_server_is_told_to_an_enrolling_terminal(
    state: ServerState, connect: Connect, capsys: pytest.CaptureFixture[str]
) -> None:
    url = ["--database-url", state.db.url]
    assert central_main(["set-hall-name", " 经开区政务服务中心 ", *url]) == 0
    assert "经开区政务服务中心" in capsys.readouterr().out
    body = enrol(connect(None), issue(state, 4).shown).json()
    assert (body["terminal"], body["hall_name"]) == (4, "经开区政务服务中心")
    # Refused before the database is touched: the name the terminals are told stays.
    for bad in ("", "   ", "大厅\n第二行", "长" * 81):
        assert central_main(["set-hall-name", bad, *url]) == 2
        assert "1 to 80 printable characters" in capsys.readouterr().err
    assert central_main(["set-hall-name", "新区政务服务中心", *url]) == 0  # replaced
    body = enrol(connect(None), issue(state, 5).shown).json()
    assert body["hall_name"] == "新区政务服务中心"


# --- the dashboard ---------------------------------------------------------------------


@pytest.fixture
def browser(state: ServerState, server: ServerThread) -> Iterator[httpx.Client]:
    add_staff(state.db)  # 张辅导, an attendant
    add_staff(state.db, "sun", "孙主任", "supervisor")
    with httpx.Client(base_url=server.base_url) as c:
        yield c


def test_a_supervisor_makes_a_code_on_the_dashboard(
    browser: httpx.Client, state: ServerState, connect: Connect
) -> None:
    sign_in(browser, "sun")
    page = browser.get("/dashboard/enrol")
    assert page.status_code == 200
    assert 'id="enrolment"' not in page.text
    answer = browser.post("/dashboard/enrol", data={"number": "8", "csrf": csrf_in(page.text)})
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    code = re.search(r'<p class="enrol-code" id="enrol-code">([^<]+)</p>', answer.text)
    assert code, answer.text
    assert re.search(r'<figure class="enrol-qr"[^>]*><svg [^>]*viewBox', answer.text)
    assert "src=" not in answer.text.split('id="enrol-qr"')[1].split("</figure>")[0]
    with state.db.read() as s:
        assert s.scalars(select(EnrolmentCode.created_by)).one() == "sun"
    assert enrol(connect(None), code.group(1)).json()["terminal"] == 8


def test_the_enrol_page_is_for_supervisors_only(browser: httpx.Client, db: Database) -> None:
    assert browser.get("/dashboard/enrol").headers["location"] == "/login"
    csrf = sign_in(browser)  # an attendant
    assert browser.get("/dashboard/enrol").status_code == 403
    assert browser.post("/dashboard/enrol", data={"number": "3", "csrf": csrf}).status_code == 403
    with db.read() as s:
        assert s.scalars(select(EnrolmentCode)).all() == []


def test_the_enrol_form_refuses_a_bad_number_and_a_missing_csrf(
    browser: httpx.Client, db: Database
) -> None:
    csrf = sign_in(browser, "sun")
    for number in ("0", "13", "x", "9" * 1000, ""):
        answer = browser.post("/dashboard/enrol", data={"number": number, "csrf": csrf})
        assert answer.status_code == 400 and 'id="enrol-error"' in answer.text, number
    assert browser.post("/dashboard/enrol", data={"number": "3"}).status_code == 403
    with db.read() as s:
        assert s.scalars(select(EnrolmentCode)).all() == []
