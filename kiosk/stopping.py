"""SIGTERM and Ctrl+C: a request to end the kiosk in order, whatever it is doing.

The handler is installed first thing in `main()` and only records the request; whoever
runs the program acts on it: the console raises KeyboardInterrupt at the next Python
step, the touch interface quits its event loop (woken at once through a wake-up file
descriptor, with no timer polling for signals). A request that arrives before the event
loop exists is kept and acted on as soon as an action is registered.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequest:
    """Whether the kiosk was asked to stop, and what to do about it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requested: str | None = None  # the signal's name once asked
        self._action: Callable[[], None] | None = None

    def install(self) -> None:
        """Handle SIGINT and SIGTERM (main thread only)."""
        for sig in SIGNALS:
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.request(signal.Signals(signum).name)

    def request(self, why: str) -> None:
        with self._lock:
            first = self.requested is None
            self.requested = self.requested or why
            action = self._action
        if first and action is not None:
            action()

    def on_request(self, action: Callable[[], None] | None) -> None:
        """Do `action` when asked to stop; at once if that was asked already."""
        with self._lock:
            self._action = action
            asked = self.requested is not None
        if asked and action is not None:
            action()


def raise_interrupt() -> None:
    """The console's action: unwind the walk-through (its `finally` closes the terminal)."""
    raise KeyboardInterrupt


STOP = StopRequest()
