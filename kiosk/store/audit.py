"""The audit log: who did what at this terminal, with personal numbers masked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kiosk.privacy import mask_data
from kiosk.store.models import AuditEntry


def audit(session: Session, actor: str, action: str, detail: dict[str, Any], now: datetime) -> None:
    """Record an action in `session`'s transaction."""
    session.add(AuditEntry(at=now, actor=actor, action=action, detail=mask_data(detail)))
