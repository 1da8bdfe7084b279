"""Slowing down password guessing on the dashboard's sign-in form.

After `limit` failed sign-ins within `window` for one username (or many more from one
address, which catches a guesser trying many usernames), that key is refused for
`lockout`, without checking the password. Kept in memory: one server process serves a
hall, and a restart that forgets the count is no help to a guesser at the counter.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from datetime import datetime, timedelta
from typing import Any

USER_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=5)
LOCKOUT = timedelta(minutes=5)


_APP_LOCK = threading.Lock()


def app_throttle(
    state: Any, name: str, *, window: timedelta = WINDOW, lockout: timedelta = LOCKOUT
) -> SignInThrottle:
    """The app's throttle called `name`, made on first use and kept on `state` (the
    app's `app.state`): one per app, since tests build many apps in one process."""
    with _APP_LOCK:
        throttle: SignInThrottle | None = getattr(state, name, None)
        if throttle is None:
            throttle = SignInThrottle(window=window, lockout=lockout)
            setattr(state, name, throttle)
        return throttle


class SignInThrottle:
    """Failed sign-ins per key (a username, an address); thread-safe."""

    def __init__(self, window: timedelta = WINDOW, lockout: timedelta = LOCKOUT) -> None:
        self.window, self.lockout = window, lockout
        self._lock = threading.Lock()
        self._failures: dict[str, deque[datetime]] = {}
        self._blocked_until: dict[str, datetime] = {}

    @staticmethod
    def keys(username: str, address: str) -> dict[str, int]:
        """The keys a sign-in counts against, each with its limit."""
        return {f"user:{username.strip().casefold()}": USER_LIMIT, f"addr:{address}": ADDRESS_LIMIT}

    def wait_minutes(self, keys: dict[str, int], now: datetime) -> int:
        """Whole minutes until these keys may try again; 0 when they may now."""
        with self._lock:
            until = max((self._blocked_until.get(k, now) for k in keys), default=now)
        return math.ceil((until - now).total_seconds() / 60) if until > now else 0

    def failed(self, keys: dict[str, int], now: datetime) -> None:
        with self._lock:
            for key, limit in keys.items():
                recent = self._failures.setdefault(key, deque())
                recent.append(now)
                while recent and recent[0] <= now - self.window:
                    recent.popleft()
                if len(recent) >= limit:
                    self._blocked_until[key] = now + self.lockout
                    recent.clear()

    def succeeded(self, keys: dict[str, int]) -> None:
        """A right password: that username's count starts again (not the address's)."""
        with self._lock:
            for key in keys:
                if key.startswith("user:"):
                    self._failures.pop(key, None)
