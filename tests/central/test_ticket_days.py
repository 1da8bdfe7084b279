"""POST /api/v1/tickets gives numbers for the hall's today and the days next to it only:
9999-12-31, 0001-01-01 or ten years ahead are refused (422) and count nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from central.db import Database
from central.models import DaySequence, Ticket
from tests.conftest import Clock

TODAY = date(2026, 11, 26)  # the clock fixture's day in the hall (Asia/Shanghai)


def ask(client: httpx.Client, day: str, n: int = 1) -> httpx.Response:
    return client.post(
        "/api/v1/tickets",
        json={
            "terminal": 3,
            "reference": f"20261126-03-{n:04d}",
            "series": "A",
            "day": day,
            "counters": [3],
        },
    )


@pytest.mark.parametrize(
    "day", ["9999-12-31", "0001-01-01", "2036-11-26", "2026-11-28", "2026-11-24", "2025-11-26"]
)
def test_a_day_far_from_the_halls_today_is_refused(
    db: Database, terminal: httpx.Client, day: str
) -> None:
    response = ask(terminal, day)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail.startswith(f"day: {day} is not the hall's day (2026-11-26 in Asia/Shanghai)")
    assert "2026-11-25 to 2026-11-27" in detail
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
        assert s.scalar(select(func.count()).select_from(DaySequence)) == 0


def test_yesterday_today_and_tomorrow_get_numbers(terminal: httpx.Client) -> None:
    for n, offset in enumerate((-1, 0, 1), start=1):
        response = ask(terminal, (TODAY + timedelta(days=offset)).isoformat(), n)
        assert response.status_code == 200, response.text
        assert response.json()["number"] == "A001"  # each day counts on its own


def test_the_window_follows_the_halls_clock_not_utcs(terminal: httpx.Client, clock: Clock) -> None:
    # 17:30 UTC on the 26th is 01:30 on the 27th in the hall: the 28th is tomorrow there.
    clock.now = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
    assert ask(terminal, "2026-11-28").status_code == 200
    assert ask(terminal, "2026-11-25", 2).status_code == 422
