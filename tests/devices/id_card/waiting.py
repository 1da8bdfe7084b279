"""Waiting on a condition another thread or process brings about: a predicate polled
with a generous deadline (the machine is busy; no test asserts on exact timing)."""

from __future__ import annotations

import time
from collections.abc import Callable

DEADLINE_S = 20.0


def wait_until(predicate: Callable[[], object], timeout: float = DEADLINE_S) -> None:
    """Return once ``predicate()`` is true; fail the test after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"not within {timeout:g} s: {predicate.__doc__ or predicate}")
        time.sleep(0.01)
