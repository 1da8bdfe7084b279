"""POST /api/v1/progress on the real server (SQLite and PostgreSQL): a declaration's
progress for the applicant who proves they hold it (the ticket's QR code read at the
terminal, or the last four digits of a mobile number in it); a wrong pair answered as an
unknown reference; the 容缺 materials still owed; guessing stopped per terminal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from central import statuses
from central.db import Database
from central.models import Declaration
from kiosk.progress import Query, from_answer
from tests.central.conftest import Connect, event, register_counter, register_terminal, send
from tests.central.test_ingest import AT, REF, submitted
from tests.central.test_ratings import rated
from tests.conftest import Clock

MOBILE = "13812345678"
ANSWERS = {"name": "张三", "id_number": "110101195001011234", "mobile": MOBILE}


def declared(terminal: httpx.Client, **answers: Any) -> None:
    send(terminal, submitted(answers=answers or ANSWERS, materials={}))


def look(client: httpx.Client, **body: Any) -> httpx.Response:
    return client.post("/api/v1/progress", json={"reference": REF, **body})


def review(outcome: str, deficiencies: list[Any]) -> dict[str, Any]:
    return event(
        "prereview.result",
        {
            "reference": REF,
            "item_id": "elderly-card",
            "outcome": outcome,
            "reviewed_on": "2026-11-26",
            "findings": [],
            "deficiencies": deficiencies,
        },
    )


def owed(material: str, due: str = "2026-12-03", **more: Any) -> dict[str, Any]:
    return {
        "material_id": material,
        "name": {"zh": "户口簿", "en": "Household register"},
        "working_days": 5,
        "due_date": due,
        "approval_id": "a1",
        **more,
    }


def accepted() -> dict[str, Any]:
    return event("commitment.accepted", {"reference": REF, "accepted_at": AT})


def move(db: Database, *moves: tuple[str, str]) -> None:
    with db.transaction() as s:
        decl = s.scalars(select(Declaration).where(Declaration.reference == REF)).one()
        for status, note in moves:
            statuses.move(s, decl, status, "counter 3 王芳", note, decl.updated_at)


def test_digits_or_the_qr_show_the_progress_and_nothing_of_the_answers(
    db: Database, terminal: httpx.Client
) -> None:
    declared(terminal)
    for proof in ({"digits": "5678"}, {"via": "qr"}):
        answer = look(terminal, **proof)
        assert answer.status_code == 200, answer.text
        assert answer.headers["cache-control"] == "no-store"
        body = answer.json()
        assert (body["reference"], body["item_id"], body["status"]) == (
            REF,
            "elderly-card",
            "submitted",
        )
        assert [h["status"] for h in body["history"]] == ["submitted"]
        assert body["owed"] == [] and body["ticket"] is None and body["rating"] is None
        for secret in ("张三", MOBILE, "110101195001011234", "name", "answers"):
            assert secret not in answer.text
    # The terminal's own check of the answer takes it.
    progress = from_answer(look(terminal, digits="5678").json(), Query(REF, "5678"))
    assert progress.current and progress.status == "submitted"


def test_a_wrong_pair_is_answered_as_no_such_declaration(terminal: httpx.Client) -> None:
    declared(terminal)
    wrong = look(terminal, digits="0000")
    unknown = terminal.post(
        "/api/v1/progress", json={"reference": "20261126-03-0999", "digits": "5678"}
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert "没有查到" in wrong.json()["detail"]


def test_a_declaration_without_a_mobile_is_found_only_by_its_qr(terminal: httpx.Client) -> None:
    declared(terminal, name="张三", phone="010-12345678")
    assert look(terminal, digits="5678").status_code == 404
    assert look(terminal, digits="5678").json() == look(terminal, digits="0000").json()
    assert look(terminal, via="qr").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"reference": REF},  # no proof
        {"reference": REF, "digits": "5678", "via": "qr"},  # both
        {"reference": REF, "digits": 5678},
        {"reference": REF, "digits": "567"},
        {"reference": REF, "digits": "５６７８"},  # full-width: the terminal's to clean
        {"reference": REF, "via": "sms"},
        {"reference": "x" * 100, "digits": "5678"},
        {"reference": REF, "digits": "5678", "answers": True},
        {"reference": ["x"], "digits": "5678"},
        [REF],
    ],
)
def test_malformed_lookups_are_422(terminal: httpx.Client, body: Any) -> None:
    answer = terminal.post("/api/v1/progress", json=body)
    assert answer.status_code == 422, answer.text


def test_only_terminals_look_up(db: Database, connect: Connect) -> None:
    assert connect(None).post("/api/v1/progress", json={}).status_code == 401
    counter = connect(register_counter(db))
    assert counter.post("/api/v1/progress", json={"reference": REF, "via": "qr"}).status_code == 403


def test_the_history_the_owed_materials_the_ticket_and_the_rating(
    db: Database, terminal: httpx.Client
) -> None:
    declared(terminal)
    send(
        terminal,
        review(
            "passed_with_deficiency",
            [
                owed("household"),
                owed("bad-date", due="2026-13-40"),  # dropped, never a 500
                {"material_id": 7},
                "not a deficiency",
            ],
        ),
        accepted(),
    )
    body = look(terminal, digits="5678").json()
    names = {"zh": "户口簿", "en": "Household register"}
    assert body["owed"] == [{"id": "household", "name": names, "due_date": "2026-12-03"}]
    move(db, ("received", ""), ("processing", ""))
    body = look(terminal, digits="5678").json()
    assert [h["status"] for h in body["history"]] == ["submitted", "received", "processing"]
    assert all(set(h) == {"status", "at", "note"} for h in body["history"])  # no "by"
    assert "王芳" not in str(body)
    assert len(body["owed"]) == 1  # still owed while it is processed
    move(db, ("returned", "户口簿未按期补交"))
    body = look(terminal, via="qr").json()
    assert body["status"] == "returned" and body["history"][-1]["note"] == "户口簿未按期补交"
    assert body["owed"] == []  # settled: nothing is owed any more
    send(terminal, rated("satisfied", aspects=(), text=""))
    assert look(terminal, via="qr").json()["rating"]["level"] == "satisfied"


def test_a_review_without_deficiency_owes_nothing(terminal: httpx.Client) -> None:
    declared(terminal)
    send(terminal, review("passed", [owed("household")]), accepted())
    assert look(terminal, via="qr").json()["owed"] == []


def test_guessing_digits_is_stopped_per_terminal(
    db: Database, terminal: httpx.Client, connect: Connect, clock: Clock
) -> None:
    declared(terminal)
    for guess in range(20):
        assert look(terminal, digits=f"{guess:04d}").status_code == 404
    stopped = look(terminal, digits="5678")  # even the right pair, for a while
    assert stopped.status_code == 429
    assert int(stopped.headers["retry-after"]) == 600
    assert "分钟后再试" in stopped.json()["detail"]
    other = connect(register_terminal(db, 4))
    assert look(other, digits="5678").status_code == 200  # another terminal is not stopped
    clock.now += timedelta(minutes=10, seconds=1)
    assert look(terminal, digits="5678").status_code == 200
