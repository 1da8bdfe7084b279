"""Where a declaration is at the counters: the status chart and its one way to move.

submitted (pre-review done at the terminal) -> received (受理) -> processing (办理中) ->
completed (办结); returned (退件, with a note) from received or processing. A counter's
system (the API) and staff on the dashboard move declarations through `move`, so both
follow the same chart and leave the same history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from central.models import Declaration, StatusChange

SUBMITTED = "submitted"
RECEIVED = "received"
PROCESSING = "processing"
COMPLETED = "completed"
RETURNED = "returned"
STATUSES = (SUBMITTED, RECEIVED, PROCESSING, COMPLETED, RETURNED)

ALLOWED: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({RECEIVED}),
    RECEIVED: frozenset({PROCESSING, RETURNED}),
    PROCESSING: frozenset({COMPLETED, RETURNED}),
    COMPLETED: frozenset(),
    RETURNED: frozenset(),
}


class StatusConflict(Exception):
    """The chart does not allow this move from the declaration's current status."""


class NoteRequired(ValueError):
    """A declaration is returned only with a note saying why (退件 must be explained)."""


def move(
    session: Session, declaration: Declaration, status: str, by: str, note: str, at: datetime
) -> StatusChange:
    """Move `declaration` to `status` and record it in its history, in `session`."""
    if status not in ALLOWED:
        raise ValueError(f"unknown status {status!r}")
    if status not in ALLOWED.get(declaration.status, frozenset()):
        raise StatusConflict(
            f"declaration {declaration.reference} is {declaration.status}: "
            f"it cannot become {status}"
        )
    if status == RETURNED and not note.strip():
        raise NoteRequired("a returned declaration needs a note saying why")
    declaration.status, declaration.updated_at = status, at
    change = StatusChange(
        declaration_id=declaration.id, status=status, at=at, by=by, note=note.strip()
    )
    session.add(change)
    return change
