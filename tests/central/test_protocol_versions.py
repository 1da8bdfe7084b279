"""Protocol versions on the server: what it cannot read yet is kept (stored, answered
accepted, never dead-lettered) and applied once by a server that knows it; the rest of
the rules stay as they were. Over the real API where the answer matters, straight
through central.ingest where a protocol from the future is needed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal

import httpx
import pytest
from sqlalchemy import func, select

import central.app
from central.app import create_app
from central.db import Database
from central.ingest import KEPT, Incoming, apply_kept, ingest
from central.models import Declaration, Event, KeptEvent, Terminal, WaitingEvent
from central.serve import ServerThread
from central.state import ServerState
from kiosk.protocol import KINDS, PROTOCOL_VERSION, Kind, Registry, registry
from kiosk.protocol.events import DeclarationSubmitted, PrereviewResult
from tests.central.conftest import event, register_terminal, send
from tests.central.test_ingest import REF, count, declaration, submitted
from tests.conftest import Clock

AT = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)
NEWER = PROTOCOL_VERSION + 1  # a terminal from the future


def mode(name: str, at: datetime = AT, reason: str = "") -> dict[str, Any]:
    payload = {"terminal": 3, "mode": name, "reason": reason, "at": at.isoformat()}
    return event("terminal.mode", payload, at=at.isoformat())


def post(client: httpx.Client, *events: dict[str, Any], protocol: int | None) -> list[Any]:
    body: dict[str, Any] = {"terminal": 3, "events": list(events)}
    if protocol is not None:
        body["protocol"] = protocol
    response = client.post("/api/v1/events", json=body)
    assert response.status_code == 200, response.text
    return [(r["status"], r.get("reason")) for r in response.json()["results"]]


def health(db: Database, number: int = 3) -> Terminal:
    with db.read() as s:
        row = s.get(Terminal, number)
        assert row is not None
        s.expunge(row)
        return row


def kept(db: Database) -> list[tuple[str, int, int]]:
    with db.read() as s:
        rows = s.execute(
            select(Event.kind, KeptEvent.protocol, KeptEvent.checked_at)
            .join(Event, Event.id == KeptEvent.event_id)
            .order_by(KeptEvent.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.fixture
def previous(db: Database, clock: Clock) -> Iterator[httpx.Client]:
    """Terminal 3's client of the previous server (protocol 1) on the same database."""
    token = register_terminal(db, 3)
    state = ServerState(db, clock=clock, protocol_version=1)
    with (
        ServerThread(create_app(state)) as server,
        httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
        ) as client,
    ):
        yield client


def test_an_unknown_kind_is_kept_and_answered_accepted(
    db: Database, terminal: httpx.Client
) -> None:
    voided = event("ticket.voided", {"reference": REF, "terminal": 3, "why": "wrong item"})
    # An old terminal's batch (no protocol: 1) and a new one's: kept either way.
    assert post(terminal, voided, protocol=None) == [("accepted", KEPT)]
    assert kept(db) == [("ticket.voided", 1, PROTOCOL_VERSION)]
    assert health(db).protocol == 1
    with db.read() as s:
        assert s.scalars(select(Event.payload)).one()["why"] == "wrong item"  # as it came
    assert post(terminal, voided, protocol=PROTOCOL_VERSION) == [("duplicate", None)]
    assert count(db, Event) == 1 and len(kept(db)) == 1
    assert health(db).protocol == PROTOCOL_VERSION


def test_a_newer_terminals_payload_the_server_refuses_is_kept_not_rejected(
    db: Database, terminal: httpx.Client
) -> None:
    appeal = {"reference": REF, "outcome": "passed_on_appeal"}  # a value of the future
    assert post(terminal, event("prereview.result", appeal), protocol=NEWER) == [("accepted", KEPT)]
    assert kept(db) == [("prereview.result", NEWER, PROTOCOL_VERSION)]
    # From a terminal at the server's version (or older), the same is wrong: rejected.
    for version in (PROTOCOL_VERSION, 1):
        ((status, reason),) = post(terminal, event("prereview.result", appeal), protocol=version)
        assert status == "rejected" and reason.startswith("payload.outcome")
    # Keeping does not excuse the rules that hold whatever the version.
    another = event("ticket.voided", {"reference": REF, "terminal": 4})
    ((status, reason),) = post(terminal, another, protocol=NEWER)
    assert status == "rejected" and "payload terminal 4" in reason
    ((status, reason),) = post(terminal, event("Ticket Voided", {}), protocol=NEWER)
    assert status == "rejected" and "not a kind name" in reason
    assert count(db, Event) == 1


@pytest.mark.parametrize("protocol", [0, -1, "two", 1.5, 2**31, None])
def test_a_malformed_protocol_version_is_422(terminal: httpx.Client, protocol: Any) -> None:
    body = {"terminal": 3, "protocol": protocol, "events": [mode("staff")]}
    assert terminal.post("/api/v1/events", json=body).status_code == 422


def test_terminal_mode_goes_into_the_health_row_the_latest_change_winning(
    db: Database, terminal: httpx.Client
) -> None:
    later = AT + timedelta(minutes=5)
    assert post(terminal, mode("out_of_service", later, "printer jam"), protocol=2) == [
        ("accepted", None)
    ]
    # An older change that arrives late (a batch resent) does not undo the newer one.
    post(terminal, mode("staff", AT), protocol=2)
    h = health(db)
    assert (h.mode, h.mode_reason, h.mode_at, h.protocol) == (
        "out_of_service",
        "printer jam",
        later,
        2,
    )
    post(terminal, mode("applicant", later + timedelta(seconds=1)), protocol=2)
    assert health(db).mode == "applicant"
    ((status, reason),) = post(terminal, mode("asleep"), protocol=2)
    assert status == "rejected" and "payload.mode" in reason
    assert kept(db) == []


def test_the_previous_server_keeps_terminal_mode_and_the_upgraded_one_applies_it_once(
    db: Database, previous: httpx.Client, clock: Clock
) -> None:
    events = [mode("staff", AT), mode("out_of_service", AT + timedelta(minutes=1), "no paper")]
    assert post(previous, *events, protocol=2) == [("accepted", KEPT)] * 2
    assert health(db).mode is None and kept(db) == [("terminal.mode", 2, 1)] * 2
    # The previous server restarted: still protocol 1, nothing to apply, nothing lost.
    ServerThread(create_app(ServerState(db, clock=clock, protocol_version=1))).start().stop()
    assert len(kept(db)) == 2 and health(db).mode is None
    upgraded = ServerState(db, clock=clock)
    with ServerThread(create_app(upgraded)):  # its start applies them
        h = health(db)
        assert (h.mode, h.mode_reason) == ("out_of_service", "no paper")
        assert kept(db) == [] and count(db, Event) == 2
        with db.transaction() as s:  # a second pass (another process) finds nothing left
            assert apply_kept(s, clock(), upgraded.registry).results == []


def test_the_first_batch_applies_kept_events_when_the_start_could_not(
    db: Database,
    previous: httpx.Client,
    clock: Clock,
    connect: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    post(previous, mode("out_of_service"), protocol=2)

    def database_away(state: ServerState) -> None:
        raise RuntimeError("the database is away for a moment")

    monkeypatch.setattr(central.app, "apply_kept_events", database_away)  # the start only
    upgraded = ServerState(db, clock=clock)
    with ServerThread(create_app(upgraded)) as server:  # it serves all the same
        assert "kept events not applied at start" in caplog.text
        assert health(db).mode is None and len(kept(db)) == 1
        token = register_terminal(db, 4)
        with httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
        ) as four:
            beat = event("heartbeat", {"terminal": 4, "at": AT.isoformat()})
            response = four.post("/api/v1/events", json={"terminal": 4, "events": [beat]})
    assert response.json()["results"] == [{"id": beat["id"], "status": "accepted"}]
    assert health(db).mode == "out_of_service" and kept(db) == []


class WiderDeclaration(DeclarationSubmitted):
    """declaration.submitted as a future version has it: answers may be a list too."""

    since: ClassVar[int] = NEWER
    answers: dict[str, Any] | list[Any]  # type: ignore[assignment]


FutureOutcome = Literal["passed", "passed_with_deficiency", "rejected", "passed_on_appeal"]


class WiderReview(PrereviewResult):
    """prereview.result as a future version has it: one more outcome."""

    since: ClassVar[int] = NEWER
    outcome: FutureOutcome  # type: ignore[assignment]


FUTURE = Registry(
    NEWER,
    kinds={
        **KINDS,
        "declaration.submitted": Kind("declaration.submitted", WiderDeclaration, NEWER),
        "prereview.result": Kind("prereview.result", WiderReview, NEWER),
    },
)


def incoming(doc: dict[str, Any]) -> Incoming:
    return Incoming(
        doc["id"], doc["kind"], datetime.fromisoformat(doc["created_at"]), doc["payload"]
    )


def test_a_kept_event_that_another_waits_for_is_applied_with_it(db: Database) -> None:
    listed = [{"field": "name", "value": "张三"}]
    future = submitted(answers=listed)  # a list: this server's model wants an object
    review = event("prereview.result", {"reference": REF, "outcome": "passed"})
    with db.transaction() as s:
        outcome = ingest(s, 3, [incoming(future), incoming(review)], AT, protocol=NEWER)
    assert [(r.status, r.reason) for r in outcome.results] == [
        ("accepted", KEPT),
        ("accepted", None),  # it waits for its declaration
    ]
    assert count(db, Declaration) == 0 and count(db, WaitingEvent) == 1
    with db.transaction() as s:  # the server that knows the newer version
        applied = apply_kept(s, AT, FUTURE)
    assert [r.id for r in applied.results] == [future["id"]]
    d = declaration(db)
    assert (d.answers, d.outcome) == (listed, "passed")  # the waiting one applied too
    assert count(db, WaitingEvent) == 0 and kept(db) == []
    with db.transaction() as s:
        assert apply_kept(s, AT, FUTURE).results == []
    assert count(db, Event) == 2


def test_a_kept_event_that_must_wait_waits_after_the_upgrade(db: Database) -> None:
    appeal = event("prereview.result", {"reference": REF, "outcome": "passed_on_appeal"})
    with db.transaction() as s:  # the previous server: an outcome it does not know
        ingest(s, 3, [incoming(appeal)], AT, protocol=NEWER)
    with db.transaction() as s:  # upgraded: readable now, but its declaration is not here
        assert [r.id for r in apply_kept(s, AT, FUTURE).results] == [appeal["id"]]
    assert kept(db) == []
    with db.read() as s:
        assert list(s.scalars(select(WaitingEvent.key))) == [f"declaration:{REF}"]
    with db.transaction() as s:
        ingest(s, 3, [incoming(submitted())], AT, protocol=NEWER, known=FUTURE)
    assert declaration(db).outcome == "passed_on_appeal"
    assert count(db, WaitingEvent) == 0


def test_a_kept_event_the_newer_server_still_refuses_stays_kept(db: Database) -> None:
    hopeless = submitted(answers="张三")  # neither an object nor a list: refused by both
    with db.transaction() as s:
        ingest(s, 3, [incoming(hopeless)], AT, protocol=NEWER)
    with db.transaction() as s:
        assert apply_kept(s, AT, FUTURE).results == []
    assert kept(db) == [("declaration.submitted", NEWER, NEWER)]  # tried: not again at NEWER
    with db.read() as s:
        problem = s.scalars(select(KeptEvent.problem)).one()
    assert problem.startswith("payload.answers")
    with db.transaction() as s:
        assert apply_kept(s, AT, FUTURE).results == []
    assert count(db, Declaration) == 0 and count(db, Event) == 1


def test_the_server_refuses_a_protocol_version_it_does_not_have(db: Database) -> None:
    with pytest.raises(ValueError, match="protocol version"):
        ServerState(db, protocol_version=PROTOCOL_VERSION + 1)
    assert ServerState(db, protocol_version=1).registry is registry(1)


def test_an_old_terminals_batch_is_stored_and_applied_as_before(
    db: Database, terminal: httpx.Client
) -> None:
    # An old terminal's batch, as it always was: stored and applied as before.
    assert [r["status"] for r in send(terminal, submitted())] == ["accepted"]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Declaration)) == 1
    assert health(db).protocol == 1 and kept(db) == []
