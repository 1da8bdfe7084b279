"""How the link to the central server is doing: the last round trip and the clock's drift.

Every answer from the server (any status) is one contact: how long the request took,
and the server's clock from its HTTP `Date` header, to one second. Kept apart from
SyncStatus on purpose: these change with every request, and the status's listeners (the
screen's offline note) need to hear only of real changes. The diagnostics screen and the
heartbeat read `figures()`. Thread-safe: the network lane writes, anyone reads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class LinkFigures:
    """The last contact with the server (None: no answer yet since the start)."""

    last_contact_at: datetime | None = None
    round_trip_ms: float | None = None
    # The terminal's clock minus the server's, from the Date header of the last answer
    # that had one (to a second: the header has no fractions); None: none had one.
    clock_drift_s: float | None = None


class Link:
    """The figures of the terminal's link to the server, updated by its clients."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._figures = LinkFigures()

    def record(self, elapsed_s: float, date_header: str | None, now: datetime) -> None:
        """An answer arrived at `now` after `elapsed_s`; `date_header` is its Date."""
        drift = self._figures.clock_drift_s
        server_time = _http_date(date_header)
        if server_time is not None:
            # The server stamped its answer somewhere within the round trip: its middle.
            sent_mid = now.timestamp() - max(0.0, elapsed_s) / 2
            drift = round(sent_mid - server_time.timestamp(), 1)
        with self._lock:
            self._figures = LinkFigures(now, round(max(0.0, elapsed_s) * 1000, 1), drift)

    def figures(self) -> LinkFigures:
        with self._lock:
            return self._figures


def _http_date(value: str | None) -> datetime | None:
    """An HTTP date (RFC 9110 IMF-fixdate) as an aware datetime, None if unreadable."""
    if not value or len(value) > 64:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None
