"""The hall's day follows the server's `timezone` setting, never the machine's zone: the
queue's day, the dashboard's "today" (its figures and times) on the real server."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from central.app import create_app
from central.days import UnknownTimeZone, hall_zone
from central.db import Database
from central.serve import ServerThread
from central.state import ServerState
from tests.central.conftest import event, register_terminal, send
from tests.central.dashboard_helpers import add_staff, sign_in

NOW = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)  # 01:30 on the 27th in Shanghai
BEFORE_MIDNIGHT = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)  # 23:30 on the 26th there


@pytest.fixture(params=["America/Los_Angeles", "Asia/Shanghai"])
def machine_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    """The machine's own zone ($TZ), which must change nothing."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (
            "Asia/Shanghai",
            {"day": "2026-11-27", "queue": {"3": {"waiting": 1}}, "tickets": 1, "views": 0},
        ),
        ("UTC", {"day": "2026-11-26", "queue": {}, "tickets": 0, "views": 1}),
    ],
)
def test_the_halls_day_is_the_configured_zones(
    db: Database, machine_tz: str, zone: str, expected: dict[str, Any]
) -> None:
    state = ServerState(db, clock=lambda: NOW, timezone=hall_zone(zone))
    add_staff(db)
    token = register_terminal(db, 3)
    with (
        ServerThread(create_app(state)) as server,
        httpx.Client(base_url=server.base_url) as browser,
        httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
        ) as terminal,
    ):
        # A terminal in Shanghai: a guide opened at 23:30, a ticket of the 27th at 01:30.
        view = {"item_id": "elderly-card", "terminal": 3, "at": BEFORE_MIDNIGHT.isoformat()}
        send(terminal, event("guide.viewed", view, at=BEFORE_MIDNIGHT.isoformat()))
        ticket = {
            "terminal": 3,
            "reference": "20261127-03-0001",
            "series": "A",
            "day": "2026-11-27",
            "counters": [3],
        }
        assert terminal.post("/api/v1/tickets", json=ticket).status_code == 200
        queue = terminal.get("/api/v1/queue").json()
        sign_in(browser)
        snapshot = browser.get("/dashboard/snapshot.json").json()
    assert (queue["day"], queue["counters"]) == (expected["day"], expected["queue"])
    figures = snapshot["figures"]
    assert (figures["day"], figures["tickets"], figures["consultations"]) == (
        expected["day"],
        expected["tickets"],
        expected["views"],
    )
    (health,) = snapshot["terminals"]
    assert health["last_seen"] == ("01:30:00" if zone == "Asia/Shanghai" else "17:30:00")


def test_the_default_zone_is_shanghai(db: Database) -> None:
    assert ServerState(db).timezone.key == "Asia/Shanghai"


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "/etc/localtime", "Asia"])
def test_an_unknown_zone_is_refused_with_its_name(name: str) -> None:
    with pytest.raises(UnknownTimeZone, match="unknown time zone"):
        hall_zone(name)
