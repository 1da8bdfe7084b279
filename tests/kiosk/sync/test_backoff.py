"""Retry timing: exponential growth, the cap, the jitter's range, and Retry-After."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from kiosk.sync.backoff import MAX_RETRY_AFTER_S, Backoff, parse_retry_after

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)


def test_ceiling_doubles_from_the_base_up_to_the_cap() -> None:
    b = Backoff(base_s=1.0, cap_s=300.0)
    assert [b.ceiling(n) for n in range(1, 11)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert b.ceiling(10_000) == 300  # no overflow after a week offline
    assert b.ceiling(0) == 1


@pytest.mark.parametrize("failures", [1, 2, 5, 9, 30])
def test_delays_stay_within_half_the_ceiling_and_the_ceiling(failures: int) -> None:
    b = Backoff(base_s=1.0, cap_s=300.0, rng=random.Random(failures))
    top = b.ceiling(failures)
    delays = [b.delay(failures) for _ in range(2000)]
    assert all(top / 2 <= d <= top for d in delays)
    # jitter really spreads the terminals: the range is used, not one value
    assert max(delays) - min(delays) > top * 0.4


def test_delays_never_exceed_the_cap() -> None:
    b = Backoff(base_s=0.5, cap_s=7.0, rng=random.Random(1))
    assert max(b.delay(n) for n in range(1, 200)) <= 7.0


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        Backoff(base_s=0, cap_s=1)
    with pytest.raises(ValueError):
        Backoff(base_s=10, cap_s=1)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("0", 0.0),
        ("Thu, 26 Nov 2026 02:31:00 GMT", 60.0),  # an HTTP date a minute ahead
        ("Thu, 26 Nov 2026 02:00:00 GMT", 0.0),  # in the past: no wait
        ("99999999", MAX_RETRY_AFTER_S),  # a silly value cannot silence a terminal
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("1.5", None),  # RFC 9110: delay-seconds is an integer
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds
