"""Protocol 6 through POST /api/v1/events: the heartbeat's devices' states (the ID card
reader, the QR scanner, the call light) on the terminal's health row, on the dashboard in
both languages with their alerts, a hostile state refused at its field, and a protocol-5
server storing a protocol-6 heartbeat whole."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central.app import create_app
from central.db import Database
from central.models import Event, Terminal
from central.serve import ServerThread
from central.state import ServerState
from tests.central.conftest import event, register_terminal
from tests.central.dashboard_helpers import add_staff, sign_in
from tests.conftest import Clock

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)  # the shared clock
STATES = {
    "id_card_status": "no_reader",
    "scanner_status": "disconnected",
    "signal_light_status": "none",
}


def beat(protocol: int = 6, **fields: Any) -> dict[str, Any]:
    payload = {"terminal": 3, "at": NOW.isoformat(), "printer_status": "ok", **fields}
    return {"terminal": 3, "protocol": protocol, "events": [event("heartbeat", payload)]}


def post(client: httpx.Client, body: dict[str, Any]) -> tuple[str, str | None]:
    response = client.post("/api/v1/events", json=body)
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    return result["status"], result.get("reason")


def health(db: Database) -> tuple[str | None, str | None, str | None]:
    with db.read() as s:
        row = s.get(Terminal, 3)
        assert row is not None
        return row.id_card_status, row.scanner_status, row.signal_light_status


@pytest.fixture
def browser(state: ServerState, server: ServerThread) -> Iterator[httpx.Client]:
    """The dashboard's client, signed in as staff 张辅导."""
    add_staff(state.db)
    with httpx.Client(base_url=server.base_url) as c:
        sign_in(c)
        yield c


def board(browser: httpx.Client) -> dict[str, Any]:
    (row,) = browser.get("/dashboard/snapshot.json").json()["terminals"]
    assert isinstance(row, dict)
    return row


def test_the_states_reach_the_health_row_and_the_board_in_both_languages(
    state: ServerState, terminal: httpx.Client, browser: httpx.Client
) -> None:
    assert post(terminal, beat(**STATES)) == ("accepted", None)
    assert health(state.db) == ("no_reader", "disconnected", "none")

    html = browser.get("/dashboard").text
    assert '<dd data-figure-key="figure_id_card">未检测到读卡器</dd>' in html
    assert '<dd data-figure-key="figure_scanner">连接中断</dd>' in html
    assert '<dd data-figure-key="figure_signal_light">未配置</dd>' in html
    assert "<dt>身份证读卡器</dt>" in html and "<dt>呼叫灯</dt>" in html
    warning = '<li class="alert alert-warning" data-alert='
    assert f'{warning}"id_card_fault">身份证读卡器：未检测到读卡器</li>' in html
    assert f'{warning}"scanner_fault">扫码器：连接中断</li>' in html
    assert 'data-alert="signal_light_fault"' not in html  # not configured: no alert
    row = board(browser)
    assert [(a["code"], a["level"]) for a in row["alerts"]] == [
        ("id_card_fault", "warning"),
        ("scanner_fault", "warning"),
    ]

    browser.get("/dashboard?lang=en")  # remembered in a cookie, the page reloaded without it
    english = browser.get("/dashboard").text
    assert '<dd data-figure-key="figure_id_card">No reader found</dd>' in english
    assert "<dt>QR scanner</dt>" in english and "<dt>Call light</dt>" in english
    assert 'data-alert="scanner_fault">QR scanner: Disconnected</li>' in english
    row = board(browser)
    figures = {f["key"]: (f["label"], f["value"]) for f in row["figures"]}
    assert figures["figure_id_card"] == ("ID card reader", "No reader found")
    assert figures["figure_scanner"] == ("QR scanner", "Disconnected")
    assert figures["figure_signal_light"] == ("Call light", "Not configured")
    assert [a["label"] for a in row["alerts"]] == [
        "ID card reader: No reader found",
        "QR scanner: Disconnected",
    ]

    # All well again: shown, no alert; a protocol-5 heartbeat then: unknown, not stale.
    calm = {"id_card_status": "ok", "scanner_status": "ok", "signal_light_status": "fault"}
    assert post(terminal, beat(**calm)) == ("accepted", None)
    assert [a["code"] for a in board(browser)["alerts"]] == ["signal_light_fault"]
    assert post(terminal, beat(protocol=5)) == ("accepted", None)
    assert health(state.db) == (None, None, None)
    row = board(browser)
    assert row["alerts"] == [] and row["figures"] == []


def test_a_newer_terminals_word_is_kept_and_shown_as_it_came(
    state: ServerState, terminal: httpx.Client, browser: httpx.Client
) -> None:
    word = "<updating firmware>"
    assert post(terminal, beat(scanner_status=word)) == ("accepted", None)
    assert health(state.db) == (None, word, None)
    html = browser.get("/dashboard").text
    assert '<dd data-figure-key="figure_scanner">&lt;updating firmware&gt;</dd>' in html
    assert board(browser)["alerts"] == []


@pytest.mark.parametrize("field", sorted(STATES))
@pytest.mark.parametrize("value", ["x" * 33, 7, ["fault"], {"state": "fault"}])
def test_a_hostile_state_is_rejected_at_its_field(
    state: ServerState, terminal: httpx.Client, field: str, value: Any
) -> None:
    status, reason = post(terminal, beat(**{field: value}))
    assert status == "rejected"
    assert reason is not None and reason.startswith(f"payload.{field}: ")
    with state.db.read() as s:
        assert s.get(Terminal, 3) is None or health(state.db) == (None, None, None)


def test_a_protocol_5_server_stores_a_protocol_6_heartbeat_whole(
    db: Database, clock: Clock
) -> None:
    """What migration 0010 fills the states from after the server's upgrade."""
    token = register_terminal(db, 3)
    previous = ServerState(db, clock=clock, protocol_version=5)
    with (
        ServerThread(create_app(previous)) as server,
        httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
        ) as client,
    ):
        assert post(client, beat(**STATES)) == ("accepted", None)
    with db.read() as s:
        (payload,) = s.scalars(select(Event.payload).where(Event.kind == "heartbeat"))
    assert {name: payload[name] for name in STATES} == STATES
