"""POST /api/v1/declarations/{reference}/status: the counters move declarations along
the chart; any other move is 409, an unknown reference 404."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from central import statuses
from central.db import Database
from central.models import Declaration
from tests.central.conftest import event, send

REF = "20261126-03-0001"


@pytest.fixture
def submitted(terminal: httpx.Client) -> None:
    send(
        terminal,
        event(
            "declaration.submitted",
            {
                "reference": REF,
                "terminal": 3,
                "item_id": "elderly-card",
                "catalog_version": "v",
                "language": "zh_CN",
                "submitted_at": "2026-11-26T02:30:00+00:00",
            },
        ),
    )


def move(counter: httpx.Client, status: str, note: str = "") -> httpx.Response:
    return counter.post(
        f"/api/v1/declarations/{REF}/status", json={"status": status, "counter": 3, "note": note}
    )


@pytest.mark.usefixtures("submitted")
def test_the_whole_way_and_its_history(counter: httpx.Client, terminal: httpx.Client) -> None:
    for status in ("received", "processing", "completed"):
        response = move(counter, status)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    history = terminal.get(f"/api/v1/declarations/{REF}").json()["history"]
    assert [(h["status"], h["by"]) for h in history] == [
        ("submitted", "terminal 3"),
        ("received", "counter 3"),
        ("processing", "counter 3"),
        ("completed", "counter 3"),
    ]
    assert move(counter, "returned", "too late").status_code == 409


@pytest.mark.usefixtures("submitted")
def test_moves_the_chart_does_not_allow_are_409(counter: httpx.Client) -> None:
    for status in ("processing", "completed", "returned"):
        response = move(counter, status, "note")
        assert response.status_code == 409, status
        assert "submitted" in response.json()["detail"]
    assert move(counter, "received").status_code == 200
    assert move(counter, "received").status_code == 409
    assert move(counter, "completed").status_code == 409


@pytest.mark.usefixtures("submitted")
def test_returned_needs_a_note(counter: httpx.Client, terminal: httpx.Client) -> None:
    move(counter, "received")
    assert move(counter, "returned", "  ").status_code == 422
    response = move(counter, "returned", "缺少户口簿原件")
    assert response.status_code == 200
    assert response.json()["history"][-1]["note"] == "缺少户口簿原件"


def test_unknown_reference_is_404(counter: httpx.Client) -> None:
    assert move(counter, "received").status_code == 404


@pytest.mark.usefixtures("submitted")
def test_submitted_cannot_be_set_by_a_counter(counter: httpx.Client) -> None:
    assert move(counter, "submitted").status_code == 422


def test_move_is_a_plain_function_for_the_dashboard(db: Database) -> None:
    at = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
    with db.transaction() as s:
        d = Declaration(
            reference=REF,
            terminal=3,
            item_id="x",
            catalog_version="v",
            language="zh_CN",
            answers={},
            materials={},
            submitted_at=at,
            outcome="passed",
            commitment_accepted_at=None,
            status="submitted",
            updated_at=at,
        )
        s.add(d)
        s.flush()
        change = statuses.move(s, d, "received", "staff zhang", "", at)
        assert (d.status, change.by) == ("received", "staff zhang")
        with pytest.raises(statuses.StatusConflict):
            statuses.move(s, d, "completed", "staff zhang", "", at)
        with pytest.raises(ValueError, match="unknown status"):
            statuses.move(s, d, "lost", "staff zhang", "", at)
