"""The dashboard over HTTP: sign-in, sessions, CSRF, escaping, live stream, languages."""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from central import helpcalls
from central.app import create_app
from central.dashboard import i18n, routes, snapshot
from central.dashboard import stream as live_stream
from central.db import Database
from central.models import HelpCall, WebSession
from central.security import token_hash
from central.serve import ServerThread
from central.state import ServerState
from kiosk.journey import Screen
from kiosk.protocol import MODES
from tests.central.conftest import event, send
from tests.central.dashboard_helpers import (
    PASSWORD,
    add_help_call,
    add_staff,
    add_terminal,
    csrf_in,
    import_catalog,
    sign_in,
)
from tests.conftest import Clock

DASHBOARD = Path(routes.__file__).parent
NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)  # the shared clock: 10:30 in the hall


@pytest.fixture
def client(state: ServerState, server: ServerThread) -> Iterator[httpx.Client]:
    """A browser-like client of the dashboard on the real server, staff 张辅导 registered."""
    add_staff(state.db)
    with httpx.Client(base_url=server.base_url) as c:
        yield c


def acknowledge(client: httpx.Client, call: str, **headers: str) -> httpx.Response:
    return client.post(
        "/dashboard/help-calls/acknowledge",
        data={"call": call},
        headers={"Accept": "application/json", **headers},
    )


def call_state(state: ServerState, call: str) -> str:
    with state.db.read() as s:
        row = s.get(HelpCall, call)
        assert row is not None
        return row.state


# --- sign-in and sessions --------------------------------------------------------------


def test_everything_needs_a_session(client: httpx.Client) -> None:
    assert client.get("/").headers["location"] == "/dashboard"
    page = client.get("/dashboard")
    assert (page.status_code, page.headers["location"]) == (303, "/login")
    assert client.get("/dashboard/snapshot.json").status_code == 401
    assert client.get("/dashboard/stream").status_code == 401
    assert acknowledge(client, "any", **{"X-CSRF-Token": "x"}).status_code == 401
    form = client.post("/dashboard/help-calls/resolve", data={"call": "any", "csrf": "x"})
    assert (form.status_code, form.headers["location"]) == (303, "/login")
    assert client.get("/login").status_code == 200


def test_sign_in_keeps_only_the_hash_of_an_http_only_strict_cookie(
    client: httpx.Client, state: ServerState
) -> None:
    sign_in(client)
    key = client.cookies["dashboard_session"]
    with state.db.read() as s:
        stored = s.execute(select(WebSession)).scalar_one()
        assert stored.key_hash == token_hash(key) != key
        assert stored.expires_at - stored.created_at == timedelta(hours=12)
    assert client.get("/dashboard/snapshot.json").status_code == 200


def test_session_cookie_flags_and_secure_over_https(client: httpx.Client) -> None:
    # Behind the hall's TLS proxy (uvicorn trusts X-Forwarded-Proto from loopback). The
    # client's jar would not send a Secure cookie over plain http: the test sends it.
    for proto, secure in (("http", False), ("https", True)):
        client.cookies.clear()
        form = client.get("/login", headers={"X-Forwarded-Proto": proto})
        token = csrf_in(form.text)
        answer = client.post(
            "/login",
            data={"username": "zhang", "password": PASSWORD, "csrf": token},
            headers={"X-Forwarded-Proto": proto, "Cookie": f"dashboard_login_csrf={token}"},
        )
        cookies = [v.lower() for v in answer.headers.get_list("set-cookie")]
        cookies += [v.lower() for v in form.headers.get_list("set-cookie")]
        for name in ("dashboard_session=", "dashboard_login_csrf="):
            cookie = next(v for v in cookies if v.startswith(name) and "max-age=0" not in v)
            assert "httponly" in cookie and "samesite=strict" in cookie
            assert ("; secure" in cookie) is secure


def test_wrong_password_and_unknown_user_get_the_same_answer(
    client: httpx.Client, state: ServerState
) -> None:
    csrf = csrf_in(client.get("/login").text)
    answers = [
        client.post("/login", data={"username": user, "password": pw, "csrf": csrf})
        for user, pw in (("zhang", "wrong"), ("nobody", PASSWORD))
    ]
    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].text == answers[1].text
    assert i18n.t("zh", "sign_in_failed") in answers[0].text
    assert "dashboard_session" not in client.cookies
    with state.db.read() as s:
        assert s.execute(select(WebSession)).first() is None


def test_guessing_passwords_is_stopped_for_five_minutes(client: httpx.Client, clock: Clock) -> None:
    csrf = csrf_in(client.get("/login").text)

    def attempt(password: str) -> httpx.Response:
        return client.post("/login", data={"username": "zhang", "password": password, "csrf": csrf})

    assert [attempt(f"guess {n}").status_code for n in range(5)] == [401] * 5
    refused = attempt(PASSWORD)  # even the right password: the account is resting
    assert refused.status_code == 429
    assert i18n.t("zh", "sign_in_throttled", minutes=5) in refused.text
    assert "dashboard_session" not in client.cookies
    clock.now = NOW + timedelta(minutes=5)
    assert attempt(PASSWORD).status_code == 303  # then the staff member signs in


def test_sign_in_needs_the_double_submit_token(client: httpx.Client) -> None:
    csrf = csrf_in(client.get("/login").text)
    login = {"username": "zhang", "password": PASSWORD}
    assert client.post("/login", data=login).status_code == 403
    assert client.post("/login", data=login | {"csrf": csrf + "x"}).status_code == 403
    client.cookies.delete("dashboard_login_csrf")  # a form posted from elsewhere
    assert client.post("/login", data=login | {"csrf": csrf}).status_code == 403
    assert "dashboard_session" not in client.cookies


def test_a_session_ends_after_12_hours(client: httpx.Client, clock: Clock) -> None:
    sign_in(client)
    clock.now = NOW + timedelta(hours=11, minutes=59)
    assert client.get("/dashboard").status_code == 200
    clock.now = NOW + timedelta(hours=12)
    assert client.get("/dashboard").headers["location"] == "/login"
    assert client.get("/dashboard/snapshot.json").status_code == 401


def test_sign_out(client: httpx.Client, state: ServerState) -> None:
    csrf = sign_in(client)
    assert client.post("/logout").status_code == 403  # no token: still signed in
    assert client.get("/dashboard").status_code == 200
    answer = client.post("/logout", data={"csrf": csrf})
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    with state.db.read() as s:
        assert s.execute(select(WebSession)).first() is None
    assert client.get("/dashboard").headers["location"] == "/login"


# --- help call actions -----------------------------------------------------------------


def test_acknowledge_needs_the_session_csrf_token(client: httpx.Client, state: ServerState) -> None:
    call = add_help_call(state, 3, {"screen": "form"}, NOW - timedelta(seconds=30))
    csrf = sign_in(client)
    assert acknowledge(client, call).status_code == 403
    wrong = csrf[:-1] + ("B" if csrf.endswith("A") else "A")  # one character off
    assert acknowledge(client, call, **{"X-CSRF-Token": wrong}).status_code == 403
    wrong_field = client.post(
        "/dashboard/help-calls/acknowledge", data={"call": call, "csrf": "nope"}
    )
    assert wrong_field.status_code == 403
    assert call_state(state, call) == helpcalls.OPEN

    done = acknowledge(client, call, **{"X-CSRF-Token": csrf})
    assert done.json() == {"id": call, "state": "acknowledged"}
    with state.db.read() as s:
        row = s.get(HelpCall, call)
        assert row is not None
        assert (row.acknowledged_by, row.acknowledged_at, row.change) == ("张辅导", NOW, 2)
    assert acknowledge(client, call, **{"X-CSRF-Token": csrf}).status_code == 409
    assert acknowledge(client, "unknown", **{"X-CSRF-Token": csrf}).status_code == 404
    # The same from a page without JavaScript: back to the page, which shows the call as is.
    form = client.post("/dashboard/help-calls/acknowledge", data={"call": call, "csrf": csrf})
    assert (form.status_code, form.headers["location"]) == (303, "/dashboard")

    # Without the script: a plain form post with the hidden field, back to the page.
    resolved = client.post("/dashboard/help-calls/resolve", data={"call": call, "csrf": csrf})
    assert (resolved.status_code, resolved.headers["location"]) == (303, "/dashboard")
    assert call_state(state, call) == helpcalls.RESOLVED


# --- what the page shows ---------------------------------------------------------------


HOSTILE_FIELD = "<script>alert(1)</script>"
HOSTILE_ITEM = "x\" onmouseover=\"alert('item')"


def test_hostile_strings_are_escaped_and_scripts_only_come_from_files(
    client: httpx.Client, state: ServerState
) -> None:
    add_help_call(
        state,
        5,
        {"screen": "<b>form</b>", "item_id": HOSTILE_ITEM, "fields_in_error": [HOSTILE_FIELD]},
        NOW - timedelta(minutes=3),
    )
    add_terminal(state.db, 5, printer_status="<i>jam</i>", app_version="1.0'\"<")
    sign_in(client)
    page = client.get("/dashboard")
    html = page.text
    assert HOSTILE_FIELD not in html and "<b>form" not in html and "<i>jam" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "x&#34; onmouseover=&#34;alert(&#39;item&#39;)" in html
    assert "&lt;i&gt;jam&lt;/i&gt;" in html
    # Every script is a file of this origin or a JSON data block (the strings table).
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/json"' in tag or re.search(r'src="/dashboard/static/', tag)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    # The JSON snapshot carries the strings as they are; the script inserts them as text.
    call = client.get("/dashboard/snapshot.json").json()["calls"][0]
    assert (call["item"], call["fields"]) == (HOSTILE_ITEM, [HOSTILE_FIELD])
    script = (DASHBOARD / "static" / "dashboard.js").read_text("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_calls_show_the_catalog_names_in_both_languages(
    client: httpx.Client, state: ServerState
) -> None:
    import_catalog(state.db)
    context = {
        "screen": "form",
        "item_id": "elderly-card",
        "page_id": "applicant",
        "fields_in_error": ["applicant_id", "gone_field"],
        "language": "zh",
    }
    add_help_call(state, 7, context, NOW - timedelta(seconds=75))
    add_help_call(state, 8, {"screen": "ticket:printer", "item_id": "no-such-item"}, NOW)
    sign_in(client)
    html = client.get("/dashboard").text
    for text in ("7号终端", "老年人优待证（老年证）办理", "填写表单 · 老年人信息"):
        assert text in html
    assert "老年人身份证号码" in html and "gone_field" in html  # unknown: its id
    assert "1分15秒" in html and "取号 · 打印机故障" in html and "no-such-item" in html

    switched = client.get("/dashboard?lang=en")
    assert (switched.status_code, switched.headers["location"]) == (303, "/dashboard")
    data = client.get("/dashboard/snapshot.json").json()
    first = data["calls"][0]
    assert first["terminal_label"] == "Terminal 7"
    assert first["item"] == "Senior citizen card (elderly card)"
    assert first["step"] == "Filling in the form · The applicant"
    assert first["fields"] == ["Resident ID number", "gone_field"]
    assert first["waited"] == "1 min 15 s"
    html = client.get("/dashboard").text
    assert '<html lang="en">' in html and "Help calls" in html and "呼叫辅导" not in html


def test_calls_are_ordered_open_first_and_closed_ones_leave(
    client: httpx.Client, state: ServerState
) -> None:
    older = add_help_call(state, 1, {}, NOW - timedelta(minutes=5))
    newer = add_help_call(state, 2, {}, NOW - timedelta(minutes=1))
    gone = add_help_call(state, 3, {}, NOW - timedelta(minutes=9))
    csrf = sign_in(client)
    acknowledge(client, older, **{"X-CSRF-Token": csrf})
    client.post("/dashboard/help-calls/resolve", data={"call": gone, "csrf": csrf})
    calls = client.get("/dashboard/snapshot.json").json()["calls"]
    assert [(c["id"], c["state"]) for c in calls] == [
        (newer, "open"),
        (older, "acknowledged"),
    ]
    assert calls[1]["state_label"] == "张辅导 前往中"


def test_terminals_show_health_and_whether_online(client: httpx.Client, state: ServerState) -> None:
    add_terminal(
        state.db,
        2,
        last_seen_at=NOW - timedelta(seconds=119),
        printer_status="paper_out",
        outbox_depth=4,
        app_version="0.1.0",
        catalog_version="3f2a9c1b0d4e",
    )
    add_terminal(state.db, 1, last_seen_at=NOW - timedelta(seconds=121), printer_status="ok")
    add_terminal(state.db, 3)  # registered, never seen
    sign_in(client)
    rows = client.get("/dashboard/snapshot.json").json()["terminals"]
    assert [(r["number"], r["online"], r["printer"]) for r in rows] == [
        (1, False, "正常"),
        (2, True, "缺纸"),
        (3, False, ""),
    ]
    assert rows[1]["outbox_depth"] == 4 and rows[1]["last_seen"] == "10:28:01"
    assert rows[2]["last_seen"] == "从未连接"


def test_a_terminal_out_of_service_shows_on_the_board(
    client: httpx.Client, state: ServerState, server: ServerThread
) -> None:
    token = add_terminal(state.db, 4)
    add_terminal(state.db, 5, mode="applicant")
    with httpx.Client(
        base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
    ) as terminal:
        change = {"terminal": 4, "mode": "out_of_service", "reason": "<b>jam</b>"}
        send(terminal, event("terminal.mode", {**change, "at": NOW.isoformat()}), terminal=4)
    sign_in(client)
    html = client.get("/dashboard").text
    assert '<td class="mode fault">暂停服务 · &lt;b&gt;jam&lt;/b&gt;</td>' in html
    assert '<td class="mode">服务中</td>' in html and "<b>jam" not in html
    client.get("/dashboard?lang=en")
    rows = client.get("/dashboard/snapshot.json").json()["terminals"]
    assert [(r["number"], r["out_of_service"], r["mode_label"]) for r in rows] == [
        (4, True, "Out of service · <b>jam</b>"),  # the script inserts it as text
        (5, False, "In service"),
    ]


def test_every_terminal_mode_has_a_name() -> None:
    assert set(snapshot.MODE_LABELS) == set(MODES)
    assert set(snapshot.MODE_LABELS.values()) <= set(i18n.STRINGS)


def test_every_string_is_used_and_every_screen_has_a_name() -> None:
    sources = "\n".join(
        p.read_text("utf-8")
        for p in DASHBOARD.rglob("*")
        if p.suffix in (".py", ".html", ".js") and p.name != "i18n.py"
    )
    # Keys built from data: screens, their reasons, printer faults and staff roles.
    dynamic = {"screen_", "reason_", "printer_", "role_"}
    unused = [
        key
        for key in i18n.STRINGS
        if not re.search(rf"[\"']{key}[\"']", sources)
        and not any(key.startswith(prefix) for prefix in dynamic)
    ]
    assert unused == []
    assert {f"screen_{s.value}" for s in Screen} <= set(i18n.STRINGS)
    assert all(zh and en and zh != en for zh, en in i18n.STRINGS.values())


# --- live updates ----------------------------------------------------------------------


def read_event(lines: Iterator[str]) -> tuple[str, str]:
    """The next server-sent event as (name, data); a comment is ("comment", its text) and
    a block with only a retry field is ("retry", milliseconds)."""
    name, data, retry = "message", "", ""
    for line in lines:
        if line == "":
            return ("retry", retry) if retry and not data else (name, data)
        if line.startswith(":"):
            assert next(lines) == ""
            return "comment", line[1:].strip()
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "data":
            data += value
        elif field == "retry":
            retry = value
    raise AssertionError("the stream ended")


def live(db: Database) -> tuple[ServerState, ServerThread]:
    """A server on the real clock: a call's time is its commit's."""
    add_staff(db)
    state = ServerState(db)
    return state, ServerThread(create_app(state))


def test_stream_sends_a_snapshot_at_once_and_after_each_burst(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live_stream, "KEEPALIVE_S", 0.5)
    state, server = live(db)
    with server, httpx.Client(base_url=server.base_url) as client:
        sign_in(client)
        with client.stream("GET", "/dashboard/stream", timeout=5) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            assert read_event(lines) == ("retry", "2000")
            name, data = read_event(lines)
            assert name == "snapshot" and json.loads(data)["calls"] == []

            committed = time.monotonic()
            call = add_help_call(state, 4, {"screen": "check"}, datetime.now(UTC))
            for _ in range(5):  # a burst: each snapshot holds every change before it
                state.hub.publish("terminals")
            name, data = read_event(lines)
            assert time.monotonic() - committed < 1.0  # no fixed delay before it
            while name == "snapshot":
                assert [c["id"] for c in json.loads(data)["calls"]] == [call]
                last, (name, data) = data, read_event(lines)
            assert (name, data) == ("comment", "keep-alive")  # nothing more after the burst
            assert [c["id"] for c in json.loads(last)["calls"]] == [call]


def test_one_snapshot_per_change_is_shared_by_every_stream(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []
    build = snapshot.build

    def counted(*args: object, **kwargs: object) -> dict[str, object]:
        built.append("snapshot")
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(snapshot, "build", counted)
    state, server = live(db)
    with server, contextlib.ExitStack() as open_streams:
        streams = []
        for _ in range(3):
            client = open_streams.enter_context(httpx.Client(base_url=server.base_url))
            sign_in(client)
            stream = open_streams.enter_context(
                client.stream("GET", "/dashboard/stream", timeout=10)
            )
            lines = stream.iter_lines()
            assert read_event(lines) == ("retry", "2000")
            assert read_event(lines)[0] == "snapshot"
            streams.append(lines)
        before = len(built)
        call = add_help_call(state, 4, {"screen": "check"}, datetime.now(UTC))
        sent = [read_event(lines) for lines in streams]
        assert len(built) == before + 1  # one build for the three streams
        assert len(set(sent)) == 1 and sent[0][0] == "snapshot"  # the same bytes to each
        assert [c["id"] for c in json.loads(sent[0][1])["calls"]] == [call]


def test_stream_ends_when_the_session_does(db: Database) -> None:
    state, server = live(db)
    with server, httpx.Client(base_url=server.base_url) as client:
        csrf = sign_in(client)
        with client.stream("GET", "/dashboard/stream", timeout=5) as stream:
            lines = stream.iter_lines()
            read_event(lines), read_event(lines)
            client.post("/logout", data={"csrf": csrf})
            state.hub.publish("help")
            assert read_event(lines)[0] == "signed-out"
