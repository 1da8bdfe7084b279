"""The terminal's Saturday appointments on its network lane (kiosk.bookings): whenever the
central server cannot say, the answer is the plain "offline" refusal (never an
exception the screen would have to guess at); input the checks refuse stays the
screen's BookingRefused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kiosk.appointments import BookingRefused, BookingRequest, CheckInQuery, Refusal
from kiosk.bookings import Bookings
from kiosk.config import CentralConfig
from kiosk.lanes import Lane
from kiosk.sync.appointments import AppointmentSource

REQUEST = BookingRequest.of("elderly-card", date(2026, 11, 28), "09:00", "王婧姝", "13912345678")


@pytest.fixture
def lane() -> Iterator[Lane]:
    lane = Lane("network", rank=2)
    yield lane
    lane.close(5)


def test_without_a_server_every_answer_is_offline(lane: Lane) -> None:
    bookings = Bookings(AppointmentSource(CentralConfig()), lane, 1)
    assert bookings.saturdays().result(5) == Refusal("offline")
    assert bookings.book(REQUEST).result(5) == Refusal("offline")
    assert bookings.check_in(CheckInQuery("K7QM3XPA")).result(5) == Refusal("offline")
    bookings.close()


def test_a_server_that_does_not_answer_is_offline_too(lane: Lane) -> None:
    dead = CentralConfig(url="http://127.0.0.1:9", token="x" * 32, timeout_s=1)
    bookings = Bookings(AppointmentSource(dead, timeout_s=1), lane, 1)
    assert bookings.saturdays("elderly-card").result(10) == Refusal("offline")
    assert bookings.book(REQUEST).result(10) == Refusal("offline")
    assert bookings.cancel("K7QM3XPA", "13912345678").result(10) == Refusal("offline")
    with pytest.raises(BookingRefused):  # the screen's to word, with its field
        bookings.cancel("0000", "13912345678").result(10)
    bookings.close()
