"""An applicant opened an item's introduction (一次性告知): the hall counts consultations.

The UI calls `record_guide_view` when the introduction screen opens; the event reaches
the central server through the outbox like every other (`guide.viewed`). Nothing about
the applicant is recorded, only the item, the terminal and the time.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.protocol import payload
from kiosk.store.database import Store
from kiosk.store.outbox import add_event

GUIDE_VIEWED = "guide.viewed"


def record_guide_view(store: Store, terminal: int, item_id: str, now: datetime) -> None:
    """Queue a `guide.viewed` event for `item_id` (call it off the UI thread)."""
    with store.transaction() as s:
        add_event(
            s,
            GUIDE_VIEWED,
            payload(GUIDE_VIEWED, item_id=item_id, terminal=terminal, at=now),
            now,
        )
