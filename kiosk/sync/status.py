"""What the sync worker shows the UI and technicians: a snapshot, safe to read anywhere."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    """One moment of the terminal's sync.

    Times are kept rather than ages, so the snapshot changes only when something
    happens; `oldest_pending_age_s(now)` gives the age to display.
    """

    configured: bool = False  # a central.url is set
    online: bool = False  # the last exchange with the server succeeded
    outbox_depth: int = 0
    oldest_pending_at: datetime | None = None
    dead_count: int = 0  # events the server rejected, kept for technicians
    last_success_at: datetime | None = None  # any exchange with the server
    last_sent_at: datetime | None = None  # the last batch of events the server answered
    last_error: str | None = None  # the current problem; None once an exchange succeeds
    auth_fault: bool = False  # 401/403: the token needs a technician
    next_attempt_at: datetime | None = None  # when the queue is tried again after a failure
    catalog_version: str | None = None
    catalog_error: str | None = None  # the last downloaded catalog was refused
    calendar_version: str | None = None
    calendar_error: str | None = None

    def oldest_pending_age_s(self, now: datetime) -> float | None:
        if self.oldest_pending_at is None:
            return None
        return max(0.0, (now - self.oldest_pending_at).total_seconds())


class StatusBox:
    """The current snapshot behind a lock; a change is passed to `on_change` (no lock held)."""

    def __init__(
        self, initial: SyncStatus, on_change: Callable[[SyncStatus], None] | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._status = initial
        self._on_change = on_change
        self._changed = threading.Condition(self._lock)

    def get(self) -> SyncStatus:
        with self._lock:
            return self._status

    def update(self, **changes: Any) -> SyncStatus:
        with self._lock:
            old = self._status
            new = dataclasses.replace(old, **changes)
            if new == old:
                return old
            self._status = new
            self._changed.notify_all()
        if self._on_change is not None:
            try:
                self._on_change(new)
            except Exception:  # a UI bug must not stop the sync
                log.exception("sync status callback failed")
        return new

    def wait_for(self, predicate: Callable[[SyncStatus], bool], timeout: float) -> SyncStatus:
        """Block until `predicate(status)` holds or `timeout` passes (for tools and tests)."""
        with self._lock:
            self._changed.wait_for(lambda: predicate(self._status), timeout)
            return self._status
