"""Protocol 4 through POST /api/v1/events: staff actions (the audit, the PIN pad's lock),
assisted declarations (also before their declaration), help calls handled at the
terminal by name, the heartbeat's diagnostics; and GET /api/v1/terminals/in-service."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from central.dashboard import figures, snapshot
from central.dashboard.catalog_names import NameCache
from central.db import Database
from central.models import HelpCall, StaffAction, Terminal, WaitingEvent
from central.state import ServerState
from tests.central.conftest import Connect, event, register_terminal
from tests.central.test_ingest import declaration, submitted
from tests.conftest import Clock

AT = "2026-11-26T02:30:00+00:00"
REF = "20261126-03-0001"


def send4(client: httpx.Client, *events: dict[str, Any], terminal: int = 3) -> list[str]:
    """A protocol 4 batch; each event's status (all must be accepted)."""
    body = {"terminal": terminal, "protocol": 4, "events": list(events)}
    response = client.post("/api/v1/events", json=body)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted"] * len(events), results
    return [r["status"] for r in results]


def action(name: str, at: str = AT, terminal: int = 3, **fields: Any) -> dict[str, Any]:
    return event("staff.action", {"terminal": terminal, "action": name, "at": at, **fields})


def health(db: Database, number: int = 3) -> Terminal:
    with db.read() as s:
        row = s.get(Terminal, number)
        assert row is not None
        s.expunge(row)
        return row


def board_terminal(state: ServerState, number: int = 3) -> dict[str, Any]:
    with state.db.read() as s:
        data = snapshot.build(s, NameCache(), "zh", state.clock(), state.timezone)
    found: dict[str, Any] = next(t for t in data["terminals"] if t["number"] == number)
    return found


def test_staff_actions_are_stored_for_the_audit(db: Database, terminal: httpx.Client) -> None:
    send4(
        terminal,
        action("signed_in", staff="wang", role="attendant"),
        action("pin_failed", at="2026-11-26T02:29:00+00:00"),
        action("out_of_service", staff="wang", role="attendant", detail={"reason": "卡纸"}),
    )
    with db.read() as s:
        rows = s.scalars(select(StaffAction).order_by(StaffAction.at, StaffAction.id)).all()
        assert [(r.terminal, r.action, r.staff, r.role) for r in rows] == [
            (3, "pin_failed", None, None),
            (3, "signed_in", "wang", "attendant"),
            (3, "out_of_service", "wang", "attendant"),
        ]
        assert rows[2].detail == {"reason": "卡纸"}
        assert rows[0].at == datetime.fromisoformat("2026-11-26T02:29:00+00:00")


def test_a_pin_pad_lock_is_an_alert_until_a_sign_in_or_its_end(
    state: ServerState, terminal: httpx.Client, clock: Clock
) -> None:
    now = clock.now
    locked = (now - timedelta(minutes=1)).isoformat()
    until = (now + timedelta(minutes=4)).isoformat()
    send4(terminal, action("pin_locked", at=locked, detail={"until": until, "attempts": 5}))
    codes = [a["code"] for a in board_terminal(state)["alerts"]]
    assert "pin_locked" in codes
    label = next(a for a in board_terminal(state)["alerts"] if a["code"] == "pin_locked")
    local = (now + timedelta(minutes=4)).astimezone(state.timezone).strftime("%H:%M")
    assert label["label"] == f"密码键盘已锁定至 {local}"
    # An older sign-in arriving late does not end it; a later one does.
    send4(terminal, action("signed_in", at=(now - timedelta(minutes=2)).isoformat(), staff="w"))
    assert "pin_locked" in [a["code"] for a in board_terminal(state)["alerts"]]
    send4(terminal, action("signed_in", at=now.isoformat(), staff="w", role="attendant"))
    assert "pin_locked" not in [a["code"] for a in board_terminal(state)["alerts"]]
    # Without `until`: 5 minutes, and the alert goes when the time has passed.
    send4(terminal, action("pin_locked", at=(now + timedelta(seconds=1)).isoformat()))
    assert health(state.db).pin_locked_until == now + timedelta(minutes=5, seconds=1)
    assert "pin_locked" in [a["code"] for a in board_terminal(state)["alerts"]]
    clock.now = now + timedelta(minutes=5, seconds=2)
    send4(terminal, event("heartbeat", {"terminal": 3, "at": clock.now.isoformat()}))
    assert "pin_locked" not in [a["code"] for a in board_terminal(state)["alerts"]]


def test_a_hostile_lock_time_is_bounded(state: ServerState, terminal: httpx.Client) -> None:
    send4(terminal, action("pin_locked", detail={"until": "9999-12-31T00:00:00+00:00"}))
    at = datetime.fromisoformat(AT)
    assert health(state.db).pin_locked_until == at + timedelta(days=1)
    send4(terminal, action("pin_locked", at="2026-11-26T02:31:00+00:00", detail={"until": "x"}))
    assert health(state.db).pin_locked_until == at + timedelta(minutes=6)
    # kiosk.staff.desk's own form: until, and lock_s.
    later = at + timedelta(minutes=2)
    send4(terminal, action("pin_locked", at=later.isoformat(), detail={"lock_s": 600}))
    assert health(state.db).pin_locked_until == later + timedelta(minutes=10)


def test_an_assisted_declaration_records_who_and_counts(
    db: Database, terminal: httpx.Client, state: ServerState
) -> None:
    assisted = event(
        "declaration.assisted",
        {"reference": REF, "terminal": 3, "staff": "wang", "by": "王辅导", "at": AT},
    )
    # Before its declaration (a batch lost and resent): it waits, then is applied.
    send4(terminal, assisted)
    with db.read() as s:
        assert [w.key for w in s.scalars(select(WaitingEvent))] == [f"declaration:{REF}"]
    send4(terminal, submitted())
    found = declaration(db)
    assert (found.assisted_by, found.assisted_by_name) == ("wang", "王辅导")
    with db.read() as s:
        assert s.scalars(select(WaitingEvent)).first() is None
        today = figures.today(s, datetime.fromisoformat(AT), state.timezone)
    assert (today.declarations, today.assisted) == (1, 1)


def test_a_proxy_declaration_records_the_grid_leader_and_counts(
    db: Database, terminal: httpx.Client, state: ServerState
) -> None:
    """Protocol 5's declaration.proxied (网格化零跑代办), before its declaration too."""
    proxied = event(
        "declaration.proxied",
        {
            "reference": REF,
            "terminal": 3,
            "staff": "zhao.min",
            "by": "赵敏",
            "authorisation": f"WT{REF}",
            "valid_until": "2026-12-26",
            "at": AT,
        },
    )
    batch = {"terminal": 3, "protocol": 5, "events": [proxied]}
    (result,) = terminal.post("/api/v1/events", json=batch).json()["results"]
    assert result["status"] == "accepted"
    send4(terminal, submitted())
    found = declaration(db)
    assert (found.proxy_by, found.proxy_by_name, found.proxy_authorisation) == (
        "zhao.min",
        "赵敏",
        f"WT{REF}",
    )
    assert found.proxy_valid_until == date(2026, 12, 26)
    with db.read() as s:
        today = figures.today(s, datetime.fromisoformat(AT), state.timezone)
    assert (today.declarations, today.proxied, today.assisted) == (1, 1, 0)
    hostile = event("declaration.proxied", {**proxied["payload"], "authorisation": "<b>"})
    (refused,) = terminal.post("/api/v1/events", json={**batch, "events": [hostile]}).json()[
        "results"
    ]
    assert (refused["status"], refused["code"]) == ("rejected", 422)


def test_another_terminals_declaration_cannot_be_marked_assisted(
    db: Database, terminal: httpx.Client
) -> None:
    other = {"reference": "20261126-04-0001", "terminal": 3, "staff": "w", "by": "王", "at": AT}
    response = terminal.post(
        "/api/v1/events",
        json={"terminal": 3, "protocol": 4, "events": [event("declaration.assisted", other)]},
    )
    (result,) = response.json()["results"]
    assert (result["status"], result["code"]) == ("rejected", 403)


def call_row(db: Database, call_id: str) -> HelpCall:
    with db.read() as s:
        row = s.get(HelpCall, call_id)
        assert row is not None
        s.expunge(row)
        return row


def test_help_calls_handled_at_the_terminal_say_by_whom(
    state: ServerState, terminal: httpx.Client
) -> None:
    ids = ["0d3c8a52-6a52-4c55-9d7b-1f4c0b9e0001", "0d3c8a52-6a52-4c55-9d7b-1f4c0b9e0002"]
    for call_id in ids:
        request = {"id": call_id, "terminal": 3, "context": {"screen": "form"}, "requested_at": AT}
        send4(terminal, event("help.requested", request))
    done = {"terminal": 3, "at": AT}
    send4(
        terminal,
        event("help.acknowledged", {"id": ids[0], **done, "staff": "wang", "by": "王辅导"}),
        event("help.acknowledged", {"id": ids[1], **done}),  # an older terminal: no `by`
    )
    first, second = call_row(state.db, ids[0]), call_row(state.db, ids[1])
    assert (first.acknowledged_by, first.at_terminal) == ("王辅导", True)
    assert (second.acknowledged_by, second.at_terminal) == ("attendant at terminal 3", False)
    with state.db.read() as s:
        data = snapshot.build(s, NameCache(), "zh", state.clock(), state.timezone)
        english = snapshot.build(s, NameCache(), "en", state.clock(), state.timezone)
    labels = {c["id"]: c["state_label"] for c in data["calls"]}
    assert labels == {ids[0]: "已在终端处理 · 王辅导", ids[1]: "attendant at terminal 3 前往中"}
    assert {c["id"]: c["state_label"] for c in english["calls"]}[ids[0]] == (
        "Handled at the terminal by 王辅导"
    )
    send4(terminal, event("help.resolved", {"id": ids[1], **done, "staff": "li", "by": "李"}))
    resolved = call_row(state.db, ids[1])
    assert (resolved.state, resolved.resolved_by, resolved.at_terminal) == ("resolved", "李", True)


BEAT = {
    "terminal": 3,
    "at": AT,
    "printer_status": "ok",
    "store_schema": "0009",
    "dead_letters": 2,
    "clock_drift_s": -75.5,
    "round_trip_ms": 42.0,
    "tls_expires_at": "2027-03-01T00:00:00+00:00",
    "printer_detail": "network 192.168.1.40:9100, 80 mm",
    "a4_status": "idle",
    "disk_free_mb": 800.0,
    "store_mb": 12.5,
    "memory_mb": 230.0,
    "uptime_s": 7260.0,
    "restarts": 1,
    "last_crash_at": "2026-11-25T09:00:00+00:00",
    "screen": "1080x1920 portrait",
}


def test_the_heartbeats_diagnostics_reach_the_health_row_and_the_board(
    state: ServerState, terminal: httpx.Client
) -> None:
    send4(terminal, event("heartbeat", BEAT))
    h = health(state.db)
    assert (h.store_schema, h.dead_letters, h.clock_drift_s, h.round_trip_ms) == (
        "0009",
        2,
        -75.5,
        42.0,
    )
    assert (h.disk_free_mb, h.store_mb, h.memory_mb, h.uptime_s, h.restarts) == (
        800.0,
        12.5,
        230.0,
        7260.0,
        1,
    )
    assert h.tls_expires_at == datetime.fromisoformat("2027-03-01T00:00:00+00:00")
    assert (h.printer_detail, h.a4_status, h.screen) == (
        BEAT["printer_detail"],
        "idle",
        BEAT["screen"],
    )
    row = board_terminal(state)
    assert {a["code"] for a in row["alerts"]} == {"disk_low", "clock_drift", "dead_letters"}
    shown = {f["key"]: f["value"] for f in row["figures"]}
    assert shown["figure_disk_free"] == "800 MB" and shown["figure_clock_drift"] == "-76秒"
    assert shown["figure_uptime"] == "2小时1分" and shown["figure_dead_letters"] == "2"
    # An older terminal's heartbeat: the figures are unknown again, not kept stale.
    send4(terminal, event("heartbeat", {"terminal": 3, "at": AT, "printer_status": "ok"}))
    assert board_terminal(state)["figures"] == [] and board_terminal(state)["alerts"] == []


def test_terminals_in_service(
    db: Database, state: ServerState, connect: Connect, clock: Clock
) -> None:
    clients = {n: connect(register_terminal(db, n)) for n in (3, 5, 7, 8)}
    register_terminal(db, 9)  # registered, never heard from
    now = clock.now
    beat = {"at": now.isoformat()}
    for n in (3, 5, 7, 8):
        send4(clients[n], event("heartbeat", {"terminal": n, **beat}), terminal=n)
    mode = {"mode": "out_of_service", "reason": "卡纸", "at": now.isoformat()}
    send4(clients[7], event("terminal.mode", {"terminal": 7, **mode}), terminal=7)
    applicant = {"terminal": 5, "mode": "applicant", "reason": "", "at": now.isoformat()}
    send4(clients[5], event("terminal.mode", applicant), terminal=5)
    clock.now = now + timedelta(minutes=1)
    send4(clients[8], event("heartbeat", {"terminal": 8, **beat}), terminal=8)
    clock.now = now + timedelta(minutes=2, seconds=30)  # 3 and 5 silent now; 8 was seen later
    assert clients[3].get("/api/v1/terminals/in-service").json() == {"terminals": [8]}
    clock.now = now + timedelta(minutes=1, seconds=30)
    assert clients[7].get("/api/v1/terminals/in-service").json() == {"terminals": [3, 5, 8]}
    # Back in service: listed again.
    back = {"terminal": 7, "mode": "applicant", "reason": "", "at": clock.now.isoformat()}
    send4(clients[7], event("terminal.mode", back), terminal=7)
    assert clients[7].get("/api/v1/terminals/in-service").json() == {"terminals": [3, 5, 7, 8]}
