"""What every part of the server shares: the database, the notification hub, the clock,
the hall's time zone and the sync protocol version the server speaks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from central.days import DEFAULT_TIMEZONE, hall_zone
from central.db import Database
from central.hub import Hub
from kiosk.protocol import PROTOCOL_VERSION, Registry, registry


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ServerState:
    """Held by the app (`app.state.server`); tests build one around a fresh database.

    `timezone` is the hall's: its day is the tickets' and the dashboard's "today".
    `protocol_version` is the newest sync protocol the server reads (older than the
    code's own only to run "the previous server" in tests, `central serve
    --protocol-version`).
    """

    db: Database
    hub: Hub = field(default_factory=Hub)
    clock: Callable[[], datetime] = utc_now
    timezone: ZoneInfo = field(default_factory=lambda: hall_zone(DEFAULT_TIMEZONE))
    protocol_version: int = PROTOCOL_VERSION
    # Kept events are applied once per process, before the first batch
    # (central.api.events.apply_kept_events).
    kept_applied: bool = field(default=False, init=False)
    kept_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        registry(self.protocol_version)  # an unknown version fails here, not at a batch

    @property
    def registry(self) -> Registry:
        """The event kinds this server knows."""
        return registry(self.protocol_version)
