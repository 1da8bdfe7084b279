"""证照免费邮寄 on the real server (SQLite and PostgreSQL): mailing.requested kept by its
latest `at`, waiting for its declaration, cancelled by `mail` false; a counter's
dispatch (POST …/dispatch) and its refusals; the progress lookup showing where the
parcel is and nothing of whom it goes to; a change after the dispatch kept as an event
only."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from central.db import Database
from central.ingest import KEPT, apply_kept, ingest
from central.models import Event, Mailing
from kiosk.progress import Query, from_answer
from kiosk.protocol import registry
from tests.central.conftest import Connect, event, register_terminal, send
from tests.central.test_ingest import REF, submitted
from tests.central.test_protocol_versions import incoming

ADDRESS = {
    "recipient": "李四",
    "mobile": "13912345678",
    "division": "330106",
    "province": "浙江省",
    "city": "杭州市",
    "district": "西湖区",
    "street": "文三路九十号东部软件园三幢",
    "postcode": "310012",
}
# The terminal's times of its requests: 09:00, 10:00 and 11:00 in the hall.
T1, T2, T3 = (f"2026-11-26T{h}:00:00+08:00" for h in ("09", "10", "11"))
DISPATCH = {"counter": 3, "carrier": "EMS", "tracking": "1234567890123"}


def mail(at: str = T1, reference: str = REF, terminal: int = 3, **changes: Any) -> dict[str, Any]:
    return event(
        "mailing.requested",
        {"reference": reference, "terminal": terminal, **ADDRESS, **changes, "at": at},
    )


def collect(at: str = T2, **fields: Any) -> dict[str, Any]:
    """Back to collecting the certificate at the counter."""
    payload = {"reference": REF, "terminal": 3, "mail": False, **fields, "at": at}
    return event("mailing.requested", payload)


def mailing(db: Database) -> dict[str, Any] | None:
    """The one mailing's columns, or None."""
    with db.read() as s:
        row = s.execute(select(Mailing.__table__)).mappings().one_or_none()
        return dict(row) if row is not None else None


def accepted(results: list[dict[str, Any]]) -> bool:
    return all(r["status"] == "accepted" for r in results)


def dispatch(counter: httpx.Client, body: Any = DISPATCH, reference: str = REF) -> httpx.Response:
    return counter.post(f"/api/v1/declarations/{reference}/dispatch", json=body)


def look(terminal: httpx.Client) -> httpx.Response:
    answer = terminal.post("/api/v1/progress", json={"reference": REF, "via": "qr"})
    assert answer.status_code == 200, answer.text
    return answer


# -- the request ---------------------------------------------------------------------------


def test_a_request_is_stored_with_its_address(db: Database, terminal: httpx.Client) -> None:
    assert accepted(send(terminal, submitted(), mail()))
    stored = mailing(db)
    assert stored is not None
    assert {name: stored[name] for name in ADDRESS} == ADDRESS
    assert (stored["state"], stored["terminal"], stored["requested_at"].isoformat()) == (
        "requested",
        3,
        "2026-11-26T01:00:00+00:00",
    )
    assert (
        stored["carrier"],
        stored["tracking"],
        stored["dispatched_at"],
        stored["dispatched_by"],
    ) == (
        None,
        None,
        None,
        None,
    )


def test_a_later_request_replaces_the_address_an_older_one_arriving_late_does_not(
    db: Database, terminal: httpx.Client
) -> None:
    send(terminal, submitted(), mail(T1), mail(T2, street="教工路一号"))
    assert (mailing(db) or {}).get("street") == "教工路一号"
    # Out of order: the request of 11:00 came first, the one of 10:00 after it.
    send(terminal, mail(T3, street="天目山路二号", postcode="310013"))
    send(terminal, mail(T2, street="学院路三号"))
    stored = mailing(db)
    assert stored is not None
    assert (stored["street"], stored["postcode"], stored["state"]) == (
        "天目山路二号",
        "310013",
        "requested",
    )
    assert stored["requested_at"].isoformat() == "2026-11-26T03:00:00+00:00"
    with db.read() as s:  # every request is kept as an event, the late one too
        assert (
            s.scalar(select(func.count()).select_from(Event).where(Event.kind.like("mail%"))) == 4
        )


def test_requests_before_their_declaration_wait_for_it(
    db: Database, terminal: httpx.Client
) -> None:
    # Both arrive before the declaration, the newer one first: applied oldest first.
    assert accepted(send(terminal, mail(T3, street="天目山路二号")))
    assert accepted(send(terminal, mail(T1)))
    assert mailing(db) is None
    send(terminal, submitted())
    stored = mailing(db)
    assert stored is not None
    assert (stored["street"], stored["state"]) == ("天目山路二号", "requested")


def test_mail_false_cancels_and_an_older_request_does_not_undo_it(
    db: Database, terminal: httpx.Client, counter: httpx.Client
) -> None:
    # The protocol lets a cancellation carry an address: it is not kept either.
    send(terminal, submitted(), mail(T1), collect(T2, **ADDRESS))
    stored = mailing(db)
    assert stored is not None and stored["state"] == "cancelled"
    assert all(stored[name] == "" for name in ADDRESS)  # not kept once not needed
    send(terminal, mail(T1))  # the first request, resent late under another id
    assert (mailing(db) or {}).get("state") == "cancelled"
    assert look(terminal).json()["mailing"] is None
    refused = dispatch(counter)
    assert refused.status_code == 409 and "cancelled" in refused.json()["detail"]
    send(terminal, mail(T3))  # mailed after all
    assert (mailing(db) or {}).get("state") == "requested"


def test_the_grid_leader_brings_it_not_the_post(
    db: Database, terminal: httpx.Client, counter: httpx.Client
) -> None:
    """A proxy declaration's certificate brought home by the grid leader (网格化零跑代办)."""
    send(terminal, submitted(), collect(T2, grid_leader=True))
    stored = mailing(db)
    assert stored is not None and stored["state"] == "grid_leader"
    assert all(stored[name] == "" for name in ADDRESS)
    assert look(terminal).json()["mailing"]["state"] == "grid_leader"
    refused = dispatch(counter)
    assert refused.status_code == 409 and "grid leader" in refused.json()["detail"]


def test_a_cancellation_before_any_request_is_kept(db: Database, terminal: httpx.Client) -> None:
    send(terminal, submitted(), collect(T2), mail(T1))  # the request of 09:00 came later
    assert (mailing(db) or {}).get("state") == "cancelled"


def test_another_terminals_declaration_cannot_be_mailed(
    db: Database, terminal: httpx.Client, connect: Connect
) -> None:
    send(terminal, submitted())
    seven = connect(register_terminal(db, 7))
    (result,) = send(seven, mail(terminal=7), terminal=7)
    assert (result["status"], result["code"]) == ("rejected", 403)
    assert mailing(db) is None


def test_a_protocol_4_server_keeps_a_request_and_the_upgraded_one_applies_it(
    db: Database,
) -> None:
    events = [incoming(submitted()), incoming(mail())]
    now = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)
    with db.transaction() as s:  # the previous server does not know the kind
        outcome = ingest(s, 3, events, now, protocol=5, known=registry(4))
    assert [(r.status, r.reason) for r in outcome.results] == [
        ("accepted", None),
        ("accepted", KEPT),
    ]
    assert mailing(db) is None
    with db.transaction() as s:  # the upgraded server's start
        assert len(apply_kept(s, now, registry()).results) == 1
    assert (mailing(db) or {}).get("state") == "requested"


@pytest.mark.parametrize(
    "changes",
    [
        {"mobile": "12345"},
        {"division": "33010"},
        {"postcode": "31001x"},
        {"recipient": ""},
        {"street": "x" * 121},
        {"street": "坏\x00字"},
        {"mail": "maybe"},
    ],
)
def test_hostile_requests_are_rejected(
    db: Database, terminal: httpx.Client, changes: dict[str, Any]
) -> None:
    send(terminal, submitted())
    (result,) = send(terminal, mail(**changes))
    assert (result["status"], result["code"]) == ("rejected", 422), result
    assert mailing(db) is None


# -- the dispatch --------------------------------------------------------------------------


def test_a_counter_dispatches_once_and_the_same_again_is_the_same_answer(
    db: Database, terminal: httpx.Client, counter: httpx.Client
) -> None:
    send(terminal, submitted(), mail())
    first = dispatch(counter)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body == {
        "reference": REF,
        "state": "dispatched",
        "carrier": "EMS",
        "tracking": "1234567890123",
        "requested_at": body["requested_at"],
        "dispatched_at": body["dispatched_at"],
        "dispatched_by": "counter 3",
    }
    for secret in ADDRESS.values():
        assert secret not in first.text
    again = dispatch(counter, {**DISPATCH, "counter": 5})  # a retry from another desk
    assert again.status_code == 200 and again.json() == body  # the first one's time and desk
    stored = mailing(db)
    assert stored is not None
    assert (stored["state"], stored["carrier"], stored["tracking"], stored["dispatched_by"]) == (
        "dispatched",
        "EMS",
        "1234567890123",
        "counter 3",
    )


@pytest.mark.parametrize(
    "other", [{"tracking": "9876543210987"}, {"carrier": "SF"}], ids=["tracking", "carrier"]
)
def test_another_parcel_for_a_dispatched_mailing_is_409(
    db: Database, terminal: httpx.Client, counter: httpx.Client, other: dict[str, str]
) -> None:
    send(terminal, submitted(), mail())
    assert dispatch(counter).status_code == 200
    refused = dispatch(counter, {**DISPATCH, **other})
    assert refused.status_code == 409
    assert "dispatched already as EMS 1234567890123" in refused.json()["detail"]
    assert (mailing(db) or {}).get("tracking") == "1234567890123"


def test_dispatch_refusals(db: Database, terminal: httpx.Client, counter: httpx.Client) -> None:
    send(terminal, submitted())
    assert terminal.post(f"/api/v1/declarations/{REF}/dispatch", json=DISPATCH).status_code == 403
    unknown = dispatch(counter, reference="20261126-03-0999")
    assert unknown.status_code == 404 and unknown.json()["detail"]
    not_requested = dispatch(counter)
    assert not_requested.status_code == 409
    assert "no mailing was requested" in not_requested.json()["detail"]
    assert mailing(db) is None


def test_other_carriers_are_named_in_a_short_text(
    terminal: httpx.Client, counter: httpx.Client
) -> None:
    send(terminal, submitted(), mail())
    answer = dispatch(counter, {**DISPATCH, "carrier": "德邦快递", "tracking": "DPK12345678"})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["carrier"], answer.json()["tracking"]) == ("德邦快递", "DPK12345678")


@pytest.mark.parametrize(
    "body",
    [
        {**DISPATCH, "note": "x"},  # extra keys are refused
        {**DISPATCH, "counter": "3"},  # strict: no strings for numbers
        {**DISPATCH, "counter": 0},
        {**DISPATCH, "counter": 3.0},
        {**DISPATCH, "carrier": ""},
        {**DISPATCH, "carrier": " EMS"},
        {**DISPATCH, "carrier": "E\nMS"},
        {**DISPATCH, "carrier": "EMS\x00"},
        {**DISPATCH, "carrier": "x" * 33},
        {**DISPATCH, "carrier": 7},
        {**DISPATCH, "tracking": "12345"},
        {**DISPATCH, "tracking": "1" * 33},
        {**DISPATCH, "tracking": "1234-5678"},
        {**DISPATCH, "tracking": "１２３４５６７８"},  # full-width digits
        {**DISPATCH, "tracking": 1234567890123},
        {"counter": 3, "carrier": "EMS"},
        {},
        [DISPATCH],
        None,
    ],
)
def test_hostile_dispatch_bodies_are_422(
    db: Database, terminal: httpx.Client, counter: httpx.Client, body: Any
) -> None:
    send(terminal, submitted(), mail())
    answer = dispatch(counter, body)
    assert answer.status_code == 422, answer.text
    assert (mailing(db) or {}).get("state") == "requested"


# -- the lookup, and changes after the dispatch ------------------------------------------------


def test_the_lookup_shows_where_the_parcel_is_and_nothing_personal(
    terminal: httpx.Client, counter: httpx.Client
) -> None:
    send(terminal, submitted())
    assert look(terminal).json()["mailing"] is None
    send(terminal, mail())
    requested = look(terminal)
    assert requested.json()["mailing"] == {
        "state": "requested",
        "carrier": None,
        "tracking": None,
        "dispatched_at": None,
        "district": "杭州市西湖区",
    }
    assert dispatch(counter).status_code == 200
    dispatched = look(terminal)
    shown = dispatched.json()["mailing"]
    assert (shown["state"], shown["carrier"], shown["tracking"]) == (
        "dispatched",
        "EMS",
        "1234567890123",
    )
    assert shown["dispatched_at"] is not None and shown["district"] == "杭州市西湖区"
    for answer in (requested, dispatched):
        for secret in ("李四", "13912345678", "文三路", "310012", "recipient", "street"):
            assert secret not in answer.text, secret
    # The terminal's own check takes it, the mailing as it came.
    progress = from_answer(dispatched.json(), Query(REF))
    assert progress.mailing is not None and progress.mailing["tracking"] == "1234567890123"


def test_a_request_after_the_dispatch_does_not_change_it(
    db: Database, terminal: httpx.Client, counter: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    send(terminal, submitted(), mail(T1))
    assert dispatch(counter).status_code == 200
    with caplog.at_level(logging.WARNING, logger="central.mailings"):
        assert accepted(send(terminal, mail(T2, street="教工路一号")))
        assert accepted(send(terminal, collect(T3)))
    warnings = [r for r in caplog.records if r.name == "central.mailings"]
    assert len(warnings) == 2 and all(REF in r.getMessage() for r in warnings)
    assert all("教工路" not in r.getMessage() for r in warnings)  # never the address
    stored = mailing(db)
    assert stored is not None
    assert (stored["state"], stored["street"], stored["tracking"]) == (
        "dispatched",
        ADDRESS["street"],
        DISPATCH["tracking"],
    )
    assert look(terminal).json()["mailing"]["state"] == "dispatched"
    with db.read() as s:  # kept as events all the same
        assert (
            s.scalar(select(func.count()).select_from(Event).where(Event.kind.like("mail%"))) == 3
        )
