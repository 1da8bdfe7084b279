"""The readers' polling pace: cycles no closer than 0.3 s, whatever the settings say.

The readers' makers ask for no faster polling (a reader polled faster misses cards and
heats its antenna); every backend waits for its turn here, and `interrupt()` (from
close()) ends a wait at once.
"""

from __future__ import annotations

import threading
import time
from typing import Final

MIN_POLL_S: Final = 0.3


class Pacer:
    """Turns no closer than `interval_s` (at least `MIN_POLL_S`)."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = max(MIN_POLL_S, interval_s)
        self._next = 0.0
        self._interrupted = threading.Event()

    def wait_turn(self) -> bool:
        """Wait until the next turn is due; False when interrupted (the reader closes)."""
        now = time.monotonic()
        if now < self._next and self._interrupted.wait(self._next - now):
            return False
        self._next = max(now, self._next) + self.interval_s
        return not self._interrupted.is_set()

    def interrupt(self) -> None:
        self._interrupted.set()

    def resume(self) -> None:
        self._interrupted.clear()
