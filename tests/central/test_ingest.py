"""POST /api/v1/events: each event stored once, rejected ones not at all, and what they
change written with them (declarations, tickets, help calls, terminal health)."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from central.db import Database
from central.ingest import Incoming, ingest
from central.models import (
    Declaration,
    Event,
    HelpCall,
    StatusChange,
    Terminal,
    Ticket,
    WaitingEvent,
)
from central.state import ServerState
from tests.central.conftest import event, send

AT = "2026-11-26T02:30:00+00:00"
REF = "20261126-03-0001"


def submitted(reference: str = REF, terminal: int = 3, **extra: Any) -> dict[str, Any]:
    return event(
        "declaration.submitted",
        {
            "reference": reference,
            "terminal": terminal,
            "item_id": "elderly-card",
            "catalog_version": "3f2a9c1b0d4e",
            "language": "zh_CN",
            "submitted_at": AT,
            "answers": {"name": "张三"},
            "materials": {"photo": True},
            **extra,
        },
    )


def issued(reference: str = REF, number: str = "A03-001", **extra: Any) -> dict[str, Any]:
    return event(
        "ticket.issued",
        {
            "reference": reference,
            "number": number,
            "day": "2026-11-26",
            "series": "A",
            "source": "local",
            "counters": [3, 4],
            "terminal": 3,
            "item_id": "elderly-card",
            "issued_at": AT,
            **extra,
        },
    )


def printed(kind: str = "ticket.printed", status: str = "printed") -> dict[str, Any]:
    return event(kind, {"reference": REF, "number": "A03-001", "status": status, "at": AT})


def count(db: Database, model: type[Any]) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def one(db: Database, model: type[Any]) -> Any:
    with db.read() as s:
        found = s.scalars(select(model)).one()
        s.expunge(found)
        return found


def declaration(db: Database, reference: str = REF) -> Declaration:
    with db.read() as s:
        found = s.scalars(select(Declaration).where(Declaration.reference == reference)).one()
        s.expunge(found)  # readable after the read session's rollback
        return found


def test_the_same_batch_twice_is_stored_once(db: Database, terminal: httpx.Client) -> None:
    batch = [submitted(), issued(), printed()]
    assert [r["status"] for r in send(terminal, *batch)] == ["accepted"] * 3
    before = {m: count(db, m) for m in (Event, Declaration, StatusChange, Ticket)}
    results = send(terminal, *batch)
    assert [r["status"] for r in results] == ["duplicate"] * 3
    assert [r["id"] for r in results] == [e["id"] for e in batch]
    assert {m: count(db, m) for m in before} == before
    with db.read() as s:
        assert s.scalars(select(Ticket)).one().print_count == 1


def test_a_repeated_id_within_one_batch_is_a_duplicate(
    db: Database, terminal: httpx.Client
) -> None:
    first = printed()
    results = send(terminal, submitted(), issued(), first, first)
    assert [r["status"] for r in results] == ["accepted"] * 3 + ["duplicate"]
    assert count(db, Event) == 3
    with db.read() as s:
        assert s.scalars(select(Ticket)).one().print_count == 1


@pytest.mark.parametrize(
    ("kind", "payload", "reason"),
    [
        ("Foo Bar", {}, "unknown kind 'Foo Bar': not a kind name"),
        ("x" * 49, {}, "not a kind name"),
        ("heartbeat", {"at": AT}, "payload.terminal: Field required"),
        ("prereview.result", {"reference": REF, "outcome": "maybe"}, "payload.outcome"),
        ("guide.viewed", {"item_id": 5, "terminal": 3, "at": AT}, "payload.item_id"),
        ("printer.status", {"terminal": 3, "status": "ok", "at": "yesterday"}, "payload.at"),
        ("printer.status", {"terminal": 3, "status": "ok", "at": "2026-11-26T10:00:00"}, "at"),
        ("heartbeat", {"terminal": 3, "at": AT, "extra": float("nan")}, "NaN"),
        (
            "help.requested",
            {"id": "a\x00b", "terminal": 3, "context": {}, "requested_at": AT},
            "id",
        ),
    ],
)
def test_an_unusable_event_is_rejected_with_its_reason_and_not_stored(
    db: Database, terminal: httpx.Client, kind: str, payload: dict[str, Any], reason: str
) -> None:
    bad = event(kind, payload)
    good = event("guide.viewed", {"item_id": "elderly-card", "terminal": 3, "at": AT})
    # Python's json writes NaN (as some clients do); httpx would refuse to.
    content = json.dumps({"terminal": 3, "events": [bad, good]}).encode()
    response = terminal.post(
        "/api/v1/events", content=content, headers={"Content-Type": "application/json"}
    )
    results = response.json()["results"]
    assert results[0]["status"] == "rejected"
    assert reason in results[0]["reason"]
    assert results[1] == {"id": good["id"], "status": "accepted"}
    with db.read() as s:
        assert s.scalars(select(Event.id)).all() == [good["id"]]
    # Rejected is final: the same event again is rejected again, never "duplicate".
    again = terminal.post(
        "/api/v1/events",
        content=json.dumps({"terminal": 3, "events": [bad]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert again.json()["results"][0]["status"] == "rejected"


@pytest.mark.parametrize(
    "body",
    [
        {"events": []},
        {"terminal": 3},
        {"terminal": 3, "events": [event("guide.viewed", {})] * 501},
        {"terminal": 3, "events": [{"id": "x" * 37, "kind": "k", "created_at": AT, "payload": {}}]},
        {
            "terminal": 3,
            "events": [
                {"id": "x", "kind": "k", "created_at": "2026-11-26T10:00:00", "payload": {}}
            ],
        },
    ],
)
def test_a_malformed_request_is_422_and_stores_nothing(
    db: Database, terminal: httpx.Client, body: dict[str, Any]
) -> None:
    assert terminal.post("/api/v1/events", json=body).status_code == 422
    assert terminal.post("/api/v1/events", content=b"{not json").status_code == 422
    assert count(db, Event) == 0


def test_a_batch_is_one_transaction(db: Database) -> None:
    batch = [
        Incoming(e["id"], e["kind"], datetime.now(UTC), e["payload"])
        for e in (submitted(), issued())
    ]
    with pytest.raises(RuntimeError), db.transaction() as s:
        ingest(s, 3, batch, datetime.now(UTC))
        raise RuntimeError("the server fails before the commit")
    assert (count(db, Event), count(db, Declaration), count(db, Ticket)) == (0, 0, 0)
    with db.transaction() as s:
        outcome = ingest(s, 3, batch, datetime.now(UTC))
    assert [r.status for r in outcome.results] == ["accepted", "accepted"]


def test_declaration_projections(db: Database, terminal: httpx.Client) -> None:
    send(
        terminal,
        submitted(),
        event("prereview.result", {"reference": REF, "outcome": "passed_with_deficiency", "x": 1}),
        event(
            "commitment.accepted", {"reference": REF, "accepted_at": "2026-11-26T10:31:00+08:00"}
        ),
    )
    d = declaration(db)
    assert (d.terminal, d.item_id, d.status, d.outcome) == (
        3,
        "elderly-card",
        "submitted",
        "passed_with_deficiency",
    )
    assert d.answers == {"name": "张三"}
    assert d.commitment_accepted_at == datetime(2026, 11, 26, 2, 31, tzinfo=UTC)
    with db.read() as s:
        history = s.scalars(select(StatusChange)).all()
        assert [(h.status, h.by) for h in history] == [("submitted", "terminal 3")]
        stored = s.scalars(select(Event).where(Event.kind == "prereview.result")).one()
        assert stored.payload["x"] == 1  # extra fields kept as they came
    # Fixed and submitted again: same reference, pre-review starts over.
    send(terminal, submitted(item_id="elderly-card"))
    d = declaration(db)
    assert (d.outcome, d.commitment_accepted_at) == (None, None)
    assert count(db, Declaration) == 1 and count(db, StatusChange) == 2


def test_the_api_shows_a_declaration_without_its_answers(
    db: Database, terminal: httpx.Client
) -> None:
    send(
        terminal,
        submitted(),
        event("prereview.result", {"reference": REF, "outcome": "passed"}),
        issued(),
    )
    body = terminal.get(f"/api/v1/declarations/{REF}").json()
    assert body["status"] == "submitted" and body["outcome"] == "passed"
    assert body["ticket"] == "A03-001"
    assert [h["status"] for h in body["history"]] == ["submitted"]
    assert "张三" not in str(body) and "answers" not in body
    assert terminal.get("/api/v1/declarations/20261126-03-0099").status_code == 404


def test_ticket_and_print_projections(db: Database, terminal: httpx.Client) -> None:
    send(terminal, submitted(), issued(), printed(), printed("ticket.reprinted"))
    assert one(db, Terminal).printer_status == "ok"
    send(terminal, printed("ticket.print_failed", "paper_out"))
    t = one(db, Ticket)
    assert (t.number, t.source, t.counters, t.terminal) == ("A03-001", "local", [3, 4], 3)
    assert (t.print_count, t.print_status) == (2, "paper_out")
    assert one(db, Terminal).printer_status == "paper_out"  # on the dashboard at once


def test_ticket_issued_completes_a_centrally_allocated_ticket(
    db: Database, terminal: httpx.Client
) -> None:
    allocated = terminal.post(
        "/api/v1/tickets",
        json={"terminal": 3, "reference": REF, "series": "A", "day": "2026-11-26", "counters": [3]},
    ).json()
    send(terminal, issued(number=allocated["number"], source="central"))
    t = one(db, Ticket)
    assert (t.number, t.source, t.issued_at) == (
        "A001",
        "central",
        datetime(2026, 11, 26, 2, 30, tzinfo=UTC),
    )


def test_a_number_already_held_by_another_reference_is_rejected(
    db: Database, terminal: httpx.Client
) -> None:
    send(terminal, issued())
    results = send(terminal, issued(reference="20261126-03-0002"))
    assert results[0]["status"] == "rejected"
    assert "already 20261126-03-0001's" in results[0]["reason"]


def test_help_calls_follow_the_terminal_and_get_change_numbers(
    db: Database, terminal: httpx.Client
) -> None:
    context = {
        "screen": "form",
        "item_id": "elderly-card",
        "page_id": "p1",
        "fields_in_error": [],
        "language": "zh_CN",
    }
    first, second = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
    send(
        terminal,
        event(
            "help.requested", {"id": first, "terminal": 3, "context": context, "requested_at": AT}
        ),
        event(
            "help.requested", {"id": second, "terminal": 3, "context": context, "requested_at": AT}
        ),
        event("help.cancelled", {"id": second, "terminal": 3, "cancelled_at": AT}),
    )
    calls = terminal.get("/api/v1/help-calls", params={"since": 0}).json()
    assert calls["cursor"] == 3
    assert [(c["id"], c["state"], c["changed"]) for c in calls["calls"]] == [
        (first, "open", 1),
        (second, "cancelled", 3),
    ]
    send(terminal, event("help.acknowledged", {"id": first, "terminal": 3, "at": AT}))
    later = terminal.get("/api/v1/help-calls", params={"since": 3}).json()
    assert [(c["id"], c["state"]) for c in later["calls"]] == [(first, "acknowledged")]
    assert later["calls"][0]["acknowledged_at"] is not None
    send(terminal, event("help.resolved", {"id": first, "terminal": 3, "at": AT}))
    with db.read() as s:
        call = s.get(HelpCall, first)
        assert call is not None
        assert (call.state, call.resolved_by) == ("resolved", "attendant at terminal 3")
    # Old news after the call is closed changes nothing and is not rejected.
    again = send(terminal, event("help.acknowledged", {"id": first, "terminal": 3, "at": AT}))
    assert again[0]["status"] == "accepted"


def test_another_terminal_does_not_see_these_help_calls(
    db: Database, terminal: httpx.Client, connect: Any
) -> None:
    from tests.central.conftest import register_terminal

    send(
        terminal,
        event("help.requested", {"id": "c1", "terminal": 3, "context": {}, "requested_at": AT}),
    )
    other = connect(register_terminal(db, 4))
    assert other.get("/api/v1/help-calls").json()["calls"] == []


def test_terminal_health(db: Database, terminal: httpx.Client, state: ServerState) -> None:
    send(terminal, event("guide.viewed", {"item_id": "elderly-card", "terminal": 3, "at": AT}))
    with db.read() as s:
        health = s.get(Terminal, 3)
        assert health is not None and health.last_seen_at == state.clock()
    beat = {
        "terminal": 3,
        "at": AT,
        "outbox_depth": 12,
        "oldest_pending_age_s": 4.5,
        "app_version": "0.1.0",
        "catalog_version": "3f2a9c1b0d4e",
        "calendar_version": "2027-1",
        "printer_status": "ok",
    }
    send(terminal, event("heartbeat", beat))
    send(terminal, event("printer.status", {"terminal": 3, "status": "paper_out", "at": AT}))
    with db.read() as s:
        h = s.get(Terminal, 3)
        assert h is not None
        assert (h.outbox_depth, h.oldest_pending_age_s, h.app_version) == (12, 4.5, "0.1.0")
        assert (h.catalog_version, h.calendar_version, h.printer_status) == (
            "3f2a9c1b0d4e",
            "2027-1",
            "paper_out",
        )


def test_counted_kinds_are_stored(db: Database, terminal: httpx.Client) -> None:
    send(
        terminal,
        event("guide.viewed", {"item_id": "elderly-card", "terminal": 3, "at": AT}),
        event("catalog.refused", {"terminal": 3, "version": "abc", "problems": ["x"]}),
    )
    with db.read() as s:
        assert sorted(s.scalars(select(Event.kind))) == ["catalog.refused", "guide.viewed"]


def test_events_that_arrive_before_their_declaration_wait_for_it(
    db: Database, terminal: httpx.Client
) -> None:
    # A batch answered late and resent after the next one: its events come second.
    early = [
        event("prereview.result", {"reference": REF, "outcome": "passed"}),
        event("commitment.accepted", {"reference": REF, "accepted_at": AT}),
        printed(),
        event("help.cancelled", {"id": "c9", "terminal": 3, "cancelled_at": AT}),
    ]
    assert [r["status"] for r in send(terminal, *early)] == ["accepted"] * 4
    assert count(db, WaitingEvent) == 4
    send(terminal, submitted())
    d = declaration(db)
    assert (d.outcome, d.commitment_accepted_at is not None) == ("passed", True)
    assert count(db, WaitingEvent) == 2
    send(
        terminal,
        issued(),
        event("help.requested", {"id": "c9", "terminal": 3, "context": {}, "requested_at": AT}),
    )
    with db.read() as s:
        assert s.scalars(select(Ticket.print_count)).one() == 1
        call = s.get(HelpCall, "c9")
        assert call is not None and call.state == "cancelled"
    assert count(db, WaitingEvent) == 0
    # Resending the early batch changes nothing more.
    assert {r["status"] for r in send(terminal, *early)} == {"duplicate"}


def test_out_of_order_within_one_batch(db: Database, terminal: httpx.Client) -> None:
    send(
        terminal, event("prereview.result", {"reference": REF, "outcome": "rejected"}), submitted()
    )
    assert declaration(db).outcome == "rejected"
    assert count(db, WaitingEvent) == 0


def test_another_terminals_declaration_is_not_touched(
    db: Database, terminal: httpx.Client, connect: Any
) -> None:
    from tests.central.conftest import register_terminal

    send(terminal, submitted())
    four = connect(register_terminal(db, 4))
    result = send(
        four, event("prereview.result", {"reference": REF, "outcome": "rejected"}), terminal=4
    )
    assert result[0]["status"] == "rejected" and "terminal 3's" in result[0]["reason"]
    assert declaration(db).outcome is None


def test_the_dashboard_hears_of_each_batch_after_its_commit(
    state: ServerState, terminal: httpx.Client
) -> None:
    heard: list[str] = []
    ready, done = threading.Event(), threading.Event()

    async def listen() -> None:
        with state.hub.subscribe() as topics:
            ready.set()
            while len(heard) < 3:
                heard.append(await asyncio.wait_for(topics.get(), 10))
        done.set()

    listener = threading.Thread(target=asyncio.run, args=(listen(),))
    listener.start()
    assert ready.wait(10)
    send(
        terminal,
        event("help.requested", {"id": "c1", "terminal": 3, "context": {}, "requested_at": AT}),
        submitted(),
    )
    listener.join(10)
    assert done.is_set()
    assert sorted(heard) == ["figures", "help", "terminals"]


def test_lone_surrogates_are_replaced_not_a_server_error(
    db: Database, terminal: httpx.Client
) -> None:
    # JSON can spell text that is not Unicode; a 500 would stall the terminal's outbox.
    body = (
        '{"terminal": 3, "events": ['
        '{"id": "e1", "kind": "heartbeat", "created_at": "2026-11-26T02:30:00Z",'
        ' "payload": {"terminal": 3, "at": "2026-11-26T02:30:00Z", "note": "a\\udc00b"}},'
        '{"id": "e2", "kind": "x\\ud800", "created_at": "2026-11-26T02:30:00Z", "payload": {}}]}'
    )
    response = terminal.post(
        "/api/v1/events", content=body.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == ["accepted", "rejected"]
    with db.read() as s:
        assert s.scalars(select(Event.payload)).one()["note"] == "a\ufffdb"
    bad_id = body.replace('"e1"', '"e\\udc00"')
    response = terminal.post(
        "/api/v1/events", content=bad_id.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
