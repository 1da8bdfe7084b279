"""The sign-in throttle: per username, and per address for a guesser trying many names."""

from __future__ import annotations

from datetime import UTC, datetime

from central.dashboard.throttle import ADDRESS_LIMIT, LOCKOUT, WINDOW, SignInThrottle

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)


def test_many_usernames_from_one_address_are_stopped() -> None:
    throttle = SignInThrottle()
    for n in range(ADDRESS_LIMIT):
        keys = throttle.keys(f"user{n}", "10.0.0.7")
        assert throttle.wait_minutes(keys, NOW) == 0
        throttle.failed(keys, NOW)
    assert throttle.wait_minutes(throttle.keys("someone-else", "10.0.0.7"), NOW) == 5
    assert throttle.wait_minutes(throttle.keys("someone-else", "10.0.0.8"), NOW) == 0
    assert throttle.wait_minutes(throttle.keys("x", "10.0.0.7"), NOW + LOCKOUT) == 0


def test_old_failures_and_a_right_password_start_the_count_again() -> None:
    throttle = SignInThrottle()
    keys = throttle.keys("Zhang ", "10.0.0.7")
    assert keys == throttle.keys("zhang", "10.0.0.7")  # one account, however it is typed
    for _ in range(4):
        throttle.failed(keys, NOW)
    throttle.failed(keys, NOW + WINDOW)  # the first four are out of the window by now
    assert throttle.wait_minutes(keys, NOW + WINDOW) == 0
    for _ in range(3):
        throttle.failed(keys, NOW + WINDOW)
    throttle.succeeded(keys)
    throttle.failed(keys, NOW + WINDOW)
    assert throttle.wait_minutes(keys, NOW + WINDOW) == 0
