"""Calls for the guidance attendant (呼叫辅导员), stored with their outbox events.

One tap stores a request with its context (screen, item, fields in error); a second
tap cancels it. The attendant's acknowledgement comes from the central server later.
The context names fields, never their answers: it is shown on the hall's dashboard.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kiosk.store.audit import audit
from kiosk.store.database import Store
from kiosk.store.models import HelpRequest
from kiosk.store.outbox import add_event

OPEN = "open"
CANCELLED = "cancelled"
CONTEXT_KEYS = frozenset({"screen", "item_id", "page_id", "fields_in_error", "language"})


class HelpDesk:
    """Help requests of one terminal."""

    def __init__(self, store: Store, terminal: int, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.terminal = terminal
        self.clock = clock

    def request(self, context: Mapping[str, Any]) -> str:
        """Store a help request; return its id."""
        unknown = set(context) - CONTEXT_KEYS
        if unknown:  # keeps answers (and personal numbers) out of the context
            raise ValueError(f"unknown help context keys: {sorted(unknown)}")
        now = self.clock()
        request_id = str(uuid.uuid4())
        with self.store.transaction() as s:
            s.add(
                HelpRequest(
                    id=request_id,
                    terminal=self.terminal,
                    state=OPEN,
                    context=dict(context),
                    requested_at=now,
                )
            )
            add_event(
                s,
                "help.requested",
                {
                    "id": request_id,
                    "terminal": self.terminal,
                    "context": dict(context),
                    "requested_at": now.isoformat(),
                },
                now,
            )
            audit(s, "applicant", "help.requested", {"id": request_id}, now)
        return request_id

    def cancel(self, request_id: str) -> bool:
        """Cancel an open request; False when it is no longer open."""
        now = self.clock()
        with self.store.transaction() as s:
            req = s.get(HelpRequest, request_id)
            if req is None or req.state != OPEN:
                return False
            req.state, req.closed_at = CANCELLED, now
            add_event(
                s,
                "help.cancelled",
                {"id": request_id, "terminal": self.terminal, "cancelled_at": now.isoformat()},
                now,
            )
            audit(s, "applicant", "help.cancelled", {"id": request_id}, now)
        return True

    def open_requests(self) -> list[HelpRequest]:
        with self.store.session() as s:
            return list(
                s.scalars(
                    select(HelpRequest)
                    .where(HelpRequest.state == OPEN)
                    .order_by(HelpRequest.requested_at)
                )
            )
