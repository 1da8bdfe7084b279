"""Waiting on a condition the light's thread brings about: a predicate polled with a
generous deadline (the tests never assert on exact timing)."""

from __future__ import annotations

import time
from collections.abc import Callable

DEADLINE_S = 10.0


def wait_until(predicate: Callable[[], bool], timeout: float = DEADLINE_S) -> None:
    """Return once ``predicate()`` holds; fail the test after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout:g} s: {predicate.__doc__ or predicate}")
        time.sleep(0.005)
