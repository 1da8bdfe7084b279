"""What every part of the server shares: the database, the notification hub, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from central.db import Database
from central.hub import Hub


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ServerState:
    """Held by the app (`app.state.server`); tests build one around a fresh database."""

    db: Database
    hub: Hub = field(default_factory=Hub)
    clock: Callable[[], datetime] = utc_now
